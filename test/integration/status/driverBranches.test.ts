// Branches on the database driver (`if (DB::getDriverName() === 'mysql')`) against the real
// Laravel on MariaDB: 8.83 has one driver for MySQL and MariaDB (mysql); 11 and 12 have a
// mariadb driver of their own, which takes the other branch of `=== 'mysql'`. After the real
// `migrate`, status must expect exactly the tables Laravel made (none missing while they are
// there, each missing once dropped), and preflight must predict the next migrate.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { Database } from '../../../src/core/db/database';
import { preflightDatabase } from '../../../src/core/preflight';
import { takeSnapshot } from '../../../src/core/status/engine';
import { loadStatusInput } from '../../../src/core/status/inputs';
import type { StatusSnapshot } from '../../../src/core/status/types';
import type { LaravelDriver } from '../../../src/core/translate/laravelTarget';
import { createTestDatabase, listTables, testServer, withServer } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, runLaravelOk, skipWithoutLaravel, translateOptionsFor, type LaravelVersion } from '../../support/laravelVersions';
import { create, onConnection, table, withDbFacade, withOtherDatabase } from '../preflight/oracle';
import { mkdirSync } from 'node:fs';

const id = '$table->id();';

/** Ran by the real Laravel first: each driver makes a different set of tables. */
const history: Record<string, string> = {
  '2024_01_01_000000_branch_on_mysql': `if (DB::getDriverName() === 'mysql') { ${create('only_mysql', id)} } else { ${create('not_mysql', id)} }`,
  '2024_01_02_000000_driver_variable': `$driver = DB::connection()->getDriverName(); if ($driver !== 'sqlite') { ${create('not_sqlite', id)} }`,
  '2024_01_03_000000_schema_connection': `if (Schema::getConnection()->getDriverName() === 'mariadb') { ${create('only_mariadb', id)} }`,
  '2024_01_04_000000_drop_on_mysql': `if (DB::getDriverName() === 'mysql') { Schema::drop('not_sqlite'); }`,
  '2024_01_05_000000_raw_on_mysql': `if (DB::getDriverName() === 'mysql') { DB::statement('CREATE TABLE raw_mysql (id int)'); }`,
};
/** Pending: with the mysql driver it creates a table the history made (1050); with mariadb it does nothing. */
const pendingName = '2024_02_01_000000_again_on_mysql';
const pending = `if (DB::getDriverName() === 'mysql') { ${create('only_mysql', id)} }`;

async function snapshotOf(db: Database, dir: string, version: LaravelVersion, driver: LaravelDriver): Promise<StatusSnapshot> {
  return takeSnapshot(db, await loadStatusInput([dir], translateOptionsFor(version, { driver }), []));
}

const missingTables = (snapshot: StatusSnapshot) => snapshot.migrations.flatMap((m) => m.problems.filter((p) => p.kind === 'table-missing').map((p) => p.table!)).sort();

describe('status and preflight decide a branch on the driver as the real Laravel takes it', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  const runs: [LaravelVersion, LaravelDriver][] = [['8.83', 'mysql'], ['11', 'mysql'], ['11', 'mariadb'], ['12', 'mysql'], ['12', 'mariadb']];
  for (const [version, driver] of runs) {
    it(`Laravel ${version}, ${driver} driver`, async function () {
      skipWithoutLaravel(this, version);
      const dir = mkdtempSync(path.join(tmpdir(), 'md-driver-branches-'));
      const test = await createTestDatabase('md_driver_branches');
      try {
        for (const [name, body] of Object.entries(history)) writeFileSync(path.join(dir, `${name}.php`), withDbFacade(body));
        await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: dir, driver });
        const made = (await listTables(test.name)).filter((t) => t !== 'migrations');
        // The oracle took the branches this test is about (not a vacuous run).
        assert.equal(made.includes('only_mysql'), version === '8.83' || driver === 'mysql', made.join());
        writeFileSync(path.join(dir, `${pendingName}.php`), withDbFacade(pending));
        const db = await test.open();
        try {
          const translate = translateOptionsFor(version, { driver });
          const before = await snapshotOf(db, dir, version, driver);
          assert.deepEqual(before.migrations.filter((m) => m.state !== 'ran').map((m) => [m.name, m.state]),
            [[pendingName, made.includes('only_mysql') ? 'pending-table-exists' : 'pending']]);
          const predicted = await preflightDatabase(db, await loadStatusInput([dir], translate, []), translate, { strict: true });
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, driver });
          assert.deepEqual(predicted.migrations.map((m) => [m.name, m.prediction, m.error?.code]),
            [[pendingName, real.ok ? 'passes' : 'fails', real.error?.code]], real.output);
          // Every table Laravel made (the history's and the pending one's): each is missing once dropped, and no other.
          const expected = (await listTables(test.name)).filter((t) => t !== 'migrations');
          await withServer(async (c) => {
            for (const t of expected) await c.query(`DROP TABLE \`${test.name}\`.\`${t}\``);
          });
          assert.deepEqual(missingTables(await snapshotOf(db, dir, version, driver)), expected);
          // Laravel 8's only driver for MySQL and MariaDB is mysql, whatever DB_CONNECTION names.
          if (version === '8.83') assert.deepEqual(missingTables(await snapshotOf(db, dir, version, 'mariadb')), expected);
        } finally {
          await db.close();
        }
      } finally {
        await test.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('status and preflight replay a branch on the driver inside a Blueprint closure as the real Laravel takes it', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  const onDriver = (mysql: string, mariadb: string) => `if (DB::getDriverName() === 'mysql') { ${mysql} } else { ${mariadb} }`;
  const history: Record<string, string> = {
    '2024_01_01_000000_closure_on_driver': create('profiles', `$table->id(); ${onDriver("$table->string('col_mysql');", "$table->integer('col_mariadb');")} $table->string('name');`),
    '2024_01_02_000000_change_on_driver': table('profiles', onDriver("$table->index('name');", "$table->unique('name');")),
  };
  /** With the mysql driver it adds a column the history made (1060); with mariadb one it did not. */
  const pendingName = '2024_02_01_000000_add_on_driver';
  const pending = table('profiles', onDriver("$table->string('col_mysql');", "$table->string('col_other');"));
  const structure = (snapshot: StatusSnapshot) => snapshot.migrations.filter((m) => m.name in history)
    .map((m) => [m.name, m.problems.map((p) => p.kind).join(), (m.unchecked ?? []).length]);

  const runs: [LaravelVersion, LaravelDriver][] = [['8.83', 'mysql'], ['11', 'mysql'], ['11', 'mariadb'], ['12', 'mysql'], ['12', 'mariadb']];
  for (const [version, driver] of runs) {
    it(`Laravel ${version}, ${driver} driver`, async function () {
      skipWithoutLaravel(this, version);
      const dir = mkdtempSync(path.join(tmpdir(), 'md-driver-closure-'));
      const test = await createTestDatabase('md_driver_closure');
      try {
        for (const [name, body] of Object.entries(history)) writeFileSync(path.join(dir, `${name}.php`), withDbFacade(body));
        await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: dir, driver });
        const runsMysql = version === '8.83' || driver === 'mysql';
        const columns = await withServer(async (c) => (await c.query(`SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'profiles' ORDER BY ORDINAL_POSITION`, [test.name]))[0] as { c: string }[]);
        // The oracle took the branch this test is about.
        assert.deepEqual(columns.map((c) => c.c), ['id', runsMysql ? 'col_mysql' : 'col_mariadb', 'name']);
        writeFileSync(path.join(dir, `${pendingName}.php`), withDbFacade(pending));
        const db = await test.open();
        try {
          const translate = translateOptionsFor(version, { driver });
          // Compared with the branch the driver took: healthy, nothing unchecked.
          const healthy = await snapshotOf(db, dir, version, driver);
          assert.deepEqual(structure(healthy), Object.keys(history).map((name) => [name, '', 0]));
          // The driver not settled: 8.83 has the mysql driver only; on 11+ the table cannot be checked.
          const unsettledOptions = { ...translate, laravel: { ...translate.laravel, driverAssumed: true as const } };
          const unsettled = await takeSnapshot(db, await loadStatusInput([dir], unsettledOptions, []));
          // (A table is listed as unchecked under the migration that creates it.)
          assert.deepEqual(structure(unsettled).map(([name, problems, unchecked]) => [name, problems, Number(unchecked) > 0]),
            Object.keys(history).map((name, i) => [name, '', i === 0 && version !== '8.83']));
          const predicted = await preflightDatabase(db, await loadStatusInput([dir], translate, []), translate, { strict: true });
          const unsettledPrediction = await preflightDatabase(db, await loadStatusInput([dir], unsettledOptions, []), unsettledOptions, { strict: true });
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, driver });
          assert.equal(real.ok, !runsMysql, real.output);
          assert.deepEqual(predicted.migrations.map((m) => [m.name, m.prediction, m.error?.code]), [[pendingName, real.ok ? 'passes' : 'fails', real.error?.code]], real.output);
          assert.deepEqual(unsettledPrediction.migrations.map((m) => m.prediction), [version === '8.83' ? 'fails' : 'unchecked']);
          // The column the driver's branch added, taken away: the difference is found on that table.
          await withServer(async (c) => c.query(`ALTER TABLE \`${test.name}\`.profiles DROP COLUMN ${runsMysql ? 'col_mysql' : 'col_mariadb'}`));
          assert.deepEqual(structure(await snapshotOf(db, dir, version, driver))[0], [Object.keys(history)[0], 'structure-differs', 0]);
        } finally {
          await db.close();
        }
      } finally {
        await test.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("a migration on another connection (`protected $connection`) is not compared with the default connection's database", function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  const history: Record<string, string> = {
    '2024_01_01_000000_plain': withDbFacade(create('plain', id)),
    '2024_01_02_000000_elsewhere': onConnection('other', `${create('elsewhere', id)} if (DB::getDriverName() === 'mysql') { ${create('elsewhere_mysql', id)} }`),
  };
  /** Creates a table named like one of the default database's: 1050 there, not where it runs. */
  const pendingName = '2024_02_01_000000_plain_elsewhere';

  const runs: [LaravelVersion, LaravelDriver][] = [['8.83', 'mysql'], ['12', 'mysql'], ['12', 'mariadb']];
  for (const [version, driver] of runs) {
    it(`Laravel ${version}, ${driver} driver`, async function () {
      skipWithoutLaravel(this, version);
      await withOtherDatabase('other_connection', async (dir, test, other) => {
        for (const [name, text] of Object.entries(history)) writeFileSync(path.join(dir, `${name}.php`), text);
        await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: dir, driver, otherDatabase: other.name });
        // The oracle ran the class on the other connection.
        assert.deepEqual((await listTables(test.name)).filter((t) => t !== 'migrations'), ['plain']);
        assert.ok((await listTables(other.name)).includes('elsewhere'));
        writeFileSync(path.join(dir, `${pendingName}.php`), onConnection('other', create('plain', id)));
        const db = await test.open();
        try {
          const translate = translateOptionsFor(version, { driver });
          const snapshot = await snapshotOf(db, dir, version, driver);
          assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state, m.problems.map((p) => p.kind).join()]),
            [['2024_01_01_000000_plain', 'ran', ''], ['2024_01_02_000000_elsewhere', 'ran', ''], [pendingName, 'pending', '']]);
          const predicted = await preflightDatabase(db, await loadStatusInput([dir], translate, []), translate, { strict: true });
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, driver, otherDatabase: other.name });
          assert.ok(real.ok, real.output);
          assert.deepEqual(predicted.migrations.map((m) => [m.name, m.prediction]), [[pendingName, 'passes']]);
        } finally {
          await db.close();
        }
      });
    });
  }
});

describe('preflight predicts a throw only the driver decides as the real Laravel meets it, and status expects what ran past it', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  // eventschedule's add_order_id_foreign_key_to_sales_table, in short.
  const throwing = '2024_03_01_000000_needs_mysql';
  const later = '2024_03_02_000000_later';
  const files: Record<string, string> = {
    [throwing]: `if (DB::getDriverName() !== 'mysql') { throw new \\RuntimeException('needs MySQL; got '.DB::getDriverName()); } ${create('after_throw', id)}`,
    [later]: create('later', id),
  };
  const predictions = (result: { migrations: readonly { name: string; prediction: string; error?: { thrown?: true } }[] }) =>
    result.migrations.map((m) => [m.name, m.prediction, m.error?.thrown ?? false]);

  const runs: [LaravelVersion, LaravelDriver][] = [['8.83', 'mysql'], ['11', 'mysql'], ['11', 'mariadb'], ['12', 'mysql'], ['12', 'mariadb']];
  for (const [version, driver] of runs) {
    it(`Laravel ${version}, ${driver} driver`, async function () {
      skipWithoutLaravel(this, version);
      const dir = mkdtempSync(path.join(tmpdir(), 'md-driver-throw-'));
      const test = await createTestDatabase('md_driver_throw');
      try {
        writeFileSync(path.join(dir, '2024_01_01_000000_first.php'), withDbFacade(create('first', id)));
        await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: dir, driver });
        for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.php`), withDbFacade(body));
        const db = await test.open();
        try {
          const translate = translateOptionsFor(version, { driver });
          const predicted = await preflightDatabase(db, await loadStatusInput([dir], translate, []), translate, { strict: true });
          // The driver not settled (no DB_CONNECTION, no readable default): 8.83 runs mysql whatever it is; 11+ cannot tell.
          const unsettledOptions = { ...translate, laravel: { ...translate.laravel, driverAssumed: true as const } };
          const unsettled = await preflightDatabase(db, await loadStatusInput([dir], unsettledOptions, []), unsettledOptions, { strict: true });
          const real = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, driver });
          // The oracle took the path this test is about: the mariadb driver throws, mysql runs on.
          assert.equal(real.ok, driver === 'mysql', real.output);
          if (real.ok) {
            assert.deepEqual(predictions(predicted), [[throwing, 'passes', false], [later, 'passes', false]]);
          } else {
            assert.equal(real.error?.migration, throwing, real.output);
            assert.match(real.error?.message ?? '', /needs MySQL; got mariadb/);
            assert.deepEqual(predictions(predicted), [[throwing, 'fails', true], [later, 'not-reached', false]]);
            assert.match(predicted.migrations[0]!.error!.message, /needs MySQL/);
          }
          assert.deepEqual(unsettled.migrations.map((m) => [m.name, m.prediction]),
            version === '8.83' ? [[throwing, 'passes'], [later, 'passes']] : [[throwing, 'unchecked'], [later, 'passes']]);
          const made = (await listTables(test.name)).filter((t) => t !== 'migrations' && t !== 'first');
          assert.deepEqual(made, real.ok ? ['after_throw', 'later'] : []);
          // A recorded migration did not throw: what follows the throw ran, whichever driver the app runs now.
          for (const now of version === '8.83' ? ['mysql'] as const : ['mysql', 'mariadb'] as const) {
            const snapshot = await snapshotOf(db, dir, version, now);
            assert.deepEqual(snapshot.migrations.slice(1).map((m) => [m.name, m.state]), [[throwing, real.ok ? 'ran' : 'pending'], [later, real.ok ? 'ran' : 'pending']]);
            assert.deepEqual(missingTables(snapshot), []);
          }
          await withServer(async (c) => {
            for (const t of made) await c.query(`DROP TABLE \`${test.name}\`.\`${t}\``);
          });
          if (version !== '8.83') assert.deepEqual(missingTables(await snapshotOf(db, dir, version, 'mariadb')), made);
        } finally {
          await db.close();
        }
      } finally {
        await test.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("status reads the driver the app's connection runs from config/database.php, or claims nothing by it", function () {
  this.timeout(300_000);

  /** `migration-doctor status --json` in `root`, with DB_CONNECTION from the environment when given. */
  async function statusJson(root: string, database: string, dbConnection?: string): Promise<{ code: number; json: any }> {
    const server = testServer();
    let out = '';
    let err = '';
    const env = { DB_PASSWORD: server.password, ...(dbConnection ? { DB_CONNECTION: dbConnection } : {}) };
    const code = await main(['status', '--json', '--no-cache', '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database],
      { cwd: root, env, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' });
    assert.ok(out, err);
    return { code, json: JSON.parse(out) };
  }
  const missing = (json: any): string[] => json.migrations.flatMap((m: any) => m.problems.filter((p: any) => p.kind === 'table-missing').map((p: any) => p.table)).sort();

  it("Laravel 12, DB_CONNECTION=mysql naming a connection whose driver is mariadb: the mariadb branch, as Laravel takes it", async function () {
    skipWithoutLaravel(this, '12');
    const root = mkdtempSync(path.join(tmpdir(), 'md-driver-app-'));
    const test = await createTestDatabase('md_driver_app');
    try {
      const dir = path.join(root, 'database', 'migrations');
      mkdirSync(dir, { recursive: true });
      mkdirSync(path.join(root, 'config'));
      writeFileSync(path.join(root, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v12.1.0' }] }));
      writeFileSync(path.join(root, 'config', 'database.php'),
        "<?php\nreturn [\n    'default' => env('DB_CONNECTION', 'sqlite'),\n    'connections' => [\n        'sqlite' => ['driver' => 'sqlite'],\n        'mysql' => ['driver' => 'mariadb', 'host' => env('DB_HOST', '127.0.0.1')],\n    ],\n];\n");
      writeFileSync(path.join(dir, '2024_01_01_000000_branch_on_mysql.php'), withDbFacade(history['2024_01_01_000000_branch_on_mysql']!));
      writeFileSync(path.join(dir, '2024_01_02_000000_plain.php'), withDbFacade(create('plain', id)));
      // What the app runs: its mysql connection, with the mariadb driver.
      await runLaravelOk('12', 'migrate', { database: test.name, migrationsPath: dir, driver: 'mariadb' });
      const made = (await listTables(test.name)).filter((t) => t !== 'migrations');
      assert.deepEqual(made, ['not_mysql', 'plain']);
      const healthy = await statusJson(root, test.name, 'mysql');
      assert.deepEqual([healthy.code, healthy.json.laravel.driver, missing(healthy.json)], [0, 'mariadb', []]);
      await withServer(async (c) => {
        for (const t of made) await c.query(`DROP TABLE \`${test.name}\`.\`${t}\``);
      });
      assert.deepEqual(missing((await statusJson(root, test.name, 'mysql')).json), made);
      // Neither DB_CONNECTION nor a default of MySQL or MariaDB: the driver is not known, and the branch supports no claim.
      const unknown = await statusJson(root, test.name);
      assert.deepEqual([unknown.json.laravel.driver, missing(unknown.json)], ['unknown', ['plain']]);
    } finally {
      await test.drop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
