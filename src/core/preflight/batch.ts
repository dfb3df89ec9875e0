// The batch the next migrate records: the last + 1, inserted into the migrations table after the
// first pending migration's up() has run. Laravel (8.83 to 13) creates `batch` as a signed int:
// past 2147483647 a strict connection refuses the row (1264), so migrate stops there with that
// migration's changes made and not recorded; a non-strict one stores the column's largest value
// with a warning, and migrate goes on. Never imports 'vscode'.
import type { Database } from '../db/database';
import { english, message } from '../messages/catalog';
import type { PreflightInput } from './simulate';
import type { MigrationPrediction } from './types';

const integerMaxima: Record<string, bigint> = {
  tinyint: 127n, smallint: 32767n, mediumint: 8388607n, int: 2147483647n, integer: 2147483647n, bigint: 9223372036854775807n,
};

/** What recording the next batch meets: a refusal, a refusal only a strict connection makes (strictness not known), or nothing. */
export type BatchOverflow =
  | { readonly refused: true; readonly next: bigint; readonly max: bigint; readonly columnType: string }
  | { readonly unknown: string };

/** The largest value `batch` holds, from its live type; undefined when it is no integer (nothing predicted). */
async function batchMaximum(db: Database, migrationsTable: string): Promise<{ max: bigint; columnType: string } | undefined> {
  const rows = await db.query<{ dataType: string; columnType: string }>(
    "SELECT DATA_TYPE AS dataType, COLUMN_TYPE AS columnType FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'batch'",
    [migrationsTable],
  );
  const column = rows[0];
  const signedMax = column && integerMaxima[String(column.dataType).toLowerCase()];
  if (!column || signedMax === undefined) return undefined;
  const unsigned = /unsigned/i.test(column.columnType);
  return { max: unsigned ? signedMax * 2n + 1n : signedMax, columnType: column.columnType };
}

/** `lastBatch`: the migrations table's highest batch (0 when it is empty). */
export async function nextBatchOverflow(
  db: Database, migrationsTable: string, lastBatch: number, strict: PreflightInput['strict'],
): Promise<BatchOverflow | undefined> {
  const next = BigInt(Math.max(0, lastBatch)) + 1n;
  // Below every integer type's maximum: the column need not be read.
  if (next <= 127n || strict === false) return undefined;
  const column = await batchMaximum(db, migrationsTable);
  if (!column || next <= column.max) return undefined;
  if (typeof strict === 'object') return { unknown: english(message('preflight.batchOverflowStrictUnknown', String(next), column.columnType, strict.unknown)) };
  return { refused: true, next, ...column };
}

/**
 * The predictions once the next batch cannot be recorded: the first pending migration runs and
 * its row is refused (when nothing fails before), and migrate stops there.
 */
export function withBatchOverflow(
  migrations: readonly MigrationPrediction[], overflow: BatchOverflow, migrationsTable: string,
): MigrationPrediction[] {
  const [first, ...rest] = migrations;
  if (!first) return [];
  if ('unknown' in overflow) {
    // Strict, migrate stops after the first; not strict, every one runs as predicted.
    return migrations.map((m) => (m.prediction === 'passes' ? { name: m.name, prediction: 'unchecked', evidence: { reason: overflow.unknown } } : m));
  }
  const refused: MigrationPrediction = {
    name: first.name, prediction: 'fails',
    error: { code: 1264, message: "Out of range value for column 'batch' at row 1" },
    // Laravel's exception shows the insert with its bindings in place.
    statement: `insert into \`${migrationsTable}\` (\`migration\`, \`batch\`) values (${first.name}, ${String(overflow.next)})`,
    evidence: {
      reason: english(message('preflight.batchOverflow', String(overflow.next), overflow.columnType, String(overflow.max))),
      advice: english(message('preflight.batchOverflowAdvice', migrationsTable)),
    },
  };
  const stopped = english(message('preflight.batchOverflowStops', first.name));
  return [first.prediction === 'passes' ? refused : first, ...rest.map((m): MigrationPrediction => ({ name: m.name, prediction: 'not-reached', evidence: { reason: stopped } }))];
}
