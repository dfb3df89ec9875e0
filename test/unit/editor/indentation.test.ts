import * as assert from 'node:assert/strict';
import { MigrationProject } from '../../../src/core/analysis/project';
import { rules } from '../../../src/core/analysis/rules';
import { indentUnit, indentedAsFile } from '../../../src/editor/indentation';

/** A migration whose down() does not drop what up() creates, indented with `unit`. */
function migration(unit: string): string {
  const i = (level: number) => unit.repeat(level);
  return `<?php\n\nuse Illuminate\\Support\\Facades\\Schema;\n\n/**\n * A docblock.\n */\nreturn new class extends Migration\n{\n${i(1)}public function up(): void\n${i(1)}{\n`
    + `${i(2)}Schema::create('a', function ($t) {\n${i(3)}$t->id();\n${i(2)}});\n${i(1)}}\n\n${i(1)}public function down(): void\n${i(1)}{\n${i(2)}Log::info('irreversible');\n${i(1)}}\n};\n`;
}

/** The "Make down() undo what up() does" fix of `source`, applied as the code-action builder writes it. */
function fixed(source: string): string {
  const project = new MigrationProject();
  const file = '/app/database/migrations/2020_01_01_000000_create_a_table.php';
  project.setFile(file, source);
  const finding = project.analyze({ rules: rules.filter((r) => r.id === 'down-not-inverse') }).findings[0];
  const edit = finding?.fixes?.[0]?.edits[0];
  assert.ok(edit, 'the fix is offered');
  return source.slice(0, edit.range.start.offset) + indentedAsFile(edit.newText, source, edit.range.start.line) + source.slice(edit.range.end.offset);
}

describe("the down() quick fix follows the file's indentation", () => {
  it('tabs in a file indented with tabs', () => {
    assert.match(fixed(migration('\t')), /\tpublic function down\(\): void\n\t\{\n\t\tSchema::dropIfExists\('a'\);\n\t\}\n\};/);
  });

  it('its own width of spaces: 2 and 4', () => {
    assert.match(fixed(migration('  ')), /\n  public function down\(\): void\n  \{\n    Schema::dropIfExists\('a'\);\n  \}\n\};/);
    assert.match(fixed(migration('    ')), /\n    public function down\(\): void\n    \{\n        Schema::dropIfExists\('a'\);\n    \}\n\};/);
  });

  it('the unit: docblock lines and blank lines do not count; a file with no indented line gets 4 spaces', () => {
    assert.equal(indentUnit(migration('\t')), '\t');
    assert.equal(indentUnit(migration('  ')), '  ');
    assert.equal(indentUnit('<?php\n/**\n * x\n */\n'), '    ');
    assert.equal(indentedAsFile("'one line'", '\tx', 0), "'one line'");
  });
});
