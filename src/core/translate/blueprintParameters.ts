// The parameter names of the Blueprint methods the translation replays, as each version
// declares them: a call with named arguments (`string('title', length: 100)`) is read by
// position through them, as PHP binds it. Never imports 'vscode'.
import type { LaravelGrammar } from './laravelTarget';

const column = ['column'];
const same = (methods: string, parameters: readonly string[]): [string, readonly string[]][] => methods.split(' ').map((m) => [m, parameters]);

/** Identical in 8.x, 11.x, 12.x and 13.x (checked against each version's Blueprint.php). */
const everyVersion = new Map<string, readonly string[]>([
  ...same('id increments integerIncrements tinyIncrements smallIncrements mediumIncrements bigIncrements foreignId foreignUuid', column),
  ...same('tinyText text mediumText longText boolean json jsonb date year uuid ipAddress macAddress', column),
  ...same('integer tinyInteger smallInteger mediumInteger bigInteger', ['column', 'autoIncrement', 'unsigned']),
  ...same('unsignedInteger unsignedTinyInteger unsignedSmallInteger unsignedMediumInteger unsignedBigInteger', ['column', 'autoIncrement']),
  ...same('ulid foreignUlid', ['column', 'length']),
  ...same('char string', ['column', 'length']),
  ...same('enum set', ['column', 'allowed']),
  ...same('dateTime dateTimeTz time timeTz timestamp timestampTz softDeletes softDeletesTz', ['column', 'precision']),
  ...same('timestamps nullableTimestamps timestampsTz', ['precision']),
  ...same('primary unique index', ['columns', 'name', 'algorithm']),
  ['foreign', ['columns', 'name']],
  ...same('renameColumn renameIndex', ['from', 'to']),
  ...same('dropPrimary dropUnique dropIndex dropForeign', ['index']),
  ...same('dropConstrainedForeignId dropSoftDeletes dropSoftDeletesTz', column),
  ...same('morphs nullableMorphs numericMorphs nullableNumericMorphs uuidMorphs nullableUuidMorphs ulidMorphs nullableUlidMorphs dropMorphs', ['name', 'indexName']),
  ['rename', ['to']],
  ['addColumn', ['type', 'name', 'parameters']],
]);

const morphMethods = new Set('morphs nullableMorphs numericMorphs nullableNumericMorphs uuidMorphs nullableUuidMorphs ulidMorphs nullableUlidMorphs'.split(' '));

/** 8–10 (floats 'double'): float, double, decimal take total, places, unsigned. */
const doubleFloats = new Map<string, readonly string[]>([
  ...same('float double decimal', ['column', 'total', 'places', 'unsigned']),
  ...same('unsignedFloat unsignedDouble unsignedDecimal', ['column', 'total', 'places']),
]);

/** 11+ (floats 'precision'). */
const precisionFloats = new Map<string, readonly string[]>([
  ['float', ['column', 'precision']],
  ['double', column],
  ['decimal', ['column', 'total', 'places']],
]);

/**
 * The parameter names of `method` (Blueprint's own spelling) in the grammar's version, or
 * undefined when its named arguments are not read (dropColumn's func_get_args(), a method
 * whose names differ in a version not checked).
 */
export function blueprintParameters(method: string, grammar: LaravelGrammar): readonly string[] | undefined {
  if (method === 'binary') return grammar.binaryLength ? ['column', 'length', 'fixed'] : column;
  if (method === 'comment') return grammar.tableComment ? ['comment'] : undefined;
  if (morphMethods.has(method) && grammar.morphsAfter) return ['name', 'indexName', 'after'];
  return everyVersion.get(method) ?? (grammar.floats === 'double' ? doubleFloats : precisionFloats).get(method);
}

/** Every method whose named arguments may be read in some version. */
export const methodsWithParameters: readonly string[] = [...new Set(['binary', 'comment', ...everyVersion.keys(), ...doubleFloats.keys(), ...precisionFloats.keys()])];
