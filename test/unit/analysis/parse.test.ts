import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseMigration, migrationNameOf } from '../../../src/core/analysis/parse';
import { loadMigrations, orderMigrationPaths } from '../../../src/core/analysis/load';
import { simulateTimeline } from '../../../src/core/analysis/timeline';
import { guardText } from './inlineMigrations';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/analysis');

function php(body: string, down = ''): string {
  return `<?php\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n  public function up(): void {\n${body}\n  }\n  public function down(): void {\n${down}\n  }\n};\n`;
}

describe('analysis/parse', () => {
  it('splits the file name into timestamp and slug', () => {
    assert.deepEqual(migrationNameOf('/x/2025_09_23_011532_create_a_table.php'),
      { name: '2025_09_23_011532_create_a_table', timestamp: '2025_09_23_011532', slug: 'create_a_table' });
    assert.deepEqual(migrationNameOf('weird.php'), { name: 'weird', slug: 'weird' });
    // The name after the last separator, a slash or a backslash, whichever comes last.
    assert.equal(migrationNameOf('C:\\app\\database\\migrations\\2020_01_01_000000_a.php').name, '2020_01_01_000000_a');
    assert.equal(migrationNameOf('/app/x\\y/2020_01_01_000000_b.php').name, '2020_01_01_000000_b');
    assert.equal(migrationNameOf('C:\\app/x\\2020_01_01_000000_c.php').name, '2020_01_01_000000_c');
    assert.equal(migrationNameOf('/app/folder/').name, '');
  });

  it('reads the incident file: anonymous class, create of the wrong table at the literal range', async () => {
    const [first] = await loadMigrations([path.join(fixtures, 'incident')]);
    assert.equal(first.slug, 'create_eklektik_notifications_tracking_table');
    assert.deepEqual(first.class, { kind: 'anonymous' });
    const op = first.up.operations[0];
    assert.equal(op.kind, 'create');
    assert.equal(op.table.name, 'eklektik_transactions_tracking');
    // line 11 (1-based) is `        Schema::create('eklektik_transactions_tracking', ...`
    assert.deepEqual([op.table.range.start.line, op.table.range.start.column, op.table.range.end.column], [10, 24, 54]);
    assert.equal(first.down.operations[0].kind, 'dropIfExists');
    assert.deepEqual(first.up.operations[0].blueprint?.[1].chain, [{ method: 'string', args: ['transaction_id', 64] }, { method: 'unique', args: [] }]);
  });

  it('counts columns in UTF-16 code units after non-ASCII text', () => {
    const f = parseMigration('2020_01_01_000000_create_x_table.php', php("    // é 😀\n    Schema::create('é😀x', function ($t) {}); // é"));
    const r = f.up.operations[0].table.range;
    assert.equal(r.start.column, 20);
    assert.equal(r.end.column - r.start.column, 'é😀x'.length);
  });

  it('extracts Blueprint chains with arrays, negative numbers, named args and unknown constants', () => {
    const f = parseMigration('2020_01_01_000000_create_x_table.php', php(`    Schema::create('x', function (Blueprint $table) {
      $table->foreign('user_id')->references('id')->on('users')->onDelete('cascade');
      $table->enum('status', ['a', 'b'])->default(PHP_INT_MAX);
      $table->integer('n')->default(-5);
      $table->string('s', length: 20);
      $table->json('o')->default(['k' => 1]);
      $table->engine = 'InnoDB';
    });`));
    const bp = f.up.operations[0].blueprint!;
    assert.deepEqual(bp[0].chain.map((c) => c.method), ['foreign', 'references', 'on', 'onDelete']);
    assert.deepEqual(bp[1].chain[0].args, ['status', ['a', 'b']]);
    assert.deepEqual(bp[1].chain[1].args, [{ unknown: 'PHP_INT_MAX' }]);
    assert.deepEqual(bp[2].chain[1].args, [-5]);
    assert.deepEqual(bp[3].chain[0], { method: 'string', args: ['s'], namedArgs: { length: 20 } });
    assert.deepEqual(bp[4].chain[1].args, [{ k: 1 }]);
    assert.deepEqual(bp[5].chain, [{ method: 'engine', args: ['InnoDB'] }]);
    assert.equal(f.up.operations[0].blueprintUnknown, undefined);
  });

  it('marks Blueprint closures with loops, conditions or raw SQL as not fully known', () => {
    const f = parseMigration('2020_01_01_000000_create_x_table.php', php(`    Schema::create('x', function (Blueprint $table) {
      $table->id();
      foreach (['a', 'b'] as $c) { $table->string($c); }
      if (config('x')) { $table->string('y'); }
      $table->string($name);
    });`));
    const op = f.up.operations[0];
    assert.equal(op.blueprint!.length, 2);
    assert.match(op.blueprintUnknown!, /loop/);
    assert.match(op.blueprintUnknown!, /condition/);
  });

  it('reads guards, connections, renames, drops and conditional operations', () => {
    const f = parseMigration('2020_01_01_000000_x.php', php(`    if (! Schema::hasTable('a')) { Schema::connection('other')->create('a', function ($t) {}); }
    if (Schema::hasTable('b')) { Schema::drop('b'); } else { Schema::create('b', fn ($t) => $t->id()); }
    Schema::rename('c', 'd');
    foreach ($items as $i) { Schema::table('e', function ($t) {}); }
    DB::statement('CREATE TABLE f (id int)');
    Schema::create($this->table, function ($t) {});
    $name = 'g'; Schema::dropIfExists($name);
    Schema::create($unknown, function ($t) {});`));
    const ops = f.up.operations;
    assert.deepEqual(ops.map((o) => [o.kind, o.table.name]), [['create', 'a'], ['drop', 'b'], ['create', 'b'], ['rename', 'c'], ['table', 'e'], ['dropIfExists', 'g']]);
    assert.deepEqual(ops[0].guards, [{ table: 'a', requiresExisting: false }]);
    assert.equal(ops[0].connection, 'other');
    assert.deepEqual(ops[2].guards, [{ table: 'b', requiresExisting: false }]);
    assert.equal(ops[2].blueprint!.length, 1);
    assert.equal(ops[3].renamedTo!.name, 'd');
    assert.equal(ops[4].conditional, 'loop');
    assert.deepEqual(f.up.unknown.map((u) => u.reason), ['raw SQL', 'Schema::create() with a table name that is not a literal', 'Schema::create() with a table name that is not a literal']);
    assert.deepEqual(f.up.unknown[0].sqlCreates, ['f']);
  });

  it('reads schema builders kept in variables or in $this->schema', () => {
    const src = `<?php\nreturn new class extends Migration {\n  public function __construct() { $this->schema = Schema::connection($this->getConnection()); }\n  public function up() {\n    $schema = Schema::connection('audit');\n    if (! $schema->hasTable('logs')) { $schema->create('logs', fn ($t) => $t->id()); }\n    $this->schema->create('entries', fn ($t) => $t->id());\n    DB::connection('x')->getSchemaBuilder()->drop('old');\n  }\n};\n`;
    const f = parseMigration('2020_01_01_000000_create_logs_table.php', src);
    assert.deepEqual(f.up.operations.map((o) => [o.kind, o.table.name, o.connection, o.conditional, o.guards.length]),
      [['create', 'logs', 'audit', undefined, 1], ['create', 'entries', undefined, 'connection', 0], ['drop', 'old', 'x', undefined, 0]]);
  });

  it('resolves $this->table to the property literal', () => {
    const src = `<?php\nclass CreateThingsTable extends Migration {\n  protected $table = 'things';\n  public function up() { Schema::create($this->table, function ($t) {}); }\n  public function down() { Schema::drop($this->table); }\n}\n`;
    const f = parseMigration('2014_01_01_000000_create_things_table.php', src);
    assert.equal(f.class.kind, 'named');
    assert.equal(f.up.operations[0].table.name, 'things');
    assert.equal(f.up.operations[0].table.range.start.line, 2);
  });

  it("inlines the class's own helper methods, with literal arguments; a recursion stays unknown", () => {
    const src = `<?php\nreturn new class extends Migration {\n  public function up() {\n    $this->createTables();\n    self::log();\n    $this->other('x');\n  }\n  private function createTables(): void {\n    try { Schema::create('a', fn ($t) => $t->id()); } catch (QueryException $e) { Schema::create('b', fn ($t) => $t->id()); }\n    $this->createTables();\n  }\n  private static function log(): void { Log::info('x'); }\n  private function other(string $t): void { Schema::drop($t); }\n};\n`;
    const f = parseMigration('2020_01_01_000000_create_a_table.php', src);
    assert.deepEqual(f.up.operations.map((o) => [o.table.name, o.conditional]), [['a', undefined], ['b', 'catch'], ['x', undefined]]);
    assert.deepEqual(f.up.unknown.map((u) => u.reason), ['$this->createTables() call, which cannot be read: it is called again while it runs (createTables -> createTables)']);
  });

  it('marks a body with comments only as empty', () => {
    const f = parseMigration('a_b.php', php("    Schema::create('a', fn ($t) => $t->id());", '        // nothing to undo\n        /* really */'));
    assert.equal(f.down.empty, true);
    assert.equal(f.up.empty, false);
  });

  it('keeps what a file with a syntax error still shows', () => {
    const f = parseMigration('2020_01_01_000000_create_x_table.php', php("    Schema::create('x', function ($t) { $t->id() });\n    Schema::table('y', function ($t) {"));
    assert.ok(f.parseProblems.length > 0);
    assert.ok(f.up.operations.some((o) => o.table.name === 'x'));
  });

  it('takes no table name from an unterminated string being typed', () => {
    const f = parseMigration('2020_01_01_000000_create_x_table.php', php("    Schema::create('eklektik_tra, function ($t) {\n      $t->id();\n    });"));
    assert.deepEqual(f.up.operations, []);
    assert.ok(f.parseProblems.length > 0);
  });

  describe('a Schema call in a loop over a literal array', () => {
    const opsOf = (body: string, members = ''): [string, string, string | undefined][] => {
      const src = `<?php\nreturn new class extends Migration {\n${members}\n  public function up(): void {\n${body}\n  }\n};\n`;
      return parseMigration('2020_01_01_000000_x.php', src).up.operations.map((o) => [o.kind, o.table.name, src.slice(o.table.range.start.offset - 1, o.table.range.end.offset + 1)]);
    };
    const unknownOf = (body: string, members = ''): (string | undefined)[][] => {
      const f = parseMigration('2020_01_01_000000_x.php', `<?php\nreturn new class extends Migration {\n${members}\n  public function up(): void {\n${body}\n  }\n};\n`);
      return f.up.unknown.map((u) => [u.reason, u.anyTable ? 'any table' : undefined]);
    };

    it('is one operation per element, at the element\'s literal', () => {
      assert.deepEqual(opsOf("foreach (['a', \"b\"] as $name) { Schema::table($name, function (Blueprint $table) { $table->string('x'); }); }"),
        [['table', 'a', "'a'"], ['table', 'b', '"b"']]);
      assert.deepEqual(opsOf("foreach (['a' => ['x'], 'b' => ['y']] as $name => $columns) { Schema::drop($name); }"),
        [['drop', 'a', "'a'"], ['drop', 'b', "'b'"]]);
      assert.deepEqual(opsOf("collect(['a', 'b'])->each(fn (string $t) => Schema::table($t, fn (Blueprint $table) => $table->string('x')));"),
        [['table', 'a', "'a'"], ['table', 'b', "'b'"]]);
      assert.deepEqual(opsOf("collect(['a'])->each(function ($t) { Schema::dropIfExists($t); });"), [['dropIfExists', 'a', "'a'"]]);
      const f = parseMigration('2020_01_01_000000_x.php', php("    foreach (['a', 'b'] as $t) { Schema::create($t, fn ($table) => $table->id()); }"));
      assert.deepEqual(f.up.operations.map((o) => o.conditional), [undefined, undefined]);
    });

    it('reads $this->prop set to a literal array by its default or in the constructor', () => {
      assert.deepEqual(opsOf('foreach ($this->tables as $t) { Schema::drop($t); }', "  protected $tables = ['a', 'b'];"),
        [['drop', 'a', "'a'"], ['drop', 'b', "'b'"]]);
      assert.deepEqual(opsOf('foreach ($this->tables as $t => $columns) { Schema::table($t, function ($table) use ($columns) {}); }',
        "  private array $tables;\n  public function __construct() { $this->tables = ['a' => ['d'], 'b' => ['e']]; }"),
      [['table', 'a', "'a'"], ['table', 'b', "'b'"]]);
      assert.deepEqual(opsOf("Schema::drop($this->table);", "  public function __construct() { $this->table = 'c'; }"), [['drop', 'c', "'c'"]]);
    });

    // snipe-it's change_user_id_to_created_by: `foreach ($this->existing_table_list() as $table)`, the method `return [...]`.
    it('reads $this->method() and self::method() whose only statement returns a literal array', () => {
      const list = "  public function tables() {\n    return ['a', 'b'];\n  }";
      assert.deepEqual(opsOf("foreach ($this->tables() as $t) { if (!Schema::hasColumn($t, 'x')) { Schema::table($t, function (Blueprint $t) { $t->string('x'); }); } }", list),
        [['table', 'a', "'a'"], ['table', 'b', "'b'"]]);
      assert.deepEqual(opsOf('foreach (static::tables() as $t) { Schema::drop($t); }', list), [['drop', 'a', "'a'"], ['drop', 'b', "'b'"]]);
      // Anything else in the method, or an argument, is not read as its answer.
      const anyTable = [['Schema::drop() with a table name that is not a literal', 'any table']];
      assert.deepEqual(unknownOf('foreach ($this->tables() as $t) { Schema::drop($t); }', "  public function tables() {\n    $x = 1;\n    return ['a'];\n  }"), anyTable);
      assert.deepEqual(unknownOf('foreach ($this->tables(1) as $t) { Schema::drop($t); }', "  public function tables($n = 0) {\n    return ['a'];\n  }"), anyTable);
      assert.deepEqual(unknownOf('foreach ($this->tables() as $t) { Schema::drop($t); }', "  public function tables() {\n    return ['a', $this->b];\n  }"), anyTable);
    });

    it('is an operation on any table when the elements or the loop variable are not known', () => {
      const anyTable = [['Schema::drop() with a table name that is not a literal', 'any table']];
      assert.deepEqual(unknownOf('foreach ($tables as $t) { Schema::drop($t); }'), anyTable);
      assert.deepEqual(unknownOf('collect($tables)->each(fn ($t) => Schema::drop($t));'), anyTable);
      assert.deepEqual(unknownOf("array_map(fn ($t) => Schema::drop($t), ['a']);"), anyTable);
      // Changed in the body, or the property changed elsewhere: once, not once per element.
      assert.deepEqual(unknownOf("foreach (['a', 'b'] as $t) { $t .= '_old'; Schema::drop($t); }"), anyTable);
      assert.deepEqual(unknownOf("foreach (['a', 'b'] as $t) { foreach ($more as $t) { Schema::drop($t); } }"), anyTable);
      assert.deepEqual(unknownOf("$this->tables[] = 'c'; foreach ($this->tables as $t) { Schema::drop($t); }", "  protected $tables = ['a'];"), anyTable);
      assert.deepEqual(unknownOf('foreach ($this->tables as $t) { Schema::drop($t); }',
        "  protected $tables = ['a'];\n  public function __construct() { array_push($this->tables, 'c'); }"), anyTable);
      // A parameter hides the variable of the same name around the callback.
      assert.deepEqual(unknownOf("$t = 'z'; array_map(fn ($t) => Schema::drop($t), $list);"), anyTable);
      // After the loop the variable holds the last element, or what the body left: not resolved.
      assert.deepEqual(unknownOf("$t = 'z'; foreach (['a'] as $x) { $t = 'm'; } Schema::drop($t);"), anyTable);
    });

    // pterodactyl's create_backups_table renames the tables a DB::select() of information_schema returns.
    it('says which value names the table when it is read from a row or an array when the migration runs', () => {
      assert.deepEqual(unknownOf("$results = DB::select('SELECT TABLE_NAME FROM information_schema.tables'); foreach ($results as $result) { Schema::rename($result->TABLE_NAME, $result->TABLE_NAME . '_bak'); }"),
        [['Schema::rename() on the table `$result->TABLE_NAME` names when the migration runs (a row the server returns, say): it may be any table', 'any table']]);
      assert.deepEqual(unknownOf("foreach ($rows as $row) { Schema::drop($row['name']); }"),
        [["Schema::drop() on the table `$row['name']` names when the migration runs (a row the server returns, say): it may be any table", 'any table']]);
    });

    it('says which console command Artisan::call() runs, whose code may change any table', () => {
      assert.deepEqual(unknownOf("Artisan::call('migrate', ['--path' => 'database/migrations/extra', '--force' => true]);"),
        [["Artisan::call('migrate') runs a console command whose code is not read (an application command, or migrate over files of its choosing): it may change any table", 'any table']]);
      assert.deepEqual(unknownOf("\\Illuminate\\Support\\Facades\\Artisan::call('fix:profile:duplicates');").map(([reason]) => reason?.slice(0, 50)),
        ["Artisan::call('fix:profile:duplicates') runs a con"]);
    });

    it('reads a Blueprint callback a variable holds, when it names no variable but its parameter', () => {
      const read = (body: string) => parseMigration('2020_01_01_000000_x.php', php(body)).up.operations.map((o) => [o.table.name, o.blueprint?.length, o.blueprintUnknown]);
      assert.deepEqual(read("$drop = fn (Blueprint $t) => $t->dropColumn('x'); Schema::table('a', $drop); Schema::table('b', $drop);"),
        [['a', 1, undefined], ['b', 1, undefined]]);
      for (const held of ["$c = 'x'; $drop = fn (Blueprint $t) => $t->dropColumn($c);", "$drop = function (Blueprint $t) use ($c) { $t->dropColumn('x'); };",
        "$drop = fn (Blueprint $t) => $this->drop($t);", "$drop = fn (Blueprint $t) => $t->dropColumn('x'); $drop = 'y';", "$drop = fn (Blueprint $t, $u) => $t->dropColumn('x');"]) {
        assert.deepEqual(read(`${held} Schema::table('a', $drop);`), [['a', 0, 'the Blueprint callback is not a closure']], held);
      }
    });

    it('is conditional when the body can leave early', () => {
      const f = parseMigration('2020_01_01_000000_x.php', php("    foreach (['a', 'b'] as $t) { if (Schema::hasTable('x')) break; Schema::drop($t); }"));
      assert.deepEqual(f.up.operations.map((o) => [o.table.name, o.conditional]), [['a', 'loop'], ['b', 'loop']]);
    });
  });

  it('reads Schema and Blueprint method names in any case, as PHP does', () => {
    const f = parseMigration('2020_01_01_000000_x.php', php("    schema::Create('q', function ($t) { $t->id(); });\n    SCHEMA::DropIfExists('r');\n    \\Illuminate\\Support\\Facades\\Schema::table('q', function ($t) { $t->Drop(); });"));
    assert.deepEqual(f.up.operations.map((o) => [o.kind, o.table.name, o.inBlueprint ?? false]),
      [['create', 'q', false], ['dropIfExists', 'r', false], ['table', 'q', false], ['drop', 'q', true]]);
  });

  it("resolves Foo::class against the file's own namespace and imports, in up(), down() and a helper, each file on its own", () => {
    const classesOf = (method: { operations: readonly { blueprint?: readonly { chain: readonly { args: readonly unknown[] }[] }[] }[] }) =>
      method.operations.flatMap((o) => o.blueprint ?? []).map((s) => (s.chain[0].args[0] as { className?: string }).className);
    const namespaced = parseMigration('2020_01_01_000000_a.php', `<?php\nnamespace Database\\Migrations;\nuse App\\Models\\Team;\nuse App\\Models\\User as Member, Illuminate\\Support\\Facades\\Schema as S;\n`
      + `return new class extends Migration {\n  public function up(): void {\n    S::table('posts', function ($t) { $t->foreignIdFor(Team::class); $t->foreignIdFor(Member::class); $t->foreignIdFor(Local::class); $t->foreignIdFor(\\Other\\Tag::class); });\n    $this->more();\n  }\n`
      + `  private function more(): void { S::table('posts', function ($t) { $t->foreignIdFor(team::class); }); }\n`
      + `  public function down(): void { S::table('posts', function ($t) { $t->foreignIdFor(Member\\Role::class); }); }\n};\n`);
    assert.deepEqual(classesOf(namespaced.up), ['App\\Models\\Team', 'App\\Models\\User', 'Database\\Migrations\\Local', 'Other\\Tag', 'App\\Models\\Team']);
    assert.deepEqual(classesOf(namespaced.down), ['App\\Models\\User\\Role']);
    // A file without a namespace or imports of its own: nothing of the file before it.
    const plain = parseMigration('2020_01_01_000001_b.php', php("    Schema::table('posts', function ($t) { $t->foreignIdFor(Team::class); });"));
    assert.deepEqual(classesOf(plain.up), ['Team']);
  });

  it('reads ignore comments', () => {
    const f = parseMigration('a_b.php', "<?php\n// migration-doctor-ignore name-table-mismatch\nfoo();\nbar(); // migration-doctor-ignore a-b, c-d\n");
    assert.deepEqual([...f.ignores.entries()], [[2, ['name-table-mismatch']], [3, ['a-b', 'c-d']]]);
  });
});

describe('analysis/load and timeline', () => {
  it('orders migrations by file name across folders, a later folder replacing a same-named file', () => {
    assert.deepEqual(orderMigrationPaths(['/a/2020_b.php', '/b/2019_a.php', '/b/2020_b.php']), ['/b/2019_a.php', '/b/2020_b.php']);
  });

  it("names and orders a migration as Laravel does, every '.php' removed (x.php.php is x)", () => {
    assert.equal(parseMigration('/m/2020_01_01_000001_add_title.php.php', php('')).name, '2020_01_01_000001_add_title');
    // Laravel keys the files by that name: x.php.php of a later folder replaces x.php of an earlier one.
    assert.deepEqual(orderMigrationPaths(['/a/2020_b.php', '/b/2020_b.php.php', '/a/2020_a.php']), ['/a/2020_a.php', '/b/2020_b.php.php']);
  });

  it('follows renames, drops, guards, conditional creates, raw SQL, connections and a schema dump', () => {
    const m = (name: string, up: string) => parseMigration(`/m/${name}.php`, php(up));
    const timeline = simulateTimeline([
      m('2020_01_01_000000_a', "Schema::create('a', fn ($t) => $t->id()); Schema::create('b', fn ($t) => $t->id());"),
      m('2020_01_01_000001_b', "Schema::rename('a', 'a2'); Schema::drop('b');"),
      m('2020_01_01_000002_c', "foreach ($items as $i) { Schema::create('c', fn ($t) => $t->id()); }\n    DB::statement('CREATE TABLE `d` (id int)');"),
      m('2020_01_01_000003_d', "Schema::connection('other')->create('e', fn ($t) => $t->id()); if (Schema::hasTable('legacy')) { Schema::drop('legacy'); }"),
    ], ['legacy']);
    const after = (i: number) => Object.fromEntries(timeline.tablesAfter(i));
    assert.deepEqual(after(-1), { legacy: 'exists' });
    assert.deepEqual(after(0), { legacy: 'exists', a: 'exists', b: 'exists' });
    assert.deepEqual(after(1), { legacy: 'exists', a2: 'exists' });
    assert.deepEqual(after(2), { legacy: 'exists', a2: 'exists', c: 'maybe', d: 'exists' });
    assert.deepEqual(after(3), { a2: 'exists', c: 'maybe', d: 'exists', 'other.e': 'exists' });
    assert.equal(timeline.steps[1].outcomes[0].before.lastChange?.index, 0);
    assert.equal(timeline.steps[1].outcomes[0].targetBefore?.existence, 'absent');
    // One table's existence before a migration is what tablesAfter says of it.
    for (let i = 0; i <= 4; i++) {
      for (const t of ['legacy', 'a', 'b', 'a2', 'c', 'd', 'other.e', 'never']) {
        assert.equal(timeline.existenceBefore(i, t), timeline.tablesAfter(i - 1).get(t) ?? 'absent', `${t} before ${i}`);
      }
    }
  });

  it('simulates which tables exist after each migration', async () => {
    const migrations = await loadMigrations([path.join(fixtures, 'incident')]);
    const timeline = simulateTimeline(migrations);
    assert.equal(timeline.steps[1].outcomes[0].before.existence, 'exists');
    assert.equal(timeline.steps[1].outcomes[0].before.lastChange?.index, 0);
    assert.deepEqual([...timeline.tablesAfter(0).keys()], ['eklektik_transactions_tracking']);
    assert.deepEqual([...timeline.tablesAfter(-1).keys()], []);
  });

  it("reads after()'s callback as its columns, each after the one before, and leaves any other callback as it is", () => {
    const chainsOf = (body: string): string[] => parseMigration('2020_01_01_000000_x.php', php(`    Schema::table('u', function ($table) {\n${body}\n    });`))
      .up.operations[0].blueprint!.map((s) => s.chain.map((c) => `${c.method}(${c.args.map((a) => JSON.stringify(a)).join(',')})`).join('->'));
    assert.deepEqual(chainsOf("$table->after('id', function ($t) { $t->string('a'); $t->date('b')->after('z'); });"),
      ['string("a")->after("id")', 'date("b")->after("a")->after("z")']);
    // timestamps() adds two columns whose names the chain does not give: not expanded.
    assert.deepEqual(chainsOf("$table->after('id', function ($t) { $t->string('a'); $t->timestamps(); });").map((c) => c.split('(')[0]), ['after']);
  });

  it('decides a branch on a variable holding a driver condition, in up() and in a Blueprint closure', () => {
    const up = parseMigration('2020_01_01_000000_x.php', php(`    $isPgsql = DB::getDriverName() === 'pgsql';
    if ($isPgsql) { DB::statement('ALTER TABLE a ALTER COLUMN b TYPE text'); } else { Schema::table('a', function ($t) { $t->text('b')->change(); }); }
    Schema::table('a', function ($t) {
      $driver = Schema::getConnection()->getDriverName();
      if ($driver === 'sqlite') { $t->string('c'); } else { $t->char('c', 4); }
    });`)).up;
    assert.deepEqual(up.unknown, []);
    assert.deepEqual(up.operations.map((op) => [op.conditional, op.blueprintUnknown, op.blueprint!.map((s) => s.chain[0].method)]),
      [[undefined, undefined, ['text']], [undefined, undefined, ['char']]]);
  });

  it("reads hasTable('t') && hasColumn('t', 'c') as hasColumn() alone, and its negation before a return", () => {
    const whenOf = (body: string) => parseMigration('2020_01_01_000000_x.php', php(body)).up.operations.map((op) => [op.conditional, op.blueprint![0].when]);
    const guard = (exists: boolean) => [{ table: 'a', column: 'c', exists }];
    assert.deepEqual(whenOf("    if (Schema::hasTable('a') && Schema::hasColumn('a', 'c')) { Schema::table('a', function ($t) { $t->dropColumn('c'); }); }"),
      [[undefined, guard(true)]]);
    assert.deepEqual(whenOf("    if (! Schema::hasTable('a') || ! Schema::hasColumn('a', 'c')) { return; }\n    Schema::table('a', function ($t) { $t->index('c'); });"),
      [[undefined, guard(true)]]);
    // Two tables: no such reading.
    assert.deepEqual(whenOf("    if (Schema::hasTable('b') && Schema::hasColumn('a', 'c')) { Schema::table('a', function ($t) { $t->dropColumn('c'); }); }"),
      [['condition', undefined]]);
  });

  it('reads if (hasColumn(t, a) && ! hasColumn(t, b)) as both guards on its branch; its else branch after one that changed t, and two tables, as a condition', () => {
    const read = (body: string) => parseMigration('2020_01_01_000000_x.php', php(body)).up.operations
      .map((op) => [op.table.name, op.conditional, op.blueprint!.map((s) => s.when)]);
    const [a, b, c] = [{ table: 't', column: 'a', exists: true }, { table: 't', column: 'b', exists: false }, { table: 't', column: 'c', exists: true }];
    const t = { table: 't', tableExists: true };
    assert.deepEqual(read(`    if (Schema::hasColumn('t', 'a') && ! Schema::hasColumn('t', 'b') && (Schema::hasTable('t') && Schema::hasColumn('t', 'c'))) {
      Schema::table('t', function ($x) { $x->string('b')->after('a'); });
      Schema::table('t', function ($x) { $x->string('d'); });
    } else {
      Schema::table('u', function ($x) { $x->string('e'); });
    }`), [['t', undefined, [[{ all: [a, b, t, c] }]]], ['t', 'condition', [undefined]],
      // The else runs when one does not hold, decided before the branch that changed t: a condition.
      ['u', 'condition', [undefined]]]);
    assert.deepEqual(read(`    if (Schema::hasColumn('t', 'a') && ! Schema::hasColumn('t', 'b')) {
      Schema::table('t', function ($x) { $x->string('b')->after('a'); });
    }`), [['t', undefined, [[a, b]]]]);
    assert.deepEqual(read("    if (Schema::hasColumn('t', 'a') && Schema::hasColumn('u', 'b')) { Schema::table('t', function ($x) { $x->string('b'); }); }"),
      [['t', 'condition', [undefined]]]);
    // `||` on one table: a guard of its own, decided on the table.
    assert.deepEqual(read("    if (Schema::hasColumn('t', 'a') || Schema::hasColumn('t', 'b')) { Schema::table('t', function ($x) { $x->string('b'); }); }"),
      [['t', undefined, [[{ any: [{ table: 't', column: 'a', exists: true }, { table: 't', column: 'b', exists: true }] }]]]]);
  });

  it('after a return on hasColumn(), a Blueprint that changes keys and indexes only leaves the guard to the next one (2FAuth drop_group_id)', () => {
    const whenOf = (body: string) => parseMigration('2020_01_01_000000_x.php', php(body)).up.operations
      .map((op) => [op.table.name, op.conditional, op.blueprint!.map((s) => s.when)]);
    const guard = [{ table: 'a', column: 'c', exists: true }];
    assert.deepEqual(whenOf(`    if (! Schema::hasColumn('a', 'c')) { return; }
    Schema::table('a', function ($t) { if (DB::getDriverName() !== 'sqlite') { $t->dropForeign(['c']); } $t->index('d', 'a_d'); $t->dropUnique('a_c_unique'); });
    Schema::table('a', function ($t) { $t->dropColumn('c'); });
    Schema::table('a', function ($t) { $t->string('e'); });`), [
      ['a', undefined, [guard, guard, guard]],
      ['a', undefined, [guard]],
      // The column is gone: what the guard said no longer tells.
      ['a', 'condition', [undefined]],
    ]);
    // A key on a new column adds the column: the next Blueprint is conditional.
    assert.deepEqual(whenOf(`    if (! Schema::hasColumn('a', 'c')) { return; }
    Schema::table('a', function ($t) { $t->foreignId('g')->constrained(); });
    Schema::table('a', function ($t) { $t->dropColumn('c'); });`), [['a', undefined, [guard]], ['a', 'condition', [undefined]]]);
  });

  it('reads hasColumn() beside a condition the driver settles alike on mysql and mariadb as hasColumn() alone, in a closure and in up()', () => {
    const whenOf = (body: string) => parseMigration('2020_01_01_000000_x.php', php(body)).up.operations.map((op) => [op.conditional, op.blueprintUnknown, op.blueprint?.[0]?.when]);
    const guard = (exists: boolean) => [{ table: 'a', column: 'c', exists }];
    // snipe-it's add_ids_to_tables: `! hasColumn() && $this->notUsingSqlite()`.
    assert.deepEqual(whenOf("    Schema::table('a', function ($t) { if (! Schema::hasColumn('a', 'c') && DB::getDriverName() !== 'sqlite') { $t->increments('c'); } });"),
      [[undefined, undefined, guard(false)]]);
    assert.deepEqual(whenOf("    if (DB::getDriverName() === 'pgsql' || Schema::hasColumn('a', 'c')) { Schema::table('a', function ($t) { $t->dropColumn('c'); }); }"),
      [[undefined, undefined, guard(true)]]);
    assert.deepEqual(whenOf("    Schema::table('a', function ($t) { if (! (Schema::hasColumn('a', 'c') && DB::getDriverName() !== 'sqlite')) { $t->string('c'); } });"),
      [[undefined, undefined, guard(false)]]);
    // mysql and mariadb take `=== 'mysql'` differently: still not read.
    assert.deepEqual(whenOf("    Schema::table('a', function ($t) { if (! Schema::hasColumn('a', 'c') && DB::getDriverName() === 'mysql') { $t->string('c'); } });")[0]![1],
      "a condition (`! Schema::hasColumn('a', 'c') && DB::getDriverName() === ...`)");
  });

  it('reads a literal ALTER TABLE ... DROP FOREIGN KEY as the dropForeign() it compiles from, where it stands', () => {
    const up = parseMigration('2020_01_01_000000_x.php', php(`    DB::statement('ALTER TABLE posts DROP FOREIGN KEY posts_user_id_foreign');
    Schema::table('posts', function ($t) { $t->dropColumn('user_id'); });
    DB::statement('ALTER TABLE posts DROP FOREIGN KEY IF EXISTS x');
    DB::statement('ALTER TABLE posts DROP FOREIGN KEY a, ADD COLUMN b INT');`)).up;
    assert.deepEqual(up.operations.map((op) => [op.table.name, op.blueprint!.map((s) => `${s.chain[0].method}(${s.chain[0].args})`)]),
      [['posts', ['dropForeign(posts_user_id_foreign)']], ['posts', ['dropColumn(user_id)']]]);
    // IF EXISTS, or another clause: still raw SQL.
    assert.deepEqual(up.unknown.map((u) => u.reason), ['raw SQL', 'raw SQL']);
  });

  it('reads Schema::hasIndex() as a guard the replay decides, around the add or drop of that very index too', () => {
    const read = (body: string) => parseMigration('2020_01_01_000000_x.php', php(body)).up.operations
      .map((op) => [op.conditional, op.blueprintUnknown, op.blueprint!.map((s) => [s.chain[0].method, ...(s.when ?? []).map(guardText)].join(' '))]);
    assert.deepEqual(read(`    if (! Schema::hasIndex('p', 'p_i')) { Schema::table('p', function ($t) { $t->index('a', 'p_i'); }); }
    Schema::table('p', function ($t) { if (Schema::hasIndex('p', 'p_j')) { $t->dropIndex('p_j'); } });`),
    [[undefined, undefined, ['index !index(p, p_i)']], [undefined, undefined, ['dropIndex index(p, p_j)']]]);
    // Another index's name, another table, capitals (never equal to the server's lower-case name), the guard's sense reversed.
    assert.deepEqual(read(`    if (! Schema::hasIndex('p', 'p_i')) { Schema::table('p', function ($t) { $t->index('a', 'p_k'); }); }
    if (! Schema::hasIndex('q', 'p_i')) { Schema::table('p', function ($t) { $t->index('a', 'p_i'); }); }
    if (! Schema::hasIndex('p', 'P_I')) { Schema::table('p', function ($t) { $t->index('a', 'P_I'); }); }
    Schema::table('p', function ($t) { if (! Schema::hasIndex('p', 'p_j')) { $t->dropIndex('p_j'); } });`),
    [[undefined, undefined, ['index !index(p, p_i)']], [undefined, undefined, ['index !index(q, p_i)']], [undefined, undefined, ['index !index(p, P_I)']],
      [undefined, undefined, ['dropIndex !index(p, p_j)']]]);
    // Columns, a type, in an else; not literal: a condition.
    assert.deepEqual(read(`    Schema::table('p', function ($t) { if (Schema::hasIndex('p', ['a', 'b'], 'UNIQUE')) { $t->string('c'); } else { $t->string('d'); } });
    if (Schema::hasIndex('p', $name)) { Schema::table('p', function ($t) { $t->string('e'); }); }`),
    [[undefined, undefined, ['string index(p, [a,b], unique)', 'string !index(p, [a,b], unique)']], ['condition', undefined, ['string']]]);
  });
});
