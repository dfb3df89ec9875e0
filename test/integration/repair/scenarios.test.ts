// The other broken states, repaired with the real CLI and checked with the real Laravel:
// an orphan row, hand-made drift (with its lossy part), a file renamed by the quick fix,
// and the CLI's guard rails.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dumpTables, migrationRows, withServer } from '../../support/database';
import {
  artisan, bringTo, migrateAll, migrateStatus, migrationNames, orphanMigration, preFixMigrationFiles, withMigrationsFolder,
} from '../../support/laravel';
import { cli, repairSuite } from './state';

describe('repair of the other states (real Laravel oracle, MariaDB)', function () {
  this.timeout(180_000);
  const suite = repairSuite();
  const { database, cleanup } = suite;

  it('orphan-record: deletes the row (kept in the backup), leaves the table alone; rollback no longer warns', async () => {
    const test = await database('md_repair_orphan');
    await bringTo(test.name, 'orphan-record');
    const plan = JSON.parse((await cli(['repair', '--json'], test.name)).out).plan;
    assert.deepEqual(plan.steps.map((s: { id: string }) => s.id), [`delete-record:${orphanMigration.name}`]);
    const applied = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    assert.match(applied.out, new RegExp(`ok   ${orphanMigration.name}: row deleted`));
    assert.ok(!(await migrationRows(test.name)).some((r) => r.migration === orphanMigration.name));
    const tables = await withServer(async (c) => (await c.query(`SHOW TABLES FROM \`${test.name}\` LIKE '${orphanMigration.table}'`))[0] as unknown[]);
    assert.equal(tables.length, 1, 'the orphan\'s table is not the repair\'s to drop');
    const backup = /Backup: (\S+\.sql)/.exec(applied.out)![1];
    assert.match(await fs.readFile(backup, 'utf8'), new RegExp(`INSERT INTO \`migrations\` \\(\`id\`, \`migration\`, \`batch\`\\) VALUES\\n\\(\\d+,'${orphanMigration.name}',1\\)`));
    const rollback = await artisan(test.name, ['migrate:rollback', '--force']);
    assert.doesNotMatch(rollback.stdout + rollback.stderr, /Migration not found/);
  });

  it('schema-drift: applies the safe statements, leaves the lossy one for --allow-lossy, then matches Laravel exactly', async () => {
    const test = await database('md_repair_drift');
    await bringTo(test.name, 'schema-drift');
    const reference = await database('md_repair_drift_ref');
    await migrateAll(reference.name);
    const table = ['eklektik_notifications_tracking'];

    const safe = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(safe.code, 1, 'a skipped lossy step is not a success');
    assert.match(safe.out, /Skipped \(can lose data; add --allow-lossy\): alter-table:.*:lossy/);
    const [afterSafe] = await dumpTables(test.name, table);
    assert.ok(afterSafe.indexes.some((i) => i.name === 'idx_processed_kpi'), 'the dropped index is back');
    assert.equal(afterSafe.columns.find((c) => c.name === 'processing_batch_id')?.columnType, 'varchar(100)', 'the narrowing waited');

    const lossy = await cli(['repair', '--apply', '--yes', '--allow-lossy', '--backup-dir', suite.backups], test.name);
    assert.equal(lossy.code, 0, lossy.out + lossy.err);
    assert.deepEqual(await dumpTables(test.name, table), await dumpTables(reference.name, table));
    assert.equal((await cli(['repair'], test.name)).code, 0);
  });

  it('a file renamed by the quick fix: updates the row instead of deleting it; Laravel has nothing to migrate', async () => {
    const test = await database('md_repair_rename');
    await withMigrationsFolder(preFixMigrationFiles(), (dir) => artisan(test.name, ['migrate', '--force', `--path=${dir}`, '--realpath']));
    const renamed = migrationNames.notificationsTracking.replace('notifications', 'transactions');
    // The quick fix renamed the buggy file after the table its up() creates.
    const files = preFixMigrationFiles();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-renamed-'));
    cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
    for (const file of files) {
      const name = path.basename(file, '.php') === migrationNames.notificationsTracking ? `${renamed}.php` : path.basename(file);
      await fs.copyFile(file, path.join(dir, name));
    }
    const status = JSON.parse((await cli(['status', '--json', '--path', dir], test.name)).out) as { migrations: { name: string; state: string }[] };
    assert.deepEqual(status.migrations.filter((m) => m.state !== 'ran').map((m) => [m.name, m.state]).sort(), [
      [migrationNames.notificationsTracking, 'orphan-record'], [renamed, 'pending-table-exists'],
    ].sort());
    const applied = await cli(['repair', '--apply', '--yes', '--path', dir, '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    assert.match(applied.out, new RegExp(`rename-record:${migrationNames.notificationsTracking}`));
    const rows = await migrationRows(test.name);
    assert.ok(rows.some((r) => r.migration === renamed && r.batch === 1), 'the row keeps its batch');
    assert.ok(!rows.some((r) => r.migration === migrationNames.notificationsTracking));
    const migrate = await artisan(test.name, ['migrate', '--force', `--path=${dir}`, '--realpath']);
    assert.match(migrate.stdout, /Nothing to migrate/);
    assert.ok((await migrateStatus(test.name, { migrationsPath: dir })).every((r) => r.ran));
  });

  it('guards: --apply needs --yes, a production connection needs its name, --batch is honoured, --only narrows', async () => {
    const test = await database('md_repair_guards');
    await bringTo(test.name, 'incident');
    const noYes = await cli(['repair', '--apply'], test.name).catch((e: Error) => ({ code: -1, out: '', err: e.message }));
    assert.equal(noYes.code, 2);
    assert.match(noYes.err, /--apply changes the database: add --yes/);
    const env = path.join(suite.backups, 'production.env');
    await fs.writeFile(env, `APP_ENV=production\nDB_CONNECTION=mysql\nDB_DATABASE=${test.name}\n`);
    const production = await cli(['repair', '--apply', '--yes', '--env-file', env], test.name);
    assert.equal(production.code, 2);
    assert.match(production.err, new RegExp(`production connection: add --confirm-database ${test.name}`));
    const only = JSON.parse((await cli(['repair', '--json', '--only', migrationNames.transactionsTracking, '--batch', '7'], test.name)).out).plan;
    assert.deepEqual(only.steps.map((s: { action: string; sql: string[] }) => [s.action, s.sql[0]]), [
      ['record-as-ran', `INSERT INTO \`migrations\` (\`migration\`, \`batch\`) VALUES ('${migrationNames.transactionsTracking}', 7)`],
    ]);
    const confirmed = await cli(['repair', '--apply', '--yes', '--env-file', env, '--confirm-database', test.name, '--batch', '7', '--backup-dir', suite.backups], test.name);
    assert.equal(confirmed.code, 0, confirmed.out + confirmed.err);
    assert.deepEqual((await migrateStatus(test.name)).filter((r) => r.name === migrationNames.transactionsTracking).map((r) => r.batch), [7]);
  });
});
