// Hand-written analysis results, shaped like the analysis core's output, for translator tests.
import type { BlueprintCall, BlueprintStatement, MigrationFile, PhpValue, SchemaOperation, SchemaOperationKind, SourceRange } from '../../../src/core/analysis/types';

const range: SourceRange = { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } };

/** `call('string', 'name', 50)` -> `{ method: 'string', args: ['name', 50] }`. */
export function call(method: string, ...args: PhpValue[]): BlueprintCall {
  return { method, args };
}

/** One `$table->a(...)->b(...);` statement. */
export function st(...chain: BlueprintCall[]): BlueprintStatement {
  return { chain, range };
}

export function op(kind: SchemaOperationKind, table: string, blueprint?: BlueprintStatement[], extra: Partial<SchemaOperation> = {}): SchemaOperation {
  return { kind, table: { name: table, range }, guards: [], blueprint, range, ...extra };
}

export function migration(name: string, operations: SchemaOperation[], unknown: { reason: string }[] = []): MigrationFile {
  const match = /^(\d{4}_\d{2}_\d{2}_\d{6})_(.*)$/.exec(name);
  return {
    path: `/app/database/migrations/${name}.php`,
    name,
    timestamp: match?.[1],
    slug: match?.[2] ?? name,
    class: { kind: 'anonymous' },
    up: { declared: true, operations, unknown: unknown.map((u) => ({ ...u, range })) },
    down: { declared: true, operations: [], unknown: [] },
    parseProblems: [],
    ignores: new Map(),
  };
}

/** The corrected incident migration: eklektik_notifications_tracking as the fixture app declares it. */
export function eklektikNotifications(): MigrationFile {
  return migration('2025_09_23_011532_create_eklektik_notifications_tracking_table', [
    op('create', 'eklektik_notifications_tracking', [
      st(call('id')),
      st(call('unsignedBigInteger', 'notification_id')),
      st(call('timestamp', 'processed_at'), call('useCurrent')),
      st(call('boolean', 'kpi_updated'), call('default', false)),
      st(call('string', 'processing_batch_id', 50), call('nullable')),
      st(call('json', 'processing_metadata'), call('nullable')),
      st(call('timestamps')),
      st(call('index', 'notification_id')),
      st(call('index', ['processed_at', 'kpi_updated'], 'idx_processed_kpi')),
      st(call('index', ['processing_batch_id', 'processed_at'], 'idx_batch_processed')),
    ]),
  ]);
}
