// The fast parser of migration-shaped PHP (src/core/analysis/phpFastParser.ts) either declines a
// text or builds the very tree php-parser 3.7.0 builds with the engine's settings: kinds, fields,
// values, locations and prototypes, compared node for node. And the analysis of a migration is
// the same whichever of the two parsed it. Compared on the fixtures, on snippets written for its
// edges (damaged, half-typed, every kind of line break, comments everywhere), and on the real
// applications' PHP where their mirrors are present (CI has none: those cases then check nothing).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from 'php-parser';
import { parseMigration } from '../../../src/core/analysis/parse';
import { fastParsePhp, useFastParser } from '../../../src/core/analysis/phpEngine';
import { lexerSnippets, mirrorPhpFiles, phpFiles } from '../../support/phpSamples';

const repoRoot = path.resolve(__dirname, '../../../..');

/** A migration as the status bench writes them, and as most real ones are. */
const benchMigration = `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up()\n    {\n        Schema::table('bench_t001', function (Blueprint $table) {\n            $table->string('c101', 20)->nullable();\n        });\n    }\n\n    public function down()\n    {\n    }\n};\n`;

/** Texts the fast parser reads (the test fails if it declines one): each must give php-parser's tree. */
const readSnippets = [
  benchMigration,
  benchMigration.replace(/\n/g, '\r\n'),
  benchMigration.replace(/\n/g, '\r'),
  // comments everywhere, odd blanks, unicode
  "<?php\t/* a */ use /* b */ A\\B /* c */ ; // d\r\n# e\n/** f */ return /* g */ new /* h */ class /* i */ extends /* j */ Migration /* k */ { /* l */ public /* m */ function /* n */ up /* o */ ( /* p */ ) /* q */ { /* r */ Schema /* s */ :: /* t */ create /* u */ ( 'ü😀' /* v */ , /* w */ fn /* x */ ( $t ) => $t /* y */ ->id ( ) ) ; } } ;\n",
  "<?php\n\n\n   \t\n  $a   =\t\t'x'\r\n\r\n;\n\n",
  // a named class, properties, static and typed methods, the Schema builder's usual calls
  "<?php\nuse Illuminate\\Support\\Facades\\DB, Illuminate\\Support\\Facades\\Schema;\nclass CreateUsersTable extends Migration\n{\n    protected $connection = 'mysql';\n    public static $a = 1, $b = [1, 2,];\n    private $c;\n    public function up(): void\n    {\n        Schema::connection($this->connection)->create('users', static function (Blueprint $table): void {\n            $table->bigIncrements('id');\n            $table->string('email')->unique()->nullable(true)->default(null)->comment(\"it's\");\n            $table->decimal('amount', 8, 2)->default(-0.5);\n            $table->enum('e', ['a' => 1, 'b', ]);\n        });\n    }\n    public static function down(?string $x = null, array $y = [], \\Foo\\Bar $z = NULL, self $s = null): ?Blueprint\n    {\n        return;\n    }\n}\n",
  "<?php\nclass A extends Migration\n{\n    protected $connection = 'mysql';\n    public function up()\n    {\n        Schema::table('t', function (Blueprint $table) {\n            $table->string('a');\n        });\n    }\n}\n",
  // ?->, named arguments (keywords too), trailing commas, nested closures, arrow functions
  "<?php\n$x?->y?->z();\n$table->foreignId('user_id')->constrained(table: 'users', column: 'id', indexName: null,)->cascadeOnDelete();\nf(default: 1, array: 2, class: 3, fn: fn($a) => fn($b) => $a . $b, static: static fn() => 1);\nSchema::create('a', function (Blueprint $t) use ($x, $y,) { $t->id(); Schema::table('b', function ($u) use ($t) { $u->id(); }); });\n",
  // operators, precedence, unary, ternaries, parentheses, assignments
  "<?php\n$a = 'a' . 'b' . 'c';\n'a' . 'b' . 'c';\n$b = 1 + 2 * 3 - 4 / 5 % 6;\n$c = !$d && $e || $f ?? $g;\n$h = $i ? $j : ($k ?: $l);\n$m = -1 + +2 - -$n;\n$o .= 'x'; $p += 1; $q -= 1; $r *= 2; $s /= 2; $t ??= 3;\n$u++; $v--;\n$w = ($x === $y) !== ($z == 1) != (1 < 2) || 3 > 4 && 5 <= 6 && 7 >= 8;\n$z = (($a));\n($a)->b();\n$x = $y = 1;\n!$a && $b . 'c' . 'd';\n-$a * 2;\n",
  // names, constants, literals
  "<?php\nuse A\\B as C, D, E\\F,;\n$a = [true, FALSE, Null, \\true, PHP_EOL, \\PHP_EOL, A\\B, self::X, parent::Y, Foo::class, $x::class, Foo::$bar, Foo::default(), f(), \\g(), parent::f(), self::f()];\n$b = [0, 007, 12345678, 123456789, 99999999999999999999, 1.5, 0.0];\n$c = ['it\\'s', \"say \\\"hi\\\"\", 'back\\\\slash', \"tab\\t\\101\\x41\", \"\\$x\", '$y', '{$z}', 'é'];\n$d = new Foo; $e = new \\Foo\\Bar(1, 2); $f = new self(); $g = new class(1) extends Base {}; $h = new class { public function f() {} };\n",
  "<?php\nnamespace App\\Database;\nuse X;\nreturn new class extends \\Illuminate\\Database\\Migrations\\Migration { };\n",
  "<?php\nnamespace App;\n$a = 1;\nnamespace Other;\n$b = 2;\n",
  // statements
  "<?php\nif ($a) { $b(); } elseif ($c) { } else if ($d) $e(); else { ; }\nforeach ($rows as $key => $row) { $row->x = 1; }\nforeach ($this->list() as $row) $row->y();\n{ $z = 1; }\n;;\nreturn;\n",
  "<?php\n$f = function () { return 1; };\n$g = fn(): ?int => null;\n$h = function (): \\Foo { };\n",
  "<?php\n$a->b\n->c\r\n?->d(\n)\n;\n$e\n->\nf();\n$g -> h ();\n",
  "<?php\n",
  "<?php\n// only a comment",
  // declare, class constants, try/catch/finally, throw
  "<?php\n\ndeclare(strict_types=1);\n\nreturn new class extends Migration {\n    private const TABLE = 'a', OTHER = self::TABLE . '_b';\n    const X = 1;\n    public function up(): void {\n        try {\n            Schema::create(self::TABLE, function (Blueprint $table) { $table->id(); });\n        } catch (QueryException $e) {\n            app('log')->error(sprintf('Could not create table \"%s\": %s', self::TABLE, $e->getMessage()));\n        } catch (\\Exception $e) {\n            throw new \\RuntimeException('no', 0, $e);\n        } finally {\n            $x = 1;\n        }\n        try { } catch (Throwable) { }\n    }\n};\n",
  "<?php\ndeclare(strict_types=1, ticks=1);\n",
];

/** Texts the fast parser declines (the test fails if it reads one): errors, and what it leaves to php-parser. */
const declinedSnippets = [
  // half-typed or broken texts
  "<?php\nreturn new class extends Migration {\n    public function up() {\n        Schema::create('t', function (Blueprint $table) {\n            $table->",
  "<?php\nreturn new class extends Migration {\n    public function up() {\n        Schema::create('t', function (Blueprint $table) {\n            $table->string('a')\n        });\n    }\n};\n",
  "<?php\nreturn new class extends Migration {\n    public function up() {\n        Schema::create('t', function (Blueprint $table) {\n            $table->string('a');\n        \n    }\n};\n",
  "<?php\nreturn new class extends Migration {\n    public function up() {\n        Schema::create('t', function (Blueprint $table) {\n            $table->string('a', );\n            $table->string(, 'b');\n        });\n    }\n};\n",
  "<?php\n$a = [1,, 2];",
  "<?php\nf(1,, 2);",
  "<?php\n$b = [, 1];",
  "<?php\n$a = 'not closed",
  "<?php\n$a = 1; /* not closed",
  "<?php\n$a = 1\n",
  "<?php\n}\n",
  "<?php\nuse A, ;",
  // what php-parser alone reads
  "<?php\n$a = 1; // ?> html",
  "<?php\n$a = 1; ?>\n",
  "<?php\n$a = (int) $b;",
  "<?php\n$c = ( string )$d;",
  "<?php\n$a = \"x $y\";",
  "<?php\n$b = \"{$c}\";",
  "<?php\n$d = <<<EOT\nx\nEOT;\n",
  "<?php\n$e = `ls`;",
  "<?php\n#[Attr] class A {}\n",
  "<?php\nenum E {}\n",
  "<?php\nif ($a): $b(); endif;",
  "<?php\nforeach ($a as $b): endforeach;",
  "<?php\nwhile (1) {}",
  "<?php\nlabel: $a;",
  "<?php\n!$a instanceof B;",
  "<?php\nfunction () {};",
  "<?php\n$a = static::Z;",
  "<?php\nnamespace\\f();",
  "<?php\nuse Illuminate\\Support\\Facades\\{DB, Schema};",
  "<?php\n$t /* y */ -> /* z */ id();",
  "<?php\n$x = 0x1F;", "<?php\n$x = 1e3;", "<?php\n$x = 1_000;", "<?php\n$x = .5;", "<?php\n$x = 5.;",
  "<?php\n$a = \"{\";", "<?php\n$a = \"\\u{1F600}\";",
  "<?php\n$a = $b->{'c'};", "<?php\ndeclare(ticks=1) { }", "<?php\ndeclare(ticks=1): enddeclare;", "<?php\nclass A { const string X = 'a'; }", "<?php\nclass A { static const X = 1; }",
  "<?php\ntry { } catch (A | B $e) { }", "<?php\n$a = $b[0];", "<?php\n$a = &$b;", "<?php\nf(...$a);",
  "<?PHP\n$a;",
  "<?php",
  "",
  "text <?php $a;",
];

describe('the fast parser of migration-shaped PHP', () => {
  const stock = new Engine({
    parser: { extractDoc: false, suppressErrors: true, php8: true },
    ast: { withPositions: true, withSource: false },
    lexer: { all_tokens: false },
  } as any);
  let accepted = 0;
  let offered = 0;
  /** Whenever the fast parser accepts the text, its tree is php-parser's; returns whether it accepted. */
  const sameOrDeclined = (name: string, source: string): boolean => {
    offered++;
    const fast = fastParsePhp(source);
    if (!fast) return false;
    accepted++;
    assert.deepStrictEqual(fast, stock.parseCode(source, name), `${name}: ${JSON.stringify(source.slice(0, 120))}`);
    return true;
  };
  /** parseMigration gives the same result from either parser. */
  const sameAnalysis = (name: string, source: string) => {
    const fast = parseMigration(name, source);
    const previous = useFastParser(false);
    try {
      assert.deepStrictEqual(fast, parseMigration(name, source), name);
    } finally {
      useFastParser(previous);
    }
  };

  it('reads what the status bench and most migrations are made of', () => {
    // Not declining these is the point of the fast parser: the bench's files and ordinary migrations.
    readSnippets.forEach((source, i) => assert.ok(sameOrDeclined(`read-${i}.php`, source), `declined: ${JSON.stringify(source.slice(0, 120))}`));
  });

  it('declines what it does not read: syntax errors, interpolation, heredocs, casts, attributes, short forms, other tags', () => {
    declinedSnippets.forEach((source) => assert.equal(fastParsePhp(source), undefined, `accepted: ${JSON.stringify(source.slice(0, 80))}`));
  });

  it('matches php-parser where it shares a location and then moves it (a statement\'s `;` reaches its last operand)', () => {
    // php-parser's precedence resolution gives `'a' . 'b' . 'c'` the end of its last operand, the
    // same object, and the statement's `;` then moves that end: the string 'c' ends after the `;`.
    const source = "<?php\n'a' . 'b' . 'c';\n";
    const fast = fastParsePhp(source) as any;
    assert.ok(fast);
    const c = fast.children[0].expression.right;
    assert.equal(c.value, 'c');
    assert.equal(c.loc.end.offset, source.length - 1);
    assert.deepStrictEqual(fast, stock.parseCode(source, 'shared.php'));
  });

  it('builds php-parser\'s tree on the fixtures, the snippets and the lexer\'s snippets, with every kind of line break', () => {
    for (const file of phpFiles(path.join(repoRoot, 'test/fixtures'))) {
      const source = readFileSync(file, 'utf8');
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), source.replace(/\r?\n/g, '\r')]) sameOrDeclined(file, text);
    }
    [...readSnippets, ...declinedSnippets].forEach((source, i) => {
      for (const text of [source, source.replace(/\r?\n/g, '\r\n'), source.replace(/\r?\n/g, '\r')]) sameOrDeclined(`snippet-${i}.php`, text);
    });
    lexerSnippets.forEach((source, i) => sameOrDeclined(`lexer-snippet-${i}.php`, source));
  });

  it('builds php-parser\'s tree on damaged texts (cut anywhere, a character dropped or doubled)', function () {
    // Some 6,000 texts parsed twice: 10-16 s on a loaded machine, not a measure of speed.
    this.timeout(300_000);
    const sources = [...phpFiles(path.join(repoRoot, 'test/fixtures/laravel-app/database/migrations')).map((f) => readFileSync(f, 'utf8')), ...readSnippets];
    for (const source of sources) {
      const step = Math.max(1, Math.floor(source.length / 80));
      for (let at = 0; at < source.length; at += step) {
        sameOrDeclined('cut.php', source.slice(0, at));
        sameOrDeclined('dropped.php', source.slice(0, at) + source.slice(at + 1));
        sameOrDeclined('doubled.php', source.slice(0, at + 1) + source.slice(at));
      }
    }
  });

  it('analyses each fixture migration as php-parser\'s tree does', () => {
    const files = phpFiles(path.join(repoRoot, 'test/fixtures')).filter((f) => f.includes(`${path.sep}migrations${path.sep}`));
    assert.ok(files.length > 10);
    let read = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      if (fastParsePhp(source)) read++;
      sameAnalysis(file, source);
    }
    console.log(`      fixtures' migrations read by the fast parser: ${read}/${files.length}`);
    [...readSnippets, ...declinedSnippets].forEach((source, i) => sameAnalysis(`2020_01_01_000000_snippet_${i}.php`, source));
  });

  it('builds php-parser\'s tree and the same analysis on the real applications\' migrations and PHP', function () {
    // Its work grows with the mirrors present (thousands of files), not a measure of speed.
    this.timeout(600_000);
    const migrations = mirrorPhpFiles((app) => app.folder);
    if (migrations.length === 0) {
      console.log('      (no file: the real applications\' mirrors are missing)');
      return;
    }
    const rates = new Map<string, [number, number]>();
    for (const { name, source } of migrations) {
      const app = name.split('/').slice(0, 2).join('/');
      const rate = rates.get(app) ?? [0, 0];
      rate[1]++;
      if (sameOrDeclined(name, source)) rate[0]++;
      rates.set(app, rate);
      sameAnalysis(name, source);
    }
    for (const [app, [read, all]] of rates) console.log(`      ${app} migrations read by the fast parser: ${read}/${all}`);
    let read = 0;
    const all = mirrorPhpFiles();
    for (const { name, source } of all) if (sameOrDeclined(name, source)) read++;
    console.log(`      all their PHP: ${read}/${all.length}`);
  });

  after(() => console.log(`      (${accepted} of ${offered} texts read by the fast parser, each the tree php-parser built)`));
});
