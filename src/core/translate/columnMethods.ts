// Blueprint's methods that add one column (string(), id(), softDeletes(), addColumn()...): the
// ColumnDefinition each adds, with the attributes the target version's method gives it. The
// commands, and the methods that add several columns, are blueprint.ts's. Never imports 'vscode'.
import type { BlueprintCall } from '../analysis/types';
import { type LazyText, message } from '../messages/catalog';
import type { BlueprintSettings } from './blueprint';
import { type ColumnDefinition, isIntegerType } from './columnTypes';
import { type Attr, type Attrs, attrs, fail, isUnknown, known, str, truthy } from './phpValues';

/**
 * The types MySqlGrammar compiles that the translation models, by lower-case name (the grammar
 * calls `'type'.ucfirst($type)`, a PHP method: any case). The Tz types are compiled as theirs.
 */
const grammarTypes = new Map([
  'bigInteger', 'integer', 'mediumInteger', 'smallInteger', 'tinyInteger', 'boolean', 'string', 'char', 'uuid', 'ipAddress', 'macAddress',
  'tinyText', 'text', 'mediumText', 'longText', 'float', 'double', 'decimal', 'enum', 'set', 'json', 'jsonb', 'date', 'year', 'binary',
  'dateTime', 'time', 'timestamp', 'dateTimeTz', 'timeTz', 'timestampTz',
].map((type) => [type.toLowerCase(), type.replace(/Tz$/, '')]));

/**
 * addColumn()'s parameters whose attribute the grammar reads as the translation does, whatever
 * value a parameter gives it (`'first' => false` still writes `first`: not translated).
 */
const addColumnParameters = new Set([
  'nullable', 'default', 'unsigned', 'autoIncrement', 'useCurrent', 'useCurrentOnUpdate', 'length', 'fixed', 'total', 'places', 'precision',
  'allowed', 'charset', 'collation', 'comment', 'after',
]);

/** The column `method` adds (a name Blueprint spells), or undefined when it adds none or several. */
export function singleColumn(call: BlueprintCall, settings: BlueprintSettings, where: LazyText): ColumnDefinition | undefined {
  const args = call.args;
  const g = settings.grammar;
  const column = (type: string, name: string, initial: Attrs = {}): ColumnDefinition => ({ type, name, attrs: attrs(initial) });
  // The sentence naming the argument only for a failure: this runs for every column of a history.
  const name = (): string => (typeof args[0] === 'string' ? args[0] : str(args[0], message('part.columnName', where)));
  const col = (type: string, extra: Attrs = {}): ColumnDefinition => column(type, name(), extra);
  const increments = { autoIncrement: true, unsigned: true };
  switch (call.method) {
    case 'id': return column('bigInteger', args[0] === undefined ? 'id' : str(args[0], where), increments);
    case 'increments': case 'integerIncrements': return col('integer', increments);
    case 'tinyIncrements': return col('tinyInteger', increments);
    case 'smallIncrements': return col('smallInteger', increments);
    case 'mediumIncrements': return col('mediumInteger', increments);
    case 'bigIncrements': return col('bigInteger', increments);
    case 'integer': case 'tinyInteger': case 'smallInteger': case 'mediumInteger': case 'bigInteger':
      return col(call.method, { autoIncrement: args[1] ?? false, unsigned: args[2] ?? false });
    case 'unsignedInteger': case 'unsignedTinyInteger': case 'unsignedSmallInteger': case 'unsignedMediumInteger': case 'unsignedBigInteger': {
      const base = call.method.slice('unsigned'.length);
      return col(base.charAt(0).toLowerCase() + base.slice(1), { autoIncrement: args[1] ?? false, unsigned: true });
    }
    case 'foreignId': return col('bigInteger', { autoIncrement: false, unsigned: true, foreignId: true });
    case 'foreignUuid': return col('uuid', { foreignId: true });
    case 'ulid': case 'foreignUlid':
      if (!g.ulid) fail(message('unknown.arrivedIn', where, g.label, call.method));
      return call.method === 'ulid'
        ? column('char', args[0] === undefined ? 'ulid' : str(args[0], where), { length: args[1] ?? 26 })
        : col('char', { length: args[1] ?? 26, foreignId: true });
    case 'char': case 'string':
      return col(call.method, { length: truthy(args[1]) ? args[1] : settings.defaultStringLength });
    case 'binary':
      return col('binary', g.binaryLength ? { length: args[1] ?? null, fixed: args[2] ?? false } : {});
    case 'uuid': case 'ipAddress': case 'macAddress':
      if (args[0] === undefined) {
        if (!g.defaultColumnNames) fail(message('unknown.columnNameRequired', where, g.label));
        return column(call.method, { uuid: 'uuid', ipAddress: 'ip_address', macAddress: 'mac_address' }[call.method]);
      }
      return col(call.method);
    case 'tinyText': case 'text': case 'mediumText': case 'longText': case 'boolean': case 'json': case 'jsonb': case 'date': case 'year':
      return col(call.method);
    case 'float':
      return g.floats === 'double'
        ? col('float', { total: args[1] ?? 8, places: args[2] ?? 2, unsigned: args[3] ?? false })
        : col('float', { precision: args[1] ?? 53 });
    case 'double':
      return g.floats === 'double' ? col('double', { total: args[1] ?? null, places: args[2] ?? null, unsigned: args[3] ?? false }) : col('double');
    case 'decimal':
      return g.floats === 'double'
        ? col('decimal', { total: args[1] ?? 8, places: args[2] ?? 2, unsigned: args[3] ?? false })
        : col('decimal', { total: args[1] ?? 8, places: args[2] ?? 2 });
    case 'unsignedDecimal':
      if (!g.unsignedDecimal) fail(message('unknown.removedIn', where, g.label, 'unsignedDecimal'));
      return col('decimal', { total: args[1] ?? 8, places: args[2] ?? 2, unsigned: true });
    case 'unsignedFloat': case 'unsignedDouble':
      if (!g.unsignedFloat) fail(message('unknown.removedIn', where, g.label, call.method));
      return call.method === 'unsignedFloat'
        ? col('float', { total: args[1] ?? 8, places: args[2] ?? 2, unsigned: true })
        : col('double', { total: args[1] ?? null, places: args[2] ?? null, unsigned: true });
    case 'enum': case 'set': return col(call.method, { allowed: known(args[1], message('part.allowedValues', where)) });
    case 'dateTime': case 'dateTimeTz': case 'time': case 'timeTz': case 'timestamp': case 'timestampTz':
      return col(call.method.replace(/Tz$/, ''), { precision: args[1] ?? 0 });
    case 'softDeletes': case 'softDeletesTz':
      return column('timestamp', args[0] === undefined ? 'deleted_at' : str(args[0], where), { precision: args[1] ?? 0, nullable: true });
    case 'rememberToken': return column('string', 'remember_token', { length: 100, nullable: true });
    case 'addColumn': return addedColumn(args, where);
    default: return undefined;
  }
}

/**
 * `addColumn($type, $name, $parameters)`: a ColumnDefinition of `array_merge(compact('type',
 * 'name'), $parameters)`, with none of the defaults the type's own method gives (no length for
 * a string, no precision for a timestamp): the grammar reads what is there.
 */
function addedColumn(args: readonly Attr[], where: LazyText): ColumnDefinition {
  const parameters = args[2] === undefined ? {} : known(args[2], where);
  if (parameters === null || typeof parameters !== 'object' || isUnknown(parameters)) fail(message('unknown.addColumnParameters', where));
  const merged: Attrs = attrs({ type: args[0], name: args[1] });
  // An empty PHP array is a list; any other list would give attributes named 0, 1...
  if (Array.isArray(parameters)) {
    if (parameters.length > 0) fail(message('unknown.addColumnParameters', where));
  } else Object.assign(merged, parameters);
  const written = str(merged.type, where);
  const type = grammarTypes.get(written.toLowerCase());
  if (type === undefined) fail(message('unknown.columnType', where, written));
  // MySqlGrammar's test for an auto-increment column compares the type as written.
  if (isIntegerType(type) && written !== type) fail(message('unknown.columnTypeSpelling', where, written, type));
  const initial: Attrs = {};
  for (const [key, value] of Object.entries(merged)) {
    if (key === 'type' || key === 'name') continue;
    if (!addColumnParameters.has(key)) fail(message('unknown.addColumnParameter', where, key));
    initial[key] = key === 'after' ? str(value, where) : known(value, where);
  }
  // `varchar()`, `decimal(, 2)`: the server refuses what the grammar writes without them.
  const needed = type === 'string' || type === 'char' ? ['length'] : type === 'decimal' ? ['total', 'places'] : [];
  for (const key of needed) if (initial[key] === undefined || initial[key] === null) fail(message('unknown.addColumnWithout', where, key));
  return { type, name: str(merged.name, message('part.columnName', where)), attrs: attrs(initial) };
}
