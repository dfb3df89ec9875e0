// The incident, repaired end to end against the real Laravel oracle: status, repair with the
// real CLI, then Laravel's own migrate and migrate:status, Laravel's own structure, the rows,
// and the backup restored into another database.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { openDatabase } from '../../../src/core/db/database';
import { acquireRepairLock } from '../../../src/core/repair/lock';
import { restoreBackup } from '../../../src/core/repair/restore';
import { runRepair } from '../../../src/core/repair/run';
import { freshSnapshot, loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { createTestUser, dumpTables, testServer, withServer, type TestDatabase } from '../../support/database';
import { artisan, bringTo, incidentRows, laravelMigrationsDir, migrateAll, migrateStatus, migrationNames } from '../../support/laravel';
import { translateOptionsFor } from '../../support/laravelVersions';
import { builtInTables } from '../../../src/schema';
import { cli, dumpState, repairSuite } from './state';

const N = migrationNames.notificationsTracking;
const T = migrationNames.transactionsTracking;
const trackingTables = ['eklektik_notifications_tracking', 'eklektik_transactions_tracking'];

describe('repair of the incident (real Laravel oracle, MariaDB)', function () {
  this.timeout(180_000);
  const suite = repairSuite();
  const { database, cleanup } = suite;

  async function stateOf(test: TestDatabase) {
    const db = await test.open();
    try { return await dumpState(db); } finally { await db.close(); }
  }

  it('status, repair, then Laravel migrates nothing, shows both ran, has its own structure, keeps the rows; the backup restores', async () => {
    const test = await database('md_repair_incident');
    await bringTo(test.name, 'incident-with-rows');

    const status = JSON.parse((await cli(['status', '--json'], test.name)).out) as { migrations: { name: string; state: string }[] };
    const stateOfMigration = (name: string) => status.migrations.find((m) => m.name === name)?.state;
    assert.equal(stateOfMigration(N), 'ran-table-missing');
    assert.equal(stateOfMigration(T), 'pending-table-exists');

    const before = await stateOf(test);
    const plan = await cli(['repair'], test.name);
    assert.equal(plan.code, 1, plan.err);
    assert.match(plan.out, /CREATE TABLE `eklektik_notifications_tracking`/);
    assert.match(plan.out, new RegExp(`INSERT INTO \`migrations\` \\(\`migration\`, \`batch\`\\) VALUES \\('${T}', 2\\)`));
    assert.deepEqual(await stateOf(test), before, '--plan changed the database');

    const applied = await cli(['repair', '--apply', '--yes', '--json', '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    const outcome = JSON.parse(applied.out).outcome;
    assert.equal(outcome.ok, true);
    assert.deepEqual(outcome.verification.map((v: { migration: string; ok: boolean }) => [v.migration, v.ok]), [[N, true], [T, true]]);
    const backupFile: string = outcome.backup.file;
    assert.match(path.basename(backupFile), new RegExp(`^${test.name}-\\d{8}-\\d{6}\\.sql$`));

    // Laravel itself agrees.
    const migrate = await artisan(test.name, ['migrate', '--force']);
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
    assert.match(migrate.stdout, /Nothing to migrate/);
    const laravelStatus = await migrateStatus(test.name);
    assert.deepEqual(laravelStatus.filter((r) => r.name === N || r.name === T).map((r) => [r.name, r.ran, r.batch]), [[N, true, 1], [T, true, 2]]);

    // Exactly the structure Laravel creates from the corrected migrations.
    const reference = await database('md_repair_reference');
    await migrateAll(reference.name);
    assert.deepEqual(await dumpTables(test.name, trackingTables), await dumpTables(reference.name, trackingTables));

    // The rows are still there.
    const db = await test.open();
    try {
      const rows = await db.query<{ id: string; processing_batch_id: string }>('SELECT id, processing_batch_id FROM eklektik_transactions_tracking ORDER BY id');
      assert.deepEqual(rows.map((r) => [Number(r.id), r.processing_batch_id]), incidentRows.transactionsTracking.map((r) => [r.id, r.processing_batch_id]));
      assert.equal((await db.query('SELECT * FROM transactions_history')).length, incidentRows.transactionsHistory.length);
    } finally {
      await db.close();
    }

    // A second repair plans nothing.
    const again = await cli(['repair'], test.name);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /Nothing to repair/);

    // The backup, restored into a copy of the repaired database, gives back the pre-repair state.
    const copy = await database('md_repair_restored');
    const server = testServer();
    const access = [`--host=${server.host}`, `--port=${server.port}`, `--user=${server.user}`, ...(server.password ? [`--password=${server.password}`] : [])];
    const dump = execFileSync('mysqldump', [...access, '--single-transaction', test.name]);
    execFileSync('mysql', [...access, copy.name], { input: dump });
    const restored = await cli(['restore', backupFile], copy.name);
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, new RegExp(`backup of '${test.name}'`));
    assert.deepEqual(await stateOf(copy), before);
  });

  it('repairs the incident from the translated migrations alone (no Drizzle schema), to exactly Laravel\'s structure', async () => {
    const test = await database('md_repair_translated');
    await bringTo(test.name, 'incident-with-rows');
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), []);
    const db = await test.open();
    cleanup.push(() => db.close());
    const { plan } = await planFor(db, inputs);
    assert.deepEqual(plan.steps.map((s) => s.action), ['create-table', 'record-as-ran'], JSON.stringify(plan.notes));
    const outcome = await runRepair(db, plan, { backupDirectory: suite.backups, useMysqldump: true, status: freshSnapshot(test.options, inputs) });
    assert.ok(outcome.kind === 'applied' && outcome.ok, outcome.kind === 'applied' ? outcome.report : outcome.kind);
    const reference = await database('md_repair_translated_ref');
    await migrateAll(reference.name);
    assert.deepEqual(await dumpTables(test.name, trackingTables), await dumpTables(reference.name, trackingTables));
    assert.deepEqual((await planFor(db, inputs)).plan.steps, []);
  });

  it('explains the missing privileges of a read-only user, after status worked', async () => {
    const test = await database('md_repair_readonly');
    await bringTo(test.name, 'incident');
    const reader = await createTestUser(test.name, ['SELECT']);
    cleanup.push(() => reader.drop());
    const before = await stateOf(test);
    const status = await cli(['status'], test.name, { user: reader.user, password: reader.options.password });
    assert.equal(status.code, 1, status.err);
    assert.match(status.out, /ran-table-missing/);
    const repair = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name, { user: reader.user, password: reader.options.password });
    assert.equal(repair.code, 1);
    // Exactly the two steps root would plan: the live foreign key is read even without REFERENTIAL_CONSTRAINTS.
    assert.match(repair.out, /Applied 0 of 2 steps/);
    assert.match(repair.out, /lacks a privilege this step needs/);
    assert.match(repair.out, /CREATE command denied/);
    assert.match(repair.out, /migration-doctor restore /);
    assert.deepEqual(await stateOf(test), before);
  });

  it('does not plan a table whose foreign-key target is missing, and explains 1824 when the target goes away before apply', async () => {
    const test = await database('md_repair_fk');
    await migrateAll(test.name);
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      await c.query('DROP TABLE eklektik_transactions_tracking');
    });
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), builtInTables);
    const db = await test.open();
    cleanup.push(() => db.close());
    const { plan } = await planFor(db, inputs);
    assert.deepEqual(plan.steps.map((s) => s.id), [`create-table:${T}:eklektik_transactions_tracking`]);

    // The referenced table disappears between the plan and the apply.
    await db.execute('SET FOREIGN_KEY_CHECKS=0');
    await db.execute('DROP TABLE transactions_history');
    await db.execute('SET FOREIGN_KEY_CHECKS=1');
    const replanned = await planFor(db, inputs);
    assert.deepEqual(replanned.plan.steps, []);
    assert.ok(replanned.plan.notes.some((n) => /foreign keys reference 'transactions_history', which does not exist/.test(n.message)), JSON.stringify(replanned.plan.notes));

    const outcome = await runRepair(db, plan, { backupDirectory: suite.backups, useMysqldump: true, status: freshSnapshot(test.options, inputs) });
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    assert.equal(outcome.ok, false);
    assert.equal(outcome.failure?.error.kind, 'missing-foreign-key-target');
    assert.match(outcome.report, /A foreign key points at a table or column that does not exist/);
    assert.match(outcome.report, /migration-doctor restore /);
  });

  it('refuses a second repair while one holds the lock', async () => {
    const test = await database('md_repair_lock');
    await bringTo(test.name, 'incident');
    const first = await test.open();
    cleanup.push(() => first.close());
    const lock = await acquireRepairLock(first);
    assert.ok(lock.ok);
    const before = await stateOf(test);
    const second = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(second.code, 1);
    assert.match(second.err, new RegExp(`Another repair or restore of database '${test.name}' is running`));
    assert.deepEqual(await stateOf(test), before);
    await lock.lock.release();
    const third = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(third.code, 0, third.out + third.err);
  });

  it('two repairs started at once: one applies, the other is refused or finds nothing left; never a 1050', async () => {
    const test = await database('md_repair_race');
    await bringTo(test.name, 'incident-with-rows');
    const runs = await Promise.all([1, 2].map(() => cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name)));
    const applied = runs.filter((r) => /Verified: every repaired migration/.test(r.out));
    assert.equal(applied.length, 1, runs.map((r) => r.out + r.err).join('\n---\n'));
    const other = runs.find((r) => r !== applied[0])!;
    assert.match(other.out + other.err, /Another repair or restore|changed since the plan was made|Nothing to repair/);
    assert.doesNotMatch(other.out + other.err, /1050|already exists/);
    const migrate = await artisan(test.name, ['migrate', '--force']);
    assert.match(migrate.stdout, /Nothing to migrate/);
    assert.deepEqual((await migrateStatus(test.name)).filter((r) => r.name === T).map((r) => r.batch), [2], 'recorded once');
  });

  it('refuses to apply a plan the database no longer matches', async () => {
    const test = await database('md_repair_stale');
    await bringTo(test.name, 'incident');
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), builtInTables);
    const db = await test.open();
    cleanup.push(() => db.close());
    const { plan } = await planFor(db, inputs);
    // Someone records 120134 by hand after the preview (batch 2): the planned INSERT would now duplicate it.
    await db.execute("INSERT INTO migrations (migration, batch) VALUES (?, 2)", [T]);
    const before = await stateOf(test);
    const outcome = await runRepair(db, plan, {
      backupDirectory: suite.backups, useMysqldump: false, status: freshSnapshot(test.options, inputs),
      replan: async () => (await planFor(db, inputs)).plan,
    });
    assert.equal(outcome.kind, 'refused');
    assert.match(outcome.kind === 'refused' ? outcome.message : '', new RegExp(`changed since the plan was made: record-as-ran:${T} no longer applies as shown`));
    assert.deepEqual(await stateOf(test), before);
  });

  it('reports a connection killed mid-apply, records nothing half-way, and the backup restores', async () => {
    const test = await database('md_repair_kill');
    await bringTo(test.name, 'incident-with-rows');
    const before = await stateOf(test);
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), builtInTables);
    const db = await openDatabase(test.options);
    cleanup.push(() => db.close());
    const killer = await test.open();
    cleanup.push(() => killer.close());
    const [{ id }] = await db.query<{ id: string }>('SELECT CONNECTION_ID() AS id');
    const { plan } = await planFor(db, inputs);
    assert.deepEqual(plan.steps.map((s) => s.action), ['create-table', 'record-as-ran']);

    const outcome = await runRepair(db, plan, {
      backupDirectory: suite.backups, useMysqldump: false, status: freshSnapshot(test.options, inputs),
      hooks: { beforeStep: async (_step, index) => { if (index === 1) await killer.execute(`KILL ${Number(id)}`); } },
    });
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.applied.map((s) => s.action), ['create-table']);
    assert.equal(outcome.failure?.error.kind, 'connection-lost');
    assert.match(outcome.report, /connection to the server was lost/);
    assert.match(outcome.report, new RegExp(`restore ${outcome.backup.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // Consistent: the created table exists, nothing was recorded for the migration whose step did not run.
    const verified = new Map(outcome.verification.map((v) => [v.migration, v]));
    assert.equal(verified.get(N)?.state, 'ran');
    assert.equal(verified.get(T)?.state, 'pending-table-exists');

    const restored = await restoreBackup(killer, outcome.backup.file);
    assert.ok(restored.ok, restored.ok ? '' : restored.message);
    assert.deepEqual(await stateOf(test), before);
  });
});
