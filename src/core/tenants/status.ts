// Status of every tenant database of one server: the facts of all of them read together
// (see live.ts), then the one status engine per database. Never imports 'vscode'.
import type { ConnectionOptions, Database } from '../db/database';
import { classifyDatabaseError, DatabaseError, migrationsTableMissing } from '../db/errors';
import {
  builtBy, computeStatus, createdTables, readMigrationRows, type MigrationRow, type RawMigrationRow, type SnapshotInput, type StructurePort,
} from '../status/engine';
import type { MigrationStatus, StatusCounts } from '../status/types';
import type { ExpectedCatalog } from '../structure/expected';
import type { StructureDifference, TableModel } from '../structure/model';
import { readTenantFacts } from './live';

export interface TenantStatus {
  readonly database: string;
  readonly migrations: readonly MigrationStatus[];
  readonly counts: StatusCounts;
  readonly maxBatch: number;
  /** Why the database could not be checked (no migrations table, one Laravel cannot read), one sentence and the next step. */
  readonly problem?: string;
  /** What the problem is about: the migrations table is missing, or Laravel could not read it. */
  readonly problemKind?: 'no-migrations-table' | 'migrations-table-unreadable';
  /** The problem as the error it is, for the editor to say in the user's language (it names the migrations table as read). */
  readonly error?: DatabaseError;
}

export interface TenantsSnapshot {
  readonly pattern: string;
  readonly databases: readonly TenantStatus[];
  readonly queries: number;
  readonly durationMs: number;
}

/** Whether a tenant needs attention: a problem state, or it could not be checked. */
export function tenantHasProblem(tenant: TenantStatus): boolean {
  return tenant.problem !== undefined || tenant.counts.broken > 0;
}

/**
 * Checks every database matching `pattern` (SQL LIKE) on the server `db` is connected to;
 * `options` gives the migrations table and prefix every tenant shares.
 */
export async function takeTenantsSnapshot(db: Database, pattern: string, input: SnapshotInput, options: Pick<ConnectionOptions, 'migrationsTable' | 'tablePrefix'>): Promise<TenantsSnapshot> {
  const started = performance.now();
  const prefix = options.tablePrefix;
  const migrationsTable = prefix + options.migrationsTable;
  const created = [...new Set(input.migrations.flatMap((file) => createdTables(file, prefix)))].sort();
  let facts;
  try {
    facts = await readTenantFacts(db, pattern, migrationsTable, created);
  } catch (error) {
    throw classifyDatabaseError(error, db.options) ?? error;
  }
  // Most tenants ran the same migrations and hold the same tables: one translation per distinct
  // recorded set, each distinct live structure compared once with each expected one, and one
  // status per distinct set of facts (live.ts gives one object per distinct rows set and per
  // distinct structure).
  const catalogs = new Map<string, ExpectedCatalog>();
  const catalogOf = (recorded: ReadonlySet<string>): ExpectedCatalog => {
    if (typeof input.catalog !== 'function') return input.catalog;
    const key = [...recorded].sort().join('\n');
    let catalog = catalogs.get(key);
    if (!catalog) catalogs.set(key, (catalog = input.catalog(recorded, facts.server)));
    return catalog;
  };
  const structure = comparingOnce(input.structure);
  const ids = new Map<object, number>();
  const idOf = (value: object): number => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  };
  const statuses = new Map<string, Omit<TenantStatus, 'database'>>();
  // Read once per distinct set of rows (live.ts gives one object per distinct set).
  const readRows = new Map<readonly RawMigrationRow[], MigrationRow[] | DatabaseError>();
  const rowsOf = (raw: readonly RawMigrationRow[]): MigrationRow[] | DatabaseError => {
    let rows = readRows.get(raw);
    if (!rows) readRows.set(raw, (rows = readMigrationRows(raw, migrationsTable)));
    return rows;
  };
  const databases = facts.databases.map((tenant): TenantStatus => {
    const rows = tenant.unreadable ?? (tenant.rows ? rowsOf(tenant.rows) : migrationsTableMissing(migrationsTable, { ...db.options, database: tenant.database }));
    if (rows instanceof DatabaseError) {
      return {
        database: tenant.database, migrations: [], counts: emptyCounts, maxBatch: 0, problem: `${rows.sentence} ${rows.nextStep}`,
        problemKind: tenant.rows || tenant.unreadable ? 'migrations-table-unreadable' : 'no-migrations-table', error: rows,
      };
    }
    const key = [
      idOf(rows),
      [...tenant.liveTables].sort().join('\u0000'),
      [...tenant.liveStructures].map(([name, model]) => `${name}\u0000${idOf(model)}`).sort().join('\u0000'),
    ].join('\u0001');
    let computed = statuses.get(key);
    if (!computed) {
      // Translated from what ran, as the one-database status does (a lost row's migration included).
      const built = builtBy(input.migrations, new Set(rows.map((row) => row.migration)), tenant.liveTables, prefix);
      computed = computeStatus({ ...input, catalog: catalogOf(built), structure, built }, { rows, liveTables: tenant.liveTables, liveStructures: tenant.liveStructures }, prefix);
      statuses.set(key, computed);
    }
    return { database: tenant.database, ...computed };
  });
  return { pattern, databases, queries: facts.queries, durationMs: performance.now() - started };
}

/** The same port, its comparison remembered per pair of models. */
function comparingOnce(port: StructurePort): StructurePort {
  const done = new Map<TableModel, Map<TableModel, readonly StructureDifference[]>>();
  return {
    ...port,
    compare: (expected, live) => {
      let byLive = done.get(expected);
      if (!byLive) done.set(expected, (byLive = new Map()));
      let differences = byLive.get(live);
      if (!differences) byLive.set(live, (differences = port.compare(expected, live)));
      return differences;
    },
  };
}

const emptyCounts: StatusCounts = {
  total: 0, ran: 0, pending: 0, broken: 0,
  byState: { 'ran': 0, 'pending': 0, 'ran-table-missing': 0, 'pending-table-exists': 0, 'orphan-record': 0, 'schema-drift': 0 },
};
