// The ONE place where MySQL 8 and MariaDB spellings become the model's: display widths
// (`bigint(20)`), `current_timestamp()`, quoted literal defaults, the `NULL` default
// string, json stored as longtext + json_valid, `on update` in EXTRA, NO ACTION vs RESTRICT.
// Drizzle's spellings (`boolean`, `(now())`, `no action`) go through the same functions.
import type { ColumnDefault, ReferentialAction } from './model';
import { message, type Message, type MessageId } from '../messages/catalog';

const integerTypes = /^(tinyint|smallint|mediumint|int|bigint)(?:\(\d+\))?(.*)$/;

/**
 * Each spelling met, normalised: a few types, on every column of every table (10,000 live columns
 * at 10,000 migrations). The editor's process lives for days and a project can spell types without
 * end (enum lists): at most `memoLimit` spellings of at most `memoLength` characters are kept, the
 * memo emptied when full. A real project has a few dozen; a longer spelling is normalised each time.
 */
const normalisedTypes = new Map<string, string>();
const memoLimit = 4096;
const memoLength = 512;

/** 'bigint(20) unsigned' -> 'bigint unsigned'; 'boolean' -> 'tinyint(1)'; 'decimal' -> 'decimal(10,0)'. */
export function normaliseType(raw: string): string {
  let type = normalisedTypes.get(raw);
  if (type === undefined) {
    type = normalisedType(raw);
    if (raw.length <= memoLength) {
      if (normalisedTypes.size >= memoLimit) normalisedTypes.clear();
      normalisedTypes.set(raw, type);
    }
  }
  return type;
}

/** How many spellings the memo holds (for its test). */
export function normalisedTypesHeld(): number {
  return normalisedTypes.size;
}

function normalisedType(raw: string): string {
  let type = raw.trim().replace(/\s+/g, ' ');
  // Keep enum/set literals' case; lower-case only their keyword.
  if (/^(enum|set)\s*\(/i.test(type)) return type.replace(/^(\w+)\s*/, (keyword: string) => keyword.trim().toLowerCase());
  type = type.toLowerCase();
  type = type.replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')');
  if (type === 'boolean' || type === 'bool') return 'tinyint(1)';
  if (type === 'serial') return 'bigint unsigned';
  if (/^integer\b/.test(type)) type = type.replace(/^integer/, 'int');
  if (/^tinyint\(1\)(?!.*(unsigned|zerofill))/.test(type)) return 'tinyint(1)';
  const integer = integerTypes.exec(type);
  if (integer) return `${integer[1]}${integer[2]}`;
  if (/^(decimal|numeric|dec|fixed)\b/.test(type)) {
    const rest = type.replace(/^(decimal|numeric|dec|fixed)/, '');
    const precision = /^\((\d+)(?:,(\d+))?\)/.exec(rest);
    const suffix = rest.replace(/^\([^)]*\)/, '');
    return `decimal(${precision?.[1] ?? '10'},${precision?.[2] ?? '0'})${suffix}`;
  }
  if (type === 'double precision' || type === 'real') return 'double';
  if (type === 'char') return 'char(1)';
  if (type === 'binary') return 'binary(1)';
  if (/^(timestamp|datetime|time)\(0\)$/.test(type)) return type.replace('(0)', '');
  if (type === 'year(4)') return 'year';
  return type;
}

/** Unquotes MariaDB's `'pending'` (doubled or backslashed quotes inside). */
function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1');
}

/** `current_timestamp()`, `now()`, `(now())`, `CURRENT_TIMESTAMP` -> 'CURRENT_TIMESTAMP'. */
export function normaliseExpression(raw: string): string {
  let sql = raw.trim();
  while (sql.startsWith('(') && sql.endsWith(')') && balanced(sql.slice(1, -1))) sql = sql.slice(1, -1).trim();
  const now = /^(?:current_timestamp|now|localtimestamp|localtime)\s*(?:\(\s*(\d*)\s*\))?$/i.exec(sql);
  if (now) return now[1] && now[1] !== '0' ? `CURRENT_TIMESTAMP(${now[1]})` : 'CURRENT_TIMESTAMP';
  return sql.toUpperCase();
}

function balanced(sql: string): boolean {
  let depth = 0;
  for (const char of sql) {
    if (char === '(') depth++;
    if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const numeric = /^-?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i;

/**
 * A live COLUMN_DEFAULT as the model's default. `generated` is MySQL 8's DEFAULT_GENERATED
 * flag in EXTRA; MariaDB instead quotes literals and leaves expressions bare.
 */
export function normaliseLiveDefault(
  raw: string | null,
  column: { readonly nullable: boolean; readonly type: string; readonly generated: boolean; readonly mariadb: boolean },
): ColumnDefault {
  if (raw === null) return column.nullable ? { kind: 'null' } : { kind: 'none' };
  if (column.mariadb) {
    if (raw === 'NULL') return { kind: 'null' };
    if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return literal(unquote(raw), column.type);
    if (numeric.test(raw)) return literal(raw, column.type);
    return { kind: 'expression', sql: normaliseExpression(raw) };
  }
  if (column.generated || (/^(timestamp|datetime)/.test(column.type) && /^current_timestamp/i.test(raw))) {
    return { kind: 'expression', sql: normaliseExpression(raw) };
  }
  return literal(raw, column.type);
}

/** A default written in a schema (Drizzle value or rendered SQL) as the model's default. */
export function normaliseDeclaredDefault(
  value: { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'sql'; readonly sql: string } | undefined,
  column: { readonly nullable: boolean; readonly type: string },
): ColumnDefault {
  if (value === undefined) return column.nullable ? { kind: 'null' } : { kind: 'none' };
  if (value.kind === 'sql') {
    const sql = normaliseExpression(value.sql);
    if (sql === 'NULL') return { kind: 'null' };
    const quoted = /^'(.*)'$/s.exec(sql);
    if (quoted || numeric.test(sql)) return literal(quoted ? unquote(value.sql.trim()) : sql, column.type);
    return { kind: 'expression', sql };
  }
  const v = value.value;
  if (v === null) return { kind: 'null' };
  if (typeof v === 'boolean') return { kind: 'literal', value: v ? '1' : '0' };
  if (v instanceof Date) return { kind: 'literal', value: v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '') };
  if (typeof v === 'object') return { kind: 'literal', value: JSON.stringify(v) };
  return literal(String(v), column.type);
}

/** Numeric literals compare by value: MariaDB prints `0.00`, a schema may say `0`. */
function literal(value: string, type: string): ColumnDefault {
  const decimal = /^decimal\(\d+,(\d+)\)/.exec(type);
  if (decimal && numeric.test(value)) return { kind: 'literal', value: Number(value).toFixed(Number(decimal[1])) };
  // A float or double prints its default with its own scale, or, without one, as its shortest
  // value: MariaDB shows `double ... DEFAULT '0.0000'` (Laravel 11+ drops the (15,4)) as 0.
  const approximate = /^(?:float|double|real)(?:\(\d+,(\d+)\))?/.exec(type);
  if (approximate && numeric.test(value)) {
    return { kind: 'literal', value: approximate[1] !== undefined ? Number(value).toFixed(Number(approximate[1])) : String(Number(value)) };
  }
  if (/^(tinyint|smallint|mediumint|int|bigint)/.test(type) && /^-?\d+$/.test(value)) return { kind: 'literal', value: String(BigInt(value)) };
  const temporal = /^(datetime|timestamp|time)(?:\((\d)\))?/.exec(type);
  if (temporal) return { kind: 'literal', value: temporalLiteral(value, temporal[1] === 'time', Number(temporal[2] ?? 0)) };
  return { kind: 'literal', value };
}

/**
 * The server prints a temporal default in full: a datetime given a date gets its midnight, and
 * a column with fractional seconds as many digits as it keeps ('04:05:06' in a time(2): '04:05:06.00').
 */
function temporalLiteral(value: string, time: boolean, fsp: number): string {
  const m = (time ? /^()(\d{2}:\d{2}:\d{2})(?:\.(\d*))?$/ : /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2})(?:\.(\d*))?)?$/).exec(value);
  if (!m) return value;
  const fraction = m[3] ?? '';
  // More digits than the column keeps are rounded by the server: left as written.
  if (fraction.length > fsp) return value;
  const clock = m[2] ?? '00:00:00';
  return `${time ? '' : `${m[1]} `}${clock}${fsp > 0 ? `.${fraction.padEnd(fsp, '0')}` : ''}`;
}

/** The functions a generated column's expression may call, by the name MariaDB prints them under. */
const generationFunctions = new Map([['concat', 'concat'], ['coalesce', 'coalesce'], ['upper', 'ucase'], ['ucase', 'ucase'], ['lower', 'lcase'], ['lcase', 'lcase']]);
const generationToken = /\s+|`((?:[^`]|``)+)`|([A-Za-z_][A-Za-z0-9_]*)(\s*\()?|(\d+(?:\.\d+)?)|'([^'\\]*)'|([-+*/,)])/gy;

/**
 * A generated column's expression as MariaDB prints it in GENERATION_EXPRESSION, without
 * backquotes or spaces, names lower-cased: `a + b * 2` and `` `a` + `b` * 2 `` are both
 * 'a+b*2'. Only names, numbers, plain quoted strings, + - * /, and the calls of a few functions
 * (MariaDB renames upper() ucase()) are read, without parentheses of their own (MariaDB drops
 * those it does not need); anything else is undefined.
 */
export function normaliseGenerationExpression(sql: string): string | undefined {
  let out = '';
  let depth = 0;
  generationToken.lastIndex = 0;
  while (generationToken.lastIndex < sql.length) {
    const m = generationToken.exec(sql);
    if (!m) return undefined;
    if (m[1] !== undefined) out += m[1].replace(/``/g, '`').toLowerCase();
    else if (m[2] !== undefined) {
      if (m[3] === undefined) out += m[2].toLowerCase();
      else {
        const name = generationFunctions.get(m[2].toLowerCase());
        if (!name) return undefined;
        out += `${name}(`;
        depth++;
      }
    } else if (m[4] !== undefined) out += m[4];
    else if (m[5] !== undefined) out += `'${m[5]}'`;
    else if (m[6] !== undefined) {
      if (m[6] === ')' && --depth < 0) return undefined;
      if (m[6] === ',' && depth === 0) return undefined;
      out += m[6];
    }
  }
  return depth === 0 && out.length > 0 ? out : undefined;
}

/** InnoDB treats NO ACTION as RESTRICT; MySQL 8 reports NO ACTION where MariaDB reports RESTRICT. */
export function normaliseAction(raw: string | undefined | null): ReferentialAction {
  const action = (raw ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  switch (action) {
    case 'CASCADE':
    case 'SET NULL':
    case 'SET DEFAULT':
      return action;
    default:
      return 'RESTRICT';
  }
}

/** MariaDB's column check for a json column: `json_valid(`processing_metadata`)`. */
export function jsonValidColumn(checkClause: string): string | undefined {
  return /^\s*json_valid\(\s*`([^`]+)`\s*\)\s*$/i.exec(checkClause)?.[1];
}

export function isMariaDbVersion(version: string): boolean {
  return /mariadb/i.test(version);
}

/** The one way a string value becomes SQL text: safe whether or not NO_BACKSLASH_ESCAPES is set. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The one way a name becomes SQL text. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export type IdentifierKind = 'database' | 'migrations table' | 'table' | 'column' | 'index' | 'foreign key';

const kindMessages: Record<IdentifierKind, MessageId> = {
  database: 'identifier.database',
  'migrations table': 'identifier.migrationsTable',
  table: 'identifier.table',
  column: 'identifier.column',
  index: 'identifier.index',
  'foreign key': 'identifier.foreignKey',
};

/**
 * Why the server would refuse `name` as an identifier of this kind, or undefined when it
 * accepts it: quoting makes any other character safe, these are the server's own limits.
 */
export function identifierProblem(name: string, kind: IdentifierKind): Message | undefined {
  const problem = (id: MessageId) => message(id, message(kindMessages[kind]), JSON.stringify(name));
  if (name.length === 0) return problem('identifier.empty');
  if ([...name].length > 64) return problem('identifier.tooLong');
  if (name.includes('\0')) return problem('identifier.nul');
  if (/[\u{10000}-\u{10FFFF}]/u.test(name)) return problem('identifier.outsideBmp');
  if (name.endsWith(' ')) return problem('identifier.trailingSpace');
  return undefined;
}

export function describeDefault(value: ColumnDefault): string {
  switch (value.kind) {
    case 'none':
      return 'no default';
    case 'null':
      return 'default NULL';
    case 'literal':
      return `default ${quoteLiteral(value.value)}`;
    case 'expression':
      return `default ${value.sql}`;
  }
}
