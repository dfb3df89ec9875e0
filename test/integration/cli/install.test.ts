// The CLI as a user installs it: the package `npm pack` makes from the current build, installed
// globally into a temporary prefix with the registry out of reach (--offline: everything that
// runs is bundled into dist/), then run from that prefix, outside this repository, against MariaDB.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase, testServer } from '../../support/database';
import { bringTo, laravelMigrationsDir, migrationNames, repoRoot, requireOracle } from '../../support/laravel';

const execFileAsync = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The shim writer of the npm that runs this test (its own copy of cmd-shim): beside node on
 * Windows, under lib/node_modules on the other systems.
 */
function npmCmdShim(): (from: string, to: string) => Promise<void> {
  const nodeDir = path.dirname(process.execPath);
  const candidates = [path.join(nodeDir, 'node_modules'), path.join(nodeDir, '..', 'lib', 'node_modules')]
    .map((modules) => path.join(modules, 'npm', 'node_modules', 'cmd-shim'));
  const found = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'package.json')));
  assert.ok(found, `npm's cmd-shim not found in ${candidates.join(', ')}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(found) as (from: string, to: string) => Promise<void>;
}

interface Run { code: number; stdout: string; stderr: string }

async function run(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('migration-doctor installed from its npm package', function () {
  this.timeout(300_000);
  const server = testServer();
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  let temp: string;
  let project: string;
  let prefix: string;
  let bin: string;
  let tarballFiles: string[];
  let incident: TestDatabase;
  // Only what a user's shell passes on: no NODE_PATH or repository folder to lean on.
  const env = () => ({ PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}`, HOME: temp, DB_PASSWORD: server.password });
  const connection = () => ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', incident.name];

  before(async function () {
    await requireOracle();
    assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run node scripts/build.mjs');
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'md-install-'));
    const npmEnv = { ...process.env, npm_config_cache: path.join(temp, 'npm-cache'), npm_config_update_notifier: 'false' };
    const packed = await run(npm, ['pack', '--json', '--pack-destination', temp], { cwd: repoRoot, env: npmEnv });
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarballFiles = info.files.map((f) => f.path).sort();
    prefix = path.join(temp, 'prefix');
    const installed = await run(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(temp, info.filename)], { cwd: temp, env: npmEnv });
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    bin = process.platform === 'win32' ? path.join(prefix, 'migration-doctor.cmd') : path.join(prefix, 'bin', 'migration-doctor');
    project = path.join(temp, 'app');
    fs.cpSync(laravelMigrationsDir, path.join(project, 'database', 'migrations'), { recursive: true });
    incident = await createTestDatabase('md_cli_install');
    await bringTo(incident.name, 'incident');
  });
  after(async () => {
    await incident?.drop();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('packs only what runs: the bundles, the manifest, its translations and icons, the docs', () => {
    const allowed = /^(dist\/(extension|cli)\.js|dist\/lazy\/[\w-]+\.js|l10n\/bundle\.l10n\.[\w-]+\.json|media\/(icon\.png|migration-doctor\.svg)|package(\.nls(\.[\w-]+)?)?\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    assert.deepEqual(tarballFiles.filter((f) => !allowed.test(f)), []);
    for (const needed of ['dist/cli.js', 'dist/extension.js', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media/icon.png']) assert.ok(tarballFiles.includes(needed), needed);
  });

  it('--version prints the package version', async () => {
    const version = await run(bin, ['--version'], { cwd: project, env: env() });
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `${manifest.version}\n`);
  });

  // npm on Windows (and pnpm by default on every system) does not link the bin: it writes shims from
  // its first line, read as `#!/usr/bin/env [-S] [NAME=value ...] program args` (pnpm reads no
  // variable: NAME=value becomes the program). A variable there is dropped by npm's .cmd shim (set
  // after SETLOCAL, undone by its endLocal before node starts), left out of the .ps1 one, and breaks
  // the shell shim that Git Bash, Cygwin and MSYS run (`exec NAME=value node ...`, exit 127).
  it("the bin's first line is one npm's shims start as plain node: its shell shim runs, its .cmd starts node", async () => {
    const installed = path.join(prefix, ...(process.platform === 'win32' ? [] : ['lib']), 'node_modules', 'migration-doctor', 'dist', 'cli.js');
    const shim = path.join(temp, 'shims', 'migration-doctor');
    await npmCmdShim()(installed, shim);
    const version = await run('sh', [shim, '--version'], { cwd: project, env: env() });
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `${manifest.version}\n`);
    assert.match(fs.readFileSync(`${shim}.cmd`, 'utf8'), /SET "_prog=node"/);
  });

  it('lint finds nothing wrong in the fixture migrations and exits 0', async () => {
    const lint = await run(bin, ['lint', '--format', 'json'], { cwd: project, env: env() });
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    assert.deepEqual(JSON.parse(lint.stdout), []);
  });

  it('lint fails on the incident\'s file', async () => {
    fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'laravel-app', 'incident', `${migrationNames.notificationsTracking}.php`),
      path.join(temp, `${migrationNames.notificationsTracking}.php`));
    const lint = await run(bin, ['lint', '--format', 'json', path.join(temp, `${migrationNames.notificationsTracking}.php`)], { cwd: project, env: env() });
    assert.equal(lint.code, 1, lint.stdout + lint.stderr);
    assert.deepEqual((JSON.parse(lint.stdout) as { rule: string }[]).map((f) => f.rule), ['name-table-mismatch']);
  });

  it('status shows the incident\'s states and exits 1', async () => {
    const status = await run(bin, ['status', ...connection(), '--json'], { cwd: project, env: env() });
    assert.equal(status.code, 1, status.stderr);
    const states = new Map((JSON.parse(status.stdout) as { migrations: { name: string; state: string }[] }).migrations.map((m) => [m.name, m.state]));
    assert.equal(states.get(migrationNames.notificationsTracking), 'ran-table-missing');
    assert.equal(states.get(migrationNames.transactionsTracking), 'pending-table-exists');
  });

  it('repair --plan prints the SQL, changes nothing and exits 1', async () => {
    const plan = await run(bin, ['repair', '--plan', ...connection()], { cwd: project, env: env() });
    assert.equal(plan.code, 1, plan.stderr);
    assert.match(plan.stdout, /CREATE TABLE `eklektik_notifications_tracking`/);
    const again = await run(bin, ['status', ...connection(), '--json'], { cwd: project, env: env() });
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stdout, /ran-table-missing/);
  });

  it('repair --apply repairs, and says why the backup is the built-in dump although mysqldump is enabled', async () => {
    const applied = await run(bin, ['repair', '--apply', '--yes', '--backup-dir', path.join(temp, 'backups'), ...connection()], { cwd: project, env: env() });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    // The only table to back up is the one the repair creates: mysqldump has nothing to dump.
    assert.match(applied.stdout, /\(built-in, checked\)\.\n {2}No table to back up exists \(the repair creates them, or touches none\), so mysqldump had nothing to dump/);
  });
});
