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
import { stateLabel } from '../../../src/editor/migrationsTree';
import { PlanDocuments, RepairCodeActions, RepairFlow, repairEnvironment, vscodePrompts } from '../../../src/editor/repair';
import { createTestDatabase, migrationRows, testServer, withServer, type TestDatabase } from '../../support/database';
import { artisan, bringTo, laravelAppDir, migrationNames, requireOracle } from '../../support/laravel';
import { activeCtx, migrationNodes, namedConnection, until, type SuiteConnection } from '../support/extension';

const planEditors = () => vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'migration-doctor-plan');

const connectionName = 'md-repair-test';

suite('Repair: commands against MariaDB', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;
  let backups: string;
  const asked: string[] = [];
  /** What the flow showed, in order: the preview must be open and readable before anything asks to apply. */
  const events: string[] = [];
  /** The review's next answers (by action), before the default Apply…. */
  const reviewAnswers: string[] = [];

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    database = await createTestDatabase('md_repair_vscode');
    await bringTo(database.name, 'incident-with-rows');
    connection = await namedConnection(ctx, { name: connectionName, database: database.name, target: vscode.ConfigurationTarget.WorkspaceFolder, backupsPrefix: 'md-vscode-backups-' });
    backups = connection.backups!;
    ctx.repair.flow.prompts = {
      review: async (message, actions) => {
        events.push(`review ${actions.join(' or ')} with ${planEditors().length} preview(s) open, active ${vscode.window.activeTextEditor?.document.uri.scheme}`);
        asked.push(message);
        // Rehearse first when a test asks for it, then apply.
        return reviewAnswers.shift() ?? actions[0];
      },
      confirm: async (message) => { events.push('confirm'); asked.push(message); return true; },
      typeDatabaseName: async () => undefined,
      pickChoice: async (items) => items[0],
      pickSteps: async (items) => items.filter((i) => i.picked),
    };
  });

  suiteTeardown(async () => {
    if (ctx) ctx.repair.flow.prompts = vscodePrompts;
    await connection?.remove();
    await database?.drop();
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

  test('offers "Repair this migration on <connection>" beside a repairable diagnostic of a migration the status shows broken, only there', async () => {
    const migrationsDir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'database', 'migrations');
    const open = (name: string) => vscode.workspace.openTextDocument(vscode.Uri.file(path.join(migrationsDir, `${name}.php`)));
    const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 5), 'table exists', vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'migration-doctor';
    diagnostic.code = 'table-already-exists';
    const nameWarning = Object.assign(new vscode.Diagnostic(diagnostic.range, 'file name', vscode.DiagnosticSeverity.Warning), { source: 'migration-doctor', code: 'name-table-mismatch' });
    // The extension's own environment: the active connection and its latest status.
    const env = repairEnvironment(ctx.log, ctx.connections, ctx.status);
    const context = { diagnostics: [diagnostic], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: undefined };
    await ctx.connections.activeOptions();
    await ctx.status.refresh();
    const again = new RepairCodeActions(env).provideCodeActions(await open(migrationNames.transactionsTracking), diagnostic.range, context);
    assert.deepEqual(again.map((a) => a.title), [`Repair this migration on ${connectionName}`]);
    // 011532 is broken (its table is missing): a file-name warning there offers the repair.
    const broken = new RepairCodeActions(env).provideCodeActions(await open(migrationNames.notificationsTracking), diagnostic.range, { ...context, diagnostics: [nameWarning] });
    assert.deepEqual(broken.map((a) => a.command?.arguments), [[migrationNames.notificationsTracking]]);
    // A migration that ran as it should: nothing to repair there, so no repair is offered.
    const healthy = fs.readdirSync(migrationsDir).find((f) => /create_users_table\.php$/.test(f))!.replace(/\.php$/, '');
    assert.equal(ctx.status.view.kind === 'ready' && ctx.status.view.snapshot.migrations.find((m) => m.name === healthy)?.state, 'ran');
    assert.deepEqual(new RepairCodeActions(env).provideCodeActions(await open(healthy), diagnostic.range, { ...context, diagnostics: [nameWarning] }), []);
    const other = Object.assign(new vscode.Diagnostic(diagnostic.range, 'x'), { source: 'migration-doctor', code: 'down-not-inverse' });
    assert.deepEqual(new RepairCodeActions(env).provideCodeActions(await open(migrationNames.transactionsTracking), diagnostic.range, { ...context, diagnostics: [other] }), []);
    const notConnected = new RepairCodeActions({ ...env, activeConnectionName: () => undefined });
    assert.deepEqual(notConnected.provideCodeActions(await open(migrationNames.transactionsTracking), diagnostic.range, context), []);
    const action = again.find((a) => a.title.startsWith('Repair this migration'))!;
    assert.deepEqual(action.command?.arguments, [migrationNames.transactionsTracking]);
  });

  test('Repair Migrations… backs up, applies, verifies; Laravel then has nothing to migrate; the tree shows both ran', async () => {
    await vscode.commands.executeCommand('migrationDoctor.showStatus');
    assert.match(ctx.statusOutput.text, new RegExp(`${migrationNames.notificationsTracking} +\\| 1 +\\| ${stateLabel('ran-table-missing')}`));
    events.length = 0;
    const outcome = (await vscode.commands.executeCommand('migrationDoctor.repair')) as RunOutcome | undefined;
    assert.ok(outcome, 'the command returned nothing');
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    assert.equal(outcome.ok, true, outcome.report);
    assert.ok(asked.some((m) => /Apply 2 repair steps/.test(m)), asked.join(' | '));
    // The plan is read first, in its own editor; the modal comes after the explicit Apply… action.
    assert.deepEqual(events, ['review Apply… or Rehearse on a Copy with 1 preview(s) open, active migration-doctor-plan', 'confirm']);
    // The preview does not go on saying "Nothing has run yet".
    const preview = planEditors()[0]!.document;
    assert.ok(await until(() => /This plan has been applied to .* and verified/.test(preview.getText()), 10_000), preview.getText());
    assert.doesNotMatch(preview.getText(), /Nothing has run yet/);
    // Show Repair SQL's preview, opened by the first test, was made before: it says so.
    const older = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan' && d !== preview && /repair-2025_09_23_011532/.test(d.uri.path));
    assert.ok(older, 'the Show Repair SQL preview is gone');
    assert.ok(await until(() => /^-- Outdated: a repair ran on /.test(older.getText()), 10_000), older.getText().slice(0, 200));
    // Show Migration Status follows the repair without being asked again.
    assert.match(ctx.statusOutput.text, new RegExp(`${migrationNames.notificationsTracking} +\\| 1 +\\| ${stateLabel('ran')} `));
    assert.ok(fs.existsSync(outcome.backup.file) && outcome.backup.file.startsWith(backups), outcome.backup.file);
    // The report for the team, beside the backup (offered by Open Report).
    assert.equal(outcome.reportFile, outcome.backup.file.replace(/\.sql$/, '.md'));
    assert.match(fs.readFileSync(outcome.reportFile!, 'utf8'), /## What was wrong[\s\S]*`ran-table-missing`[\s\S]*```sh\nmigration-doctor restore /);
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

  test('the preview\'s title bar Apply… answers the review the notification left unanswered; its context key is off afterwards', async () => {
    const prompts = ctx.repair.flow.prompts;
    let reviewed = 0;
    // A notification nobody answers (it went under the bell): its promise never settles.
    ctx.repair.flow.prompts = { ...prompts, review: () => { reviewed++; return new Promise<undefined>(() => undefined); } };
    try {
      const running = vscode.commands.executeCommand('migrationDoctor.repair') as Thenable<RunOutcome | undefined>;
      assert.ok(await until(() => reviewed === 1 && ctx.repair.flow.reviewKey, 60_000), 'the review was not awaited with its preview active');
      const preview = vscode.window.activeTextEditor!.document;
      assert.equal(preview.uri.scheme, 'migration-doctor-plan');
      assert.match(preview.getText(), /Nothing has run yet/);
      // What the title bar's button does: the command with the preview's URI.
      await vscode.commands.executeCommand('migrationDoctor.applyRepairPlan', preview.uri);
      // Bounded: without the wiring the review would wait for the notification for ever.
      const outcome = await Promise.race([running, new Promise<'still awaiting review'>((resolve) => setTimeout(() => resolve('still awaiting review'), 60_000))]);
      assert.ok(outcome !== 'still awaiting review', 'the title bar\'s Apply… did not answer the review');
      assert.ok(outcome?.kind === 'applied' && outcome.ok, outcome?.kind === 'applied' ? outcome.report : String(outcome?.kind));
      assert.ok(await until(() => /This plan has been applied to .* and verified/.test(preview.getText()), 10_000), preview.getText());
      assert.equal(ctx.repair.flow.reviewKey, false, 'the title bar still offers Apply…');
      // Nothing awaits review: the command does nothing.
      assert.equal(await vscode.commands.executeCommand('migrationDoctor.applyRepairPlan', preview.uri), undefined);
      assert.equal(await vscode.commands.executeCommand('migrationDoctor.restoreBackup', outcome.backup.file), true);
    } finally {
      ctx.repair.flow.prompts = prompts;
    }
  });

  test('Rehearse on a Copy runs the plan on a scratch copy, shows the prediction, and changes nothing', async () => {
    const before = await migrationRows(database!.name);
    events.length = 0;
    reviewAnswers.push('Rehearse on a Copy', 'neither');
    const outcome = await vscode.commands.executeCommand('migrationDoctor.repair');
    assert.equal(outcome, undefined, 'nothing was applied');
    // Asked twice: the rehearsal leaves the choice to apply open.
    assert.deepEqual(events.map((e) => e.split(' with ')[0]), ['review Apply… or Rehearse on a Copy', 'review Apply… or Rehearse on a Copy']);
    const rehearsal = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan' && /rehearsal-/.test(d.uri.path));
    assert.ok(rehearsal, 'the rehearsal is not shown');
    const text = rehearsal.getText();
    assert.match(text, /^-- Rehearsal of this plan on a scratch copy of .*\(the database itself was only read\)/);
    assert.match(text, /the next `php artisan migrate` is predicted to pass/);
    assert.match(text, /ok   2025_09_23_011532_create_eklektik_notifications_tracking_table: ran, structure as expected/);
    assert.match(text, /was dropped; nothing was written to/);
    assert.deepEqual(await migrationRows(database!.name), before);
    const left = await withServer(async (c) => (await c.query('SHOW DATABASES LIKE ?', [`${database!.name.replace(/_/g, '\\_')}\\_\\_md\\_rehearsal%`]))[0] as unknown[]);
    assert.deepEqual(left, []);
  });

  test('a production connection applies nothing unless its database name is typed', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    const setting = connection!.setting;
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
    const nodes = migrationNodes(ctx);
    const marked = (await vscode.commands.executeCommand('migrationDoctor.markAsRan', nodes.get(migrationNames.transactionsTracking))) as RunOutcome;
    assert.ok(marked?.kind === 'applied' && marked.ok, marked?.kind === 'applied' ? marked.report : String(marked?.kind));
    assert.deepEqual(marked.applied.map((s) => s.id), [`record-as-ran:${migrationNames.transactionsTracking}`]);
    asked.length = 0;
    const repaired = (await vscode.commands.executeCommand('migrationDoctor.repairMigration', nodes.get(migrationNames.notificationsTracking))) as RunOutcome;
    assert.ok(repaired?.kind === 'applied' && repaired.ok, repaired?.kind === 'applied' ? repaired.report : String(repaired?.kind));
    assert.deepEqual(repaired.applied.map((s) => s.action), ['create-table']);
    assert.ok(asked.some((m) => /^Read the repair plan of .* \(1 step\)/.test(m)) && asked.some((m) => /^Apply 1 repair step to /.test(m)), asked.join(' | '));
    const view = ctx.status.view;
    assert.ok(view.kind === 'ready' && view.snapshot.counts.broken === 0, 'the tree shows nothing broken after both repairs');
  });

  test('on the repaired (healthy) database, a file-name warning offers no repair', async () => {
    await ctx.status.refresh();
    const file = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'database', 'migrations', `${migrationNames.notificationsTracking}.php`));
    const nameWarning = Object.assign(new vscode.Diagnostic(new vscode.Range(0, 0, 0, 5), 'file name', vscode.DiagnosticSeverity.Warning), { source: 'migration-doctor', code: 'name-table-mismatch' });
    const actions = new RepairCodeActions(repairEnvironment(ctx.log, ctx.connections, ctx.status))
      .provideCodeActions(await vscode.workspace.openTextDocument(file), nameWarning.range, { diagnostics: [nameWarning], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: undefined });
    assert.deepEqual(actions, []);
  });

  test('a connection of another workspace folder is repaired from that folder\'s migrations: its own rows are not orphans', async () => {
    // Folder B: the fixture app plus one migration folder A does not have, recorded and built in B's database.
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'md-vscode-folder-b-'));
    const bOnly = '2030_01_01_000000_create_md_folder_b_only_table';
    const bDatabase = await createTestDatabase('md_repair_vscode_b');
    try {
      for (const entry of ['composer.json', 'database']) fs.cpSync(path.join(laravelAppDir, entry), path.join(b, entry), { recursive: true });
      fs.writeFileSync(path.join(b, 'database', 'migrations', `${bOnly}.php`), `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up() { Schema::create('md_folder_b_only', function (Blueprint $table) { $table->id(); }); }\n    public function down() { Schema::dropIfExists('md_folder_b_only'); }\n};\n`);
      await bringTo(bDatabase.name, 'incident-with-rows');
      await withServer(async (c) => {
        await c.query(`CREATE TABLE \`${bDatabase.name}\`.md_folder_b_only (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)`);
        await c.query(`INSERT INTO \`${bDatabase.name}\`.migrations (migration, batch) VALUES (?, 1)`, [bOnly]);
      });
      const server = testServer();
      const folder: vscode.WorkspaceFolder = { uri: vscode.Uri.file(b), name: 'b', index: 1 };
      const options = { name: 'b', host: server.host, port: server.port, user: server.user, password: server.password, database: bDatabase.name, migrationsTable: 'migrations', tablePrefix: '', production: false };
      const documents = new PlanDocuments('migration-doctor-plan-b');
      const registration = vscode.workspace.registerFileSystemProvider(documents.scheme, documents, { isReadonly: true });
      try {
        const flow = new RepairFlow({ log: ctx.log, activeConnection: async () => ({ options, folder }), activeConnectionName: () => 'b', refresh: () => undefined, migrationState: () => undefined }, documents);
        const steps: string[] = [];
        flow.prompts = { ...ctx.repair.flow.prompts, pickSteps: async (items) => { steps.push(...items.map((i) => i.label)); return items.filter((i) => i.picked); } };
        const outcome = await flow.repair({ kind: 'all' });
        assert.ok(outcome?.kind === 'applied' && outcome.ok, outcome?.kind === 'applied' ? outcome.report : String(outcome?.kind));
        assert.ok(!steps.some((label) => label.includes('delete-record')), steps.join(' | '));
        assert.ok((await migrationRows(bDatabase.name)).some((r) => r.migration === bOnly), 'folder B\'s own row was deleted');
        // Its preview has been rewritten (and read again by the editor) before its provider goes.
        const preview = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === documents.scheme);
        assert.ok(await until(() => /^-- This plan has been applied/.test(preview()?.getText() ?? ''), 10_000));
      } finally {
        for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
          if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === documents.scheme) await vscode.window.tabGroups.close(tab);
        }
        registration.dispose();
        documents.dispose();
      }
    } finally {
      await bDatabase.drop();
      fs.rmSync(b, { recursive: true, force: true });
    }
  });

  test('names with a line break (a migration file, a connection) stay on one line in the repair\'s quick pick title and its quick fix', async () => {
    // A pending migration whose table exists but differs: the repair asks what to do, naming the migration.
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'md-vscode-nl-'));
    const hostile = '2030_01_01_000000_create_md_nl_things\nfake_table';
    const nlDatabase = await createTestDatabase('md_repair_vscode_nl');
    try {
      fs.cpSync(path.join(laravelAppDir, 'composer.json'), path.join(app, 'composer.json'));
      fs.mkdirSync(path.join(app, 'database', 'migrations'), { recursive: true });
      fs.writeFileSync(path.join(app, 'database', 'migrations', `${hostile}.php`), `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up() { Schema::create('md_nl_things', function (Blueprint $table) { $table->id(); $table->string('name'); }); }\n    public function down() { Schema::dropIfExists('md_nl_things'); }\n};\n`);
      await withServer(async (c) => {
        await c.query(`CREATE TABLE \`${nlDatabase.name}\`.migrations (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)`);
        await c.query(`CREATE TABLE \`${nlDatabase.name}\`.md_nl_things (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)`);
      });
      const server = testServer();
      const folder: vscode.WorkspaceFolder = { uri: vscode.Uri.file(app), name: 'nl', index: 1 };
      const options = { name: 'nl', host: server.host, port: server.port, user: server.user, password: server.password, database: nlDatabase.name, migrationsTable: 'migrations', tablePrefix: '', production: false };
      const flow = new RepairFlow({ log: ctx.log, activeConnection: async () => ({ options, folder }), activeConnectionName: () => 'nl', refresh: () => undefined, migrationState: () => undefined }, new PlanDocuments('migration-doctor-plan-nl'));
      const titles: string[] = [];
      // Cancelled at the first question: nothing is applied.
      flow.prompts = { ...ctx.repair.flow.prompts, pickChoice: async (_items, title) => { titles.push(title); return undefined; } };
      assert.equal(await flow.repair({ kind: 'all' }), undefined);
      assert.equal(titles.length, 1, 'the repair asked no choice');
      assert.doesNotMatch(titles[0]!, /[\n\r\u2028\u2029]/, titles[0]);
      assert.match(titles[0]!, /md_nl_things\\u000afake_table/);
    } finally {
      await nlDatabase.drop();
      fs.rmSync(app, { recursive: true, force: true });
    }
    // The quick fix beside a repairable diagnostic names the active connection.
    const file = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'database', 'migrations', `${migrationNames.notificationsTracking}.php`));
    const diagnostic = Object.assign(new vscode.Diagnostic(new vscode.Range(0, 0, 0, 5), 'exists', vscode.DiagnosticSeverity.Error), { source: 'migration-doctor', code: 'table-already-exists' });
    const [action] = new RepairCodeActions({ log: ctx.log, activeConnection: async () => undefined, activeConnectionName: () => 'staging\nfake', refresh: () => undefined, migrationState: () => 'ran-table-missing' })
      .provideCodeActions(await vscode.workspace.openTextDocument(file), diagnostic.range, { diagnostics: [diagnostic], triggerKind: vscode.CodeActionTriggerKind.Invoke, only: undefined });
    assert.equal(action?.title, 'Repair this migration on staging\\u000afake');
  });
});
