// The backup against hostile names, interruptions and concurrent writes, with the real
// mysqldump and MariaDB: nothing becomes an option of a child process, nothing unfinished
// or secret is left on disk, and the check agrees with what the dump holds.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupPreview, createBackup, verifyBackup } from '../../../src/core/repair/backup';
import { restoreBackup } from '../../../src/core/repair/restore';
import { runRepair } from '../../../src/core/repair/run';
import { sqlLiteral } from '../../../src/core/repair/sqlText';
import type { RepairPlan } from '../../../src/core/repair/types';
import { openDatabase, type Database } from '../../../src/core/db/database';
import { createTestDatabase, createTestUser, withServer, type TestDatabase } from '../../support/database';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { dumpState } from './state';
import { english, message } from '../../../src/core/messages/catalog';

const coreDir = path.resolve(__dirname, '../../../src/core');

/** Runs `createBackup` in a child process (a crash or a signal is then observable), through `port`. */
function backupInChild(test: TestDatabase, port: number, directory: string, tables: readonly string[], useMysqldump: boolean, password?: string) {
  const script = `
    const { openDatabase } = require(${JSON.stringify(path.join(coreDir, 'db/database.js'))});
    const { createBackup, BackupFailed } = require(${JSON.stringify(path.join(coreDir, 'repair/backup.js'))});
    (async () => {
      const db = await openDatabase(JSON.parse(process.argv[1]));
      try {
        const backup = await createBackup(db, JSON.parse(process.argv[2]));
        process.stdout.write('written ' + backup.file + '\\n');
      } catch (error) {
        process.stdout.write('failed ' + (typeof BackupFailed === 'function' && error instanceof BackupFailed ? 'removed ' + error.removedFile + ' ' : '') + error.message + '\\n');
      } finally {
        await db.close();
      }
    })();`;
  const options = { ...test.options, port, ...(password !== undefined ? { password } : {}) };
  const child = spawn(process.execPath, ['-e', script, JSON.stringify(options), JSON.stringify({ directory, tables, migrationNames: [], useMysqldump })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { out += c; });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
  return { child, done };
}

/** Files under `dir` changed since `since` (recursively, small ones) whose content includes `needle`. */
async function filesHolding(dir: string, needle: string, since: number): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat || stat.mtimeMs < since) continue;
    if (stat.isDirectory()) found.push(...await filesHolding(file, needle, since).catch(() => []));
    else if (stat.isFile() && stat.size < 1_000_000 && (await fs.readFile(file, 'utf8').catch(() => '')).includes(needle)) found.push(file);
  }
  return found;
}

describe('repair backup: hostile names, interruptions, concurrent writes (MariaDB, mysqldump)', function () {
  this.timeout(60_000);
  let test: TestDatabase;
  let db: Database;
  let dir: string;
  let proxy: FaultProxy | undefined;

  beforeEach(async () => {
    test = await createTestDatabase('md_repair_safety');
    db = await test.open();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'md-safety-backups-'));
    await db.execute('CREATE TABLE plain (id int PRIMARY KEY, v varchar(20))');
    await db.execute("INSERT INTO plain VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  });

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await db.close();
    await test.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('passes a table named like an option to mysqldump as a name, never as an option', async () => {
    const target = path.join(os.tmpdir(), `md-injected-${randomBytes(4).toString('hex')}.sql`);
    const hostile = `--result-file=${target}`;
    await db.execute(`CREATE TABLE \`${hostile}\` (id int PRIMARY KEY, secret varchar(20))`);
    await db.execute(`INSERT INTO \`${hostile}\` VALUES (1, 'do-not-leak')`);
    try {
      const backup = await createBackup(db, { directory: dir, useMysqldump: true, tables: [hostile, 'plain'], migrationNames: [] });
      assert.equal(existsSync(target), false, `mysqldump wrote ${target}`);
      assert.equal(backup.manifest.method, 'mysqldump', backup.manifest.note);
      assert.deepEqual(backup.manifest.tables, [{ name: hostile, existed: true, rows: 1 }, { name: 'plain', existed: true, rows: 3 }]);
      const before = await dumpState(db);
      await db.execute(`DROP TABLE \`${hostile}\``);
      const restored = await restoreBackup(db, backup.file);
      assert.ok(restored.ok, restored.ok ? '' : restored.message);
      assert.deepEqual(await dumpState(db), before);
    } finally {
      await fs.rm(target, { force: true });
    }
  });

  it('passes a database named like an option to mysqldump and to the mysql client as a name', async () => {
    const target = path.join(os.tmpdir(), `md-injected-db-${randomBytes(4).toString('hex')}.sql`);
    const name = `--result-file=${target}`;
    await withServer((c) => c.query(`CREATE DATABASE \`${name}\``));
    const hostile = await openDatabase({ ...test.options, database: name });
    try {
      await hostile.execute('CREATE TABLE t (id int PRIMARY KEY)');
      await hostile.execute('INSERT INTO t VALUES (1), (2)');
      const backup = await createBackup(hostile, { directory: dir, useMysqldump: true, tables: ['t'], migrationNames: [] });
      assert.equal(existsSync(target), false, `mysqldump wrote ${target}`);
      assert.equal(backup.manifest.method, 'mysqldump', backup.manifest.note);
      await hostile.execute('DELETE FROM t');
      const restored = await restoreBackup(hostile, backup.file, { useClient: true });
      assert.ok(restored.ok && restored.method === 'client', restored.ok ? restored.method : restored.message);
      assert.equal(existsSync(target), false);
      assert.deepEqual((await hostile.query<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id), [1, 2]);
    } finally {
      await hostile.close();
      await withServer((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
      await fs.rm(target, { force: true });
    }
  });

  it('leaves neither the password nor a partial dump on disk when SIGTERM arrives during mysqldump', async () => {
    const user = await createTestUser(test.name, ['SELECT', 'LOCK TABLES']);
    const secret = user.options.password!;
    try {
      const started = Date.now() - 1000;
      proxy = await startFaultProxy();
      // mysqldump's read of the rows is held at the proxy: the signal arrives while it runs.
      const held = proxy.hold(/SQL_NO_CACHE \*\/ .* FROM `plain`/);
      const run = backupInChild({ ...test, options: user.options }, proxy.port, dir, ['plain'], true, secret);
      await held.held;
      const tmpWithSecret = await filesHolding(os.tmpdir(), secret, started);
      run.child.kill('SIGTERM');
      const ended = await run.done;
      held.release();
      assert.equal(ended.signal, 'SIGTERM', ended.out);
      assert.deepEqual(tmpWithSecret, [], 'the password was on disk while mysqldump ran');
      assert.deepEqual(await fs.readdir(dir), [], 'unfinished files were left');
    } finally {
      await user.drop();
    }
  });

  for (const useMysqldump of [false, true]) {
    it(`removes the unfinished file and names it when the connection is lost mid-backup (${useMysqldump ? 'mysqldump' : 'built-in dump'})`, async () => {
      proxy = await startFaultProxy();
      const counting = backupInChild(test, proxy.port, dir, ['plain'], useMysqldump);
      const clean = await counting.done;
      assert.match(clean.out, /^written /, clean.out);
      await fs.rm(dir, { recursive: true, force: true });
      // Every query of the built-in dump, cut in turn; of mysqldump's, those that read the table
      // (the rest is session set-up, and the whole repair's are cut in faults.test.ts).
      const positions = proxy.queries
        .filter((q) => q.connection === 1 || /show create table|SQL_NO_CACHE|TRIGGER/i.test(q.sql))
        .map((q) => q.n);
      for (const n of positions) {
        await proxy.close();
        proxy = await startFaultProxy();
        proxy.faultAt(n, 'lose-reply');
        const run = backupInChild(test, proxy.port, dir, ['plain'], useMysqldump);
        const ended = await run.done;
        assert.equal(ended.code, 0, `query ${n}: ${ended.out}`);
        assert.doesNotMatch(ended.out, /\n\s+at |ERR_STREAM/, `query ${n}`);
        const files = await fs.readdir(dir).catch(() => [] as string[]);
        if (/^written /.test(ended.out)) {
          assert.equal(files.length, 1, `query ${n}: ${files.join(', ')}`);
          const check = await verifyBackup(path.join(dir, files[0]));
          assert.ok(check.ok, `query ${n}: ${check.ok ? '' : check.problem}`);
        } else {
          assert.match(ended.out, /^failed removed \S+\.sql /, `query ${n}`);
          assert.deepEqual(files, [], `query ${n}: left ${files.join(', ')}`);
        }
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('checks a mysqldump backup against what mysqldump wrote, not a snapshot of its own', async () => {
    proxy = await startFaultProxy();
    const other = await test.open();
    try {
      // A row lands after the backup counted and before mysqldump's snapshot.
      const held = proxy.hold(/ISOLATION LEVEL REPEATABLE READ/);
      const viaProxy = await openDatabase({ ...test.options, port: proxy.port });
      try {
        const backing = createBackup(viaProxy, { directory: dir, useMysqldump: true, tables: ['plain'], migrationNames: [] });
        const seen = await held.held;
        assert.notEqual(seen.connection, 1, `held the backup's own query: ${seen.sql}`);
        await other.execute("INSERT INTO plain VALUES (4, 'd')");
        held.release();
        const backup = await backing;
        assert.equal(backup.manifest.method, 'mysqldump', backup.manifest.note);
        const check = await verifyBackup(backup.file);
        assert.ok(check.ok, check.ok ? '' : check.problem);
        assert.deepEqual(backup.manifest.tables, [{ name: 'plain', existed: true, rows: 4 }]);
      } finally {
        await viaProxy.close();
      }
    } finally {
      await other.close();
    }
  });

  it('backs up and restores under NO_BACKSLASH_ESCAPES, quotes and backslashes included', async () => {
    await db.execute("INSERT INTO plain VALUES (5, 'it''s \\\\ here')");
    await db.execute("CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255), batch int)");
    await db.execute("INSERT INTO migrations (migration, batch) VALUES ('2025_01_01_000000_o''brien\\\\x', 1)");
    const before = await dumpState(db);
    await db.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
    for (const useMysqldump of [false, true]) {
      const backup = await createBackup(db, { directory: dir, useMysqldump, tables: ['plain'], migrationNames: ['2025_01_01_000000_o\'brien\\x'] });
      assert.equal(backup.manifest.migrationRows, 1);
      await db.execute('DELETE FROM plain');
      await db.execute('DELETE FROM migrations');
      const restored = await restoreBackup(db, backup.file);
      assert.ok(restored.ok, restored.ok ? '' : restored.message);
      assert.deepEqual(await dumpState(db), before);
    }
    const [{ mode }] = await db.query<{ mode: string }>('SELECT @@session.sql_mode AS mode');
    assert.match(mode, /NO_BACKSLASH_ESCAPES/, 'the session mode was not given back');
  });

  it('applies a plan whose literals hold a quote and a backslash on a NO_BACKSLASH_ESCAPES session', async () => {
    await db.execute('CREATE TABLE migrations (id int unsigned AUTO_INCREMENT PRIMARY KEY, migration varchar(255), batch int)');
    const name = "2025_01_01_000000_o'brien\\x";
    const plan: RepairPlan = {
      database: test.name, migrationsTable: 'migrations', batch: 1, notes: [], choices: [],
      steps: [{
        id: `record-as-ran:${name}`, migration: name, action: 'record-as-ran', reason: 'test', said: message('plan.nothingToRepair'), lossy: false, requiresBackup: true,
        backupTables: [], backupMigrationRows: [name],
        sql: [`INSERT INTO \`migrations\` (\`migration\`, \`batch\`) VALUES (${sqlLiteral(name)}, 1)`],
      }],
    };
    await db.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
    const outcome = await runRepair(db, plan, {
      backupDirectory: dir, useMysqldump: false, verifyRetryDelaysMs: [],
      status: async () => { throw new Error('not read in this test'); },
    });
    assert.equal(outcome.kind, 'applied');
    assert.equal(outcome.kind === 'applied' && outcome.failure?.error.serverMessage, undefined);
    assert.deepEqual((await db.query<{ migration: string }>('SELECT migration FROM migrations')).map((r) => r.migration), [name]);
    const [{ mode }] = await db.query<{ mode: string }>('SELECT @@session.sql_mode AS mode');
    assert.match(mode, /NO_BACKSLASH_ESCAPES/);
  });

  it('says a backup folder that cannot be written is a file problem, not the server\'s, and changes nothing', async () => {
    const plan: RepairPlan = {
      database: test.name, migrationsTable: 'migrations', batch: 1, notes: [], choices: [],
      steps: [{ id: 'create-table:m:t', migration: 'm', action: 'create-table', table: 't', reason: 'test', said: message('plan.nothingToRepair'), lossy: false, requiresBackup: true,
        backupTables: ['t'], backupMigrationRows: [], sql: ['CREATE TABLE t (id int)'] }],
    };
    const blocker = path.join(dir, 'a-file');
    await fs.writeFile(blocker, '');
    const outcome = await runRepair(db, plan, { backupDirectory: path.join(blocker, 'backups'), useMysqldump: false, status: async () => { throw new Error('not read'); } });
    assert.equal(outcome.kind, 'backup-failed');
    assert.match(outcome.kind === 'backup-failed' ? outcome.message : '', /^The backup could not be written \(ENOTDIR: .*\), so nothing was changed: choose a backup folder that can be written\./);
    assert.deepEqual((await db.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'")), []);
  });

  it('keeps the triggers of the tables it backs up, and says which views and routines it does not hold', async () => {
    await db.execute("CREATE TABLE audit (id int AUTO_INCREMENT PRIMARY KEY, note varchar(50))");
    await db.execute("CREATE TRIGGER plain_ai AFTER INSERT ON plain FOR EACH ROW INSERT INTO audit (note) VALUES (CONCAT('*/;; ', NEW.v))");
    await db.execute("CREATE VIEW plain_view AS SELECT id FROM plain");
    await db.execute("CREATE FUNCTION plain_count() RETURNS int READS SQL DATA RETURN (SELECT COUNT(*) FROM plain)");
    // Said before the user confirms.
    assert.equal((await backupPreview(db, ['plain', 'not_yet_created'])).map(english).join(' '),
      "The backup will hold 'plain' (structure, rows and the trigger 'plain_ai') and the migrations rows the steps change. " +
      'The backup does not hold view plain_view, function plain_count, which use the backed-up tables (the repair does not change them).');
    for (const useMysqldump of [false, true]) {
      const backup = await createBackup(db, { directory: dir, useMysqldump, tables: ['plain'], migrationNames: [] });
      assert.deepEqual(backup.manifest.triggers, ['plain_ai']);
      assert.match(backup.manifest.notContained ?? '', /does not hold view plain_view, function plain_count/);
      await db.execute('DROP TABLE plain');
      const restored = await restoreBackup(db, backup.file);
      assert.ok(restored.ok, restored.ok ? '' : restored.message);
      await db.execute("INSERT INTO plain VALUES (9, 'z')");
      const notes = (await db.query<{ note: string }>('SELECT note FROM audit ORDER BY id')).map((r) => r.note);
      assert.equal(notes.at(-1), '*/;; z', `the trigger was not restored (${useMysqldump ? 'mysqldump' : 'built-in'})`);
      await db.execute('DELETE FROM plain WHERE id = 9');
    }
  });

  it('names the views over a table whose name holds a backtick (stored in the view\'s definition with the backtick doubled)', async () => {
    await db.execute('CREATE TABLE `b``q;--` (id int PRIMARY KEY)');
    await db.execute('CREATE VIEW `b``q_view` AS SELECT id FROM `b``q;--`');
    assert.equal((await backupPreview(db, ['b`q;--'])).map(english).join(' '),
      "The backup will hold 'b`q;--' (structure, rows) and the migrations rows the steps change. " +
      'The backup does not hold view b`q_view, which uses the backed-up tables (the repair does not change it).');
  });
});
