// SIGTERM or Ctrl-C while `repair --apply` writes its backup with the built-in dump: the built CLI
// in a child process, its dump of the drifted table waiting on a lock another session holds
// (LOCK TABLES ... WRITE). It must say that the backup was not completed and nothing was changed,
// keep no partial file, release the repair lock and exit 128 + the signal.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { repairLockName } from '../../../src/core/repair/lock';
import { migrationRows, testServer, withServer } from '../../support/database';
import { bringTo, laravelAppDir } from '../../support/laravel';
import { repairSuite } from './state';

const cliJs = path.resolve(__dirname, '../../../../dist/cli.js');
const drifted = 'eklektik_notifications_tracking';

interface ChildRun { readonly code: number | null; readonly out: string; readonly err: string }

function cliChild(args: readonly string[], database: string): { kill: (signal: NodeJS.Signals) => void; done: Promise<ChildRun> } {
  const server = testServer();
  const child = spawn(process.execPath, [cliJs, ...args, '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database],
    { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
  return { kill: (signal) => child.kill(signal), done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err }))) };
}

/** Resolves once the dump's read of `table` waits for a metadata lock. */
async function dumpWaiting(database: string, table: string, exited: Promise<ChildRun>): Promise<void> {
  let over: ChildRun | undefined;
  void exited.then((run) => { over = run; });
  for (;;) {
    const [rows] = await withServer((c) => c.query(
      "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND STATE LIKE 'Waiting for table metadata lock' AND INFO LIKE ?", [database, `SELECT % FROM \`${table}\`%`],
    ));
    if ((rows as unknown[]).length > 0) return;
    if (over) throw new Error(`the repair ended before its dump waited on the lock: ${over.code}\n${over.out}${over.err}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const showCreate = (database: string) => withServer(async (c) => {
  const [rows] = await c.query(`SHOW CREATE TABLE \`${database}\`.\`${drifted}\``);
  return (rows as Record<string, string>[])[0]!['Create Table'];
});

describe('repair --apply interrupted during its backup (built CLI, built-in dump, MariaDB)', function () {
  this.timeout(300_000);
  const suite = repairSuite();

  for (const { signal, json, code } of [
    { signal: 'SIGTERM' as const, json: false, code: 143 },
    { signal: 'SIGINT' as const, json: true, code: 130 },
  ]) {
    it(`${signal}${json ? ' with --json' : ''}: the backup not completed, nothing changed, no partial file, the lock released, exit ${code}`, async () => {
      const test = await suite.database('md_interrupt_backup');
      await bringTo(test.name, 'schema-drift');
      const rowsBefore = await migrationRows(test.name);
      const createBefore = await showCreate(test.name);
      const backups = path.join(suite.backups, test.name);
      const blocker = await mysql.createConnection({ ...testServer(), database: test.name });
      let run: ChildRun;
      try {
        await blocker.query(`LOCK TABLES \`${drifted}\` WRITE`);
        const started = cliChild(['repair', '--apply', '--yes', '--allow-lossy', '--no-mysqldump', '--backup-dir', backups, ...(json ? ['--json'] : [])], test.name);
        await dumpWaiting(test.name, drifted, started.done);
        started.kill(signal);
        run = await started.done;
      } finally {
        await blocker.end().catch(() => blocker.destroy());
      }

      assert.equal(run.code, code, run.out + run.err);
      const sentence = /^The repair was interrupted while its backup was being written: the backup was not completed \(its partial file (\S+) was not kept\) and nothing was changed in the database\. Plan and repair again when ready\.$/;
      let said: RegExpExecArray | null;
      if (json) {
        const outcome = (JSON.parse(run.out) as { outcome: { kind: string; ok: boolean; backup?: unknown; applied: string[]; notApplied: string[]; message: string } }).outcome;
        assert.deepEqual([outcome.kind, outcome.ok, outcome.backup, outcome.applied], ['interrupted', false, undefined, []]);
        assert.ok(outcome.notApplied.length > 0);
        said = sentence.exec(outcome.message);
        assert.ok(said, outcome.message);
      } else {
        said = new RegExp(`^migration-doctor repair: ${sentence.source.slice(1)}`, 'm').exec(run.err);
        assert.ok(said, run.err);
      }
      assert.equal(path.dirname(said[1]!), backups);
      assert.ok(!existsSync(said[1]!));
      assert.deepEqual(readdirSync(backups), [], 'no partial file is left');
      const [locks] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [repairLockName(test.name)]));
      assert.equal((locks as { holder: number | null }[])[0]?.holder, null);
      assert.equal(await showCreate(test.name), createBefore);
      assert.deepEqual(await migrationRows(test.name), rowsBefore);
    });
  }
});
