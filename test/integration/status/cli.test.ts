// `migration-doctor status` end to end, in process, against MariaDB in the incident state.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { createTestDatabase, type TestDatabase, testServer, withServer } from '../../support/database';
import { bringTo, laravelAppDir, laravelMigrationsDir, migrationNames, repoRoot, requireOracle } from '../../support/laravel';

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { cwd: laravelAppDir, env, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
  const code = await main(['status', ...args], io);
  return { code, out, err };
}

describe('migration-doctor status', function () {
  this.timeout(120_000);
  let incident: TestDatabase;
  let fresh: TestDatabase;
  const server = testServer();
  const connection = () => ['--host', server.host, '--port', String(server.port), '--user', server.user];
  before(async function () {
    await requireOracle();
    incident = await createTestDatabase('md_status_cli_incident');
    fresh = await createTestDatabase('md_status_cli_fresh');
    await bringTo(incident.name, 'incident');
    await bringTo(fresh.name, 'fresh');
  });
  after(async () => {
    await incident?.drop();
    await fresh?.drop();
  });

  it('prints the table with the extra states and exits 1 on the incident', async () => {
    const { code, out } = await run([...connection(), '--database', incident.name], { DB_PASSWORD: server.password });
    assert.equal(code, 1);
    assert.match(out, new RegExp(`\\| Yes +\\| ${migrationNames.notificationsTracking} +\\| 1 +\\| ran-table-missing +\\|`));
    assert.match(out, new RegExp(`\\| No +\\| ${migrationNames.transactionsTracking} +\\| +\\| pending-table-exists \\|`));
    assert.match(out, /fails with error 1050/);
  });

  it('--json keeps the issue\'s shape, without the password', async () => {
    const ok = await run([...connection(), '--database', incident.name, '--json'], { DB_PASSWORD: server.password });
    assert.equal(ok.code, 1);
    const json = JSON.parse(ok.out);
    assert.deepEqual(Object.keys(json), ['connection', 'migrationsTable', 'migrations', 'laravel']);
    assert.equal(json.connection.database, incident.name);
    assert.ok(!('password' in json.connection));
    const row = json.migrations.find((m: { name: string }) => m.name === migrationNames.notificationsTracking);
    assert.deepEqual([row.state, row.batch, row.tables], ['ran-table-missing', 1, ['eklektik_notifications_tracking']]);
    assert.equal(row.problems[0].repairs[0], 'create-table');
  });

  it('exits 0 when only pending, 1 with --pending', async () => {
    const plain = await run([...connection(), '--database', fresh.name], { DB_PASSWORD: server.password });
    assert.equal(plain.code, 0, plain.err);
    const pending = await run([...connection(), '--database', fresh.name, '--pending'], { DB_PASSWORD: server.password });
    assert.equal(pending.code, 1);
  });

  it('exits 2 with one sentence and the next step on connection and usage errors', async () => {
    const refused = await run(['--host', '127.0.0.1', '--port', '1', '--database', 'x']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /connection was refused\.\nCheck that MySQL\/MariaDB is running/);
    const missing = await run([...connection(), '--database', incident.name, '--migrations-table', 'nope'], { DB_PASSWORD: server.password });
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Migration table not found/);
    assert.equal((await run(['--bogus'])).code, 2);
    assert.equal((await run(['--password', 'x'])).code, 2);
  });

  it('names the .env connection after its database, as the editor does (not ".env", which reads as a file)', async () => {
    const { out } = await run([...connection(), '--database', incident.name], { DB_PASSWORD: server.password });
    assert.match(out, new RegExp(`^Connection: ${incident.name} \\(\\.env\\) \\(${server.user}@`, 'm'));
  });

  it('reads the app\'s .env by default (its database does not exist here: 1049)', async () => {
    const { code, err } = await run(['--database', `${incident.name}_absent`]);
    assert.equal(code, 2);
    assert.match(err, /does not exist/);
  });
});

// The real binary, as a user runs it: it must end (a 20 s bound is a hang detector, not a
// performance test) and release its connection on every path.
describe('migration-doctor always ends and closes its connection', function () {
  this.timeout(120_000);
  const server = testServer();
  const connection = (database: string) => ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database];
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  let incident: TestDatabase;
  let project: string;
  before(async function () {
    await requireOracle();
    incident = await createTestDatabase('md_status_cli_ends');
    await bringTo(incident.name, 'incident');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-status-ends-'));
    fs.cpSync(laravelMigrationsDir, path.join(project, 'database', 'migrations'), { recursive: true });
  });
  after(async () => {
    await incident?.drop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  interface Ended { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; hung: boolean }

  function start(args: readonly string[], nodeOptions: readonly string[] = []): { child: ChildProcess; ended: Promise<Ended> } {
    const child = spawn(process.execPath, [...nodeOptions, cli, ...args], {
      cwd: project,
      env: { PATH: process.env.PATH, DB_PASSWORD: server.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const ended = new Promise<Ended>((resolve) => {
      let hung = false;
      const bound = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, 20_000);
      child.on('close', (code, signal) => { clearTimeout(bound); resolve({ code, signal, stdout, stderr, hung }); });
    });
    return { child, ended };
  }

  function assertInternalError(run: Ended, command: string, error: RegExp): void {
    assert.equal(run.code, 70, run.stderr);
    assert.match(run.stderr, new RegExp(`^migration-doctor ${command}: internal error \\(`));
    assert.match(run.stderr, error);
    assert.match(run.stderr, /not a problem with your migrations or database/);
    assert.doesNotMatch(run.stderr, /database server reported|connection was/);
    const log = /the details are in (\S+\.log);/.exec(run.stderr)?.[1];
    assert.ok(log && fs.existsSync(log), run.stderr);
    assert.match(fs.readFileSync(log, 'utf8'), /\n\s+at /, 'the log holds the stack');
  }

  it('on success, and on a database error once connected', async () => {
    const ok = await start(['status', ...connection(incident.name)]).ended;
    assert.ok(!ok.hung, `status did not end within 20 s:\n${ok.stderr}`);
    assert.equal(ok.code, 1, ok.stderr);
    const missing = await start(['status', ...connection(incident.name), '--migrations-table', 'nope']).ended;
    assert.ok(!missing.hung, `status did not end within 20 s:\n${missing.stderr}`);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /^migration-doctor status: Migration table not found/);
  });

  it('on a migration file cut while being typed (status, repair --plan, lint)', async () => {
    const users = path.join(project, 'database', 'migrations', '2014_10_12_000000_create_users_table.php');
    const intact = fs.readFileSync(users, 'utf8');
    fs.writeFileSync(users, intact.slice(0, intact.indexOf('->nullable(') + '->nullable('.length));
    try {
      for (const args of [['status', ...connection(incident.name)], ['repair', '--plan', ...connection(incident.name)], ['lint']]) {
        const run = await start(args).ended;
        assert.ok(!run.hung, `${args[0]} did not end within 20 s:\n${run.stderr}`);
        // Never a usage or database error: the connection and the arguments are fine.
        assert.ok(run.code === 0 || run.code === 1 || run.code === 70, `${args[0]} exited ${run.code}: ${run.stderr}`);
        if (run.code === 70) assertInternalError(run, args[0]!, /./);
      }
    } finally {
      fs.writeFileSync(users, intact);
    }
  });

  it('on a programming error while the connection is open: an internal error (exit 70), never a database error', async () => {
    // Fault injection: the first line status (or repair) prints throws, after the snapshot was taken.
    const preload = path.join(project, 'inject-type-error.js');
    fs.writeFileSync(preload, `const write = process.stdout.write;
process.stdout.write = function (chunk, ...rest) {
  if (/^(Connection:|-- )/.test(String(chunk))) throw new TypeError('injected: x is not a function');
  return write.call(this, chunk, ...rest);
};\n`);
    for (const command of ['status', 'repair']) {
      const run = await start([command, ...connection(incident.name)], ['--require', preload]).ended;
      assert.ok(!run.hung, `${command} did not end within 20 s:\n${run.stderr}`);
      assertInternalError(run, command, /TypeError: injected: x is not a function/);
    }
  });

  it('on SIGTERM while a query waits for a lock: exits 143 and its connection goes', async () => {
    await withServer(async (locker) => {
      await locker.query(`USE \`${incident.name}\``);
      const [[{ id: lockerId }]] = await locker.query('SELECT CONNECTION_ID() AS id') as unknown as [[{ id: number }]];
      await locker.query('LOCK TABLES migrations WRITE');
      const others = async () => (await locker.query(
        'SELECT ID AS id, STATE AS state FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> ?', [incident.name, lockerId],
      ) as unknown as [{ id: number; state: string }[]])[0];
      const { child, ended } = start(['status', ...connection(incident.name)]);
      try {
        for (let i = 0; i < 200 && !(await others()).some((p) => /lock/i.test(p.state)); i++) await new Promise((r) => setTimeout(r, 100));
        assert.ok((await others()).some((p) => /lock/i.test(p.state)), 'status never reached the lock wait');
        child.kill('SIGTERM');
        const run = await ended;
        assert.ok(!run.hung, `status did not end within 20 s of SIGTERM:\n${run.stderr}`);
        assert.equal(run.code, 143, run.stderr);
        assert.match(run.stderr, /interrupted \(SIGTERM\)/);
      } finally {
        child.kill('SIGKILL');
        await locker.query('UNLOCK TABLES');
      }
      // Its query was waiting; once the lock is gone the server finds the client gone too.
      for (let i = 0; i < 100 && (await others()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(await others(), [], 'the connection of the interrupted status is gone');
    });
  });
});
