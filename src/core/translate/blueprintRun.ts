// Runs one Blueprint command on the table as the target version's grammar and the server do:
// what the command does to the columns, indexes and keys (serverTable.ts), change() and
// renameColumn() through doctrine/dbal (8–10, doctrineAlter.ts) or natively (11+,
// nativeAlter.ts). Reading the Blueprint's calls into commands is blueprint.ts's. Never
// imports 'vscode'.
import { message } from '../messages/catalog';
import type { BlueprintResult, BlueprintSettings } from './blueprint';
import type { ColumnDefinition } from './columnTypes';
import { changedByDoctrine, renamedByDoctrine } from './doctrineAlter';
import { changedNatively, renamedNatively } from './nativeAlter';
import { type Attrs, fail, refused, str } from './phpValues';
import * as server from './serverTable';
import type { ColumnState, ForeignKeyState, TableState } from './tableState';

/** A Laravel command Fluent (index, foreign, dropColumn...); `add`/`change` carry their columns. */
export interface Command {
  readonly name: string;
  readonly attrs: Attrs;
  readonly columns?: readonly ColumnDefinition[];
  /** Raw SQL's one column: as the server keeps it, and where it goes (sqlColumn.ts). */
  readonly sqlColumn?: { readonly column: ColumnState; readonly position: server.ColumnPosition };
}

/** What running a command needs of the Blueprint that wrote it. */
export interface CommandRun {
  readonly settings: BlueprintSettings;
  /** The column as the grammar compiles it. */
  compile(definition: ColumnDefinition): ColumnState;
  /** The Blueprint has a primary() command. */
  readonly primaryCommand: boolean;
}

/**
 * Runs `command` on `table` (changed in place). `before` is the table as it was before the
 * Blueprint, which doctrine/dbal's renameColumn() reads.
 */
export function runCommand(run: CommandRun, command: Command, table: TableState, before: TableState | undefined, result: BlueprintResult): void {
  const a = command.attrs;
  switch (command.name) {
    case 'add':
      for (const column of command.columns!) server.addColumn(table, run.compile(column), position(column.attrs));
      return;
    case 'change':
      for (const column of command.columns!) change(run, table, column);
      return;
    case 'primary': case 'unique': case 'index': case 'fulltext':
      if (command.name === 'index') keyWithinEngine(table, a.columns as string[]);
      server.addIndex(table, { name: command.name === 'primary' ? 'PRIMARY' : (a.index as string), columns: a.columns as string[], kind: command.name });
      return;
    case 'foreign': server.addForeignKey(table, foreignKey(run, command)); return;
    case 'dropColumn': server.dropColumns(table, a.columns as string[], run.settings.server); return;
    case 'renameColumn': {
      const to = a.to as string;
      server.notGenerationBase(table, a.from as string, 'renameColumn');
      const renamed = renamedColumn(run, table, before, a.from as string, to);
      server.renameColumn(table, renamed.from, renamed.column);
      result.renamedColumns.push([renamed.from, to]);
      return;
    }
    case 'dropPrimary': server.dropIndex(table, 'PRIMARY'); return;
    case 'dropUnique': case 'dropIndex': server.dropIndex(table, a.index as string); return;
    case 'dropForeign': server.dropForeignKey(table, a.index as string); return;
    case 'renameIndex': server.renameIndex(table, a.from as string, a.to as string); return;
    case 'rename': result.renamedTo = a.to as string; return;
    case 'sqlColumn': sqlColumn(command, table, result); return;
    case 'engine':
      // Only from the engine the model is of: another (MyISAM) may have shortened the keys of its indexes (1000 bytes), which InnoDB keeps.
      if (table.engine !== undefined && table.engine.toLowerCase() !== 'innodb') fail(message('unknown.engineFrom', table.engine));
      table.engine = a.engine as string;
      return;
    default: fail(message('unknown.command', command.name));
  }
}

/**
 * Raw SQL's ADD, MODIFY or CHANGE of one column: MODIFY and CHANGE state the whole column again,
 * as a native change() does; CHANGE renames it too, in the table's keys and in those of other
 * tables that reference it.
 */
function sqlColumn(command: Command, table: TableState, result: BlueprintResult): void {
  const { column, position } = command.sqlColumn!;
  const from = command.attrs.from as string;
  if (command.attrs.action === 'add') {
    server.addColumn(table, column, position);
    return;
  }
  server.notGenerationBase(table, from, 'ALTER TABLE');
  // The server finds the column in any case; which case it then keeps is not translated.
  if (table.columns[server.columnIndex(table, from)].name !== from) fail(message('unknown.sqlColumnCase', from));
  if (column.name !== from) {
    server.renameColumn(table, from, column);
    result.renamedColumns.push([from, column.name]);
  }
  server.replaceColumn(table, column.name, column, position);
}

function change(run: CommandRun, table: TableState, definition: ColumnDefinition): void {
  const current = table.columns[server.columnIndex(table, definition.name)];
  server.notGenerationBase(table, definition.name, 'change');
  const next = run.compile(definition);
  if (run.settings.grammar.alter === 'doctrine') {
    // Doctrine keeps the column where it is: after() and first() are not Doctrine options.
    table.columns[server.columnIndex(table, definition.name)] = changedByDoctrine(current, definition, next, run.settings.server);
  } else {
    if (next.autoIncrement) changeToAutoIncrement(run, table, definition);
    server.replaceColumn(table, definition.name, changedNatively(current, next), position(definition.attrs));
  }
}

/**
 * MySqlGrammar::modifyIncrement on a change: `auto_increment` alone, unless the column is made
 * the primary key too (->primary(), or a primary() of the Blueprint, not translated). The server
 * then wants it to lead an index, and to be the table's only auto-increment column (1075).
 */
function changeToAutoIncrement(run: CommandRun, table: TableState, definition: ColumnDefinition): void {
  if (definition.attrs.primary !== undefined || run.primaryCommand) fail(message('unknown.changeToAutoIncrement', definition.name));
  const name = table.columns[server.columnIndex(table, definition.name)].name;
  const leads = table.indexes.some((i) => i.kind !== 'fulltext' && i.columns[0] === name);
  const other = table.columns.some((c) => c.autoIncrement && c.name !== name);
  if (!leads || other) refused(message('unknown.changeToAutoIncrementRefused', definition.name));
}

/**
 * 8–10: RenameColumn reads the column when the Blueprint is compiled, before any of its
 * statements ran, and writes that definition back under the new name (undoing a change()
 * of the same Blueprint). 11+: RENAME COLUMN keeps the column as it is.
 */
function renamedColumn(run: CommandRun, table: TableState, before: TableState | undefined, from: string, to: string): { from: string; column: ColumnState } {
  if (run.settings.grammar.alter === 'native') {
    const current = table.columns[server.columnIndex(table, from)];
    return { from: current.name, column: renamedNatively(current, to) };
  }
  // Doctrine finds the column without its quotes and in any case.
  const key = from.replace(/^([`"])(.*)\1$/, '$2').toLowerCase();
  const read = before?.columns.find((c) => c.name.toLowerCase() === key);
  if (!read) fail(message('unknown.renameColumnNone', from));
  return { from: read.name, column: renamedByDoctrine(read, to, run.settings.server) };
}

function foreignKey(run: CommandRun, command: Command): ForeignKeyState {
  const on = command.attrs.on;
  if (on === undefined) fail(message('unknown.foreignNoTable', String(command.attrs.index)));
  const referenced = command.attrs.references;
  if (referenced === undefined) fail(message('unknown.foreignNoColumn', String(command.attrs.index)));
  return {
    name: command.attrs.index as string,
    columns: command.attrs.columns as string[],
    referencedTable: run.settings.tablePrefix + str(on, message('part.referencedTable')),
    referencedColumns: Array.isArray(referenced) ? referenced.map((c) => str(c, message('part.aReferencedColumn'))) : [str(referenced, message('part.referencedColumn'))],
    onDelete: command.attrs.onDelete as ForeignKeyState['onDelete'],
    onUpdate: command.attrs.onUpdate as ForeignKeyState['onUpdate'],
  };
}

function position(a: Attrs): server.ColumnPosition {
  return { first: a.first === true, after: typeof a.after === 'string' ? a.after : undefined };
}

/** Bytes a character may take in a charset (utf8mb4 when not said: Laravel's default). */
function bytesPerCharacter(charset: string | undefined): number {
  const name = (charset ?? 'utf8mb4').toLowerCase();
  if (name === 'latin1' || name === 'ascii' || name === 'binary') return 1;
  if (name === 'utf8' || name === 'utf8mb3') return 3;
  if (name === 'ucs2') return 2;
  return 4;
}

/**
 * MyISAM (and the engines but InnoDB) keep at most 1000 bytes of a plain index's key: the server
 * makes a longer one a prefix (`name(250)` in utf8mb4, note 1071), which is not translated. A
 * column the index cannot name is left to the server's own refusal further on.
 */
function keyWithinEngine(table: TableState, columns: readonly string[]): void {
  if (table.engine === undefined || table.engine.toLowerCase() === 'innodb') return;
  let bytes = 0;
  for (const name of columns) {
    const column = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!column) return;
    if (column.family === 'varchar' || column.family === 'char') bytes += (column.length ?? 255) * bytesPerCharacter(column.charset ?? table.charset);
    else if (column.family.endsWith('text')) bytes += 1001;
  }
  if (bytes > 1000) fail(message('unknown.engineKeyLength', columns.join(', '), table.engine));
}

