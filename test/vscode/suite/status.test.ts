// Inside real VS Code: a MariaDB database in the incident state (made by the real artisan),
// a named connection in the workspace settings, and the Migrations tree must show 011532 as
// ran-table-missing and 120134 as pending-table-exists.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { statusReport } from '../../../src/commands/status';
import { stateLabel } from '../../../src/editor/migrationsTree';
import * as mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase, testServer, withServer } from '../../support/database';
import { bringTo, migrationNames, requireOracle } from '../../support/laravel';
import { activeCtx, migrationNodes, namedConnection, until, type SuiteConnection } from '../support/extension';

const connectionName = 'md-status-test';

/** ` · 2 broken · 1 pending · 1 predicted failure` from the current snapshot and its preflight. */
function countsText(ctx: Ctx): string {
  const { broken, pending } = ctx.status.snapshot!.counts;
  const predicted = ctx.preflight.failures;
  return `${broken > 0 ? ` · ${broken} broken` : ''}${pending > 0 ? ` · ${pending} pending` : ''}${predicted === 1 ? ' · 1 predicted failure' : predicted > 1 ? ` · ${predicted} predicted failures` : ''}`;
}

// Settings go to the user level (each launcher run has its own user data folder).
suite('Status: tree view and status bar against MariaDB', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    database = await createTestDatabase('md_status_vscode');
    await bringTo(database.name, 'incident');
    connection = await namedConnection(ctx, { name: connectionName, database: database.name, target: vscode.ConfigurationTarget.Global });
  });

  suiteTeardown(async () => {
    await connection?.remove();
    await database?.drop();
  });

  test('the tree shows the incident: 011532 ran-table-missing, 120134 pending-table-exists', async () => {
    await ctx.status.refresh();
    const view = ctx.status.view;
    assert.equal(view.kind, 'ready', view.kind === 'error' ? view.error.message : view.kind);
    const nodes = migrationNodes(ctx);
    assert.equal(nodes.get(migrationNames.notificationsTracking)?.status.state, 'ran-table-missing');
    assert.equal(nodes.get(migrationNames.transactionsTracking)?.status.state, 'pending-table-exists');
    assert.equal(nodes.get(migrationNames.users)?.status.state, 'ran');
    // Problems come first.
    const groups = ctx.migrationsTree.getChildren();
    assert.equal(groups[0]?.kind === 'group' && groups[0].id, 'problems');
    // Other suites may have added files to the workspace: check ours, not the whole list.
    const problems = ctx.migrationsTree.getChildren(groups[0]).map((n) => n.kind === 'migration' && n.status.name);
    assert.deepEqual(problems.slice(0, 2), [migrationNames.notificationsTracking, migrationNames.transactionsTracking]);
  });

  test('tree items carry the menus\' context tokens, an icon per state, a tooltip naming the repair, and open the file', async () => {
    const nodes = migrationNodes(ctx);
    const missing = ctx.migrationsTree.getTreeItem(nodes.get(migrationNames.notificationsTracking)!);
    const exists = ctx.migrationsTree.getTreeItem(nodes.get(migrationNames.transactionsTracking)!);
    const ran = ctx.migrationsTree.getTreeItem(nodes.get(migrationNames.users)!);
    assert.deepEqual(String(missing.contextValue).split(' ').sort(), ['hasFile', 'migration', 'repairable']);
    assert.deepEqual(String(exists.contextValue).split(' ').sort(), ['hasFile', 'migration', 'notRecorded', 'repairable']);
    assert.deepEqual(String(ran.contextValue).split(' ').sort(), ['hasFile', 'migration']);
    assert.equal((missing.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal((exists.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(String(missing.description), /1/);
    assert.match((missing.tooltip as vscode.MarkdownString).value, /eklektik\\_notifications\\_tracking/);
    assert.equal(missing.command?.command, 'migrationDoctor.openMigration');
    await vscode.commands.executeCommand(missing.command!.command, ...(missing.command!.arguments ?? []));
    assert.equal(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), `${migrationNames.notificationsTracking}.php`);
  });

  test('group by batch puts every migration in its batch', async () => {
    await vscode.commands.executeCommand('migrationDoctor.toggleGroupByBatch');
    try {
      const ids = ctx.migrationsTree.getChildren().map((g) => (g.kind === 'group' ? g.id : ''));
      assert.deepEqual(ids, ['pending', 'batch-1']);
    } finally {
      await vscode.commands.executeCommand('migrationDoctor.toggleGroupByBatch');
    }
  });

  test('the status bar shows the connection and the counts', async () => {
    await ctx.status.refresh();
    // Preflight's count joins the status bar once it has run (after the status is shown).
    await ctx.preflight.settled();
    assert.equal(ctx.statusBar.item.text, `$(database) ${connectionName}${countsText(ctx)}`);
    assert.ok(ctx.status.snapshot!.counts.broken >= 2);
  });

  test('Show Migration Status writes the migrate:status table with the extra states', async () => {
    await vscode.commands.executeCommand('migrationDoctor.showStatus');
    const view = ctx.status.view;
    assert.equal(view.kind, 'ready');
    const report = statusReport(connectionName, ctx.status.snapshot!);
    const row = (name: string) => report.split('\n').find((line) => line.includes(`| ${name} `)) ?? '';
    assert.match(report.split('\n')[2]!, /\| .+ \| .+ \| .+ \| .+ \|/, 'a header row with four columns');
    assert.match(row(migrationNames.notificationsTracking), new RegExp(`\\| 1 +\\| ${stateLabel('ran-table-missing')} +\\|`));
    assert.match(row(migrationNames.transactionsTracking), new RegExp(`\\| +\\| ${stateLabel('pending-table-exists')} +\\|`));
    assert.match(report, /1050/);
  });

  test('a new migration file in a configured folder appears without asking', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    // Inside the workspace (where VS Code watches files natively), away from the fixture's own migrations.
    const extra = fs.mkdtempSync(path.join(folder.uri.fsPath, 'storage', 'md-status-extra-'));
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    try {
      await config.update('migrationPaths', ['database/migrations', path.relative(folder.uri.fsPath, extra)], vscode.ConfigurationTarget.Global);
      // Let the refresh the setting change started finish: only the file watcher can see what follows.
      await ctx.status.refresh();
      const name = '2030_01_01_000000_create_md_status_extra_table';
      assert.equal(migrationNodes(ctx).has(name), false);
      fs.writeFileSync(path.join(extra, `${name}.php`), `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up() { Schema::create('md_status_extra', function ($table) { $table->id(); }); }\n    public function down() { Schema::dropIfExists('md_status_extra'); }\n};\n`);
      assert.ok(await until(() => migrationNodes(ctx).get(name)?.status.state === 'pending', 20_000), 'the new file did not show up as pending');
    } finally {
      await config.update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  test('a new migration file in a folder configured by its absolute path appears without asking', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const extra = fs.mkdtempSync(path.join(folder.uri.fsPath, 'storage', 'md-status-absolute-'));
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    try {
      await config.update('migrationPaths', ['database/migrations', extra], vscode.ConfigurationTarget.Global);
      await ctx.status.refresh();
      const name = '2030_01_02_000000_create_md_status_absolute_table';
      assert.equal(migrationNodes(ctx).has(name), false);
      fs.writeFileSync(path.join(extra, `${name}.php`), `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration {\n    public function up() { Schema::create('md_status_absolute', function ($table) { $table->id(); }); }\n    public function down() { Schema::dropIfExists('md_status_absolute'); }\n};\n`);
      assert.ok(await until(() => migrationNodes(ctx).get(name)?.status.state === 'pending', 20_000), 'the new file did not show up as pending');
    } finally {
      await config.update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  test('a migrations folder that is not there (a typo in the setting): no recorded migration is offered for deletion', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    // The groups VS Code holds from the last render: it may ask for their children after the tree
    // changed (a request under way when the refresh came), which must not bring them back.
    await ctx.status.refresh();
    const earlier = ctx.migrationsTree.getChildren();
    assert.ok(earlier.some((g) => g.kind === 'group' && g.migrations.some((m) => m.state === 'ran-table-missing')));
    try {
      await config.update('migrationPaths', ['database/migrationz'], vscode.ConfigurationTarget.Global);
      await ctx.status.refresh();
      for (const group of earlier) ctx.migrationsTree.getChildren(group);
      const shown = () => [...migrationNodes(ctx).values()].map((n) => n.status);
      // Every recorded migration, each without its file (5 rows in the incident state).
      const listed = await until(() => shown().length >= 4 && shown().every((m) => m.state === 'orphan-record'), 20_000);
      const rows = shown();
      const setting = config.inspect<string[]>('migrationPaths');
      assert.ok(listed, `the recorded migrations, each without its file: ${rows.map((m) => `${m.name} ${m.state}`).join(', ')} (${ctx.status.view.kind}; the model's snapshot: ${ctx.status.snapshot?.migrations.length ?? 'none'} migrations; the setting: ${JSON.stringify({ global: setting?.globalValue, workspace: setting?.workspaceValue, folder: setting?.workspaceFolderValue })}; every connection side by side: ${String(ctx.environments.shown)} ${JSON.stringify(config.inspect('showAllConnections')?.globalValue)})`);
      for (const status of rows) {
        assert.equal(status.state, 'orphan-record', status.name);
        assert.deepEqual(status.problems.flatMap((p) => p.repairs), [], `${status.name} is offered ${status.problems.flatMap((p) => p.repairs).join(', ')}`);
        assert.match(status.problems[0]!.message, /database\/migrationz/);
      }
      // The repair flow reads the same folders: nothing to repair, nothing asked.
      await ctx.repair.flow.preview(undefined);
      const preview = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'migration-doctor-plan' && !d.isClosed && d.uri.path.includes(`repair-${database!.name}`));
      assert.doesNotMatch(preview?.getText() ?? '', /DELETE FROM/i, 'the plan deletes rows of the migrations table');
    } finally {
      await config.update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await ctx.status.refresh();
    }
  });

  test('an unreachable connection says why, empties the tree and shows the welcome view', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    const good = connection!.setting;
    try {
      await config.update('connections', [good, { name: 'md-status-down', host: '127.0.0.1', port: 1, database: 'x' }], vscode.ConfigurationTarget.Global);
      await ctx.connections.select('settings:md-status-down');
      await ctx.status.refresh();
      const view = ctx.status.view;
      assert.equal(view.kind, 'error');
      assert.match(view.kind === 'error' ? view.error.sentence : '', /refused/);
      assert.deepEqual(ctx.migrationsTree.getChildren(), []);
      assert.match(ctx.migrationsTree.view.message ?? '', /refused/);
      assert.match(ctx.statusBar.item.text, /md-status-down/);
    } finally {
      await config.update('connections', [good], vscode.ConfigurationTarget.Global);
      await ctx.connections.select(`settings:${connectionName}`);
      await ctx.status.refresh();
    }
    assert.equal(ctx.status.view.kind, 'ready');
  });

  test('another connection selected while a read hangs: the abandoned read shows nothing, neither a failure nor the other\'s status under its name', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('migrationDoctor', folder);
    const good = connection!.setting;
    const other = { ...good, name: 'md-status-other', migrationsTable: 'md_other_migrations' };
    const views: string[] = [];
    const recording = ctx.status.onDidChange((view) => {
      if (view.kind === 'ready') views.push(`${view.name} read ${view.snapshot.migrationsTable}`);
      else if (view.kind === 'error') views.push(`${view.name} failed: ${view.error.message}`);
    });
    const { host, port, user, password } = testServer();
    const locker = await mysql.createConnection({ host, port, user, password, database: database!.name });
    try {
      await locker.query('CREATE TABLE md_other_migrations AS SELECT * FROM migrations');
      await config.update('connections', [good, other], vscode.ConfigurationTarget.Global);
      await ctx.status.refresh();
      // The active connection's next read waits on the migrations table this session holds.
      await locker.query('LOCK TABLES migrations WRITE');
      const reading = ctx.status.refresh();
      assert.ok(await until(async () => (await withServer(async (c) => {
        const [rows] = await c.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE '%lock%' AND INFO LIKE '%migrations%'", [database!.name]);
        return (rows as { n: number }[])[0]!.n;
      })) > 0, 20_000), 'the read never waited on the lock');
      views.length = 0;
      await ctx.connections.select('settings:md-status-other');
      assert.ok(await until(() => ctx.status.view.kind === 'ready' && ctx.status.view.name === 'md-status-other', 30_000), `never showed the other connection: ${ctx.status.view.kind}`);
      await locker.query('UNLOCK TABLES');
      await reading;
      await ctx.status.refresh();
      assert.deepEqual(views.filter((v) => !/^(md-status-test read migrations|md-status-other read md_other_migrations)$/.test(v)), [], views.join(' | '));
      assert.equal(ctx.status.view.kind === 'ready' && ctx.status.view.snapshot.migrationsTable, 'md_other_migrations');
    } finally {
      recording.dispose();
      await locker.query('UNLOCK TABLES').catch(() => undefined);
      await locker.query('DROP TABLE IF EXISTS md_other_migrations').catch(() => undefined);
      await locker.end();
      await config.update('connections', [good], vscode.ConfigurationTarget.Global);
      await ctx.connections.select(`settings:${connectionName}`);
      await ctx.status.refresh();
    }
  });

  test('a connection the server closed is reopened without an error', async () => {
    await ctx.status.refresh();
    const killed = await withServer(async (c) => {
      const [rows] = await c.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [database!.name]);
      for (const row of rows as { id: number }[]) await c.query(`KILL ${Number(row.id)}`);
      return (rows as unknown[]).length;
    });
    assert.ok(killed >= 1, 'the extension holds a connection to the test database');
    await ctx.status.refresh();
    assert.equal(ctx.status.view.kind, 'ready', ctx.status.view.kind === 'error' ? ctx.status.view.error.message : '');
  });

  test('a refresh follows a change of the database', async () => {
    const db = await database!.open();
    try {
      await db.execute('DELETE FROM migrations WHERE migration = ?', [migrationNames.notificationsTracking]);
    } finally {
      await db.close();
    }
    await vscode.commands.executeCommand('migrationDoctor.refresh');
    await ctx.preflight.settled();
    assert.equal(migrationNodes(ctx).get(migrationNames.notificationsTracking)?.status.state, 'pending');
    assert.equal(ctx.statusBar.item.text, `$(database) ${connectionName}${countsText(ctx)}`);
    assert.ok(ctx.status.snapshot!.counts.pending >= 1);
  });

  test('the status bar\'s click reveals, selects and focuses the first problem', async () => {
    await ctx.status.refresh();
    // Already open, as when the user clicks it a second time.
    await vscode.commands.executeCommand('migrationDoctor.migrations.focus');
    await vscode.commands.executeCommand((ctx.statusBar.item.command as vscode.Command).command);
    const problems = ctx.migrationsTree.getChildren().find((g) => g.kind === 'group' && g.id === 'problems')!;
    const first = ctx.migrationsTree.getChildren(problems)[0]!;
    assert.ok(await until(() => ctx.migrationsTree.view.selection[0] === first, 10_000), 'the first problem is not selected');
    assert.equal(ctx.migrationsTree.view.visible, true);
  });

  test('the tree and status bar follow the disk and the database, not an unsaved buffer', async () => {
    await ctx.status.refresh({ reloadFiles: true });
    await ctx.preflight.settled();
    const before = migrationNodes(ctx).get(migrationNames.notificationsTracking)!.status.state;
    const barBefore = ctx.statusBar.item.text;
    const file = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'database', 'migrations', `${migrationNames.notificationsTracking}.php`));
    // VS Code for the web (code-server here) saves a changed buffer after a second by default:
    // this test is about a buffer that stays unsaved, as with the desktop's default.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const saves: vscode.TextDocumentSaveReason[] = [];
    const watching = vscode.workspace.onWillSaveTextDocument((e) => e.document.uri.fsPath === file.fsPath && saves.push(e.reason));
    const editor = await vscode.window.showTextDocument(file);
    const text = editor.document.getText();
    try {
      // The incident's bug, typed and not saved.
      const at = text.indexOf("'eklektik_notifications_tracking'");
      assert.ok(at > 0);
      await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + "'eklektik_notifications_tracking'".length)), "'eklektik_transactions_tracking'"));
      assert.equal(editor.document.isDirty, true);
      await ctx.status.refresh({ reloadFiles: true });
      await ctx.preflight.settled();
      const node = migrationNodes(ctx).get(migrationNames.notificationsTracking)!;
      assert.equal(node.status.state, before);
      assert.equal(ctx.statusBar.item.text, barBefore);
      // No file: URI on the item, so the Problems colour of the buffer's diagnostics cannot reach the tree.
      assert.notEqual(ctx.migrationsTree.getTreeItem(node).resourceUri?.scheme, 'file');
    } finally {
      // Revert acts on the active editor.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      watching.dispose();
    }
    // Every later suite reads 011532 from disk: the incident's bug must not be saved there.
    assert.deepEqual(saves, [], 'the buffer with the bug typed in was saved');
    assert.equal(fs.readFileSync(file.fsPath, 'utf8'), text, 'the file on disk is not as before the test');
  });

  test('labels: the state first, batches and counts as descriptions, plurals, the .env connection named after its database', async () => {
    await ctx.status.refresh();
    const nodes = migrationNodes(ctx);
    const ran = ctx.migrationsTree.getTreeItem(nodes.get(migrationNames.users)!);
    assert.equal(ran.description, `${stateLabel('ran')} · batch 1`);
    assert.equal(ran.label, migrationNames.users);
    await vscode.commands.executeCommand('migrationDoctor.toggleGroupByBatch');
    try {
      const batch = ctx.migrationsTree.getChildren().find((g) => g.kind === 'group' && g.id === 'batch-1')!;
      const item = ctx.migrationsTree.getTreeItem(batch);
      assert.equal(item.label, 'Batch 1');
      assert.match(String(item.description), /^\d+ migrations$/);
    } finally {
      await vscode.commands.executeCommand('migrationDoctor.toggleGroupByBatch');
    }
    const env = (await ctx.connections.candidates()).find((c) => c.kind === 'env');
    assert.equal(env?.name, 'migration_doctor_demo (.env)');
  });
});
