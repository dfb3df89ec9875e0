// ALTER TABLE statements that bring a live table to its expected structure, one per fix,
// in an order the server accepts: foreign keys that go or change are dropped first, then
// indexes, table options, added and modified columns, new indexes, new foreign keys, and
// last the lossy column drops.
import type { ColumnModel, ForeignKeyModel, IndexModel, StructureDifference, TableModel } from './model';
import { compareTables } from './compare';
import { columnDefinitionSql, foreignKeyDefinitionSql, indexDefinitionSql, plainWord, UnrenderableStructure } from './ddl';
import { message } from '../messages/catalog';
import { quoteIdentifier as q } from './normalise';

export interface ReconcileStatement {
  readonly sql: string;
  readonly lossy: boolean;
  /** The main difference this statement fixes. */
  readonly difference: StructureDifference;
  /** Every difference this statement fixes (a MODIFY COLUMN fixes type, nullability, default... at once). */
  readonly differences: readonly StructureDifference[];
}

/** MODIFY needs the table's own charset spelled out to undo a column-level charset. */
function modifyDefinitionSql(column: ColumnModel, expected: TableModel): string {
  if (column.collation || column.charset || !/char|text|enum|set/.test(column.type) || !expected.options.collation) return columnDefinitionSql(column);
  const withTableCharset: ColumnModel = { ...column, charset: expected.options.charset, collation: expected.options.collation };
  return columnDefinitionSql(withTableCharset);
}

/**
 * The column a MODIFY writes. MODIFY resets every attribute it does not restate, and the repair
 * changes only what it previews: the expected column, with what the comparison does not look at
 * kept as the server has it (the comment, whether the migrations gave it or a person added it;
 * INVISIBLE). What it cannot restate is refused rather than silently dropped: a CHECK of the
 * column's own, and a generation the expected column does not have (the comparison checks a
 * generation only when one is expected, and a stored column made plain stops being computed).
 * What MariaDB would refuse is refused here, before a step fails midway: an invisible column
 * NOT NULL without a default (error 4108; restating INVISIBLE is what keeps it, and no statement
 * both keeps it invisible and leaves the default as expected). MySQL 8 has no such rule; a server
 * not known is treated as MariaDB.
 */
function modifiedColumn(expected: ColumnModel, live: ColumnModel, server: 'mariadb' | 'mysql' | undefined): ColumnModel {
  const subject = JSON.stringify(live.name);
  if (live.ownCheck !== undefined) throw new UnrenderableStructure(message('ddl.modifyDropsCheck', subject, live.ownCheck));
  if (live.generated && !expected.generated) throw new UnrenderableStructure(message('ddl.modifyUngenerates', subject));
  if (live.invisible && server !== 'mysql' && !expected.nullable && expected.default.kind === 'none' && !expected.autoIncrement && !expected.generated) {
    throw new UnrenderableStructure(message('ddl.modifyInvisibleNotNull', subject));
  }
  return { ...expected, comment: live.comment, invisible: live.invisible };
}

function dropIndexSql(index: IndexModel): string {
  return index.primary ? 'DROP PRIMARY KEY' : `DROP INDEX ${q(index.name)}`;
}

const indexSql = (index: IndexModel, table: TableModel): string => `ADD ${indexDefinitionSql(index, table.columns)}`;
const foreignKeySql = (foreignKey: ForeignKeyModel): string => `ADD ${foreignKeyDefinitionSql(foreignKey)}`;

const find = <T extends { readonly name: string }>(items: readonly T[], name: string) =>
  items.find((item) => item.name.toLowerCase() === name.toLowerCase());

/** `server`: the server the statements are for, when known (what it refuses differs). */
export function reconcileStatements(expected: TableModel, live: TableModel, server?: 'mariadb' | 'mysql'): ReconcileStatement[] {
  const differences = compareTables(expected, live);
  const table = q(live.name);
  const alter = (clause: string) => `ALTER TABLE ${table} ${clause}`;
  const statement = (sql: string, fixes: readonly StructureDifference[], lossy = fixes.some((d) => d.lossyToFix)): ReconcileStatement => ({
    sql, lossy, difference: fixes[0], differences: fixes,
  });
  const of = (...kinds: StructureDifference['kind'][]) => differences.filter((d) => kinds.includes(d.kind));

  const dropForeignKeys = of('extra-foreign-key').map((d) => statement(alter(`DROP FOREIGN KEY ${q(d.subject)}`), [d]));
  // A changed foreign key is dropped here and re-added below; both statements fix it.
  const changedForeignKeys = of('foreign-key-definition').map((d) => statement(alter(`DROP FOREIGN KEY ${q(d.subject)}`), [d]));

  const options = of('table-option');
  const tableOptions: ReconcileStatement[] = [];
  const engine = options.find((d) => d.subject === 'engine');
  if (engine) tableOptions.push(statement(alter(`ENGINE=${plainWord(expected.options.engine!, 'engine')}`), [engine]));
  const charset = options.filter((d) => d.subject !== 'engine');
  if (charset.length > 0 && expected.options.charset) {
    const collate = expected.options.collation ? ` COLLATE ${plainWord(expected.options.collation, 'collation')}` : '';
    tableOptions.push(statement(alter(`CONVERT TO CHARACTER SET ${plainWord(expected.options.charset, 'character set')}${collate}`), charset));
  }

  const addColumns = of('missing-column').map((d) => {
    const position = expected.columns.findIndex((c) => c.name.toLowerCase() === d.subject.toLowerCase());
    const column = expected.columns[position];
    const after = position === 0 ? ' FIRST' : ` AFTER ${q(expected.columns[position - 1].name)}`;
    return statement(alter(`ADD COLUMN ${columnDefinitionSql(column)}${after}`), [d]);
  });

  const columnKinds: StructureDifference['kind'][] = ['column-type', 'column-nullability', 'column-default', 'column-auto-increment', 'column-on-update', 'column-charset'];
  const modified = new Map<string, StructureDifference[]>();
  for (const d of of(...columnKinds)) modified.set(d.subject, [...(modified.get(d.subject) ?? []), d]);
  const modifyColumns = [...modified].map(([name, fixes]) =>
    statement(alter(`MODIFY COLUMN ${modifyDefinitionSql(modifiedColumn(find(expected.columns, name)!, find(live.columns, name)!, server), expected)}`), fixes));

  // The server refuses to change the type of a column a foreign key uses: such a key that
  // is otherwise fine is dropped before the MODIFY and re-created after it.
  const retyped = of('column-type', 'column-charset').map((d) => d.subject.toLowerCase());
  const handled = new Set(of('extra-foreign-key', 'foreign-key-definition').map((d) => d.subject.toLowerCase()));
  const blocking = live.foreignKeys.filter((fk) => !handled.has(fk.name.toLowerCase()) && fk.columns.some((c) => retyped.includes(c.toLowerCase())));
  const unblock = blocking.map((fk) => {
    const cause = of('column-type', 'column-charset').find((d) => fk.columns.some((c) => c.toLowerCase() === d.subject.toLowerCase()))!;
    return {
      drop: statement(alter(`DROP FOREIGN KEY ${q(fk.name)}`), [cause], false),
      add: statement(alter(foreignKeySql(find(expected.foreignKeys, fk.name) ?? fk)), [cause], false),
    };
  });

  // Drop and re-add in one statement, so a foreign key relying on the index never lacks one.
  const changedIndexes = of('index-definition').map((d) => {
    const index = find(expected.indexes, d.subject)!;
    return statement(alter(`${dropIndexSql(find(live.indexes, d.subject)!)}, ${indexSql(index, expected)}`), [d]);
  });
  const addIndexes = of('missing-index').map((d) => statement(alter(indexSql(find(expected.indexes, d.subject)!, expected)), [d]));
  // After the new indexes exist: an index a kept foreign key relies on may only go once another serves it.
  const dropIndexes = of('extra-index').map((d) => statement(alter(dropIndexSql(find(live.indexes, d.subject)!)), [d]));
  const addForeignKeys = of('missing-foreign-key', 'foreign-key-definition')
    .map((d) => statement(alter(foreignKeySql(find(expected.foreignKeys, d.subject)!)), [d]));
  const dropColumns = of('extra-column').map((d) => statement(alter(`DROP COLUMN ${q(d.subject)}`), [d]));

  return [
    ...dropForeignKeys, ...changedForeignKeys, ...unblock.map((u) => u.drop), ...tableOptions,
    ...addColumns, ...modifyColumns, ...changedIndexes, ...addIndexes, ...dropIndexes,
    ...unblock.map((u) => u.add), ...addForeignKeys, ...dropColumns,
  ];
}
