// Which database a migration's schema calls change, once the project's default connection is
// known: the analysis keeps the connection a file names (its `$connection`, `Schema::connection('x')`),
// and only the project says whether that name is config('database.default'). Never imports 'vscode'.
import { connectionNotKnownCondition, operationRuns, type MethodAnalysis, type SchemaOperation, type UnknownStatement } from './types';

type Method = Pick<MethodAnalysis, 'operations' | 'unknown'>;
/** A whole analysis, or the part a status run keeps (no down()). */
type Analysed = { readonly up: Method; readonly down?: Method };

/** Kept per file and default: the editor's translation memory knows a file by the object it is given. */
const seen = new WeakMap<object, Map<string | undefined, unknown>>();

/**
 * The migrations as the default connection `defaultConnection` sees them (undefined: not known).
 * An operation on the default connection by name is the default one's; on another, left to
 * the callers, which compare none of it; when the default is not known, on the default one's
 * database only perhaps (conditional, so no claim rests on it). Raw SQL on another connection
 * changes nothing of the default one's database; when the default is not known, it is kept.
 */
export function onDefaultConnection<F extends Analysed>(migrations: readonly F[], defaultConnection: string | undefined): F[] {
  return migrations.map((file) => {
    if (!namesConnection(file.up) && !(file.down && namesConnection(file.down))) return file;
    let byDefault = seen.get(file);
    if (!byDefault) seen.set(file, byDefault = new Map());
    const kept = byDefault.get(defaultConnection) as F | undefined;
    if (kept) return kept;
    const read = { ...file, up: methodOn(file.up, defaultConnection), ...(file.down ? { down: methodOn(file.down, defaultConnection) } : {}) };
    byDefault.set(defaultConnection, read);
    return read;
  });
}

const namesConnection = (method: Method): boolean =>
  method.operations.some((op) => op.connection !== undefined) || method.unknown.some((u) => u.connection !== undefined);

function methodOn<M extends Method>(method: M, defaultConnection: string | undefined): M {
  if (!namesConnection(method)) return method;
  return {
    ...method,
    operations: method.operations.map((op) => operationOn(op, defaultConnection)),
    unknown: method.unknown.flatMap((u) => statementOn(u, defaultConnection)),
  };
}

function operationOn(op: SchemaOperation, defaultConnection: string | undefined): SchemaOperation {
  if (op.connection === undefined || (defaultConnection !== undefined && op.connection !== defaultConnection)) return op;
  const { connection, ...own } = op;
  if (defaultConnection !== undefined) return own;
  // A condition of its own already makes it unsure; else, whether it is the default one's.
  return operationRuns(op, undefined) === 'maybe' ? own : { ...own, conditional: connectionNotKnownCondition };
}

function statementOn(statement: UnknownStatement, defaultConnection: string | undefined): UnknownStatement[] {
  if (statement.connection === undefined) return [statement];
  if (defaultConnection !== undefined && statement.connection !== defaultConnection) return [];
  const { connection, ...own } = statement;
  return [own];
}
