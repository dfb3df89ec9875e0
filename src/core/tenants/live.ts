// The live facts of many databases of one server (one per tenant) in a fixed number of
// queries whatever their number: the matching schemas, one pass over information_schema for
// all of them, and the migrations tables read together (UNION ALL, in a few large chunks).
// Never imports 'vscode'.
import type { Database } from '../db/database';
import type { MigrationRow, ServerKind } from '../status/engine';
import { buildLiveTables, readInformationSchema, type InformationSchemaQuery } from '../structure/live';
import type { TableModel } from '../structure/model';
import { isMariaDbVersion, quoteIdentifier } from '../structure/normalise';

/** The server's own schemas: never a tenant, whatever the pattern matches. */
const systemSchemas = ['information_schema', 'performance_schema', 'mysql', 'sys'];

/** The largest GROUP_CONCAT both MariaDB and MySQL 8 accept; the server's packet size is the real bound. */
const groupConcatMaxLength = 4294967295;

/**
 * A migrations table as one text: `batch:length:migration` per row, the length in characters
 * (so that any name reads back exactly), -1 for a NULL name.
 */
const joinedRows = "GROUP_CONCAT(IFNULL(batch, 0), ':', IFNULL(CHAR_LENGTH(migration), -1), ':', IFNULL(migration, '') SEPARATOR '')";

/** The rows of one {@link joinedRows} text. */
export function parseJoinedRows(joined: string): MigrationRow[] {
  const rows: MigrationRow[] = [];
  // CHAR_LENGTH counts characters; a name outside the BMP takes two UTF-16 units here.
  const astral = /[\uD800-\uDFFF]/.test(joined);
  let at = 0;
  while (at < joined.length) {
    const batchEnd = joined.indexOf(':', at);
    const lengthEnd = joined.indexOf(':', batchEnd + 1);
    const length = Number(joined.slice(batchEnd + 1, lengthEnd));
    let end = lengthEnd + 1;
    if (!astral) end += Math.max(length, 0);
    else for (let n = 0; n < length; n++) end += joined.codePointAt(end)! > 0xffff ? 2 : 1;
    // A NULL name reads as mysql2 gives it (null), as the one-database status reads it.
    const migration = length < 0 ? (null as unknown as string) : joined.slice(lengthEnd + 1, end);
    rows.push({ migration, batch: Number(joined.slice(at, batchEnd)) });
    at = end;
  }
  return rows;
}

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
  readonly server: ServerKind;
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
  const [server, schemaRows, tableRows] = await Promise.all([
    query<{ version: string }>('SELECT VERSION() AS version').then((rows): ServerKind => (isMariaDbVersion(String(rows[0]?.version ?? '')) ? 'mariadb' : 'mysql')),
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

  const rowsOf = new Map<string, readonly MigrationRow[]>();
  // One row per database, its migrations rows joined: a few thousand rows instead of every
  // migration of every tenant, and each distinct set parsed once.
  const readRows = async () => {
    if (withMigrations.length === 0) return;
    const chunks: string[][] = [];
    for (let i = 0; i < withMigrations.length; i += unionChunkSize) chunks.push(withMigrations.slice(i, i + unionChunkSize));
    const [, ...results] = await Promise.all([
      query(`SET SESSION group_concat_max_len = ${groupConcatMaxLength}`),
      ...chunks.map((chunk) => query<{ db: string; count: number | string; joined: string | Buffer | null }>(
        chunk.map((name) => `SELECT ? AS db, COUNT(*) AS count, ${joinedRows} AS joined FROM ${quoteIdentifier(name)}.${quoteIdentifier(migrationsTable)}`).join('\nUNION ALL\n'),
        chunk)),
    ]);
    const parsed = new Map<string, readonly MigrationRow[]>();
    for (const rows of results) {
      for (const row of rows) {
        const joined = row.joined === null ? '' : String(row.joined);
        let list = parsed.get(joined);
        if (!list) {
          list = parseJoinedRows(joined);
          if (list.length !== Number(row.count)) throw new Error(`The migrations rows of ${row.db} were cut short (${list.length} of ${row.count} read).`);
          parsed.set(joined, list);
        }
        rowsOf.set(row.db, list);
      }
    }
  };
  const [, structures] = await Promise.all([
    readRows(),
    names.length > 0 && structureTables.length > 0 ? readStructures(query, server === 'mariadb', names, structureTables) : new Map<string, Map<string, TableModel>>(),
  ]);
  return {
    databases: names.map((name) => ({
      database: name,
      rows: rowsOf.get(name),
      liveTables: tablesOf.get(name)!,
      liveStructures: structures.get(name) ?? new Map<string, TableModel>(),
    })),
    server,
    queries,
  };
}

/**
 * The one-database structure reader's queries, for all the schemas at once. Tenants mostly hold
 * the same tables: a table built the same as one already seen is the same model object, so that
 * each distinct structure is compared once (see takeTenantsSnapshot).
 */
async function readStructures(query: InformationSchemaQuery, mariadb: boolean, schemas: readonly string[], tables: readonly string[]): Promise<Map<string, Map<string, TableModel>>> {
  const bySchema = await readInformationSchema(query, Promise.resolve(mariadb), schemas, tables);
  const seen = new Map<string, TableModel>();
  const shared = (model: TableModel): TableModel => {
    const key = JSON.stringify(model);
    const same = seen.get(key);
    if (same) return same;
    seen.set(key, model);
    return model;
  };
  return new Map([...bySchema].map(([schema, rows]) => [schema, new Map([...buildLiveTables(rows)].map(([name, model]) => [name, shared(model)]))]));
}
