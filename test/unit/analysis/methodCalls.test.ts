import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import { analyzeProject } from '../../../src/core/analysis/project';
import { rules } from '../../../src/core/analysis/rules';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { guardText } from './inlineMigrations';

/** A migration class with the given up() body and other members. */
function migration(up: string, members: string, down = ''): MigrationFile {
  const src = `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n`
    + `return new class extends Migration {\n  public function up(): void {\n${up}\n  }\n  public function down(): void {\n${down}\n  }\n${members}\n};\n`;
  return parseMigration('2020_01_01_000000_x.php', src);
}

/** Each operation's kind, table and Blueprint methods with their arguments. */
function opsOf(f: MigrationFile): unknown[] {
  return f.up.operations.map((o) => [o.kind, o.table.name, ...(o.blueprint ?? []).map((s) => s.chain.map((c) => `${c.method}(${c.args.map((a) => JSON.stringify(a)).join(', ')})`).join('->'))]);
}

function unknownOf(f: MigrationFile): unknown[] {
  return [...f.up.unknown.map((u) => u.reason), ...f.up.operations.filter((o) => o.blueprintUnknown).map((o) => `${o.table.name}: ${o.blueprintUnknown}`)];
}

describe('analysis: calls of the migration class\'s own methods', () => {
  it('reads a method called with literal arguments, its parameters holding them', () => {
    const f = migration("    $this->make('posts', 'title');\n    $this->make('tags', 'label', 40);",
      "  private function make(string $name, string $column, int $length = 100): void {\n    Schema::create($name, function (Blueprint $t) use ($column, $length) { $t->id(); });\n  }");
    assert.deepEqual(opsOf(f), [['create', 'posts', 'id()'], ['create', 'tags', 'id()']]);
    assert.deepEqual(unknownOf(f), []);
    // Each table literal is the argument at its call: a quick fix there edits that call only.
    assert.deepEqual(f.up.operations.map((o) => o.table.range.start.line), [6, 7]);
  });

  it('reads self:: and static:: calls like $this-> calls', () => {
    const f = migration('    self::first();\n    static::second();',
      "  private static function first(): void { Schema::create('a', fn (Blueprint $t) => $t->id()); }\n  private static function second(): void { Schema::drop('b'); }");
    assert.deepEqual(opsOf(f), [['create', 'a', 'id()'], ['drop', 'b']]);
  });

  it('reads a method given the Blueprint inside a closure, its chains read with the arguments given', () => {
    const f = migration("    Schema::create('posts', function (Blueprint $table) {\n      $table->id();\n      $this->columns($table, 'title');\n      $table->timestamps();\n    });",
      "  protected function columns(Blueprint $t, string $name, int $length = 80): void {\n    $t->string($name, $length)->nullable();\n    $this->index($t);\n  }\n  private function index($blueprint): void { $blueprint->index('id', 'posts_id_index'); }");
    assert.deepEqual(opsOf(f), [['create', 'posts', 'id()', 'string("title", 80)->nullable()', 'index("id", "posts_id_index")', 'timestamps()']]);
    assert.deepEqual(unknownOf(f), []);
  });

  it('runs a method up to its first return, whose value is still evaluated', () => {
    const f = migration('    $this->make();',
      "  private function make() {\n    Schema::create('a', fn (Blueprint $t) => $t->id());\n    return Schema::create('b', fn (Blueprint $t) => $t->id());\n    Schema::create('never', fn (Blueprint $t) => $t->id());\n  }");
    assert.deepEqual(opsOf(f).map((o) => (o as string[])[1]), ['a', 'b']);
    assert.deepEqual(unknownOf(f), []);
  });

  it('a return inside a condition or a loop ends the method, not its caller: only what follows it in the method may not run', () => {
    const f = migration("    $this->maybe();\n    $this->column();\n    $this->loop(['a', 'b']);\n    $this->timed();\n    Schema::create('after', fn (Blueprint $t) => $t->id());",
      ["  private function maybe(): void { if (Schema::hasTable('t')) { return; } Schema::create('t', fn ($t) => $t->id()); }",
        "  private function column(): void { if (! Schema::hasColumn('u', 'c')) { return; } Schema::table('u', fn (Blueprint $t) => $t->dropColumn('c')); }",
        "  private function loop(array $xs): void { foreach ($xs as $x) { if ($x === strtolower('B')) { return; } } Schema::drop('d'); }",
        "  private function timed(): void { if (time() > 0) { return; } Schema::table('v', fn (Blueprint $t) => $t->string('s')); }"].join('\n'));
    const seen = f.up.operations.map((o) => [o.kind, o.table.name, o.guards.map((g) => `${g.requiresExisting ? '' : '!'}${g.table}`).join(),
      o.conditional ?? '', (o.blueprint ?? []).map((s) => (s.when ?? []).map(guardText).join()).join()]);
    assert.deepEqual(seen, [
      ['create', 't', '!t', '', ''],
      ['table', 'u', '', '', 'u.c'],
      ['drop', 'd', '', 'condition', ''],
      ['table', 'v', '', 'condition', ''],
      ['create', 'after', '', '', ''],
    ]);
    assert.deepEqual(unknownOf(f), []);
  });

  it('a method that checks the schema first, then only works on rows, changes nothing (2FAuth backfillLegacyAssignments)', () => {
    const body = "    if (! Schema::hasColumn('twofaccounts', 'group_id')) {\n      return;\n    }\n    $now = now();\n"
      + "    DB::table('twofaccounts as t')->join('groups as g', 'g.id', '=', 't.group_id')->select(['t.id as twofaccount_id', DB::raw('COALESCE(t.group_id, 0) as group_id')])\n"
      + "      ->orderBy('t.id')->chunk(500, function ($rows) use ($now) {\n        $payload = [];\n"
      + "        foreach ($rows as $row) { $payload[] = ['twofaccount_id' => (int) $row->twofaccount_id, 'group_id' => (int) $row->group_id, 'created_at' => $now]; }\n"
      + "        DB::table('assignments')->upsert($payload, ['twofaccount_id'], ['group_id']);\n      });";
    const create = "    Schema::create('assignments', function (Blueprint $table) { $table->id(); $table->unsignedInteger('group_id'); });\n";
    // Read where it is called; and, called so that it cannot be read (an argument that is no literal), known harmless.
    for (const [call, signature] of [['$this->backfill();', 'backfill(): void'], ["$this->backfill(strtolower('X'));", 'backfill(string $unused): void']]) {
      const f = migration(`${create}    ${call}`, `  private function ${signature} {\n${body}\n  }`);
      assert.deepEqual(opsOf(f), [['create', 'assignments', 'id()', 'unsignedInteger("group_id")']], call);
      assert.deepEqual(unknownOf(f), [], call);
    }
    // Inspecting is harmless; what may change a structure is not, however it is written.
    const odd = (members: string) => unknownOf(migration("    $this->odd(strtolower('X'));", members));
    const notLiteral = ['$this->odd() call, which cannot be read: the value of $t is not a literal, a variable holding one, or the Blueprint passed on'];
    for (const reach of ["Schema::whenTableHasColumn('a', 'b', fn ($x) => $x->dropColumn('b'));", "Schema::hasColumn('a', 'b') && Schema::drop('a');",
      "Schema::getConnection()->statement('drop table a');", "DB::statement(DB::raw('drop table a'));", "Schema :: hasColumn('a', 'b') || Schema::table('a', fn ($x) => $x->id());"]) {
      assert.deepEqual(odd(`  private function odd(string $t): void { if (! Schema::hasColumn('a', $t)) { return; } ${reach} }`), notLiteral, reach);
    }
  });

  it('a method that cannot be read but only alters tables it names with Schema::table() may change those tables, no other', () => {
    const reach = (members: string, uses = '') => {
      const f = parseMigration('2020_01_01_000000_x.php', `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\n`
        + `use Illuminate\\Support\\Facades\\Schema;\n${uses}return new class extends Migration {\n  public function up(): void {\n    $this->add(strtolower('X'));\n  }\n${members}\n};\n`);
      assert.deepEqual(f.up.unknown.map((u) => u.reason), ['$this->add() call, which cannot be read: the value of $c is not a literal, a variable holding one, or the Blueprint passed on'], members);
      return f.up.unknown[0].anyTable ? 'any' : f.up.unknown[0].sqlTables;
    };
    const alias = 'use Illuminate\\Support\\Facades\\Schema as S;\n';
    assert.deepEqual(reach("  private function add(string $c): void { Schema::table('posts', fn (Blueprint $t) => $t->string($c)->nullable()); }"), ['posts']);
    // Through own methods, recursion and the facade under another name; asking the schema and rows are harmless.
    assert.deepEqual(reach("  private function add(string $c, int $n = 1): void {\n    if (! Schema::hasColumn('posts', $c)) { return; }\n"
      + "    S::table('posts', function (Blueprint $table) use ($c) { $table->string($c); $table->index([$c]); });\n"
      + "    DB::table('posts')->update([$c => 'x']);\n    if ($n > 0) { $this->add($c, $n - 1); }\n    $this->more();\n  }\n"
      + "  private function more(): void { Schema::table('tags', fn ($b) => $b->dropColumn('old')); }", alias), ['posts', 'tags']);
    // What may make, remove or rename a table, or reach one in any other way: any table.
    for (const body of [
      "Schema::table('posts', fn (Blueprint $t) => $t->rename($c));", "Schema::table('posts', fn (Blueprint $t) => $t->drop());",
      "Schema::table('posts', function (Blueprint $t) { $x = $t; $x->rename('q'); });", "Schema::table('posts', function (Blueprint $t) { helper($t); });",
      "Schema::table('posts', function (Blueprint $t) { $t->{'rename'}('q'); });", "Schema::table($c, function (Blueprint $t) { $t->id(); });",
      "Schema::table('posts', function (Blueprint $t) { $t->id(); Schema::table('q', fn ($u) => $u->id()); });",
      "Schema::table('posts', function (Blueprint $t) { DB::statement('drop table q'); });", "Schema::create('n', fn (Blueprint $t) => $t->id());",
      "Schema::table('posts', fn (Blueprint $t) => $t->id()); S::drop('z');", "Schema::connection('other')->table('posts', fn (Blueprint $t) => $t->id());",
      "Schema::table('posts', fn (Blueprint $t) => $t->id()); $this->inherited();",
    ]) assert.equal(reach(`  private function add(string $c): void { ${body} }`, alias), 'any', body);
  });

  it('a method calling the facades under another name reaches a schema, even when it cannot be read', () => {
    const f = parseMigration('2020_01_01_000000_x.php', "<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Support\\Facades\\Schema as S;\nuse Illuminate\\Support\\Facades\\DB as D;\n"
      + "return new class extends Migration {\n  public function up(): void {\n    $this->gone(strtolower('X'));\n    $this->raw(strtolower('X'));\n  }\n"
      + "  private function gone(string $unused): void { S::drop('posts'); }\n  private function raw(string $unused): void { D::statement('drop table tags'); }\n};\n");
    assert.deepEqual(f.up.unknown.map((u) => [u.reason, u.anyTable]), [
      ['$this->gone() call, which cannot be read: the value of $unused is not a literal, a variable holding one, or the Blueprint passed on', true],
      ['$this->raw() call, which cannot be read: the value of $unused is not a literal, a variable holding one, or the Blueprint passed on', true],
    ]);
  });

  it('binds variables holding literals, properties and arrays; foreach over a bound array is unrolled', () => {
    const f = migration("    $table = 'users';\n    $this->drop($table, $this->others);",
      "  private $others = ['x', 'y'];\n  private function drop(string $first, array $rest): void {\n    Schema::drop($first);\n    foreach ($rest as $t) { Schema::drop($t); }\n  }");
    assert.deepEqual(opsOf(f), [['drop', 'users'], ['drop', 'x'], ['drop', 'y']]);
  });

  it('leaves unknown, saying why, what PHP may run otherwise', () => {
    const cases: [string, string, string][] = [
      ["$this->inherited('a');", '', "$this->inherited() call, which cannot be read: the migration class does not declare it (an inherited or trait method may do anything)"],
      ['$this->again(1);', "  private function again(int $n): void { Schema::drop('t'); if ($n > 0) { $this->again($n - 1); } }",
        '$this->again() call, which cannot be read: it is called again while it runs (again -> again)'],
      ['$this->loop();', "  private function loop(): void { Schema::drop('t'); $this->loop(); }",
        '$this->loop() call, which cannot be read: it is called again while it runs (loop -> loop)'],
      ['$this->named(strtolower(\'A\'));', "  private function named(string $t): void { Schema::drop($t); }",
        '$this->named() call, which cannot be read: the value of $t is not a literal, a variable holding one, or the Blueprint passed on'],
      ["$this->extra('a', $this->other());", "  private function extra(string $t): void { Schema::drop($t); }\n  private function other(): void { Schema::drop('b'); }",
        '$this->extra() call, which cannot be read: the value of #2 is not a literal, a variable holding one, or the Blueprint passed on'],
      ["$this->twice('a', t: 'b');", "  private function twice(string $t): void { Schema::drop($t); }",
        '$this->twice() call, which cannot be read: the value of t is not a literal, a variable holding one, or the Blueprint passed on'],
      ['$this->needs();', "  private function needs(string $t): void { Schema::drop($t); }",
        '$this->needs() call, which cannot be read: nothing is passed for $t, which has no default'],
      ["$this->typed('5');", "  private function typed(int $n): void { Schema::drop('t'); }",
        '$this->typed() call, which cannot be read: the value of $n may not fit its type'],
      ['$this->gen();', "  private function gen() { Schema::drop('t'); yield 1; }",
        '$this->gen() call, which cannot be read: it is a generator (yield): its body runs only when its result is iterated'],
      ['$this->spread(...$all);', "  private function spread(...$t): void { Schema::drop('t'); }", '$this->spread() call, which cannot be read: its arguments are spread (...)'],
      ['$this->ref($x);', "  private function ref(&$t): void { Schema::drop('t'); }", '$this->ref() call, which cannot be read: $t is taken by reference or is variadic'],
    ];
    for (const [up, members, reason] of cases) assert.deepEqual(unknownOf(migration(`    ${up}`, members)), [reason], up);
  });

  it('a method that may change the variables it is given leaves them unknown; one that assigns the Blueprint is not read', () => {
    const byReference = migration("    $name = 'first';\n    $this->choose($name);\n    Schema::create($name, fn (Blueprint $t) => $t->id());",
      "  private function choose(&$name): void { $name = 'chosen'; }");
    assert.deepEqual(opsOf(byReference), []);
    assert.deepEqual(unknownOf(byReference), ['Schema::create() with a table name that is not a literal']);
    const inClosure = migration("    $column = 'a';\n    Schema::create('notes', function (Blueprint $t) use ($column) { $this->choose($column); $t->string($column); });",
      "  private function choose(&$name): void { $name = 'chosen'; }");
    assert.deepEqual(opsOf(inClosure), [['create', 'notes', 'string({"unknown":"$column"})']]);
    const assigned = migration("    Schema::create('notes', function (Blueprint $table) { $this->columns($table); });",
      "  private function columns(Blueprint $t): void { $t->increments('id'); $t = $t; }");
    assert.deepEqual(unknownOf(assigned), ['notes: $this->columns() call, which cannot be read: it assigns $t, which holds the Blueprint']);
  });

  it('says why in the Blueprint a method it calls cannot be read', () => {
    const f = migration("    Schema::table('posts', function (Blueprint $table) {\n      $this->columns($table);\n      $this->other($table);\n    });",
      "  private function columns(Blueprint $t): void { $t->string('x'); $this->columns($t); }\n  private function other(Blueprint $t): void { if (time()) { return; } $t->string('x'); }");
    assert.deepEqual(unknownOf(f), ['posts: $this->columns() call, which cannot be read: it is called again while it runs (columns -> columns); '
      + '$this->other() call, which cannot be read: it may return early (a return inside a condition, a loop or a try)']);
  });

  it('a method that cannot be read but never reaches a schema leaves everything known', () => {
    const f = migration("    $this->log(time());\n    Schema::drop('a');", "  private function log(int $when): void { Log::info('dropped', ['at' => $when]); }");
    assert.deepEqual(opsOf(f), [['drop', 'a']]);
    assert.deepEqual(unknownOf(f), []);
  });

  it('a method that only reads or writes rows changes nothing, whatever its arguments and however it returns', () => {
    const members = [
      '  private const SECTIONS = [\'up\', \'cross\'];',
      '  private function setting(string $key): ?string {\n    $row = DB::table(\'settings\')->where(\'code\', $key)->first();\n    return $row?->value;\n  }',
      // The comment says self-links and 'Schema': code only is tested.
      '  private function fill(array $codes, $rows): void {\n    foreach ($codes as $code) {\n      if ($code === \'\') { return; }\n'
        + '      // skip self-links, as Schema would /* not */\n      foreach (self::SECTIONS as $s) { DB::table(\'settings\')->insert([\'code\' => $code.$s, \'url\' => \'http://x\']); }\n'
        + '      $this->note($code.\'!\');\n    }\n  }',
      '  private static function note(string $what): void {\n    static $seen = [];\n    if ($what === \'\' || isset($seen[$what])) { return; }\n'
        + '    $seen[$what] = true;\n    array_map(static fn ($w) => Log::info($w), [$what]);\n  }',
    ].join('\n');
    const f = migration("    $prefix = 'mail';\n    $host = $this->setting($prefix.'.host');\n    $this->fill(array_filter(['a', '']), DB::table('x')->get());\n    Schema::drop('a');", members);
    assert.deepEqual(opsOf(f), [['drop', 'a']]);
    assert.deepEqual(unknownOf(f), []);
  });

  it('a call with odd arguments or returns stays unknown when the method, what it calls or its arguments may reach a schema', () => {
    const notLiteral = (call: string, parameter: string) => `$this->${call}() call, which cannot be read: the value of ${parameter} is not a literal, a variable holding one, or the Blueprint passed on`;
    const cases: [string, string, string][] = [
      // Through an own method it calls, itself given an odd argument.
      ["$this->outer($p.'x');", "  private function outer(string $t): void { DB::table('s')->first(); $this->inner($t.'y'); }\n  private function inner(string $t): void { Schema::drop($t); }",
        notLiteral('outer', '$t')],
      // A dynamic own call, a variable function, call_user_func, raw SQL, an inherited method.
      ["$this->dyn($p.'x');", "  private function dyn(string $m): void { $this->$m(); }\n  private function hidden(): void { Schema::drop('h'); }", notLiteral('dyn', '$m')],
      ["$this->run(fn () => 1);", "  private function run($f): void { foreach ([1] as $i) { return; } $f(); }", notLiteral('run', '$f')],
      ["$this->cuf($p);", "  private function cuf(string $m): void { call_user_func([$this, $m]); }", notLiteral('cuf', '$m')],
      ["$this->raw($p);", "  private function raw(string $t): void { DB::statement('drop table '.$t); }", notLiteral('raw', '$t')],
      ["$this->up2($p);", "  private function up2(string $t): void { parent::up(); }", notLiteral('up2', '$t')],
      // A connection runs any SQL, whatever its method.
      ["$this->conn($p);", "  private function conn(string $t): void { DB::table('s')->getConnection()->insert('create table '.$t.' (id int)'); }", notLiteral('conn', '$t')],
      ["$this->app($p);", "  private function app(string $t): void { app('db')->affectingStatement('drop table '.$t); }", notLiteral('app', '$t')],
      // A schema change after a URL on the same line: '//' in a string starts no comment.
      ["$this->url($p);", "  private function url(string $t): void { $u = 'http://x'; Schema::drop($t); }", notLiteral('url', '$t')],
      // The method reads rows only, but an argument, evaluated at the call, runs raw SQL.
      ["$this->log(DB::statement('drop table a'));", "  private function log($what): void { DB::table('log')->insert(['what' => $what]); }", notLiteral('log', '$what')],
    ];
    for (const [up, members, reason] of cases) assert.deepEqual(unknownOf(migration(`    $p = strtolower('T');\n    ${up}`, members)), [reason], up);
  });

  it('a method given the Blueprint or a schema builder may reach it under another name: its call is not harmless', () => {
    const inClosure = (body: string) => migration("    Schema::create('notes', function (Blueprint $table) {\n      $table->id();\n      $this->add($table, strtolower('X'));\n    });",
      `  private function add($t, string $n): void { ${body} }`);
    for (const body of ['$x = $t; $x->string($n);', 'collect([$t])->each(fn ($b) => $b->string($n));', 'collect([$t])->each->dropColumn($n);', 'array_map([$t, \'string\'], [$n]);']) {
      const f = inClosure(body);
      assert.deepEqual(unknownOf(f), ['notes: $this->add() call, which cannot be read: the value of $n is not a literal, a variable holding one, or the Blueprint passed on'], body);
    }
    const builder = migration("    $s = Schema::connection('other');\n    $this->use($s, strtolower('T'));",
      '  private function use($b, string $n): void { $rows = [$b]; $rows[0]->drop($n); }');
    assert.deepEqual(unknownOf(builder), ['$this->use() call, which cannot be read: the value of $b is not a literal, a variable holding one, or the Blueprint passed on']);
  });

  it('bounds the nesting of calls', () => {
    const members = Array.from({ length: 12 }, (_, i) => `  private function m${i}(): void { ${i < 11 ? `$this->m${i + 1}();` : "Schema::drop('deep');"} }`).join('\n');
    assert.deepEqual(unknownOf(migration('    $this->m0();', members)), ['$this->m8() call, which cannot be read: calls of own methods nest more than 8 deep']);
  });

  it("a quick fix edits each literal once, where it is written, however many calls reach it", () => {
    const created = parseMigration('2020_01_01_000000_create_invoices_table.php', "<?php\nreturn new class extends Migration {\n  public function up(): void { Schema::create('invoices', fn ($t) => $t->id()); }\n};\n");
    const src = `<?php\nreturn new class extends Migration {\n  public function up(): void {\n    $this->add('a');\n    $this->add('b');\n  }\n`
      + "  private function add(string $column): void { Schema::table('invoces', fn ($t) => $t->string($column)->nullable()); }\n};\n";
    const file = parseMigration('2020_01_01_000001_add_columns_to_invoices_table.php', src);
    const { findings } = analyzeProject([created, file], { rules: rules.filter((r) => r.id === 'name-table-mismatch') });
    const fix = findings[0]?.fixes?.find((f) => f.kind === 'setTableLiteral');
    assert.ok(fix, 'the literal fix is offered');
    assert.deepEqual(fix.edits.map((e) => src.slice(e.range.start.offset - 1, e.range.end.offset + 1)), ["'invoces'"]);
    assert.equal(findings[0].range.start.line, 6, 'the finding is on the literal, in the method');
  });

  it('bounds how many calls are read for one method', () => {
    const fiveTimes = (callee: string) => Array.from({ length: 5 }, () => `$this->${callee}();`).join(' ');
    const members = [0, 1, 2, 3].map((i) => `  private function m${i}(): void { ${fiveTimes(`m${i + 1}`)} }`).join('\n')
      + "\n  private function m4(): void { Schema::dropIfExists('t'); }";
    const f = migration('    $this->m0();', members);
    assert.ok(f.up.operations.length < 400, `${f.up.operations.length} operations`);
    // Past the bound every call is refused, whichever method it calls.
    assert.deepEqual([...new Set(f.up.unknown.map((u) => u.reason))].sort(),
      [1, 2, 3, 4].map((i) => `$this->m${i}() call, which cannot be read: too many calls of own methods for one method (the bound is 400)`));
  });

  it('reads the class the file returns, not another class it declares', () => {
    const src = `<?php\nabstract class Helpers extends Illuminate\\Database\\Migrations\\Migration {\n  protected function make(): void { Schema::create('h', fn ($t) => $t->id()); }\n}\n`
      + "return new class extends Helpers {\n  public function up(): void { $this->make(); }\n};\n";
    const f = parseMigration('2020_01_01_000000_x.php', src);
    assert.deepEqual(f.up.operations, []);
    assert.deepEqual(f.up.unknown.map((u) => u.reason), ['$this->make() call, which cannot be read: the migration class does not declare it (an inherited or trait method may do anything)']);
  });
});
