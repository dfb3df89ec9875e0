// The oracle: the real `php artisan` of the fixture Laravel 8 app, run against a given
// database. Tests compare the product with what Laravel itself does and prints.

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { testServer, withServer } from './database';

// Found by walking up, so the same code works from test/support and from out/test/support.
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'test', 'fixtures', 'laravel-app', 'artisan'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`test/fixtures/laravel-app not found above ${from}.`);
    }
  }
}

/**
 * The repository (found from test/support or out/test/support; an editor run, whose compiled
 * suites are a copy outside it, says where it is in MD_TEST_REPO_ROOT).
 */
export const repoRoot = process.env.MD_TEST_REPO_ROOT ? path.resolve(process.env.MD_TEST_REPO_ROOT) : findRepoRoot(__dirname);

/**
 * The fixture app. In an editor run, the copy of it that scripts/test-vscode.mjs opened
 * (MD_TEST_APP_DIR): artisan then reads the same migrations as the workspace, and the
 * committed fixture is never written to.
 */
export const laravelAppDir = process.env.MD_TEST_APP_DIR ? path.resolve(process.env.MD_TEST_APP_DIR) : path.join(repoRoot, 'test', 'fixtures', 'laravel-app');
/**
 * A copy of the fixture app (its config, .env and artisan) whose database/migrations holds only
 * `migrations` (file name without .php → text), in a fresh temporary folder the caller removes.
 */
export function fixtureAppWith(prefix: string, migrations: Readonly<Record<string, string>>): string {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(laravelAppDir, app, { recursive: true });
  const folder = path.join(app, 'database', 'migrations');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder);
  for (const [name, text] of Object.entries(migrations)) fs.writeFileSync(path.join(folder, `${name}.php`), text);
  return app;
}

/** artisan's environment with none of the DB_ variables the tests usually give it: the app's .env alone decides. */
export const appEnvOnly: NodeJS.ProcessEnv = { DB_CONNECTION: undefined, DB_HOST: undefined, DB_PORT: undefined, DB_DATABASE: undefined, DB_USERNAME: undefined, DB_PASSWORD: undefined, DB_SOCKET: undefined };

/** The corrected migrations, as the team's repository holds them after the fix. */
export const laravelMigrationsDir = path.join(laravelAppDir, 'database', 'migrations');
/** The buggy 011532 as it was shipped: same file name, `up()` creates eklektik_transactions_tracking. */
export const incidentMigrationsDir = path.join(laravelAppDir, 'incident');

export const migrationNames = {
  users: '2014_10_12_000000_create_users_table',
  failedJobs: '2019_08_19_000000_create_failed_jobs_table',
  transactionsHistory: '2025_01_15_093000_create_transactions_history_table',
  addOperator: '2025_03_04_101500_add_operator_to_transactions_history_table',
  notificationsTracking: '2025_09_23_011532_create_eklektik_notifications_tracking_table',
  transactionsTracking: '2025_09_23_120134_create_eklektik_transactions_tracking_table',
} as const;

/** Every fixture migration name, in Laravel's (file name) order. */
export function fixtureMigrationNames(): string[] {
  return fs
    .readdirSync(laravelMigrationsDir)
    .filter((file) => file.endsWith('.php'))
    .map((file) => file.slice(0, -'.php'.length))
    .sort();
}

export interface ArtisanResult {
  readonly args: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that ended artisan: only the time limit sends one. */
  readonly signal?: NodeJS.Signals;
}

export interface ArtisanOptions {
  /** A folder of migrations used instead of database/migrations (passed as `--path DIR --realpath`). */
  readonly migrationsPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Another fixture app to run artisan in (default: laravelAppDir). */
  readonly appDir?: string;
}

export const phpBinary = process.env.PHP_BINARY ?? 'php';

const cacheDirs = new Map<string, string>();

// Laravel writes its provider/package manifests under bootstrap/cache; one private folder per
// test process and app keeps concurrent runs from sharing those files, leaves the fixture
// untouched, and one app's package manifest from being read for another.
function privateCacheDir(appDir: string): string {
  let dir = cacheDirs.get(appDir);
  if (!dir) {
    const created = fs.mkdtempSync(path.join(os.tmpdir(), 'md-laravel-cache-'));
    process.once('exit', () => fs.rmSync(created, { recursive: true, force: true }));
    cacheDirs.set(appDir, (dir = created));
  }
  return dir;
}

function artisanEnv(database: string, appDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const server = testServer();
  const cache = privateCacheDir(appDir);
  // Real environment variables win over the app's .env in Laravel, so the fixture .env stays the demo's.
  return {
    ...process.env,
    APP_ENV: 'local',
    DB_CONNECTION: 'mysql',
    DB_HOST: server.host,
    DB_PORT: String(server.port),
    DB_DATABASE: database,
    DB_USERNAME: server.user,
    DB_PASSWORD: server.password,
    LOG_CHANNEL: 'none',
    // Symfony wraps error blocks at the terminal width (80 without a tty); keep messages on one line.
    COLUMNS: '1000',
    APP_SERVICES_CACHE: path.join(cache, 'services.php'),
    APP_PACKAGES_CACHE: path.join(cache, 'packages.php'),
    APP_CONFIG_CACHE: path.join(cache, 'config.php'),
    APP_ROUTES_CACHE: path.join(cache, 'routes.php'),
    APP_EVENTS_CACHE: path.join(cache, 'events.php'),
    ...extra,
  };
}

/** Runs `php artisan ARGS` in the fixture app against `database`; never throws on a non-zero exit. */
export function artisan(database: string, args: readonly string[], options: ArtisanOptions = {}): Promise<ArtisanResult> {
  const fullArgs = [...args, '--no-interaction'];
  if (options.migrationsPath) {
    fullArgs.push(`--path=${path.resolve(options.migrationsPath)}`, '--realpath');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(phpBinary, ['artisan', ...fullArgs], {
      cwd: options.appDir ?? laravelAppDir,
      env: artisanEnv(database, options.appDir ?? laravelAppDir, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(`'${phpBinary}' was not found: install PHP with apt-get install -y php-cli php-mysql php-laravel-framework.`)
          : error,
      );
    });
    child.on('close', (code, signal) => {
      resolve({ args: fullArgs, code: code ?? (signal ? 128 : 1), stdout, stderr, ...(signal ? { signal } : {}) });
    });
  });
}

export class ArtisanError extends Error {
  constructor(readonly result: ArtisanResult) {
    super(
      `php artisan ${result.args.join(' ')} exited with ${result.code}: ${(result.stdout + result.stderr).trim().slice(0, 2000)}`,
    );
  }
}

/** Like `artisan`, but throws an ArtisanError when the command fails. */
export async function artisanOk(database: string, args: readonly string[], options: ArtisanOptions = {}): Promise<ArtisanResult> {
  const result = await artisan(database, args, options);
  if (result.code !== 0) {
    throw new ArtisanError(result);
  }
  return result;
}

/** One row of Laravel 8's `migrate:status` table. */
export interface LaravelStatusRow {
  readonly name: string;
  readonly ran: boolean;
  /** null when pending (Laravel prints an empty cell). */
  readonly batch: number | null;
}

/** Parses the table printed by Laravel 8's `migrate:status` (`| Yes | name | 1 |`). */
export function parseMigrateStatus(stdout: string): LaravelStatusRow[] {
  const rows: LaravelStatusRow[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const cells = line.trim().match(/^\|(.*)\|$/)?.[1].split('|').map((cell) => cell.trim());
    if (!cells || cells.length !== 3 || cells[0] === 'Ran?') {
      continue;
    }
    const [ran, name, batch] = cells;
    if (ran !== 'Yes' && ran !== 'No') {
      throw new Error(`Unexpected migrate:status line: ${line}`);
    }
    rows.push({ name, ran: ran === 'Yes', batch: batch === '' ? null : Number(batch) });
  }
  return rows;
}

/** What the real `php artisan migrate:status` says about `database`; throws (ArtisanError) when it fails. */
export async function migrateStatus(database: string, options: ArtisanOptions = {}): Promise<LaravelStatusRow[]> {
  const result = await artisanOk(database, ['migrate:status'], options);
  return parseMigrateStatus(result.stdout);
}

/** Runs `work` with a temporary migrations folder holding the given files. */
export async function withMigrationsFolder<T>(files: readonly string[], work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-migrations-'));
  try {
    for (const file of files) {
      fs.copyFileSync(file, path.join(dir, path.basename(file)));
    }
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function correctedFiles(names: readonly string[]): string[] {
  return names.map((name) => path.join(laravelMigrationsDir, `${name}.php`));
}

/** The migrations folder as it was before the fix: everything up to 011532, with the buggy 011532. */
export function preFixMigrationFiles(): string[] {
  return fixtureMigrationNames()
    .filter((name) => name < migrationNames.transactionsTracking)
    .map((name) => {
      const buggy = path.join(incidentMigrationsDir, `${name}.php`);
      return fs.existsSync(buggy) ? buggy : path.join(laravelMigrationsDir, `${name}.php`);
    });
}

/** `php artisan migrate` of the corrected fixture folder; throws when it fails. */
export function migrateAll(database: string): Promise<ArtisanResult> {
  return artisanOk(database, ['migrate', '--force']);
}

/** Migrates only the named corrected migrations (one batch), e.g. one table and what it references. */
export function migrateOnly(database: string, names: readonly string[]): Promise<ArtisanResult> {
  const known = new Set(fixtureMigrationNames());
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    return Promise.reject(new Error(`Not fixture migrations: ${unknown.join(', ')}.`));
  }
  return withMigrationsFolder(correctedFiles(names), (dir) =>
    artisanOk(database, ['migrate', '--force'], { migrationsPath: dir }),
  );
}

export type Scenario =
  | 'empty'
  | 'fresh'
  | 'partly-migrated'
  | 'several-batches'
  | 'rolled-back'
  | 'incident'
  | 'incident-with-rows'
  | 'orphan-record'
  | 'schema-drift';

export const scenarios: readonly Scenario[] = [
  'empty',
  'fresh',
  'partly-migrated',
  'several-batches',
  'rolled-back',
  'incident',
  'incident-with-rows',
  'orphan-record',
  'schema-drift',
];

export interface ScenarioResult {
  readonly scenario: Scenario;
  /** Every artisan call made, in order. */
  readonly steps: readonly ArtisanResult[];
  /** For the incident scenarios: the corrected `migrate` that fails with 1050. */
  readonly failedMigrate?: ArtisanResult;
}

/** The rows 'incident-with-rows' writes: data the repair must not lose. */
export const incidentRows = {
  transactionsHistory: [
    { id: 1, msisdn: '21650000001', operator: 'orange', amount: '12.50', status: 'paid' },
    { id: 2, msisdn: '21650000002', operator: 'ooredoo', amount: '3.00', status: 'pending' },
    { id: 3, msisdn: '21650000003', operator: null, amount: '7.25', status: 'failed' },
  ],
  transactionsTracking: [
    { id: 1, transaction_id: 1, kpi_updated: 1, processing_batch_id: 'batch-2025-09-23-01', processing_metadata: '{"source":"kpi-job","attempt":1}' },
    { id: 2, transaction_id: 2, kpi_updated: 0, processing_batch_id: 'batch-2025-09-23-01', processing_metadata: null },
  ],
} as const;

/**
 * Brings `database` (which must exist and be empty) into a scenario with the real artisan:
 * - empty: nothing at all (no migrations table: "Migration table not found");
 * - fresh: `migrate:install` only, every migration pending;
 * - partly-migrated: users, failed_jobs, transactions_history ran in batch 1, the rest pending;
 * - several-batches: everything ran, in batches 1 (2 files), 2 (2 files) and 3 (both tracking tables);
 * - rolled-back: batches 1 (3 files) and 2 (the rest), then `migrate:rollback` undid batch 2;
 * - incident: the pre-fix folder migrated (batch 1, buggy 011532 created eklektik_transactions_tracking),
 *   then the corrected folder's `migrate` fails with 1050, 120134 pending;
 * - incident-with-rows: the incident plus rows in transactions_history and eklektik_transactions_tracking;
 * - orphan-record: everything ran in batch 1 together with a since-deleted migration (`orphanMigration`),
 *   whose row and table remain while its file is gone ("Migration not found" at rollback);
 * - schema-drift: everything ran in batch 1, then someone changed eklektik_notifications_tracking by hand
 *   (`driftStatements`: processing_batch_id widened to varchar(100), idx_processed_kpi dropped).
 */
export async function bringTo(database: string, scenario: Scenario): Promise<ScenarioResult> {
  const steps: ArtisanResult[] = [];
  const run = async (args: string[], options: ArtisanOptions = {}) => {
    const result = await artisanOk(database, args, options);
    steps.push(result);
    return result;
  };
  const migrateFirst = (count: number) =>
    withMigrationsFolder(correctedFiles(fixtureMigrationNames().slice(0, count)), (dir) =>
      run(['migrate', '--force'], { migrationsPath: dir }),
    );

  switch (scenario) {
    case 'empty':
      return { scenario, steps };
    case 'fresh':
      await run(['migrate:install']);
      return { scenario, steps };
    case 'partly-migrated':
      await migrateFirst(3);
      return { scenario, steps };
    case 'several-batches':
      await migrateFirst(2);
      await migrateFirst(4);
      await run(['migrate', '--force']);
      return { scenario, steps };
    case 'rolled-back':
      await migrateFirst(3);
      await run(['migrate', '--force']);
      await run(['migrate:rollback', '--force']);
      return { scenario, steps };
    case 'orphan-record': {
      await withMigrationsFolder(correctedFiles(fixtureMigrationNames()), async (dir) => {
        fs.writeFileSync(path.join(dir, `${orphanMigration.name}.php`), orphanMigration.source);
        await run(['migrate', '--force'], { migrationsPath: dir });
      });
      return { scenario, steps };
    }
    case 'schema-drift':
      await run(['migrate', '--force']);
      await withServer(async (connection) => {
        await connection.query(`USE \`${database}\``);
        for (const statement of driftStatements) {
          await connection.query(statement);
        }
      });
      return { scenario, steps };
    case 'incident':
    case 'incident-with-rows': {
      await withMigrationsFolder(preFixMigrationFiles(), (dir) => run(['migrate', '--force'], { migrationsPath: dir }));
      if (scenario === 'incident-with-rows') {
        await insertIncidentRows(database);
      }
      const failedMigrate = await artisan(database, ['migrate', '--force']);
      steps.push(failedMigrate);
      if (failedMigrate.code === 0 || !/\b1050\b/.test(failedMigrate.stdout + failedMigrate.stderr)) {
        throw new Error(`The corrected migrate should fail with 1050 but did not: ${new ArtisanError(failedMigrate).message}`);
      }
      return { scenario, steps, failedMigrate };
    }
  }
}

/** The migration of 'orphan-record': it ran, then its file was deleted from the repository. */
export const orphanMigration = {
  name: '2025_06_10_080000_create_legacy_reports_table',
  table: 'legacy_reports',
  source: `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::create('legacy_reports', function (Blueprint $table) {
            $table->id();
            $table->string('title');
            $table->timestamps();
        });
    }

    public function down()
    {
        Schema::dropIfExists('legacy_reports');
    }
};
`,
} as const;

/** The hand-made changes of 'schema-drift', on eklektik_notifications_tracking. */
export const driftStatements = [
  'ALTER TABLE eklektik_notifications_tracking MODIFY processing_batch_id varchar(100) NULL',
  'ALTER TABLE eklektik_notifications_tracking DROP INDEX idx_processed_kpi',
] as const;

async function insertIncidentRows(database: string): Promise<void> {
  await withServer(async (connection) => {
    await connection.query(`USE \`${database}\``);
    for (const row of incidentRows.transactionsHistory) {
      await connection.query(
        'INSERT INTO transactions_history (id, msisdn, operator, amount, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NOW(), NOW())',
        [row.id, row.msisdn, row.operator, row.amount, row.status],
      );
    }
    for (const row of incidentRows.transactionsTracking) {
      await connection.query(
        'INSERT INTO eklektik_transactions_tracking (id, transaction_id, kpi_updated, processing_batch_id, processing_metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NOW(), NOW())',
        [row.id, row.transaction_id, row.kpi_updated, row.processing_batch_id, row.processing_metadata],
      );
    }
  });
}

/** Why the oracle cannot run here (php, pdo_mysql or Laravel missing), or undefined when it can. */
/**
 * Throws the oracle's problem: the README's test command installs PHP and Laravel, so a
 * missing oracle is a broken machine and its tests must fail, never pass as skipped.
 */
export async function requireOracle(): Promise<void> {
  const problem = await oracleProblem();
  if (problem) throw new Error(problem);
}

export async function oracleProblem(): Promise<string | undefined> {
  const probe = await new Promise<{ code: number; out: string } | 'missing'>((resolve) => {
    const child = spawn(
      phpBinary,
      ['-r', "echo extension_loaded('pdo_mysql') ? 'pdo ' : '', is_file('/usr/share/php/Illuminate/autoload.php') ? 'laravel' : '';"],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', () => resolve('missing'));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
  const install = 'install it with: apt-get install -y php-cli php-mysql php-laravel-framework';
  if (probe === 'missing' || probe.code !== 0) {
    return `PHP ('${phpBinary}') is not available; ${install}.`;
  }
  if (!probe.out.includes('pdo')) {
    return `PHP has no pdo_mysql extension; ${install}.`;
  }
  if (!probe.out.includes('laravel')) {
    return `Debian's Laravel framework (/usr/share/php/Illuminate) is missing; ${install}.`;
  }
  return undefined;
}
