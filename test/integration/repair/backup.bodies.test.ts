// A trigger's body as its creator wrote it: comments, every delimiter the dump may choose (the
// mysql client keeps 15 characters of one), a DELIMITER line inside a string. Backed up by either
// dump and restored by either replayer, the trigger comes back character for character.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { createBackup } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dumpState } from './state';

const body = `BEGIN
  -- a comment; with 'a quote and \`a tick
  # another */ /* one
  /* and a block; with "quotes" */
  SET NEW.note = CONCAT(NEW.note, ';;$$//#~#;;0;;', '
DELIMITER ;
DROP TABLE victim;
');
END`;

describe('backup and restore of a trigger body, comments and delimiters included (MariaDB)', function () {
  let test: TestDatabase;
  let db: Database;
  let dir: string;

  beforeEach(async () => {
    test = await createTestDatabase('md_backup_bodies');
    db = await test.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-backups-'));
    await db.execute('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
    await db.execute('CREATE TABLE victim (id int PRIMARY KEY)');
    await db.execute('CREATE TABLE t (id int PRIMARY KEY, note text)');
    await db.execute(`CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW ${body}`);
    await db.execute("INSERT INTO t VALUES (1, 'x')");
  });

  afterEach(async () => {
    await db.close();
    await test.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const triggers = () => db.query<{ name: string; body: string }>(
    'SELECT TRIGGER_NAME AS name, ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');

  for (const useMysqldump of [false, true]) {
    for (const useClient of [false, true]) {
      it(`gives the trigger back as it was (${useMysqldump ? 'mysqldump' : 'built-in dump'}, ${useClient ? 'mysql client' : 'built-in restore'})`, async () => {
        const original = await triggers();
        assert.match(original[0]?.body ?? '', /-- a comment; with 'a quote[\s\S]*# another[\s\S]*\/\* and a block/);
        const before = await dumpState(db);
        const backup = await createBackup(db, { directory: dir, useMysqldump, tables: ['t'], migrationNames: [] });
        await db.execute('DROP TABLE t');
        const restored = await restoreBackup(db, backup.file, { useClient });
        assert.equal(restored.ok, true, JSON.stringify(restored));
        assert.deepEqual(await triggers(), original);
        assert.deepEqual(await dumpState(db), before);
      });
    }
  }
});

// A trigger compares its string literals in the collation of the connection that created it: made
// under utf8mb4_bin, 'abc' = 'ABC' is false in its body. The restore must create it under the same one.
describe('backup and restore of a trigger made under another collation (MariaDB)', function () {
  let test: TestDatabase;
  let db: Database;
  let dir: string;

  beforeEach(async () => {
    test = await createTestDatabase('md_backup_trigger_collation');
    db = await test.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-backups-'));
    await db.execute('CREATE TABLE t (id int PRIMARY KEY, code varchar(10), exact tinyint)');
    await db.execute("SET collation_connection = 'utf8mb4_bin'");
    await db.execute("CREATE TRIGGER exact_code BEFORE INSERT ON t FOR EACH ROW SET NEW.exact = (LOWER(NEW.code) = 'abc' AND 'abc' = 'ABC')");
    await db.execute("SET collation_connection = 'utf8mb4_unicode_ci'");
    await db.execute("INSERT INTO t (id, code) VALUES (1, 'abc')");
  });

  afterEach(async () => {
    await db.close();
    await test.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const triggers = () => db.query<Record<string, string>>(
    'SELECT TRIGGER_NAME, ACTION_STATEMENT, COLLATION_CONNECTION, CHARACTER_SET_CLIENT, SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');

  for (const useMysqldump of [false, true]) {
    for (const useClient of [false, true]) {
      it(`keeps the trigger's collation (${useMysqldump ? 'mysqldump' : 'built-in dump'}, ${useClient ? 'mysql client' : 'built-in restore'})`, async () => {
        const original = await triggers();
        assert.equal(original[0]?.COLLATION_CONNECTION, 'utf8mb4_bin');
        const before = await dumpState(db);
        const backup = await createBackup(db, { directory: dir, useMysqldump, tables: ['t'], migrationNames: [] });
        await db.execute('DROP TABLE t');
        const restored = await restoreBackup(db, backup.file, { useClient });
        assert.equal(restored.ok, true, JSON.stringify(restored));
        assert.deepEqual(await triggers(), original);
        assert.deepEqual(await dumpState(db), before);
        await db.execute("INSERT INTO t (id, code) VALUES (2, 'abc')");
        assert.deepEqual(await db.query('SELECT id, exact FROM t ORDER BY id'), [{ id: 1, exact: 0 }, { id: 2, exact: 0 }]);
      });
    }
  }
});
