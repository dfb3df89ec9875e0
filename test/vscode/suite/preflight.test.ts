// Inside real VS Code: a pending migration that the real rows make fail (1062: three rows share
// an email the migration makes unique; the table made by the real artisan of Laravel 8.83).
// Preflight must put a diagnostic of its own source on the failing statement, say "will fail"
// in the Migrations view and count the failure in the status bar; and say nothing once the
// rows are clean, when turned off, or when the connection is refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { preflightSource } from '../../../src/editor/preflight';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { migratePeople, migrationFile, uniqueEmailUp } from '../../support/duplicateEmails';
import { requireOracle } from '../../support/laravel';
import { activeCtx, migrationNodes, namedConnection, until, type SuiteConnection } from '../support/extension';

const connectionName = 'md-preflight-test';
const createName = '2030_02_01_000001_create_md_pf_people_table';
const uniqueName = '2030_02_01_000002_add_unique_email_to_md_pf_people_table';

suite('Preflight in the editor: predicted failures against MariaDB', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;
  let extra: string | undefined;
  let uniqueUri: vscode.Uri;
  const folder = () => vscode.workspace.workspaceFolders![0]!;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor', folder());
  const preflightDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === preflightSource);

  /** The status read again from the disk and the database, and the preflight made for it. */
  async function refreshed(): Promise<void> {
    await ctx.status.refresh({ reloadFiles: true });
    await ctx.preflight.settled();
  }

  async function rows(sql: string): Promise<void> {
    const db = await database!.open();
    try {
      await db.execute(sql);
    } finally {
      await db.close();
    }
  }

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    database = await createTestDatabase('md_pf_vscode');
    // Inside the workspace (where VS Code watches files), away from the fixture's own migrations.
    extra = fs.mkdtempSync(path.join(folder().uri.fsPath, 'storage', 'md-preflight-'));
    await migratePeople(database.name, extra, { table: 'md_pf_people', createName }, ['a@b.c', 'a@b.c', 'a@b.c', 'd@e.f']);
    const uniquePath = path.join(extra, `${uniqueName}.php`);
    fs.writeFileSync(uniquePath, migrationFile(uniqueEmailUp('md_pf_people', ["$table->string('nickname')->nullable();"])));
    uniqueUri = vscode.Uri.file(uniquePath);
    await config().update('migrationPaths', ['database/migrations', path.relative(folder().uri.fsPath, extra)], vscode.ConfigurationTarget.Global);
    connection = await namedConnection(ctx, { name: connectionName, database: database.name, target: vscode.ConfigurationTarget.Global });
  });

  suiteTeardown(async () => {
    if (ctx) {
      await config().update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
      await config().update('preflight.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await connection?.remove();
    if (extra) fs.rmSync(extra, { recursive: true, force: true });
    await database?.drop();
  });

  test('a 1062 on real rows: a preflight diagnostic on the failing statement, "will fail" in the view, 1 predicted failure in the status bar', async () => {
    await refreshed();
    assert.equal(ctx.status.view.kind, 'ready', ctx.status.view.kind === 'error' ? ctx.status.view.error.message : ctx.status.view.kind);
    const diagnostics = preflightDiagnostics(uniqueUri);
    assert.equal(diagnostics.length, 1, JSON.stringify(vscode.languages.getDiagnostics(uniqueUri)));
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic!.code, 'preflight-1062');
    const text = fs.readFileSync(uniqueUri.fsPath, 'utf8').split('\n');
    assert.equal(diagnostic!.range.start.line, text.findIndex((line) => line.includes("$table->unique('email')")));
    assert.match(diagnostic!.message, new RegExp(`^On ${connectionName}, this migration will fail: 1062 duplicate entry 'a@b\\.c' for md_pf_people_email_unique \\(3 duplicates\\)`));
    assert.match(diagnostic!.message, /alter table `md_pf_people` add unique `md_pf_people_email_unique`\(`email`\)/);
    // The migration that ran has none.
    assert.deepEqual(preflightDiagnostics(vscode.Uri.file(path.join(extra!, `${createName}.php`))), []);

    const item = ctx.migrationsTree.getTreeItem(migrationNodes(ctx).get(uniqueName)!);
    assert.equal(item.description, "pending · will fail: 1062 duplicate entry 'a@b.c' for md_pf_people_email_unique (3 duplicates)");
    assert.match((item.tooltip as vscode.MarkdownString).value, /1062/);
    assert.equal(ctx.statusBar.item.text, `$(database) ${connectionName} · 1 pending · 1 predicted failure`);
  });

  test('turned off by migrationDoctor.preflight.enabled: no prediction', async () => {
    await config().update('preflight.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await refreshed();
      assert.deepEqual(preflightDiagnostics(uniqueUri), []);
      assert.equal(ctx.migrationsTree.getTreeItem(migrationNodes(ctx).get(uniqueName)!).description, 'pending');
      assert.equal(ctx.statusBar.item.text, `$(database) ${connectionName} · 1 pending`);
    } finally {
      await config().update('preflight.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await refreshed();
    assert.equal(preflightDiagnostics(uniqueUri).length, 1);
  });

  test('a refused connection: the status says why, preflight withdraws its predictions', async () => {
    const good = connection!.setting;
    try {
      await config().update('connections', [good, { name: 'md-preflight-down', host: '127.0.0.1', port: 1, database: 'x' }], vscode.ConfigurationTarget.Global);
      await ctx.connections.select('settings:md-preflight-down');
      await refreshed();
      assert.equal(ctx.status.view.kind, 'error');
      assert.deepEqual(preflightDiagnostics(uniqueUri), []);
      assert.equal(ctx.preflight.failures, 0);
    } finally {
      await config().update('connections', [good], vscode.ConfigurationTarget.Global);
      await ctx.connections.select(`settings:${connectionName}`);
      await refreshed();
    }
    assert.equal(ctx.status.view.kind, 'ready');
  });

  test('healthy rows: the same pending migration gets no preflight diagnostic and no "will fail"', async () => {
    await rows("DELETE FROM md_pf_people WHERE email = 'a@b.c' AND id > (SELECT m FROM (SELECT MIN(id) AS m FROM md_pf_people) t)");
    await refreshed();
    assert.ok(await until(() => preflightDiagnostics(uniqueUri).length === 0, 5_000), 'a preflight diagnostic is left');
    assert.equal(ctx.migrationsTree.getTreeItem(migrationNodes(ctx).get(uniqueName)!).description, 'pending');
    assert.equal(ctx.statusBar.item.text, `$(database) ${connectionName} · 1 pending`);
  });

  test("a next batch past the migrations table's `batch` range: the first pending migration will fail (1264), as the CLI's preflight says", async () => {
    // Laravel's `batch` is a signed int: the next migrate's row would be 2147483648, which a strict connection refuses.
    const db = await database!.open();
    const last = await db.query<{ last: number }>('SELECT MAX(batch) AS last FROM migrations').finally(() => db.close());
    await rows(`UPDATE migrations SET batch = 2147483647 WHERE batch = ${Number(last[0]!.last)}`);
    try {
      await refreshed();
      assert.ok(await until(() => preflightDiagnostics(uniqueUri).length === 1, 5_000), JSON.stringify(vscode.languages.getDiagnostics(uniqueUri)));
      assert.equal(preflightDiagnostics(uniqueUri)[0]!.code, 'preflight-1264');
      assert.match(String(ctx.migrationsTree.getTreeItem(migrationNodes(ctx).get(uniqueName)!).description), /^pending · will fail: 1264 /);
      assert.equal(ctx.statusBar.item.text, `$(database) ${connectionName} · 1 pending · 1 predicted failure`);
    } finally {
      await rows(`UPDATE migrations SET batch = ${Number(last[0]!.last)} WHERE batch = 2147483647`);
      await refreshed();
    }
    assert.deepEqual(preflightDiagnostics(uniqueUri), []);
  });
});
