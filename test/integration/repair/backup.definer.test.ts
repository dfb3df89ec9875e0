// A trigger keeps its DEFINER in the backup (both dumps write it), and only an account with SUPER
// or SET USER may create a trigger for another definer. An application's account without them
// could back up a table whose trigger a DBA made (or whose definer no longer exists), but its
// restore dropped the table, gave the rows back, then stopped on the trigger: the trigger lost,
// the migrations rows after it never reset. The backup is refused instead, before any change.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase, type Database } from '../../../src/core/db/database';
import { BackupFailed, BackupRefused, createBackup } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { english } from '../../../src/core/messages/catalog';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../../support/database';
import { dumpState } from './state';

describe('backup of a table whose trigger another account defined (MariaDB)', function () {
  this.timeout(60_000);
  let test: TestDatabase;
  let root: Database;
  let app: TestUser;
  let dir: string;

  beforeEach(async () => {
    test = await createTestDatabase('md_backup_definer');
    root = await test.open();
    app = await createTestUser(test.name, ['ALL PRIVILEGES']);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-backups-'));
    await root.execute('CREATE TABLE orders (id int PRIMARY KEY, total int, checked tinyint)');
    await root.execute('INSERT INTO orders VALUES (1, 10, 1)');
  });

  afterEach(async () => {
    await root.close();
    await app.drop();
    await test.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const triggers = () => root.query<Record<string, string>>(
    'SELECT TRIGGER_NAME, DEFINER, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');

  for (const useMysqldump of [false, true]) {
    it(`is refused for an account that could not re-create it, naming the trigger and its definer (${useMysqldump ? 'mysqldump' : 'built-in dump'})`, async () => {
      await root.execute('CREATE DEFINER = `md_gone`@`%` TRIGGER check_total BEFORE INSERT ON orders FOR EACH ROW SET NEW.checked = NEW.total > 0');
      const before = await dumpState(root);
      const db = await openDatabase(app.options);
      try {
        const error = await createBackup(db, { directory: dir, useMysqldump, tables: ['orders'], migrationNames: [] }).then(
          (backup) => assert.fail(`a backup was kept that this account cannot restore: ${backup.file}`),
          (e: unknown) => e,
        );
        assert.ok(error instanceof BackupFailed, String(error));
        assert.ok(error.error instanceof BackupRefused, String(error.error));
        const said = english(error.error.said);
        assert.match(said, /check_total/);
        assert.match(said, /md_gone@%/);
        assert.match(said, new RegExp(app.user));
        assert.match(said, /SUPER|SET USER/);
      } finally {
        await db.close();
      }
      assert.deepEqual(await fs.readdir(dir), []);
      assert.deepEqual(await dumpState(root), before);
    });
  }

  it('backs up and restores, definer kept, a trigger the account itself defined', async () => {
    const db = await openDatabase(app.options);
    try {
      await db.execute('CREATE TRIGGER check_total BEFORE INSERT ON orders FOR EACH ROW SET NEW.checked = NEW.total > 0');
      const original = await triggers();
      const before = await dumpState(root);
      const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['orders'], migrationNames: [] });
      await db.execute('DROP TABLE orders');
      const restored = await restoreBackup(db, backup.file, { useClient: false });
      assert.equal(restored.ok, true, JSON.stringify(restored));
      assert.deepEqual(await triggers(), original);
      assert.deepEqual(await dumpState(root), before);
    } finally {
      await db.close();
    }
  });

  it('backs up and restores another definer\'s trigger for an account that may set it (SUPER)', async () => {
    await root.execute('CREATE DEFINER = `md_gone`@`%` TRIGGER check_total BEFORE INSERT ON orders FOR EACH ROW SET NEW.checked = NEW.total > 0');
    const original = await triggers();
    const backup = await createBackup(root, { directory: dir, useMysqldump: false, tables: ['orders'], migrationNames: [] });
    await root.execute('DROP TABLE orders');
    const restored = await restoreBackup(root, backup.file, { useClient: false });
    assert.equal(restored.ok, true, JSON.stringify(restored));
    assert.deepEqual(await triggers(), original);
  });
});
