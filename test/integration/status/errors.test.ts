// Every connection failure is one sentence and the next step, against a real server.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import * as path from 'node:path';
import { openDatabase, type ConnectionOptions } from '../../../src/core/db/database';
import { classifyDatabaseError, classifyDriverError, DatabaseError, type DatabaseErrorKind } from '../../../src/core/db/errors';
import { explainError } from '../../../src/core/repair/errors';
import { takeSnapshot } from '../../../src/core/status/engine';
import { catalogOf } from '../../../src/core/structure/fromDrizzle';
import { structurePort } from '../../../src/core/status/structurePort';
import { createTestDatabase, testServer, type TestDatabase, withServer } from '../../support/database';
import { startFaultProxy } from '../../support/faultProxy';
import { laravelAppDir } from '../../support/laravel';

async function failure(options: ConnectionOptions, work?: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<unknown>): Promise<DatabaseError> {
  try {
    const db = await openDatabase(options);
    try {
      await work?.(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    assert.ok(error instanceof DatabaseError, `not classified: ${String(error)}`);
    return error;
  }
  assert.fail('no error');
}

function expectKind(error: DatabaseError, kind: DatabaseErrorKind, sentence: RegExp): void {
  assert.equal(error.kind, kind, error.message);
  assert.match(error.sentence, sentence);
  assert.ok(error.nextStep.length > 0);
}

const snapshot = (db: Awaited<ReturnType<typeof openDatabase>>) =>
  takeSnapshot(db, { migrations: [], catalog: catalogOf([]), structure: structurePort() });

describe('connection failures', function () {
  this.timeout(30_000);
  let test: TestDatabase;
  const user = `md_status_ro_${process.pid}`;
  before(async () => {
    test = await createTestDatabase('md_status_errors');
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      await c.query('CREATE TABLE migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255), batch INT)');
      await c.query('CREATE TABLE users (id INT)');
      await c.query('CREATE TABLE migrations_without_batch (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255))');
      await c.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'right'`);
      await c.query(`CREATE USER '${user}'@'localhost' IDENTIFIED BY 'right'`);
      for (const host of ['%', 'localhost']) await c.query(`GRANT SELECT ON \`${test.name}\`.\`users\` TO '${user}'@'${host}'`);
    });
  });
  after(async () => {
    await withServer(async (c) => {
      await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await c.query(`DROP USER IF EXISTS '${user}'@'localhost'`);
    });
    await test.drop();
  });

  it('1045: wrong password', async () => {
    expectKind(await failure({ ...test.options, user, password: 'wrong' }), 'access-denied', /wrong user name or password/);
  });

  it('1049: unknown database', async () => {
    expectKind(await failure({ ...test.options, database: `${test.name}_nope` }), 'unknown-database', /does not exist/);
  });

  it('1044: no privilege on the database', async () => {
    expectKind(await failure({ ...test.options, user, password: 'right', database: 'mysql' }), 'no-privilege', /lacks a privilege/);
  });

  it('1142: no SELECT on the migrations table', async () => {
    const error = await failure({ ...test.options, user, password: 'right' }, snapshot);
    expectKind(error, 'no-privilege', /SELECT command denied/);
    assert.equal(error.code, 1142);
  });

  it('Migration table not found', async () => {
    const error = await failure({ ...test.options, migrationsTable: 'laravel_migrations' }, snapshot);
    expectKind(error, 'migrations-table-missing', /^Migration table not found/);
  });

  it('a migrations table without its batch column: said of the table, not of the connection', async () => {
    const error = await failure({ ...test.options, migrationsTable: 'migrations_without_batch' }, snapshot);
    assert.equal(error.sentence, "The migrations table 'migrations_without_batch' has no column batch: Laravel reads migration and batch from it, so it was changed by hand or is another table of that name.");
    assert.match(error.nextStep, /Laravel's columns \(id, migration, batch\)/);
  });

  it('ECONNREFUSED: nothing listens', async () => {
    expectKind(await failure({ ...test.options, port: 1 }), 'unreachable', /refused/);
  });

  it('a programming error inside the snapshot stays what it is, never a database error', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'kind')");
    const db = await openDatabase(test.options);
    try {
      await assert.rejects(takeSnapshot(db, { migrations: [], catalog: () => { throw bug; }, structure: structurePort() }), (error: unknown) => error === bug);
    } finally {
      await db.close();
    }
  });

  it('the real driver\'s errors read the same to status and to repair', async () => {
    const refused = await failure({ ...test.options, port: 1 });
    assert.equal(refused.failure?.kind, 'refused');
    assert.equal(explainError(refused).kind, 'connection-lost');
    const db = await openDatabase(test.options);
    try {
      const raw = await db.query('SELECT * FROM no_such_table').then(() => undefined, (error: unknown) => error);
      assert.equal(classifyDriverError(raw)?.kind, 'table-missing');
      assert.equal(classifyDatabaseError(raw, test.options)?.failure?.errno, 1146);
      assert.equal(explainError(raw).kind, 'other');
      const exists = await db.query('CREATE TABLE users (id INT)').then(() => undefined, (error: unknown) => error);
      assert.equal(explainError(exists).kind, 'table-exists');
    } finally {
      await db.close();
    }
  });

  it('ENOTFOUND: unknown host', async () => {
    expectKind(await failure({ ...test.options, host: 'no-such-host.invalid' }), 'unknown-host', /cannot be found/);
  });

  it('a server that accepts and never answers times out instead of hanging', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    const started = Date.now();
    try {
      expectKind(await failure({ ...test.options, port, connectTimeoutMs: 800 }), 'timeout', /did not answer in time/);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('a server gone silent after its last answer: status prints it, closes its connections and its process ends', async () => {
    const proxy = await startFaultProxy();
    proxy.swallowQuit();
    const server = testServer();
    const child = spawn(process.execPath, [
      path.resolve(__dirname, '../../../src/cli/main.js'), 'status', '--json', '--no-cache',
      '--host', '127.0.0.1', '--port', String(proxy.port), '--user', server.user, '--database', test.name,
    ], { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
    // The process is left to end by itself; one still running long after its answer is the failure.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      assert.equal(signal, null, `still running after its answer: ${out.slice(0, 200)}`);
      assert.equal(JSON.parse(out).migrationsTable, 'migrations');
      assert.ok(code === 0 || code === 1, String(code));
      await proxy.clientsClosed();
    } finally {
      clearTimeout(guard);
      await proxy.close();
    }
  });
});
