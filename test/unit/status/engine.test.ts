// The status engine's pure part on real parsed migrations (php-parser through the analysis)
// and real expected structures (the shipped Drizzle schemas).
import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { builtBy, computeStatus, createdTables, type LiveFacts } from '../../../src/core/status/engine';
import { catalogOf } from '../../../src/core/structure/fromDrizzle';
import { structurePort } from '../../../src/core/status/structurePort';
import type { MigrationStatus } from '../../../src/core/status/types';
import type { TableModel } from '../../../src/core/structure/model';
import { builtInTables } from '../../../src/schema';

function migration(name: string, up: string): MigrationFile {
  const source = `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up()
    {
        ${up}
    }

    public function down()
    {
    }
};
`;
  return parseMigration(`/app/database/migrations/${name}.php`, source);
}

const create = (table: string) => `Schema::create('${table}', function (Blueprint $table) { $table->id(); });`;

const structure = structurePort();

function run(files: MigrationFile[], facts: Partial<LiveFacts>, prefix = '', driver?: 'mysql' | 'mariadb') {
  return computeStatus(
    { migrations: files, catalog: catalogOf(builtInTables, prefix), structure, ...(driver ? { driver } : {}) },
    { rows: facts.rows ?? [], liveTables: facts.liveTables ?? new Set(), liveStructures: facts.liveStructures ?? new Map() },
    prefix,
  );
}

function states(migrations: readonly MigrationStatus[]): Record<string, string> {
  return Object.fromEntries(migrations.map((m) => [m.name, m.state]));
}

const a = '2024_01_01_000000_create_a_table';
const b = '2024_01_02_000000_create_b_table';
const notif = '2025_09_23_011532_create_eklektik_notifications_tracking_table';
const trans = '2025_09_23_120134_create_eklektik_transactions_tracking_table';

/** The live twin of an expected table (the model the structure engine would read back). */
function liveLike(name: string, change?: (model: TableModel) => TableModel): TableModel {
  const model = catalogOf(builtInTables).tables.get(name)!.model;
  return change ? change(model) : model;
}

describe('status engine (computeStatus)', () => {
  it('reports ran and pending with batches as Laravel does', () => {
    const result = run([migration(b, create('b')), migration(a, create('a'))], {
      rows: [{ migration: a, batch: 1 }],
      liveTables: new Set(['migrations', 'a']),
    });
    assert.deepEqual(result.migrations.map((m) => [m.name, m.state, m.batch]), [[a, 'ran', 1], [b, 'pending', null]]);
    assert.equal(result.maxBatch, 1);
    assert.deepEqual([result.counts.ran, result.counts.pending, result.counts.broken], [1, 1, 0]);
  });

  it('a migration whose shouldRun() decides (Laravel 12.4+): pending, never predicted to fail; recorded, it ran', () => {
    const decides = (name: string, table: string) => parseMigration(`/app/database/migrations/${name}.php`, `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        ${create(table)}
    }

    public function shouldRun(): bool
    {
        return ! Schema::hasTable('${table}');
    }
};
`);
    // Laravel skips it while its table exists, and records nothing: no 1050 to predict.
    const pending = run([decides(notif, 'eklektik_notifications_tracking')], {
      liveTables: new Set(['migrations', 'eklektik_notifications_tracking']),
      liveStructures: new Map([['eklektik_notifications_tracking', liveLike('eklektik_notifications_tracking')]]),
    });
    assert.deepEqual(states(pending.migrations), { [notif]: 'pending' });
    // Recorded, it ran (Laravel records only what it runs): its table missing is the incident still.
    const recorded = run([decides(notif, 'eklektik_notifications_tracking')], { rows: [{ migration: notif, batch: 1 }], liveTables: new Set(['migrations']) });
    assert.deepEqual(states(recorded.migrations), { [notif]: 'ran-table-missing' });
  });

  it('finds the incident: ran-table-missing and pending-table-exists, with their repairs', () => {
    const result = run(
      [migration(notif, create('eklektik_notifications_tracking')), migration(trans, create('eklektik_transactions_tracking'))],
      {
        rows: [{ migration: notif, batch: 1 }],
        liveTables: new Set(['migrations', 'eklektik_transactions_tracking']),
        liveStructures: new Map([['eklektik_transactions_tracking', liveLike('eklektik_transactions_tracking')]]),
      },
    );
    assert.deepEqual(states(result.migrations), { [notif]: 'ran-table-missing', [trans]: 'pending-table-exists' });
    const [missing, exists] = result.migrations.map((m) => m.problems[0]!);
    assert.equal(missing!.kind, 'table-missing');
    assert.equal(missing!.table, 'eklektik_notifications_tracking');
    assert.deepEqual(missing!.repairs, ['create-table']);
    assert.match(missing!.message, /does not exist/);
    assert.equal(exists!.kind, 'table-exists');
    assert.deepEqual(exists!.differences, [], 'the live table is exactly what the migration creates');
    assert.deepEqual(exists!.repairs, ['record-as-ran', 'drop-table']);
    assert.match(exists!.message, /1050/);
    assert.equal(result.counts.broken, 2);
  });

  it('offers no guessed repair for a missing table without an expected structure', () => {
    const result = run([migration(a, create('a'))], { rows: [{ migration: a, batch: 1 }], liveTables: new Set(['migrations']) });
    assert.equal(result.migrations[0]!.state, 'ran-table-missing');
    assert.deepEqual(result.migrations[0]!.problems[0]!.repairs, []);
    assert.match(result.migrations[0]!.problems[0]!.repairHint, /No expected structure/);
  });

  it('reports schema-drift with the differences attached', () => {
    const drifted = liveLike('eklektik_notifications_tracking', (model) => ({
      ...model,
      columns: model.columns.map((c) => (c.name === 'kpi_updated' ? { ...c, type: 'int' } : c)),
    }));
    const result = run([migration(notif, create('eklektik_notifications_tracking'))], {
      rows: [{ migration: notif, batch: 2 }],
      liveTables: new Set(['migrations', 'eklektik_notifications_tracking']),
      liveStructures: new Map([['eklektik_notifications_tracking', drifted]]),
    });
    const [status] = result.migrations;
    assert.equal(status!.state, 'schema-drift');
    const problem = status!.problems[0]!;
    assert.equal(problem.kind, 'structure-differs');
    assert.deepEqual(problem.repairs, ['alter-table']);
    assert.equal(problem.differences!.length, 1);
    assert.equal(problem.differences![0]!.subject, 'kpi_updated');
    assert.match(problem.message, /kpi_updated/);
  });

  it('the same expected tables against structures read again: the differences of the new ones', () => {
    const catalog = catalogOf(builtInTables);
    const files = [migration(notif, create('eklektik_notifications_tracking'))];
    const status = (live: TableModel) => computeStatus({ migrations: files, catalog, structure }, {
      rows: [{ migration: notif, batch: 1 }],
      liveTables: new Set(['migrations', 'eklektik_notifications_tracking']),
      liveStructures: new Map([['eklektik_notifications_tracking', live]]),
    }, '').migrations[0]!;
    const model = catalog.tables.get('eklektik_notifications_tracking')!.model;
    assert.equal(status(model).state, 'ran');
    const drifted = status({ ...model, columns: model.columns.slice(1) });
    assert.equal(drifted.state, 'schema-drift');
    assert.equal(drifted.problems[0]!.differences!.length, 1);
    assert.equal(status(model).state, 'ran');
  });

  it('lists rows without a file as orphan-record after the files, by batch', () => {
    const gone2 = '2023_05_05_000000_create_old_table';
    const gone1 = '2023_06_06_000000_create_older_table';
    const result = run([migration(a, create('a'))], {
      rows: [{ migration: a, batch: 1 }, { migration: gone1, batch: 1 }, { migration: gone2, batch: 3 }],
      liveTables: new Set(['migrations', 'a']),
    });
    assert.deepEqual(result.migrations.map((m) => [m.name, m.state, m.batch]), [[a, 'ran', 1], [gone1, 'orphan-record', 1], [gone2, 'orphan-record', 3]]);
    assert.deepEqual(result.migrations[1]!.problems[0]!.repairs, ['delete-record']);
    assert.equal(result.maxBatch, 3);
  });

  it('does not call a table missing when a later ran migration dropped or renamed it', () => {
    const drop = '2024_02_01_000000_drop_a_table';
    const rename = '2024_02_02_000000_rename_b_to_c';
    const result = run(
      [migration(a, create('a')), migration(b, create('b')), migration(drop, `Schema::dropIfExists('a');`), migration(rename, `Schema::rename('b', 'c');`)],
      {
        rows: [{ migration: a, batch: 1 }, { migration: b, batch: 1 }, { migration: drop, batch: 2 }, { migration: rename, batch: 2 }],
        liveTables: new Set(['migrations']),
      },
    );
    // Only the rename's target is due; `a` was dropped on purpose and `b` renamed away.
    assert.deepEqual(states(result.migrations), { [a]: 'ran', [b]: 'ran', [drop]: 'ran', [rename]: 'ran-table-missing' });
    assert.equal(result.migrations[3]!.problems[0]!.table, 'c');
  });

  it('replays the recorded migrations by batch before name: a drop that ran after the create, though named before it', () => {
    const drop = '2024_01_01_500000_drop_b_table';
    const rows = [{ migration: a, batch: 1 }, { migration: b, batch: 1 }, { migration: drop, batch: 2 }];
    const files = [migration(a, create('a')), migration(drop, `Schema::dropIfExists('b');`), migration(b, create('b'))];
    const result = run(files, { rows, liveTables: new Set(['migrations', 'a']) });
    assert.deepEqual(states(result.migrations), { [a]: 'ran', [drop]: 'ran', [b]: 'ran' }, '`b` was dropped after it was created');
    // In name order the drop would come first and `b` would be due.
    const inNameOrder = run(files, { rows: rows.map((row) => ({ ...row, batch: 1 })), liveTables: new Set(['migrations', 'a']) });
    assert.equal(states(inNameOrder.migrations)[b], 'ran-table-missing');
  });

  it('does not flag a pending create guarded by hasTable, or one after a dropIfExists', () => {
    const guarded = `if (! Schema::hasTable('a')) { ${create('a')} }`;
    const recreate = `Schema::dropIfExists('b'); ${create('b')}`;
    const result = run([migration(a, guarded), migration(b, recreate)], { liveTables: new Set(['migrations', 'a', 'b']) });
    assert.deepEqual(states(result.migrations), { [a]: 'pending', [b]: 'pending' });
  });

  it('flags only tables that exist now, not ones an earlier pending migration will create', () => {
    const again = '2024_01_03_000000_create_a_again_table';
    const result = run([migration(a, create('a')), migration(again, create('a'))], { liveTables: new Set(['migrations']) });
    assert.deepEqual(states(result.migrations), { [a]: 'pending', [again]: 'pending' });
  });

  it('applies the table prefix to the tables migrations create', () => {
    const file = migration(notif, create('eklektik_notifications_tracking'));
    assert.deepEqual(createdTables(file, 'app_'), ['app_eklektik_notifications_tracking']);
    const result = run([file], {
      rows: [{ migration: notif, batch: 1 }],
      liveTables: new Set(['app_migrations', 'eklektik_notifications_tracking']),
    }, 'app_');
    assert.equal(result.migrations[0]!.state, 'ran-table-missing');
    assert.deepEqual(result.migrations[0]!.problems[0]!.repairs, ['create-table'], 'the prefixed name is found in the catalog');
  });

  it('the same file under another prefix: its tables with that prefix (what a file creates is kept per prefix)', () => {
    const file = migration(notif, create('eklektik_notifications_tracking'));
    const facts = { rows: [{ migration: notif, batch: 1 }], liveTables: new Set(['migrations', 'eklektik_notifications_tracking']) };
    assert.deepEqual(run([file], facts).migrations[0]!.tables, ['eklektik_notifications_tracking']);
    const prefixed = run([file], facts, 'app_');
    assert.deepEqual(prefixed.migrations[0]!.tables, ['app_eklektik_notifications_tracking']);
    assert.equal(prefixed.migrations[0]!.state, 'ran-table-missing');
  });

  it('counts tables created by raw SQL, without the prefix Laravel does not apply to it', () => {
    const raw = `DB::statement('CREATE TABLE legacy_log (id INT)');`;
    const file = migration(a, raw);
    assert.deepEqual(createdTables(file, 'app_'), ['legacy_log']);
    const missing = run([file], { rows: [{ migration: a, batch: 1 }], liveTables: new Set(['app_migrations']) }, 'app_');
    assert.equal(missing.migrations[0]!.state, 'ran-table-missing');
    assert.equal(missing.migrations[0]!.problems[0]!.table, 'legacy_log');
    const present = run([file], { rows: [{ migration: a, batch: 1 }], liveTables: new Set(['app_migrations', 'legacy_log']) }, 'app_');
    assert.equal(present.migrations[0]!.state, 'ran');
  });

  it('ignores operations on another connection', () => {
    const other = `Schema::connection('reporting')->create('a', function (Blueprint $table) { $table->id(); });`;
    const result = run([migration(a, other)], { rows: [{ migration: a, batch: 1 }], liveTables: new Set(['migrations']) });
    assert.equal(result.migrations[0]!.state, 'ran');
  });

  it('keeps the highest batch of a duplicated row and sorts files by name across folders', () => {
    const result = run([migration(b, create('b')), migration(a, create('a'))], {
      rows: [{ migration: a, batch: 1 }, { migration: a, batch: 4 }],
      liveTables: new Set(['migrations', 'a']),
    });
    assert.deepEqual(result.migrations.map((m) => [m.name, m.batch]), [[a, 4], [b, null]]);
  });

  it('says which existing tables it cannot check, apart from those that match or differ', () => {
    const reason = `${b}: raw SQL`;
    const catalog = { tables: catalogOf(builtInTables).tables, unknown: new Map([['b', { name: 'b', reason, migration: b }]]) };
    const result = computeStatus(
      { migrations: [migration(notif, create('eklektik_notifications_tracking')), migration(b, create('b'))], catalog, structure },
      {
        rows: [{ migration: notif, batch: 1 }, { migration: b, batch: 1 }],
        liveTables: new Set(['migrations', 'b', 'eklektik_notifications_tracking']),
        liveStructures: new Map([['eklektik_notifications_tracking', liveLike('eklektik_notifications_tracking')]]),
      },
      '',
    );
    assert.deepEqual(states(result.migrations), { [b]: 'ran', [notif]: 'ran' });
    assert.deepEqual(result.migrations.map((m) => [m.name, m.unchecked]), [[b, [{ table: 'b', reason }]], [notif, undefined]]);
  });

  it('says which tables a migration names with what it cannot read (config(), a variable holding it, a concatenation), ran or pending, and why', () => {
    const users = '2020_02_09_000001_create_twill_default_users_tables';
    const related = '2023_03_24_125122_add_id_to_related';
    const settings = '2020_02_09_000005_create_twill_default_settings_table';
    const pendingOne = '2024_01_09_000000_create_from_env';
    const files = [
      migration(users, `$twillUsersTable = config('twill.users_table', 'twill_users');
        if (! Schema::hasTable($twillUsersTable)) { Schema::create($twillUsersTable, function (Blueprint $table) { $table->id(); }); }
        ${create('kept')}`),
      migration(related, `Schema::table(config('twill.related_table', 'twill_related'), function (Blueprint $table) { $table->id(); });`),
      migration(settings, `$t = config('twill.settings_table'); $t .= 'x'; Schema::create($t, function (Blueprint $table) { $table->id(); });
        Schema::create(Str::singular($t) . '_translations', function (Blueprint $table) { $table->id(); });`),
      migration(pendingOne, `Schema::create(env('TABLE'), function (Blueprint $table) { $table->id(); });`),
    ].sort((x, y) => (x.name < y.name ? -1 : 1));
    const result = run(files, { rows: [users, related, settings].map((m) => ({ migration: m, batch: 1 })), liveTables: new Set(['migrations', 'kept']) });
    // Unknown is no problem: every state stays as Laravel's (the tables are neither healthy nor broken).
    assert.deepEqual(states(result.migrations), { [users]: 'ran', [related]: 'ran', [settings]: 'ran', [pendingOne]: 'pending' });
    const unchecked = Object.fromEntries(result.migrations.map((m) => [m.name, (m.unchecked ?? []).map((u) => [u.table, u.expression, u.reason])]));
    assert.deepEqual(unchecked[users], [[undefined, '$twillUsersTable',
      "Schema::create() takes the name of its table from `$twillUsersTable`, assigned `config('twill.users_table', 'twill_users')` on line 10, a configuration value only the running app knows (config()'s default is used only when no configuration sets the key): which table that is, is not known, so it is neither checked nor repaired."]]);
    assert.deepEqual(unchecked[related], [[undefined, "config('twill.related_table', 'twill_related')",
      "Schema::table() takes the name of its table from `config('twill.related_table', 'twill_related')`, a configuration value only the running app knows (config()'s default is used only when no configuration sets the key): which table that is, is not known, so it is neither checked nor repaired."]]);
    // Changed after its assignment: only the variable is named, never a value it may no longer hold.
    assert.match(unchecked[settings][0][2] as string, /^Schema::create\(\) takes the name of its table from `\$t`, a variable whose value is not known here:/);
    assert.match(unchecked[settings][1][2] as string, /from `Str::singular\(\$t\) \. '_translations'`, text built from parts not all known:/);
    assert.match(unchecked[pendingOne][0][2] as string, /from `env\('TABLE'\)`, an environment value only the running app knows:/);
    // The French says the same, from the same message.
    assert.equal(result.migrations.find((m) => m.name === users)!.unchecked![0]!.said?.id, 'status.unnamedTable');
  });

  it('says why a table made only under a condition is not checked, on every recorded migration that makes it, after the tables it checks', () => {
    const c = '2024_01_03_000000_drop_a_table';
    const d = '2024_01_04_000000_maybe_a_table';
    const e = '2024_01_05_000000_maybe_e_table';
    const f = '2024_01_06_000000_pending_e_table';
    const g = '2024_01_05_500000_mysql_only_tables';
    const maybe = (table: string) => `if (config('app.optional')) { ${create(table)} }`;
    const files = [
      migration(a, `${create('a')} ${create('kept')}`),
      migration(b, `${create('b')} ${maybe('gone')}`),
      migration(c, `Schema::drop('a'); Schema::drop('kept');`),
      migration(d, maybe('a')),
      migration(e, `${maybe('e')} ${maybe('absent')}`),
      migration(g, `if (DB::getDriverName() === 'mysql') { ${create('m')} DB::statement('CREATE TABLE raw_m (id int)'); }`),
      migration(f, create('e')),
    ];
    const why = (table: string) => ({ name: table, reason: `${table}: only under a condition` });
    const catalog = { tables: new Map(), unknown: new Map(['a', 'b', 'e', 'absent', 'gone', 'kept', 'm', 'raw_m'].map((t) => [t, why(t)])) };
    const result = computeStatus(
      { migrations: files, catalog, structure, driver: 'mariadb' },
      { rows: [a, b, c, d, e, g].map((migration) => ({ migration, batch: 1 })), liveTables: new Set(['migrations', 'a', 'b', 'e', 'kept', 'm', 'raw_m']), liveStructures: new Map() },
      '',
    );
    const said = (table: string) => ({ table, reason: why(table).reason });
    // b: its own table is unknown (claimed, so said by the replay); `gone` is not there, so nothing to say.
    // a: made by a, dropped by c, made again only under a condition by d: said on both files that make it.
    // kept: made by a, dropped by c, there all the same: no claim on it either. m and raw_m: made in the other driver's branch.
    assert.deepEqual(result.migrations.map((m) => [m.name, m.state, m.unchecked]), [
      [a, 'ran', [said('a'), said('kept')]],
      [b, 'ran', [said('b')]],
      [c, 'ran', undefined],
      [d, 'ran', [said('a')]],
      [e, 'ran', [said('e')]],
      [g, 'ran', [said('m'), said('raw_m')]],
      [f, 'pending-table-exists', undefined],
    ]);
  });

  it('translates a migration whose row was lost with the recorded ones after it (unless a recorded one makes its table too), and a file renamed after it ran', () => {
    const c = '2024_01_03_000000_create_c_table';
    const files = [migration(a, create('a')), migration(b, create('b')), migration(c, create('c'))];
    const live = new Set(['migrations', 'a', 'b', 'c']);
    assert.deepEqual([...builtBy(files, new Set([a, c]), live, '')].sort(), [a, b, c]);
    // Its table absent, or no recorded migration after it (it may simply not have run yet): recorded only.
    const recorded = new Set([a, c]);
    assert.equal(builtBy(files, recorded, new Set(['migrations', 'a', 'c']), ''), recorded);
    const early = new Set([a]);
    assert.equal(builtBy(files, early, live, ''), early);
    // A duplicate create of a recorded migration's table: repair must see it as one.
    const twice = [migration(a, create('a')), migration(b, create('a')), migration(c, create('c'))];
    assert.equal(builtBy(twice, recorded, live, ''), recorded);
    // A file renamed after it ran, its timestamp kept: its row has no file, and it is the timestamp's only unrecorded file.
    const renamed = `${b}_again`;
    const moved = [migration(a, create('a')), migration(renamed, "Schema::table('a', function (Blueprint $table) { $table->renameColumn('x', 'y'); });")];
    assert.deepEqual([...builtBy(moved, new Set([a, b]), new Set(['migrations', 'a']), '')].sort(), [a, b, renamed]);
    // Two unrecorded files of that timestamp: which one is the row's cannot be told.
    const rows = new Set([a, b]);
    assert.equal(builtBy([...moved, migration(`${b}_twice`, create('d'))], rows, new Set(['migrations', 'a']), ''), rows);
  });

  describe('a branch on the driver, decided by the driver the connection runs', () => {
    // `=== 'mysql'` alone: Laravel 11+'s mariadb driver takes the else branch.
    const onMysql = (then: string, otherwise = '') => `if (DB::getDriverName() === 'mysql') { ${then} }${otherwise ? ` else { ${otherwise} }` : ''}`;
    const missing = (result: ReturnType<typeof run>) => result.migrations.flatMap((m) => m.problems.map((p) => [m.name, p.kind, p.table]));

    it('a table the running driver\'s branch created is missing: ran-table-missing; the other branch\'s is not expected', () => {
      const files = [migration(a, onMysql(create('a'), create('b')))];
      const facts = { rows: [{ migration: a, batch: 1 }], liveTables: new Set(['migrations']) };
      assert.deepEqual(missing(run(files, facts, '', 'mysql')), [[a, 'table-missing', 'a']]);
      assert.deepEqual(missing(run(files, facts, '', 'mariadb')), [[a, 'table-missing', 'b']]);
      // The driver not known: no claim either way.
      assert.deepEqual(missing(run(files, facts)), []);
    });

    it('raw SQL in a driver\'s branch: its CREATE TABLE is expected only with that driver', () => {
      const files = [migration(a, onMysql("DB::statement('CREATE TABLE raw_t (id int)');"))];
      const facts = { rows: [{ migration: a, batch: 1 }], liveTables: new Set(['migrations']) };
      assert.deepEqual(missing(run(files, facts, '', 'mysql')), [[a, 'table-missing', 'raw_t']]);
      assert.deepEqual(missing(run(files, facts, '', 'mariadb')), []);
      assert.deepEqual(missing(run(files, facts)), []);
    });

    it('a drop in the other driver\'s branch never ran: the table is still expected', () => {
      const files = [migration(a, create('a')), migration(b, onMysql("Schema::drop('a');"))];
      const facts = { rows: [{ migration: a, batch: 1 }, { migration: b, batch: 1 }], liveTables: new Set(['migrations']) };
      assert.deepEqual(missing(run(files, facts, '', 'mariadb')), [[a, 'table-missing', 'a']]);
      assert.deepEqual(missing(run(files, facts, '', 'mysql')), []);
      assert.deepEqual(missing(run(files, facts)), []);
    });

    it('a pending create in the running driver\'s branch of a table that exists: pending-table-exists (1050); not in the other\'s', () => {
      const files = [migration(a, onMysql(create('a')))];
      const facts = { liveTables: new Set(['migrations', 'a']) };
      assert.deepEqual(states(run(files, facts, '', 'mysql').migrations), { [a]: 'pending-table-exists' });
      assert.deepEqual(states(run(files, facts, '', 'mariadb').migrations), { [a]: 'pending' });
      assert.deepEqual(states(run(files, facts).migrations), { [a]: 'pending' });
    });
  });
});
