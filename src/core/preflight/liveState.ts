// A live table (information_schema, as the structure engine reads it) in the translator's
// model, so that the pending migrations replay onto what the server really holds.
// Never imports 'vscode'.
import type { ColumnModel, TableModel } from '../structure/model';
import type { ColumnFamily, ColumnState, TableState } from '../translate/tableState';

const families = new Set<string>([
  'bigint', 'int', 'mediumint', 'smallint', 'tinyint', 'varchar', 'char', 'text', 'tinytext', 'mediumtext', 'longtext',
  'decimal', 'double', 'float', 'date', 'datetime', 'time', 'timestamp', 'year', 'json', 'enum', 'set', 'blob', 'binary', 'varbinary', 'uuid',
]);

/** The values of `enum('a','it''s')`, as the server quotes them. */
export function enumValues(type: string): string[] {
  const body = /^(?:enum|set)\((.*)\)$/s.exec(type)?.[1] ?? '';
  return [...body.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
}

function columnState(column: ColumnModel): ColumnState {
  const type = column.type;
  const base = /^[a-z]+/.exec(type)?.[0] ?? type;
  const family: ColumnFamily = type === 'tinyint(1)' ? 'boolean'
    : families.has(base) ? base as ColumnFamily
      : /blob$/.test(base) ? 'blob' : 'text';
  const numbers = /\((\d+)(?:,(\d+))?\)/.exec(type);
  const sized = family === 'varchar' || family === 'char' || family === 'binary' || family === 'varbinary';
  const fractional = family === 'datetime' || family === 'timestamp' || family === 'time';
  return {
    name: column.name,
    sqlType: type,
    family,
    ...(sized && numbers ? { length: Number(numbers[1]) } : {}),
    ...((family === 'decimal' || family === 'double' || family === 'float') && numbers
      ? { precision: Number(numbers[1]), scale: numbers[2] === undefined ? undefined : Number(numbers[2]) } : {}),
    ...(fractional && numbers ? { fsp: Number(numbers[1]) } : {}),
    unsigned: / unsigned\b/.test(type),
    ...(family === 'enum' || family === 'set' ? { values: enumValues(type) } : {}),
    nullable: column.nullable,
    ...(column.default.kind === 'literal' ? { default: { kind: 'literal' as const, value: column.default.value } }
      : column.default.kind === 'expression' ? { default: { kind: 'expression' as const, sql: column.default.sql } } : {}),
    autoIncrement: column.autoIncrement,
    onUpdateCurrentTimestamp: column.onUpdateCurrentTimestamp,
    ...(column.charset ? { charset: column.charset } : {}),
    ...(column.collation ? { collation: column.collation } : {}),
    ...(column.comment ? { comment: column.comment } : {}),
  };
}

/** The live table as a translator state (no migration made it: `migrations` is empty). */
export function liveTableState(table: TableModel): TableState {
  return {
    name: table.name,
    columns: table.columns.map(columnState),
    indexes: table.indexes.map((i) => ({ name: i.name, columns: [...i.columns], kind: i.primary ? 'primary' as const : i.unique ? 'unique' as const : 'index' as const })),
    foreignKeys: table.foreignKeys.map((f) => ({
      name: f.name, columns: [...f.columns], referencedTable: f.referencedTable, referencedColumns: [...f.referencedColumns],
      onDelete: f.onDelete.toLowerCase() as Lowercase<typeof f.onDelete>, onUpdate: f.onUpdate.toLowerCase() as Lowercase<typeof f.onUpdate>,
    })),
    engine: table.options.engine,
    charset: table.options.charset,
    collation: table.options.collation,
    migrations: [],
  };
}
