// What Laravel's Fluent objects (ColumnDefinition, ForeignKeyDefinition) do with a method
// name: a few are real PHP methods (any case), every other call stores an attribute under its
// exact name, which only matters when some Blueprint, grammar or doctrine/dbal reads it.
// Never imports 'vscode'.
import type { LaravelGrammar } from './laravelTarget';

/**
 * A ColumnDefinition is a Fluent: any other method only stores an attribute under its exact
 * name. These attributes are read by some version's Blueprint, grammar or doctrine/dbal and are
 * not translated; the ones nobody reads (`->indexed()`, `->Nullable()`) change nothing.
 */
const untranslatedAttributes = new Set([
  'type', 'name', 'virtualAsJson', 'storedAsJson', 'invisible', 'srid', 'renameTo', 'instant', 'lock',
  'dimensions', 'subtype', 'notnull', 'scale', 'columnDefinition', 'autoincrement', 'platformOptions', 'customSchemaOptions',
  'spatialIndex', 'vectorIndex',
]);

/** Fluent's own methods (PHP methods: any case): they return a value, not the column. */
const fluentMethods = new Set(['get', 'getattributes', 'toarray', 'jsonserialize', 'tojson', 'offsetexists', 'offsetget', 'offsetset', 'offsetunset']);
/** The helpers Fluent has from 11 on (InteractsWithData, Conditionable, Macroable): attributes before. */
const laterFluentMethods = new Set([
  'set', 'fill', 'value', 'scope', 'all', 'toprettyjson', 'isempty', 'isnotempty', 'getiterator', 'exists', 'has', 'hasany', 'whenhas', 'filled',
  'isnotfilled', 'anyfilled', 'whenfilled', 'missing', 'whenmissing', 'str', 'string', 'boolean', 'integer', 'float', 'clamp', 'date', 'interval',
  'enum', 'enums', 'array', 'collect', 'only', 'except', 'when', 'unless', 'macro', 'mixin', 'hasmacro', 'flushmacros',
]);

/** Attributes a column type reads, set through the Fluent (`->length(100)`). */
const typeAttributes = new Set(['length', 'fixed', 'total', 'places', 'precision', 'allowed']);

/** What a column's fluent call amounts to, for a call no Blueprint rule handles itself. */
export type ColumnCall = 'method' | 'typeAttribute' | 'untranslated' | 'inert';

export function columnCall(method: string, grammar: LaravelGrammar): ColumnCall {
  const lower = method.toLowerCase();
  if (fluentMethods.has(lower) || (grammar.fluentHelpers && laterFluentMethods.has(lower))) return 'method';
  if (typeAttributes.has(method)) return 'typeAttribute';
  return untranslatedAttributes.has(method) ? 'untranslated' : 'inert';
}

/** The ForeignKeyDefinition shortcuts (`cascadeOnDelete()`), by lower-case name. */
export const foreignShortcuts = new Map(['cascade', 'restrict', 'null', 'noAction'].flatMap((prefix) => (['Delete', 'Update'] as const).map((on) => {
  const method = `${prefix}On${on}`;
  const action = { cascade: 'cascade', restrict: 'restrict', null: 'set null', noAction: 'no action' }[prefix]!;
  return [method.toLowerCase(), { method, attribute: `on${on}`, action }] as const;
})));
