// Inside real VS Code: a repair step the server refuses after its first statement (a foreign key
// changed under its name, dropped first, then refused again over a row without its parent). The
// preview, once the plan has run, says which statement of the step ran and stays applied, which
// failed, which step never started, where the database stands and how to restore the backup.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { InterruptedRun, RunOutcome } from '../../../src/core/repair/run';
import { vscodePrompts } from '../../../src/editor/repair';
import { createTestDatabase, withServer, type TestDatabase } from '../../support/database';
import { migrateAll, migrationNames, requireOracle } from '../../support/laravel';
import { acceptEveryPrompt, activeCtx, namedConnection, until, type SuiteConnection } from '../support/extension';

const table = 'eklektik_transactions_tracking';
const key = `${table}_transaction_id_foreign`;
const orphan = '2025_01_01_000000_create_gone_table';

suite('Repair: a step the server refuses half-way', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    database = await createTestDatabase('md_repair_partial');
    await migrateAll(database.name);
    await withServer(async (c) => {
      await c.query(`USE \`${database!.name}\``);
      await c.query(`ALTER TABLE ${table} DROP FOREIGN KEY ${key}`);
      await c.query(`ALTER TABLE ${table} ADD CONSTRAINT ${key} FOREIGN KEY (transaction_id) REFERENCES transactions_history (id) ON DELETE CASCADE`);
      await c.query('SET foreign_key_checks = 0');
      await c.query(`INSERT INTO ${table} (transaction_id) VALUES (424242)`);
      await c.query('INSERT INTO migrations (migration, batch) VALUES (?, 1)', [orphan]);
    });
    connection = await namedConnection(ctx, { name: 'md-repair-partial', database: database.name, target: vscode.ConfigurationTarget.WorkspaceFolder, backupsPrefix: 'md-vscode-partial-' });
    acceptEveryPrompt(ctx);
  });

  suiteTeardown(async () => {
    if (ctx) ctx.repair.flow.prompts = vscodePrompts;
    await connection?.remove();
    await database?.drop();
  });

  test('the preview says which statement ran and stays applied, which failed, which step never started, and the restore', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome | InterruptedRun | undefined>('migrationDoctor.repair');
    assert.ok(outcome?.kind === 'applied' && outcome.failure, JSON.stringify(outcome));
    const step = `alter-table:${migrationNames.transactionsTracking}:${table}`;
    const ran = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan' && /^-- This plan has been run on .*, but not completely/.test(d.getText()));
    assert.ok(await until(() => ran() !== undefined, 10_000), vscode.workspace.textDocuments.map((d) => d.getText().split('\n')[0]).join('\n'));
    const text = ran()!.getText();
    assert.ok(text.includes(`\n-- Failed: step ${step} after 1 of its statements: `), text);
    assert.ok(text.includes(`\n--   Ran before it, and stays applied (the server does not undo it): ALTER TABLE \`${table}\` DROP FOREIGN KEY \`${key}\`\n--   Statement: ALTER TABLE \`${table}\` `), text);
    assert.ok(text.includes(`\n-- Steps not run: delete-record:${orphan}.\n`), text);
    assert.match(text, new RegExp(`^-- FAIL ${migrationNames.transactionsTracking}: schema-drift: .*foreign key \`${key}\``, 'm'));
    assert.match(text, /^-- To go back to the state before the repair instead: migration-doctor restore \S+\.sql/m);
  });
});
