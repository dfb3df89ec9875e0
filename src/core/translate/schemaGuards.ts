// Schema's questions in a migration (`Schema::hasColumn()`, `hasColumns()`, `hasIndex()`,
// `hasTable()` and their `!`, `&&`, `||`) decided on the tables as a replay has them: the
// translation's and preflight's. Never imports 'vscode'.
import type { IndexGuard, SchemaGuard } from '../analysis/types';
import { message, type Message } from '../messages/catalog';
import type { TableState } from './tableState';

/** What a guard reads: the tables as they are when the closure runs. */
export interface GuardTables {
  /** The connection's table prefix (Laravel adds it to the names the migration writes). */
  readonly prefix: string;
  /** The Laravel that runs the migration, when its Schema\Builder has hasIndex() (10.43+); else why not. */
  readonly hasIndex: true | { readonly label: string };
  /** The table's state, undefined when it does not exist, 'unknown' when that or its structure is not known. */
  table(name: string): TableState | undefined | 'unknown';
}

/**
 * Whether `guard` holds on the tables as they are, or why that cannot be told. `&&` and `||` are
 * decided as soon as one side decides them (PHP's questions change nothing, so their order does not matter).
 */
export function guardHolds(guard: SchemaGuard, tables: GuardTables): boolean | Message {
  if ('all' in guard || 'any' in guard) {
    const each = 'all' in guard;
    let undecided: Message | undefined;
    for (const part of 'all' in guard ? guard.all : guard.any) {
      const holds = guardHolds(part, tables);
      if (holds === !each) return !each;
      if (typeof holds !== 'boolean') undecided ??= holds;
    }
    return undecided ?? each;
  }
  const table = tables.table(tables.prefix + guard.table);
  if ('index' in guard) {
    if (tables.hasIndex !== true) return message('unknown.hasIndexNotInVersion', tables.hasIndex.label);
    if (table === 'unknown') return message('unknown.hasIndexOnUnknown', guard.table, describeIndex(guard.index));
    return indexHolds(guard, table);
  }
  if ('tableExists' in guard) {
    if (table === 'unknown') return message('unknown.hasTableOnUnknown', guard.table);
    return (table !== undefined) === guard.tableExists;
  }
  if (table === 'unknown') return message('unknown.hasColumnOnUnknown', guard.table, guard.column);
  const column = guard.caseSensitive ? guard.column : guard.column.toLowerCase();
  const has = table?.columns.some((c) => (guard.caseSensitive ? c.name : c.name.toLowerCase()) === column) ?? false;
  return has === guard.exists;
}

/** `'name'` or `['a', 'b']`, as the migration wrote hasIndex()'s second argument. */
function describeIndex(index: IndexGuard['index']): string {
  return typeof index === 'string' ? `'${index}'` : `[${index.map((c) => `'${c}'`).join(', ')}]`;
}

/**
 * Schema\Builder::hasIndex() on MySQL/MariaDB (10.43 to 13, unchanged): an index of the table whose
 * name (information_schema's, lower-cased) or columns (as the table names them, in order) are `===`
 * the ones asked, of the type asked: 'primary', 'unique' (a primary key is unique too), or the
 * server's index_type lower-cased: InnoDB's BTREE, and FULLTEXT. A unique index may be MariaDB's
 * HASH (a long unique key), which the state does not tell apart: asked by index_type, it is not known.
 */
function indexHolds(guard: IndexGuard, table: TableState | undefined): boolean | Message {
  let undecided: Message | undefined;
  for (const index of table?.indexes ?? []) {
    const named = typeof guard.index === 'string'
      ? index.name.toLowerCase() === guard.index
      : index.columns.length === guard.index.length
        && index.columns.every((c, i) => (table!.columns.find((column) => column.name.toLowerCase() === c.toLowerCase())?.name ?? c) === guard.index[i]);
    if (!named) continue;
    const type = guard.type;
    if (type === undefined || (type === 'primary' && index.kind === 'primary') || (type === 'unique' && (index.kind === 'unique' || index.kind === 'primary'))
      || type === (index.kind === 'fulltext' ? 'fulltext' : index.kind === 'unique' ? undefined : 'btree')) return guard.exists;
    if (index.kind === 'unique' && (type === 'btree' || type === 'hash')) undecided ??= message('unknown.hasIndexType', table!.name, describeIndex(guard.index), type);
  }
  return undecided ?? !guard.exists;
}
