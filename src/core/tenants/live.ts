// The live facts of many databases of one server (one per tenant) in a fixed number of
// queries whatever their number: the matching schemas, one pass over information_schema for
// all of them, and the migrations tables read together (UNION ALL, in a few large chunks).
// Never imports 'vscode'.
import { openDatabase, type Database } from '../db/database';
import { DatabaseError, migrationsTableColumnMissing } from '../db/errors';
import type { RawMigrationRow, ServerKind } from '../status/engine';
import {
  buildLiveTables, groupByTable, indexesSql, isMariaDb, readForeignKeys, readInformationSchema, tablesSql,
  type CheckRow, type ColumnRow, type IndexRow, type InformationSchemaQuery, type TableRow, type Where,
} from '../structure/live';
import type { TableModel } from '../structure/model';
import { jsonValidColumn, quoteIdentifier } from '../structure/normalise';

/** The server's own schemas: never a tenant, whatever the pattern matches. */
const systemSchemas = ['information_schema', 'performance_schema', 'mysql', 'sys'];

/** The largest GROUP_CONCAT both MariaDB and MySQL 8 accept; the server's packet size is the real bound. */
const groupConcatMaxLength = 4294967295;

/**
 * A migrations table as one text: `length:batch:length:migration` per row, each length in
 * characters (so that any value reads back exactly), -1 for a NULL. The batch is read as the
 * column holds it, text or NULL included, for the same check as one database's rows. A binary
 * column's bytes are read as UTF-8 text, as the one-database status reads them: CHAR_LENGTH of
 * bytes would count bytes.
 */
const joinedRows = `GROUP_CONCAT(${lengthThenText('batch')}, ${lengthThenText('migration')} SEPARATOR '')`;

function lengthThenText(column: string): string {
  const text = `CONVERT(${column} USING utf8mb4)`;
  return `IFNULL(CHAR_LENGTH(${text}), -1), ':', IFNULL(${text}, '')`;
}

/** The rows of one {@link joinedRows} text. */
export function parseJoinedRows(joined: string): RawMigrationRow[] {
  const rows: RawMigrationRow[] = [];
  // CHAR_LENGTH counts characters; a value outside the BMP takes two UTF-16 units here.
  const astral = /[\uD800-\uDFFF]/.test(joined);
  let at = 0;
  const field = (): string | null => {
    const lengthEnd = joined.indexOf(':', at);
    const length = Number(joined.slice(at, lengthEnd));
    let end = lengthEnd + 1;
    if (!astral) end += Math.max(length, 0);
    else for (let n = 0; n < length; n++) end += joined.codePointAt(end)! > 0xffff ? 2 : 1;
    at = end;
    return length < 0 ? null : joined.slice(lengthEnd + 1, end);
  };
  while (at < joined.length) {
    const batch = field();
    rows.push({ batch, migration: field() });
  }
  return rows;
}

/** Databases per UNION ALL statement: about 150 bytes each, far below any max_allowed_packet (1 MB at least). */
export const unionChunkSize = 2000;

export interface TenantLiveFacts {
  readonly database: string;
  /** Undefined when the database has no migrations table, or when it cannot be read (`unreadable`). */
  readonly rows?: readonly RawMigrationRow[];
  /** Why the migrations table could not be read (a column Laravel reads is missing). */
  readonly unreadable?: DatabaseError;
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
  const counted = (target: Database): InformationSchemaQuery => <Row>(sql: string, params: readonly unknown[] = []) => {
    queries++;
    return target.query<Row>(sql, params);
  };
  const query = counted(db);
  // The structure's reads go on four more connections: the server answers each connection on its
  // own thread, so the columns (in two halves), TABLES with the foreign keys, STATISTICS and the
  // migrations tables are read side by side instead of one after the other. A connection the
  // server refuses (too many) is replaced by the first one, where its queries wait their turn.
  const extras = structureTables.length > 0 ? Array.from({ length: 2 + columnsConnections }, () => openExtra(db)) : [];
  try {
    const mariadb = isMariaDb(db, query);
    const [schemaRows, tableRows] = await Promise.all([
      query<{ name: string }>(
        'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? AND SCHEMA_NAME NOT IN (?) ORDER BY SCHEMA_NAME',
        [pattern, systemSchemas]),
      query<{ db: string; name: string }>(
        'SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE ? AND TABLE_SCHEMA NOT IN (?)',
        [pattern, systemSchemas]),
    ]);
    const names = schemaRows.map((row) => row.name);
    const structures = names.length > 0 && structureTables.length > 0
      ? Promise.all(extras).then(([tablesDb, indexesDb, ...columnsDbs]) => readStructures(columnsDbs.map(counted), counted(tablesDb!), counted(indexesDb!), mariadb, names, structureTables))
      : Promise.resolve(new Map<string, Map<string, TableModel>>());
    const tablesOf = new Map<string, Set<string>>(names.map((name) => [name, new Set<string>()]));
    for (const row of tableRows) tablesOf.get(row.db)?.add(row.name);
    const withMigrations = names.filter((name) => tablesOf.get(name)!.has(migrationsTable));
    const [rowsOf, bySchema] = await Promise.all([readMigrationsRows(query, withMigrations, migrationsTable), structures]);
    return {
      databases: names.map((name) => ({
        database: name,
        ...rowsAndProblem(rowsOf.get(name)),
        liveTables: tablesOf.get(name)!,
        liveStructures: bySchema.get(name) ?? new Map<string, TableModel>(),
      })),
      server: (await mariadb) ? 'mariadb' : 'mysql',
      queries,
    };
  } finally {
    await Promise.all(extras.map((extra) => extra.then((other) => (other === db ? undefined : other.close()))));
  }
}

function rowsAndProblem(read: readonly RawMigrationRow[] | DatabaseError | undefined): Pick<TenantLiveFacts, 'rows' | 'unreadable'> {
  return read instanceof DatabaseError ? { unreadable: read } : { rows: read };
}

/** COLUMNS costs the server most: its tables are split between this many connections. */
const columnsConnections = 2;

/** One more connection like `db`, or `db` itself when the server refuses it. */
async function openExtra(db: Database): Promise<Database> {
  try {
    return await openDatabase(db.options);
  } catch {
    return db;
  }
}

/**
 * One row per database, its migrations rows joined: a few thousand rows instead of every
 * migration of every tenant, and each distinct set parsed once.
 */
async function readMigrationsRows(query: InformationSchemaQuery, withMigrations: readonly string[], migrationsTable: string): Promise<Map<string, readonly RawMigrationRow[] | DatabaseError>> {
  const rowsOf = new Map<string, readonly RawMigrationRow[] | DatabaseError>();
  if (withMigrations.length === 0) return rowsOf;
  const chunks: string[][] = [];
  for (let i = 0; i < withMigrations.length; i += unionChunkSize) chunks.push(withMigrations.slice(i, i + unionChunkSize));
  const read = (chunk: readonly string[]) => query<JoinedRow>(
    chunk.map((name) => `SELECT ? AS db, COUNT(*) AS count, ${joinedRows} AS joined FROM ${quoteIdentifier(name)}.${quoteIdentifier(migrationsTable)}`).join('\nUNION ALL\n'),
    chunk);
  // One tenant's table without a column Laravel reads (1054) fails its whole chunk: that chunk is
  // then read one database at a time, so that only that tenant cannot be checked, with why.
  const readEach = async (chunk: readonly string[]): Promise<(JoinedRow | DatabaseError)[]> => (await Promise.all(chunk.map((name) =>
    read([name]).then((rows) => rows, (error: { errno?: number; message?: string }) => {
      const columnMissing = migrationsTableColumnMissing(migrationsTable, error);
      if (!columnMissing) throw error;
      return [columnMissing];
    })))).flat();
  const [, ...results] = await Promise.all([
    query(`SET SESSION group_concat_max_len = ${groupConcatMaxLength}`),
    ...chunks.map((chunk) => read(chunk).catch((error: { errno?: number }) => {
      if (error?.errno !== 1054) throw error;
      return readEach(chunk);
    })),
  ]);
  const parsed = new Distinct<readonly RawMigrationRow[]>();
  for (const [i, rows] of results.entries()) {
    for (const [j, row] of rows.entries()) {
      if (row instanceof DatabaseError) {
        rowsOf.set(chunks[i]![j]!, row);
        continue;
      }
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
  return rowsOf;
}

interface JoinedRow { readonly db: string; readonly count: number | string; readonly joined: string | Buffer | null }

/** Between two fields of a column, and between two columns, in {@link groupedColumns}. */
const fieldSeparator = '\u001f';
const columnSeparator = '\u001e';

/**
 * The columns of each table as one text, in their order, with the fields the one-database reader
 * reads (a generated column's expression too): COLUMNS answers with one row per table
 * instead of one per column (360,000 rows for 1,000 tenants of 20 tables), and tables built the
 * same give the same text, parsed once. A NULL reads as an empty field, any value as `=value`.
 */
const groupedColumns = `GROUP_CONCAT(CONCAT_WS('${fieldSeparator}', c.COLUMN_NAME, IFNULL(CONCAT('=', c.COLUMN_DEFAULT), ''), c.IS_NULLABLE, c.DATA_TYPE,
              c.COLUMN_TYPE, IFNULL(CONCAT('=', c.COLLATION_NAME), ''), c.EXTRA, c.COLUMN_COMMENT, IFNULL(CONCAT('=', c.GENERATION_EXPRESSION), ''))
              ORDER BY c.ORDINAL_POSITION SEPARATOR '${columnSeparator}')`;
const groupedFields = 9;

/**
 * The rows of one {@link groupedColumns} text, or undefined when it cannot be split back exactly:
 * a value holding a separator (then the count of columns or fields differs), a NULL where none
 * was expected (CONCAT_WS skips it), or a text cut short.
 */
export function parseGroupedColumns(tableName: string, joined: string, count: number): ColumnRow[] | undefined {
  const columns = joined.split(columnSeparator);
  if (columns.length !== count) return undefined;
  const rows: ColumnRow[] = [];
  for (const column of columns) {
    const fields = column.split(fieldSeparator);
    if (fields.length !== groupedFields) return undefined;
    const [name, columnDefault, isNullable, dataType, columnType, collation, extra, comment, generationExpression] = fields as [string, string, string, string, string, string, string, string, string];
    const nullable = [columnDefault, collation, generationExpression];
    if (nullable.some((field) => field !== '' && !field.startsWith('='))) return undefined;
    const value = (field: string): string | null => (field === '' ? null : field.slice(1));
    rows.push({
      tableName, name, columnDefault: value(columnDefault), isNullable, dataType,
      columnType, collation: value(collation), extra, comment, generationExpression: value(generationExpression),
    });
  }
  return rows;
}

/** The columns of one table, shared by every table whose grouped text is the same. */
interface ColumnSet {
  readonly rows: readonly ColumnRow[];
  readonly id: number;
  readonly longtext: boolean;
}

/**
 * The one-database structure reader's views, for all the schemas at once: COLUMNS grouped per
 * table, its tables split between `columnsQueries`, TABLES and the foreign keys on `query`,
 * STATISTICS on `indexesQuery`. Tenants
 * mostly hold the same tables: each distinct table is built once, and a table built the same as
 * one already seen is the same model object, so that each distinct structure is compared once
 * (see takeTenantsSnapshot).
 */
async function readStructures(
  columnsQueries: readonly InformationSchemaQuery[],
  query: InformationSchemaQuery,
  indexesQuery: InformationSchemaQuery,
  isMariaDbServer: Promise<boolean>,
  schemas: readonly string[],
  tables: readonly string[],
): Promise<Map<string, Map<string, TableModel>>> {
  const where: Where = (alias, schemaColumn = 'TABLE_SCHEMA') => `${alias}.${schemaColumn} IN (?) AND ${alias}.TABLE_NAME IN (?)`;
  const params = [schemas, tables];
  type WithSchema<Row> = Row & { schemaName: string };
  // COLUMNS costs the server most (it opens every table's definition): its tables are split
  // between the connections given, each read on its own server thread.
  const share = Math.ceil(tables.length / columnsQueries.length);
  const readColumns = columnsQueries.map(async (columnsQuery, n) => {
    const part = tables.slice(n * share, (n + 1) * share);
    if (part.length === 0) return [];
    await columnsQuery(`SET SESSION group_concat_max_len = ${groupConcatMaxLength}`);
    return columnsQuery<{ schemaName: string; tableName: string; count: number | string; joined: string | Buffer | null }>(
      `SELECT c.TABLE_SCHEMA AS schemaName, c.TABLE_NAME AS tableName, COUNT(*) AS count, ${groupedColumns} AS joined
         FROM information_schema.COLUMNS c
        WHERE c.TABLE_SCHEMA IN (?) AND c.TABLE_NAME IN (?)
        GROUP BY c.TABLE_SCHEMA, c.TABLE_NAME`,
      [schemas, part],
    );
  });
  const [mariadb, columnParts, tableRows, indexRows, foreignKeys] = await Promise.all([
    isMariaDbServer,
    Promise.all(readColumns),
    query<WithSchema<TableRow>>(
      tablesSql(where),
      params,
    ),
    indexesQuery<WithSchema<IndexRow>>(
      indexesSql(where),
      params,
    ),
    readForeignKeys(query, isMariaDbServer, schemas, tables, where, params),
  ]);

  // Each distinct text parsed once per table name.
  const sets = new Map<string, Distinct<ColumnSet>>();
  let setCount = 0;
  const columnsOf = new Map<string, Map<string, ColumnSet>>();
  for (const row of columnParts.flat()) {
    const joined = row.joined === null ? '' : String(row.joined);
    let seen = sets.get(row.tableName);
    if (!seen) sets.set(row.tableName, (seen = new Distinct()));
    let set = seen.get(joined);
    if (!set) {
      const rows = parseGroupedColumns(row.tableName, joined, Number(row.count));
      // A value the text cannot carry: the plain rows, as for one database.
      if (!rows) return readStructuresFromRows(query, mariadb, schemas, tables);
      set = { rows, id: setCount++, longtext: rows.some((column) => column.dataType.toLowerCase() === 'longtext') };
      seen.set(joined, set);
    }
    let ofSchema = columnsOf.get(row.schemaName);
    if (!ofSchema) columnsOf.set(row.schemaName, (ofSchema = new Map()));
    ofSchema.set(row.tableName, set);
  }

  // MariaDB's json is a longtext with a json_valid check: only the tables with a longtext are asked
  // (CHECK_CONSTRAINTS opens every table it is asked about).
  const jsonColumns = new Map<string, Set<string>>();
  if (mariadb) {
    const checkSchemas = new Set<string>();
    const checkTables = new Set<string>();
    for (const [schema, ofSchema] of columnsOf) {
      for (const [table, set] of ofSchema) {
        if (!set.longtext) continue;
        checkSchemas.add(schema);
        checkTables.add(table);
      }
    }
    if (checkSchemas.size > 0) {
      const checks = await query<WithSchema<CheckRow>>(
        `SELECT c.CONSTRAINT_SCHEMA AS schemaName, c.TABLE_NAME AS tableName, c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS clause
           FROM information_schema.CHECK_CONSTRAINTS c
          WHERE c.CONSTRAINT_SCHEMA IN (?) AND c.TABLE_NAME IN (?)`,
        [[...checkSchemas], [...checkTables]],
      );
      for (const check of checks) {
        const column = jsonValidColumn(check.clause);
        if (!column) continue;
        let set = jsonColumns.get(check.schemaName);
        if (!set) jsonColumns.set(check.schemaName, (set = new Set()));
        set.add(`${check.tableName}\u0000${column}`);
      }
    }
  }

  const indexesOf = groupBySchemaAndTable(indexRows);
  const foreignKeysOf = new Map([...foreignKeys].map(([schema, rows]) => [schema, groupByTable(rows)]));
  const noJson = new Set<string>();
  // One model per distinct set of rows, then one object per distinct model.
  const built = new Map<string, TableModel>();
  const same = new Map<string, TableModel>();
  const result = new Map<string, Map<string, TableModel>>();
  for (const table of tableRows) {
    const { schemaName, name } = table;
    const columns = columnsOf.get(schemaName)?.get(name);
    const indexes = indexesOf.get(schemaName)?.get(name) ?? [];
    const keys = foreignKeysOf.get(schemaName)?.get(name) ?? [];
    const json = jsonColumns.get(schemaName) ?? noJson;
    const jsonOfTable = json.size === 0 ? '' : [...json].filter((key) => key.startsWith(`${name}\u0000`)).sort().join('\u0001');
    const key = exactKey([
      name, table.engine, table.collation, columns?.id ?? -1, jsonOfTable,
      ...indexes.flatMap((row) => [row.name, row.nonUnique, row.columnName, row.subPart]),
      '|',
      ...keys.flatMap((row) => [row.name, row.columnName, row.referencedTable, row.referencedColumn, row.updateRule, row.deleteRule]),
    ]);
    let model = built.get(key);
    if (!model) {
      const fresh = buildLiveTables({ mariadb, tables: [table], columns: columns?.rows ?? [], indexes, foreignKeys: keys, jsonColumns: json }).get(name)!;
      const content = JSON.stringify(fresh);
      model = same.get(content);
      if (!model) same.set(content, (model = fresh));
      built.set(key, model);
    }
    let ofSchema = result.get(schemaName);
    if (!ofSchema) result.set(schemaName, (ofSchema = new Map()));
    ofSchema.set(name, model);
  }
  return result;
}

/**
 * A map from long texts that mostly repeat (one per tenant or per table): a text is compared with
 * the few of the same length already seen instead of hashed, as a Map key would be (hashing every
 * kilobyte of 20,000 texts costs more than comparing them). Past a few texts of one length, those
 * are hashed after all, so that many texts alike but for a few characters are not compared in pairs.
 */
class Distinct<Value> {
  private readonly byLength = new Map<number, { readonly text: string; readonly value: Value }[] | Map<string, Value>>();

  get(text: string): Value | undefined {
    const seen = this.byLength.get(text.length);
    if (seen instanceof Map) return seen.get(text);
    if (seen) for (const entry of seen) if (entry.text === text) return entry.value;
    return undefined;
  }

  set(text: string, value: Value): void {
    const seen = this.byLength.get(text.length);
    if (seen instanceof Map) seen.set(text, value);
    else if (!seen) this.byLength.set(text.length, [{ text, value }]);
    else if (seen.length < 8) seen.push({ text, value });
    else this.byLength.set(text.length, new Map([...seen.map((entry): [string, Value] => [entry.text, entry.value]), [text, value]]));
  }
}

/** One text per list of values, different for any two different lists: each value as its length and itself. */
function exactKey(values: readonly (string | number | null | undefined)[]): string {
  let key = '';
  for (const value of values) key += value === null || value === undefined ? '-,' : typeof value === 'number' ? `#${value},` : `${value.length}:${value}`;
  return key;
}

function groupBySchemaAndTable<Row extends { readonly schemaName: string; readonly tableName: string }>(rows: readonly Row[]): Map<string, Map<string, Row[]>> {
  const bySchema = new Map<string, Row[]>();
  for (const row of rows) {
    const group = bySchema.get(row.schemaName);
    if (group) group.push(row);
    else bySchema.set(row.schemaName, [row]);
  }
  return new Map([...bySchema].map(([schema, ofSchema]) => [schema, groupByTable(ofSchema)]));
}

/** The one-database structure reader's plain rows, for all the schemas at once. */
async function readStructuresFromRows(query: InformationSchemaQuery, mariadb: boolean, schemas: readonly string[], tables: readonly string[]): Promise<Map<string, Map<string, TableModel>>> {
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
