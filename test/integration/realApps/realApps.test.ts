// The differential suite over real histories: each public application's migrations are run by
// the real Laravel into a fresh MariaDB database, and then the product must call that healthy
// database healthy: every migration `ran`, no problem state, every table's expected structure
// equal to information_schema (or `unknown` with a reason), and an empty repair plan.
import * as assert from 'node:assert/strict';
import type { Database } from '../../../src/core/db/database';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import type { RepairPlan } from '../../../src/core/repair/types';
import type { StatusSnapshot } from '../../../src/core/status/types';
import { readLiveTables } from '../../../src/core/structure/live';
import type { StructureDifference } from '../../../src/core/structure/model';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, migrationRows, type TestDatabase } from '../../support/database';
import { artisanOk, requireOracle } from '../../support/laravel';
import { runLaravelOk, skipWithoutLaravel, translateOptionsFor } from '../../support/laravelVersions';
import { appServicesEnv, extractMigrations, mirrorProblem, type ExtractedMigrations } from '../../support/realApps';
import { realApps } from './apps';

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

/** The history run by `oracle` into `test`, then what status, the catalog and the planner say. */
async function runApp(oracle: Oracle, migrations: ExtractedMigrations, test: TestDatabase): Promise<AppRun> {
  if (oracle === '8.83') {
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: migrations.dir, env: appServicesEnv(), timeoutMs: 300_000 });
  } else {
    await runLaravelOk('12', 'migrate', { database: test.name, migrationsPath: migrations.dir, driver: driverOf(oracle), timeoutMs: 300_000 });
  }
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

    for (const app of realApps) {
      const alsoAside = oracle === '8.83' ? {} : app.laravel12?.setAside;
      if (!alsoAside) continue;
      const setAside = Object.keys(app.setAside).length + Object.keys(alsoAside).length;
      describe(`${app.repo} (Laravel ${app.laravel} in the app, ${setAside} files set aside)`, function () {
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
          migrations = extractMigrations(app, alsoAside);
          assert.deepEqual(migrations.staleSetAside, [], 'every set-aside file exists at the pinned commit');
          test = await createTestDatabase(`md_realapps_${oracle.replace(/\W/g, '')}`);
          run = await runApp(oracle, migrations, test);
          const unknown = run.tables.filter((t) => t.unknown !== undefined);
          const differences = run.tables.reduce((sum, t) => sum + t.differences.length, 0);
          console.log(
            `      ${app.repo} on Laravel ${oracle}: ${run.ranByLaravel.length} migrations run, ${setAside} set aside, ` +
              `${run.tables.length - unknown.length} tables compared, ${unknown.length} unknown, ${differences} differences`,
          );
          for (const table of unknown) console.log(`        unknown ${table.table}: ${table.unknown}`);
        });
        after(async () => {
          await test?.drop();
          migrations?.remove();
        });

        it('Laravel ran every migration that is not set aside', () => {
          assert.deepEqual([...run.ranByLaravel].sort(), migrations!.names);
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
