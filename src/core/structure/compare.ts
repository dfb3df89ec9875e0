// Expected vs live, as data: each difference with a one-line explanation and whether
// fixing it can lose data. Names compare case-insensitively, as MySQL does for columns
// and indexes.
import type { ColumnModel, ForeignKeyModel, IndexModel, StructureDifference, TableModel } from './model';
import { english, message, type Message, type MessageId } from '../messages/catalog';
import { charsetOfCollation } from './defaults';
import { describeDefault } from './normalise';

const key = (name: string) => name.toLowerCase();

/** A difference whose explanation is `said`, in English. */
function difference(d: Omit<StructureDifference, 'explanation'> & { readonly said: Message }): StructureDifference {
  return { ...d, explanation: english(d.said) };
}

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [key(item.name), item]));
}

export function describeColumn(column: ColumnModel): string {
  return [
    column.type,
    column.nullable ? 'NULL' : 'NOT NULL',
    column.default.kind === 'none' ? '' : describeDefault(column.default),
    column.autoIncrement ? 'AUTO_INCREMENT' : '',
    column.onUpdateCurrentTimestamp ? 'ON UPDATE CURRENT_TIMESTAMP' : '',
  ].filter(Boolean).join(' ');
}

export function describeIndex(index: IndexModel): string {
  const kind = index.primary ? 'PRIMARY KEY' : index.unique ? 'UNIQUE' : index.fulltext ? 'FULLTEXT' : 'INDEX';
  return `${kind} (${index.columns.join(', ')})`;
}

export function describeForeignKey(foreignKey: ForeignKeyModel): string {
  return `(${foreignKey.columns.join(', ')}) REFERENCES ${foreignKey.referencedTable} (${foreignKey.referencedColumns.join(', ')}) ON DELETE ${foreignKey.onDelete} ON UPDATE ${foreignKey.onUpdate}`;
}

const integerRank = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'];
const textRank = ['tinytext', 'text', 'mediumtext', 'longtext'];

/** Whether changing a column from `from` to `to` keeps every value that `from` can hold. */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true;
  const integer = /^(tinyint|smallint|mediumint|int|bigint)(\(1\))?( unsigned)?$/;
  const a = integer.exec(from);
  const b = integer.exec(to);
  if (a && b) {
    const rankA = integerRank.indexOf(a[1]);
    const rankB = integerRank.indexOf(b[1]);
    if (a[3] && !b[3]) return rankB > rankA;
    if (!a[3] && b[3]) return false;
    return rankB >= rankA;
  }
  const chars = /^(var)?char\((\d+)\)$/;
  const ca = chars.exec(from);
  const cb = chars.exec(to);
  if (ca && cb) return Number(cb[2]) >= Number(ca[2]) && (cb[1] !== undefined || ca[1] === undefined);
  const textA = ca ? 0 : textRank.indexOf(from);
  const textB = textRank.indexOf(to);
  if (textA >= 0 && textB >= 0) return ca ? Number(ca[2]) <= [255, 65535, 16777215, 4294967295][textB] : textB >= textA;
  const decimal = /^decimal\((\d+),(\d+)\)( unsigned)?$/;
  const da = decimal.exec(from);
  const db = decimal.exec(to);
  if (da && db) return Number(db[2]) >= Number(da[2]) && Number(db[1]) - Number(db[2]) >= Number(da[1]) - Number(da[2]);
  const temporal = /^(timestamp|datetime|time)(?:\((\d)\))?$/;
  const ta = temporal.exec(from);
  const tb = temporal.exec(to);
  if (ta && tb && ta[1] === tb[1]) return Number(tb[2] ?? 0) >= Number(ta[2] ?? 0);
  if (from === 'float' && to === 'double') return true;
  if (from === 'date' && to === 'datetime') return true;
  if (from === 'timestamp' && to === 'datetime') return true;
  return false;
}

function sameDefault(a: ColumnModel['default'], b: ColumnModel['default']): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'literal' && b.kind === 'literal') return a.value === b.value;
  if (a.kind === 'expression' && b.kind === 'expression') return a.sql === b.sql;
  return true;
}

/** `tableCharset`: the live table's, which a column without a collation of its own has. */
function compareColumn(table: string, expected: ColumnModel, live: ColumnModel, tableCharset: string | undefined): StructureDifference[] {
  const differences: StructureDifference[] = [];
  const subject = expected.name;
  // A generated column's kind and expression are part of its type; only an expected one is
  // checked (a Drizzle schema does not say it), its expression when the reader read it.
  const generation = (column: ColumnModel, other: ColumnModel): string => (!column.generated
    ? ''
    : ` as (${column.generated.expression !== undefined && (!other.generated || other.generated.expression !== undefined) ? column.generated.expression : '…'}) ${column.generated.stored ? 'stored' : 'virtual'}`);
  const expectedType = expected.generated ? expected.type + generation(expected, live) : expected.type;
  const liveType = expected.generated ? live.type + generation(live, expected) : live.type;
  if (expectedType !== liveType) {
    differences.push(difference({
      kind: 'column-type', table, subject, expected: expectedType, actual: liveType,
      said: message('difference.columnIs', subject, liveType, expectedType),
      // A generated column's values are computed: only a stored column made generated loses its own.
      lossyToFix: expected.generated ? !live.generated : !isWidening(live.type, expected.type),
    }));
  }
  if (expected.nullable !== live.nullable) {
    differences.push(difference({
      kind: 'column-nullability', table, subject,
      expected: expected.nullable ? 'NULL' : 'NOT NULL', actual: live.nullable ? 'NULL' : 'NOT NULL',
      said: message(live.nullable ? 'difference.columnNullable' : 'difference.columnNotNull', subject),
      // Existing NULLs would be replaced by the type's zero value (or the ALTER fails).
      lossyToFix: !expected.nullable,
    }));
  }
  if (!sameDefault(expected.default, live.default)) {
    differences.push(difference({
      kind: 'column-default', table, subject, expected: describeDefault(expected.default), actual: describeDefault(live.default),
      said: message('difference.columnDefault', subject, describeDefault(live.default), describeDefault(expected.default)),
      lossyToFix: false,
    }));
  }
  if (expected.autoIncrement !== live.autoIncrement) {
    differences.push(difference({
      kind: 'column-auto-increment', table, subject, expected: String(expected.autoIncrement), actual: String(live.autoIncrement),
      said: message(live.autoIncrement ? 'difference.columnAutoIncrement' : 'difference.columnNotAutoIncrement', subject),
      lossyToFix: false,
    }));
  }
  if (expected.onUpdateCurrentTimestamp !== live.onUpdateCurrentTimestamp) {
    differences.push(difference({
      kind: 'column-on-update', table, subject,
      expected: String(expected.onUpdateCurrentTimestamp), actual: String(live.onUpdateCurrentTimestamp),
      said: message(live.onUpdateCurrentTimestamp ? 'difference.columnOnUpdate' : 'difference.columnNoOnUpdate', subject),
      lossyToFix: false,
    }));
  }
  // A character set said without a collation gets that set's default collation, whatever it is here.
  const charsetOnly = expected.collation === undefined && expected.charset !== undefined;
  const differs = charsetOnly
    ? expected.charset!.toLowerCase() !== (live.charset ?? tableCharset ?? '').toLowerCase()
    : (expected.collation ?? '') !== (live.collation ?? '');
  if (differs) {
    const want = expected.collation ?? (charsetOnly ? `character set ${expected.charset}` : "the table's default");
    const have = live.collation ?? "the table's default";
    differences.push(difference({
      kind: 'column-charset', table, subject, expected: want, actual: have,
      said: message('difference.columnUses', subject, have, want),
      lossyToFix: (expected.charset ?? tableCharset ?? '').toLowerCase() !== (live.charset ?? tableCharset ?? '').toLowerCase(),
    }));
  }
  return differences;
}

interface NamedSpec<T> {
  /** How its explanations read: `<noun> \`{0}\` {1} is missing`, `… is not in the expected structure`. */
  readonly saidMissing: MessageId;
  readonly saidExtra: MessageId;
  readonly missing: StructureDifference['kind'];
  readonly extra: StructureDifference['kind'];
  /** Dropping an extra column loses its data; an extra index or key does not. */
  readonly extraLossy: boolean;
  readonly describe: (item: T) => string;
  /** How the description reads inside an explanation (columns put it in parentheses). */
  readonly show?: (item: T) => string;
  readonly compare: (expected: T, live: T) => StructureDifference[];
}

/** Columns, indexes or foreign keys matched by name: missing, different, then (unless partial) extra. */
function compareNamed<T extends { readonly name: string }>(
  table: string, partial: boolean | undefined, expected: readonly T[], live: readonly T[], spec: NamedSpec<T>,
): StructureDifference[] {
  const differences: StructureDifference[] = [];
  const show = spec.show ?? spec.describe;
  const liveByName = byName(live);
  for (const item of expected) {
    const actual = liveByName.get(key(item.name));
    if (actual) {
      differences.push(...spec.compare(item, actual));
    } else {
      differences.push(difference({
        kind: spec.missing, table, subject: item.name, expected: spec.describe(item),
        said: message(spec.saidMissing, item.name, show(item)), lossyToFix: false,
      }));
    }
  }
  if (!partial) {
    const expectedByName = byName(expected);
    for (const item of live) {
      if (expectedByName.has(key(item.name))) continue;
      differences.push(difference({
        kind: spec.extra, table, subject: item.name, actual: spec.describe(item),
        said: message(spec.saidExtra, item.name, show(item)), lossyToFix: spec.extraLossy,
      }));
    }
  }
  return differences;
}

export function compareTables(expected: TableModel, live: TableModel): StructureDifference[] {
  const table = expected.name;
  const differences: StructureDifference[] = [];

  for (const option of ['engine', 'charset', 'collation'] as const) {
    const want = expected.options[option];
    const have = live.options[option];
    if (want === undefined || (have ?? '').toLowerCase() === want.toLowerCase()) continue;
    if (option === 'collation' && expected.options.charset && have && charsetOfCollation(have) !== expected.options.charset.toLowerCase()) {
      continue; // already reported as a charset difference
    }
    differences.push(difference({
      kind: 'table-option', table, subject: option, expected: want, actual: have ?? 'unknown',
      said: message('difference.tableOption', table, option, have ?? 'unknown', want),
      lossyToFix: option === 'charset',
    }));
  }

  differences.push(...compareNamed(table, expected.partial, expected.columns, live.columns, {
    saidMissing: 'difference.missingColumn', saidExtra: 'difference.extraColumn', missing: 'missing-column', extra: 'extra-column', extraLossy: true,
    describe: describeColumn, show: (column) => `(${describeColumn(column)})`,
    compare: (column, actual) => compareColumn(table, column, actual, live.options.charset),
  }));
  differences.push(...compareNamed(table, expected.partial, expected.indexes, live.indexes, {
    saidMissing: 'difference.missingIndex', saidExtra: 'difference.extraIndex', missing: 'missing-index', extra: 'extra-index', extraLossy: false, describe: describeIndex,
    compare: (index, actual) => (describeIndex(index).toLowerCase() === describeIndex(actual).toLowerCase() ? [] : [difference({
      kind: 'index-definition', table, subject: index.name, expected: describeIndex(index), actual: describeIndex(actual),
      said: message('difference.indexIs', index.name, describeIndex(actual), describeIndex(index)), lossyToFix: false,
    })]),
  }));
  differences.push(...compareNamed(table, expected.partial, expected.foreignKeys, live.foreignKeys, {
    saidMissing: 'difference.missingForeignKey', saidExtra: 'difference.extraForeignKey', missing: 'missing-foreign-key', extra: 'extra-foreign-key', extraLossy: false, describe: describeForeignKey,
    compare: (foreignKey, actual) => (describeForeignKey(foreignKey).toLowerCase() === describeForeignKey(actual).toLowerCase() ? [] : [difference({
      kind: 'foreign-key-definition', table, subject: foreignKey.name,
      expected: describeForeignKey(foreignKey), actual: describeForeignKey(actual),
      said: message('difference.foreignKeyIs', foreignKey.name, describeForeignKey(actual), describeForeignKey(foreignKey)),
      lossyToFix: false,
    })]),
  }));
  return differences;
}
