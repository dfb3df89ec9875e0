// Laravel 8–10 change() and renameColumn(): doctrine/dbal (3.x) reads the column from the
// server into its own types, applies what the Blueprint says, and writes the whole column
// back. What Doctrine cannot represent is lost; what the definition does not set is kept.
// Never imports 'vscode'.
import { message } from '../messages/catalog';
import type { ColumnDefinition } from './columnTypes';
import { fail } from './phpValues';
import type { ColumnState } from './tableState';

/** The types Laravel maps to a Doctrine type (ChangeColumn::getDoctrineColumnType) that are translated. */
const changeableTypes = new Set([
  'bigInteger', 'binary', 'boolean', 'date', 'dateTime', 'decimal', 'integer', 'json', 'longText', 'mediumText',
  'smallInteger', 'string', 'text', 'time', 'uuid',
]);

/**
 * The Doctrine types the server cannot name, which doctrine/dbal writes into the column's
 * comment (`(DC2Type:json)`) and reads back from it: its comment is the rest.
 */
const commentHints: Readonly<Record<string, string>> = { json: '(DC2Type:json)', uuid: '(DC2Type:guid)' };

function commentWithoutHint(column: ColumnState): string | undefined {
  return column.comment?.replace(/\(DC2Type:\w+\)$/, '');
}

/** ChangeColumn::doesntNeedCharacterOptions: these types lose their character set and collation. */
const characterTypes = new Set(['string', 'text', 'mediumText', 'longText', 'uuid']);

/**
 * The length Doctrine reads back (MySQLSchemaManager): a blob written from it is TINYBLOB up
 * to 255, BLOB up to 65535, MEDIUMBLOB up to 16777215, LONGBLOB otherwise or without one.
 */
function doctrineLength(column: ColumnState): number | undefined {
  switch (column.family) {
    case 'varchar': case 'char': return column.length;
    case 'tinytext': return 255;
    case 'text': case 'blob': return 65535;
    case 'mediumtext': return 16777215;
    default: return undefined;
  }
}

function blobFor(length: number | undefined): string {
  if (!length) return 'longblob';
  return length <= 255 ? 'tinyblob' : length <= 65535 ? 'blob' : length <= 16777215 ? 'mediumblob' : 'longblob';
}

/**
 * The character set Doctrine reads from the live column: MariaDB's json is longtext in
 * utf8mb4_bin whatever the table's; MySQL's has none (the table's default applies).
 */
function liveCharacterSet(current: ColumnState, server: 'mariadb' | 'mysql' | undefined): Pick<ColumnState, 'charset' | 'collation'> {
  if (current.family !== 'json') return current;
  if (server === undefined) fail(message('unknown.changeJson', current.name));
  return server === 'mariadb' ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
}

/** doctrine/dbal writes back as a quoted string any default but CURRENT_TIMESTAMP: `uuid()` would become a literal, or be refused. */
function functionDefault(column: ColumnState): void {
  const value = column.default;
  if (value?.kind === 'expression' && !/^CURRENT_TIMESTAMP/i.test(value.sql)) fail(message('unknown.doctrineFunctionDefault', column.name, value.sql));
}

/**
 * The default doctrine/dbal reads from MariaDB and writes back: `curdate()` stays on a date
 * column (it reads it as CURRENT_DATE); another function's text becomes a quoted string, a
 * literal on a character column (seen: char(36) DEFAULT 'uuid()'), refused or converted elsewhere.
 */
function defaultReadBack(column: ColumnState): ColumnState['default'] {
  const value = column.default;
  if (value?.kind !== 'expression' || /^CURRENT_TIMESTAMP/i.test(value.sql)) return value;
  if (value.sql === 'curdate()' && column.family === 'date') return value;
  if (column.family === 'char' || column.family === 'varchar') return { kind: 'literal', value: value.sql };
  return fail(message('unknown.doctrineFunctionDefault', column.name, value.sql));
}

const integerFamilies = new Set<ColumnState['family']>(['bigint', 'int', 'mediumint', 'smallint', 'tinyint', 'boolean']);

/** `definition` is the Blueprint's column; `next` what it compiles to on its own. */
export function changedByDoctrine(current: ColumnState, definition: ColumnDefinition, next: ColumnState, server?: 'mariadb' | 'mysql'): ColumnState {
  const { type, attrs } = definition;
  if (!changeableTypes.has(type)) fail(message('unknown.changeType', type));
  // MySQL's doctrine/dbal platform has a json type of its own: not seen here.
  if (type === 'json' && server !== 'mariadb') fail(server === undefined ? message('unknown.changeJson', current.name) : message('unknown.changeType', type));
  if (attrs.useCurrent || attrs.useCurrentOnUpdate || next.fsp) fail(message('unknown.changeIgnores', next.name));
  const has = (key: string): boolean => attrs[key] !== undefined;
  functionDefault(has('default') ? next : current);
  if (current.generated || next.generated) fail(message('unknown.doctrineGenerated', current.name));
  const keeps = characterTypes.has(type) && !(has('charset') && has('collation')) ? liveCharacterSet(current, server) : {};
  const changed: ColumnState = {
    ...next,
    nullable: has('nullable') ? next.nullable : current.nullable,
    default: has('default') ? next.default : current.default,
    comment: `${has('comment') ? next.comment ?? '' : commentWithoutHint(current) ?? ''}${commentHints[type] ?? ''}` || undefined,
    charset: !characterTypes.has(type) ? undefined : has('charset') ? next.charset : keeps.charset,
    collation: !characterTypes.has(type) ? undefined : has('collation') ? next.collation : keeps.collation,
    // Doctrine keeps the column's autoincrement but writes AUTO_INCREMENT in an integer's declaration
    // only: `$table->string('id', 36)->change()` of an increments() id leaves a plain varchar (koel).
    autoIncrement: has('autoIncrement') ? next.autoIncrement : current.autoIncrement && integerFamilies.has(next.family),
    declaredAt: next.declaredAt ?? current.declaredAt,
  };
  // string() sets the length, never `fixed`: a char column stays char.
  if (type === 'string' && current.family === 'char') return { ...changed, family: 'char', sqlType: `char(${next.length})` };
  // MariaDB's doctrine/dbal platform writes json as LONGTEXT without the json_valid check, in the
  // table's character set unless the definition names one (its options override Laravel's empty ones).
  if (type === 'json') {
    return { ...changed, family: 'longtext', sqlType: 'longtext', charset: has('charset') ? next.charset : undefined, collation: has('collation') ? next.collation : undefined };
  }
  // binary() sets no length: Doctrine sizes the blob from the column's old length.
  if (type === 'binary') return { ...changed, family: 'blob', sqlType: blobFor(doctrineLength(current)) };
  return changed;
}

/**
 * RenameColumn writes the column back from Doctrine's reading: no timestamp, tinyint,
 * mediumint, fractional seconds, ON UPDATE or column character set; types it cannot read
 * back faithfully are unknown.
 */
export function renamedByDoctrine(column: ColumnState, to: string, server?: 'mariadb' | 'mysql'): ColumnState {
  if (column.generated) fail(message('unknown.doctrineGenerated', column.name));
  const base: ColumnState = {
    ...column, name: to, charset: undefined, collation: undefined, fsp: undefined, onUpdateCurrentTimestamp: false, default: defaultReadBack(column),
  };
  const unsigned = column.unsigned ? ' unsigned' : '';
  switch (column.family) {
    case 'varchar': case 'char': case 'text': case 'tinytext': case 'mediumtext': case 'longtext':
    case 'int': case 'bigint': case 'smallint': case 'decimal': case 'date': case 'blob':
      return base;
    case 'mediumint': return { ...base, family: 'int', sqlType: `int${unsigned}` };
    case 'boolean': case 'tinyint': return { ...base, family: 'boolean', sqlType: 'tinyint(1)', unsigned: false };
    case 'double': return { ...base, precision: undefined, scale: undefined, sqlType: `double${unsigned}` };
    case 'datetime': case 'timestamp': return { ...base, family: 'datetime', sqlType: 'datetime' };
    case 'time': return { ...base, sqlType: 'time' };
    // MariaDB's json is a longtext to Doctrine (no comment says otherwise): written back without its check.
    case 'json':
      if (server !== 'mariadb') return fail(message('unknown.renameColumnFamily', column.family));
      return { ...base, family: 'longtext', sqlType: 'longtext' };
    default: return fail(message('unknown.renameColumnFamily', column.family));
  }
}
