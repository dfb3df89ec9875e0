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
import { migrationRows, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { skipWithoutLaravel, translateOptionsFor } from '../../support/laravelVersions';
import { extraApps, extractMigrations, mirrorProblem, type ExtractedMigrations, type RealApp } from '../../support/realApps';
import { driverOf, migrateApp, runLimitMs, versionOf, type Migrated, type Oracle } from '../../support/realAppsMigrate';
import { realApps } from './apps';

// MD_REAL_APPS_EXTRA=apps.json runs the apps of that file instead of apps.ts (see docs/test-bed.md).
const extraFile = process.env.MD_REAL_APPS_EXTRA;
const suiteApps: readonly RealApp[] = extraFile ? extraApps(extraFile) : realApps;
/** How many files an app of MD_REAL_APPS_EXTRA may have set aside before it counts as failed. */
const automaticBound = Number(process.env.MD_REAL_APPS_MAX_SET_ASIDE || 60);

interface TableVerdict {
  readonly table: string;
  readonly unknown?: string;
  readonly differences: readonly (StructureDifference | string)[];
}

interface AppRun {
  readonly ranByLaravel: readonly string[];
  /** The tables the whole history (no file set aside) leaves, by the catalog: what full coverage would compare. */
  readonly historyTables: number;
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

/** What status, the catalog and the planner say of the database Laravel built. */
async function checkApp(app: RealApp, oracle: Oracle, migrations: ExtractedMigrations, test: TestDatabase): Promise<AppRun> {
  const ranByLaravel = (await migrationRows(test.name)).map((row) => row.migration);
  const translate = translateOptionsFor(versionOf(oracle), oracle === '8.83' ? {} : { driver: driverOf(oracle) });
  const inputs = await loadRepairInputs([migrations.dir], translate, builtInTables);
  const db = await test.open();
  try {
    const { snapshot, plan } = await planFor(db, inputs);
    const tables = await compareEveryTable(db, snapshot, inputs);
    // Coverage: a file set aside (and those it took along) leaves its tables unmeasured.
    const whole = extractMigrations({ ...app, setAside: {} });
    try {
      const all = await loadRepairInputs([whole.dir], translate, builtInTables);
      const catalog = typeof all.status.catalog === 'function' ? all.status.catalog(new Set(whole.names), snapshot.server) : all.status.catalog;
      const historyTables = new Set([...catalog.tables.keys(), ...catalog.unknown.keys()]).size;
      return { ranByLaravel, historyTables, snapshot, plan, tables };
    } finally {
      whole.remove();
    }
  } finally {
    await db.close();
  }
}

function differentialSuite(oracle: Oracle): void {
  describe(`real Laravel histories, run by Laravel ${oracle}: the product calls them healthy`, function () {
    this.timeout(600_000);
    before(async function () {
      if (oracle === '8.83') await requireOracle();
      else skipWithoutLaravel(this, versionOf(oracle));
    });

    for (const app of suiteApps) {
      // An automatic app runs on every oracle; one of apps.ts on 12 and 13 only when it lists 12's set-asides (13 refuses the same files).
      let alsoAside = app.automatic ? {} : oracle === '8.83' ? (app.laravel883?.setAside ?? {}) : app.laravel12?.setAside;
      if (!alsoAside) continue;
      if (!app.automatic && oracle.endsWith('mariadb')) alsoAside = { ...alsoAside, ...app.mariadb?.setAside };
      const byHand = Object.keys(app.setAside).length + Object.keys(alsoAside).length;
      const title = app.automatic
        ? `${app.repo} at ${app.commit.slice(0, 12)} (files Laravel refuses set aside automatically)`
        : `${app.repo} (Laravel ${app.laravel} in the app, ${byHand} files set aside)`;
      describe(title, function () {
        // Each file set aside automatically may cost one more run of the history (at most runLimitMs), each cut one more
        // (up to the bound before the cut, as many again after it).
        if (app.automatic) this.timeout((2 * automaticBound + 4) * runLimitMs + 600_000);
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
            migrated = await migrateApp(app, oracle, {
              alsoAside,
              bound: automaticBound,
              track: (m) => ({ migrations, test } = m),
              databasePrefix: process.env.MD_REAL_APPS_DB_PREFIX ?? '',
            });
            ({ migrations, test } = migrated);
            run = await checkApp(app, oracle, migrated.migrations, migrated.test);
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
              `${run.tables.length - unknown.length} tables compared, ${unknown.length} unknown, ${differences} differences; ` +
              `${run.tables.length} tables of the ${run.historyTables} the whole history creates; ` +
              `${migrated.effort.runs} runs of Laravel, ${migrated.effort.databases} databases, ${migrated.effort.droppedTables} tables of refused files dropped`,
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
differentialSuite('13');
differentialSuite('13 mariadb');
