// The built-in dump's literals, value by value: every row it writes is the text mysqldump
// writes for it (--hex-blob), and the restore gives every stored byte back. Values chosen
// where a wrong encoding shows: floats at their limits, JSON whose spacing is its own, bits,
// bytes 0-255, empty bytes against NULL, zero dates, latin1 text, line breaks and quotes,
// MariaDB's UUID and addresses (stored as bytes, read as text).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { clientInvocation, createBackup, findMysqldump } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { createTestDatabase, type TestDatabase } from '../../support/database';

const columns = `id int NOT NULL PRIMARY KEY, f float NULL, d double NULL, amount decimal(20,6) NULL, big bigint unsigned NULL,
  b64 bit(64) NULL, b3 bit(3) NULL, l varchar(40) CHARACTER SET latin1 NULL, ub varchar(40) COLLATE utf8mb4_bin NULL,
  uc text COLLATE utf8mb4_unicode_ci NULL, j json NULL, e enum('a','it''s') NULL, s set('x','y') NULL, dt datetime(6) NULL,
  ts timestamp(3) NULL, day date NULL, tm time(2) NULL, y year NULL, vb varbinary(300) NULL, bn binary(4) NULL, g geometry NULL,
  u uuid NULL, i6 inet6 NULL, i4 inet4 NULL`;

async function fill(db: Database): Promise<void> {
  await db.execute(`CREATE TABLE v (${columns})`);
  await db.execute("SET SESSION sql_mode = ''");
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const text = "it's \"q\" back\\slash\0nul \x1a ctrl-z\r\nline é€😀 -- ; /*!x */";
  await db.execute(`INSERT INTO v VALUES
    (1, 0.1, 0.1 + 0.2, -1.5, 18446744073709551615, b'1111111111111111111111111111111111111111111111111111111111111111', b'101',
     ?, ?, ?, '{"b": 1,  "a": [1, 2.50]}', 'it''s', 'x,y', '0000-00-00 00:00:00', '2025-09-23 01:15:32.125', '0000-00-00', '-838:59:59.00', 2025,
     ?, 0x00ff0027, ST_GeomFromText('POINT(1 2)', 4326), '2a1f4e6c-9b3d-11ef-8c2a-0242ac120002', '2001:db8::ff00:42:8329', '10.0.0.1'),
    (2, 3.4028235e38, 5e-324, 99999999999999.999999, 0, b'0', b'0', '', '', '', '[]', 'a', '', '2025-01-02 03:04:05.000001', NULL, '2025-09-23', '00:00:00', 0,
     '', 0x00000000, NULL, '00000000-0000-0000-0000-000000000000', '::', '0.0.0.0'),
    (3, -1.17549435e-38, 1.7976931348623157e308, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (4, 1e-10, -0.0, NULL, 1, NULL, NULL, 'naïve', NULL, NULL, '"\\\\u00e9"', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, NULL, NULL, NULL, NULL, NULL)`,
  ['café \'x\'\n', text, text, bytes, bytes.subarray(39, 41)]);
}

/** Every column of every row as the hex of its stored bytes. */
async function storedBytes(db: Database): Promise<unknown[]> {
  const names = (await db.query<{ name: string }>(
    "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'v' ORDER BY ORDINAL_POSITION")).map((c) => c.name);
  return db.query(`SELECT ${names.map((n) => `HEX(\`${n}\`) AS \`${n}\``).join(', ')} FROM v ORDER BY id`);
}

describe('built-in dump literals, value by value (MariaDB, against mysqldump)', function () {
  this.timeout(60_000);
  let source: TestDatabase;
  let db: Database;
  let dir: string;

  before(async () => {
    source = await createTestDatabase('md_repair_values');
    db = await source.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-values-'));
    await fill(db);
  });

  after(async () => {
    await db.close();
    await source.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes each row as mysqldump --hex-blob writes it', async () => {
    const binary = findMysqldump();
    assert.ok(binary, 'mysqldump or mariadb-dump must be installed');
    const { args, env } = clientInvocation(source.options);
    const theirs = execFileSync(binary, [...args, '--single-transaction', '--hex-blob', '--skip-extended-insert', '--compact', '--no-create-info', '--', source.name, 'v'], { env })
      .toString('utf8').split('\n').filter((line) => line.startsWith('INSERT')).map((line) => line.replace(/^INSERT INTO `v` VALUES /, '').replace(/;$/, ''));
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['v'], migrationNames: [] });
    const ours = (await fs.readFile(backup.file, 'utf8')).split('\n').filter((line) => line.startsWith('(')).map((line) => line.replace(/[,;]$/, ''));
    assert.equal(theirs.length, 4);
    assert.deepEqual(ours, theirs);
  });

  it('gives every stored byte back through the built-in restore', async () => {
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['v'], migrationNames: [] });
    const before = await storedBytes(db);
    await db.execute('DELETE FROM v WHERE id > 1');
    await db.execute("UPDATE v SET j = '{}', vb = NULL, f = 0");
    const restored = await restoreBackup(db, backup.file, { useClient: false });
    assert.ok(restored.ok, restored.ok ? '' : restored.message);
    assert.deepEqual(await storedBytes(db), before);
  });

  it('writes the same rows from a session whose results are converted to latin1 (a server that ignores the client\'s character set), and leaves that setting as it was', async () => {
    const expected = (await fs.readFile((await createBackup(db, { directory: dir, useMysqldump: false, tables: ['v'], migrationNames: [] })).file, 'utf8'))
      .split('\n').filter((line) => line.startsWith('('));
    await db.execute('SET character_set_results = latin1');
    try {
      const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['v'], migrationNames: [] });
      const ours = (await fs.readFile(backup.file, 'utf8')).split('\n').filter((line) => line.startsWith('('));
      assert.deepEqual(ours, expected);
      assert.ok(ours.some((line) => line.includes('€😀')));
      assert.deepEqual(await db.query('SELECT @@session.character_set_results AS r'), [{ r: 'latin1' }]);
    } finally {
      await db.execute('SET character_set_results = utf8mb4');
    }
  });
});
