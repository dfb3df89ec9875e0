// What a repair needs, put together the same way for the CLI and the editor: the analysed
// migrations, the expected catalog (translated migrations, overridden by the Drizzle
// schemas), the structure SQL, a snapshot, and a fresh snapshot for the verification.
// Never imports 'vscode'.
import type { MigrationFile } from '../analysis/types';
import { openDatabase, type ConnectionOptions, type Database } from '../db/database';
import { builtBy, takeSnapshot, type SnapshotInput } from '../status/engine';
import type { ModelsReader } from '../project/models';
import { loadStatusInput } from '../status/inputs';
import { isRecordedState, type StatusSnapshot } from '../status/types';
import { createTableStatements, UnrenderableStructure } from '../structure/ddl';
import { drizzleTablesFor, type DrizzleTableDefinition, type ExpectedCatalog, type ExpectedTable } from '../structure/expected';
import { readLiveTables, withColumnChecks } from '../structure/live';
import { reconcileStatements } from '../structure/reconcile';
import { buildExpectedCatalog, type TranslateOptions } from '../translate';
import { planRepair, type DdlRefusal, type StructureSql } from './planner';
import type { PlanOptions, RepairPlan } from './types';

/** A structure the renderer refuses becomes the planner's note, never an exception that ends the plan. */
function refusedAsValue<T>(render: () => T): T | DdlRefusal {
  try {
    return render();
  } catch (error) {
    if (error instanceof UnrenderableStructure) return { refused: error.said };
    throw error;
  }
}

/** The planner's structure SQL: rendered from each expected table's model. */
export const structureSql: StructureSql = {
  // One statement with its foreign keys: a key the server refuses leaves no table behind without it.
  createTable: async (table) => refusedAsValue(() => createTableStatements(table.model, 'inline')),
  reconcile: async (table, live, server) => refusedAsValue(() => reconcileStatements(table.model, live, server)),
  references: (table) => table.model.foreignKeys.map((k) => k.referencedTable),
};

export interface RepairInputs {
  readonly migrations: readonly MigrationFile[];
  /** The connection's prefix and the project's Laravel version and driver, with the models the migrations name. */
  readonly translate: TranslateOptions;
  /** The Drizzle tables that apply to these migrations; they take precedence over the translation. */
  readonly drizzle: readonly ExpectedTable[];
  /** Status's own input, so the plan and the verification see what the status shows. */
  readonly status: SnapshotInput;
}

/** `drizzle`: the adapter's Drizzle tables (built-in ones and the workspace's own); `models` reads the models the migrations name in foreignIdFor(). */
export async function loadRepairInputs(folders: readonly string[], translate: TranslateOptions, drizzle: readonly DrizzleTableDefinition[], models?: ModelsReader): Promise<RepairInputs> {
  const status = await loadStatusInput(folders, translate, drizzle, undefined, undefined, models);
  return { migrations: status.migrations, translate: status.translate, drizzle: drizzleTablesFor(drizzle, status.migrations, status.translate), status };
}

export function snapshotOf(db: Database, inputs: RepairInputs): Promise<StatusSnapshot> {
  return takeSnapshot(db, inputs.status);
}

/**
 * Each migration's expected structures: a recorded one is compared with what the recorded
 * migrations built (as status does); a pending one with what it would build after them.
 */
export function catalogFor(inputs: RepairInputs, snapshot: StatusSnapshot): (migration: string) => ExpectedCatalog {
  // What status translated from: the recorded migrations, and those whose row was lost or whose file
  // was renamed after they ran. A table created again must be the one status then expects.
  const recorded = builtBy(inputs.migrations, new Set(snapshot.migrations.filter((m) => isRecordedState(m.state)).map((m) => m.name)), snapshot.liveTables, snapshot.connection.tablePrefix);
  const cache = new Map<string, ExpectedCatalog>();
  return (migration) => {
    const key = recorded.has(migration) ? '' : migration;
    let catalog = cache.get(key);
    if (!catalog) {
      // The recorded migrations' catalog is the one the snapshot already translated (cached by its status input).
      const fromStatus = key === '' && typeof inputs.status.catalog === 'function' ? inputs.status.catalog(recorded, snapshot.server) : undefined;
      catalog = fromStatus ?? buildExpectedCatalog(
        inputs.migrations.filter((m) => recorded.has(m.name) || m.name === migration), inputs.drizzle,
        { ...inputs.translate, server: inputs.translate.server ?? snapshot.server });
      cache.set(key, catalog);
    }
    return catalog;
  };
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
  // Status reads the live structure of the tables it compares; a pending migration's existing
  // tables (and a renamed file's) are compared only by repair, so they are read here.
  const unread = [...new Set(snapshot.migrations
    .filter((m) => m.state === 'pending-table-exists' || m.state === 'pending')
    .flatMap((m) => m.tables)
    .filter((t) => snapshot.liveTables.has(t) && !snapshot.liveStructures.has(t)))];
  const structures = unread.length > 0 ? new Map([...snapshot.liveStructures, ...await readLiveTables(db, unread)]) : snapshot.liveStructures;
  // A column's own CHECK, which a MODIFY would drop, is read for the tables the plan may alter only.
  const alterable = [...new Set(snapshot.migrations
    .filter((m) => m.state === 'schema-drift' || m.state === 'pending-table-exists' || m.state === 'pending')
    .flatMap((m) => m.tables)
    .filter((t) => structures.has(t)))];
  const live = { ...snapshot, liveStructures: await withColumnChecks(db, structures, alterable) };
  const plan = await planRepair({ snapshot: live, catalog: catalogFor(inputs, snapshot), structure: structureSql, options });
  return { snapshot, plan };
}
