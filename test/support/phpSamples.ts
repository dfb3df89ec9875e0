// PHP texts the parsing engine is compared with php-parser on (test/unit/analysis/phpLexer and
// parseEngine tests): snippets written for the places its fast paths end, and the real
// applications' PHP, read from their mirrors at test time (never copied here).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { realApps } from '../integration/realApps/apps';
import { mirrorOf, mirrorProblem } from './realApps';

/** Every place the lexer's fast path stops short of, or must look past. */
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
  '<?php f(a\r\n); f(a\r); f(ab\n); f(abc); f(a); f(x)(y); ($a); (\'s\'); (1); (); ((int) $a); (Int)$b; (INT )$c; (function () {}); (static fn() => 1); (a', '<?php (ab', '<?php (', '<?php ( ',
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

/** Every .php file of each real application's mirror at its pinned commit, read straight from git. */
export function mirrorPhpFiles(folder?: (app: typeof realApps[number]) => string): { name: string; source: string }[] {
  const files: { name: string; source: string }[] = [];
  for (const app of realApps) {
    if (mirrorProblem(app)) continue;
    const gitDir = mirrorOf(app);
    const paths = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', app.commit, ...(folder ? ['--', folder(app)] : [])], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
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

/** The .php files below a folder (vendor and node_modules left out). */
export function phpFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'vendor' || entry.name === 'node_modules' ? [] : phpFiles(file);
    return entry.name.endsWith('.php') ? [file] : [];
  });
}
