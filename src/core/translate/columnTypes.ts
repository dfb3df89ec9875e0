// MySqlGrammar's column types and modifiers, resolved to what the server keeps: one Laravel
// column definition (a Fluent) in, one ColumnState out. Never imports 'vscode'.
import { message } from '../messages/catalog';
import { normaliseGenerationExpression } from '../structure/normalise';
import type { LaravelGrammar } from './laravelTarget';
import {
  Attrs, fail, intAttr, isRawExpression, phpStringCast, quoteSqlString, str, strAttr, truthy,
} from './phpValues';
import type { ColumnFamily, ColumnState, DeclaredAt } from './tableState';

/** A Laravel ColumnDefinition: its type and its fluent attributes. */
export interface ColumnDefinition {
  readonly type: string;
  readonly name: string;
  readonly attrs: Attrs;
}

const integerTypes = new Map<string, ColumnFamily>([
  ['bigInteger', 'bigint'], ['integer', 'int'], ['mediumInteger', 'mediumint'], ['smallInteger', 'smallint'], ['tinyInteger', 'tinyint'],
]);

const numericTypes = new Set(['boolean', 'float', 'double', 'decimal']);

export function isIntegerType(type: string): boolean {
  return integerTypes.has(type);
}

/** MySqlGrammar: type + modifiers, resolved to the structure the server keeps. */
export function compileColumn(definition: ColumnDefinition, grammar: LaravelGrammar, declaredAt?: DeclaredAt, server?: 'mariadb' | 'mysql'): ColumnState {
  const a = definition.attrs;
  const what = `column \`${definition.name}\``;
  const unsigned = truthy(a.unsigned);
  const state: ColumnState = {
    name: definition.name, sqlType: '', family: 'int', unsigned,
    nullable: truthy(a.nullable), autoIncrement: false, onUpdateCurrentTimestamp: false,
    charset: strAttr(a.charset, 'part.charset', what), collation: strAttr(a.collation, 'part.collation', what),
    comment: strAttr(a.comment, 'part.comment', what),
  };
  if (declaredAt) state.declaredAt = declaredAt;
  const family = integerTypes.get(definition.type);
  if (family) {
    state.family = family;
    state.sqlType = family + (unsigned ? ' unsigned' : '');
    // 'auto_increment primary key' only for serial types.
    state.autoIncrement = truthy(a.autoIncrement);
  } else {
    compileType(definition, state, grammar, what);
    if (unsigned && !numericTypes.has(definition.type)) fail(message('unknown.unsignedOn', what, definition.type));
  }
  compileDefault(a, state, what, server);
  compileGenerated(a, state, what, server);
  return state;
}

/**
 * virtualAs()/storedAs(): MySqlGrammar writes `as (<expression>)` [stored], and no `null` (a
 * generated column is nullable) unless nullable(false), a syntax error for MariaDB. Only
 * expressions whose MariaDB spelling is known are translated, on MariaDB.
 */
function compileGenerated(a: Attrs, state: ColumnState, what: string, server: 'mariadb' | 'mysql' | undefined): void {
  const virtualAs = a.virtualAs ?? undefined;
  const storedAs = a.storedAs ?? undefined;
  if (virtualAs === undefined && storedAs === undefined) return;
  if (server !== 'mariadb') fail(message('unknown.generatedNotMariaDb', what));
  if ((virtualAs !== undefined && storedAs !== undefined) || a.nullable === false || state.default !== undefined || state.autoIncrement || state.onUpdateCurrentTimestamp) {
    fail(message('unknown.generatedModifier', what));
  }
  const written = (virtualAs ?? storedAs)!;
  const sql = isRawExpression(written) ? written.expression : str(written, what);
  const expression = normaliseGenerationExpression(sql);
  if (expression === undefined) fail(message('unknown.generatedExpression', what, sql));
  state.generated = { stored: storedAs !== undefined, expression };
  state.nullable = true;
}

/** The columns a generated column's (normalised) expression names. */
export function generationColumns(expression: string): string[] {
  return [...expression.matchAll(/'[^']*'|([a-z_][a-z0-9_]*)(\()?/g)].filter((m) => m[1] !== undefined && m[2] === undefined).map((m) => m[1]!);
}

function compileType(definition: ColumnDefinition, state: ColumnState, grammar: LaravelGrammar, what: string): void {
  const a = definition.attrs;
  const u = state.unsigned ? ' unsigned' : '';
  const set = (family: ColumnFamily, sqlType: string, extra: Partial<ColumnState> = {}): void => {
    Object.assign(state, { family, sqlType }, extra);
  };
  const precision = intAttr(a.precision, 'part.precision', what) ?? 0;
  const timePart = (base: 'datetime' | 'timestamp' | 'time'): void => {
    set(base, precision ? `${base}(${precision})` : base, precision ? { fsp: precision } : {});
    if (base === 'time') return;
    const current = precision ? `CURRENT_TIMESTAMP(${precision})` : 'CURRENT_TIMESTAMP';
    if (truthy(a.useCurrent)) state.default = { kind: 'expression', sql: current };
    state.onUpdateCurrentTimestamp = truthy(a.useCurrentOnUpdate);
  };
  switch (definition.type) {
    case 'boolean': set('boolean', `tinyint(1)${u}`); break;
    case 'string': case 'char': {
      const length = intAttr(a.length, 'part.length', what)!;
      const family = definition.type === 'string' ? 'varchar' : 'char';
      set(family, `${family}(${length})`, { length });
      break;
    }
    case 'uuid':
      if (grammar.nativeUuid) set('uuid', 'uuid');
      else set('char', 'char(36)', { length: 36 });
      break;
    case 'ipAddress': set('varchar', 'varchar(45)', { length: 45 }); break;
    case 'macAddress': set('varchar', 'varchar(17)', { length: 17 }); break;
    case 'tinyText': case 'text': case 'mediumText': case 'longText': {
      const family = definition.type.toLowerCase() as ColumnFamily;
      set(family, family);
      break;
    }
    case 'float': case 'double':
      if (grammar.floats === 'double') {
        const total = intAttr(a.total, 'part.totalDigits', what);
        const places = intAttr(a.places, 'part.places', what);
        if (total && places) set('double', `double(${total},${places})${u}`, { precision: total, scale: places });
        else set('double', `double${u}`);
      } else if (definition.type === 'double') {
        set('double', `double${u}`);
      } else {
        // float(p): the server keeps float for p <= 24 and double above.
        const p = intAttr(a.precision, 'part.precision', what) ?? 0;
        if (p > 53) fail(message('unknown.floatPrecision', what, p));
        if (p > 24) set('double', `double${u}`);
        else set('float', `float${u}`);
      }
      break;
    case 'decimal': {
      const total = intAttr(a.total, 'part.totalDigits', what) ?? 0;
      const places = intAttr(a.places, 'part.places', what) ?? 0;
      set('decimal', `decimal(${total},${places})${u}`, { precision: total, scale: places });
      break;
    }
    case 'enum': case 'set': {
      const allowed = a.allowed;
      if (!Array.isArray(allowed) || allowed.length === 0) fail(message('unknown.allowedNotLiteral', what));
      const values = allowed.map((v) => (typeof v === 'number' ? String(v) : str(v, message('part.allowedValue', what))));
      // Grammar::quoteString does not escape: Laravel's own SQL would break or differ.
      if (values.some((v) => /['\\]/.test(v))) fail(message('unknown.allowedEscape', what));
      set(definition.type, `${definition.type}(${values.map(quoteSqlString).join(',')})`, { values });
      break;
    }
    case 'json': case 'jsonb': set('json', 'json'); break;
    case 'date': set('date', 'date'); break;
    case 'year': set('year', 'year'); break;
    case 'binary': {
      const length = grammar.binaryLength ? intAttr(a.length, 'part.length', what) : undefined;
      if (length) {
        const family = truthy(a.fixed) ? 'binary' : 'varbinary';
        set(family, `${family}(${length})`, { length });
      } else set('blob', 'blob');
      break;
    }
    case 'dateTime': timePart('datetime'); break;
    case 'time': timePart('time'); break;
    case 'timestamp': timePart('timestamp'); break;
    default: fail(message('unknown.columnType', what, definition.type));
  }
}

function compileDefault(a: Attrs, state: ColumnState, what: string, server: 'mariadb' | 'mysql' | undefined): void {
  const value = a.default;
  if (isRawExpression(value)) {
    if (state.default) fail(message('unknown.useCurrentAndDefault', what));
    rawDefault(value.expression, state, what, server);
  } else if (value !== undefined && value !== null) {
    if (state.default) fail(message('unknown.useCurrentAndDefault', what));
    state.default = { kind: 'literal', value: phpStringCast(value, message('part.default', what)) };
    if (/['\\]/.test(state.default.value)) fail(message('unknown.defaultEscape', what));
    // The server keeps a decimal default rounded to the column's scale: a later change() keeps that value.
    if (state.family === 'decimal' && state.scale !== undefined) state.default = { kind: 'literal', value: roundDecimal(state.default.value, state.scale) };
  }
}

/**
 * The functions without arguments MariaDB (10.2+) takes as a default, with or without
 * parentheses, and prints back in COLUMN_DEFAULT as this spelling whatever the one written.
 */
const mariaDbDefaultFunctions = new Map([
  ['uuid()', 'uuid()'], ['uuid_short()', 'uuid_short()'], ['curdate()', 'curdate()'], ['current_date()', 'curdate()'], ['current_date', 'curdate()'],
  ['json_array()', 'json_array()'], ['json_object()', 'json_object()'],
]);

/** `((x))` -> `x`: only parentheses that wrap the whole text. */
function withoutOuterParentheses(sql: string): string {
  let bare = sql.trim();
  while (bare.startsWith('(') && bare.endsWith(')') && wrapsWhole(bare)) bare = bare.slice(1, -1).trim();
  return bare;
}

function wrapsWhole(sql: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i];
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')' && --depth === 0 && i < sql.length - 1) return false;
  }
  return depth === 0;
}

/**
 * A raw default goes into the SQL as written (Grammar::getDefaultValue): only the forms whose
 * stored result is certain are translated. MariaDB folds a parenthesised constant into a
 * literal default and prints a function default in its own spelling; MySQL 8 keeps either as an
 * expression default (DEFAULT_GENERATED) in a spelling not checked here, so those forms are
 * translated for MariaDB only.
 */
function rawDefault(sql: string, state: ColumnState, what: string, server: 'mariadb' | 'mysql' | undefined): void {
  const written = sql.trim();
  const trimmed = withoutOuterParentheses(written);
  const mariaDbOnly = (): void => {
    if (server !== 'mariadb') fail(message(server === 'mysql' ? 'unknown.rawDefaultMysql' : 'unknown.rawDefaultServer', what, sql));
  };
  const currentTimestamp = /^(?:current_timestamp|now)(?:\((\d?)\))?$/i.test(trimmed);
  // MySQL keeps `(CURRENT_TIMESTAMP)` as an expression default (DEFAULT_GENERATED), which it
  // prints as `CURRENT_TIMESTAMP` or `now()`, read back alike (normaliseLiveDefault).
  if (trimmed !== written && !(currentTimestamp && server === 'mysql')) mariaDbOnly();
  let m: RegExpExecArray | null;
  if ((m = /^(?:current_timestamp|now)(?:\((\d?)\))?(?:\s+on\s+update\s+(?:current_timestamp|now)(?:\((\d?)\))?)?$/i.exec(trimmed))) {
    if (state.family !== 'timestamp' && state.family !== 'datetime') fail(message('unknown.currentTimestampOn', what, state.family));
    if ((m[1] || '0') !== String(state.fsp ?? 0)) fail(message('unknown.currentTimestampPrecision', what));
    state.default = { kind: 'expression', sql: state.fsp ? `CURRENT_TIMESTAMP(${state.fsp})` : 'CURRENT_TIMESTAMP' };
    if (/on\s+update/i.test(trimmed)) state.onUpdateCurrentTimestamp = true;
    return;
  }
  if (/^-?\d+(?:\.\d+)?$/.test(trimmed) && ['bigint', 'int', 'mediumint', 'smallint', 'tinyint', 'boolean', 'decimal', 'double', 'float'].includes(state.family)) {
    state.default = { kind: 'literal', value: trimmed };
    return;
  }
  if ((m = /^'((?:[^'\\]|'')*)'$/.exec(trimmed))) {
    state.default = { kind: 'literal', value: m[1].replace(/''/g, "'") };
    return;
  }
  if (/^null$/i.test(trimmed) && state.nullable) return;
  const call = mariaDbDefaultFunctions.get(trimmed.toLowerCase());
  if (call) {
    mariaDbOnly();
    state.default = { kind: 'expression', sql: call };
    return;
  }
  fail(message('unknown.rawDefault', what, sql));
}

/** A decimal literal rounded half away from zero to `scale` digits, exactly (as the server does); anything else as it is. */
export function roundDecimal(value: string, scale: number): string {
  const m = /^\s*([-+]?)(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!m || (m[2] === '' && !m[3])) return value;
  const fraction = m[3] ?? '';
  if (fraction.length <= scale) return value;
  let digits = BigInt((m[2] || '0') + fraction.slice(0, scale));
  if (fraction[scale]! >= '5') digits += 1n;
  const text = digits.toString().padStart(scale + 1, '0');
  const rounded = scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text;
  return m[1] === '-' && digits !== 0n ? `-${rounded}` : rounded;
}
