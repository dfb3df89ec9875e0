// The differential suite over real histories: each public application's migrations are run by
// the real Laravel into a fresh MariaDB database, and then the product must call that healthy
// database healthy: every migration `ran`, no problem state, every table's expected structure
// equal to information_schema (or `unknown` with a reason), and an empty repair plan.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Database } from '../../../src/core/db/database';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import type { RepairPlan } from '../../../src/core/repair/types';
import type { StatusSnapshot } from '../../../src/core/status/types';
import { readLiveTables } from '../../../src/core/structure/live';
import type { StructureDifference } from '../../../src/core/structure/model';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, migrationRows, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, skipWithoutLaravel, translateOptionsFor, type LaravelRun } from '../../support/laravelVersions';
import { appServicesEnv, extraApps, extractMigrations, mirrorProblem, type ExtractedMigrations, type RealApp } from '../../support/realApps';
import { realApps } from './apps';

// MD_REAL_APPS_EXTRA=apps.json runs the apps of that file instead of apps.ts (see docs/test-bed.md).
const extraFile = process.env.MD_REAL_APPS_EXTRA;
const suiteApps: readonly RealApp[] = extraFile ? extraApps(extraFile) : realApps;
/** How many files an app of MD_REAL_APPS_EXTRA may have set aside before it counts as failed. */
const automaticBound = Number(process.env.MD_REAL_APPS_MAX_SET_ASIDE || 60);
/** How long one run of a history may take: a large one (200 files and more) on a loaded machine needs minutes. */
const runLimitMs = 600_000;

interface TableVerdict {
  readonly table: string;
  readonly unknown?: string;
  readonly differences: readonly (StructureDifference | string)[];
}

interface AppRun {
  readonly ranByLaravel: readonly string[];
  readonly snapshot: StatusSnapshot;
  readonly plan: RepairPlan;
  readonly tables: readonly TableVerdict[];
}

/** Every live table against the catalog of the recorded migrations, as status builds it. */
async function compareEveryTable(db: Database, snapshot: StatusSnapshot, inputs: Awaited<ReturnType<typeof loadRepairInputs>>): Promise<TableVerdict[]> {
  const recorded = new Set(snapshot.migrations.filter((m) => m.batch !== null).map((m) => m.name));
  const catalog = typeof inputs.status.catalog === 'function' ? inputs.status.catalog(recorded, snapshot.server) : inputs.status.catalog;
  const tables = [...snapshot.liveTables].filter((t) => t !== snapshot.migrationsTable).sort();
  const live = await readLiveTables(db, tables);
  const namedByMigration = new Set(snapshot.migrations.filter((m) => recorded.has(m.name)).flatMap((m) => m.tables));
  const verdicts: TableVerdict[] = [];
  for (const table of tables) {
    const unknown = catalog.unknown.get(table);
    const expected = catalog.tables.get(table);
    if (unknown) verdicts.push({ table, unknown: unknown.reason, differences: [] });
    else if (!expected && !namedByMigration.has(table)) {
      // Created under a name the files do not spell (config, a variable): nothing can be expected of it.
      verdicts.push({ table, unknown: 'no migration creates it under a literal name', differences: [] });
    } else if (!expected) verdicts.push({ table, differences: ['a recorded migration creates it, but the catalog has no structure for it'] });
    else {
      const model = live.get(table);
      const differences = model ? inputs.status.structure.compare(expected.model, model) : ['not read'];
      verdicts.push({ table, differences });
    }
  }
  for (const table of catalog.tables.keys()) {
    if (!snapshot.liveTables.has(table)) verdicts.push({ table, differences: ['expected by the catalog, absent on the server'] });
  }
  return verdicts;
}

function describeDifference(difference: StructureDifference | string): string {
  return typeof difference === 'string' ? difference : difference.explanation;
}

/** Laravel 8.83 (mysql driver), Laravel 12 with the mysql driver, and with its own mariadb driver. */
type Oracle = '8.83' | '12' | '12 mariadb';

function driverOf(oracle: Oracle): 'mysql' | 'mariadb' {
  return oracle === '12 mariadb' ? 'mariadb' : 'mysql';
}

function migrate(oracle: Oracle, migrations: ExtractedMigrations, test: TestDatabase): Promise<LaravelRun> {
  const options = { database: test.name, migrationsPath: migrations.dir, timeoutMs: runLimitMs };
  const run = oracle === '8.83'
    ? runLaravel('8.83', 'migrate', { ...options, env: appServicesEnv() })
    : runLaravel('12', 'migrate', { ...options, driver: driverOf(oracle) });
  // A PHP fatal error (a trait of the app's own, say) ends the migrator before it answers: a
  // refusal like any other, whose message names the file it stopped in.
  return run.catch((error: Error) => {
    if (!/without an answer/.test(error.message)) throw error;
    const message = error.message.replace(/^.*?without an answer: /s, '');
    return { version: oracle === '8.83' ? '8.83' : '12', command: 'migrate', ok: false, migrations: [], error: { message }, output: message } satisfies LaravelRun;
  });
}

/** Laravel's own words for a refused migration, on one line. */
function failureReason(run: LaravelRun): string {
  let text = run.error?.message ?? '';
  if (run.version === '8.83' && !text.startsWith('SQLSTATE')) {
    // Artisan prints `Migrating: name` lines, then the exception; keep the exception's lines.
    const after = run.output.split(/^Migrating: \S+$/m).at(-1) ?? run.output;
    text = after.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^(In \S+ line \d+:|Migrated: |Migration table created successfully\.$|at |\d+\s+\S+\.php)/.test(line)).slice(0, 2).join(' ');
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line || `exit without a message: ${run.output.trim().slice(0, 300)}`;
}

/** The file a refused `migrate` stopped at: the one Laravel names, else the one the error's trace names. */
function failedFile(run: LaravelRun, migrations: ExtractedMigrations): string | undefined {
  if (run.error?.migration) return run.error.migration;
  const named = migrations.names.filter((name) => run.output.includes(`${migrations.dir}/${name}.php`));
  if (named.length === 1) return named[0];
  // Artisan 8.83 names the file an exception was thrown in by its base name (`In x.php line 2:`):
  // a file that fails to load, before any `Migrating:` line.
  const names = new Set(migrations.names);
  const thrownIn = [...run.output.matchAll(/^In (\S+) line \d+:$/gm)].map((m) => m[1].replaceAll('.php', '')).filter((name) => names.has(name));
  return thrownIn[0];
}

interface Migrated {
  readonly migrations: ExtractedMigrations;
  readonly test: TestDatabase;
  /** The files set aside, each with why (by hand in apps.ts, or as Laravel refused them). */
  readonly setAside: Readonly<Record<string, string>>;
  /** Set when the history was cut short: the file from which on nothing was run, how many files that left out, and why. */
  readonly cutAt?: { readonly name: string; readonly files: number; readonly why: string };
}

/**
 * An app of apps.ts: its history without the files set aside by hand, which Laravel must run.
 * An automatic app: each file Laravel refuses is set aside with Laravel's error as the reason
 * (a later file that needs it is refused in turn), and the history is run again into a fresh
 * database, since a refused migration leaves its half-done statements behind. Past the bound,
 * the history is cut before the file refused last and what Laravel ran up to it is measured:
 * an app that needs its own code for most files still says what it can.
 */
async function migrateApp(app: RealApp, oracle: Oracle, alsoAside: Readonly<Record<string, string>>, track: (m: Partial<Migrated>) => void): Promise<Migrated> {
  const setAside: Record<string, string> = { ...app.setAside, ...alsoAside };
  const cutOff: Record<string, string> = {};
  let cutAt: Migrated['cutAt'];
  for (;;) {
    const migrations = extractMigrations(app, { ...setAside, ...cutOff });
    track({ migrations });
    assert.deepEqual(migrations.staleSetAside, [], 'every set-aside file exists at the pinned commit');
    // MD_REAL_APPS_DB_PREFIX: several runs sharing one server can tell their databases apart.
    const test = await createTestDatabase(`${process.env.MD_REAL_APPS_DB_PREFIX ?? ''}md_realapps_${oracle.replace(/\W/g, '')}`);
    track({ migrations, test });
    const run = await migrate(oracle, migrations, test);
    if (run.ok) return { migrations, test, setAside, ...(cutAt ? { cutAt } : {}) };
    const failed = failedFile(run, migrations);
    const why = `Laravel ${oracle} refused ${failed ?? 'the history'}: ${failureReason(run)}`;
    if (!app.automatic || failed === undefined || failed in setAside || cutAt) throw new Error(`${app.repo}: ${why}`);
    if (Object.keys(setAside).length >= automaticBound) {
      // Said now: the run of the whole suite can be long, and mocha prints failures only at its end.
      const beyond = migrations.names.filter((name) => name >= failed);
      cutAt = { name: failed, files: beyond.length, why: `more than ${automaticBound} files set aside (MD_REAL_APPS_MAX_SET_ASIDE), then ${why}` };
      console.log(`        ${app.repo} on Laravel ${oracle}: history cut before ${failed} (${beyond.length} files not run): ${cutAt.why}`);
      for (const name of beyond) cutOff[name] = `after the cut at ${failed}`;
    } else {
      setAside[failed] = failureReason(run);
      console.log(`        ${app.repo} on Laravel ${oracle}: set aside ${failed} (${Object.keys(setAside).length}): ${setAside[failed]}`);
    }
    await test.drop();
    migrations.remove();
    track({});
  }
}

/** What status, the catalog and the planner say of the database Laravel built. */
async function checkApp(oracle: Oracle, migrations: ExtractedMigrations, test: TestDatabase): Promise<AppRun> {
  const ranByLaravel = (await migrationRows(test.name)).map((row) => row.migration);
  const translate = oracle === '8.83' ? translateOptionsFor('8.83') : translateOptionsFor('12', { driver: driverOf(oracle) });
  const inputs = await loadRepairInputs([migrations.dir], translate, builtInTables);
  const db = await test.open();
  try {
    const { snapshot, plan } = await planFor(db, inputs);
    const tables = await compareEveryTable(db, snapshot, inputs);
    return { ranByLaravel, snapshot, plan, tables };
  } finally {
    await db.close();
  }
}

function differentialSuite(oracle: Oracle): void {
  describe(`real Laravel histories, run by Laravel ${oracle}: the product calls them healthy`, function () {
    this.timeout(600_000);
    before(async function () {
      if (oracle === '8.83') await requireOracle();
      else skipWithoutLaravel(this, '12');
    });

    for (const app of suiteApps) {
      // An automatic app runs on every oracle; one of apps.ts on 12 only when it lists 12's set-asides.
      const alsoAside = app.automatic ? {} : oracle === '8.83' ? (app.laravel883?.setAside ?? {}) : app.laravel12?.setAside;
      if (!alsoAside) continue;
      const byHand = Object.keys(app.setAside).length + Object.keys(alsoAside).length;
      const title = app.automatic
        ? `${app.repo} at ${app.commit.slice(0, 12)} (files Laravel refuses set aside automatically)`
        : `${app.repo} (Laravel ${app.laravel} in the app, ${byHand} files set aside)`;
      describe(title, function () {
        // Each file set aside automatically costs one more run of the history (at most runLimitMs), the cut one more.
        if (app.automatic) this.timeout((automaticBound + 2) * runLimitMs + 600_000);
        let migrations: ExtractedMigrations | undefined;
        let test: TestDatabase | undefined;
        let run: AppRun;

        before(async function () {
          const problem = mirrorProblem(app);
          if (problem) {
            // The only skip of the suite: a machine without the mirror cannot read the history.
            for (const pending of this.test?.parent?.tests ?? []) pending.title += ` (pending: ${problem})`;
            console.warn(problem);
            this.skip();
          }
          let migrated: Migrated;
          try {
            migrated = await migrateApp(app, oracle, alsoAside, (m) => ({ migrations, test } = m));
            ({ migrations, test } = migrated);
            run = await checkApp(oracle, migrated.migrations, migrated.test);
          } catch (error) {
            // Said when it happens, naming the app and the Laravel: mocha prints a failed hook
            // only at the end of the run, and a long run may never get there.
            const message = error instanceof Error ? error.stack ?? error.message : String(error);
            console.log(`      ${app.repo} on Laravel ${oracle}: not measured: ${message}`);
            throw error;
          }
          const unknown = run.tables.filter((t) => t.unknown !== undefined);
          const differing = run.tables.filter((t) => t.differences.length > 0);
          const differences = differing.reduce((sum, t) => sum + t.differences.length, 0);
          const setAside = Object.entries(migrated.setAside);
          console.log(
            `      ${app.repo} on Laravel ${oracle}: ${run.ranByLaravel.length} migrations run, ${setAside.length} set aside, ` +
              `${run.tables.length - unknown.length} tables compared, ${unknown.length} unknown, ${differences} differences`,
          );
          if (migrated.cutAt) console.log(`        history cut before ${migrated.cutAt.name} (${migrated.cutAt.files} files not run): ${migrated.cutAt.why}`);
          if (app.automatic) for (const [name, why] of setAside) console.log(`        set aside ${name}: ${why}`);
          for (const table of unknown) console.log(`        unknown ${table.table}: ${table.unknown}`);
          for (const table of differing) {
            for (const difference of table.differences) console.log(`        differs ${table.table}: ${describeDifference(difference)}`);
          }
        });
        after(async () => {
          await test?.drop();
          migrations?.remove();
        });

        it('Laravel ran every migration that is not set aside, but those its shouldRun() skipped (12.4+), which status calls pending', () => {
          const ran = new Set(run.ranByLaravel);
          const states = new Map(run.snapshot.migrations.map((m) => [m.name, m]));
          // Read from the file's text, not from the analysis under test.
          const skipped = migrations!.names.filter((name) => !ran.has(name) && oracle !== '8.83'
            && /function\s+shouldRun\s*\(/i.test(readFileSync(states.get(name)?.file?.path ?? path.join(migrations!.dir, `${name}.php`), 'utf8')));
          for (const name of skipped) console.log(`        skipped by its shouldRun(): ${name}`);
          assert.deepEqual([...run.ranByLaravel, ...skipped].sort(), migrations!.names);
          assert.deepEqual(skipped.map((name) => states.get(name)?.state), skipped.map(() => 'pending'));
        });

        it('every migration Laravel ran is `ran`, and nothing is in a problem state', () => {
          const states = new Map(run.snapshot.migrations.map((m) => [m.name, m]));
          const wrong = run.ranByLaravel
            .map((name) => states.get(name))
            .filter((m) => m?.state !== 'ran')
            .map((m) => `${m?.name}: ${m?.state} ${m?.problems.map((p) => p.message).join(' ')}`);
          assert.deepEqual(wrong, []);
          assert.deepEqual(run.snapshot.counts.byState['schema-drift'], 0);
          assert.deepEqual(run.snapshot.counts.byState['ran-table-missing'], 0);
          assert.deepEqual(run.snapshot.counts.byState['orphan-record'], 0);
        });

        it('every table equals information_schema, or is unknown with a reason', () => {
          const wrong = run.tables
            .filter((t) => t.differences.length > 0 || (t.unknown !== undefined && t.unknown.trim() === ''))
            .map((t) => `${t.table}: ${t.differences.map(describeDifference).join('; ') || 'unknown without a reason'}`);
          assert.deepEqual(wrong, []);
        });

        it('status names every table a migration creates whose structure it cannot check', () => {
          const named = new Set(run.snapshot.migrations.flatMap((m) => m.tables));
          const unchecked = new Set(run.snapshot.migrations.flatMap((m) => m.unchecked ?? []).map((u) => u.table));
          const silent = run.tables.filter((t) => t.unknown !== undefined && named.has(t.table) && !unchecked.has(t.table)).map((t) => t.table);
          assert.deepEqual(silent, []);
        });

        it('repair --plan on the database Laravel built is empty', () => {
          assert.deepEqual(
            { steps: run.plan.steps.map((s) => `${s.id}: ${s.reason}`), notes: run.plan.notes.map((n) => `${n.migration}: ${n.message}`) },
            { steps: [], notes: [] },
          );
        });
      });
    }
  });
}

differentialSuite('8.83');
differentialSuite('12');
differentialSuite('12 mariadb');
