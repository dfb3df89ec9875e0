// The literal PHP values of Blueprint calls, read as Laravel reads them; anything not literal
// makes the structure unknown. Never imports 'vscode'.
import type { BlueprintCall, PhpValue } from '../analysis/types';
import { type LazyText, message, type Message, type MessageId } from '../messages/catalog';
import { ServerRefusal, UnknownStructureError } from './tableState';

export type Attr = PhpValue | undefined;

/** A fluent attribute bag (a Laravel Fluent): no prototype, so no name from a file finds one. */
export type Attrs = Record<string, Attr>;

export function attrs(initial: Attrs = {}): Attrs {
  return Object.assign(Object.create(null) as Attrs, initial);
}

export function fail(reason: Message): never {
  throw new UnknownStructureError(reason);
}

export function refused(reason: Message): never {
  throw new ServerRefusal(reason);
}

export function describeCall(call: BlueprintCall): string {
  return `${call.method}(${call.args.map(renderValue).join(', ')})`;
}

function renderValue(value: PhpValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (isUnknown(value)) return '…';
  return '[…]';
}

export function isUnknown(value: Attr): value is { readonly unknown: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { unknown?: unknown }).unknown === 'string';
}

export function known(value: Attr, what: string | Message | LazyText): Attr {
  if (isUnknown(value)) fail(message('unknown.notLiteral', what, value.unknown));
  if (Array.isArray(value)) value.forEach((v) => known(v, what));
  return value;
}

export function str(value: Attr, what: string | Message | LazyText): string {
  known(value, what);
  if (typeof value !== 'string') fail(message('unknown.notStringLiteral', what));
  return value;
}

export function optionalStr(value: Attr, what: string | Message | LazyText): string | undefined {
  return value === undefined || value === null ? undefined : str(value, what);
}

/**
 * A column's optional string attribute, as optionalStr reads it; `part` of `what` names it in the
 * sentence of a failure, built only then (every column of a history has several such attributes).
 */
export function strAttr(value: Attr, part: MessageId, what: string | LazyText): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : str(value, message(part, what));
}

/** A column's optional integer attribute, as int reads it; its sentence built only for a failure, as strAttr's. */
export function intAttr(value: Attr, part: MessageId, what: string | LazyText): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : int(value, message(part, what));
}

/** PHP's `(array) $columns` for index column lists, or func_get_args() for dropColumn. */
export function stringList(args: readonly Attr[], what: string | Message | LazyText): string[] {
  const first = known(args[0], what);
  if (Array.isArray(first)) return first.map((v) => str(v, what));
  return args.map((v) => str(v, what));
}

export function int(value: Attr, what: string | Message | LazyText): number | undefined {
  known(value, what);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return fail(message('unknown.notIntegerLiteral', what));
}

/** PHP truthiness, as Laravel's `if ($column->x)` tests it. */
export function truthy(value: Attr): boolean {
  // The message only for a value that may not be literal: this runs for every attribute of every column.
  if (typeof value === 'object' && value !== null) known(value, message('part.modifierArgument'));
  if (value === undefined || value === null || value === false || value === 0 || value === '' || value === '0') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Grammar::getDefaultValue: booleans as '1'/'0', everything else as PHP's (string) cast. */
export function phpStringCast(value: PhpValue, what: string | Message | LazyText): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    // PHP prints floats with up to 14 significant digits.
    return String(Number(value.toPrecision(14)));
  }
  if (typeof value === 'string') return value;
  return fail(message('unknown.notScalarLiteral', what));
}

/** `DB::raw('...')` / `new Expression('...')` with a literal argument, as the analysis reports it (source text). */
const rawCall = /^(?:\\?(?:Illuminate\\Support\\Facades\\)?DB::raw|new\s+\\?(?:Illuminate\\Database\\Query\\)?Expression)\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\$]|\\.)*)"|(-?\d+(?:\.\d+)?))\s*\)$/s;

export function rawExpression(value: Attr): { readonly expression: string } | undefined {
  if (!isUnknown(value)) return undefined;
  const m = rawCall.exec(value.unknown.trim());
  if (!m) return undefined;
  const sql = m[1] !== undefined ? m[1].replace(/\\(['\\])/g, '$1') : m[2] !== undefined ? m[2].replace(/\\(["\\])/g, '$1') : m[3];
  return { expression: sql };
}

/**
 * `DB::getTablePrefix().'name'` (or the connection's getTablePrefix() through
 * `DB::connection()` / `Schema::getConnection()`) with a literal name, as the analysis reports
 * it (source text): an index or key name spelled with the connection's prefix.
 */
const prefixedName = new RegExp(
  String.raw`^(?:\\?(?:Illuminate\\Support\\Facades\\)?(?:DB::(?:connection\(\s*\)\s*->\s*)?|Schema::getConnection\(\s*\)\s*->\s*)getTablePrefix\(\s*\))`
    + String.raw`\s*\.\s*(?:'((?:[^'\\]|\\.)*)'|"([^"\\$]*)")$`,
  'is',
);

/** The value with `DB::getTablePrefix().'name'` read as `prefix + name`; any other value as it is. */
export function withTablePrefix(value: Attr, prefix: string): Attr {
  if (Array.isArray(value)) return value.map((v) => withTablePrefix(v, prefix) as PhpValue);
  if (!isUnknown(value)) return value;
  const m = prefixedName.exec(value.unknown.trim());
  if (!m) return value;
  return prefix + (m[1] !== undefined ? m[1].replace(/\\(['\\])/g, '$1') : m[2]!);
}

export function isRawExpression(value: Attr): value is { readonly expression: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { expression?: unknown }).expression === 'string';
}

export function quoteSqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
