// Ctrl-C (SIGINT) or SIGTERM during `repair --apply`: the built CLI in a child process, stopped
// while its second step waits on a metadata lock another session holds on the migrations table
// (the first step, a CREATE TABLE, has run). It must say which backup was written and which steps
// were applied and not, release the repair lock, exit 128 + the signal, and leave the database
// with exactly the applied steps; the backup must restore.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { english } from '../../../src/core/messages/catalog';
import { repairLockName } from '../../../src/core/repair/lock';
import { runRepair } from '../../../src/core/repair/run';
import { freshSnapshot, loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { translateOptionsFor } from '../../support/laravelVersions';
import { listTables, migrationRows, testServer, withServer } from '../../support/database';
import { bringTo, laravelAppDir, laravelMigrationsDir } from '../../support/laravel';
import { repairSuite } from './state';

const cliJs = path.resolve(__dirname, '../../../../dist/cli.js');
const orphan = '2025_01_01_000000_create_gone_table';
const created = 'create-table:2025_09_23_011532_create_eklektik_notifications_tracking_table:eklektik_notifications_tracking';

interface ChildRun { readonly code: number | null; readonly out: string; readonly err: string }

function cliChild(args: readonly string[], database: string): { child: ChildProcess; done: Promise<ChildRun> } {
  const server = testServer();
  const child = spawn(process.execPath, [cliJs, ...args, '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database],
    { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { err += c; });
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err }))) };
}

/** Resolves once a session of `database` waits for a metadata lock (the repair's second step). */
async function waitingOnLock(database: string, exited: Promise<ChildRun>): Promise<void> {
  let over: ChildRun | undefined;
  void exited.then((run) => { over = run; });
  for (;;) {
    const [rows] = await withServer((c) => c.query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE 'Waiting for table metadata lock'", [database]));
    if ((rows as unknown[]).length > 0) return;
    if (over) throw new Error(`the repair ended before waiting on the lock: ${over.code}\n${over.out}${over.err}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('repair --apply interrupted by a signal (built CLI, real Laravel, MariaDB)', function () {
  this.timeout(300_000);
  const suite = repairSuite();

  for (const { signal, json, code } of [
    { signal: 'SIGINT' as const, json: false, code: 130 },
    { signal: 'SIGTERM' as const, json: true, code: 143 },
  ]) {
    it(`${signal}${json ? ' with --json' : ''}: says the backup and the steps applied, releases the lock, exits ${code}`, async () => {
      const test = await suite.database('md_interrupt');
      await bringTo(test.name, 'incident');
      await withServer((c) => c.query(`INSERT INTO \`${test.name}\`.migrations (migration, batch) VALUES (?, 1)`, [orphan]));
      const rowsBefore = await migrationRows(test.name);

      const server = testServer();
      const blocker = await mysql.createConnection({ ...server, database: test.name });
      let run: ChildRun;
      try {
        // Reads go on (the backup reads the rows); a write to the table waits for this session.
        await blocker.query('LOCK TABLES migrations READ');
        const started = cliChild(['repair', '--apply', '--yes', '--no-mysqldump', '--backup-dir', suite.backups, ...(json ? ['--json'] : [])], test.name);
        await waitingOnLock(test.name, started.done);
        // The lock is still held: only the interruption can end the wait.
        started.child.kill(signal);
        run = await started.done;
      } finally {
        await blocker.end().catch(() => blocker.destroy());
      }

      assert.equal(run.code, code, run.out + run.err);
      let backupFile: string;
      if (json) {
        const outcome = (JSON.parse(run.out) as { outcome: { kind: string; ok: boolean; applied: string[]; notApplied: string[]; backup: { file: string }; message: string } }).outcome;
        assert.equal(outcome.kind, 'interrupted');
        assert.equal(outcome.ok, false);
        assert.deepEqual(outcome.applied, [created]);
        assert.equal(outcome.notApplied.length, 2, outcome.notApplied.join(', '));
        assert.ok(!outcome.notApplied.includes(created));
        backupFile = outcome.backup.file;
        assert.match(outcome.message, /^The repair was interrupted before it finished \(applied: /);
      } else {
        const said = /^migration-doctor repair: The repair was interrupted before it finished \(applied: (\S+); not applied: ([^)]+)\); the backup taken before any change is (\S+)\. Run status to see where the database stands, then repair again to finish, or go back with: migration-doctor restore (\S+)$/m.exec(run.err);
        assert.ok(said, run.err);
        assert.equal(said[1], created);
        assert.equal(said[2].split(', ').length, 2);
        assert.equal(said[3], said[4]);
        backupFile = said[3]!;
      }
      assert.ok(existsSync(backupFile), backupFile);

      // Released by the run itself, before the process ended.
      const [locks] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [repairLockName(test.name)]));
      assert.equal((locks as { holder: number | null }[])[0]?.holder, null);
      // Exactly the applied step: the table created, the rows untouched (record and delete did not run).
      assert.ok((await listTables(test.name)).includes('eklektik_notifications_tracking'));
      assert.deepEqual(await migrationRows(test.name), rowsBefore);

      const restored = await cliChild(['restore', backupFile], test.name).done;
      assert.equal(restored.code, 0, restored.out + restored.err);
      assert.deepEqual(await migrationRows(test.name), rowsBefore);
      assert.ok(!(await listTables(test.name)).includes('eklektik_notifications_tracking'), 'the restore drops the table the repair created');
    });
  }

  it('SIGINT while the plan waits on a lock: once it can go on, it stops before the backup and says nothing was changed', async () => {
    const test = await suite.database('md_interrupt_plan');
    await bringTo(test.name, 'incident');
    const rowsBefore = await migrationRows(test.name);
    const blocker = await mysql.createConnection({ ...testServer(), database: test.name });
    let run: ChildRun;
    try {
      // The plan reads the migrations table: it waits for this session.
      await blocker.query('LOCK TABLES migrations WRITE');
      const started = cliChild(['repair', '--apply', '--yes', '--no-mysqldump', '--backup-dir', suite.backups], test.name);
      await waitingOnLock(test.name, started.done);
      started.child.kill('SIGINT');
      // Released within the run's grace period: the plan finishes, then the run sees the interruption.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await blocker.query('UNLOCK TABLES');
      run = await started.done;
    } finally {
      await blocker.end().catch(() => blocker.destroy());
    }
    assert.equal(run.code, 130, run.out + run.err);
    assert.match(run.err, /^migration-doctor repair: The repair was interrupted before its backup was complete: nothing was changed in the database\. Plan and repair again when ready\.$/m);
    assert.deepEqual(await migrationRows(test.name), rowsBefore);
    assert.ok(!(await listTables(test.name)).includes('eklektik_notifications_tracking'));
  });

  it('interrupted between the backup and the first step: nothing changed, the backup named, the lock released', async () => {
    const test = await suite.database('md_interrupt_first');
    await bringTo(test.name, 'incident');
    const rowsBefore = await migrationRows(test.name);
    const tablesBefore = await listTables(test.name);
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), []);
    const db = await test.open();
    suite.cleanup.push(() => db.close());
    const { plan } = await planFor(db, inputs);
    const interruption = new AbortController();
    const outcome = await runRepair(db, plan, {
      backupDirectory: suite.backups, useMysqldump: false, status: freshSnapshot(test.options, inputs), signal: interruption.signal,
      hooks: { beforeStep: (_step, index) => { if (index === 0) interruption.abort(); } },
    });
    assert.ok(outcome.kind === 'interrupted', outcome.kind);
    assert.deepEqual([outcome.applied.length, outcome.stoppedAt, outcome.notApplied.map((s) => s.id)], [0, undefined, plan.steps.map((s) => s.id)]);
    assert.ok(outcome.backup && existsSync(outcome.backup.file));
    assert.equal(outcome.message, `The repair was interrupted before any step was applied: nothing was changed in the database (the backup ${outcome.backup.file} was written). Plan and repair again when ready.`);
    assert.equal(english(outcome.said), outcome.message);
    const [locks] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [repairLockName(test.name)]));
    assert.equal((locks as { holder: number | null }[])[0]?.holder, null);
    assert.deepEqual(await migrationRows(test.name), rowsBefore);
    assert.deepEqual(await listTables(test.name), tablesBefore);
  });

  it('interrupted after its first step: the Markdown report beside the backup says so, with the step applied and the restore command', async () => {
    const test = await suite.database('md_interrupt_report');
    await bringTo(test.name, 'incident');
    const inputs = await loadRepairInputs([laravelMigrationsDir], translateOptionsFor('8.83'), []);
    const db = await test.open();
    suite.cleanup.push(() => db.close());
    const { plan } = await planFor(db, inputs);
    const interruption = new AbortController();
    const outcome = await runRepair(db, plan, {
      backupDirectory: suite.backups, useMysqldump: false, status: freshSnapshot(test.options, inputs), signal: interruption.signal,
      hooks: { beforeStep: (_step, index) => { if (index === 1) interruption.abort(); } },
    });
    assert.ok(outcome.kind === 'interrupted' && outcome.backup, outcome.kind);
    assert.deepEqual(outcome.applied.map((s) => s.id), [created]);
    assert.equal(outcome.reportFile, outcome.backup.file.replace(/\.sql$/, '.md'));
    const report = await readFile(outcome.reportFile, 'utf8');
    assert.match(report, /^## Interrupted before the end\n\n(.*)\n/m);
    assert.equal(/^## Interrupted before the end\n\n(.*)\n/m.exec(report)![1], outcome.message);
    assert.match(outcome.message, new RegExp(`^The repair was interrupted before it finished \\(applied: ${created}; not applied: `));
    assert.ok(!report.includes('## Verification'), report);
    assert.ok(report.includes(plan.steps[0]!.sql[0]!), 'the applied step\'s SQL');
    assert.ok(report.includes(`migration-doctor restore ${outcome.backup.file}`), report);
  });
});
