// The live facts of many databases of one server (one per tenant) in a fixed number of
// queries whatever their number: the matching schemas, one pass over information_schema for
// all of them, and the migrations tables read together (UNION ALL, in a few large chunks).
// Never imports 'vscode'.
import type { Database } from '../db/database';
import type { MigrationRow } from '../status/engine';
import { buildLiveTables } from '../structure/live';
import type { TableModel } from '../structure/model';
import { isMariaDbVersion, jsonValidColumn, quoteIdentifier } from '../structure/normalise';

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

type Query = <Row>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;
type Rows = Parameters<typeof buildLiveTables>[0];

/** The same information_schema reads as the one-database structure engine, for all the schemas at once, grouped by schema. */
async function readStructures(query: Query, schemas: readonly string[], tables: readonly string[]): Promise<Map<string, Map<string, TableModel>>> {
  const where = (alias: string, schemaColumn = 'TABLE_SCHEMA') => `${alias}.${schemaColumn} IN (?) AND ${alias}.TABLE_NAME IN (?)`;
  const params = [schemas, tables];
  type WithSchema<R> = R & { schemaName: string };
  const [versionRows, tableRows, columns, indexes, keyColumns, rules] = await Promise.all([
    query<{ version: string }>('SELECT VERSION() AS version'),
    query<WithSchema<Rows['tables'][number]>>(
      `SELECT t.TABLE_SCHEMA AS schemaName, t.TABLE_NAME AS name, t.ENGINE AS engine, t.TABLE_COLLATION AS collation
         FROM information_schema.TABLES t WHERE t.TABLE_TYPE = 'BASE TABLE' AND ${where('t')}`, params),
    query<WithSchema<Rows['columns'][number]>>(
      `SELECT c.TABLE_SCHEMA AS schemaName, c.TABLE_NAME AS tableName, c.COLUMN_NAME AS name, c.COLUMN_DEFAULT AS columnDefault,
              c.IS_NULLABLE AS isNullable, c.DATA_TYPE AS dataType, c.COLUMN_TYPE AS columnType, c.COLLATION_NAME AS collation,
              c.EXTRA AS extra, c.COLUMN_COMMENT AS comment
         FROM information_schema.COLUMNS c WHERE ${where('c')}
        ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`, params),
    query<WithSchema<Rows['indexes'][number]>>(
      `SELECT s.TABLE_SCHEMA AS schemaName, s.TABLE_NAME AS tableName, s.INDEX_NAME AS name, s.NON_UNIQUE AS nonUnique,
              s.COLUMN_NAME AS columnName, s.SUB_PART AS subPart
         FROM information_schema.STATISTICS s WHERE ${where('s')}
        ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX`, params),
    query<WithSchema<Omit<Rows['foreignKeys'][number], 'updateRule' | 'deleteRule'>>>(
      `SELECT k.TABLE_SCHEMA AS schemaName, k.TABLE_NAME AS tableName, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS columnName,
              k.REFERENCED_TABLE_NAME AS referencedTable, k.REFERENCED_COLUMN_NAME AS referencedColumn
         FROM information_schema.KEY_COLUMN_USAGE k
        WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND ${where('k')}
        ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, params),
    // Apart, as the one-database engine reads them (MariaDB answers the join by opening every table of every schema).
    query<{ schemaName: string; tableName: string; name: string; updateRule: string; deleteRule: string }>(
      `SELECT r.CONSTRAINT_SCHEMA AS schemaName, r.TABLE_NAME AS tableName, r.CONSTRAINT_NAME AS name, r.UPDATE_RULE AS updateRule, r.DELETE_RULE AS deleteRule
         FROM information_schema.REFERENTIAL_CONSTRAINTS r WHERE ${where('r', 'CONSTRAINT_SCHEMA')}`, params),
  ]);
  const ruleOf = new Map(rules.map((r) => [`${r.schemaName}\u0000${r.tableName}\u0000${r.name}`, r]));
  const foreignKeys = keyColumns.map((k) => {
    const rule = ruleOf.get(`${k.schemaName}\u0000${k.tableName}\u0000${k.name}`);
    return { ...k, updateRule: rule?.updateRule ?? null, deleteRule: rule?.deleteRule ?? null };
  });
  const mariadb = isMariaDbVersion(String(versionRows[0]?.version ?? ''));
  const jsonColumns = new Map<string, Set<string>>();
  if (mariadb && columns.some((column) => column.dataType.toLowerCase() === 'longtext')) {
    const checks = await query<{ schemaName: string; tableName: string; clause: string }>(
      `SELECT c.CONSTRAINT_SCHEMA AS schemaName, c.TABLE_NAME AS tableName, c.CHECK_CLAUSE AS clause
         FROM information_schema.CHECK_CONSTRAINTS c WHERE ${where('c', 'CONSTRAINT_SCHEMA')}`, params);
    for (const check of checks) {
      const column = jsonValidColumn(check.clause);
      if (column) group(jsonColumns, check.schemaName, () => new Set<string>()).add(`${check.tableName}\u0000${column}`);
    }
  }
  const bySchema = new Map<string, { tables: Rows['tables'][number][]; columns: Rows['columns'][number][]; indexes: Rows['indexes'][number][]; foreignKeys: Rows['foreignKeys'][number][] }>();
  const of = (schema: string) => group(bySchema, schema, () => ({ tables: [], columns: [], indexes: [], foreignKeys: [] }));
  for (const row of tableRows) of(row.schemaName).tables.push(row);
  for (const row of columns) of(row.schemaName).columns.push(row);
  for (const row of indexes) of(row.schemaName).indexes.push(row);
  for (const row of foreignKeys) of(row.schemaName).foreignKeys.push(row);
  const result = new Map<string, Map<string, TableModel>>();
  for (const [schema, rows] of bySchema) {
    result.set(schema, buildLiveTables({ mariadb, ...rows, jsonColumns: jsonColumns.get(schema) ?? new Set() }));
  }
  return result;
}

function group<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
