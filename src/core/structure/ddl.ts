// The SQL text of a structure, rendered from the TableModel by the tool itself: CREATE TABLE
// (columns, primary key and indexes in one statement, so a lost connection never leaves a
// table without some of its indexes), then one ADD CONSTRAINT per foreign key (their tables
// must exist). Every name goes through quoteIdentifier and every string value through
// quoteLiteral; what the model holds as SQL text (a type, an expression default) is checked
// against a strict grammar first. What cannot be rendered safely is refused, never sent.
import type { ColumnModel, ForeignKeyModel, IndexModel, ReferentialAction, TableModel, TableOptions } from './model';
import { charsetOfCollation } from './defaults';
import { english, message, type Message } from '../messages/catalog';
import { identifierProblem, quoteIdentifier as q, quoteLiteral, type IdentifierKind } from './normalise';

/** A structure the renderer cannot put into SQL safely: one sentence for the user, in English and as a message. */
export class UnrenderableStructure extends Error {
  constructor(readonly said: Message) {
    super(english(said));
  }
}

function name(value: string, kind: IdentifierKind): string {
  const problem = identifierProblem(value, kind);
  if (problem) throw new UnrenderableStructure(problem);
  return q(value);
}

/** The values of `enum('a','b''c')` as written by the server (quotes doubled or backslashed). */
function literalList(list: string): string[] | undefined {
  const values: string[] = [];
  const item = /\s*'((?:[^'\\]|''|\\.)*)'\s*(,|$)/gy;
  let m: RegExpExecArray | null;
  while (item.lastIndex < list.length && (m = item.exec(list))) {
    values.push(m[1].replace(/''/g, "'").replace(/\\(.)/g, '$1'));
    if (m[2] === '') return values;
  }
  return item.lastIndex === list.length && list.length > 0 ? values : undefined;
}

const plainType = /^[a-z][a-z0-9]*(?:\(\d+(?:,\d+)?\))?(?: unsigned)?(?: zerofill)?$/;

function typeSql(column: ColumnModel): string {
  const set = /^(enum|set)\((.*)\)$/s.exec(column.type);
  if (set) {
    const values = literalList(set[2]);
    if (values) return `${set[1]}(${values.map(quoteLiteral).join(',')})`;
  } else if (plainType.test(column.type)) {
    return column.type;
  }
  throw new UnrenderableStructure(message('ddl.type', JSON.stringify(column.name), column.type));
}

/** An engine, charset or collation name: letters, digits and underscores only. */
const plainWordKinds = { engine: 'ddl.engine', 'character set': 'ddl.charset', collation: 'ddl.collation' } as const;

export function plainWord(value: string, what: keyof typeof plainWordKinds): string {
  if (/^\w+$/.test(value)) return value;
  throw new UnrenderableStructure(message('ddl.notPlainName', message(plainWordKinds[what]), JSON.stringify(value)));
}

// An expression default is SQL by nature: only calls, names, numbers, quoted strings and
// operators, with balanced parentheses; no statement separator, comment or quoted name.
const expressionToken = /\s+|[A-Za-z_][\w$]*|\d+(?:\.\d+)?(?:e[-+]?\d+)?|'(?:[^'\\]|''|\\.)*'|<=|>=|<>|!=|[-+*/%(),.<>=]/gy;

function expressionSql(sql: string, column: string): string {
  let depth = 0;
  expressionToken.lastIndex = 0;
  while (expressionToken.lastIndex < sql.length) {
    const start = expressionToken.lastIndex;
    const token = expressionToken.exec(sql);
    if (!token || token.index !== start) {
      throw new UnrenderableStructure(message('ddl.defaultNotExpression', JSON.stringify(column), sql));
    }
    if (token[0] === '(') depth++;
    if (token[0] === ')' && --depth < 0) break;
  }
  if (depth !== 0) throw new UnrenderableStructure(message('ddl.defaultUnbalanced', JSON.stringify(column), sql));
  return sql;
}

function defaultSql(column: ColumnModel): string | undefined {
  const value = column.default;
  switch (value.kind) {
    case 'none': return undefined;
    case 'null': return 'NULL';
    case 'literal': return quoteLiteral(value.value);
    case 'expression': return /^CURRENT_TIMESTAMP(\(\d+\))?$/.test(value.sql) ? value.sql : `(${expressionSql(value.sql, column.name)})`;
  }
}

function fspOf(type: string): string {
  return /^(?:timestamp|datetime)\((\d)\)$/.exec(type)?.[1] ?? '';
}

/** One column as in CREATE TABLE, ADD COLUMN and MODIFY COLUMN. */
export function columnDefinitionSql(column: ColumnModel): string {
  const parts = [name(column.name, 'column'), typeSql(column)];
  if (column.generated) {
    // MariaDB takes no NULL, NOT NULL or DEFAULT after a generated column's expression.
    const expression = column.generated.expression;
    if (expression === undefined) throw new UnrenderableStructure(message('ddl.defaultNotExpression', JSON.stringify(column.name), '…'));
    parts.push(`AS (${expressionSql(expression, column.name)}) ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`);
    return [...parts, ...trailingAttributesSql(column)].join(' ');
  }
  if (column.collation) {
    parts.push(`CHARACTER SET ${plainWord(column.charset ?? charsetOfCollation(column.collation), 'character set')} COLLATE ${plainWord(column.collation, 'collation')}`);
  } else if (column.charset) {
    parts.push(`CHARACTER SET ${plainWord(column.charset, 'character set')}`);
  }
  parts.push(column.nullable ? 'NULL' : 'NOT NULL');
  const fallback = defaultSql(column);
  if (fallback !== undefined) parts.push(`DEFAULT ${fallback}`);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  if (column.onUpdateCurrentTimestamp) {
    const fsp = fspOf(column.type);
    parts.push(`ON UPDATE CURRENT_TIMESTAMP${fsp ? `(${fsp})` : ''}`);
  }
  return [...parts, ...trailingAttributesSql(column)].join(' ');
}

/** INVISIBLE and COMMENT, last and in that order, as MariaDB and MySQL 8's column grammar list them. */
function trailingAttributesSql(column: ColumnModel): string[] {
  return [...(column.invisible ? ['INVISIBLE'] : []), ...(column.comment ? [`COMMENT ${quoteLiteral(column.comment)}`] : [])];
}

/** An index's columns: a name the table has, or a name with a prefix length (`title(10)`). */
function indexColumnsSql(index: IndexModel, columns: readonly ColumnModel[]): string {
  const has = (column: string) => columns.some((c) => c.name.toLowerCase() === column.toLowerCase());
  return index.columns.map((column) => {
    if (has(column)) return name(column, 'column');
    const prefix = /^(.*)\((\d+)\)$/s.exec(column);
    if (prefix && has(prefix[1])) return `${name(prefix[1], 'column')}(${prefix[2]})`;
    throw new UnrenderableStructure(message('ddl.indexColumn', JSON.stringify(index.name), JSON.stringify(column)));
  }).join(', ');
}

/** `PRIMARY KEY (...)`, `UNIQUE INDEX name (...)`, `FULLTEXT INDEX name (...)`, `INDEX name (...)`: inside CREATE TABLE, or after ADD. */
export function indexDefinitionSql(index: IndexModel, columns: readonly ColumnModel[]): string {
  const list = indexColumnsSql(index, columns);
  if (index.primary) return `PRIMARY KEY (${list})`;
  return `${index.unique ? 'UNIQUE ' : index.fulltext ? 'FULLTEXT ' : ''}INDEX ${name(index.name, 'index')} (${list})`;
}

// Laravel's foreign() leaves the server's default (RESTRICT) unsaid; so does the tool.
const action = (event: string, value: ReferentialAction): string => (value === 'RESTRICT' ? '' : ` ON ${event} ${value}`);

/** `CONSTRAINT name FOREIGN KEY (...) REFERENCES table (...)`, after ADD. */
export function foreignKeyDefinitionSql(foreignKey: ForeignKeyModel): string {
  return `CONSTRAINT ${name(foreignKey.name, 'foreign key')} FOREIGN KEY (${foreignKey.columns.map((c) => name(c, 'column')).join(', ')}) `
    + `REFERENCES ${name(foreignKey.referencedTable, 'table')} (${foreignKey.referencedColumns.map((c) => name(c, 'column')).join(', ')})`
    + `${action('DELETE', foreignKey.onDelete)}${action('UPDATE', foreignKey.onUpdate)}`;
}

function tableOptionsSql(options: TableOptions): string {
  return [
    options.engine ? `ENGINE=${plainWord(options.engine, 'engine')}` : '',
    options.charset ? `DEFAULT CHARSET=${plainWord(options.charset, 'character set')}` : '',
    options.collation ? `COLLATE=${plainWord(options.collation, 'collation')}` : '',
  ].filter(Boolean).join(' ');
}

/**
 * The statements that create `model` on a schema where its foreign keys' tables exist: the
 * table with its indexes, then each foreign key ('after', as Laravel does), or the foreign keys
 * in the CREATE TABLE itself ('inline': one statement, which the server applies whole or not at
 * all). Throws UnrenderableStructure (one sentence) when a part cannot be written safely;
 * nothing is half-rendered.
 */
export function createTableStatements(model: TableModel, foreignKeys: 'after' | 'inline' = 'after'): string[] {
  const table = name(model.name, 'table');
  if (model.columns.length === 0) throw new UnrenderableStructure(message('ddl.noColumns', JSON.stringify(model.name)));
  const body = [
    ...model.columns.map(columnDefinitionSql),
    ...model.indexes.map((index) => indexDefinitionSql(index, model.columns)),
    ...(foreignKeys === 'inline' ? model.foreignKeys.map(foreignKeyDefinitionSql) : []),
  ];
  const options = tableOptionsSql(model.options);
  return [
    `CREATE TABLE ${table} (\n  ${body.join(',\n  ')}\n)${options ? ` ${options}` : ''}`,
    ...(foreignKeys === 'after' ? model.foreignKeys.map((foreignKey) => `ALTER TABLE ${table} ADD ${foreignKeyDefinitionSql(foreignKey)}`) : []),
  ];
}

/** DROP TABLE of a table that exists (repair's drop-table choice). */
export function dropTableStatement(table: string): string {
  return `DROP TABLE ${name(table, 'table')}`;
}
