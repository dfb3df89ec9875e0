// The oracles of every Laravel version the tests compare with: 8.83 is the fixture app's real
// artisan on Debian's framework; 11, 12 and 13 are the framework's own migrator, run by our
// test/support/php/migrator.php from the newest v11/v12/v13 tag of a local clone of
// github.com/laravel/framework, extracted on first use into a git-ignored folder.

import { execFileSync, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { TranslateOptions } from '../../src/core/translate';
import { testServer } from './database';
import { artisan, ArtisanResult, laravelMigrationsDir, LaravelStatusRow, parseMigrateStatus, phpBinary, repoRoot } from './laravel';

export type LaravelVersion = '8.83' | '11' | '12' | '13';
/** Every oracle, oldest first. */
export const laravelVersions: readonly LaravelVersion[] = ['8.83', '11', '12', '13'];
/** `mariadb` is a driver of its own from Laravel 11 on. */
export type LaravelDriver = 'mysql' | 'mariadb';
export type LaravelCommand = 'migrate' | 'status' | 'rollback';

export interface LaravelRunOptions {
  readonly database: string;
  /** The migration folders (Laravel sorts the files of all of them by name); default: the fixture app's (8.83: and its packages'). */
  readonly migrationsPath?: string | readonly string[];
  readonly driver?: LaravelDriver;
  /** The database of the connection named 'other', on the same server (8.83: the fixture app's 'other' connection). */
  readonly otherDatabase?: string;
  /** The name of the default connection (11+ only, default 'default'; 8.83: the fixture app's 'mysql'). */
  readonly defaultConnection?: string;
  /** The connection's table prefix (11+ only; 8.83 uses the fixture app's config). */
  readonly prefix?: string;
  readonly prefixIndexes?: boolean;
  /** The connection's `strict` (11+ only, default true; 8.83 uses the fixture app's config). */
  readonly strict?: boolean;
  /** Default 120 s. */
  readonly timeoutMs?: number;
  /** Extra environment for artisan (8.83: an app's services) or the migrator. */
  readonly env?: NodeJS.ProcessEnv;
  /** 8.83 only: another fixture app to run artisan in. */
  readonly appDir?: string;
  /**
   * 11+ only: an app's config folder, whose plain files config() then answers from (see
   * test/support/php/appConfig.php; 8.83 takes it as MD_APP_CONFIG with appServicesEnv()).
   */
  readonly appConfig?: string;
}

export interface LaravelRunError {
  /** The server's error number (1050 …), when the server refused. */
  readonly code?: number;
  readonly sqlState?: string;
  readonly message: string;
  /** The migration that failed, when one did. */
  readonly migration?: string;
}

export interface LaravelRun {
  readonly version: LaravelVersion;
  readonly command: LaravelCommand;
  readonly ok: boolean;
  /** The migrations this command ran (migrate) or rolled back (rollback, latest first). */
  readonly migrations: readonly string[];
  /** `status` only: one row per migration file, in Laravel's order. */
  readonly status?: readonly LaravelStatusRow[];
  readonly error?: LaravelRunError;
  /** What the process printed, for failure messages. */
  readonly output: string;
}

const defaultMirror = '/work/.mirror/laravel+framework/repo';
// Hashing: the bcrypt() and Hash that real histories seed users with; Log: the Logger behind the
// `log` binding; Config: the Repository that config() reads with dots, as an application's does.
const frameworkDirs = ['Collections', 'Conditionable', 'Config', 'Container', 'Contracts', 'Database', 'Events', 'Filesystem', 'Hashing', 'Log', 'Macroable', 'Reflection', 'Support'];
// The folder names the list it holds: test processes of checkouts with another list (each
// extracts beside the others) never remove a copy another one is running from.
const listKey = createHash('sha1').update(`${frameworkDirs.join(' ')} +config`).digest('hex').slice(0, 8);
const runnerScript = path.join(repoRoot, 'test', 'support', 'php', 'migrator.php');
const cacheRoot = path.join(repoRoot, '.vscode-test');
const completeMarker = '.extracted';

/** The bare git directory of github.com/laravel/framework (MD_LARAVEL_FRAMEWORK_GIT). */
export function frameworkMirror(env: NodeJS.ProcessEnv = process.env): string {
  return env.MD_LARAVEL_FRAMEWORK_GIT || defaultMirror;
}

function newestTag(tags: readonly string[]): string | undefined {
  const parts = (tag: string) => tag.slice(1).split('.').map(Number);
  return [...tags].sort((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  }).at(-1);
}

function cachedTags(major: string): string[] {
  if (!fs.existsSync(cacheRoot)) return [];
  return fs
    .readdirSync(cacheRoot)
    .filter((entry) => new RegExp(`^laravel-v${major}\\.\\d+\\.\\d+-${listKey}$`).test(entry) && fs.existsSync(path.join(cacheRoot, entry, completeMarker)))
    .map((entry) => entry.slice('laravel-'.length, -`-${listKey}`.length));
}

const tagsByMajor = new Map<string, string | undefined>();

/** The newest release tag of a major version: from the mirror, else from an earlier extraction. */
function releaseTag(major: string): string | undefined {
  if (!tagsByMajor.has(major)) {
    let tags: string[] = [];
    if (fs.existsSync(frameworkMirror())) {
      const listed = execFileSync('git', ['--git-dir', frameworkMirror(), 'tag', '-l', `v${major}.*`], { encoding: 'utf8' });
      tags = listed.split('\n').filter((tag) => /^v\d+\.\d+\.\d+$/.test(tag));
    }
    tagsByMajor.set(major, newestTag(tags.length > 0 ? tags : cachedTags(major)));
  }
  return tagsByMajor.get(major);
}

/** Why `version` cannot run here, or undefined when it can (8.83: see requireOracle in laravel.ts). */
export function laravelVersionProblem(version: LaravelVersion): string | undefined {
  if (version === '8.83') return undefined;
  if (releaseTag(version)) return undefined;
  const mirror = frameworkMirror();
  return fs.existsSync(mirror)
    ? `The Laravel framework clone at ${mirror} has no v${version}.* tag.`
    : `Laravel ${version} cannot run: no clone of github.com/laravel/framework at ${mirror} (get one with the search tool's \`fetch github:laravel/framework\`, or point MD_LARAVEL_FRAMEWORK_GIT at a bare clone).`;
}

/**
 * Marks the running test (or hook) pending, with the reason in its title, when `version`
 * cannot run here: the one case where a test may be skipped, since the framework's source is
 * fetched, never part of the repository.
 */
export function skipWithoutLaravel(context: Mocha.Context, version: LaravelVersion): void {
  const problem = laravelVersionProblem(version);
  if (!problem) return;
  const runnable = context.currentTest ?? context.test;
  if (runnable) runnable.title += ` (pending: ${problem})`;
  console.warn(problem);
  context.skip();
}

/** The tag `version` runs (e.g. v12.67.0), or '8.83' for Debian's. */
export function laravelRelease(version: LaravelVersion): string {
  if (version === '8.83') return version;
  const tag = releaseTag(version);
  if (!tag) throw new Error(laravelVersionProblem(version));
  return tag;
}

/** The extracted framework of `version` (11, 12 or 13), extracting it from the clone on first use. */
export function frameworkDir(version: Exclude<LaravelVersion, '8.83'>): string {
  const tag = laravelRelease(version);
  const target = path.join(cacheRoot, `laravel-${tag}-${listKey}`);
  // The marker lists the folders, so an extraction made with a shorter list is made again.
  const marker = `${tag}\n${frameworkDirs.join(' ')} +config\n`;
  const markerPath = path.join(target, completeMarker);
  if (fs.existsSync(markerPath) && fs.readFileSync(markerPath, 'utf8') === marker) return target;
  if (fs.existsSync(target)) {
    const outdated = `${target}.outdated-${process.pid}`;
    try {
      fs.renameSync(target, outdated);
    } catch {
      // Another test process moved it first.
    }
    fs.rmSync(outdated, { recursive: true, force: true });
  }

  fs.mkdirSync(cacheRoot, { recursive: true });
  // Extracted beside the target and renamed into place, so concurrent test processes never see half a copy.
  const staging = fs.mkdtempSync(path.join(cacheRoot, `.laravel-${tag}-`));
  try {
    const git = (args: string[]) => execFileSync('git', ['--git-dir', frameworkMirror(), ...args], { maxBuffer: 256 * 1024 * 1024 });
    const tree = git(['ls-tree', '--name-only', `${tag}:src/Illuminate`]).toString('utf8').split('\n');
    for (const dir of frameworkDirs.filter((name) => tree.includes(name))) {
      // `TAG:DIR` as the tree, not a pathspec: the clone may lack large blobs elsewhere in the tree.
      const archive = git(['archive', `--prefix=src/Illuminate/${dir}/`, `${tag}:src/Illuminate/${dir}`]);
      execFileSync('tar', ['-x', '-C', staging], { input: archive });
    }
    // The framework's own config/*.php (11+): an application's configuration is merged over them.
    if (git(['ls-tree', '--name-only', tag]).toString('utf8').split('\n').includes('config')) {
      const archive = git(['archive', '--prefix=config/', `${tag}:config`]);
      execFileSync('tar', ['-x', '-C', staging], { input: archive });
    }
    for (const file of ['composer.json', 'LICENSE.md']) {
      fs.writeFileSync(path.join(staging, file), git(['show', `${tag}:${file}`]));
    }
    fs.writeFileSync(path.join(staging, completeMarker), marker);
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      if (!fs.existsSync(path.join(target, completeMarker))) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

function folders(options: LaravelRunOptions): string[] {
  const given = options.migrationsPath ?? laravelMigrationsDir;
  return (typeof given === 'string' ? [given] : [...given]).map((dir) => path.resolve(dir));
}

/** The server's error as Laravel 8 prints it: `SQLSTATE[42S01]: Base table or view already exists: 1050 …`. */
function serverError(output: string): Pick<LaravelRunError, 'code' | 'sqlState'> {
  const match = output.match(/SQLSTATE\[(\w+)\](?:: [^:\n]*: (\d+)| \[(\d+)\])/);
  if (!match) return {};
  return { sqlState: match[1], code: Number(match[2] ?? match[3]) };
}

function namesAfter(output: string, label: string): string[] {
  return [...output.matchAll(new RegExp(`^${label}:\\s+(\\S+)`, 'gm'))].map((match) => match[1]);
}

async function runArtisan(command: LaravelCommand, options: LaravelRunOptions): Promise<LaravelRun> {
  if (options.driver === 'mariadb') throw new Error("Laravel 8.83 has no 'mariadb' driver (it came with Laravel 11).");
  if (options.prefix) throw new Error('The 8.83 oracle uses the fixture app\'s config, which has no table prefix.');
  const args = {
    migrate: ['migrate', '--force'],
    status: ['migrate:status'],
    rollback: ['migrate:rollback', '--force'],
  }[command];
  // Without a folder, artisan reads the app's own and those its packages register.
  const paths = options.migrationsPath === undefined ? [] : [...folders(options).map((dir) => `--path=${dir}`), '--realpath'];
  const result: ArtisanResult = await artisan(options.database, [...args, ...paths], {
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.env || options.otherDatabase ? { env: { ...options.env, ...(options.otherDatabase ? { DB_OTHER_DATABASE: options.otherDatabase } : {}) } } : {}),
    ...(options.appDir ? { appDir: options.appDir } : {}),
  });
  const output = result.stdout + result.stderr;
  // Stopped by the time limit: the last `Migrating:` line names where it was, not a refusal.
  if (result.signal) throw new Error(`Laravel 8.83's artisan (${command}) was stopped by ${result.signal} (its time limit: ${(options.timeoutMs ?? 120_000) / 1000} s): ${output.trim().slice(-500)}`);
  const ok = result.code === 0;
  const started = namesAfter(output, 'Migrating');
  const migrated = namesAfter(output, 'Migrated');
  const error: LaravelRunError | undefined = ok
    ? undefined
    : {
        ...serverError(output),
        message: (output.match(/SQLSTATE[^\n]*/)?.[0] ?? output.trim().split('\n')[0] ?? `exit ${result.code}`).trim(),
        migration: command === 'migrate' ? started.find((name) => !migrated.includes(name)) : undefined,
      };
  return {
    version: '8.83',
    command,
    ok,
    migrations: command === 'rollback' ? namesAfter(output, 'Rolled back') : migrated,
    status: command === 'status' && ok ? parseMigrateStatus(result.stdout) : undefined,
    error,
    output,
  };
}

interface RunnerAnswer {
  readonly migrations: string[];
  readonly status?: LaravelStatusRow[];
  readonly error?: { code: number | null; sqlState: string | null; message: string; migration: string | null };
}

function runMigrator(version: Exclude<LaravelVersion, '8.83'>, command: LaravelCommand, options: LaravelRunOptions): Promise<LaravelRun> {
  const server = testServer();
  const request = {
    framework: frameworkDir(version),
    command,
    paths: folders(options),
    migrationsTable: 'migrations',
    ...(options.otherDatabase ? { otherConnections: { other: options.otherDatabase } } : {}),
    ...(options.defaultConnection ? { defaultConnection: options.defaultConnection } : {}),
    ...(options.appConfig ? { appConfig: path.resolve(options.appConfig) } : {}),
    connection: {
      driver: options.driver ?? 'mysql',
      host: server.host,
      port: server.port,
      database: options.database,
      username: server.user,
      password: server.password,
      prefix: options.prefix ?? '',
      prefix_indexes: options.prefixIndexes ?? true,
      strict: options.strict ?? true,
    },
  };
  return new Promise((resolve, reject) => {
    // The request travels on stdin, so no path or name ever becomes an option of php.
    // The answer comes on a channel of its own (fd 3): what the migrations print is not the answer.
    const child = spawn(phpBinary, [runnerScript], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    });
    let stdout = '';
    let stderr = '';
    let answered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => (answered += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal) {
        reject(new Error(`Laravel ${version}'s migrator (${command}) was stopped by ${signal} (its time limit: ${(options.timeoutMs ?? 120_000) / 1000} s): ${(stdout + stderr).trim().slice(-500)}`));
        return;
      }
      let answer: RunnerAnswer;
      try {
        answer = JSON.parse(answered) as RunnerAnswer;
      } catch {
        reject(new Error(`Laravel ${version}'s migrator (${command}) exited with ${code} without an answer: ${(stdout + stderr).trim().slice(0, 2000)}`));
        return;
      }
      if (code === 2) {
        reject(new Error(`Laravel ${version}'s migrator refused the request: ${answer.error?.message}`));
        return;
      }
      const error = answer.error;
      resolve({
        version,
        command,
        ok: code === 0,
        migrations: answer.migrations,
        status: answer.status,
        error: error
          ? { code: error.code ?? undefined, sqlState: error.sqlState ?? undefined, message: error.message, migration: error.migration ?? undefined }
          : undefined,
        output: stdout + stderr,
      });
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/**
 * Runs `migrate`, `status` or `rollback` with Laravel `version` against `options.database`;
 * never throws on a refused migration (see `ok` and `error`), only when the oracle cannot run.
 */
export function runLaravel(version: LaravelVersion, command: LaravelCommand, options: LaravelRunOptions): Promise<LaravelRun> {
  return version === '8.83' ? runArtisan(command, options) : runMigrator(version, command, options);
}

/**
 * The driver of the default connection as Laravel `version` (11+) reads the app's config/database.php
 * at boot: its .env through phpdotenv, then the file's env() calls (test/support/php/config.php).
 * `env`: the process environment (Laravel's env() prefers it to the .env).
 */
export function laravelConfigDriver(version: Exclude<LaravelVersion, '8.83'>, appDir: string, env: NodeJS.ProcessEnv = {}): unknown {
  const script = path.join(repoRoot, 'test', 'support', 'php', 'config.php');
  const out = execFileSync(phpBinary, [script, frameworkDir(version), appDir], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return (JSON.parse(out) as { driver: unknown }).driver;
}

/** Like `runLaravel`, but throws when Laravel or the server refused. */
export async function runLaravelOk(version: LaravelVersion, command: LaravelCommand, options: LaravelRunOptions): Promise<LaravelRun> {
  const run = await runLaravel(version, command, options);
  if (!run.ok) {
    throw new Error(`Laravel ${version} ${command} failed${run.error?.code ? ` with ${run.error.code}` : ''}: ${run.error?.message ?? run.output.slice(0, 2000)}`);
  }
  return run;
}

/** The translation options that match an oracle run: that version's grammar and driver, no prefix by default. */
export function translateOptionsFor(version: LaravelVersion,
  options: Pick<LaravelRunOptions, 'driver' | 'prefix' | 'prefixIndexes' | 'defaultConnection'> & Pick<TranslateOptions, 'server'> = {}): TranslateOptions {
  return {
    tablePrefix: options.prefix ?? '',
    ...(options.prefixIndexes === undefined ? {} : { prefixIndexes: options.prefixIndexes }),
    // The oracle's default connection: the fixture app's 'mysql' (8.83), else the runner's name for it.
    laravel: { version, driver: options.driver ?? 'mysql', defaultConnection: version === '8.83' ? 'mysql' : options.defaultConnection ?? 'default' },
    // Status and repair ask the server themselves; a caller translating alone says which it is.
    ...(options.server === undefined ? {} : { server: options.server }),
  };
}
