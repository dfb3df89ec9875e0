// Ctrl-C (SIGINT) or SIGTERM during `repair --databases PATTERN --apply`: the built CLI in a child
// process, stopped while the first broken tenant's second step waits on a metadata lock another
// session holds on its migrations table. That tenant says where it stands, no other tenant is
// started, the usual summary (or, with --json, the one JSON summary) names it as interrupted,
// and the process exits 128 + the signal.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { repairLockName } from '../../../src/core/repair/lock';
import { listTables, migrationRows, testServer, withServer } from '../../support/database';
import { laravelAppDir, requireOracle } from '../../support/laravel';
import { createTenants, type Tenants } from './tenants';

const cliJs = path.resolve(__dirname, '../../../../dist/cli.js');
const created = 'create-table:2025_09_23_011532_create_eklektik_notifications_tracking_table:eklektik_notifications_tracking';

interface ChildRun { readonly code: number | null; readonly out: string; readonly err: string }

function cliChild(args: readonly string[]): { kill: (signal: NodeJS.Signals) => void; done: Promise<ChildRun> } {
  const server = testServer();
  const child = spawn(process.execPath, [cliJs, ...args, '--host', server.host, '--port', String(server.port), '--user', server.user],
    { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
  return { kill: (signal) => child.kill(signal), done: new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err }))) };
}

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

interface Summary {
  summary: Record<string, number>;
  databases: { database: string; result: string; reason?: string; error?: string; outcome?: { kind: string; applied: string[]; notApplied: string[]; backup?: { file: string }; message: string } }[];
}

describe('repair --databases --apply interrupted by a signal (built CLI, MariaDB)', function () {
  this.timeout(600_000);
  let tenants: Tenants | undefined;
  let backups = '';
  before(async () => {
    await requireOracle();
    backups = mkdtempSync(path.join(os.tmpdir(), 'md-tenants-interrupt-'));
  });
  afterEach(async () => { await tenants?.drop(); tenants = undefined; });
  after(() => rmSync(backups, { recursive: true, force: true }));

  for (const { signal, json, code } of [
    { signal: 'SIGINT' as const, json: false, code: 130 },
    { signal: 'SIGTERM' as const, json: true, code: 143 },
  ]) {
    it(`${signal}${json ? ' with --json' : ''}: the tenant running says where it stands, the next is not started, the summary is printed, exit ${code}`, async () => {
      tenants = await createTenants('md_tenants_interrupt', 1, ['incident', 'incident']);
      const [first, second] = [...tenants.broken.keys()].sort();
      const secondRows = await migrationRows(second!);
      const blocker = await mysql.createConnection({ ...testServer(), database: first });
      let run: ChildRun;
      try {
        await blocker.query('LOCK TABLES migrations READ');
        const started = cliChild(['repair', '--databases', `${tenants.prefix}_t%`, '--apply', '--yes', '--no-mysqldump', '--backup-dir', backups, ...(json ? ['--json'] : [])]);
        await waitingOnLock(first!, started.done);
        started.kill(signal);
        run = await started.done;
      } finally {
        await blocker.end().catch(() => blocker.destroy());
      }

      assert.equal(run.code, code, run.out + run.err);
      const reason = `not attempted after ${first} was interrupted`;
      let backupFile: string;
      if (json) {
        const summary = JSON.parse(run.out) as Summary;
        assert.deepEqual(summary.summary, { databases: 3, fine: 1, repaired: 0, interrupted: 1, skipped: 1, failed: 0 });
        const entry = (name: string) => summary.databases.find((d) => d.database === name)!;
        assert.equal(entry(first!).result, 'interrupted');
        const outcome = entry(first!).outcome!;
        assert.equal(outcome.kind, 'interrupted');
        assert.deepEqual(outcome.applied, [created]);
        assert.ok(outcome.notApplied.length > 0 && !outcome.notApplied.includes(created), outcome.notApplied.join(', '));
        assert.equal(entry(first!).error, outcome.message);
        assert.match(outcome.message, /^The repair was interrupted before it finished \(applied: /);
        assert.equal(entry(second!).result, 'skipped');
        assert.equal(entry(second!).reason, reason);
        backupFile = outcome.backup!.file;
      } else {
        const said = new RegExp(`^migration-doctor repair: (The repair was interrupted before it finished \\(applied: ${created}; not applied: [^)]+\\); the backup taken before any change is (\\S+)\\. .*)$`, 'm').exec(run.err);
        assert.ok(said, run.err);
        backupFile = said[2]!;
        const summary = `3 databases matching '${tenants.prefix}_t%', 1 fine. Repaired 0. Interrupted 1: ${first}. Skipped 1: ${second} (${reason}). Failed 0.\n${first}: ${said[1]}\n`;
        assert.ok(run.out.endsWith(summary), run.out);
        assert.ok(!run.out.includes(`== ${second}`), 'the next tenant is not started');
      }
      assert.ok(existsSync(backupFile), backupFile);
      const [locks] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [repairLockName(first!)]));
      assert.equal((locks as { holder: number | null }[])[0]?.holder, null);
      assert.ok((await listTables(first!)).includes('eklektik_notifications_tracking'));
      assert.deepEqual(await migrationRows(second!), secondRows);
      assert.ok(!(await listTables(second!)).includes('eklektik_notifications_tracking'));
    });
  }
});
