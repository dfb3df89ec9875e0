// The analysis parses with its own node factory in php-parser: the tree must be the one php-parser
// builds itself with the same settings, node for node (kinds, fields, locations, prototypes),
// on whole files and on damaged ones (error recovery builds, swaps and drops nodes).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from 'php-parser';
import { parsePhp } from '../../../src/core/analysis/parse';
import { lexerSnippets, mirrorPhpFiles, phpFiles } from '../../support/phpSamples';

const repoRoot = path.resolve(__dirname, '../../../..');

/** Constructs the factory takes other paths for (lazy kinds, true/false/null, empty blocks, errors), escapes in strings, comments of every form. */
const snippets = [
  '<?php\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n  public function up(): void {}\n  public function down(): void { /* nothing */ }\n};\n',
  '<?php\n$a = true; $b = FALSE; $c = null; $d = \\true; if ($a) { } else { // only a comment\n}\n',
  '<?php\n#[Attr(1)] class A { public const X = 1 + 2 * 3 ** 4 ?? 5; public ?int $p = null; function f(int ...$x): static { return fn($y) => $y?->z[0]::$w; } }\n',
  '<?php\n$s = "a {$b->c} ${d} \\n" . <<<EOT\n  x $y\n  EOT . <<<\'N\'\n  raw\n  N;\nswitch ($x) { case 1: break; default: }\nmatch($x) { 1, 2 => 3, default => 4 };\n',
  '<?php\nfunction (',
  '<?php\nclass { public function up( { Schema::create(\'t\', function (Blueprint $t) { $t->id(',
  '<?php\n$a = \'plain\'; $b = \'it\\\'s \\\\ \\n\'; $c = "q \\" \\t \\x41 \\u{1F600} \\101 \\$"; $d = "plain";\n',
  '<?php\n# hash\n// line ?> text <?php /**/ $a /***/ = /** doc */ 1; /*\n * block\r\n */ $b = 2; #[A] // last',
  '<?php\n\t $a = 1;\t\r\n\r\n  \r $b /* open to the end',
  '<?php\n$a = 1; // no line break at the end',
  '<?php\n$a = 1; /*',
  '<?php\n$x = [1, 2,, 3]; list(, $a) = $b; $c = $d ? : $e; goto end; end: echo 1 ?>text<?= 2 ?>',
  // arguments: named (by words and keywords), spread, a keyword that is not a name
  '<?php\nf(name: 1, array: 2, fn: 3, class: 4, default: 5, ...$x); g(CONST_A, static::B, fn() => 1, list: [1], match: 2); h(a: ...$b); new C(readonly: 2);',
  '<?php\nf(name: ', '<?php\nf(array', '<?php\nf(class:',
];

function parsedBy(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    return { threw: String((error as Error).message) };
  }
}

describe('the analysis parser', () => {
  const stock = new Engine({
    parser: { extractDoc: false, suppressErrors: true, php8: true },
    ast: { withPositions: true, withSource: false },
    lexer: { all_tokens: false },
  } as any);
  const sameTree = (file: string, source: string) => {
    assert.deepStrictEqual(parsedBy(() => parsePhp(file, source)), parsedBy(() => stock.parseCode(source, file)), `${file}: ${JSON.stringify(source.slice(0, 80))}`);
  };

  it('builds the tree php-parser builds, on whole files and snippets', () => {
    const files = phpFiles(path.join(repoRoot, 'test/fixtures'));
    assert.ok(files.length > 10);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      // Line breaks of every kind: the lexer counts "\r\n" as one.
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), source.replace(/\r?\n/g, '\r')]) sameTree(file, text);
    }
    snippets.forEach((source, i) => sameTree(`snippet-${i}.php`, source));
    lexerSnippets.forEach((source, i) => sameTree(`lexer-snippet-${i}.php`, source));
  });

  it('builds the tree php-parser builds on the real applications\' migrations', function () {
    // Its work grows with the mirrors present (thousands of files), not a measure of speed.
    this.timeout(300_000);
    const files = mirrorPhpFiles((app) => app.folder);
    if (files.length === 0) console.log('      (no file: the real applications\' mirrors are missing)');
    for (const { name, source } of files) sameTree(name, source);
  });

  it('builds the tree php-parser builds on damaged files (cut anywhere, a character dropped)', () => {
    const sources = [...phpFiles(path.join(repoRoot, 'test/fixtures/laravel-app/database/migrations')).map((f) => readFileSync(f, 'utf8')), ...snippets];
    for (const source of sources) {
      const step = Math.max(1, Math.floor(source.length / 60));
      for (let at = 0; at < source.length; at += step) {
        sameTree('cut.php', source.slice(0, at));
        sameTree('dropped.php', source.slice(0, at) + source.slice(at + 1));
      }
    }
  });
});
