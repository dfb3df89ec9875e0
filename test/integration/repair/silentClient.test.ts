// The client programs the repair runs (mysqldump for the backup, the mysql client for a restore)
// talk to the server on connections of their own, which the product's read timeout does not
// cover. A server that goes silent while one of them runs must not hold the command (and the
// repair lock) for ever: the program is stopped, the command ends with one sentence and exit
// code 2, its connections closed, the lock free, and no partial backup is kept.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openDatabase } from '../../../src/core/db/database';
import { createBackup, findMysqlClient, findMysqldump } from '../../../src/core/repair/backup';
import { createTestDatabase, withServer, type TestDatabase } from '../../support/database';
import { cliThrough as cliThroughProxy, silenceLimits, silenceText, startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { bringTo } from '../../support/laravel';

const limits = silenceLimits;
const stopped = (program: string): RegExp => new RegExp(`${program} got nothing from the server at 127\\.0\\.0\\.1:\\d+ for ${silenceText}, and a second connection found no query of it running \\(or got no answer\\): it was stopped\\.`);

/** The CLI through `proxy`; it must end by itself (killed after 40 s: the failure). */
const cliThrough = (proxy: FaultProxy, database: string, args: readonly string[]) => cliThroughProxy(proxy, database, args, 40_000);

describe('a server that goes silent while mysqldump or the mysql client runs', function () {
  this.timeout(120_000);
  let test: TestDatabase;
  let backups = '';
  before(async () => {
    assert.ok(findMysqldump(), 'mysqldump or mariadb-dump must be installed');
    assert.ok(findMysqlClient(), 'the mysql or mariadb client must be installed');
    test = await createTestDatabase('md_silent_client');
    await bringTo(test.name, 'incident');
    backups = await mkdtemp(path.join(tmpdir(), 'md-silent-client-'));
  });
  after(async () => {
    await test.drop();
    await rm(backups, { recursive: true, force: true });
  });

  const lockIsFree = async (database: string): Promise<void> => {
    const [rows] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [`migration-doctor:repair:${database}`]));
    assert.deepEqual(rows, [{ holder: null }]);
  };

  it('repair: mysqldump is stopped, one sentence and exit code 2, no backup kept, connections closed and the lock free', async () => {
    // A drifted table the repair alters: mysqldump has a table to dump.
    const drifted = await createTestDatabase('md_silent_dump');
    await bringTo(drifted.name, 'schema-drift');
    const proxy = await startFaultProxy();
    let froze = false;
    // The rows' read only mysqldump sends: the product's own queries are answered until then.
    void proxy.freezeOn(/SQL_NO_CACHE/).then(() => { froze = true; });
    try {
      const ended = await cliThrough(proxy, drifted.name, ['repair', '--apply', '--yes', '--allow-lossy', '--laravel-version', '8.83', '--backup-dir', backups]);
      assert.equal(ended.signal, null, `still running after 40 s: ${ended.out}${ended.err}`);
      assert.ok(froze, `the server never went silent: ${ended.code}\n${ended.out}${ended.err}`);
      assert.equal(ended.code, 2, ended.out + ended.err);
      assert.match(ended.err, stopped('(mysqldump|mariadb-dump)'));
      // No other dump was tried on a server gone silent, and nothing that looks like a backup is left.
      assert.deepEqual(await readdir(backups), []);
      await proxy.clientsClosed();
      await lockIsFree(drifted.name);
    } finally {
      await proxy.close();
      await drifted.drop();
    }
  });

  it('restore: the mysql client is stopped, one sentence and exit code 2, connections closed and the lock free', async () => {
    const db = await test.open();
    let file: string;
    try {
      ({ file } = await createBackup(db, { directory: backups, useMysqldump: false, tables: ['eklektik_transactions_tracking'], migrationNames: [] }));
    } finally {
      await db.close();
    }
    const proxy = await startFaultProxy();
    let froze = false;
    // A statement of the backup, which only the client sends.
    void proxy.freezeOn(/^DROP TABLE IF EXISTS/).then(() => { froze = true; });
    try {
      const ended = await cliThrough(proxy, test.name, ['restore', file]);
      assert.equal(ended.signal, null, `still running after 40 s: ${ended.out}${ended.err}`);
      assert.ok(froze, `the server never went silent: ${ended.code}\n${ended.out}${ended.err}`);
      assert.equal(ended.code, 2, ended.out + ended.err);
      assert.match(ended.err, stopped('(mysql|mariadb)'));
      await proxy.clientsClosed();
    } finally {
      await proxy.close();
    }
    await lockIsFree(test.name);
  });

  it('mysqldump waiting on a lock past the read timeout is waited for: the server runs its query', async () => {
    const db = await openDatabase({ ...test.options, ...limits });
    const blocker = await test.open();
    try {
      await blocker.execute('LOCK TABLES `eklektik_transactions_tracking` WRITE');
      const release = new Promise((resolve) => setTimeout(resolve, 3 * limits.readTimeoutMs)).then(() => blocker.execute('UNLOCK TABLES'));
      const backup = await createBackup(db, { directory: backups, useMysqldump: true, tables: ['eklektik_transactions_tracking'], migrationNames: [] });
      await release;
      assert.equal(backup.manifest.method, 'mysqldump', backup.manifest.note);
    } finally {
      await blocker.close();
      await db.close();
    }
  });
});
