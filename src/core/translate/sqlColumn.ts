// One column definition written in raw SQL (`ALTER TABLE t MODIFY c ENUM('a','b') NOT NULL`),
// read as MariaDB keeps it: only the forms whose result is certain whatever the server's
// settings; anything else makes the table unknown, with why. Never imports 'vscode'.
import { message } from '../messages/catalog';
import { roundDecimal } from './columnTypes';
import { fail, quoteSqlString } from './phpValues';
import type { ColumnPosition } from './serverTable';
import type { ColumnFamily, ColumnState } from './tableState';

/** MariaDB's display width of each integer type (signed, unsigned): the only widths read. */
const integerWidths = new Map<string, [ColumnFamily, number, number]>([
  ['tinyint', ['tinyint', 4, 3]], ['smallint', ['smallint', 6, 5]], ['mediumint', ['mediumint', 9, 8]],
  ['int', ['int', 11, 10]], ['integer', ['int', 11, 10]], ['bigint', ['bigint', 20, 20]],
]);

const name = '`?([A-Za-z_][\\w$]*)`?';
const quoted = "'([^'\\\\]*)'";
const typePattern = new RegExp([
  `(enum|set)\\s*\\(((?:\\s*${quoted}\\s*,)*\\s*${quoted}\\s*)\\)`,
  '(varchar|char)\\s*\\(\\s*(\\d+)\\s*\\)',
  '(tinyint|smallint|mediumint|integer|int|bigint)(?:\\s*\\(\\s*(\\d+)\\s*\\))?',
  'decimal\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)',
  '(tinytext|mediumtext|longtext|text|date|year)',
  '(datetime|timestamp|time)(?:\\s*\\(\\s*(\\d)\\s*\\))?',
  // BLOB(n) is sized by the server (the smallest that holds n bytes): only the four names are read.
  '(tinyblob|mediumblob|longblob|blob)',
].map((p) => `(?:${p})`).join('|').replace(/^/, '^\\s*(?:').concat(')(?![\\w(])'), 'i');

/** The column `definition` (after its name) gives, as MariaDB keeps it, and where it goes. */
export function columnFromSql(column: string, definition: string, where: string, server: 'mariadb' | 'mysql' | undefined): { column: ColumnState; position: ColumnPosition } {
  if (server !== 'mariadb') fail(message('unknown.sqlColumnServer', where));
  const unread = (): never => fail(message('unknown.sqlColumn', where, definition.trim()));
  const type = typePattern.exec(definition);
  if (!type) return unread();
  const state: ColumnState = { name: column, sqlType: '', family: 'int', unsigned: false, nullable: true, autoIncrement: false, onUpdateCurrentTimestamp: false };
  let rest = definition.slice(type[0].length);
  const unsigned = /^\s+unsigned\b/i.exec(rest);
  if (unsigned) rest = rest.slice(unsigned[0].length);
  const [, set, values, , , string, length, integer, width, total, places, plain, time, fsp, blob] = type;
  if ((unsigned && !integer && total === undefined)) return unread();
  state.unsigned = unsigned !== null;
  const u = state.unsigned ? ' unsigned' : '';
  if (set) {
    const list = [...values!.matchAll(new RegExp(quoted, 'g'))].map((m) => m[1]!);
    // The server strips trailing spaces and refuses a value twice (in any case): not translated.
    if (list.some((v) => v !== v.trimEnd()) || new Set(list.map((v) => v.toLowerCase())).size !== list.length) return unread();
    const family = set.toLowerCase() as 'enum' | 'set';
    Object.assign(state, { family, sqlType: `${family}(${list.map(quoteSqlString).join(',')})`, values: list });
  } else if (string) {
    const family = string.toLowerCase() as 'varchar' | 'char';
    Object.assign(state, { family, sqlType: `${family}(${Number(length)})`, length: Number(length) });
  } else if (integer) {
    const [family, signedWidth, unsignedWidth] = integerWidths.get(integer.toLowerCase())!;
    if (family === 'tinyint' && width !== undefined && Number(width) === 1) Object.assign(state, { family: 'boolean', sqlType: `tinyint(1)${u}` });
    else if (width !== undefined && Number(width) !== (state.unsigned ? unsignedWidth : signedWidth)) return unread();
    else Object.assign(state, { family, sqlType: family + u });
  } else if (total !== undefined) {
    Object.assign(state, { family: 'decimal', sqlType: `decimal(${Number(total)},${Number(places)})${u}`, precision: Number(total), scale: Number(places) });
  } else if (plain) {
    const family = plain.toLowerCase() as ColumnFamily;
    Object.assign(state, { family, sqlType: family });
  } else if (blob) {
    Object.assign(state, { family: 'blob', sqlType: blob.toLowerCase() });
  } else {
    const family = time!.toLowerCase() as 'datetime' | 'timestamp' | 'time';
    const precision = Number(fsp ?? 0);
    Object.assign(state, { family, sqlType: precision ? `${family}(${precision})` : family }, precision ? { fsp: precision } : {});
  }
  const position: { first?: boolean; after?: string } = {};
  let nullSaid: boolean | undefined;
  let defaultValue: string | null | undefined;
  for (;;) {
    rest = rest.trimStart();
    let m: RegExpExecArray | null;
    if (rest === '') break;
    if ((m = /^(not\s+)?null\b/i.exec(rest)) && nullSaid === undefined) nullSaid = m[1] === undefined;
    else if ((m = new RegExp(`^default\\s+(?:${quoted}|(-?\\d+(?:\\.\\d+)?)|(null)\\b)`, 'i').exec(rest)) && defaultValue === undefined) {
      defaultValue = m[3] !== undefined ? null : (m[1] ?? m[2]!);
    } else if ((m = new RegExp(`^comment\\s+${quoted}`, 'i').exec(rest)) && state.comment === undefined) state.comment = m[1];
    else if ((m = /^first\b/i.exec(rest)) && !position.first && position.after === undefined) position.first = true;
    else if ((m = new RegExp(`^after\\s+${name}`, 'i').exec(rest)) && !position.first && position.after === undefined) position.after = m[1];
    else return unread();
    rest = rest.slice(m[0].length);
  }
  // A TIMESTAMP not said NULL: its nullability and default depend on explicit_defaults_for_timestamp.
  if (state.family === 'timestamp' && nullSaid !== true) return unread();
  state.nullable = nullSaid !== false;
  if (defaultValue === null) {
    if (!state.nullable) return unread();
  } else if (defaultValue !== undefined) state.default = { kind: 'literal', value: literalDefault(state, defaultValue) ?? unread() };
  return { column: state, position };
}

/** A literal default as the server stores it for the column, when certain. */
function literalDefault(state: ColumnState, value: string): string | undefined {
  switch (state.family) {
    case 'enum': return state.values!.includes(value) ? value : undefined;
    case 'varchar': case 'char': return value.length <= state.length! ? value : undefined;
    case 'bigint': case 'int': case 'mediumint': case 'smallint': case 'tinyint': case 'boolean':
      // Within every integer type's range: 0 to 127, and -99 when signed.
      return /^(?:0|[1-9]\d?|1[01]\d|12[0-7])$/.test(value) || (!state.unsigned && /^-[1-9]\d?$/.test(value)) ? value : undefined;
    case 'decimal': {
      if (!/^-?\d+(?:\.\d+)?$/.test(value) || (state.unsigned && value.startsWith('-'))) return undefined;
      const rounded = roundDecimal(value, state.scale!);
      return rounded.replace(/^-/, '').split('.')[0]!.length <= state.precision! - state.scale! ? rounded : undefined;
    }
    default: return undefined;
  }
}
