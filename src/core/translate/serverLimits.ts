// What the server refuses in a Blueprint command whatever the tables hold: a name longer than an
// identifier may be, a CHAR or VARCHAR longer than its character set allows. One function for the
// lint rule (over the translated timeline) and for preflight (over the live tables).
// Measured on MariaDB 10.11 (test/integration/translate/serverLimits.test.ts, with the real Laravel
// 8.83, 11, 12 and 13): a table name over 64 characters is 1103 "Incorrect table name"; a column,
// index, unique, full-text or foreign key name over 64 is 1059 (characters, not bytes); a VARCHAR
// longer than floor(65532 / the charset's bytes per character) is 1074 in a strict session and
// becomes a TEXT (note 1246) otherwise; a CHAR over 255 is 1074 in either; a row of CHAR and
// VARCHAR columns over 65,535 bytes is 1118 in either (claimed at its least). MySQL 8 is not run
// here: from its manual only, identifiers have the same 64-character limit (1059), and a VARCHAR
// is bounded by the 65,535-byte row, so it is claimed there only past floor(65535 / bytes per
// character), where MariaDB's and MySQL's bounds both refuse it. Never imports 'vscode'.
import type { LaravelGrammar } from './laravelTarget';
import type { ReplayStep } from './blueprint';
import type { ColumnState, TableState } from './tableState';
import { charsetOfCollation } from '../structure/defaults';

/** The longest identifier (table, column, index, constraint) both servers take, in characters. */
export const maxIdentifierLength = 64;

/**
 * Bytes per character of the character sets modelled (MariaDB 10.11's SHOW CHARACTER SET, which
 * MySQL 8's manual agrees with). `utf8` is utf8mb3 on both (MariaDB's default old_mode); were it
 * utf8mb4 there, its bound would only be lower. Another character set: no claim.
 */
const bytesPerCharacter: Readonly<Record<string, number>> = {
  utf8mb4: 4, utf8mb3: 3, utf8: 3, latin1: 1, ascii: 1, binary: 1, ucs2: 2, utf16: 4, utf16le: 4, utf32: 4,
};

export interface ServerLimitsContext {
  /** The server, when known: its own VARCHAR bound; undefined: only what both refuse. */
  readonly server: 'mariadb' | 'mysql' | undefined;
  /** The connection's strict (a strict sql_mode); undefined: not known. */
  readonly strict: boolean | undefined;
  /** The charset a table created without one gets (the connection's `charset`); undefined: not known. */
  readonly charset: string | undefined;
  /** The connection's table prefix: a renamed table's new name carries it. */
  readonly tablePrefix: string;
  readonly grammar: LaravelGrammar;
}

export type LimitKind = 'table' | 'column' | 'index' | 'foreign' | 'charLength' | 'varcharLength' | 'rowSize';

export interface LimitRefusal {
  readonly kind: LimitKind;
  /** The server's error code and message (MariaDB's wording; MySQL's code from its manual). */
  readonly code: number;
  readonly message: string;
  /** The name that is too long, or the column whose length is. */
  readonly subject: string;
  /** The column the statement declares, when the refusal is about one (for its place in the file). */
  readonly column?: string;
  /** The length that is over, and the bound. */
  readonly length: number;
  readonly max: number;
  readonly charset?: string;
  /** Refused only if the connection is strict, which is not known (a non-strict one makes it a TEXT). */
  readonly ifStrict?: true;
}

const characters = (name: string): number => [...name].length;

/** MariaDB's "%-.100T": a longer name is cut to 97 bytes and '...'. */
const shown = (name: string): string => (Buffer.byteLength(name) > 100 ? `${Buffer.from(name).subarray(0, 97).toString().replace(/\uFFFD$/, '')}...` : name);

function tooLongName(kind: 'column' | 'index' | 'foreign', name: string, column?: string): LimitRefusal | undefined {
  const length = characters(name);
  if (length <= maxIdentifierLength) return undefined;
  return { kind, code: 1059, message: `Identifier name '${shown(name)}' is too long`, subject: name, length, max: maxIdentifierLength, ...(column !== undefined ? { column } : {}) };
}

/** A table name the server refuses (prefix included): Schema::create and Schema::rename too. */
export function tooLongTable(name: string, server: ServerLimitsContext['server']): LimitRefusal | undefined {
  // `schema.table`: the server takes each part as its own identifier; Laravel's index names read the dot as `_`.
  if (name.includes('.')) return undefined;
  const length = characters(name);
  if (length <= maxIdentifierLength) return undefined;
  return server === 'mysql'
    ? { kind: 'table', code: 1059, message: `Identifier name '${shown(name)}' is too long`, subject: name, length, max: maxIdentifierLength }
    : { kind: 'table', code: 1103, message: `Incorrect table name '${name.slice(0, 100)}'`, subject: name, length, max: maxIdentifierLength };
}

/** The charset of `column`: its own, its collation's, else the table's; undefined when not known. */
function columnCharset(column: ColumnState, tableCharset: string | undefined): string | undefined {
  return column.charset?.toLowerCase() ?? (column.collation ? charsetOfCollation(column.collation) : tableCharset);
}

function tooLongType(column: ColumnState, charset: string | undefined, limits: ServerLimitsContext): LimitRefusal | undefined {
  const length = column.length;
  if (length === undefined) return undefined;
  const tooBig = (max: number) => `Column length too big for column '${column.name}' (max = ${max}); use BLOB or TEXT instead`;
  if (column.family === 'char' && length > 255) {
    return { kind: 'charLength', code: 1074, message: tooBig(255), subject: column.name, column: column.name, length, max: 255 };
  }
  if (column.family !== 'varchar' || limits.strict === false || charset === undefined) return undefined;
  const bytes = bytesPerCharacter[charset];
  if (bytes === undefined) return undefined;
  const mariadb = Math.floor(65532 / bytes);
  const max = limits.server === 'mariadb' ? mariadb : Math.floor(65535 / bytes);
  if (length <= max) return undefined;
  return {
    kind: 'varcharLength', code: 1074, message: tooBig(limits.server === 'mysql' ? max : mariadb), subject: column.name, column: column.name, length, max, charset,
    ...(limits.strict === undefined ? { ifStrict: true as const } : {}),
  };
}

/** The row both servers take, not counting TEXT and BLOB columns (MariaDB 10.11 measured, MySQL's manual). */
const maxRowBytes = 65535;

/**
 * The fewest bytes `column` takes in the row the server bounds (1118), when it is sure to stay
 * the type it is declared: a CHAR or VARCHAR (BINARY, VARBINARY) takes its length times its
 * character set's bytes per character (1 when not known), and a VARCHAR one or two more for its
 * length. A VARCHAR that a non-strict session may make a TEXT (past MariaDB's own bound, 16383
 * characters whatever the charset when it is not known) counts for nothing; every other type too,
 * so the sum is never more than the server's.
 */
function leastRowBytes(column: ColumnState, charset: string | undefined): number {
  const length = column.length;
  if (length === undefined) return 0;
  const binary = column.family === 'binary' || column.family === 'varbinary';
  const bytes = binary ? 1 : charset === undefined ? undefined : bytesPerCharacter[charset];
  if (column.family === 'char' || column.family === 'binary') return length <= 255 ? length * (bytes ?? 1) : 0;
  if (column.family !== 'varchar' && column.family !== 'varbinary') return 0;
  if (length > Math.floor(65532 / (bytes ?? 4))) return 0;
  const data = length * (bytes ?? 1);
  return data + (data > 255 ? 2 : 1);
}

/** The row of `columns` when the server is sure to refuse it (1118), else undefined. */
function rowTooLarge(name: string, columns: readonly ColumnState[], charset: string | undefined): LimitRefusal | undefined {
  let total = 0;
  for (const column of columns) total += leastRowBytes(column, columnCharset(column, charset));
  if (total <= maxRowBytes) return undefined;
  return {
    kind: 'rowSize', code: 1118, subject: name, length: total, max: maxRowBytes,
    message: 'Row size too large. The maximum row size for the used table type, not counting BLOBs, is 65535. This includes storage overhead, check the manual. You have to change some columns to TEXT or BLOBs',
  };
}

/** The charset a table has: its own, its collation's, else (one the migrations create without either) the connection's. */
function tableCharset(table: Pick<TableState, 'charset' | 'collation'> | undefined, limits: ServerLimitsContext): string | undefined {
  return table?.charset?.toLowerCase() ?? (table?.collation ? charsetOfCollation(table.collation) : limits.charset);
}

/**
 * What the server refuses in `step` of a Blueprint on the table `name` (prefix included), `table`
 * as it is before the step (undefined for a create); undefined when nothing here is refused.
 */
export function limitRefusal(step: ReplayStep, table: TableState | undefined, name: string, limits: ServerLimitsContext): LimitRefusal | undefined {
  const a = step.attrs as Record<string, unknown>;
  const columns = step.columns ?? [];
  switch (step.name) {
    case 'create': {
      const charset = tableCharset(a as Pick<TableState, 'charset' | 'collation'>, limits);
      return tooLongTable(name, limits.server) ?? first(columns, (c) => tooLongName('column', c.name, c.name) ?? tooLongType(c, columnCharset(c, charset), limits))
        ?? rowTooLarge(name, columns, charset);
    }
    case 'add': {
      const charset = tableCharset(table, limits);
      return first(columns, (c) => tooLongName('column', c.name, c.name) ?? tooLongType(c, columnCharset(c, charset), limits))
        ?? (table ? rowTooLarge(name, [...table.columns, ...columns], charset) : undefined);
    }
    case 'change': {
      // Without a charset of its own, a changed column keeps its old one (doctrine/dbal, 8-10) or
      // takes the table's (MODIFY, 11+): the table's only where both are the same.
      const charset = tableCharset(table, limits);
      return first(columns, (c) => {
        const old = table?.columns.find((o) => o.name.toLowerCase() === c.name.toLowerCase());
        const kept = old && (old.charset !== undefined || old.collation !== undefined) ? undefined : charset;
        return tooLongName('column', c.name, c.name) ?? tooLongType(c, columnCharset(c, kept), limits);
      });
    }
    case 'renameColumn': return tooLongName('column', String(a.to));
    case 'index': case 'unique': case 'fulltext': return tooLongName('index', String(a.index));
    // 8.x names the primary key it adds (the server checks the name, then ignores it); 9.47+ sends none.
    case 'primary': return limits.grammar.namesPrimaryKey === true ? tooLongName('index', String(a.index)) : undefined;
    case 'foreign': return tooLongName('foreign', String(a.index));
    case 'renameIndex': return tooLongName('index', String(a.to));
    case 'rename': return tooLongTable(limits.tablePrefix + String(a.to), limits.server);
    default: return undefined;
  }
}

function first<T, R>(items: readonly T[], check: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const found = check(item);
    if (found !== undefined) return found;
  }
  return undefined;
}
