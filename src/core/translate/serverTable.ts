// What MariaDB/MySQL (InnoDB) does to a table when Laravel's statements run: where a column
// goes, which indexes a foreign key makes or gives up, what a drop or rename carries along.
// Measured on MariaDB 10.11. Never imports 'vscode'.
import { message, type Message } from '../messages/catalog';
import { fail, refused } from './phpValues';
import { generationColumns } from './columnTypes';
import type { ColumnState, ForeignKeyState, IndexState, TableState } from './tableState';

export interface ColumnPosition {
  readonly first?: boolean;
  readonly after?: string;
}

/** The most columns the server lets a table have (MariaDB and MySQL, whatever the engine). */
const maxColumns = 4096;

export function addColumn(table: TableState, column: ColumnState, position: ColumnPosition = {}): void {
  // Also what keeps this loop bounded: a hostile file declaring 100,000 columns would make it quadratic.
  if (table.columns.length >= maxColumns) refused(message('unknown.tooManyColumns', column.name, table.columns.length + 1));
  // A loop, not some(): a cold run calls it on every column of wide tables.
  for (const c of table.columns) if (c.name === column.name) fail(message('unknown.columnTwice', column.name));
  if (column.generated) for (const name of generationColumns(column.generated.expression)) columnIndex(table, name);
  placeColumn(table, column, position);
  if (column.autoIncrement) addIndex(table, { name: 'PRIMARY', columns: [column.name], kind: 'primary' });
}

function placeColumn(table: TableState, column: ColumnState, position: ColumnPosition): void {
  if (position.first) table.columns.unshift(column);
  else if (position.after !== undefined) {
    const at = table.columns.findIndex((c) => c.name === position.after);
    if (at === -1) fail(message('unknown.afterMissing', position.after));
    table.columns.splice(at + 1, 0, column);
  } else table.columns.push(column);
}

/** Replaces a column in place, or moves it when the statement says where (MODIFY ... AFTER). */
export function replaceColumn(table: TableState, name: string, column: ColumnState, position: ColumnPosition = {}): void {
  const at = columnIndex(table, name);
  if (position.first || position.after !== undefined) {
    table.columns.splice(at, 1);
    placeColumn(table, column, position);
  } else table.columns[at] = column;
}

/** MySQL finds a column whatever the case of its name. */
export function columnIndex(table: TableState, name: string): number {
  const lower = name.toLowerCase();
  const at = table.columns.findIndex((c) => c.name.toLowerCase() === lower);
  if (at === -1) fail(message('unknown.noColumn', name, table.name));
  return at;
}

const textFamilies = new Set(['char', 'varchar', 'text', 'tinytext', 'mediumtext', 'longtext']);

/** A column a generated column (not dropped with it) names: what the server does to it is not translated. */
export function notGenerationBase(table: TableState, name: string, method: string, alsoGoing: readonly string[] = []): void {
  const lower = name.toLowerCase();
  const user = table.columns.find((c) => c.generated && !alsoGoing.includes(c.name) && generationColumns(c.generated.expression).includes(lower));
  if (user) fail(message('unknown.generatedReference', method, name, user.name));
}

function startsWith(columns: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= columns.length && prefix.every((c, i) => columns[i] === c);
}

/** The server finds an index or a foreign key whatever the case of its name (1061, errno 121, a drop of `FOO` takes `foo`). */
export function sameKeyName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The columns a key names, as the table names them: the server finds them whatever the case and
 * keeps the table's names (an index on `Email` of the column `email` is on `email`; measured on MariaDB 10.11).
 */
function keyColumnsOf(table: TableState, columns: readonly string[], missing: (column: string) => Message): string[] {
  return columns.map((column) => {
    const lower = column.toLowerCase();
    return table.columns.find((c) => c.name.toLowerCase() === lower)?.name ?? fail(missing(column));
  });
}

export function addIndex(table: TableState, added: IndexState): void {
  if (table.indexes.some((i) => sameKeyName(i.name, added.name))) fail(message('unknown.indexTwice', added.name));
  const index = { ...added, columns: keyColumnsOf(table, added.columns, (column) => message('unknown.indexMissingColumn', added.name, column)) };
  if (index.kind === 'fulltext') {
    // InnoDB makes FULLTEXT indexes of character columns only (1283), and none serves a foreign key.
    const other = table.columns.find((c) => index.columns.includes(c.name) && !textFamilies.has(c.family));
    if (other) refused(message('unknown.fulltextColumn', index.name, other.name, other.family));
    // Its columns must share a collation (else 1283); two columns that say theirs differently may not.
    const said = new Set(table.columns.filter((c) => index.columns.includes(c.name)).map((c) => `${c.charset ?? ''}/${c.collation ?? ''}`.toLowerCase()));
    if (said.size > 1) fail(message('unknown.fulltextCollations', index.name));
  } else {
    // The server drops an index it made for a foreign key once another index can serve it.
    table.indexes = table.indexes.filter((i) => !(i.implicitForForeignKey && startsWith(index.columns, i.columns)));
  }
  table.indexes.push(index);
  // MariaDB makes a primary key's columns NOT NULL for good: they stay so once the key is dropped.
  if (index.kind === 'primary') {
    table.columns = table.columns.map((c) => (c.nullable && index.columns.includes(c.name) ? { ...c, nullable: false } : c));
  }
}

/**
 * The server makes an index named like the key unless an index it did not make itself starts
 * with the key's columns, or one it made is longer; the indexes it made that the new one
 * covers go (so a key re-added under another name takes its index along).
 */
export function addForeignKey(table: TableState, written: ForeignKeyState): void {
  if (table.foreignKeys.some((f) => sameKeyName(f.name, written.name))) fail(message('unknown.foreignKeyTwice', written.name));
  const key = { ...written, columns: keyColumnsOf(table, written.columns, (column) => message('unknown.foreignKeyMissingColumn', written.name, column)) };
  table.foreignKeys.push(key);
  const served = table.indexes.some((i) => i.kind !== 'fulltext' && startsWith(i.columns, key.columns)
    && (!i.implicitForForeignKey || i.columns.length > key.columns.length));
  if (served) return;
  table.indexes = table.indexes.filter((i) => !(i.implicitForForeignKey && startsWith(key.columns, i.columns)));
  // Another index of the key's name fails with 1061.
  addIndex(table, { name: key.name, columns: [...key.columns], kind: 'index', implicitForForeignKey: true });
}

/** The index the server made for the key stays, still marked as made for a key. */
export function dropForeignKey(table: TableState, name: string): void {
  const before = table.foreignKeys.length;
  table.foreignKeys = table.foreignKeys.filter((f) => !sameKeyName(f.name, name));
  if (table.foreignKeys.length === before) refused(message('unknown.dropForeignMissing', name));
}

export function dropIndex(table: TableState, name: string): void {
  const before = table.indexes.length;
  table.indexes = table.indexes.filter((i) => !sameKeyName(i.name, name));
  if (table.indexes.length === before) refused(message('unknown.dropIndexMissing', name));
}

/** A renamed index is no longer one the server made: it stays when another index covers it. */
export function renameIndex(table: TableState, from: string, to: string): void {
  const at = table.indexes.findIndex((i) => sameKeyName(i.name, from));
  if (at === -1) fail(message('unknown.renameIndexMissing', from));
  table.indexes[at] = { ...table.indexes[at], name: to, implicitForForeignKey: false };
}

export function dropColumns(table: TableState, dropped: readonly string[], server: 'mariadb' | 'mysql' | undefined): void {
  // The names as the table has them: the server drops `score` for `SCORE`.
  const columns = dropped.map((name) => table.columns[columnIndex(table, name)]!.name);
  for (const name of columns) {
    notGenerationBase(table, name, 'dropColumn', columns);
    if (table.foreignKeys.some((f) => f.columns.includes(name))) fail(message('unknown.dropColumnForeign', name));
    // MariaDB will not shrink a unique key to fewer columns (that would change what it forbids): 1072.
    const fulltext = table.indexes.find((i) => i.kind === 'fulltext' && i.columns.includes(name) && !i.columns.every((c) => columns.includes(c)));
    if (fulltext) fail(message('unknown.dropColumnInFulltext', name, fulltext.name));
    const key = table.indexes.find((i) => (i.kind === 'primary' || i.kind === 'unique') && i.columns.length > 1 && i.columns.includes(name) && !i.columns.every((c) => columns.includes(c)));
    if (key && server !== 'mysql') {
      if (server === 'mariadb') refused(message('unknown.dropColumnInKey', name, key.kind === 'primary' ? 'PRIMARY' : key.name));
      fail(message('unknown.dropColumnInKeyServer', name, key.kind === 'primary' ? 'PRIMARY' : key.name));
    }
  }
  table.columns = table.columns.filter((c) => !columns.includes(c.name));
  // MySQL removes dropped columns from indexes, and drops indexes left empty.
  table.indexes = table.indexes
    .map((i) => ({ ...i, columns: i.columns.filter((c) => !columns.includes(c)) }))
    .filter((i) => i.columns.length > 0);
  // An index it made for a foreign key goes once a shrunk index can serve the key.
  table.indexes = table.indexes.filter((i) => !(i.implicitForForeignKey && table.indexes.some((o) => !o.implicitForForeignKey && o.kind !== 'fulltext' && startsWith(o.columns, i.columns))));
}

/** The column takes its new name (and definition) in the indexes and keys of its own table. */
export function renameColumn(table: TableState, named: string, column: ColumnState): void {
  const to = column.name;
  const at = columnIndex(table, named);
  // The name as the table has it; another column of the new name in any case is refused (1060).
  const from = table.columns[at]!.name;
  if (table.columns.some((c, i) => i !== at && c.name.toLowerCase() === to.toLowerCase())) fail(message('unknown.renameColumnExists', to));
  table.columns[at] = column;
  const rename = (c: string): string => (c === from ? to : c);
  table.indexes = table.indexes.map((i) => (i.columns.includes(from) ? { ...i, columns: i.columns.map(rename) } : i));
  table.foreignKeys = table.foreignKeys.map((f) => {
    const own = f.columns.includes(from) ? { ...f, columns: f.columns.map(rename) } : f;
    return own.referencedTable === table.name && own.referencedColumns.includes(from) ? { ...own, referencedColumns: own.referencedColumns.map(rename) } : own;
  });
}

/** The keys of `table` that reference `from` (a renamed table or column) follow it, as InnoDB does. */
export function retargetReferences(table: TableState, from: { table: string; column?: string }, to: { table: string; column?: string }): void {
  table.foreignKeys = table.foreignKeys.map((f) => {
    if (f.referencedTable !== from.table) return f;
    if (from.column === undefined) return { ...f, referencedTable: to.table };
    if (!f.referencedColumns.includes(from.column)) return f;
    return { ...f, referencedColumns: f.referencedColumns.map((c) => (c === from.column ? to.column! : c)) };
  });
}
