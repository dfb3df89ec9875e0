// The statement Laravel's MySqlGrammar sends for one Blueprint command, written as the grammar
// writes it (lower-case keywords, backquoted names), for the finding that names it.
// Never imports 'vscode'.
import { plainWord } from '../structure/ddl';
import { quoteIdentifier as q, quoteLiteral } from '../structure/normalise';
import type { ReplayStep } from '../translate/blueprint';
import type { TableOptions } from '../structure/model';
import type { ColumnState, TableState } from '../translate/tableState';

function typeSql(column: ColumnState): string {
  return column.family === 'enum' || column.family === 'set' ? `${column.family}(${(column.values ?? []).map(quoteLiteral).join(', ')})` : column.sqlType;
}

export function columnSql(column: ColumnState): string {
  const parts = [q(column.name), typeSql(column)];
  if (column.charset) parts.push(`character set ${column.charset}`);
  if (column.collation) parts.push(`collate '${column.collation}'`);
  parts.push(column.nullable ? 'null' : 'not null');
  if (column.default?.kind === 'literal') parts.push(`default ${quoteLiteral(column.default.value)}`);
  else if (column.default?.kind === 'expression') parts.push(`default ${column.default.sql}`);
  if (column.autoIncrement) parts.push('auto_increment primary key');
  return parts.join(' ');
}

const list = (names: readonly string[]): string => names.map(q).join(', ');

const characterFamilies = new Set(['varchar', 'char', 'text', 'tinytext', 'mediumtext', 'longtext']);

/**
 * doctrine/dbal's column declaration (MySQL platform): type, character set, default, NOT NULL,
 * collation. A changed column restates its character set and collation (read from the server);
 * a renamed one is written back without them.
 */
function doctrineColumnSql(column: ColumnState, table: TableOptions, restatesCharacterSet: boolean): string {
  const parts = [column.name, column.family === 'enum' || column.family === 'set' ? typeSql(column) : column.sqlType.toUpperCase()];
  const character = restatesCharacterSet && characterFamilies.has(column.family);
  const charset = column.charset ?? table.charset;
  const collation = column.collation ?? table.collation;
  if (character && charset) parts.push(`CHARACTER SET ${charset}`);
  if (column.default?.kind === 'literal') parts.push(`DEFAULT ${quoteLiteral(column.default.value)}`);
  else if (column.default?.kind === 'expression') parts.push(`DEFAULT ${column.default.sql}`);
  else if (column.nullable) parts.push('DEFAULT NULL');
  if (!column.nullable) parts.push('NOT NULL');
  if (character && collation) parts.push(`COLLATE \`${collation}\``);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  return parts.join(' ');
}

export interface StatementContext {
  /** 8–10 send change() and renameColumn() through doctrine/dbal (CHANGE old new ...) and name the primary key. */
  readonly doctrine: boolean;
  /** What every CREATE TABLE gets from config/database.php. */
  readonly table: TableOptions;
}

export function stepStatement(table: string, step: ReplayStep, before: TableState | undefined, context: StatementContext): string {
  const doctrine = context.doctrine;
  const t = `alter table ${q(table)}`;
  const a = step.attrs as Record<string, unknown>;
  const columns = (step.columns ?? []) as readonly ColumnState[];
  const names = (a.columns ?? []) as string[];
  switch (step.name) {
    case 'create': {
      const o = context.table;
      // The engine is the server's unless config/database.php names one, which is not known here.
      const options = `${o.charset ? ` default character set ${o.charset}` : ''}${o.collation ? ` collate '${o.collation}'` : ''}`;
      return `create table ${q(table)} (${columns.map(columnSql).join(', ')})${options}`;
    }
    case 'add': return `${t} ${columns.map((c) => `add ${columnSql(c)}`).join(', ')}`;
    case 'change': return doctrine
      ? `ALTER TABLE ${table} ${columns.map((c) => `CHANGE ${c.name} ${doctrineColumnSql(c, { ...context.table, ...(before?.charset ? { charset: before.charset } : {}), ...(before?.collation ? { collation: before.collation } : {}) }, true)}`).join(', ')}`
      : `${t} ${columns.map((c) => `modify ${columnSql(c)}`).join(', ')}`;
    case 'primary': return doctrine ? `${t} add primary key ${q(String(a.index))}(${list(names)})` : `${t} add primary key (${list(names)})`;
    case 'unique': return `${t} add unique ${q(String(a.index))}(${list(names)})`;
    case 'index': return `${t} add index ${q(String(a.index))}(${list(names)})`;
    case 'foreign': {
      const references = Array.isArray(a.references) ? a.references as string[] : [String(a.references)];
      const actions = `${a.onDelete ? ` on delete ${String(a.onDelete)}` : ''}${a.onUpdate ? ` on update ${String(a.onUpdate)}` : ''}`;
      return `${t} add constraint ${q(String(a.index))} foreign key (${list(names)}) references ${q(String(a.referencedTable ?? a.on))} (${list(references)})${actions}`;
    }
    case 'dropColumn': return `${t} ${names.map((c) => `drop ${q(c)}`).join(', ')}`;
    case 'renameColumn': {
      const from = String(a.from);
      const to = String(a.to);
      if (!doctrine) return `${t} rename column ${q(from)} to ${q(to)}`;
      const column = before?.columns.find((c) => c.name === from);
      return `ALTER TABLE ${table} CHANGE ${from} ${column ? doctrineColumnSql({ ...column, name: to }, context.table, false) : to}`;
    }
    case 'dropPrimary': return `${t} drop primary key`;
    case 'dropUnique': case 'dropIndex': return `${t} drop index ${q(String(a.index))}`;
    case 'dropForeign': return `${t} drop foreign key ${q(String(a.index))}`;
    case 'renameIndex': return `${t} rename index ${q(String(a.from))} to ${q(String(a.to))}`;
    case 'rename': return `rename table ${q(table)} to ${q(String(a.to))}`;
    case 'drop': return `drop table ${q(table)}`;
    // Raw SQL (DB::statement) is sent as written.
    case 'sqlColumn': return String(a.sql);
    case 'engine': return `${t} engine = ${plainWord(String(a.engine), 'engine')}`;
    default: return `${t} … (${step.name})`;
  }
}
