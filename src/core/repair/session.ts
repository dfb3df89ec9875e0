// What a repair needs, put together the same way for the CLI and the editor: the analysed
// migrations, the expected catalog (translated migrations, overridden by the Drizzle
// schemas), the structure SQL, a snapshot, and a fresh snapshot for the verification.
// Never imports 'vscode'.
import type { MigrationFile } from '../analysis/types';
import { loadMigrations } from '../analysis/load';
import { openDatabase, type ConnectionOptions, type Database } from '../db/database';
import { takeSnapshot } from '../status/engine';
import { catalogOf, structurePort } from '../status/structurePort';
import type { StatusSnapshot } from '../status/types';
import { createTableStatements } from '../structure/ddl';
import { laravelDefaults } from '../structure/defaults';
import type { ExpectedCatalog, ExpectedTable } from '../structure/expected';
import { drizzleTableToModel } from '../structure/fromDrizzle';
import type { TableOptions } from '../structure/model';
import { reconcileStatements } from '../structure/reconcile';
import { buildExpectedCatalog } from '../translate';
import { expectedTables } from '../../schema';
import { planRepair, type StructureSql } from './planner';
import type { PlanOptions, RepairPlan } from './types';

/** Issue 4's generator behind the planner's seam; Laravel's defaults, as the status comparison uses. */
export function structureSql(defaults: TableOptions = laravelDefaults): StructureSql {
  return {
    createTable: (table) => createTableStatements(table, defaults),
    reconcile: async (table, live) => reconcileStatements(drizzleTableToModel(table, defaults), live),
    references: (table) => drizzleTableToModel(table, defaults).foreignKeys.map((k) => k.referencedTable),
  };
}

export interface RepairInputs {
  readonly migrations: readonly MigrationFile[];
  readonly catalog: ExpectedCatalog;
}

export async function loadRepairInputs(folders: readonly string[], tablePrefix: string, builtIn: readonly ExpectedTable[] = expectedTables): Promise<RepairInputs> {
  const migrations = await loadMigrations(folders);
  const drizzle = [...catalogOf(builtIn, tablePrefix).tables.values()];
  return { migrations, catalog: buildExpectedCatalog(migrations, drizzle, { tablePrefix }) };
}

export function snapshotOf(db: Database, inputs: RepairInputs): Promise<StatusSnapshot> {
  return takeSnapshot(db, { migrations: inputs.migrations, catalog: inputs.catalog, structure: structurePort() });
}

/** A snapshot on a connection of its own: the repair's may have been lost. */
export function freshSnapshot(options: ConnectionOptions, inputs: RepairInputs): () => Promise<StatusSnapshot> {
  return async () => {
    const db = await openDatabase(options);
    try {
      return await snapshotOf(db, inputs);
    } finally {
      await db.close();
    }
  };
}

export async function planFor(db: Database, inputs: RepairInputs, options: PlanOptions = {}): Promise<{ snapshot: StatusSnapshot; plan: RepairPlan }> {
  const snapshot = await snapshotOf(db, inputs);
  const plan = await planRepair({ snapshot, catalog: inputs.catalog, structure: structureSql(), options });
  return { snapshot, plan };
}
