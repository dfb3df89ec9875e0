// The analysis's php-parser lexer takes the common tokens in one step (src/core/analysis/phpEngine.ts):
// after every token its state (token, text, offset, line and columns, conditions, queued tokens)
// must be the original lexer's, on tricky snippets, on damaged ones, and on every PHP file of
// the real applications' mirrors.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from 'php-parser';
import { useFastLexer } from '../../../src/core/analysis/phpEngine';
import { realApps } from '../../integration/realApps/apps';
import { mirrorOf, mirrorProblem } from '../../support/realApps';

const repoRoot = path.resolve(__dirname, '../../../..');
const options = {
  parser: { extractDoc: false, suppressErrors: true, php8: true },
  ast: { withPositions: true, withSource: false },
  lexer: { all_tokens: false },
};

/** Every place the fast path stops short of, or must look past: each against the original. */
export const lexerSnippets = [
  // blanks and line breaks of every kind, at the end too
  '<?php\r\n\t$a = 1;\r\n\r\n  \r $b\n\n\r\r\n',
  '<?php $a ',
  // words: keywords in any case, qualified names, yield (from), enum, b-strings, non-ASCII, a word at the end
  '<?php NAMESPACE App\\Models; use \\Foo\\{Bar, Baz}; namespace\\f(); Foo\\Bar::class; function f() { yield; yield from g(); YIELD  from h(); }',
  '<?php enum Suit: string { case A = "a"; } enum extends; $enum = enum; class enum {}',
  '<?php $x = b"bin $y"; $z = B\'raw\'; $b = b; échec(); $ünïcode = 1; $😀 = 2; f\u00a0g; Ab',
  '<?php\nclass A\r\n{\r\n  public function up()\r\n  {\r\n    Schema::table(\'t\', function (Blueprint $t) {\n      $t->string(\'x\')\n        ->nullable()\r\n        ?->y\n        -> z;\n    });\n  }\n}\n',
  // casts and parentheses
  '<?php $a = ( int )$b; $c = (string)$d; $e = (	float	) $f; $g = (integer\n) $h; $i = (boolean $j); $k = (unset)$l; $m = (object) []; $n = (Foo) $o; (\n$p); (\r\n$q); (a\n); (ab\r\n)',
  // variables and dollars
  '<?php $a$b; $$c; ${d}; $ $e; $1; $_; $a->b->c; $a?->b; $a::$b; $',
  // strings
  '<?php $a = \'it\\\'s\'; $b = "say \\"hi\\""; $c = "x $y z"; $d = "{$e}"; $f = "${g}"; $h = "\\$i"; $j = "$"; $k = "{ $l }"; $m = "a\r\nb"; $n = \'c\r\nd\'; $o = "\\\r\n"; $p = `ls $q`;',
  '<?php $s = "a {$b->c} ${d} \\n" . <<<EOT\n  x $y\n  EOT . <<<\'N\'\n  raw\n  N;\n$t = <<<"Q"\nq {$r}\nQ;\n',
  '<?php $a = \'not closed',
  '<?php $a = "not closed $b',
  '<?php $a = "not closed',
  '<?php $a = \'ends in a backslash\\',
  // numbers
  '<?php $a = [0, 1, 00, 007, 0x1A, 0X1a, 0b101, 0B1, 0o17, 0O7, 0x, 0b, 0o8, 1_000, 1__0, 1_.0, 1._0, 1e3, 1E-3, 1e+3, 1e, 1e_1, 1_e1, .5, 1.5, 1.5.5, 5., 123456789, 12345678, 99999999999999999999, 9223372036854775807, 0.0, 10a];',
  '<?php $a = 1',
  '<?php $a = 0',
  '<?php $a = 1.',
  '<?php $a = 7\r\n;',
  '<?php $a = 0\n;',
  // comments
  '<?php # hash\n// line ?> text <?php /**/ $a /***/ = /** doc */ 1; /*\n * block\r\n */ $b = 2; #[A] // last',
  '<?php /**\n * doc\n */ /** x*/ /**\r\n*/ /***/ /*/ */ /*\n*/ # ?> after\n<?php //\r\n#\r# \n',
  '<?php // no line break at the end',
  '<?php /* not closed',
  '<?php /** not closed',
  '<?php #',
  '<?php $a = 1; // comment ?> html',
  '<?php $a = 1 ?>\n<?= $b ?>\r\n<?php echo 2; ?>',
  // attributes
  '<?php #[Attr(1), Other] class A { #[\\Foo\\Bar(["a" => 1])] public function f(#[SensitiveParameter] $p) {} }',
  // punctuation and operators of every length
  '<?php $a = [1, 2,, 3]; list(, $a) = $b; $c = $d ? : $e; $f ??= $g ?? $h; $i <=> $j; $k **= 2 ** 3; $l .= "x" . "y"; f(...$m); $n === $o !== $p == $q != $r <> $s; $t <<= 1 >> 2 << 3 >>= 4; $u && $v || $w and $x or $y xor $z; @f(); ~$a; $a |> f(...); $b::c; \\d(); $e % 2 %= 3; $f ^= $g & $h | $i; $j /= 2 / 3; $k -= --$l - -1; $m += ++$n + +1; goto end; end: echo 1;',
  '<?php function f(?int $a = null, ?Foo $b = null): ?string { return $a ?-> b; } $c?\n->d;',
  // braces inside strings: the condition stack
  '<?php $a = "x{$b["k"]}y{$c->d}z"; $e = "${f}"; $g = "$h[0] $i[k] $j->k"; function l() { if (1) { {} } }',
  '<?php } } } { {',
  // short open tags, inline HTML, mixed line endings around tags
  'text before <?php echo 1 ?> between <?= 2; ?>\r\nafter',
  '<?php\n?>',
  '<?php',
  '',
  '<?php \u0000 \u007f \u0080',
];

function phpFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'vendor' || entry.name === 'node_modules' ? [] : phpFiles(file);
    return entry.name.endsWith('.php') ? [file] : [];
  });
}

/** Every .php file of each real application's mirror at its pinned commit, read straight from git. */
export function mirrorPhpFiles(): { name: string; source: string }[] {
  const files: { name: string; source: string }[] = [];
  for (const app of realApps) {
    if (mirrorProblem(app)) continue;
    const gitDir = mirrorOf(app);
    const paths = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', app.commit], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      .split('\n').filter((p) => p.endsWith('.php'));
    const batch = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: paths.map((p) => `${app.commit}:${p}\n`).join(''), maxBuffer: 1024 * 1024 * 1024 });
    let at = 0;
    for (const p of paths) {
      const headerEnd = batch.indexOf(10, at);
      const [, type, size] = batch.toString('utf8', at, headerEnd).split(' ');
      at = headerEnd + 1;
      if (type === 'blob') {
        files.push({ name: `${app.repo}/${p}`, source: batch.toString('utf8', at, at + Number(size)) });
        at += Number(size) + 1;
      }
    }
  }
  return files;
}

/** Everything of the lexer's state the parser or the lexer's next step reads. */
function stateOf(lexer: any, token: unknown): unknown {
  const heredoc = lexer.heredoc_label;
  return [token, lexer.yytext, lexer.offset, lexer.size, lexer.done, lexer.yylineno, lexer.yyprevcol, { ...lexer.yylloc }, lexer.curCondition, [...lexer.conditionStack],
    JSON.stringify(lexer.tokens), [heredoc.label, heredoc.length, heredoc.indentation, heredoc.indentation_uses_spaces, heredoc.finished, heredoc.first_encaps_node], lexer.aspTagMode, lexer.attributeIndex, JSON.stringify(lexer.attributeListDepth)];
}

/** The cheap part of stateOf, compared after every token (the whole of it is compared at the end and on a difference). */
function sameStep(a: any, b: any): boolean {
  const la = a.yylloc;
  const lb = b.yylloc;
  return a.yytext === b.yytext && a.offset === b.offset && a.yylineno === b.yylineno && a.yyprevcol === b.yyprevcol && a.done === b.done
    && la.first_offset === lb.first_offset && la.first_line === lb.first_line && la.first_column === lb.first_column
    && la.prev_offset === lb.prev_offset && la.prev_line === lb.prev_line && la.prev_column === lb.prev_column
    && la.last_line === lb.last_line && la.last_column === lb.last_column
    && a.curCondition === b.curCondition && a.conditionStack.length === b.conditionStack.length && a.tokens.length === b.tokens.length
    && a.heredoc_label.label === b.heredoc_label.label && a.heredoc_label.indentation === b.heredoc_label.indentation;
}

/** One token at a time from both lexers (every token: blanks and comments too), to the end or to an error. */
function sameTokens(expected: any, actual: any, name: string, source: string): void {
  const lex = (lexer: any) => {
    try {
      return lexer.lex();
    } catch (error) {
      return `threw ${(error as Error).message}`;
    }
  };
  for (const lexer of [expected, actual]) {
    lexer.setInput(source);
    lexer.all_tokens = true;
    // php-parser keeps the depth of attributes on its prototype, shared by every lexer, and
    // never resets it: each lexer gets its own, from zero, so that one does not move the other.
    lexer.attributeListDepth = {};
    lexer.attributeIndex = 0;
    lexer.charactersRead = 0;
    lexer.charactersAllowed = 20 * source.length + 100;
  }
  // Some damaged texts make the original return the same token forever, without moving (a
  // parser gives up on them): both lexers are compared up to twice as many tokens as characters.
  for (let i = 0; i <= 2 * source.length + 10; i++) {
    const want = lex(expected);
    const got = lex(actual);
    if (want !== got || !sameStep(expected, actual)) {
      assert.deepStrictEqual(stateOf(actual, got), stateOf(expected, want), `${name}, token ${i} at ${expected.yylloc.first_offset}: ${JSON.stringify(source.slice(Math.max(0, expected.yylloc.first_offset - 40), expected.offset + 40))}`);
    }
    if (want === expected.EOF || typeof want === 'string' && want.startsWith('threw ')) break;
  }
  assert.deepStrictEqual(stateOf(actual, 'end'), stateOf(expected, 'end'), name);
}

/**
 * php-parser 3.7.0 loops forever on a few texts cut short (`enum` or `#[A ` at the very end):
 * past a number of characters read, both lexers throw instead, at the same token.
 */
function stopWhenStuck(lexer: any): any {
  const input = lexer.input;
  lexer.input = function (this: any) {
    if (++this.charactersRead > this.charactersAllowed) throw new Error('stuck');
    return input.call(this);
  };
  return lexer;
}

describe('the analysis lexer', () => {
  const stock = stopWhenStuck((new Engine(options as any) as any).lexer);
  const fastEngine = new Engine(options as any);
  useFastLexer(fastEngine);
  const fast = stopWhenStuck((fastEngine as any).lexer);
  const sameStates = (name: string, source: string) => sameTokens(stock, fast, name, source);

  it('is set up on this php-parser (a change of version keeps the original)', () => {
    assert.notEqual(fast.matchST_IN_SCRIPTING, stock.matchST_IN_SCRIPTING);
    assert.equal(Object.getPrototypeOf(fast), Object.getPrototypeOf(stock));
  });

  it('leaves the state the original leaves, token after token, on tricky snippets and their line-break variants', () => {
    lexerSnippets.forEach((source, i) => {
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), source.replace(/\r?\n/g, '\r')]) sameStates(`snippet ${i}`, text);
    });
  });

  it('leaves the state the original leaves on damaged snippets (cut anywhere, a character dropped)', () => {
    for (const source of lexerSnippets) {
      for (let at = 0; at < source.length; at++) {
        sameStates('cut', source.slice(0, at));
        sameStates('dropped', source.slice(0, at) + source.slice(at + 1));
      }
    }
  });

  it('leaves the state the original leaves on every PHP file of the fixtures and of the real applications\' mirrors', function () {
    const files = [...phpFiles(path.join(repoRoot, 'test/fixtures')).map((f) => ({ name: f, source: readFileSync(f, 'utf8') })), ...mirrorPhpFiles()];
    if (files.length < 1000) console.log(`      (${files.length} files: the real applications' mirrors are missing)`);
    for (const { name, source } of files) sameStates(name, source);
  });
});
