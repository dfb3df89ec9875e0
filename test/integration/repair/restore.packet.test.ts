// A backup replayed on a server that accepts smaller statements than when it was taken
// (max_allowed_packet lowered since, or another server): the replay dropped the table, then its
// INSERT was refused and the connection closed, leaving the table empty and a message about a
// lost connection. The restore now measures the file's largest statement against the server's
// limit before changing anything. On a MariaDB of the test's own: SET GLOBAL is server-wide.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase, type Database } from '../../../src/core/db/database';
import { createBackup } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { findMysqlClient } from '../../../src/core/repair/backup';
import { startPrivateMariadb, type PrivateMariadb } from '../../support/privateMariadb';
import { dumpState } from './state';

describe('restore of a backup with statements larger than the server now accepts (a MariaDB of its own)', function () {
  this.timeout(300_000);
  let server: PrivateMariadb;
  let dir: string;
  let backupFile: string;

  const withAdmin = async (work: (db: Database) => Promise<unknown>): Promise<void> => {
    const admin = await openDatabase(server.options('mysql'));
    try {
      await work(admin);
    } finally {
      await admin.close();
    }
  };
  // max_allowed_packet is read by a session when it connects: each step opens its own.
  const withData = async <T>(work: (db: Database) => Promise<T>): Promise<T> => {
    const db = await openDatabase(server.options('shop'));
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  const setPacket = (bytes: number) => withAdmin((admin) => admin.execute(`SET GLOBAL max_allowed_packet = ${bytes}`));

  before(async () => {
    server = await startPrivateMariadb(['--max-allowed-packet=16M']);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-backups-'));
    await withAdmin((admin) => admin.execute('CREATE DATABASE shop'));
    await withData(async (db) => {
      await db.execute('CREATE TABLE files (id int PRIMARY KEY, body longblob)');
      // 3 MB, written in hex: a statement of 6 MB, within 16 MB.
      await db.execute("INSERT INTO files VALUES (1, REPEAT(x'ab', 3000000)), (2, x'00')");
      backupFile = (await createBackup(db, { directory: dir, useMysqldump: false, tables: ['files'], migrationNames: [] })).file;
      // The state the restore must not touch when it refuses.
      await db.execute("UPDATE files SET body = x'01' WHERE id = 2");
    });
  });

  after(async () => {
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const methods = findMysqlClient() ? [false, true] : [false];
  for (const useClient of methods) {
    it(`is refused before anything changes, saying the statement's size and the server's limit (${useClient ? 'the mysql client' : 'built-in'})`, async () => {
      await setPacket(4 * 1024 * 1024);
      await withData(async (db) => {
        const before = await dumpState(db);
        const result = await restoreBackup(db, backupFile, { useClient });
        assert.equal(result.ok, false, JSON.stringify(result));
        assert.ok(!result.ok);
        assert.equal(result.said.id, 'restore.statementTooLarge', result.message);
        assert.match(result.message, /a statement of 6000\d{3} bytes, over the largest the server accepts \(max_allowed_packet = 4194304/);
        assert.deepEqual(await dumpState(db), before, 'the database is as it was');
      });
    });
  }

  it('a backup whose header does not give its largest statement (an older one) is measured, and refused as well', async () => {
    await setPacket(4 * 1024 * 1024);
    const text = await fs.readFile(backupFile, 'latin1');
    const field = /"largestStatement":\d+,/.exec(text)!;
    const older = path.join(dir, 'older.sql');
    // The same length, so the padded header line keeps its size; the checksum no longer matches, so every statement is read.
    await fs.writeFile(older, text.replace(field[0], ' '.repeat(field[0].length)), 'latin1');
    await withData(async (db) => {
      const before = await dumpState(db);
      const result = await restoreBackup(db, older, { useClient: false });
      assert.ok(!result.ok);
      assert.equal(result.said.id, 'restore.statementTooLarge', result.message);
      assert.deepEqual(await dumpState(db), before);
    });
  });

  it('is replayed whole once the server accepts it again', async () => {
    await setPacket(16 * 1024 * 1024);
    await withData(async (db) => {
      const result = await restoreBackup(db, backupFile, { useClient: false });
      assert.equal(result.ok, true, JSON.stringify(result));
      const rows = await db.query<{ id: number; n: number | string }>('SELECT id, LENGTH(body) AS n FROM files ORDER BY id');
      assert.deepEqual(rows.map((r) => [r.id, Number(r.n)]), [[1, 3000000], [2, 1]]);
      assert.equal((await db.query<{ b: string }>('SELECT HEX(body) AS b FROM files WHERE id = 2'))[0]!.b, '00');
    });
  });
});
