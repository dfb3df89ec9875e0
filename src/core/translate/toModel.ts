// A translated table as the structure model, directly: what the server reports after
// Laravel built it. Reads only the fields it knows, so attributes the translator adds later
// change nothing here until they are modelled. Never imports 'vscode'.
import { charsetOfCollation, resolveTableOptions } from '../structure/defaults';
import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel, TableOptions } from '../structure/model';
import { normaliseAction, normaliseDeclaredDefault, normaliseType, quoteLiteral } from '../structure/normalise';
import type { ColumnState, TableState } from './tableState';

function columnType(column: ColumnState): string {
  // The server doubles quotes inside enum values; the translator keeps the values apart.
  if (column.family === 'enum' && column.values) return `enum(${column.values.map(quoteLiteral).join(',')})`;
  return normaliseType(column.sqlType);
}

function columnModel(column: ColumnState, primary: ReadonlySet<string>, tableCollation: string | undefined): ColumnModel {
  const type = columnType(column);
  // The server makes every primary-key column NOT NULL.
  const nullable = column.nullable && !primary.has(column.name);
  const declared = column.default === undefined
    ? undefined
    : column.default.kind === 'literal'
      ? { kind: 'value' as const, value: column.default.value }
      : { kind: 'sql' as const, sql: column.default.sql };
  return {
    name: column.name,
    type,
    nullable,
    default: normaliseDeclaredDefault(declared, { nullable, type }),
    autoIncrement: column.autoIncrement,
    onUpdateCurrentTimestamp: column.onUpdateCurrentTimestamp,
    // information_schema cannot tell the table's collation said again from the one a column inherits;
    // said with its character set, it is still the table's, not that set's default.
    ...(column.collation ? (column.collation.toLowerCase() !== tableCollation ? { charset: column.charset ?? charsetOfCollation(column.collation), collation: column.collation } : {}) : column.charset ? { charset: column.charset } : {}),
    ...(column.comment !== undefined ? { comment: column.comment } : {}),
    ...(column.generated ? { generated: { ...column.generated } } : {}),
  };
}

export function tableStateToModel(state: TableState, defaults: TableOptions): TableModel {
  const primaryIndex = state.indexes.find((index) => index.kind === 'primary');
  const primary = new Set(primaryIndex?.columns ?? []);
  const indexes: IndexModel[] = state.indexes.map((index) => ({
    name: index.kind === 'primary' ? 'PRIMARY' : index.name,
    columns: [...index.columns],
    unique: index.kind === 'primary' || index.kind === 'unique',
    primary: index.kind === 'primary',
    ...(index.kind === 'fulltext' ? { fulltext: true } : {}),
  }));
  const foreignKeys: ForeignKeyModel[] = state.foreignKeys.map((key) => ({
    name: key.name,
    columns: [...key.columns],
    referencedTable: key.referencedTable,
    referencedColumns: [...key.referencedColumns],
    onDelete: normaliseAction(key.onDelete),
    onUpdate: normaliseAction(key.onUpdate),
  }));
  const options = resolveTableOptions({ engine: state.engine, charset: state.charset, collation: state.collation }, defaults);
  const tableCollation = options.collation?.toLowerCase();
  return {
    name: state.name,
    columns: state.columns.map((column) => columnModel(column, primary, tableCollation)),
    indexes,
    foreignKeys,
    options,
  };
}
