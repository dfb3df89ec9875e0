// A translated table as a Drizzle mysql-core table built at runtime. What Drizzle's column
// builders cannot say (blob, set, column charset/collation/comment, ON UPDATE with a
// precision) becomes a customType whose SQL type carries it verbatim. Never imports 'vscode'.
import { sql } from 'drizzle-orm';
import {
  AnyMySqlColumn, bigint, boolean, char, customType, date, datetime, decimal, double, foreignKey, index, int, json,
  longtext, mediumint, mediumtext, mysqlEnum, mysqlTable, MySqlTable, primaryKey, smallint, text, time, timestamp,
  tinyint, tinytext, uniqueIndex, varchar, year,
} from 'drizzle-orm/mysql-core';
import type { ColumnState, TableState } from './tableState';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBuilder = any;

/** The SQL of a column type with what Drizzle's builders cannot express, for customType. */
export function customSqlType(column: ColumnState): string {
  let type = column.sqlType;
  if (column.charset) type += ` CHARACTER SET ${column.charset}`;
  if (column.collation) type += ` COLLATE ${column.collation}`;
  if (column.comment !== undefined) type += ` COMMENT '${column.comment.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  if (column.onUpdateCurrentTimestamp) type += ` ON UPDATE CURRENT_TIMESTAMP${column.fsp ? `(${column.fsp})` : ''}`;
  return type;
}

/** What customSqlType packed into a customType's SQL, taken apart again (for the model). */
export interface ColumnSqlParts {
  readonly type: string;
  readonly charset?: string;
  readonly collation?: string;
  readonly comment?: string;
  readonly onUpdateCurrentTimestamp: boolean;
}

const customSqlParts = /^(.*?)(?: CHARACTER SET (\w+))?(?: COLLATE (\w+))?(?: COMMENT '((?:[^'\\]|''|\\.)*)')?(?: ON UPDATE CURRENT_TIMESTAMP(?:\((\d)\))?)?$/s;

/** The inverse of customSqlType: `varchar(40) CHARACTER SET latin1 COMMENT 'x'` -> its parts. */
export function splitColumnSqlType(sqlType: string): ColumnSqlParts {
  const m = customSqlParts.exec(sqlType.trim());
  if (!m) return { type: sqlType, onUpdateCurrentTimestamp: false };
  return {
    type: m[1],
    ...(m[2] ? { charset: m[2] } : {}),
    ...(m[3] ? { collation: m[3] } : {}),
    ...(m[4] !== undefined ? { comment: m[4].replace(/''/g, "'").replace(/\\(.)/g, '$1') } : {}),
    onUpdateCurrentTimestamp: sqlType.includes(' ON UPDATE CURRENT_TIMESTAMP'),
  };
}

export function needsCustomType(column: ColumnState): boolean {
  return ['blob', 'set', 'float', 'binary', 'varbinary', 'uuid'].includes(column.family) || column.charset !== undefined
    || column.collation !== undefined || column.comment !== undefined || onUpdateNeedsCustomType(column);
}

/** Drizzle's onUpdateNow() exists on timestamp only, and without a precision. */
function onUpdateNeedsCustomType(column: ColumnState): boolean {
  return column.onUpdateCurrentTimestamp && (column.family !== 'timestamp' || !!column.fsp);
}

function baseBuilder(column: ColumnState): AnyBuilder {
  const name = column.name;
  if (needsCustomType(column)) {
    const sqlType = customSqlType(column);
    return customType<{ data: string; driverData: string }>({ dataType: () => sqlType })(name);
  }
  const unsigned = column.unsigned ? { unsigned: true } : {};
  switch (column.family) {
    case 'bigint': return bigint(name, { mode: 'number', ...unsigned });
    case 'int': return int(name, unsigned);
    case 'mediumint': return mediumint(name, unsigned);
    case 'smallint': return smallint(name, unsigned);
    case 'tinyint': return tinyint(name, unsigned);
    case 'boolean': return boolean(name);
    case 'varchar': return varchar(name, { length: column.length! });
    case 'char': return char(name, { length: column.length! });
    case 'text': return text(name);
    case 'tinytext': return tinytext(name);
    case 'mediumtext': return mediumtext(name);
    case 'longtext': return longtext(name);
    case 'decimal': return decimal(name, { precision: column.precision, scale: column.scale, ...unsigned });
    case 'double': return double(name, { precision: column.precision, scale: column.scale, ...unsigned });
    case 'date': return date(name, { mode: 'string' });
    case 'datetime': return datetime(name, { mode: 'string', fsp: column.fsp as 0 | undefined });
    case 'time': return time(name, { fsp: column.fsp as 0 | undefined });
    case 'timestamp': return timestamp(name, { mode: 'string', fsp: column.fsp as 0 | undefined });
    case 'year': return year(name);
    case 'json': return json(name);
    case 'enum': return mysqlEnum(name, column.values as [string, ...string[]]);
    default: throw new Error(`no Drizzle builder for ${column.family}`);
  }
}

/** The value Drizzle's builder takes for a literal default of this column. */
export function drizzleDefault(column: ColumnState, literal: string): string | number | boolean {
  // A customType column's data is a string: its default stays the literal Laravel wrote.
  if (needsCustomType(column)) return literal;
  switch (column.family) {
    case 'bigint': case 'int': case 'mediumint': case 'smallint': case 'tinyint': case 'year':
      return /^-?\d+$/.test(literal) && Number.isSafeInteger(Number(literal)) ? Number(literal) : literal;
    case 'boolean': return literal === '1' ? true : literal === '0' ? false : literal;
    default: return literal;
  }
}

function columnBuilder(column: ColumnState, inlinePrimary: boolean): AnyBuilder {
  let builder = baseBuilder(column);
  if (!column.nullable) builder = builder.notNull();
  if (column.autoIncrement) builder = builder.autoincrement();
  if (inlinePrimary) builder = builder.primaryKey();
  if (column.default?.kind === 'literal') builder = builder.default(drizzleDefault(column, column.default.value));
  else if (column.default?.kind === 'expression') {
    // Only timestamp builders have defaultNow(); datetime takes the expression.
    builder = column.default.sql === 'CURRENT_TIMESTAMP' && typeof builder.defaultNow === 'function'
      ? builder.defaultNow()
      : builder.default(sql.raw(column.default.sql));
  }
  if (column.onUpdateCurrentTimestamp && !onUpdateNeedsCustomType(column)) builder = builder.onUpdateNow();
  return builder;
}

/** Drizzle column key for a snake_case name: camelCase, as hand-written schemas do. */
export function columnKey(name: string): string {
  const key = name.replace(/[^A-Za-z0-9_$]/g, '_').replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[0-9]/.test(key) ? `_${key}` : key || '_';
}

/** Keys unique within a table even when two names camelCase alike (`a_b`, `aB`). */
export function columnKeys(names: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    let key = columnKey(name);
    for (let n = 2; used.has(key); n++) key = `${columnKey(name)}${n}`;
    used.add(key);
    keys.set(name, key);
  }
  return keys;
}

const referencedTables = new Map<string, MySqlTable>();

/** A table declared only as far as a foreign key needs it (its name and referenced columns). */
function referencedTable(name: string, columns: readonly ColumnState[], referencedColumns: readonly string[]): MySqlTable {
  const id = `${name}\u0000${referencedColumns.join(',')}\u0000${columns.map((c) => c.sqlType).join(',')}`;
  let table = referencedTables.get(id);
  if (!table) {
    const shape: Record<string, AnyBuilder> = Object.create(null);
    referencedColumns.forEach((c, i) => { shape[c] = baseBuilder({ ...columns[i], name: c, nullable: true, autoIncrement: false, default: undefined }); });
    table = mysqlTable(name, shape);
    referencedTables.set(id, table);
  }
  return table;
}

export function tableToDrizzle(state: TableState): MySqlTable {
  const keys = columnKeys(state.columns.map((c) => c.name));
  const primary = state.indexes.find((i) => i.kind === 'primary');
  const inlinePrimary = primary && primary.columns.length === 1 ? primary.columns[0] : undefined;
  const shape: Record<string, AnyBuilder> = Object.create(null);
  for (const column of state.columns) shape[keys.get(column.name)!] = columnBuilder(column, column.name === inlinePrimary);
  const byName = (t: Record<string, AnyMySqlColumn>, name: string): AnyMySqlColumn => t[keys.get(name)!];
  return mysqlTable(state.name, shape, (t: Record<string, AnyMySqlColumn>) => {
    const extras: AnyBuilder[] = [];
    if (primary && !inlinePrimary) extras.push(primaryKey({ columns: primary.columns.map((c) => byName(t, c)) as [AnyMySqlColumn, ...AnyMySqlColumn[]] }));
    for (const idx of state.indexes) {
      // The server makes these itself for their foreign key; declaring them would collide. Once
      // the key is gone the index stays, and is declared like any other.
      if (idx.kind === 'primary' || (idx.implicitForForeignKey && state.foreignKeys.some((fk) => fk.name === idx.name))) continue;
      // drizzle-orm's mysql-core has no FULLTEXT index: a plain index would declare another structure.
      if (idx.kind === 'fulltext') continue;
      const [first, ...rest] = idx.columns.map((c) => byName(t, c));
      extras.push((idx.kind === 'unique' ? uniqueIndex(idx.name) : index(idx.name)).on(first, ...rest));
    }
    for (const fk of state.foreignKeys) {
      const local = fk.columns.map((c) => byName(t, c));
      const foreign = fk.referencedTable === state.name
        ? fk.referencedColumns.map((c) => byName(t, c))
        : fk.referencedColumns.map((c) => {
          const table = referencedTable(fk.referencedTable, fk.columns.map((l) => state.columns.find((s) => s.name === l)!), fk.referencedColumns);
          return (table as unknown as Record<string, AnyMySqlColumn>)[c];
        });
      let builder: AnyBuilder = foreignKey({ name: fk.name, columns: local as [AnyMySqlColumn], foreignColumns: foreign as [AnyMySqlColumn] });
      if (fk.onDelete) builder = builder.onDelete(fk.onDelete);
      if (fk.onUpdate) builder = builder.onUpdate(fk.onUpdate);
      extras.push(builder);
    }
    return extras;
  }) as unknown as MySqlTable;
}
