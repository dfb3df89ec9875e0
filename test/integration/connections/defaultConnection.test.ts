// A migration that names its connection: the default one by its name (`protected $connection = 'mysql'`,
// `Schema::connection('mysql')`) changes the default database, and raw SQL (`DB::statement`) in a
// class on another connection runs there, as Laravel's migrator makes the class's connection the
// default while up() runs (Migrator::runMethod), and `DB::connection('other')->statement()` there too. Against the real Laravel 8.83 and 12 on MariaDB:
// status must claim exactly the tables Laravel made where it made them, and preflight must predict
// the next migrate.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { preflightDatabase } from '../../../src/core/preflight';
import { takeSnapshot } from '../../../src/core/status/engine';
import { AnalysisCache, analyserIdentity } from '../../../src/core/analysis/cache';
import { cachedStatusInput, loadStatusInput } from '../../../src/core/status/inputs';
import type { LaravelDriver } from '../../../src/core/translate/laravelTarget';
import { listTables } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, runLaravelOk, skipWithoutLaravel, translateOptionsFor, type LaravelVersion } from '../../support/laravelVersions';
import { create, onConnection, withDbFacade, withOtherDatabase } from '../preflight/oracle';

const id = '$table->id();';
const runs: [LaravelVersion, LaravelDriver][] = [['8.83', 'mysql'], ['11', 'mysql'], ['11', 'mariadb'], ['12', 'mysql'], ['12', 'mariadb']];
/** The default connection's name, as an app's config/database.php names it (8.83: the fixture app's). */
const defaultOf = (version: LaravelVersion, driver: LaravelDriver) => (version === '8.83' ? 'mysql' : driver);

describe('a migration on the default connection by its name, and raw SQL on the class\'s own connection, as the real Laravel runs them', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  for (const [version, driver] of runs) {
    it(`Laravel ${version}, ${driver} driver`, async function () {
      skipWithoutLaravel(this, version);
      const name = defaultOf(version, driver);
      const history: Record<string, string> = {
        '2024_01_01_000000_named_default': onConnection(name, create('named', id)),
        '2024_01_02_000000_schema_named_default': withDbFacade(`Schema::connection('${name}')->create('schema_named', function (Blueprint $table) { ${id} });`),
        '2024_01_03_000000_raw_elsewhere': onConnection('other', "DB::statement('CREATE TABLE raw_elsewhere (id int primary key)');"),
        '2024_01_04_000000_raw_named_elsewhere': withDbFacade("DB::connection('other')->statement('CREATE TABLE raw_named_elsewhere (id int primary key)');"),
      };
      await withOtherDatabase('default_connection', async (dir, test, other) => {
        const laravel = { database: test.name, migrationsPath: dir, driver, otherDatabase: other.name, defaultConnection: name };
        for (const [file, text] of Object.entries(history)) writeFileSync(path.join(dir, `${file}.php`), text);
        await runLaravelOk(version, 'migrate', laravel);
        // Where the real Laravel made each table.
        assert.deepEqual((await listTables(test.name)).filter((t) => t !== 'migrations').sort(), ['named', 'schema_named']);
        assert.deepEqual((await listTables(other.name)).sort(), ['raw_elsewhere', 'raw_named_elsewhere']);
        const translate = translateOptionsFor(version, { driver, defaultConnection: name });
        const db = await test.open();
        try {
          // The incident: a table the default connection's migration made is gone.
          await db.execute('DROP TABLE `named`');
          const states = (snapshot: Awaited<ReturnType<typeof takeSnapshot>>) =>
            snapshot.migrations.map((m) => [m.name, m.state, m.problems.map((p) => `${p.kind}${p.table ? ` ${p.table}` : ''}`).join()]);
          const expected = [
            ['2024_01_01_000000_named_default', 'ran-table-missing', 'table-missing named'],
            ['2024_01_02_000000_schema_named_default', 'ran', ''],
            ['2024_01_03_000000_raw_elsewhere', 'ran', ''],
            ['2024_01_04_000000_raw_named_elsewhere', 'ran', ''],
          ];
          assert.deepEqual(states(await takeSnapshot(db, await loadStatusInput([dir], translate, []))), expected);
          // The command line's status reads through the analysis cache: the same, first and kept.
          const cache = () => new AnalysisCache(path.join(dir, 'cache', 'analysis.json'), analyserIdentity('test'));
          for (const run of ['first', 'kept']) {
            const kept = cache();
            assert.deepEqual(states(await takeSnapshot(db, (await cachedStatusInput([dir], translate, [], kept)).input)), expected, run);
            assert.equal(kept.save(), undefined);
          }
          // The kept status part is the default connection's: another default reads the files again.
          const elsewhere = { ...translate, laravel: { ...translate.laravel, defaultConnection: 'another' } };
          assert.equal(states(await takeSnapshot(db, (await cachedStatusInput([dir], elsewhere, [], cache())).input))[0]![1], 'ran');
          await db.execute('CREATE TABLE `named` (id bigint unsigned auto_increment primary key)');
          // Pending: a table the default database has (1050), and raw SQL on the other connection of a table only the default database has.
          writeFileSync(path.join(dir, '2024_02_01_000000_raw_plain_elsewhere.php'), onConnection('other', "DB::statement('CREATE TABLE schema_named (id int primary key)');"));
          const predicted = await preflightDatabase(db, await loadStatusInput([dir], translate, []), translate, { strict: true });
          const first = await runLaravel(version, 'migrate', laravel);
          assert.ok(first.ok, first.output);
          assert.deepEqual(predicted.migrations.map((m) => [m.name, m.prediction]), [['2024_02_01_000000_raw_plain_elsewhere', 'passes']]);
          writeFileSync(path.join(dir, '2024_03_01_000000_named_again.php'), onConnection(name, create('schema_named', id)));
          const again = await preflightDatabase(db, await loadStatusInput([dir], translate, []), translate, { strict: true });
          const real = await runLaravel(version, 'migrate', laravel);
          assert.equal(real.ok, false);
          assert.equal(real.error?.code, 1050, real.output);
          assert.deepEqual(again.migrations.map((m) => [m.name, m.prediction, m.error?.code]), [['2024_03_01_000000_named_again', 'fails', 1050]]);
        } finally {
          await db.close();
        }
      });
    });
  }
});

// Schema::connection('other') builds its Blueprint there, but DB::statement() in its closure is the
// DB facade's, on the default connection (the class's while up() runs).
describe('raw SQL in the closure of a Blueprint on another connection runs on the default one, as the real Laravel runs it', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  for (const [version, driver] of runs.filter(([v]) => v === '8.83' || v === '12')) {
    it(`Laravel ${version}, ${driver} driver`, async function () {
      skipWithoutLaravel(this, version);
      const name = defaultOf(version, driver);
      const history: Record<string, string> = {
        '2024_01_01_000000_create_named': withDbFacade(create('named', "$table->id(); $table->string('x');")),
        '2024_01_02_000000_create_elsewhere': withDbFacade(`Schema::connection('other')->create('elsewhere', function (Blueprint $table) {
            $table->id();
            DB::statement('ALTER TABLE named MODIFY x VARCHAR(20) NULL');
        });`),
      };
      await withOtherDatabase('raw_in_other_blueprint', async (dir, test, other) => {
        const laravel = { database: test.name, migrationsPath: dir, driver, otherDatabase: other.name, defaultConnection: name };
        for (const [file, text] of Object.entries(history)) writeFileSync(path.join(dir, `${file}.php`), text);
        await runLaravelOk(version, 'migrate', laravel);
        assert.deepEqual((await listTables(other.name)).sort(), ['elsewhere']);
        const translate = translateOptionsFor(version, { driver, defaultConnection: name });
        const db = await test.open();
        try {
          const snapshot = await takeSnapshot(db, await loadStatusInput([dir], translate, []));
          assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state, m.problems.map((p) => `${p.kind} ${p.table ?? ''}`).join()]), [
            ['2024_01_01_000000_create_named', 'ran', ''],
            ['2024_01_02_000000_create_elsewhere', 'ran', ''],
          ]);
        } finally {
          await db.close();
        }
      });
    });
  }
});
