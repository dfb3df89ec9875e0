// The restore's statement splitter against real dumps: the installed mysqldump/mariadb-dump
// writes a database holding triggers (one made under NO_BACKSLASH_ESCAPES), routines, a
// view and binary data; the dump, split by the built-in splitter and run statement by
// statement into an empty database, must give the same database back. A backup replayed
// by the mysql client and by the splitter must agree too.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { backupStatements, clientInvocation, createBackup, findMysqldump } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dumpState } from './state';

/** Tables, rows, triggers, routines and views, with the database's own name taken out. */
async function everything(db: Database) {
  const name = db.options.database;
  const strip = (text: string | null) => (text ?? '').split(`\`${name}\``).join('`DB`');
  return {
    tables: await dumpState(db),
    triggers: (await db.query<Record<string, string>>(
      'SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_STATEMENT, SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1')),
    routines: (await db.query<Record<string, string>>(
      'SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, SQL_MODE, IS_DETERMINISTIC, SQL_DATA_ACCESS FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1')),
    views: (await db.query<{ TABLE_NAME: string; VIEW_DEFINITION: string }>(
      'SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1')).map((v) => ({ ...v, VIEW_DEFINITION: strip(v.VIEW_DEFINITION) })),
  };
}

async function fill(db: Database): Promise<void> {
  await db.execute('CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, c varchar(200), p varchar(200), b blob, vb varbinary(300), j json)');
  await db.execute('CREATE TABLE log (id int AUTO_INCREMENT PRIMARY KEY, note text)');
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const awkward = ["it's", 'back\\slash', 'a\nb\r\nc', '*/', ';;', '/*!50003 x */', '-- not a comment', '# nor this', 'DELIMITER ;;', '"double"', '`tick`', 'é€😀', '\0nul'];
  for (const [i, text] of awkward.entries()) {
    await db.execute('INSERT INTO t (c, p, b, vb, j) VALUES (?, ?, ?, ?, ?)', [text, `${i}:${text}`, bytes, bytes.subarray(i), JSON.stringify({ text })]);
  }
  await db.execute("CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.c = CONCAT(COALESCE(NEW.c, ''), '*/;; '' \\\\')");
  await db.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
  // Under NO_BACKSLASH_ESCAPES 'C:\' is a complete string: a splitter reading \' as an escape runs on.
  await db.execute("CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW SET NEW.p = 'C:\\'");
  await db.execute("CREATE PROCEDURE note_it(IN what text) BEGIN INSERT INTO log (note) VALUES (CONCAT(what, ' ; C:\\')); SELECT 1; END");
  await db.execute("SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
  await db.execute("CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW BEGIN INSERT INTO log (note) VALUES ('after; */ insert'); INSERT INTO log (note) VALUES (NEW.c); END");
  await db.execute("CREATE FUNCTION shout(s text) RETURNS text DETERMINISTIC RETURN CONCAT(UPPER(s), '!;')");
  await db.execute("CREATE VIEW v AS SELECT id, CONCAT(c, ';*/') AS c2 FROM t");
}

describe('restore splitter and client against real dumps (mysqldump, MariaDB)', function () {
  this.timeout(60_000);
  const cleanup: (() => Promise<unknown>)[] = [];
  let source: TestDatabase;
  let db: Database;
  let dir: string;

  before(async function () {
    source = await createTestDatabase('md_repair_corpus');
    db = await source.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-corpus-'));
    await fill(db);
  });

  after(async () => {
    for (const done of cleanup.reverse()) await done().catch(() => undefined);
    await db.close();
    await source.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function emptyCopy(): Promise<{ test: TestDatabase; db: Database }> {
    const test = await createTestDatabase('md_repair_corpus_copy');
    const copy = await test.open();
    cleanup.push(() => test.drop(), () => copy.close());
    return { test, db: copy };
  }

  const variants: Record<string, string[]> = {
    'extended inserts': [],
    'one row per INSERT, column names': ['--skip-extended-insert', '--complete-insert'],
    'no comments, no opt': ['--skip-comments', '--skip-opt', '--create-options'],
  };
  for (const [label, extra] of Object.entries(variants)) {
    it(`splits the real ${path.basename(findMysqldump() ?? 'mysqldump')} output (${label}) into statements that rebuild the database`, async () => {
      const binary = findMysqldump();
      assert.ok(binary, 'mysqldump or mariadb-dump must be installed');
      const { args, env } = clientInvocation(source.options);
      const file = path.join(dir, `${label.replace(/\W+/g, '-')}.sql`);
      await fs.writeFile(file, execFileSync(binary, [...args, '--single-transaction', '--routines', '--triggers', '--hex-blob', ...extra, '--', source.name], { env }));
      const { db: copy } = await emptyCopy();
      for await (const statement of backupStatements(file)) {
        try {
          await copy.execute(statement);
        } catch (error) {
          assert.fail(`${(error as Error).message}\nin: ${statement.slice(0, 300)}`);
        }
      }
      assert.deepEqual(await everything(copy), await everything(db));
    });
  }

  for (const useClient of [true, false]) {
    it(`restores a backup with triggers made under two sql_modes (${useClient ? 'mysql client' : 'built-in splitter'}, from mysqldump and from the built-in dump)`, async () => {
      for (const useMysqldump of [true, false]) {
        const backup = await createBackup(db, { directory: dir, useMysqldump, tables: ['t', 'log'], migrationNames: [] });
        assert.deepEqual([...backup.manifest.triggers ?? []].sort(), ['t_ai', 't_bi', 't_bu']);
        const { db: copy } = await emptyCopy();
        await copy.execute(`CREATE VIEW v AS SELECT 1 AS id, 'x' AS c2`);
        const restored = await restoreBackup(copy, backup.file, { useClient });
        assert.ok(restored.ok, restored.ok ? '' : restored.message);
        assert.equal(restored.method, useClient ? 'client' : 'built-in');
        const want = await everything(db);
        const got = await everything(copy);
        assert.deepEqual(got.tables, want.tables);
        assert.deepEqual(got.triggers, want.triggers);
      }
    });
  }
});
