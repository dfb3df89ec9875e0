// Inside real VS Code: a status the server never answers (another session holds a write lock on
// the migrations table) ends within migrationDoctor.statusTimeoutSeconds as "unknown" with the
// next step, and the connection it waited on is closed; once the lock goes, a refresh reads it.
import * as assert from 'node:assert/strict';
import * as mysql from 'mysql2/promise';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import { createTestDatabase, testServer, withServer, type TestDatabase } from '../../support/database';
import { activeCtx, namedConnection, until, type SuiteConnection } from '../support/extension';

const connectionName = 'md-status-time-limit';

/** Sessions on `database` other than `except` (the lock holder). */
async function sessionsOn(database: string, except: number): Promise<number> {
  const [rows] = await withServer((c) => c.query('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> ?', [database, except]));
  return (rows as unknown[]).length;
}

suite('Status time limit: a server that takes the connection and never answers', function () {
  this.timeout(120_000);
  let ctx: Ctx;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;
  let blocker: mysql.Connection | undefined;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor');

  suiteSetup(async () => {
    ctx = await activeCtx();
    database = await createTestDatabase('md_status_limit');
    await withServer((c) => c.query(`CREATE TABLE \`${database!.name}\`.migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)`));
    await config().update('statusTimeoutSeconds', 2, vscode.ConfigurationTarget.Global);
    await config().update('preflight.enabled', false, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await blocker?.end().catch(() => blocker?.destroy());
    await connection?.remove();
    await config().update('statusTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config().update('preflight.enabled', undefined, vscode.ConfigurationTarget.Global);
    await database?.drop();
  });

  test('says the status is unknown after the limit, closes the connection, and reads it once the lock is gone', async () => {
    blocker = await mysql.createConnection({ ...testServer(), database: database!.name });
    const [[{ id: blockerId }]] = await blocker.query('SELECT CONNECTION_ID() AS id') as unknown as [{ id: number }[]];
    await blocker.query('LOCK TABLES migrations WRITE');
    connection = await namedConnection(ctx, { name: connectionName, database: database!.name, target: vscode.ConfigurationTarget.Global });
    void ctx.status.refresh();

    // The view before (the fixture's .env connection) is not ours: wait for this connection's.
    const ended = await until(() => ctx.status.view.kind === 'error' && ctx.status.view.name === connectionName, 30_000);
    const view = ctx.status.view;
    assert.ok(ended, `still ${view.kind} with the server not answering`);
    assert.ok(view.kind === 'error');
    const server = testServer();
    assert.equal(view.error.kind, 'timeout');
    assert.equal(view.error.message, `Status unknown: the server at ${server.host}:${server.port} did not answer in 2 s. `
      + 'Another session may hold a lock on a table the status reads, or the server is overloaded: look at SHOW PROCESSLIST on the server, then refresh (the time limit is the setting migrationDoctor.statusTimeoutSeconds).');

    // The server ends the waiting session once the lock goes and it finds the client gone; an
    // editor connection still open would stay listed.
    await blocker.query('UNLOCK TABLES');
    assert.ok(await until(async () => (await sessionsOn(database!.name, blockerId)) === 0, 20_000), 'a session of the editor is still open on the database');

    await ctx.status.refresh();
    assert.equal(ctx.status.view.kind, 'ready', ctx.status.view.kind === 'error' ? ctx.status.view.error.message : ctx.status.view.kind);
  });

  test('every connection side by side: the one that does not answer is unknown, the other read, and its connection closed', async () => {
    await connection?.remove();
    connection = undefined;
    const healthy = await createTestDatabase('md_status_limit_ok');
    const server = testServer();
    const setting = (name: string, db: string) => ({ name, host: server.host, port: server.port, username: server.user, database: db });
    try {
      await withServer((c) => c.query(`CREATE TABLE \`${healthy.name}\`.migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)`));
      blocker ??= await mysql.createConnection({ ...server, database: database!.name });
      await blocker.query('LOCK TABLES migrations WRITE');
      const [[{ id: blockerId }]] = await blocker!.query('SELECT CONNECTION_ID() AS id') as unknown as [{ id: number }[]];
      await config().update('connections', [setting('md-limit-locked', database!.name), setting('md-limit-ok', healthy.name)], vscode.ConfigurationTarget.Global);
      for (const name of ['md-limit-locked', 'md-limit-ok']) if (server.password) await ctx.connections.setPassword(name, server.password);
      await config().update('showAllConnections', true, vscode.ConfigurationTarget.Global);
      const read = await Promise.race([ctx.environments.refresh().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000))]);
      assert.ok(read, 'the side-by-side view is still reading with the server not answering');
      const locked = ctx.environments.results.find((r) => r.candidate.name === 'md-limit-locked');
      const ok = ctx.environments.results.find((r) => r.candidate.name === 'md-limit-ok');
      assert.equal(ok?.kind, 'status', JSON.stringify(ok?.kind === 'error' ? ok.error.message : ok?.kind));
      assert.ok(locked?.kind === 'error', locked?.kind);
      assert.equal(locked.error.kind, 'timeout');
      assert.match(locked.error.message, /^Status unknown: the server at \S+ did not answer in 2 s\. /);
      await blocker!.query('UNLOCK TABLES');
      assert.ok(await until(async () => (await sessionsOn(database!.name, blockerId)) === 0, 20_000), 'a session of the editor is still open on the database');
    } finally {
      await blocker!.query('UNLOCK TABLES').catch(() => undefined);
      await config().update('showAllConnections', undefined, vscode.ConfigurationTarget.Global);
      await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
      for (const name of ['md-limit-locked', 'md-limit-ok']) await ctx.extension.secrets.delete(`migrationDoctor.password.${name}`);
      await healthy.drop();
    }
  });
});
