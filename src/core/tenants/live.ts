// The live facts of many databases of one server (one per tenant) in a fixed number of
// queries whatever their number: the matching schemas, one pass over information_schema for
// all of them, and the migrations tables read together (UNION ALL, in a few large chunks).
// Never imports 'vscode'.
import type { Database } from '../db/database';
import type { MigrationRow } from '../status/engine';
import { buildLiveTables, readInformationSchema, type InformationSchemaQuery } from '../structure/live';
import type { TableModel } from '../structure/model';
import { isMariaDbVersion, quoteIdentifier } from '../structure/normalise';

/** The server's own schemas: never a tenant, whatever the pattern matches. */
const systemSchemas = ['information_schema', 'performance_schema', 'mysql', 'sys'];

/** Databases per UNION ALL statement: about 150 bytes each, far below any max_allowed_packet (1 MB at least). */
export const unionChunkSize = 2000;

export interface TenantLiveFacts {
  readonly database: string;
  /** Undefined when the database has no migrations table. */
  readonly rows?: readonly MigrationRow[];
  readonly liveTables: ReadonlySet<string>;
  readonly liveStructures: ReadonlyMap<string, TableModel>;
}

export interface TenantFactsResult {
  readonly databases: readonly TenantLiveFacts[];
  /** Round trips this took: fixed for a given number of chunks. */
  readonly queries: number;
}

/**
 * Reads every database whose name matches `pattern` (SQL LIKE), with the live structure of
 * `structureTables` (server names, prefix included) in each.
 */
export async function readTenantFacts(
  db: Database,
  pattern: string,
  migrationsTable: string,
  structureTables: readonly string[],
): Promise<TenantFactsResult> {
  let queries = 0;
  const query = <Row>(sql: string, params: readonly unknown[] = []) => {
    queries++;
    return db.query<Row>(sql, params);
  };
  const [schemaRows, tableRows] = await Promise.all([
    query<{ name: string }>(
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? AND SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
      [pattern, systemSchemas]),
    query<{ db: string; name: string }>(
      'SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE ? AND TABLE_SCHEMA NOT IN (?)',
      [pattern, systemSchemas]),
  ]);
  const names = schemaRows.map((row) => row.name);
  const tablesOf = new Map<string, Set<string>>(names.map((name) => [name, new Set<string>()]));
  for (const row of tableRows) tablesOf.get(row.db)?.add(row.name);
  const withMigrations = names.filter((name) => tablesOf.get(name)!.has(migrationsTable));

  const rowsOf = new Map<string, MigrationRow[]>(withMigrations.map((name) => [name, []]));
  const readRows = async () => {
    const chunks: string[][] = [];
    for (let i = 0; i < withMigrations.length; i += unionChunkSize) chunks.push(withMigrations.slice(i, i + unionChunkSize));
    const results = await Promise.all(chunks.map((chunk) => query<{ db: string; migration: string; batch: number | string }>(
      chunk.map((name) => `SELECT ? AS db, migration, batch FROM ${quoteIdentifier(name)}.${quoteIdentifier(migrationsTable)}`).join('\nUNION ALL\n'),
      chunk)));
    for (const rows of results) for (const row of rows) rowsOf.get(row.db)!.push({ migration: row.migration, batch: Number(row.batch) });
  };
  const [, structures] = await Promise.all([
    readRows(),
    names.length > 0 && structureTables.length > 0 ? readStructures(query, names, structureTables) : new Map<string, Map<string, TableModel>>(),
  ]);
  return {
    databases: names.map((name) => ({
      database: name,
      rows: rowsOf.get(name),
      liveTables: tablesOf.get(name)!,
      liveStructures: structures.get(name) ?? new Map<string, TableModel>(),
    })),
    queries,
  };
}

/** The one-database structure reader's queries, for all the schemas at once. */
async function readStructures(query: InformationSchemaQuery, schemas: readonly string[], tables: readonly string[]): Promise<Map<string, Map<string, TableModel>>> {
  const version = query<{ version: string }>('SELECT VERSION() AS version').then((rows) => isMariaDbVersion(String(rows[0]?.version ?? '')));
  const bySchema = await readInformationSchema(query, version, schemas, tables);
  return new Map([...bySchema].map(([schema, rows]) => [schema, buildLiveTables(rows)]));
}
