// Inside real VS Code: the incident database (made by the real artisan), a named connection,
// then the repair commands. The modal and quick picks are answered through the flow's prompts
// (a test cannot click a modal); everything else is the real extension against MariaDB.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { RunOutcome } from '../../../src/core/repair/run';
import { RepairCodeActions, vscodePrompts } from '../../../src/editor/repair';
import { createTestDatabase, migrationRows, testServer, type TestDatabase } from '../../support/database';
import { artisan, bringTo, migrationNames, requireOracle } from '../../support/laravel';

const extensionId = 'migration-doctor.migration-doctor';
const connectionName = 'md-repair-test';

suite('Repair: commands against MariaDB', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let settingsFile: string;
  let settingsExisted = false;
  let backups: string;
  const asked: string[] = [];

  suiteSetup(async function () {
    await requireOracle();
    const extension = vscode.extensions.getExtension<Ctx>(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    ctx = await extension.activate();
    const folder = vscode.workspace.workspaceFolders![0]!;
    settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    settingsExisted = fs.existsSync(settingsFile);
    backups = fs.mkdtempSync(path.join(os.tmpdir(), 'md-vscode-backups-'));
    database = await createTestDatabase('md_repair_vscode');
    await bringTo(database.name, 'incident-with-rows');
    const server = testServer();
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    await config.update('connections', [{ name: connectionName, host: server.host, port: server.port, username: server.user, database: database.name }], vscode.ConfigurationTarget.WorkspaceFolder);
    await config.update('backups.directory', backups, vscode.ConfigurationTarget.WorkspaceFolder);
    if (server.password) await ctx.connections.setPassword(connectionName, server.password);
    await ctx.connections.select(`settings:${connectionName}`);
    ctx.repair.flow.prompts = {
      confirm: async (message) => { asked.push(message); return true; },
      typeDatabaseName: async () => undefined,
      pickChoice: async (items) => items[0],
      pickSteps: async (items) => items.filter((i) => i.picked),
    };
  });

  suiteTeardown(async () => {
    if (ctx) {
      ctx.repair.flow.prompts = vscodePrompts;
      const folder = vscode.workspace.workspaceFolders![0]!;
      const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
      await config.update('connections', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await config.update('backups.directory', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await ctx.connections.select('');
      await ctx.extension.secrets.delete(`migrationDoctor.password.${connectionName}`);
      if (!settingsExisted && settingsFile) fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    }
    await database?.drop();
    if (backups) fs.rmSync(backups, { recursive: true, force: true });
  });

  test('Show Repair SQL opens the plan as a read-only SQL document', async () => {
    await vscode.commands.executeCommand('migrationDoctor.showRepairSql', migrationNames.notificationsTracking);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.equal(editor.document.uri.scheme, 'migration-doctor-plan');
    assert.equal(editor.document.languageId, 'sql');
    const text = editor.document.getText();
    assert.match(text, /-- Step 1: create-table 2025_09_23_011532_create_eklektik_notifications_tracking_table/);
    assert.match(text, /CREATE TABLE `eklektik_notifications_tracking`/);
    assert.doesNotMatch(text, /INSERT INTO `migrations`/, 'only the chosen migration is planned');
    // A read-only file system: VS Code refuses to save or edit it.
    assert.equal(vscode.workspace.fs.isWritableFileSystem('migration-doctor-plan'), false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, new TextEncoder().encode('DROP DATABASE x;'))));
    assert.deepEqual((await migrationRows(database!.name)).map((r) => r.migration).includes(migrationNames.transactionsTracking), false, 'a preview must not change the database');
  });

  test('offers "Repair this migration on <connection>" beside a repairable diagnostic', async () => {
    const file = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'database', 'migrations', `${migrationNames.transactionsTracking}.php`));
    const document = await vscode.workspace.openTextDocument(file);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 5), 'table exists', vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'migration-doctor';
    diagnostic.code = 'table-already-exists';
    const env = { log: ctx.log, activeConnection: async () => undefined, activeConnectionName: () => ctx.connections.activeName(), refresh: () => undefined };
    const context = { diagnostics: [diagnostic], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: undefined };
    await ctx.connections.activeOptions();
    const again = new RepairCodeActions(env).provideCodeActions(document, diagnostic.range, context);
    assert.deepEqual(again.map((a) => a.title), [`Repair this migration on ${connectionName}`]);
    const other = Object.assign(new vscode.Diagnostic(diagnostic.range, 'x'), { source: 'migration-doctor', code: 'down-not-inverse' });
    assert.deepEqual(new RepairCodeActions(env).provideCodeActions(document, diagnostic.range, { ...context, diagnostics: [other] }), []);
    const notConnected = new RepairCodeActions({ ...env, activeConnectionName: () => undefined });
    assert.deepEqual(notConnected.provideCodeActions(document, diagnostic.range, context), []);
    const action = again.find((a) => a.title.startsWith('Repair this migration'))!;
    assert.deepEqual(action.command?.arguments, [migrationNames.transactionsTracking]);
  });

  test('Repair Migrations… backs up, applies, verifies; Laravel then has nothing to migrate; the tree shows both ran', async () => {
    const outcome = (await vscode.commands.executeCommand('migrationDoctor.repair')) as RunOutcome | undefined;
    assert.ok(outcome, 'the command returned nothing');
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    assert.equal(outcome.ok, true, outcome.report);
    assert.ok(asked.some((m) => /Apply 2 repair steps/.test(m)), asked.join(' | '));
    assert.ok(fs.existsSync(outcome.backup.file) && outcome.backup.file.startsWith(backups), outcome.backup.file);
    const migrate = await artisan(database!.name, ['migrate', '--force']);
    assert.match(migrate.stdout, /Nothing to migrate/);
    const view = ctx.status.view;
    assert.equal(view.kind, 'ready');
    if (view.kind !== 'ready') return;
    const states = new Map(view.snapshot.migrations.map((m) => [m.name, m.state]));
    assert.equal(states.get(migrationNames.notificationsTracking), 'ran');
    assert.equal(states.get(migrationNames.transactionsTracking), 'ran');
  });

  test('Restore Backup gives back the incident', async () => {
    const file = fs.readdirSync(backups).filter((f) => f.endsWith('.sql')).map((f) => path.join(backups, f))[0]!;
    const restored = await vscode.commands.executeCommand('migrationDoctor.restoreBackup', file);
    assert.equal(restored, true);
    const view = ctx.status.view;
    assert.equal(view.kind, 'ready');
    if (view.kind !== 'ready') return;
    const states = new Map(view.snapshot.migrations.map((m) => [m.name, m.state]));
    assert.equal(states.get(migrationNames.notificationsTracking), 'ran-table-missing');
    assert.equal(states.get(migrationNames.transactionsTracking), 'pending-table-exists');
  });

  test('a production connection applies nothing unless its database name is typed', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    const server = testServer();
    const setting = { name: connectionName, host: server.host, port: server.port, username: server.user, database: database!.name };
    const typed: string[] = [];
    const prompts = ctx.repair.flow.prompts;
    try {
      await config.update('connections', [{ ...setting, production: true }], vscode.ConfigurationTarget.WorkspaceFolder);
      assert.equal((await ctx.connections.activeOptions())?.production, true);
      ctx.repair.flow.prompts = { ...prompts, typeDatabaseName: async (options) => { typed.push(options.database); return 'not-the-name'; } };
      const refused = await vscode.commands.executeCommand('migrationDoctor.repair');
      assert.equal(refused, undefined);
      assert.deepEqual(typed, [database!.name], 'the database name was asked for');
      assert.ok(!(await migrationRows(database!.name)).some((r) => r.migration === migrationNames.transactionsTracking), 'nothing was applied');
    } finally {
      ctx.repair.flow.prompts = prompts;
      await config.update('connections', [setting], vscode.ConfigurationTarget.WorkspaceFolder);
    }
    assert.equal((await ctx.connections.activeOptions())?.production, false);
  });

  test('from the tree: Mark as Ran records 120134, Repair This Migration creates 011532\'s table', async () => {
    await ctx.status.refresh();
    const nodes = new Map<string, unknown>();
    for (const group of ctx.migrationsTree.getChildren()) {
      for (const node of ctx.migrationsTree.getChildren(group)) if (node.kind === 'migration') nodes.set(node.status.name, node);
    }
    const marked = (await vscode.commands.executeCommand('migrationDoctor.markAsRan', nodes.get(migrationNames.transactionsTracking))) as RunOutcome;
    assert.ok(marked?.kind === 'applied' && marked.ok, marked?.kind === 'applied' ? marked.report : String(marked?.kind));
    assert.deepEqual(marked.applied.map((s) => s.id), [`record-as-ran:${migrationNames.transactionsTracking}`]);
    const repaired = (await vscode.commands.executeCommand('migrationDoctor.repairMigration', nodes.get(migrationNames.notificationsTracking))) as RunOutcome;
    assert.ok(repaired?.kind === 'applied' && repaired.ok, repaired?.kind === 'applied' ? repaired.report : String(repaired?.kind));
    assert.deepEqual(repaired.applied.map((s) => s.action), ['create-table']);
    const view = ctx.status.view;
    assert.ok(view.kind === 'ready' && view.snapshot.counts.broken === 0, 'the tree shows nothing broken after both repairs');
  });
});
