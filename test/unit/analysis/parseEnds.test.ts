// Texts on which php-parser 3.7.0 never returns, as a file being typed can be: the analysis
// must end on them (a hang freezes the editor, or a command forever). Each parse runs in a
// child process with a time limit, so that a regression fails here instead of hanging the suite.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const parseModule = path.resolve(__dirname, '../../../src/core/analysis/parse.js');

/** What parseMigration says of each text (its reading problems), or why it did not end. */
function problemsOf(texts: readonly string[]): string[][] {
  const script = `
    const { parseMigration } = require(${JSON.stringify(parseModule)});
    const texts = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    process.stdout.write(JSON.stringify(texts.map((t) => parseMigration('/m/2020_01_01_000000_x.php', t).parseProblems.map((p) => p.message))));`;
  const run = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(texts), timeout: 60_000, encoding: 'utf8' });
  assert.equal(run.signal, null, `the parse did not end within 60 s (killed: ${run.signal})`);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as string[][];
}

describe('analysis: every text is read to an end', function () {
  this.timeout(120_000);

  it('a file ending in `enum` or `enum Name`, or in an attribute followed by blanks, is read as far as it goes', () => {
    const texts = ['<?php\nenum', '<?php\nenum X', '<?php\nenum  Extends', '<?php\n#[A   ', '<?php\n#[A\r\n',
      "<?php\nreturn new class extends Migration { public function up() { Schema::create('a', fn ($t) => $t->id()); enum"];
    for (const [i, problems] of problemsOf(texts).entries()) {
      assert.ok(problems.length > 0, `${JSON.stringify(texts[i])}: a syntax error is expected`);
      assert.ok(problems.every((p) => /syntax error/.test(p)), `${JSON.stringify(texts[i])}: ${problems.join(' | ')}`);
    }
  });

  it('`namespace` typed inside a function body stops the parse with a syntax error instead of hanging', () => {
    const texts = ['<?php\nfunction f() { namespace', '<?php\nclass A { function up() { namespace; } }\n$a = 1;', '<?php\n{ namespace X'];
    for (const [i, problems] of problemsOf(texts).entries()) {
      assert.deepEqual(problems, ['php-parser went round in circles at line 2 and was stopped; the file is not read'], JSON.stringify(texts[i]));
    }
  });

  it('every keyword, and the starts of strings, comments and attributes, typed at the end of a file, in a body or at the top', () => {
    const { Engine } = require('php-parser') as typeof import('php-parser');
    const words = [...Object.keys((new Engine({}) as any).lexer.keywords as object), 'fn', 'enum', 'readonly', 'match', 'X', 'b'];
    const starts = ['#[', '#[A', '#[A(', '?->', '::', '$', '${', '"', "'", '`', '<<<EOT', "<<<'EOT'", '/*', '//', '?>', '( int', '0x', '1e', '\\'];
    const heads = ['<?php\n', '<?php\nclass A { function f() { ', '<?php\n$x = "', '<?php\n#['];
    const texts = heads.flatMap((h) => [...words, ...starts].flatMap((w) => ['', ' ', '\n', ' X', '('].map((t) => h + w + t)));
    assert.equal(problemsOf(texts).length, texts.length);
  });
});
