// Backup, verification, restore, lock and the step runner against a real MariaDB/MySQL.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database, RowBatch } from '../../../src/core/db/database';
import { applySteps } from '../../../src/core/repair/apply';
import { backupStatements, createBackup, verifyBackup } from '../../../src/core/repair/backup';
import { acquireRepairLock } from '../../../src/core/repair/lock';
import { restoreBackup } from '../../../src/core/repair/restore';
import type { RepairStep } from '../../../src/core/repair/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dumpState } from './state';
import { message } from '../../../src/core/messages/catalog';

/** The values of row `i` of a batch as text (NULL as null); lengths under 251 bytes only. */
function rowValues(batch: RowBatch, i: number): (string | null)[] {
  const bytes = batch.buffers[i];
  const values: (string | null)[] = [];
  for (let at = batch.starts[i]; at < batch.ends[i];) {
    const length = bytes[at++];
    assert.ok(length <= 0xfb);
    values.push(length === 0xfb ? null : bytes.toString('utf8', at, at + length));
    if (length < 0xfb) at += length;
  }
  return values;
}

function step(id: string, sql: string[], migration = 'm'): RepairStep {
  return { id, migration, action: 'create-table', sql, reason: 'test', said: message('plan.nothingToRepair'), lossy: false, requiresBackup: true, backupTables: [], backupMigrationRows: [] };
}

describe('repair backup, restore, lock and apply (MariaDB)', function () {
  let test: TestDatabase;
  let db: Database;
  let dir: string;

  beforeEach(async () => {
    test = await createTestDatabase('md_repair_backup');
    db = await test.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-backups-'));
    await db.execute('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
    await db.execute("INSERT INTO migrations (migration, batch) VALUES ('a', 1), ('b', 1), ('c', 2)");
    // A session zone away from UTC: timestamps must come back unchanged.
    await db.execute("SET time_zone = '+05:30'");
    await db.execute('CREATE TABLE parent (id bigint unsigned NOT NULL PRIMARY KEY, label varchar(20))');
    await db.execute(`CREATE TABLE child (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, parent_id bigint unsigned NOT NULL,
      note text NULL, amount decimal(8,2) NULL, payload blob NULL, at datetime NULL, meta json NULL, flags bit(3) NULL, spot point NULL,
      ratio double NULL, big bigint unsigned NULL, day date NULL, emoji varchar(10) NULL, seen timestamp NULL,
      CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id))`);
    await db.execute("INSERT INTO parent VALUES (1, 'one'), (2, 'it''s; two'), (3, NULL)");
    for (let i = 1; i <= 25; i++) {
      await db.execute(`INSERT INTO child (parent_id, note, amount, payload, at, meta, flags, spot, ratio, big, day, emoji, seen)
        VALUES (?, ?, ?, ?, ?, ?, b'101', ST_GeomFromText(?), ?, ?, ?, ?, '2025-09-23 01:15:32')`, [
        (i % 3) + 1, `line ${i}\n"quoted" \\ back; slash -- not a comment\r\n/* nor this */ # nor that`, `${i}.25`, Buffer.from([0, i, 255, 39, 10, 13]), '2025-09-23 01:15:32', '{"k": [1, 2]}',
        `POINT(${i} ${i / 3})`, i / 7, '18446744073709551615', '2025-09-23', 'é€😀',
      ]);
    }
  });

  afterEach(async () => {
    await db.close();
    await test.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  for (const useMysqldump of [false, true]) {
    it(`round-trips tables, rows and migration rows (${useMysqldump ? 'mysqldump' : 'built-in dump'})`, async () => {
      const before = await dumpState(db);
      const backup = await createBackup(db, {
        directory: dir, useMysqldump, statementBytes: 600,
        tables: ['parent', 'child', 'created_later'], migrationNames: ['b', 'c', 'new_one'],
      });
      assert.equal(backup.manifest.method, useMysqldump ? 'mysqldump' : 'built-in');
      assert.match(path.basename(backup.file), new RegExp(`^${test.name}-\\d{8}-\\d{6}\\.sql$`));
      assert.deepEqual(backup.manifest.tables, [
        { name: 'parent', existed: true, rows: 3 }, { name: 'child', existed: true, rows: 25 }, { name: 'created_later', existed: false, rows: 0 },
      ]);
      assert.equal(backup.manifest.migrationRows, 2);
      const check = await verifyBackup(backup.file);
      assert.ok(check.ok, check.ok ? '' : check.problem);
      // Sealed by the dump: checked by its checksum, with as many statements as a full read finds.
      const read = await verifyBackup(backup.file, { readAll: true });
      assert.ok(read.ok, read.ok ? '' : read.problem);
      assert.deepEqual([check.checkedBy, read.checkedBy], ['checksum', 'statements']);
      assert.equal(check.statements, read.statements);

      // What a repair might do: change rows, drop a table, create one, touch the migrations table.
      await db.execute('SET FOREIGN_KEY_CHECKS=0');
      await db.execute('DROP TABLE parent');
      await db.execute('SET FOREIGN_KEY_CHECKS=1');
      await db.execute('DELETE FROM child WHERE id > 20');
      await db.execute('CREATE TABLE created_later (id int)');
      await db.execute("DELETE FROM migrations WHERE migration = 'b'");
      await db.execute("INSERT INTO migrations (migration, batch) VALUES ('new_one', 3)");
      await db.execute("UPDATE migrations SET batch = 9 WHERE migration = 'c'");

      const restored = await restoreBackup(db, backup.file);
      assert.ok(restored.ok, restored.ok ? '' : restored.message);
      assert.deepEqual(await dumpState(db), before);
    });
  }

  it('counts the statements of a trigger made without backslash escapes as a full read does', async () => {
    await db.execute("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'");
    await db.execute("CREATE TRIGGER child_bi BEFORE INSERT ON child FOR EACH ROW SET NEW.note = CONCAT(NEW.note, ' \\'' ;; ')");
    await db.execute("SET SESSION sql_mode = DEFAULT");
    for (const useMysqldump of [false, true]) {
      const backup = await createBackup(db, { directory: dir, useMysqldump, statementBytes: 900, tables: ['child', 'parent'], migrationNames: ['a', 'b'] });
      const [check, read] = [await verifyBackup(backup.file), await verifyBackup(backup.file, { readAll: true })];
      assert.ok(check.ok && read.ok, `${useMysqldump}`);
      assert.equal(check.checkedBy, 'checksum');
      assert.equal(check.statements, read.statements, useMysqldump ? 'mysqldump' : 'built-in dump');
    }
  });

  it('reads a backup in full once it is not the file the dump sealed, and refuses a changed header', async () => {
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['parent'], migrationNames: ['a'] });
    const text = await fs.readFile(backup.file, 'utf8');
    const edited = path.join(dir, 'edited.sql');
    await fs.writeFile(edited, text.replace("'one'", "'uno'"));
    const e = await verifyBackup(edited);
    assert.ok(e.ok && e.checkedBy === 'statements', e.ok ? e.checkedBy : e.problem);
    const header = path.join(dir, 'header.sql');
    await fs.writeFile(header, text.replace('"rows":3', '"rows":4'));
    const h = await verifyBackup(header);
    assert.ok(!h.ok && /holds 3 rows of 'parent', expected 4/.test(h.problem), h.ok ? 'accepted' : h.problem);
  });

  it('refuses an incomplete or tampered backup', async () => {
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['child'], migrationNames: ['a'] });
    const text = await fs.readFile(backup.file, 'utf8');
    const truncated = path.join(dir, 'truncated.sql');
    await fs.writeFile(truncated, text.slice(0, Math.floor(text.length / 2)));
    const t = await verifyBackup(truncated);
    assert.ok(!t.ok && /incomplete/.test(t.problem));
    const missingRow = path.join(dir, 'missing-row.sql');
    await fs.writeFile(missingRow, text.replace(/,\n\([^\n]*\n/, '\n'));
    const m = await verifyBackup(missingRow);
    assert.ok(!m.ok && /holds 24 rows of 'child', expected 25/.test(m.problem), m.ok ? 'accepted' : m.problem);
    const restored = await restoreBackup(db, missingRow);
    assert.ok(!restored.ok);
    assert.equal((await db.query('SELECT * FROM child')).length, 25);
  });

  it('reads a backup whose header is longer than a read, and the same backup with CRLF line ends, as the same statements', async () => {
    // 3,000 migration names: a header line of more than 64 KiB.
    const names = Array.from({ length: 3000 }, (_, i) => `2025_09_23_000000_a_rather_long_migration_name_${i}`);
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, tables: ['parent'], migrationNames: ['a', ...names] });
    const text = await fs.readFile(backup.file, 'utf8');
    assert.ok(text.indexOf('\n') > 65536);
    const check = await verifyBackup(backup.file);
    assert.ok(check.ok, check.ok ? '' : check.problem);
    const crlf = path.join(dir, 'crlf.sql');
    await fs.writeFile(crlf, text.replace(/\n/g, '\r\n'));
    const again = await verifyBackup(crlf);
    assert.ok(again.ok && again.statements === check.statements, again.ok ? `${again.statements}` : again.problem);
    const statements = async (file: string) => { const all: string[] = []; for await (const s of backupStatements(file)) all.push(s); return all; };
    assert.deepEqual(await statements(crlf), await statements(backup.file));
  });

  it('stops the built-in restore at a failing INSERT with the table\'s rows rolled back, and says how many statements were applied', async () => {
    const backup = await createBackup(db, { directory: dir, useMysqldump: false, statementBytes: 600, tables: ['parent', 'child'], migrationNames: [] });
    const text = await fs.readFile(backup.file, 'utf8');
    // Row 20 given the id of row 1: the check still counts 25 rows; the server refuses the duplicate.
    const duplicate = path.join(dir, 'duplicate.sql');
    await fs.writeFile(duplicate, text.replace('\n(20,', '\n(1,'));
    const statements: string[] = [];
    for await (const s of backupStatements(duplicate)) statements.push(s);
    const firstChildRows = statements.findIndex((s) => s.startsWith('INSERT INTO `child`'));
    assert.ok(statements.filter((s) => s.startsWith('INSERT INTO `child`')).length > 2);
    await db.execute('DELETE FROM child WHERE id > 10');
    await db.execute("UPDATE parent SET label = 'changed' WHERE id = 3");
    const restored = await restoreBackup(db, duplicate, { useClient: false });
    assert.ok(!restored.ok);
    assert.match(restored.message, new RegExp(`stopped after ${firstChildRows} of ${statements.length} statements: .*Duplicate entry '1'`));
    assert.equal(restored.executed, firstChildRows);
    // Everything before the table's rows was applied; none of its rows were kept.
    assert.deepEqual(await db.query('SELECT id, label FROM parent ORDER BY id'), [{ id: '1', label: 'one' }, { id: '2', label: "it's; two" }, { id: '3', label: null }]);
    assert.equal((await db.query('SELECT * FROM child')).length, 0);
    const [session] = await db.query<{ ac: number }>('SELECT @@session.autocommit AS ac');
    assert.equal(Number(session.ac), 1);
  });

  it('lets one holder of the repair lock at a time', async () => {
    const other = await test.open();
    try {
      const first = await acquireRepairLock(db);
      assert.ok(first.ok);
      const second = await acquireRepairLock(other);
      assert.ok(!second.ok);
      assert.match(second.message, new RegExp(`Another repair or restore of database '${test.name}' is running`));
      const restore = await restoreBackup(other, (await createBackup(db, { directory: dir, useMysqldump: false, tables: [], migrationNames: ['a'] })).file);
      assert.ok(!restore.ok && /Another repair/.test(restore.message));
      await first.lock.release();
      const third = await acquireRepairLock(other);
      assert.ok(third.ok);
      await third.lock.release();
    } finally {
      await other.close();
    }
  });

  it('stops at the first failing statement and explains it', async () => {
    const result = await applySteps(db, [
      step('one', ['CREATE TABLE t1 (id int)']),
      step('two', ['CREATE TABLE t2 (id int)', 'CREATE TABLE parent (id int)', 'CREATE TABLE t3 (id int)']),
      step('three', ['CREATE TABLE t4 (id int)']),
    ]);
    assert.deepEqual(result.applied.map((s) => s.id), ['one']);
    assert.equal(result.failure?.step.id, 'two');
    assert.equal(result.failure?.statementsApplied, 1);
    assert.equal(result.failure?.error.errno, 1050);
    assert.match(result.failure!.error.explanation, /Table 'parent' already exists/);
    const fk = await applySteps(db, [step('fk', ['CREATE TABLE t5 (id bigint unsigned, CONSTRAINT t5_x FOREIGN KEY (id) REFERENCES nowhere (id))'])]);
    assert.equal(fk.failure?.error.kind, 'missing-foreign-key-target');
    const violation = await applySteps(db, [step('del', ['DELETE FROM parent WHERE id = 1'])]);
    assert.equal(violation.failure?.error.kind, 'foreign-key-violation');
    assert.equal(violation.failure?.error.errno, 1451);
  });

  it('streams rows: a reader that stops early leaves the connection usable; a connection killed mid-read fails the read and the backup, leaving no file', async () => {
    await db.execute('CREATE TABLE many (id int PRIMARY KEY, v varchar(200))');
    await db.execute("INSERT INTO many SELECT seq, REPEAT('x', 200) FROM seq_1_to_50000");
    let read = 0;
    for await (const batch of db.rowBatches!('SELECT id, v FROM many ORDER BY id')) {
      assert.deepEqual(rowValues(batch, 0), [String(read + 1), 'x'.repeat(200)]);
      read += batch.ends.length;
      if (read >= 5) break;
    }
    assert.deepEqual(await db.query('SELECT COUNT(*) AS n FROM many'), [{ n: '50000' }]);

    const [{ id }] = await db.query<{ id: string }>('SELECT CONNECTION_ID() AS id');
    const killer = await test.open();
    try {
      read = 0;
      // The server is stopped while the rows are still coming.
      const killedAt = async function* (sql: string, params?: readonly unknown[]): AsyncGenerator<RowBatch> {
        for await (const batch of db.rowBatches!(sql, params)) {
          if (read === 0 && /FROM `many`/.test(sql)) await killer.execute(`KILL ${Number(id)}`);
          read += batch.ends.length;
          yield batch;
        }
      };
      await assert.rejects(createBackup({ ...db, rowBatches: killedAt }, { directory: dir, useMysqldump: false, tables: ['many'], migrationNames: [] }),
        (error: Error) => /Connection lost|closed|killed/i.test(error.message));
      assert.ok(read < 50000, `read ${read}`);
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await killer.close();
    }
  });

  it('reports a connection killed between steps as lost', async () => {
    const [{ id }] = await db.query<{ id: string }>('SELECT CONNECTION_ID() AS id');
    const killer = await test.open();
    try {
      const result = await applySteps(db, [step('one', ['CREATE TABLE k1 (id int)']), step('two', ['CREATE TABLE k2 (id int)'])], {
        beforeStep: async (_s, index) => { if (index === 1) await killer.execute(`KILL ${Number(id)}`); },
      });
      assert.deepEqual(result.applied.map((s) => s.id), ['one']);
      assert.equal(result.failure?.error.kind, 'connection-lost');
      const tables = (await killer.query<{ n: string }>("SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'k%'")).map((r) => r.n);
      assert.deepEqual(tables, ['k1']);
    } finally {
      await killer.close();
    }
  });
});
