// A row the server accepted can be larger, written as SQL, than the largest statement the server
// accepts (max_allowed_packet): a binary value is written in hex (twice its size), and a value
// sent in pieces through the binary protocol may be near the limit itself. Such a backup checks
// out but cannot be replayed: the restore drops the table, then its INSERT is refused. The backup
// is refused instead, before anything changes, and says what to do.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { BackupFailed, BackupRefused, createBackup } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { english } from '../../../src/core/messages/catalog';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dumpState } from './state';

describe('backup of a row larger, as SQL, than the server accepts (MariaDB)', function () {
  this.timeout(120_000);
  let test: TestDatabase;
  let db: Database;
  let dir: string;
  let packet: number;

  beforeEach(async () => {
    test = await createTestDatabase('md_backup_packet');
    db = await test.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-backups-'));
    [{ packet }] = (await db.query<{ packet: number | string }>('SELECT @@max_allowed_packet AS packet')).map((r) => ({ packet: Number(r.packet) }));
    await db.execute('CREATE TABLE files (id int PRIMARY KEY, body longblob)');
    // Made by the server (the application may have sent it in pieces), over the limit once written in hex.
    await db.execute(`INSERT INTO files VALUES (1, REPEAT(x'ab', ${Math.floor(packet * 0.6)}))`);
    await db.execute('INSERT INTO files VALUES (2, ?)', [Buffer.from('small')]);
  });

  afterEach(async () => {
    await db.close();
    await test.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  for (const useMysqldump of [false, true]) {
    it(`is refused, naming the table and the server's limit, and leaves no file (${useMysqldump ? 'mysqldump' : 'built-in dump'})`, async () => {
      const before = await dumpState(db);
      const error = await createBackup(db, { directory: dir, useMysqldump, tables: ['files'], migrationNames: [] }).then(
        (backup) => assert.fail(`a backup was kept that the server cannot replay: ${backup.file}`),
        (e: unknown) => e,
      );
      assert.ok(error instanceof BackupFailed, String(error));
      assert.ok(error.error instanceof BackupRefused, String(error.error));
      const said = english(error.error.said);
      assert.match(said, /files/);
      assert.match(said, new RegExp(`max_allowed_packet.*${packet}|${packet}.*max_allowed_packet`));
      assert.equal(existsSync(error.removedFile), false);
      assert.deepEqual(await fs.readdir(dir), []);
      assert.deepEqual(await dumpState(db), before);
    });
  }

  it('still backs up and restores a large row that fits', async () => {
    await db.execute(`UPDATE files SET body = REPEAT(x'cd', ${Math.floor(packet * 0.4)}) WHERE id = 1`);
    const before = await dumpState(db);
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['files'], migrationNames: [] });
    await db.execute('DROP TABLE files');
    const restored = await restoreBackup(db, backup.file, { useClient: false });
    assert.equal(restored.ok, true, JSON.stringify(restored));
    assert.deepEqual(await dumpState(db), before);
  });
});
