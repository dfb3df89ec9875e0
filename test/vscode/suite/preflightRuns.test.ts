// Inside real VS Code: how many times preflight reads the active connection's database. It only
// reads, but it reads the rows of the tables pending migrations touch, on production too: once
// per status read from the database, shared by the Migrations tree and the side-by-side view's
// node of the same connection, and once per burst of saves (after the database is read again,
// not also for the status shown at once against the database as last read). Runs are counted
// through the log's "preflight of <name>:" line, one per run, by wrapping the channel's info().
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { EnvironmentNode } from '../../../src/editor/environments';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { migratePeople, migrationFile, uniqueEmailUp } from '../../support/duplicateEmails';
import { requireOracle } from '../../support/laravel';
import { preflightSource } from '../../../src/editor/preflight';
import { activeCtx, migrationNodes, namedConnection, until, type SuiteConnection } from '../support/extension';

const connectionName = 'md-pf-runs';
/** Another connection to the same database, not selected: read on its own connection by the side-by-side view. */
const otherName = 'md-pf-runs-other';
const createName = '2030_06_01_000001_create_md_pfr_people_table';
const uniqueName = '2030_06_01_000002_add_unique_email_to_md_pfr_people_table';
const failureText = "will fail: 1062 duplicate entry 'a@b.c' for md_pfr_people_email_unique (2 duplicates)";

/**
 * The log lines of `name` counted as they are written: preflight runs, database reads, file-only
 * updates; and the preflight runs of `otherName`.
 */
interface LogCount {
  runs: number;
  otherRuns: number;
  reads: number;
  fileUpdates: number;
  restore(): void;
}

function countLog(ctx: Ctx, name: string): LogCount {
  const log = ctx.log;
  const original = log.info;
  const count: LogCount = {
    runs: 0, otherRuns: 0, reads: 0, fileUpdates: 0,
    restore: () => void (log.info = original),
  };
  log.info = function (message: string, ...args: unknown[]) {
    if (message.startsWith(`preflight of ${name}: `)) count.runs++;
    else if (message.startsWith(`preflight of ${otherName}: `)) count.otherRuns++;
    else if (message.startsWith(`status of ${name}: `)) count.reads++;
    else if (message.startsWith(`status of ${name} after a file change: `)) count.fileUpdates++;
    return original.call(this, message, ...args);
  };
  return count;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

suite('Preflight runs once: per status read, shared by both views, and per burst of saves', function () {
  this.timeout(180_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;
  let extra: string | undefined;
  let count: LogCount | undefined;
  const folder = () => vscode.workspace.workspaceFolders![0]!;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor', folder());
  const uniquePath = () => path.join(extra!, `${uniqueName}.php`);

  /** The side-by-side view's node of the active connection (or of another). */
  function activeEnvironment(name = connectionName): EnvironmentNode {
    const node = ctx.migrationsTree.getChildren().find((n) => n.kind === 'environment' && n.label === name);
    assert.ok(node && node.kind === 'environment', ctx.migrationsTree.getChildren().map((n) => (n.kind === 'environment' ? n.label : n.kind)).join(', '));
    return node;
  }

  /** Both views settled: the status, the side-by-side view's reading, and every preflight they started. */
  async function settled(): Promise<void> {
    for (let i = 0; i < 2; i++) {
      await ctx.preflight.settled();
      await ctx.environments.refresh();
      await ctx.environments.settled();
    }
  }

  /** Waits for the database read that follows the saves, then for anything it started, and a while longer. */
  async function afterBurst(readsBefore: number): Promise<void> {
    assert.ok(await until(() => count!.reads > readsBefore, 20_000), 'the database was not read again after the saves');
    await ctx.preflight.settled();
    await ctx.environments.settled();
    // Long enough for a late run (the database is read again a second after the last save).
    await sleep(2_500);
    await ctx.preflight.settled();
    await ctx.environments.settled();
  }

  /**
   * The active connection's prediction as shown: its diagnostic, the status bar, and under the
   * connection's node of the side-by-side view (which takes the Migrations tree's place).
   */
  function shownFailures(): { diagnostics: (string | number | undefined)[]; statusBar: string; environment: string | undefined } {
    const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(uniquePath())).filter((d) => d.source === preflightSource).map((d) => d.code as string);
    const child = activeEnvironment().children.find((c) => c.label === uniqueName);
    return { diagnostics, statusBar: ctx.statusBar.item.text, environment: child && String(ctx.migrationsTree.getTreeItem(child).description) };
  }
  const failing = { diagnostics: ['preflight-1062'], statusBar: `$(database) ${connectionName} · 1 pending · 1 predicted failure`, environment: `pending · ${failureText}` };

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    database = await createTestDatabase('md_pfr_vscode');
    // Inside the workspace (where VS Code watches files), away from the fixture's own migrations.
    extra = fs.mkdtempSync(path.join(folder().uri.fsPath, 'storage', 'md-pf-runs-'));
    await migratePeople(database.name, extra, { table: 'md_pfr_people', createName }, ['a@b.c', 'a@b.c', 'd@e.f']);
    fs.writeFileSync(uniquePath(), migrationFile(uniqueEmailUp('md_pfr_people')));
    await config().update('migrationPaths', ['database/migrations', path.relative(folder().uri.fsPath, extra)], vscode.ConfigurationTarget.Global);
    connection = await namedConnection(ctx, { name: connectionName, database: database.name, target: vscode.ConfigurationTarget.Global });
    await config().update('connections', [connection.setting, { ...connection.setting, name: otherName }], vscode.ConfigurationTarget.Global);
    const { password } = testServer();
    if (password) await ctx.connections.setPassword(otherName, password);
    await config().update('showAllConnections', true, vscode.ConfigurationTarget.Global);
    await ctx.status.refresh({ reloadFiles: true });
    await settled();
    // The watcher's late events for the files written above (a status shown at once, the database
    // read a second later) come and go before anything is counted.
    await sleep(2_500);
    await settled();
  });

  teardown(() => {
    count?.restore();
    count = undefined;
  });

  suiteTeardown(async () => {
    count?.restore();
    if (ctx) {
      await config().update('showAllConnections', undefined, vscode.ConfigurationTarget.Global);
      await config().update('migrationPaths', undefined, vscode.ConfigurationTarget.Global);
    }
    await ctx?.extension.secrets.delete(`migrationDoctor.password.${otherName}`);
    await connection?.remove();
    if (extra) fs.rmSync(extra, { recursive: true, force: true });
    await database?.drop();
  });

  test('a status read from the database: one preflight, shown by the Migrations tree and by the connection\'s node side by side', async () => {
    count = countLog(ctx, connectionName);
    await ctx.status.refresh();
    await settled();
    assert.equal(count.reads, 1, `database reads: ${JSON.stringify(count)}`);
    assert.equal(count.runs, 1, `preflight runs of the active connection for one status: ${JSON.stringify(count)}`);
    assert.deepEqual(shownFailures(), failing);
    assert.match(String(ctx.migrationsTree.getTreeItem(activeEnvironment()).description), /· 1 pending · 1 predicted failure$/);
    // The other connection's preflight, on its own connection to the same database, says the same.
    assert.match(String(ctx.migrationsTree.getTreeItem(activeEnvironment(otherName)).description), /· 1 pending · 1 predicted failure$/);
    assert.equal(ctx.preflight.failures, 1);
    // The Migrations tree, in its place again, says the same.
    await config().update('showAllConnections', false, vscode.ConfigurationTarget.Global);
    try {
      assert.equal(ctx.migrationsTree.getTreeItem(migrationNodes(ctx).get(uniqueName)!).description, failing.environment);
    } finally {
      await config().update('showAllConnections', true, vscode.ConfigurationTarget.Global);
      await settled();
    }
  });

  test('two refreshes asked together: one database read, no status shown as if a file had changed, one preflight', async () => {
    count = countLog(ctx, connectionName);
    await Promise.all([ctx.status.refresh(), ctx.status.refresh()]);
    await settled();
    assert.equal(count.reads, 1, `database reads: ${JSON.stringify(count)}`);
    assert.equal(count.fileUpdates, 0, 'a status shown against the database as last read, with no file changed');
    assert.equal(count.runs, 1);
    assert.deepEqual(shownFailures(), failing);
  });

  test('a burst of saves of the pending migration: one preflight, after the database is read again', async () => {
    count = countLog(ctx, connectionName);
    for (const nickname of ['a', 'b', 'c']) {
      fs.writeFileSync(uniquePath(), migrationFile(uniqueEmailUp('md_pfr_people', [`$table->string('nick_${nickname}')->nullable();`])));
      await sleep(150);
    }
    await afterBurst(0);
    assert.ok(count.fileUpdates >= 1, 'the saves were not shown at once against the database as last read');
    assert.equal(count.reads, 1, `database reads: ${JSON.stringify(count)}`);
    assert.equal(count.runs, 1, `preflight runs of the active connection for one burst of saves: ${JSON.stringify(count)}`);
    // The other connection is read again with the database, not for each status shown meanwhile.
    assert.equal(count.otherRuns, 1, `preflight runs of the other connection for one burst of saves: ${JSON.stringify(count)}`);
    assert.deepEqual(shownFailures(), failing);
  });

  test('a save of a migration that ran: the predictions stay while the database is read again, then one preflight', async () => {
    count = countLog(ctx, connectionName);
    const createPath = path.join(extra!, `${createName}.php`);
    fs.writeFileSync(createPath, `${fs.readFileSync(createPath, 'utf8')}// touched\n`);
    assert.ok(await until(() => count!.fileUpdates > 0, 20_000), 'the save was not shown at once');
    await ctx.preflight.settled();
    // Nothing preflight depends on changed (pending files, database read, strict setting): the
    // shown status keeps its predictions without a run, unless the database was read again already.
    if (count.reads === 0) {
      assert.equal(count.runs, 0, 'preflight ran for a status shown against the database as last read');
      assert.equal(ctx.preflight.prediction(uniqueName)?.prediction, 'fails');
    }
    await afterBurst(0);
    assert.equal(count.reads, 1, `database reads: ${JSON.stringify(count)}`);
    assert.equal(count.runs, 1, 'preflight runs of the active connection for the save of a migration that ran');
    assert.deepEqual(shownFailures(), failing);
  });
});
