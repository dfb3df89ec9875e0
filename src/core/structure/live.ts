// Live tables from information_schema, in a fixed number of queries whatever the number
// of tables: TABLES, COLUMNS, STATISTICS, the foreign keys (see readForeignKeys), plus
// CHECK_CONSTRAINTS on MariaDB when a longtext may be json.
import type { Database } from '../db/database';
import { classifyDriverError, isConnectionFailure } from '../db/errors';
import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel, TableOptions } from './model';
import { charsetOfCollation, laravelDefaults } from './defaults';
import { isMariaDbVersion, jsonValidColumn, normaliseAction, normaliseGenerationExpression, normaliseLiveDefault, normaliseType } from './normalise';

export interface TableRow { name: string; engine: string | null; collation: string | null }
export interface ColumnRow {
  tableName: string; name: string; columnDefault: string | null; isNullable: string; dataType: string;
  columnType: string; collation: string | null; extra: string; comment: string; generationExpression?: string | null;
}
export interface IndexRow { tableName: string; name: string; nonUnique: number | string; columnName: string | null; subPart: number | string | null; indexType?: string | null }
export interface ForeignKeyRow {
  tableName: string; name: string; columnName: string; referencedTable: string; referencedColumn: string;
  updateRule: string | null; deleteRule: string | null;
}
export interface CheckRow { tableName: string; name: string; clause: string }

const serverKinds = new WeakMap<Database, Promise<boolean>>();

/**
 * Whether the server is MariaDB: a greeting that names MariaDB says so without a query; any other
 * is asked once per connection (a proxy such as ProxySQL greets with a MySQL version of its own,
 * whatever the server behind it).
 */
export function isMariaDb(db: Database, query: InformationSchemaQuery = (sql, params) => db.query(sql, params)): Promise<boolean> {
  let kind = serverKinds.get(db);
  if (!kind) {
    kind = db.serverVersion !== undefined && isMariaDbVersion(db.serverVersion)
      ? Promise.resolve(true)
      : query<{ version: string }>('SELECT VERSION() AS version').then((rows) => isMariaDbVersion(String(rows[0]?.version ?? '')));
    serverKinds.set(db, kind);
  }
  return kind;
}

/**
 * Engine from the server's default_storage_engine; charset and collation from `laravel`
 * (what config/database.php sets on every CREATE TABLE), else the database's defaults.
 */
export async function connectionDefaults(db: Database, laravel: TableOptions = laravelDefaults): Promise<TableOptions> {
  const [row] = await db.query<{ engine: string | null; charset: string | null; collation: string | null }>(
    `SELECT @@default_storage_engine AS engine, s.DEFAULT_CHARACTER_SET_NAME AS charset, s.DEFAULT_COLLATION_NAME AS collation
       FROM information_schema.SCHEMATA s WHERE s.SCHEMA_NAME = DATABASE()`,
  );
  const collation = laravel.collation ?? (laravel.charset ? undefined : row?.collation ?? undefined);
  return {
    engine: row?.engine ?? laravel.engine,
    charset: laravel.charset ?? (collation ? charsetOfCollation(collation) : row?.charset ?? undefined),
    collation,
  };
}

/** Every base table of the connection's database, or only `tableNames` (missing ones are absent from the map). */
export async function readLiveTables(db: Database, tableNames?: readonly string[]): Promise<Map<string, TableModel>> {
  if (tableNames && tableNames.length === 0) return new Map();
  const bySchema = await readInformationSchema((sql, params) => db.query(sql, params), isMariaDb(db), undefined, tableNames);
  const [rows] = bySchema.values();
  return rows ? buildLiveTables(rows) : new Map();
}

/** The names of every table, view and sequence of a database, and the type of those that are not base tables. */
export interface TableListing {
  readonly names: string[];
  /** TABLE_TYPE (VIEW, SEQUENCE, SYSTEM VERSIONED...) of the names that are not a BASE TABLE: no structure is read for them. */
  readonly otherTypes: Map<string, string>;
}

/**
 * The listing of the connection's database, and the live structure of `tableNames` as
 * readLiveTables reads it: the listing rides on the structure's TABLES query (UNION ALL: each
 * part filtered by the server as when asked alone), one query fewer.
 */
export async function readTableListing(db: Database, tableNames: readonly string[]): Promise<TableListing & { structures: Map<string, TableModel> }> {
  const listing: TableListing = { names: [], otherTypes: new Map() };
  if (tableNames.length === 0) {
    const rows = await db.query<{ name: string; type: string }>('SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
    for (const row of rows) listed(listing, row.name, row.type);
    return { ...listing, structures: new Map() };
  }
  const bySchema = await readInformationSchema((sql, params) => db.query(sql, params), isMariaDb(db), undefined, tableNames, listing);
  const [rows] = bySchema.values();
  return { ...listing, structures: rows ? buildLiveTables(rows) : new Map() };
}

function listed(listing: TableListing, name: string, type: string | null): void {
  listing.names.push(name);
  if (type !== null && type !== 'BASE TABLE') listing.otherTypes.set(name, type);
}

export type InformationSchemaQuery = <Row>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/** The base tables' rows under `where` (schema, name, engine, collation), for one database or many. */
export const tablesSql = (where: Where): string => `SELECT t.TABLE_SCHEMA AS schemaName, t.TABLE_NAME AS name, t.ENGINE AS engine, t.TABLE_COLLATION AS collation
         FROM information_schema.TABLES t
        WHERE t.TABLE_TYPE = 'BASE TABLE' AND ${where('t')}`;

/** The indexes' rows under `where`, each index's columns in their order. */
export const indexesSql = (where: Where): string => `SELECT s.TABLE_SCHEMA AS schemaName, s.TABLE_NAME AS tableName, s.INDEX_NAME AS name, s.NON_UNIQUE AS nonUnique,
              s.COLUMN_NAME AS columnName, s.SUB_PART AS subPart, s.INDEX_TYPE AS indexType
         FROM information_schema.STATISTICS s
        WHERE ${where('s')}
        ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX`;

/**
 * The information_schema rows of `tableNames` (every base table when undefined), grouped by schema:
 * of the connection's database when `schemas` is undefined, else of each of `schemas`. A fixed
 * number of queries whatever the number of schemas or tables.
 */
export async function readInformationSchema(
  query: InformationSchemaQuery,
  isMariaDbServer: Promise<boolean>,
  schemas: readonly string[] | undefined,
  tableNames?: readonly string[],
  listing?: TableListing,
): Promise<Map<string, InformationSchemaRows>> {
  const where: Where = (alias, schemaColumn = 'TABLE_SCHEMA') =>
    `${alias}.${schemaColumn} ${schemas ? 'IN (?)' : '= DATABASE()'}${tableNames ? ` AND ${alias}.TABLE_NAME IN (?)` : ''}`;
  const params = [...(schemas ? [schemas] : []), ...(tableNames ? [tableNames] : [])];
  type WithSchema<Row> = Row & { schemaName: string };
  // `listing` (of the connection's database only) is filled from the second part of the same query,
  // each name's TABLE_TYPE in the engine's column.
  const listedSql = listing && !schemas
    ? `\n        UNION ALL SELECT NULL, l.TABLE_NAME, l.TABLE_TYPE, NULL FROM information_schema.TABLES l WHERE l.TABLE_SCHEMA = DATABASE()` : '';
  const [mariadb, tables, columns, indexes, foreignKeys] = await Promise.all([
    isMariaDbServer,
    query<WithSchema<TableRow>>(
      `${tablesSql(where)}${listedSql}`,
      params,
    ).then((rows) => {
      if (!listedSql) return rows;
      // The listing's rows are the ones without a schema name (every table row has one).
      for (const row of rows) if (row.schemaName === null) listed(listing!, row.name, row.engine);
      return rows.filter((row) => row.schemaName !== null);
    }),
    query<WithSchema<ColumnRow>>(
      `SELECT c.TABLE_SCHEMA AS schemaName, c.TABLE_NAME AS tableName, c.COLUMN_NAME AS name, c.COLUMN_DEFAULT AS columnDefault,
              c.IS_NULLABLE AS isNullable, c.DATA_TYPE AS dataType, c.COLUMN_TYPE AS columnType, c.COLLATION_NAME AS collation,
              c.EXTRA AS extra, c.COLUMN_COMMENT AS comment, c.GENERATION_EXPRESSION AS generationExpression
         FROM information_schema.COLUMNS c
        WHERE ${where('c')}
        ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION`,
      params,
    ),
    query<WithSchema<IndexRow>>(
      indexesSql(where),
      params,
    ),
    readForeignKeys(query, isMariaDbServer, schemas, tableNames, where, params),
  ]);
  const bySchema = new Map<string, { mariadb: boolean; tables: TableRow[]; columns: ColumnRow[]; indexes: IndexRow[]; foreignKeys: ForeignKeyRow[]; jsonColumns: Set<string> }>();
  const of = (schemaName: string) => {
    // One database: one group, whatever spelling each view gives its name.
    const schema = schemas ? schemaName : '';
    let rows = bySchema.get(schema);
    if (!rows) bySchema.set(schema, (rows = { mariadb, tables: [], columns: [], indexes: [], foreignKeys: [], jsonColumns: new Set() }));
    return rows;
  };
  for (const row of tables) of(row.schemaName).tables.push(row);
  for (const row of columns) of(row.schemaName).columns.push(row);
  for (const row of indexes) of(row.schemaName).indexes.push(row);
  for (const [schemaName, rows] of foreignKeys) of(schemaName).foreignKeys.push(...rows);
  // MySQL 8 has a real json type; MariaDB's json is a longtext with a json_valid check. Only the
  // tables with a longtext are asked: CHECK_CONSTRAINTS opens every table it is asked about.
  const longtext = mariadb ? columns.filter((column) => column.dataType.toLowerCase() === 'longtext') : [];
  if (longtext.length > 0) {
    const checkSchemas = [...new Set(longtext.map((column) => column.schemaName))];
    const checkTables = [...new Set(longtext.map((column) => column.tableName))];
    const checks = await query<WithSchema<CheckRow>>(
      `SELECT c.CONSTRAINT_SCHEMA AS schemaName, c.TABLE_NAME AS tableName, c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS clause
         FROM information_schema.CHECK_CONSTRAINTS c
        WHERE c.CONSTRAINT_SCHEMA ${schemas ? 'IN (?)' : '= DATABASE()'} AND c.TABLE_NAME IN (?)`,
      [...(schemas ? [checkSchemas] : []), checkTables],
    );
    for (const check of checks) {
      const column = jsonValidColumn(check.clause);
      if (column) of(check.schemaName).jsonColumns.add(`${check.tableName}\u0000${column}`);
    }
  }
  return bySchema;
}

/**
 * `structures` with, on MariaDB, the CHECK constraints of a column's own set on the columns of
 * `tableNames` (one query): a MODIFY that does not restate such a check drops it, and MySQL 8
 * keeps every check at the table's level. Asked only for the tables a repair may alter, since
 * CHECK_CONSTRAINTS opens every table it is asked about.
 */
export async function withColumnChecks(db: Database, structures: ReadonlyMap<string, TableModel>, tableNames: readonly string[]): Promise<ReadonlyMap<string, TableModel>> {
  if (tableNames.length === 0 || !(await isMariaDb(db))) return structures;
  // `*`: LEVEL exists from MariaDB 10.5.10 only.
  const rows = await db.query<Record<string, unknown>>('SELECT * FROM information_schema.CHECK_CONSTRAINTS c WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND c.TABLE_NAME IN (?)', [tableNames]);
  if (rows.length === 0) return structures;
  const result = new Map(structures);
  for (const [table, checks] of groupByTable(rows.map(columnCheckRow))) {
    const model = result.get(table);
    if (model) result.set(table, withOwnChecks(model, checks));
  }
  return result;
}

interface ColumnCheckRow { readonly tableName: string; readonly name: string; readonly level?: string; readonly clause: string }

const columnCheckRow = (row: Record<string, unknown>): ColumnCheckRow => ({
  tableName: String(row.TABLE_NAME), name: String(row.CONSTRAINT_NAME), clause: String(row.CHECK_CLAUSE),
  ...(row.LEVEL !== undefined && row.LEVEL !== null ? { level: String(row.LEVEL) } : {}),
});

/**
 * The pure half of withColumnChecks. A column's own check is named after the column; LEVEL says
 * which checks are a column's, and without it (before 10.5.10) a check named after a column is
 * taken as that column's: a table's check so named then makes the repair refuse a change it could
 * have made, never drop a check. A json column's json_valid() is its type's, restated by its MODIFY.
 */
export function withOwnChecks(model: TableModel, checks: readonly ColumnCheckRow[]): TableModel {
  const own = new Map<string, string>();
  for (const check of checks) {
    if (check.level !== undefined && check.level.toLowerCase() !== 'column') continue;
    const column = model.columns.find((c) => c.name.toLowerCase() === check.name.toLowerCase());
    if (!column || (column.type === 'json' && jsonValidColumn(check.clause)?.toLowerCase() === column.name.toLowerCase())) continue;
    own.set(column.name, check.clause);
  }
  if (own.size === 0) return model;
  return { ...model, columns: model.columns.map((c) => (own.has(c.name) ? { ...c, ownCheck: own.get(c.name)! } : c)) };
}

export type Where = (alias: string, schemaColumn?: string) => string;

/**
 * The foreign keys of the tables asked, by schema. For many schemas they come from InnoDB's own
 * dictionary (one scan of memory, whatever the number of tables) when it can be read and decoded:
 * KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS open every table of every schema to answer (seconds
 * for a server of thousands of tables). For the connection's own database, or when the dictionary
 * is refused (it needs the PROCESS privilege) or holds a name it spells differently, they come from
 * KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS.
 */
export async function readForeignKeys(
  query: InformationSchemaQuery,
  isMariaDbServer: Promise<boolean>,
  schemas: readonly string[] | undefined,
  tableNames: readonly string[] | undefined,
  where: Where,
  params: readonly unknown[],
): Promise<Map<string, ForeignKeyRow[]>> {
  if (schemas && dictionaryNamesMatch(schemas, tableNames)) {
    const rows = await readForeignKeyDictionary(query, await isMariaDbServer, schemas, tableNames);
    const decoded = rows && foreignKeysFromDictionary(rows, schemas, tableNames);
    if (decoded) return decoded;
  }
  return readForeignKeyViews(query, where, params);
}

/** A row of INNODB_SYS_FOREIGN (MariaDB) or INNODB_FOREIGN (MySQL 8) joined with its columns. */
export interface ForeignKeyDictionaryRow {
  /** `schema/constraint`: the schema in the server's file-name encoding, the constraint as written. */
  readonly id: string;
  /** `schema/table` of the child and of the parent, both in the file-name encoding. */
  readonly forName: string;
  readonly refName: string;
  /** Bit flags: 1 ON DELETE CASCADE, 2 ON DELETE SET NULL, 4 ON UPDATE CASCADE, 8 ON UPDATE SET NULL, 16/32 NO ACTION; none: RESTRICT. */
  readonly type: number | string;
  readonly columnName: string;
  readonly referencedColumn: string;
  readonly pos: number | string;
}

/** A name the file-name encoding keeps as it is (letters, digits, underscore), and no server folds its case. */
const plainName = /^[a-z0-9_]+$/;

function dictionaryNamesMatch(schemas: readonly string[], tableNames: readonly string[] | undefined): boolean {
  return schemas.every((name) => plainName.test(name)) && (tableNames ?? []).every((name) => plainName.test(name));
}

/** The dictionary's rows, or undefined when the server refuses them (no PROCESS privilege, no such view). */
async function readForeignKeyDictionary(
  query: InformationSchemaQuery,
  mariadb: boolean,
  schemas: readonly string[],
  tableNames: readonly string[] | undefined,
): Promise<ForeignKeyDictionaryRow[] | undefined> {
  // Documented names: MariaDB keeps MySQL 5.7's INNODB_SYS_*, MySQL 8 renamed them INNODB_*.
  const [foreign, columns] = mariadb ? ['INNODB_SYS_FOREIGN', 'INNODB_SYS_FOREIGN_COLS'] : ['INNODB_FOREIGN', 'INNODB_FOREIGN_COLS'];
  try {
    return await query<ForeignKeyDictionaryRow>(
      `SELECT f.ID AS id, f.FOR_NAME AS forName, f.REF_NAME AS refName, f.TYPE AS type,
              c.FOR_COL_NAME AS columnName, c.REF_COL_NAME AS referencedColumn, c.POS AS pos
         FROM information_schema.${foreign} f JOIN information_schema.${columns} c ON c.ID = f.ID
        WHERE SUBSTRING_INDEX(f.FOR_NAME, '/', 1) IN (?)${tableNames ? " AND SUBSTRING_INDEX(f.FOR_NAME, '/', -1) IN (?)" : ''}`,
      [schemas, ...(tableNames ? [tableNames] : [])],
    );
  } catch (error) {
    const failure = classifyDriverError(error);
    if (!failure || isConnectionFailure(failure)) throw error;
    return undefined;
  }
}

/**
 * The pure half of the dictionary read: its rows as KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS
 * would give them (same names, rules, order), or undefined when a name is not one the file-name
 * encoding keeps as it is or a constraint name's order could differ from information_schema's.
 */
export function foreignKeysFromDictionary(
  rows: readonly ForeignKeyDictionaryRow[],
  schemas: readonly string[],
  tableNames: readonly string[] | undefined,
): Map<string, ForeignKeyRow[]> | undefined {
  const wantedSchemas = new Set(schemas);
  const wantedTables = tableNames && new Set(tableNames);
  const keyed: { schema: string; order: string; pos: number; row: ForeignKeyRow }[] = [];
  for (const row of rows) {
    const [schema, tableName] = splitDictionaryName(row.forName);
    const [, referencedTable] = splitDictionaryName(row.refName);
    const name = row.id.slice(row.id.indexOf('/') + 1);
    if (!wantedSchemas.has(schema) || (wantedTables && !wantedTables.has(tableName))) continue;
    if (!plainName.test(referencedTable) || !orderableName.test(name)) return undefined;
    const type = Number(row.type);
    keyed.push({
      schema,
      // information_schema sorts by table then constraint name in utf8_general_ci: for printable
      // ASCII, the upper-cased code points.
      order: `${tableName}\u0000${name.toUpperCase()}`,
      pos: Number(row.pos),
      row: {
        tableName, name, columnName: row.columnName, referencedTable, referencedColumn: row.referencedColumn,
        deleteRule: type & 1 ? 'CASCADE' : type & 2 ? 'SET NULL' : type & 16 ? 'NO ACTION' : 'RESTRICT',
        updateRule: type & 4 ? 'CASCADE' : type & 8 ? 'SET NULL' : type & 32 ? 'NO ACTION' : 'RESTRICT',
      },
    });
  }
  keyed.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.pos - b.pos));
  const bySchema = new Map<string, ForeignKeyRow[]>();
  for (const { schema, row } of keyed) {
    const list = bySchema.get(schema);
    if (list) list.push(row);
    else bySchema.set(schema, [row]);
  }
  return bySchema;
}

/** Printable ASCII, no trailing space (information_schema's collation pads): its order is known. */
const orderableName = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

function splitDictionaryName(name: string): [string, string] {
  const slash = name.indexOf('/');
  return [name.slice(0, slash), name.slice(slash + 1)];
}

/** KEY_COLUMN_USAGE and, read apart, REFERENTIAL_CONSTRAINTS. */
async function readForeignKeyViews(query: InformationSchemaQuery, where: Where, params: readonly unknown[]): Promise<Map<string, ForeignKeyRow[]>> {
  type WithSchema<Row> = Row & { schemaName: string };
  const [keyColumns, rules] = await Promise.all([
    query<WithSchema<Omit<ForeignKeyRow, 'updateRule' | 'deleteRule'>>>(
      `SELECT k.TABLE_SCHEMA AS schemaName, k.TABLE_NAME AS tableName, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS columnName,
              k.REFERENCED_TABLE_NAME AS referencedTable, k.REFERENCED_COLUMN_NAME AS referencedColumn
         FROM information_schema.KEY_COLUMN_USAGE k
        WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND ${where('k')}
        ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      params,
    ),
    // Read apart, not joined: MariaDB 10.11 answers a join of the two by opening every table of
    // every schema (25 s on a server of 578 databases, 40 ms apart). MariaDB hides these rows from a
    // SELECT-only account while KEY_COLUMN_USAGE still shows the key: its rules then read as
    // Laravel's default (RESTRICT).
    query<{ schemaName: string; tableName: string; name: string; updateRule: string; deleteRule: string }>(
      `SELECT r.CONSTRAINT_SCHEMA AS schemaName, r.TABLE_NAME AS tableName, r.CONSTRAINT_NAME AS name,
              r.UPDATE_RULE AS updateRule, r.DELETE_RULE AS deleteRule
         FROM information_schema.REFERENTIAL_CONSTRAINTS r
        WHERE ${where('r', 'CONSTRAINT_SCHEMA')}`,
      params,
    ),
  ]);
  const ruleOf = new Map(rules.map((r) => [`${r.schemaName}\u0000${r.tableName}\u0000${r.name}`, r]));
  const bySchema = new Map<string, ForeignKeyRow[]>();
  for (const { schemaName, ...k } of keyColumns) {
    const rule = ruleOf.get(`${schemaName}\u0000${k.tableName}\u0000${k.name}`);
    const row = { ...k, updateRule: rule?.updateRule ?? null, deleteRule: rule?.deleteRule ?? null };
    const list = bySchema.get(schemaName);
    if (list) list.push(row);
    else bySchema.set(schemaName, [row]);
  }
  return bySchema;
}

export interface InformationSchemaRows {
  readonly mariadb: boolean;
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly indexes: readonly IndexRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  /** `table\0column` of longtext columns carrying MariaDB's json_valid check. */
  readonly jsonColumns: ReadonlySet<string>;
}

/** The pure half of readLiveTables: information_schema rows to models (unit-tested with both servers' rows). */
export function buildLiveTables(rows: InformationSchemaRows): Map<string, TableModel> {
  const result = new Map<string, TableModel>();
  // Grouped once: filtering every row list per table is quadratic on 10,000 tables.
  const columnsOf = groupByTable(rows.columns);
  const indexesOf = groupByTable(rows.indexes);
  const foreignKeysOf = groupByTable(rows.foreignKeys);
  for (const table of rows.tables) {
    const tableCollation = table.collation ?? undefined;
    const columns: ColumnModel[] = (columnsOf.get(table.name) ?? []).map((row) => liveColumn(row, tableCollation, rows));
    result.set(table.name, {
      name: table.name,
      columns,
      indexes: liveIndexes(indexesOf.get(table.name) ?? []),
      foreignKeys: liveForeignKeys(foreignKeysOf.get(table.name) ?? []),
      options: {
        engine: table.engine ?? undefined,
        charset: tableCollation ? charsetOfCollation(tableCollation) : undefined,
        collation: tableCollation,
      },
    });
  }
  return result;
}

/** Rows by their table, each table's in the order given. */
export function groupByTable<Row extends { readonly tableName: string }>(list: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of list) {
    const group = groups.get(row.tableName);
    if (group) group.push(row);
    else groups.set(row.tableName, [row]);
  }
  return groups;
}

function liveColumn(row: ColumnRow, tableCollation: string | undefined, rows: InformationSchemaRows): ColumnModel {
  const json = rows.mariadb && row.dataType.toLowerCase() === 'longtext' && rows.jsonColumns.has(`${row.tableName}\u0000${row.name}`);
  const type = json ? 'json' : normaliseType(row.columnType);
  const nullable = String(row.isNullable).toUpperCase() === 'YES';
  const extra = String(row.extra ?? '').toLowerCase();
  const collation = !json && row.collation && row.collation !== tableCollation ? row.collation : undefined;
  const kind = /\b(virtual|stored|persistent) generated\b/.exec(extra)?.[1];
  const expression = row.generationExpression ?? undefined;
  // The optional parts assigned rather than spread in: ~10,000 live columns at 10,000 migrations.
  const column: { -readonly [K in keyof ColumnModel]: ColumnModel[K] } = {
    name: row.name,
    type,
    nullable,
    default: normaliseLiveDefault(row.columnDefault, { nullable, type, generated: extra.includes('default_generated'), mariadb: rows.mariadb }),
    autoIncrement: extra.includes('auto_increment'),
    onUpdateCurrentTimestamp: /on update current_timestamp/.test(extra),
  };
  if (collation) {
    column.charset = charsetOfCollation(collation);
    column.collation = collation;
  }
  if (row.comment) column.comment = row.comment;
  if (/\binvisible\b/.test(extra)) column.invisible = true;
  if (kind) column.generated = { stored: kind !== 'virtual', ...(expression !== undefined ? { expression: normaliseGenerationExpression(expression) ?? expression } : {}) };
  return column;
}

function liveIndexes(rows: readonly IndexRow[]): IndexModel[] {
  const byName = new Map<string, { columns: string[]; unique: boolean; fulltext: boolean }>();
  for (const row of rows) {
    let index = byName.get(row.name);
    if (!index) byName.set(row.name, (index = { columns: [], unique: Number(row.nonUnique) === 0, fulltext: row.indexType === 'FULLTEXT' }));
    // A prefix index (`name(10)`) keeps its length: it is part of the definition.
    index.columns.push(row.subPart === null || row.subPart === undefined ? String(row.columnName) : `${row.columnName}(${row.subPart})`);
  }
  return [...byName].map(([name, index]) => ({
    name, columns: index.columns, unique: index.unique, primary: name === 'PRIMARY', ...(index.fulltext ? { fulltext: true } : {}),
  }));
}

function liveForeignKeys(rows: readonly ForeignKeyRow[]): ForeignKeyModel[] {
  const byName = new Map<string, ForeignKeyModel & { columns: string[]; referencedColumns: string[] }>();
  for (const row of rows) {
    let foreignKey = byName.get(row.name);
    if (!foreignKey) {
      foreignKey = {
        name: row.name, columns: [], referencedTable: row.referencedTable, referencedColumns: [],
        onDelete: normaliseAction(row.deleteRule), onUpdate: normaliseAction(row.updateRule),
      };
      byName.set(row.name, foreignKey);
    }
    foreignKey.columns.push(row.columnName);
    foreignKey.referencedColumns.push(row.referencedColumn);
  }
  return [...byName.values()];
}
