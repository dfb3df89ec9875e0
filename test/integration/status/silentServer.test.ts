// A server that takes the connection, answers the handshake, then stops answering in the middle
// of a query (a hung server, a network that drops everything): the command ends with one sentence
// and exit code 2, its connections closed, whatever it was doing (status, preflight, a repair
// taking its lock or writing its backup). A slow query the server is running is waited for.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openDatabase } from '../../../src/core/db/database';
import { DatabaseError } from '../../../src/core/db/errors';
import { createTestDatabase, withServer, type TestDatabase } from '../../support/database';
import { cliThrough as cliThroughProxy, silenceLimits, silenceText, startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { bringTo } from '../../support/laravel';

const limits = silenceLimits;
const silent = new RegExp(`The server at 127\\.0\\.0\\.1:\\d+ stopped answering: nothing for ${silenceText}, and a second connection got no answer either\\.`);

/** The CLI through `proxy`; it must end by itself (killed after 30 s: the failure). */
const cliThrough = (proxy: FaultProxy, database: string, args: readonly string[]) => cliThroughProxy(proxy, database, args, 30_000);

describe('a server that stops answering mid-query', function () {
  this.timeout(120_000);
  let test: TestDatabase;
  let backups = '';
  before(async () => {
    test = await createTestDatabase('md_silent');
    await bringTo(test.name, 'incident');
    backups = await mkdtemp(path.join(tmpdir(), 'md-silent-backups-'));
  });
  after(async () => {
    await test.drop();
    await rm(backups, { recursive: true, force: true });
  });

  it('a query it stops answering fails as a silent server, and the socket is closed', async () => {
    const proxy = await startFaultProxy();
    try {
      const db = await openDatabase({ ...test.options, ...limits, port: proxy.port });
      void proxy.freezeOn(/FROM migrations/);
      const error = await db.query('SELECT migration FROM migrations').then(() => undefined, (e: unknown) => e);
      await db.close();
      assert.ok(error instanceof DatabaseError, String(error));
      assert.equal(error.kind, 'timeout');
      assert.match(error.sentence, silent);
      assert.match(error.nextStep, /--read-timeout/);
      await proxy.clientsClosed();
    } finally {
      await proxy.close();
    }
  });

  it('a slow query the server is running is waited for, past the limit', async () => {
    const db = await openDatabase({ ...test.options, ...limits });
    try {
      assert.deepEqual(await db.query(`SELECT SLEEP(${(3 * limits.readTimeoutMs) / 1000}) AS slept`), [{ slept: 0 }]);
    } finally {
      await db.close();
    }
  });

  for (const { command, args, freeze } of [
    { command: 'status', args: ['status', '--no-cache'], freeze: /information_schema/i },
    { command: 'preflight', args: ['preflight', '--laravel-version', '8.83'], freeze: /information_schema/i },
    { command: 'repair taking its lock', args: ['repair', '--apply', '--yes', '--no-mysqldump', '--laravel-version', '8.83'], freeze: /GET_LOCK/ },
    { command: 'repair writing its backup', args: ['repair', '--apply', '--yes', '--no-mysqldump', '--laravel-version', '8.83'], freeze: /SHOW CREATE TABLE/i },
  ]) {
    it(`${command}: ends with one sentence and exit code 2, its connections closed`, async () => {
      const proxy = await startFaultProxy();
      let froze = false;
      void proxy.freezeOn(freeze).then(() => { froze = true; });
      try {
        const ended = await cliThrough(proxy, test.name, args[0] === 'repair' ? [...args, '--backup-dir', backups] : args);
        assert.equal(ended.signal, null, `still running after 30 s: ${ended.out}${ended.err}`);
        assert.ok(froze, `the server never went silent: ${ended.code}\n${ended.out}${ended.err}`);
        assert.equal(ended.code, 2, ended.out + ended.err);
        assert.match(ended.err, silent);
        await proxy.clientsClosed();
      } finally {
        await proxy.close();
      }
    });
  }

  it('the repair lock is free again once the repair ended', async () => {
    const [rows] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [`migration-doctor:repair:${test.name}`]));
    assert.deepEqual(rows, [{ holder: null }]);
  });
});
