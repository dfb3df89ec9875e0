// A repair step that the server refuses half-way, because of the table's rows (a duplicate under
// a unique index, a row without its parent under a foreign key), on the real MariaDB with the
// real Laravel's tables. A table's change is one ALTER TABLE, applied whole or not at all: the
// table is left exactly as it was. Where the server forces two statements (a foreign key dropped
// and added again under its name), the run says which statement ran and stays applied, which
// failed, which steps never started, in the text, --json and the report beside the backup;
// status then describes the table as it is, and the backup restores.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { dumpTables, withServer } from '../../support/database';
import { migrateAll, migrationNames } from '../../support/laravel';
import { cli, repairSuite } from './state';

interface FailureJson {
  step: string; statement: string; statementsApplied: number; statementsRan: string[]; statementsNotRun: string[]; errno: number;
}
interface OutcomeJson {
  kind: string; ok: boolean; applied: string[]; notRun: string[]; failure: FailureJson; backup: { file: string }; reportFile: string;
  verification: { migration: string; ok: boolean; state: string }[];
}

describe('repair steps the server refuses half-way (real Laravel, MariaDB)', function () {
  this.timeout(300_000);
  const suite = repairSuite();

  it('a missing column and a unique index over duplicates: one ALTER TABLE, refused whole; the table is as it was', async () => {
    const test = await suite.database('md_partial_unique');
    await migrateAll(test.name);
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      await c.query('ALTER TABLE users DROP COLUMN remember_token, DROP INDEX users_email_unique');
      await c.query("INSERT INTO users (name, email, password) VALUES ('a', 'same@example.com', 'x'), ('b', 'same@example.com', 'y')");
    });
    const before = await dumpTables(test.name, ['users']);

    const step = `alter-table:${migrationNames.users}:users`;
    const text = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(text.code, 1, text.out + text.err);
    // The server applied none of it: the column is not half-added.
    assert.deepEqual(await dumpTables(test.name, ['users']), before);
    assert.match(text.out, new RegExp(`^Failed: step ${step}: `, 'm'));
    assert.match(text.out, /^ {2}Server said: Duplicate entry 'same@example\.com' for key 'users_email_unique'$/m);
    assert.doesNotMatch(text.out, /Ran before it|Not run:/);
    const plan = JSON.parse((await cli(['repair', '--json'], test.name)).out).plan as { steps: { id: string; sql: string[] }[] };
    assert.deepEqual(plan.steps.map((s) => [s.id, s.sql.length]), [[step, 1]], JSON.stringify(plan.steps));
    assert.match(plan.steps[0].sql[0], /^ALTER TABLE `users` ADD COLUMN `remember_token` .*, ADD UNIQUE INDEX `users_email_unique`/);
    assert.match(text.out, new RegExp(`^FAIL ${migrationNames.users}: schema-drift: .*remember_token.*\\(not every step was applied\\)$`, 'm'));
    assert.match(text.out, /^To go back to the state before the repair instead: migration-doctor restore \S+\.sql/m);

    const json = JSON.parse((await cli(['repair', '--apply', '--yes', '--json', '--backup-dir', suite.backups], test.name)).out).outcome as OutcomeJson;
    assert.equal(json.failure.errno, 1062);
    assert.deepEqual([json.failure.statementsRan, json.failure.statementsNotRun, json.applied, json.notRun], [[], [], [], []]);
    assert.deepEqual(await dumpTables(test.name, ['users']), before);
  });

  it('a foreign key changed under its name over a row without its parent: says the drop ran and stays, the re-add failed, the step after never started; status and the backup agree', async () => {
    const test = await suite.database('md_partial_fk');
    await migrateAll(test.name);
    const table = 'eklektik_transactions_tracking';
    const key = `${table}_transaction_id_foreign`;
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      // The key changed by hand (ON DELETE CASCADE), a row written while checks were off, an orphan row for a step after it.
      await c.query(`ALTER TABLE ${table} DROP FOREIGN KEY ${key}`);
      await c.query(`ALTER TABLE ${table} ADD CONSTRAINT ${key} FOREIGN KEY (transaction_id) REFERENCES transactions_history (id) ON DELETE CASCADE`);
      await c.query('SET foreign_key_checks = 0');
      await c.query(`INSERT INTO ${table} (transaction_id) VALUES (424242)`);
      await c.query("INSERT INTO migrations (migration, batch) VALUES ('2025_01_01_000000_create_gone_table', 1)");
    });
    const before = await dumpTables(test.name, [table]);

    const plan = JSON.parse((await cli(['repair', '--json'], test.name)).out).plan as { steps: { id: string; sql: string[] }[] };
    const step = `alter-table:${migrationNames.transactionsTracking}:${table}`;
    const drop = `ALTER TABLE \`${table}\` DROP FOREIGN KEY \`${key}\``;
    assert.deepEqual(plan.steps.map((s) => s.id), [step, 'delete-record:2025_01_01_000000_create_gone_table']);
    assert.equal(plan.steps[0].sql[0], drop);
    assert.equal(plan.steps[0].sql.length, 2);

    const run = await cli(['repair', '--apply', '--yes', '--json', '--backup-dir', suite.backups], test.name);
    assert.equal(run.code, 1, run.out + run.err);
    const outcome = JSON.parse(run.out).outcome as OutcomeJson;
    assert.equal(outcome.failure.step, step);
    assert.equal(outcome.failure.errno, 1452);
    assert.deepEqual(outcome.failure.statementsRan, [drop]);
    assert.equal(outcome.failure.statement, plan.steps[0].sql[1]);
    assert.deepEqual(outcome.failure.statementsNotRun, []);
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(outcome.notRun, ['delete-record:2025_01_01_000000_create_gone_table']);
    // What stands now is read again and said: the key is gone, the row not deleted.
    const [after] = await dumpTables(test.name, [table]);
    assert.ok(!after.foreignKeys.some((k) => k.name === key), 'the drop ran');
    assert.deepEqual(outcome.verification.map((v) => [v.migration, v.ok, v.state]), [
      [migrationNames.transactionsTracking, false, 'schema-drift'],
      ['2025_01_01_000000_create_gone_table', false, 'orphan-record'],
    ]);

    const report = await fs.readFile(outcome.reportFile, 'utf8');
    assert.ok(report.includes(`Statements of step ${step} that ran before the failing one, and stay applied (the server does not undo them):\n\n\`\`\`sql\n${drop};\n\`\`\``), report);
    assert.ok(report.includes(`Steps not run: delete-record:2025_01_01_000000_create_gone_table.`), report);
    assert.match(report, /```sh\nmigration-doctor restore /);

    // The text says the same, and the restore puts the table back as it was.
    const status = JSON.parse((await cli(['status', '--json'], test.name)).out) as { migrations: { name: string; state: string; problems: { differences?: { explanation: string }[] }[] }[] };
    const tracking = status.migrations.find((m) => m.name === migrationNames.transactionsTracking)!;
    assert.equal(tracking.state, 'schema-drift');
    assert.ok(tracking.problems.flatMap((p) => p.differences ?? []).some((d) => d.explanation.includes(`foreign key \`${key}\``)), JSON.stringify(tracking));
    const restored = await cli(['restore', outcome.backup.file], test.name);
    assert.equal(restored.code, 0, restored.out + restored.err);
    assert.deepEqual(await dumpTables(test.name, [table]), before);

    const text = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(text.code, 1, text.out + text.err);
    assert.match(text.out, new RegExp(`^Failed: step ${step} after 1 of its statements: `, 'm'));
    assert.ok(text.out.includes(`\n  Ran before it, and stays applied (the server does not undo it): ${drop}\n  Statement: ${plan.steps[0].sql[1]}\n`), text.out);
    assert.match(text.out, /^Steps not run: delete-record:2025_01_01_000000_create_gone_table\.$/m);
  });

  it('a table created again with its foreign key: one CREATE TABLE, the structure Laravel makes; refused whole when its parent changed', async () => {
    const table = 'eklektik_transactions_tracking';
    const reference = await suite.database('md_partial_create_ref');
    await migrateAll(reference.name);
    const test = await suite.database('md_partial_create');
    await migrateAll(test.name);
    await withServer((c) => c.query(`DROP TABLE \`${test.name}\`.${table}`));
    const plan = JSON.parse((await cli(['repair', '--json'], test.name)).out).plan as { steps: { id: string; sql: string[] }[] };
    assert.deepEqual(plan.steps.map((s) => [s.id, s.sql.length]), [[`create-table:${migrationNames.transactionsTracking}:${table}`, 1]]);
    assert.match(plan.steps[0].sql[0], /^CREATE TABLE [\s\S]*CONSTRAINT `eklektik_transactions_tracking_transaction_id_foreign` FOREIGN KEY/);
    const repaired = await cli(['repair', '--apply', '--yes', '--backup-dir', suite.backups], test.name);
    assert.equal(repaired.code, 0, repaired.out + repaired.err);
    assert.deepEqual(await dumpTables(test.name, [table]), await dumpTables(reference.name, [table]));

    // The parent's key changed by hand: the server refuses the foreign key (errno 150), and with it the table.
    await withServer(async (c) => {
      await c.query(`DROP TABLE \`${test.name}\`.${table}`);
      await c.query(`ALTER TABLE \`${test.name}\`.transactions_history MODIFY id int NOT NULL AUTO_INCREMENT`);
    });
    const refused = await cli(['repair', '--apply', '--yes', '--allow-lossy', '--json', '--backup-dir', suite.backups], test.name);
    assert.equal(refused.code, 1, refused.out + refused.err);
    const outcome = JSON.parse(refused.out).outcome as OutcomeJson;
    assert.equal(outcome.failure.step, `create-table:${migrationNames.transactionsTracking}:${table}`);
    assert.equal(outcome.failure.errno, 1005);
    assert.deepEqual(outcome.failure.statementsRan, []);
    // No table without its key is left behind: the migration is still the one whose table is missing.
    assert.deepEqual(await dumpTables(test.name, [table]), []);
    assert.deepEqual(outcome.verification.find((v) => v.migration === migrationNames.transactionsTracking)?.state, 'ran-table-missing');
  });
});
