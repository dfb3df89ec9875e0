// The incident's repair with the connection broken at every query it sends, in the three ways
// a network or a server breaks it (test/support/faultProxy.ts). The CLI runs in a child
// process, so a crash is seen. Each case: no crash, one clear message, nothing recorded
// that is incomplete, the rows kept, the backup complete and restorable or not kept at all,
// and a second repair that finishes the job. The incident database is built once with the
// real artisan and copied per case with SQL.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyBackup } from '../../../src/core/repair/backup';
import { repairLockName } from '../../../src/core/repair/lock';
import { createTestDatabase, dumpTables, testServer, withServer, type TestDatabase } from '../../support/database';
import { startFaultProxy, type FaultMode } from '../../support/faultProxy';
import { bringTo, laravelAppDir, migrateAll } from '../../support/laravel';
import { cli, dumpState, repairSuite, type DatabaseState } from './state';

const cliMain = path.resolve(__dirname, '../../../src/cli/main.js');
const trackingTables = ['eklektik_notifications_tracking', 'eklektik_transactions_tracking'];
const modes: readonly FaultMode[] = ['lose-reply', 'drop-query', 'refuse-reconnect'];
const stackTrace = /^\s+at \S.*[:(]\d+:\d+\)?$|ERR_STREAM|Unhandled|internal error|packets out of order/m;

/** A copy of `template` (structure, foreign keys and rows) made with SQL, not artisan. */
/**
 * Waits until no session holds the repair lock of `database`. The proxy closes its side of a
 * broken connection at once, but the server ends that session (and frees its GET_LOCK) only
 * when it notices, which under load can come after the next repair starts: that repair then
 * rightly refuses, naming the session. A user would retry; the test waits as long as the
 * server needs, up to a limit, and fails if the lock is never freed.
 */
async function lockFreed(database: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [rows] = await withServer((c) => c.query('SELECT IS_USED_LOCK(?) AS holder', [repairLockName(database)]));
    if ((rows as { holder: number | null }[])[0]?.holder === null) return;
    if (Date.now() - started > 30_000) throw new Error(`the repair lock of ${database} is still held 30 s after the broken run`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function copyDatabase(template: string, target: string): Promise<void> {
  await withServer(async (c) => {
    await c.query(`CREATE DATABASE \`${target}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.query('SET FOREIGN_KEY_CHECKS = 0');
    const [tables] = await c.query("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [template]);
    await c.query(`USE \`${target}\``);
    for (const { name } of tables as { name: string }[]) {
      const [[create]] = await c.query(`SHOW CREATE TABLE \`${template}\`.\`${name}\``) as unknown as [Record<string, string>[]];
      await c.query(create['Create Table']);
      await c.query(`INSERT INTO \`${target}\`.\`${name}\` SELECT * FROM \`${template}\`.\`${name}\``);
    }
  });
}

/** `migration-doctor repair --apply --yes` in a child process, through `port`. */
function repairInChild(database: string, port: number, backups: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const server = testServer();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      cliMain, 'repair', '--apply', '--yes', '--backup-dir', backups,
      '--host', '127.0.0.1', '--port', String(port), '--user', server.user, '--database', database,
    ], { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { out += c; });
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

async function stateOf(test: TestDatabase): Promise<DatabaseState> {
  const db = await test.open();
  try { return await dumpState(db); } finally { await db.close(); }
}

describe('a service that is not MySQL on the port', () => {
  it('gets one sentence, and no driver warning on stderr', async () => {
    // Its first packet has sequence number 3: mysql2 alone printed "got packets out of order".
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(Buffer.from([0x0a, 0, 0, 0x03, ...Buffer.from('NOT MYSQL\n')]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [cliMain, 'status', '--host', '127.0.0.1', '--port', String(port), '--user', 'root', '--database', 'x'],
          { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
        child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
        child.on('close', (code) => resolve({ code, out, err }));
      });
      assert.equal(run.code, 2, run.out + run.err);
      assert.equal(run.err, `migration-doctor status: The server at 127.0.0.1:${port} does not speak the MySQL protocol (its first packet is not a MySQL greeting).\nCheck the port of the connection (DB_PORT in .env): another service answers there.\n`);
    } finally {
      server.close();
    }
  });
});

describe('repair of the incident with the connection broken at every query (fault proxy, real Laravel, MariaDB)', function () {
  this.timeout(600_000);
  repairSuite();
  let template: TestDatabase;
  let original: DatabaseState;
  let repairedStructure: Awaited<ReturnType<typeof dumpTables>>;
  let queries = 0;

  before(async () => {
    template = await createTestDatabase('md_repair_faults_tpl');
    await bringTo(template.name, 'incident-with-rows');
    original = await stateOf(template);
    const reference = await createTestDatabase('md_repair_faults_ref');
    try {
      await migrateAll(reference.name);
      repairedStructure = await dumpTables(reference.name, trackingTables);
    } finally {
      await reference.drop();
    }
  });
  after(() => template?.drop());

  async function faultCase(n: number, mode: FaultMode | undefined): Promise<string[]> {
    const problems: string[] = [];
    const test = await createTestDatabase('md_repair_faults');
    const backups = await fs.mkdtemp(path.join(os.tmpdir(), 'md-faults-'));
    const proxy = await startFaultProxy();
    try {
      await withServer((c) => c.query(`DROP DATABASE \`${test.name}\``));
      await copyDatabase(template.name, test.name);
      if (mode) proxy.faultAt(n, mode);
      const run = await repairInChild(test.name, proxy.port, backups);
      if (!mode) queries = proxy.queries.length;
      await proxy.close();
      const say = (what: string): void => { problems.push(`${mode ?? 'no fault'} at query ${n} (${proxy.queries[n - 1]?.sql.slice(0, 60).replace(/\s+/g, ' ')}): ${what}\n${run.out}`); };

      if (run.signal !== null || ![0, 1, 2].includes(run.code ?? -1)) say(`ended with ${run.signal ?? `exit ${run.code}`}`);
      if (stackTrace.test(run.out)) say('printed a stack trace or an internal error');
      if (run.code !== 0 && !/connection|server/i.test(run.out)) say('failed without saying that the connection was lost');
      if (run.code === 0 && !/Verified: every repaired migration/.test(run.out)) say('exit 0 without a verified repair');
      const applied = /Applied (\d+) of (\d+) steps?/.exec(run.out);
      if (applied && applied[1] === applied[2] && !/Failed: step/.test(run.out)) {
        if (/To go back/.test(run.out)) say('suggested a restore after every step was applied');
        if (run.code !== 0 && !/Applied, not verified/.test(run.out)) say('a complete repair that could not be verified was not called "applied, not verified"');
      }
      if (/Failed: step/.test(run.out)) {
        if (!/Where the database stands now|Where the database stands now is unknown/.test(run.out)) say('a failed step without where the database stands now');
        if (!/The next repair|What the next repair will do is unknown/.test(run.out)) say('a failed step without what the next repair will do');
      }

      const files = await fs.readdir(backups);
      const sql = files.filter((f) => f.endsWith('.sql'));
      // Beside a kept backup, its report (same name, .md); nothing else, and never a report without its backup.
      const reports = files.filter((f) => f.endsWith('.md') && sql.includes(`${f.slice(0, -'.md'.length)}.sql`));
      if (files.length !== sql.length + reports.length || sql.length > 1) say(`left ${files.join(', ')} in the backup folder`);
      const named = /^Report: (.+)$/m.exec(run.out)?.[1];
      if (named !== undefined && !reports.includes(path.basename(named))) say(`named a report that is not beside its backup: ${named}`);
      for (const file of sql) {
        const check = await verifyBackup(path.join(backups, file));
        if (!check.ok) say(`kept a backup that does not check: ${check.problem}`);
      }
      if (sql.length === 0 && /Backup: /.test(run.out)) say('named a backup that is not there');

      // Nothing recorded that is incomplete: no migration left half-built (drift) by the broken run.
      const status = JSON.parse((await cli(['status', '--json'], test.name)).out) as { migrations: { name: string; state: string }[] };
      const drift = status.migrations.filter((m) => !['ran', 'ran-table-missing', 'pending-table-exists'].includes(m.state));
      if (drift.length > 0) say(`left ${drift.map((m) => `${m.name} ${m.state}`).join(', ')}`);
      const now = await stateOf(test);
      for (const table of ['transactions_history', 'eklektik_transactions_tracking']) {
        if (JSON.stringify(now[table]?.rows) !== JSON.stringify(original[table].rows)) say(`changed the rows of ${table}`);
      }

      // A second repair, straight to the server, finishes the job.
      await lockFreed(test.name);
      const second = await cli(['repair', '--apply', '--yes', '--backup-dir', backups], test.name);
      if (second.code !== 0) say(`the second repair did not finish: ${second.out}${second.err}`);
      if (JSON.stringify(await dumpTables(test.name, trackingTables)) !== JSON.stringify(repairedStructure)) say('the tables differ from Laravel\'s after the second repair');
      const after = await stateOf(test);
      for (const table of ['transactions_history', 'eklektik_transactions_tracking']) {
        if (JSON.stringify(after[table]?.rows) !== JSON.stringify(original[table].rows)) say(`the second repair changed the rows of ${table}`);
      }

      // The first run's backup, if kept, gives the state before the repair back.
      for (const file of sql) {
        const restored = await cli(['restore', path.join(backups, file)], test.name);
        if (restored.code !== 0) say(`its backup did not restore: ${restored.err}`);
        else if (JSON.stringify(await stateOf(test)) !== JSON.stringify(original)) say('its backup restored another state');
      }
    } finally {
      await proxy.close().catch(() => undefined);
      await test.drop();
      await fs.rm(backups, { recursive: true, force: true });
    }
    return problems;
  }

  it('repairs through the proxy when nothing breaks (and counts the queries)', async () => {
    assert.deepEqual(await faultCase(0, undefined), []);
    assert.ok(queries > 20, `only ${queries} queries seen`);
  });

  for (const mode of modes) {
    it(`survives the connection broken at each query (${mode})`, async () => {
      assert.ok(queries > 0, 'the counting run did not run');
      const problems: string[] = [];
      // Two cases at a time: the machine has two cores.
      const positions = Array.from({ length: queries }, (_, i) => i + 1);
      const worker = async (): Promise<void> => {
        for (let n = positions.shift(); n !== undefined; n = positions.shift()) problems.push(...await faultCase(n, mode));
      };
      await Promise.all([worker(), worker()]);
      assert.deepEqual(problems, [], `${problems.length} problems over ${queries} positions:\n${problems.join('\n\n')}`);
    });
  }
});

describe('repair of hand-made drift whose one step has two statements, cut between them (fault proxy, real Laravel, MariaDB)', function () {
  this.timeout(600_000);
  repairSuite();
  const table = 'eklektik_transactions_tracking';
  const key = `${table}_transaction_id_foreign`;
  let template: TestDatabase;
  let expected: Awaited<ReturnType<typeof dumpTables>>;

  before(async () => {
    const reference = await createTestDatabase('md_repair_faults_aref');
    try {
      await migrateAll(reference.name);
      expected = await dumpTables(reference.name, [table]);
    } finally {
      await reference.drop();
    }
    template = await createTestDatabase('md_repair_faults_atpl');
    await migrateAll(template.name);
    // Two indexes dropped and the foreign key changed under its name by hand: the repair puts them
    // back in one alter-table step of two statements (the server refuses to drop and add a key of
    // one name in one): the key's drop with the rest, then the key added again.
    await withServer(async (c) => {
      await c.query(`ALTER TABLE \`${template.name}\`.\`${table}\` DROP FOREIGN KEY ${key}`);
      await c.query(`ALTER TABLE \`${template.name}\`.\`${table}\` ADD CONSTRAINT ${key} FOREIGN KEY (transaction_id) REFERENCES transactions_history (id) ON DELETE CASCADE, DROP INDEX idx_processed_kpi, DROP INDEX idx_batch_processed`);
    });
  });
  after(() => template?.drop());

  it('says which statement of the step ran, records nothing, and a second repair finishes the step', async () => {
    const plan = JSON.parse((await cli(['repair', '--json'], template.name)).out).plan as { steps: { id: string; action: string; sql: string[] }[] };
    assert.deepEqual(plan.steps.map((s) => [s.action, s.sql.length]), [['alter-table', 2]], JSON.stringify(plan.steps));
    const [step] = plan.steps;
    // Where the step's statements fall among the queries of a whole run.
    const counting = await startFaultProxy();
    const positions: number[] = [];
    const scratch = await createTestDatabase('md_repair_faults_alt');
    try {
      await withServer((c) => c.query(`DROP DATABASE \`${scratch.name}\``));
      await copyDatabase(template.name, scratch.name);
      const backups = await fs.mkdtemp(path.join(os.tmpdir(), 'md-faults-'));
      const run = await repairInChild(scratch.name, counting.port, backups);
      await fs.rm(backups, { recursive: true, force: true });
      assert.equal(run.code, 0, run.out);
      for (const sql of step.sql) positions.push(counting.queries.find((q) => q.sql.trim() === sql.trim())!.n);
    } finally {
      await counting.close();
      await scratch.drop();
    }
    assert.equal(positions.length, 2);

    // After the first statement (its reply lost, or the connection gone for good), before the second (never sent).
    const cuts: [number, FaultMode][] = [[positions[0], 'lose-reply'], [positions[0], 'refuse-reconnect'], [positions[1], 'drop-query']];
    for (const [n, mode] of cuts) {
      const test = await createTestDatabase('md_repair_faults_alt');
      const backups = await fs.mkdtemp(path.join(os.tmpdir(), 'md-faults-'));
      const proxy = await startFaultProxy();
      try {
        await withServer((c) => c.query(`DROP DATABASE \`${test.name}\``));
        await copyDatabase(template.name, test.name);
        proxy.faultAt(n, mode);
        const run = await repairInChild(test.name, proxy.port, backups);
        await proxy.close();
        const context = `${mode} at query ${n}:\n${run.out}`;
        assert.ok(run.code === 1 || run.code === 2, context);
        assert.doesNotMatch(run.out, stackTrace, context);
        assert.match(run.out, new RegExp(`Failed: step ${step.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), context);
        assert.doesNotMatch(run.out, /^ok {3}/m, context);
        assert.doesNotMatch(run.out, /Verified: every repaired migration/, context);
        if (mode === 'drop-query') {
          assert.match(run.out, /after 1 of its statements/, context);
          assert.ok(run.out.includes(`Ran before it, and stays applied (the server does not undo it): ${step.sql[0]}\n`), context);
        }

        // The first statement is in the table (the key dropped, the indexes back), not the key added again; the migration is still reported as drifted, never as repaired.
        const [half] = await dumpTables(test.name, [table]);
        const back = ['idx_processed_kpi', 'idx_batch_processed'].filter((i) => half.indexes.some((x) => x.name === i));
        assert.deepEqual(back, ['idx_processed_kpi', 'idx_batch_processed'], `${context}\nindexes back: ${back.join(', ')}`);
        assert.ok(!half.foreignKeys.some((k) => k.name === key), `${context}\nthe key is still there`);
        const status = JSON.parse((await cli(['status', '--json'], test.name)).out) as { migrations: { name: string; state: string }[] };
        assert.deepEqual(status.migrations.filter((m) => m.state !== 'ran').map((m) => m.state), ['schema-drift'], context);

        await lockFreed(test.name);
        const second = await cli(['repair', '--apply', '--yes', '--backup-dir', backups], test.name);
        assert.equal(second.code, 0, `${context}\nsecond repair: ${second.out}${second.err}`);
        assert.deepEqual(await dumpTables(test.name, [table]), expected, context);
      } finally {
        await proxy.close().catch(() => undefined);
        await test.drop();
        await fs.rm(backups, { recursive: true, force: true });
      }
    }
  });
});
