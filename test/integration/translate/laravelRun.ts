// Shared by the translation's oracle tests: small histories written as migration files, run
// by the real Laravel into a fresh database, then compared with what the translation expects
// and with what status says.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { openDatabase } from '../../../src/core/db/database';
import { takeSnapshot } from '../../../src/core/status/engine';
import { structurePort } from '../../../src/core/status/structurePort';
import { compareTables, isMariaDb, readLiveTables } from '../../../src/core/structure';
import { buildExpectedCatalog, type LaravelTarget, type TranslateOptions, translateMigrations } from '../../../src/core/translate';
import { createTestDatabase, listTables, type TestDatabase } from '../../support/database';
import { laravelAppDir } from '../../support/laravel';
import { type LaravelDriver, laravelRelease, type LaravelVersion, runLaravel } from '../../support/laravelVersions';
import { type History, writeMigrationHistory } from '../../support/migrationHistory';

export { migrationSource, type History } from '../../support/migrationHistory';

export function writeHistory(history: History): string {
  return writeMigrationHistory(history, 'md-translate-history-');
}

/** A real Laravel that runs a migrations folder into a database; throws with Laravel's output when a migration fails. */
export interface LaravelRunner {
  readonly version: LaravelVersion;
  readonly driver: LaravelDriver;
  /** The connection's table prefix ('' unless given). */
  readonly prefix: string;
  /** What the translation is told: the release the oracle runs. */
  target(): LaravelTarget;
  /** `env`: more environment for Laravel (a PHP_INI_SCAN_DIR that loads an app's classes). */
  migrate(database: string, folder: string, env?: NodeJS.ProcessEnv): Promise<void>;
}

export function laravelRunner(version: LaravelVersion, driver: LaravelDriver = 'mysql', prefix = ''): LaravelRunner {
  return {
    version,
    driver,
    prefix,
    target: () => ({ version: laravelRelease(version), driver }),
    async migrate(database, folder, env) {
      const app = version === '8.83' && prefix !== '' ? prefixedApp(prefix) : undefined;
      try {
        const options = { database, migrationsPath: folder, driver, ...(app ? { appDir: app } : prefix !== '' ? { prefix } : {}), ...(env ? { env } : {}) };
        const run = await runLaravel(version, 'migrate', options);
        if (!run.ok) throw new Error(`Laravel ${version} (${driver}) failed in ${run.error?.migration ?? '?'}: ${run.error?.message ?? run.output.slice(0, 2000)}`);
      } finally {
        if (app) fs.rmSync(app, { recursive: true, force: true });
      }
    },
  };
}

/** A copy of the 8.83 fixture app whose connection has the table prefix `prefix`. */
function prefixedApp(prefix: string): string {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'md-prefixed-app-'));
  for (const entry of ['artisan', 'bootstrap', 'config', 'storage']) fs.cpSync(path.join(laravelAppDir, entry), path.join(app, entry), { recursive: true });
  const config = path.join(app, 'config', 'database.php');
  const original = fs.readFileSync(config, 'utf8');
  const patched = original.replace("'prefix' => '',", `'prefix' => '${prefix}',`);
  assert.notStrictEqual(patched, original, 'the fixture config/database.php changed shape');
  fs.writeFileSync(config, patched);
  return app;
}

export const laravel8 = laravelRunner('8.83');

export interface Built {
  readonly db: TestDatabase;
  readonly migrations: MigrationFile[];
  readonly options: TranslateOptions;
}

/** Runs `history` (or the migrations already in `written`) with the real Laravel into a new database (the caller drops it). */
export async function buildWithLaravel(runner: LaravelRunner, history: History, prefix = 'md_translate_repro', written?: string): Promise<Built> {
  const dir = written ?? writeHistory(history);
  try {
    const db = await createTestDatabase(prefix);
    try {
      await runner.migrate(db.name, dir);
      const migrations = await loadMigrations([dir]);
      return { db, migrations, options: { tablePrefix: runner.prefix, laravel: runner.target(), server: await serverKind(db) } };
    } catch (error) {
      await db.drop();
      throw error;
    }
  } finally {
    if (!written) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function serverKind(db: TestDatabase): Promise<'mariadb' | 'mysql'> {
  const connection = await db.open();
  try {
    return (await isMariaDb(connection)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.close();
  }
}

/**
 * What the translation gets wrong about the database Laravel built: tables it expects that
 * are not there (or the reverse), tables it cannot know, and every structure difference.
 */
export async function translationDifferences({ db, migrations, options }: Built): Promise<string[]> {
  const { tables, unknown } = translateMigrations(migrations, options);
  const problems = [...unknown.values()].map((u) => `${u.name}: unknown (${u.reason})`);
  const live = (await listTables(db.name)).filter((t) => t !== `${options.tablePrefix}migrations`).sort();
  const expected = [...tables.keys()].sort();
  if (JSON.stringify(expected) !== JSON.stringify(live)) problems.push(`tables: expected ${expected.join(', ')}; Laravel built ${live.join(', ')}`);
  const connection = await db.open();
  try {
    const models = await readLiveTables(connection, expected);
    for (const table of tables.values()) {
      const model = models.get(table.name);
      if (!model) continue;
      for (const d of compareTables(table.model, model)) problems.push(`${table.name}: ${d.explanation}`);
    }
  } finally {
    await connection.close();
  }
  return problems;
}

/** Migrations that status does not call `ran`, with their state and problems. */
export async function statusProblems({ db, migrations, options }: Built): Promise<string[]> {
  const connection = await openDatabase({ ...db.options, tablePrefix: options.tablePrefix });
  try {
    const snapshot = await takeSnapshot(connection, {
      migrations,
      catalog: (recorded) => buildExpectedCatalog(migrations.filter((m) => recorded.has(m.name)), [], options),
      structure: structurePort(),
    });
    return snapshot.migrations
      .filter((m) => m.state !== 'ran')
      .map((m) => `${m.name}: ${m.state} ${m.problems.map((p) => p.message).join(' ')}`);
  } finally {
    await connection.close();
  }
}

/** The whole check: Laravel runs the history, the translation equals information_schema and status says `ran` everywhere. */
export async function assertExact(runner: LaravelRunner, history: History): Promise<void> {
  const built = await buildWithLaravel(runner, history);
  try {
    assert.deepStrictEqual(await translationDifferences(built), [], 'the translation equals what Laravel built');
    assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
  } finally {
    await built.db.drop();
  }
}
