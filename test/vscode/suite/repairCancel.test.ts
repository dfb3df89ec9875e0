// Inside real VS Code: the repair's progress notification has a Cancel button, and pressing it
// is the CLI's Ctrl-C. The repair runs against the incident with an orphan row while another
// session holds the migrations table (its second step waits on the metadata lock); the test
// presses the notification's Cancel (VS Code's own Accept Notification Primary Action, which runs
// the button's action), then checks the outcome, the preview, the lock and the database.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as mysql from 'mysql2/promise';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { repairLockName } from '../../../src/core/repair/lock';
import type { InterruptedRun, RunOutcome } from '../../../src/core/repair/run';
import { vscodePrompts } from '../../../src/editor/repair';
import { createTestDatabase, listTables, migrationRows, testServer, withServer, type TestDatabase } from '../../support/database';
import { bringTo, migrationNames, requireOracle } from '../../support/laravel';
import { acceptEveryPrompt, activeCtx, namedConnection, until, type SuiteConnection } from '../support/extension';

const orphan = '2025_01_01_000000_create_gone_table';
const created = `create-table:${migrationNames.notificationsTracking}:eklektik_notifications_tracking`;

suite('Repair: Cancel on the progress notification', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    database = await createTestDatabase('md_repair_cancel');
    await bringTo(database.name, 'incident');
    await withServer((c) => c.query(`INSERT INTO \`${database!.name}\`.migrations (migration, batch) VALUES (?, 1)`, [orphan]));
    connection = await namedConnection(ctx, { name: 'md-repair-cancel', database: database.name, target: vscode.ConfigurationTarget.WorkspaceFolder, backupsPrefix: 'md-vscode-cancel-' });
    acceptEveryPrompt(ctx);
  });

  suiteTeardown(async () => {
    if (ctx) ctx.repair.flow.prompts = vscodePrompts;
    await connection?.remove();
    await database?.drop();
  });

  test('Cancel stops the running statement, starts no further step, and says what applied and what did not', async () => {
    const name = database!.name;
    const rowsBefore = await migrationRows(name);
    const blocker = await mysql.createConnection({ ...testServer(), database: name });
    let outcome: RunOutcome | InterruptedRun | undefined;
    let settled = false;
    try {
      // Reads go on (the plan and the backup read the rows); the record step's INSERT waits for this session.
      await blocker.query('LOCK TABLES migrations READ');
      await vscode.commands.executeCommand('notifications.clearAll');
      const running = Promise.resolve(vscode.commands.executeCommand<RunOutcome | InterruptedRun | undefined>('migrationDoctor.repair'))
        .then((result) => { outcome = result; settled = true; }, (error: unknown) => { settled = true; throw error; });
      assert.ok(await until(async () => {
        const [rows] = await withServer((c) => c.query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE 'Waiting for table metadata lock'", [name]));
        return (rows as unknown[]).length > 0 || settled;
      }, 60_000), 'the repair never reached its second step');
      assert.equal(settled, false, 'the repair ended before waiting on the lock');
      // The newest notification is the repair's progress: its primary action is Cancel.
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      // The lock is still held: only the cancellation can end the wait.
      assert.ok(await until(() => settled, 20_000), 'Cancel did not stop the repair');
      await running;
    } finally {
      await blocker.end().catch(() => blocker.destroy());
    }

    assert.ok(outcome, 'the command returned nothing');
    assert.equal(outcome.kind, 'interrupted', JSON.stringify(outcome));
    if (outcome.kind !== 'interrupted') return;
    assert.deepEqual(outcome.applied.map((s) => s.id), [created]);
    assert.equal(outcome.notApplied.length, 2, outcome.notApplied.map((s) => s.id).join(', '));
    const backup = outcome.backup!.file;
    // The CLI's sentence, word for word (the catalog's), with the backup's restore command.
    assert.equal(outcome.message, `The repair was interrupted before it finished (applied: ${created}; not applied: ${outcome.notApplied.map((s) => s.id).join(', ')}); the backup taken before any change is ${backup}. Run status to see where the database stands, then repair again to finish, or go back with: migration-doctor restore ${backup}`);
    assert.ok(fs.existsSync(backup), backup);
    assert.match(fs.readFileSync(outcome.reportFile!, 'utf8'), /## Interrupted before the end\n\nThe repair was interrupted before it finished/);
    // The preview no longer reads as a plan still to come (it reloads its new text from the read-only file system).
    const cancelledPreview = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan' && /^-- This plan was cancelled on /.test(d.getText()));
    assert.ok(await until(() => cancelledPreview() !== undefined, 10_000), vscode.workspace.textDocuments.map((d) => d.getText().split('\n')[0]).join('\n'));
    const preview = cancelledPreview()!;
    assert.ok(preview.getText().includes(`-- ${outcome.message}`), preview.getText());

    // Released by the run; exactly the applied step is in the database.
    const [locks] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [repairLockName(name)]));
    assert.equal((locks as { holder: number | null }[])[0]?.holder, null);
    assert.ok((await listTables(name)).includes('eklektik_notifications_tracking'));
    assert.deepEqual(await migrationRows(name), rowsBefore);
  });
});
