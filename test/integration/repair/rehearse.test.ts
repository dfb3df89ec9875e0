// A repair rehearsed on a scratch copy of the incident's database (MariaDB, the real Laravel 8.83
// fixture): the prediction against Laravel's own migrate afterwards, no scratch database left
// behind on any path (success, a step the server refuses, an interrupt), the real database only
// read, the CREATE privilege said when missing; and the report an applied repair leaves beside
// its backup, whose restore command really restores.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { rehearseRepair } from '../../../src/core/repair/rehearse';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { builtInTables } from '../../../src/schema';
import { main } from '../../../src/cli/main';
import { createTestUser, testServer, withServer, type TestDatabase } from '../../support/database';
import { artisan, bringTo, laravelAppDir, laravelMigrationsDir, migrateAll, migrationNames } from '../../support/laravel';
import { translateOptionsFor } from '../../support/laravelVersions';
import { cli, dumpState, repairSuite } from './state';
import { catalog as messages, fillTemplate, renderedArgs, type Message } from '../../../src/core/messages/catalog';

const N = migrationNames.notificationsTracking;
const T = migrationNames.transactionsTracking;

/** The structure the server reports (information_schema) and every table's SHOW CREATE and rows. */
async function everything(test: TestDatabase): Promise<unknown> {
  const db = await test.open();
  try {
    const columns = await db.query(
      `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`);
    const indexes = await db.query(
      'SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2, 3');
    return { columns, indexes, state: await dumpState(db) };
  } finally {
    await db.close();
  }
}

/** The scratch databases of `database` still on the server. */
async function scratchesOf(database: string): Promise<string[]> {
  return withServer(async (c) => {
    const [rows] = await c.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${database.replace(/_/g, '\\_')}\\_\\_md\\_rehearsal\\_%`]);
    return (rows as { name: string }[]).map((r) => r.name);
  });
}

describe('repair --rehearse and the repair report (real Laravel oracle, MariaDB)', function () {
  this.timeout(180_000);
  const suite = repairSuite();
  const { database, cleanup } = suite;

  async function inputsAndDb(test: TestDatabase): Promise<{ db: Database; inputs: Awaited<ReturnType<typeof loadRepairInputs>> }> {
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), builtInTables);
    const db = await test.open();
    cleanup.push(() => db.close());
    return { db, inputs };
  }

  it('predicts that the next migrate passes after the plan, changes nothing, leaves no scratch database; Laravel agrees once applied', async () => {
    const test = await database('md_rehearse_incident');
    await bringTo(test.name, 'incident-with-rows');
    const before = await everything(test);

    const rehearsed = await cli(['repair', '--rehearse', '--json'], test.name);
    assert.equal(rehearsed.code, 0, rehearsed.out + rehearsed.err);
    const { rehearsal } = JSON.parse(rehearsed.out);
    assert.equal(rehearsal.kind, 'rehearsed');
    assert.deepEqual(rehearsal.applied, [`create-table:${N}:eklektik_notifications_tracking`, `record-as-ran:${T}`]);
    assert.deepEqual(rehearsal.verification.map((v: { migration: string; ok: boolean }) => [v.migration, v.ok]), [[N, true], [T, true]]);
    assert.equal(rehearsal.nextMigrate, 'passes');
    assert.match(rehearsal.scratch.database, new RegExp(`^${test.name}__md_rehearsal_[0-9a-f]{8}$`));
    assert.equal(rehearsal.scratch.dropped, true);
    assert.deepEqual(rehearsal.scratch.rowsLeftOut, []);
    assert.deepEqual(await scratchesOf(test.name), []);
    assert.deepEqual(await everything(test), before, 'the rehearsal changed the real database');

    // The text says the same.
    const text = await cli(['repair', '--rehearse'], test.name);
    assert.equal(text.code, 0, text.out + text.err);
    assert.match(text.out, /the next `php artisan migrate` is predicted to pass/);
    assert.match(text.out, /was dropped; nothing was written to/);

    // The prediction against the real thing: applied for real, Laravel migrates nothing and fails nowhere.
    const applied = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    const migrate = await artisan(test.name, ['migrate', '--force']);
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
  });

  it('predicts the failure a partial plan leaves (1050 on the table still unrecorded), as Laravel then meets it', async () => {
    const test = await database('md_rehearse_partial');
    await bringTo(test.name, 'incident');
    const rehearsed = await cli(['repair', '--rehearse', '--json', '--only', N], test.name);
    assert.equal(rehearsed.code, 1, rehearsed.out + rehearsed.err);
    const { rehearsal } = JSON.parse(rehearsed.out);
    assert.deepEqual(rehearsal.applied, [`create-table:${N}:eklektik_notifications_tracking`]);
    assert.equal(rehearsal.nextMigrate, 'fails');
    assert.deepEqual(rehearsal.preflight.filter((m: { prediction: string }) => m.prediction === 'fails').map((m: { name: string; error: { code: number } }) => [m.name, m.error.code]), [[T, 1050]]);
    assert.match(rehearsal.report, new RegExp(`predicted to fail: ${T}: 1050 `));
    assert.deepEqual(await scratchesOf(test.name), []);
    const applied = await cli(['repair', '--apply', '--yes', '--only', N, '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    const migrate = await artisan(test.name, ['migrate', '--force']);
    assert.notEqual(migrate.code, 0);
    assert.match(migrate.stdout + migrate.stderr, /1050/);
    assert.match(migrate.stdout + migrate.stderr, new RegExp(T));
  });

  it('says which rows were left out when a table has more than --rehearse-rows', async () => {
    const test = await database('md_rehearse_bounded');
    await bringTo(test.name, 'incident-with-rows');
    const rehearsed = await cli(['repair', '--rehearse', '--json', '--rehearse-rows', '1'], test.name);
    const { rehearsal } = JSON.parse(rehearsed.out);
    assert.ok(rehearsal.scratch.rowsLeftOut.some((r: { table: string }) => r.table === 'eklektik_transactions_tracking'), JSON.stringify(rehearsal.scratch));
    assert.ok(rehearsal.scratch.rowsLeftOut.every((r: { table: string; copied: number }) => r.copied === 1 && r.table !== 'migrations'));
    assert.match(rehearsal.report, /Only the first row of .*eklektik_transactions_tracking.* was copied/);
    assert.deepEqual(await scratchesOf(test.name), []);
  });

  it('names the views and triggers it did not copy, and leaves the real ones as they were', async () => {
    const test = await database('md_rehearse_views');
    await bringTo(test.name, 'incident-with-rows');
    const db = await test.open();
    try {
      await db.execute('CREATE VIEW `recent users` AS SELECT id, email FROM users');
      await db.execute('CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW SET NEW.updated_at = NOW()');
    } finally {
      await db.close();
    }
    const before = await everything(test);
    const rehearsed = await cli(['repair', '--rehearse', '--json'], test.name);
    const { rehearsal } = JSON.parse(rehearsed.out);
    assert.deepEqual(rehearsal.scratch.notCopied, { views: [{ name: 'recent users', type: 'VIEW' }], triggers: ['users_touch'] });
    assert.match(rehearsal.report, /Views and other non-base tables are not copied to the scratch database \(recent users\)/);
    assert.match(rehearsal.report, /Triggers are not copied to the scratch database \(users_touch\)/);
    assert.deepEqual(await everything(test), before);
    assert.deepEqual(await scratchesOf(test.name), []);
  });

  it('drops the scratch database when a step fails there (a foreign key whose table went away after the plan), and the real one is untouched', async () => {
    const test = await database('md_rehearse_fails');
    await migrateAll(test.name);
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      await c.query('DROP TABLE eklektik_transactions_tracking');
    });
    const { db, inputs } = await inputsAndDb(test);
    const { plan } = await planFor(db, inputs);
    assert.deepEqual(plan.steps.map((s) => s.id), [`create-table:${T}:eklektik_transactions_tracking`]);
    // The table it references disappears between the plan and the rehearsal: the server refuses the CREATE.
    await db.execute('SET FOREIGN_KEY_CHECKS=0');
    await db.execute('DROP TABLE transactions_history');
    await db.execute('SET FOREIGN_KEY_CHECKS=1');
    const before = await everything(test);
    const outcome = await rehearseRepair(db, plan, { inputs, translate: translateOptionsFor('8.83'), strict: true });
    assert.equal(outcome.kind, 'rehearsed');
    if (outcome.kind !== 'rehearsed') return;
    assert.equal(outcome.ok, false);
    assert.equal(outcome.failure?.error.kind, 'missing-foreign-key-target', outcome.report);
    assert.equal(outcome.nextMigrate, 'unknown');
    assert.match(outcome.report, /the plan did not apply completely on the copy/);
    assert.equal(outcome.notDropped, undefined);
    assert.deepEqual(await scratchesOf(test.name), []);
    assert.deepEqual(await everything(test), before);
  });

  it('after a step refused on the copy, says which of its statements ran, and the steps never started, as the apply does (text, --json, French)', async () => {
    const test = await database('md_rehearse_not_run');
    await migrateAll(test.name);
    const table = 'eklektik_transactions_tracking';
    const key = `${table}_transaction_id_foreign`;
    const gone = '2025_01_01_000000_create_gone_table';
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      // The key changed under its name by hand, a row without its parent, an orphan row for a step after it.
      await c.query(`ALTER TABLE ${table} DROP FOREIGN KEY ${key}`);
      await c.query(`ALTER TABLE ${table} ADD CONSTRAINT ${key} FOREIGN KEY (transaction_id) REFERENCES transactions_history (id) ON DELETE CASCADE`);
      await c.query('SET foreign_key_checks = 0');
      await c.query(`INSERT INTO ${table} (transaction_id) VALUES (424242)`);
      await c.query(`INSERT INTO migrations (migration, batch) VALUES ('${gone}', 1)`);
    });
    const before = await everything(test);
    const step = `alter-table:${T}:${table}`;

    const text = await cli(['repair', '--rehearse'], test.name);
    assert.equal(text.code, 1, text.out + text.err);
    assert.match(text.out, new RegExp(`^Failed: step ${step} after 1 of its statements: `, 'm'));
    assert.ok(text.out.includes(`\n  Ran before it, and stays applied (the server does not undo it): ALTER TABLE \`${table}\` DROP FOREIGN KEY \`${key}\`\n`), text.out);
    assert.match(text.out, new RegExp(`^Steps not run: delete-record:${gone}\\.$`, 'm'));

    const json = JSON.parse((await cli(['repair', '--rehearse', '--json'], test.name)).out) as { rehearsal: { failure: { step: string; errno: number }; notRun: string[]; applied: string[] } };
    assert.deepEqual([json.rehearsal.failure.step, json.rehearsal.failure.errno, json.rehearsal.applied, json.rehearsal.notRun], [step, 1452, [], [`delete-record:${gone}`]]);

    // The editor renders the same lines in the user's language.
    const { db, inputs } = await inputsAndDb(test);
    const { plan } = await planFor(db, inputs);
    const outcome = await rehearseRepair(db, plan, { inputs, translate: translateOptionsFor('8.83'), strict: true });
    assert.ok(outcome.kind === 'rehearsed');
    const bundle = JSON.parse(readFileSync(path.join(__dirname, '../../../../l10n/bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    const french = (m: Message): string => fillTemplate(bundle[messages[m.id]]!, renderedArgs(m, french));
    assert.ok(outcome.reportSaid.map(french).includes(`Étapes non exécutées : delete-record:${gone}.`), outcome.reportSaid.map(french).join('\n'));
    assert.deepEqual(await scratchesOf(test.name), []);
    assert.deepEqual(await everything(test), before);
  });

  it('drops the scratch database when the process is interrupted during the apply', async () => {
    const test = await database('md_rehearse_signal');
    await bringTo(test.name, 'incident');
    const { db, inputs } = await inputsAndDb(test);
    const { plan } = await planFor(db, inputs);
    let interrupt: (() => Promise<unknown>) | undefined;
    let seen: string[] = [];
    const outcome = await rehearseRepair(db, plan, {
      inputs, translate: translateOptionsFor('8.83'), strict: true,
      onInterrupt: (cleanup) => { interrupt = cleanup; return () => { interrupt = undefined; }; },
      hooks: {
        // What the CLI's signal handler runs, at the moment a step is about to run.
        beforeStep: async (_step, index) => {
          seen = await scratchesOf(test.name);
          if (index === 0) await interrupt!();
        },
      },
    });
    assert.equal(seen.length, 1, 'the scratch database existed while the steps ran');
    assert.equal(interrupt, undefined, 'the interrupt cleanup is removed once done');
    assert.equal(outcome.kind, 'rehearsed');
    if (outcome.kind === 'rehearsed') assert.equal(outcome.ok, false, outcome.report);
    assert.deepEqual(await scratchesOf(test.name), []);
  });

  it('a SELECT-only user is told in one sentence that CREATE is needed, exit 2, nothing touched', async () => {
    const test = await database('md_rehearse_readonly');
    await bringTo(test.name, 'incident');
    const reader = await createTestUser(test.name, ['SELECT']);
    cleanup.push(() => reader.drop());
    const before = await everything(test);
    const run = await cli(['repair', '--rehearse'], test.name, { user: reader.user, password: reader.options.password });
    assert.equal(run.code, 2, run.out + run.err);
    assert.equal(run.err, `migration-doctor repair: Rehearsing needs the CREATE privilege to make a scratch database on the server, and user '${reader.user}' lacks it (${run.err.match(/\((Access denied[^)]*)\)/)?.[1]}); nothing was changed.\n`);
    assert.match(run.err, /Access denied/);
    assert.deepEqual(await scratchesOf(test.name), []);
    assert.deepEqual(await everything(test), before);
  });

  it('an applied repair writes its report beside the backup: states, SQL, verification, and a restore command that restores', async () => {
    const test = await database('md_rehearse_report');
    await bringTo(test.name, 'incident-with-rows');
    const before = await dumpState(await test.open().then((db) => { cleanup.push(() => db.close()); return db; }));
    const applied = await cli(['repair', '--apply', '--yes', '--json', '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    const { outcome } = JSON.parse(applied.out);
    const backup: string = outcome.backup.file;
    const report: string = outcome.reportFile;
    assert.equal(report, backup.replace(/\.sql$/, '.md'));
    assert.ok(existsSync(report));
    const text = readFileSync(report, 'utf8');
    assert.match(text, new RegExp(`^# Migration Doctor repair of .*/${test.name}\\)`));
    assert.match(text, new RegExp(`\`${N}\`: state before the repair: \`ran-table-missing\``));
    assert.match(text, new RegExp(`\`${T}\`: state before the repair: \`pending-table-exists\``));
    assert.match(text, /```sql\nCREATE TABLE `eklektik_notifications_tracking`/);
    assert.match(text, new RegExp(`INSERT INTO \`migrations\` \\(\`migration\`, \`batch\`\\) VALUES \\('${T}', 2\\);`));
    assert.match(text, new RegExp(`## Verification after the repair\\n\\n- ✅ \`${N}\`: ran, structure as expected\\n- ✅ \`${T}\`: ran, structure as expected`));
    const command = text.match(/```sh\n(migration-doctor restore .*)\n```/)?.[1];
    assert.ok(command, text);
    const server = testServer();
    assert.equal(command, `migration-doctor restore ${backup} --host ${server.host} --port ${server.port} --user ${server.user} --database ${test.name}`);

    // The text output names the report too.
    const again = await database('md_rehearse_report2');
    await bringTo(again.name, 'incident');
    const textRun = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], again.name);
    assert.match(textRun.out, new RegExp(`Report: ${suite.backups.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${again.name}-\\d{8}-\\d{6}(-\\d+)?\\.md\\n`));

    // The command, run as written, puts the database back.
    const words = command.split(' ').slice(1);
    const io = { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, out: () => undefined, err: () => undefined, readStdin: async () => '' };
    assert.equal(await main(words, io), 0);
    const db = await test.open();
    try { assert.deepEqual(await dumpState(db), before); } finally { await db.close(); }
    assert.ok(path.isAbsolute(backup));
  });
});
