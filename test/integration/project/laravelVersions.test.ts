// The Laravel 11 and 12 oracles agree with the real Laravel 8.83 where the versions do not
// differ: the incident's 1050 and the status that follows it, and the coverage fixture.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createTestDatabase, listTables, TestDatabase } from '../../support/database';
import { laravelAppDir, migrationNames, preFixMigrationFiles, withMigrationsFolder } from '../../support/laravel';
import { LaravelVersion, laravelRelease, runLaravel, runLaravelOk, skipWithoutLaravel } from '../../support/laravelVersions';

const coverageDir = path.join(laravelAppDir, '..', 'blueprint-coverage');

describe('Laravel 11 and 12 as oracles', function () {
  const databases: TestDatabase[] = [];
  const database = async (prefix: string): Promise<TestDatabase> => {
    const db = await createTestDatabase(prefix);
    databases.push(db);
    return db;
  };
  after(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  /** The incident as each version lives it: the pre-fix folder, then the corrected one. */
  async function incident(version: LaravelVersion) {
    const db = await database(`md_project_incident_${version.replace('.', '_')}`);
    const first = await withMigrationsFolder(preFixMigrationFiles(), (dir) => runLaravelOk(version, 'migrate', { database: db.name, migrationsPath: dir }));
    const failed = await runLaravel(version, 'migrate', { database: db.name });
    const status = await runLaravelOk(version, 'status', { database: db.name });
    return { first: first.migrations, failed: { ok: failed.ok, code: failed.error?.code, migrations: failed.migrations, migration: failed.error?.migration }, status: status.status, tables: await listTables(db.name) };
  }

  for (const version of ['11', '12', '13'] as const) {
    it(`Laravel ${version} lives the incident exactly as 8.83 does (1050, same status, same tables)`, async function () {
      skipWithoutLaravel(this, version);
      const [laravel8, other] = await Promise.all([incident('8.83'), incident(version)]);
      assert.deepStrictEqual(laravel8.failed, { ok: false, code: 1050, migrations: [], migration: migrationNames.transactionsTracking });
      assert.ok(laravel8.tables.includes('eklektik_transactions_tracking') && !laravel8.tables.includes('eklektik_notifications_tracking'));
      assert.deepStrictEqual(
        laravel8.status?.find((row) => row.name === migrationNames.notificationsTracking),
        { name: migrationNames.notificationsTracking, ran: true, batch: 1 },
      );
      assert.deepStrictEqual(other, laravel8, `Laravel ${laravelRelease(version)}`);
    });
  }

  it('Laravel 12 answers for a migration that prints while it runs (its output is not the answer)', async function () {
    skipWithoutLaravel(this, '12');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-echo-12-'));
    try {
      fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_echoed_table.php'), `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
return new class extends Migration {
    public function up(): void
    {
        echo "This migration is long. {\\"not\\": \\"json\\"}\\n";
        (new \\Symfony\\Component\\Console\\Output\\ConsoleOutput())->writeln('Creating new tables and columns...');
        Schema::create('echoed', function (Blueprint $table) { $table->id(); });
    }
};
`);
      const db = await database('md_project_echo12');
      const run = await runLaravelOk('12', 'migrate', { database: db.name, migrationsPath: dir });
      assert.deepStrictEqual(run.migrations, ['2020_01_01_000000_create_echoed_table']);
      assert.ok((await listTables(db.name)).includes('echoed'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Laravel 12 migrates the coverage fixture, once unsignedDecimal (removed in 12) is taken out', async function () {
    skipWithoutLaravel(this, '12');
    const refused = await runLaravel('12', 'migrate', { database: (await database('md_project_cov12_refused')).name, migrationsPath: coverageDir });
    assert.strictEqual(refused.ok, false);
    assert.match(refused.error!.message, /unsignedDecimal does not exist/);

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'md-coverage-12-'));
    try {
      for (const file of fs.readdirSync(coverageDir).filter((name) => name.endsWith('.php'))) {
        const source = fs.readFileSync(path.join(coverageDir, file), 'utf8');
        const lines = source.split('\n');
        const kept = lines.filter((line) => !line.includes('->unsignedDecimal('));
        assert.ok(lines.length - kept.length <= 1, file);
        fs.writeFileSync(path.join(copy, file), kept.join('\n'));
      }
      const db = await database('md_project_cov12');
      const run = await runLaravelOk('12', 'migrate', { database: db.name, migrationsPath: copy });
      assert.deepStrictEqual(run.migrations, fs.readdirSync(copy).map((file) => file.slice(0, -'.php'.length)).sort());
      const tables = await listTables(db.name);
      assert.ok(tables.includes('coverage_everything') && tables.length > 5, tables.join(', '));

      const status = await runLaravelOk('12', 'status', { database: db.name, migrationsPath: copy });
      assert.ok(status.status!.every((row) => row.ran && row.batch === 1));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("Laravel 11+ migrates and rolls back the fixture migrations with the 'mariadb' driver; 8.83 has none", async function () {
    skipWithoutLaravel(this, '11');
    const db = await database('md_project_mariadb');
    const run = await runLaravelOk('11', 'migrate', { database: db.name, driver: 'mariadb' });
    assert.strictEqual(run.migrations.length, 6);
    const rollback = await runLaravelOk('11', 'rollback', { database: db.name, driver: 'mariadb' });
    assert.deepStrictEqual(rollback.migrations, [...run.migrations].reverse());
    assert.deepStrictEqual(await listTables(db.name), ['migrations']);
    await assert.rejects(runLaravel('8.83', 'migrate', { database: db.name, driver: 'mariadb' }), /no 'mariadb' driver/);
  });
});
