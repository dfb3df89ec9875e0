// Which database a migration's calls change: the connection a file names is the default one's
// when the project's config('database.default') names it, another's otherwise, and not known
// when the default is not. Raw SQL runs on the class's own connection (the migrator makes it the default).
import * as assert from 'node:assert/strict';
import { onDefaultConnection } from '../../../src/core/analysis/connections';
import { parseMigration } from '../../../src/core/analysis/parse';
import { connectionNotKnownCondition, replayedPart, type MigrationFile } from '../../../src/core/analysis/types';
import { translateMigrations } from '../../../src/core/translate';
import { file } from './inlineMigrations';

/** `body` as the up() of a class with `protected $connection = connection`. */
const on = (connection: string, body: string): MigrationFile => parseMigration('/app/database/migrations/2020_01_01_000000_on_connection.php', `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    protected $connection = '${connection}';

    public function up(): void
    {
        ${body}
    }
};
`);

const seen = (m: MigrationFile) => ({
  ops: m.up.operations.map((op) => [op.table.name, op.connection ?? null, op.conditional ?? null]),
  raw: m.up.unknown.map((u) => [u.sqlCreates?.join() ?? null, u.connection ?? null]),
});

describe('analysis: the connection a migration runs on', () => {
  const body = "Schema::create('named', function (Blueprint $table) { $table->id(); }); DB::statement('CREATE TABLE raw_made (id int)'); DB::statement('ALTER TABLE named ENGINE = InnoDB');";

  it('raw SQL in a class with its own connection runs on it, as its Schema:: calls do', () => {
    assert.deepEqual(seen(on('other', body)), { ops: [['named', 'other', null], ['named', 'other', null]], raw: [['raw_made', 'other']] });
    // DB::connection('x')->statement() runs on x; DB::connection() and Schema::getConnection() on the class's own; any other receiver is not known (the default one's tables stay unknown).
    const receivers = on('other', "DB::connection('tenant')->statement('CREATE TABLE a (id int)'); DB::connection()->statement('CREATE TABLE b (id int)'); Schema::getConnection()->statement('CREATE TABLE c (id int)'); $pdo->statement('CREATE TABLE d (id int)');");
    assert.deepEqual(seen(receivers).raw, [['a', 'tenant'], ['b', 'other'], ['c', 'other'], ['d', null]]);
  });

  it('a class that may change $this->connection runs on a connection not known, however the name is cased; one that never spells it keeps its own', () => {
    // The change is looked for in any case of the ASCII letters (a wider match only leaves more unknown):
    // a look for the name first must be as wide, or such a file would keep a connection it may change.
    const changed = (assignment: string) => parseMigration('/app/database/migrations/2020_01_01_000000_changes_connection.php', `<?php
return new class extends Migration {
    protected $connection = 'other';
    public function __construct() { ${assignment} }
    public function up(): void { Schema::create('named', function ($table) { $table->id(); }); }
};
`);
    for (const assignment of ["$this->connection = 'tenant';", "$THIS->Connection = 'tenant';", '$THIS->CONNECTION .= $suffix;', 'unset($This->connectioN);']) {
      assert.deepEqual(seen(changed(assignment)).ops, [['named', null, 'connection']], assignment);
    }
    for (const untouched of ['', "$this->connections = ['a'];", "$that->connection = 'tenant';", "$this->connection_name = 'x';"]) {
      assert.deepEqual(seen(changed(untouched)).ops, [['named', 'other', null]], untouched);
    }
  });

  it('SQL that is not a literal runs where literal SQL would: on its connection, under its condition', () => {
    const read = on('other', 'DB::statement($sql); DB::connection(\'tenant\')->statement($sql); if ($this->flag) { DB::unprepared($sql); }');
    assert.deepEqual(read.up.unknown.map((u) => [u.anyTable ?? null, u.connection ?? null, u.conditional !== undefined]),
      [[true, 'other', false], [true, 'tenant', false], [true, 'other', true]]);
    // On another connection than the default one, it changes nothing of the default one's tables.
    assert.deepEqual(onDefaultConnection([read], 'mysql')[0]!.up.unknown, []);
  });

  it('Schema::disableForeignKeyConstraints() and enableForeignKeyConstraints(): read in order with their condition, not on another connection, no table touched', () => {
    const read = file('2020_01_01_000000_checks', "Schema::disableForeignKeyConstraints(); if ($this->flag) { Schema::enableForeignKeyConstraints(); } Schema::connection('other')->disableForeignKeyConstraints();");
    assert.deepEqual(read.up.foreignKeyChecks?.map((c) => [c.enabled, c.conditional !== undefined, c.written]),
      [[false, false, 'Schema::disableForeignKeyConstraints()'], [true, true, 'Schema::enableForeignKeyConstraints()']]);
    assert.deepEqual([read.up.operations, read.up.unknown], [[], []]);
  });

  it('Schema::withoutForeignKeyConstraints(): its callback surely runs, between the checks turned off and on again', () => {
    const read = file('2020_01_01_000000_without', "Schema::withoutForeignKeyConstraints(function () { Schema::drop('users'); });");
    assert.deepEqual(read.up.operations.map((op) => [op.kind, op.table.name, op.conditional ?? null]), [['drop', 'users', null]]);
    const drop = read.up.operations[0]!.range.start.offset;
    assert.deepEqual(read.up.foreignKeyChecks?.map((c) => [c.enabled, c.range.start.offset < drop, c.written]),
      [[false, true, 'Schema::withoutForeignKeyConstraints()'], [true, false, 'Schema::withoutForeignKeyConstraints()']]);
  });

  it("the default connection by its name is the default one's; another stays another's; not known: no claim", () => {
    const read = on('mysql', body);
    assert.deepEqual(seen(onDefaultConnection([read], 'mysql')[0]!), { ops: [['named', null, null], ['named', null, null]], raw: [['raw_made', null]] });
    // On another connection: its raw SQL changes nothing of the default one's database.
    assert.deepEqual(seen(onDefaultConnection([read], 'tenant')[0]!), { ops: [['named', 'mysql', null], ['named', 'mysql', null]], raw: [] });
    assert.deepEqual(seen(onDefaultConnection([read], undefined)[0]!),
      { ops: [['named', null, connectionNotKnownCondition], ['named', null, connectionNotKnownCondition]], raw: [['raw_made', null]] });
    // Schema::connection('mysql') alike.
    const schema = file('2020_01_01_000000_schema_connection', "Schema::connection('mysql')->create('named', function (Blueprint $table) { $table->id(); });");
    assert.deepEqual(seen(onDefaultConnection([schema], 'mysql')[0]!).ops, [['named', null, null]]);
    // A file that names no connection is the same object (the editor's translation memory knows files by it).
    const plain = file('2020_01_01_000000_plain', "Schema::create('plain', function (Blueprint $table) { $table->id(); });");
    assert.equal(onDefaultConnection([plain], undefined)[0], plain);
    assert.equal(onDefaultConnection([read], 'mysql')[0], onDefaultConnection([read], 'mysql')[0]);
  });

  it('the part of an analysis a cold status keeps (no down()) is read on each default connection, and translated, as the whole analysis is', () => {
    const read = on('other', "Schema::create('named', function (Blueprint $table) { $table->id(); }); Schema::connection('tenant')->create('elsewhere', function (Blueprint $table) { $table->id(); }); DB::statement('CREATE TABLE raw_made (id int)');");
    const part = replayedPart(read);
    assert.deepEqual(Object.keys(part), ['path', 'name', 'parseProblems', 'up']);
    for (const connection of ['other', 'tenant', 'mysql', undefined]) {
      const [whole] = onDefaultConnection([read], connection);
      const [kept] = onDefaultConnection([part], connection);
      assert.deepEqual(kept!.up, { operations: whole!.up.operations, unknown: whole!.up.unknown }, String(connection));
      const options = { tablePrefix: '', laravel: { version: '8.83.27', driver: 'mysql' as const, ...(connection ? { defaultConnection: connection } : {}) } };
      assert.deepEqual(translateMigrations([kept!], options), translateMigrations([whole!], options), String(connection));
    }
  });
});
