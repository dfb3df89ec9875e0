// What the migrations table itself holds for the next migrate: rows without their file and
// recorded migrations whose table is gone (status's findings, reused as status states them),
// and batches no row has. None makes `migrate` fail by itself: it runs only the files that are
// not recorded. A gone table does make a pending migration that uses it fail, which the
// simulation, started from the live structure, has already predicted: the finding names that
// prediction. Never imports 'vscode'.
import { english, message, type Message } from '../messages/catalog';
import type { StatusSnapshot } from '../status/types';
import type { MigrationPrediction, MigrationsTableFinding } from './types';

/** At most this many missing batch numbers are listed. */
const listedBatches = 100;

export function migrationsTableFindings(
  snapshot: StatusSnapshot,
  predictions: readonly MigrationPrediction[],
  batches: readonly number[],
  /** Migration folders that cannot be told (status's knowledge): a row without a file may be theirs. */
  unknownFolders: readonly (string | Message)[],
): MigrationsTableFinding[] {
  const findings: MigrationsTableFinding[] = [];
  for (const m of snapshot.migrations) {
    for (const problem of m.problems) {
      if (problem.kind === 'file-missing') {
        const unknown = unknownFolders.length > 0;
        findings.push({
          kind: 'file-missing', severity: unknown ? 'unknown' : 'warning', migration: m.name, message: problem.message,
          effect: english(message(unknown ? 'preflight.rowMaybeWithoutFile' : 'preflight.rowWithoutFile')),
        });
      } else if (problem.kind === 'table-missing' && problem.table !== undefined) {
        const table = problem.table;
        const failing = predictions.find((p) => p.prediction === 'fails' && p.missingTable === table);
        findings.push({
          kind: 'table-missing', severity: failing ? 'predicted-failure' : 'warning', migration: m.name, ...(m.file ? { path: m.file.path } : {}), table,
          message: problem.message,
          effect: english(failing
            ? message('preflight.goneTableFails', m.name, failing.name, table, String(failing.error?.code ?? 'doctrine/dbal'))
            : message('preflight.goneTableUnused', m.name, table)),
          ...(failing ? { failingMigration: failing.name } : {}),
        });
      }
    }
  }
  const gap = batchGap(batches);
  if (gap) findings.push(gap);
  return findings;
}

/** The batches between 1 and the last that no row has (Laravel numbers them from 1, the next one being the last + 1). */
function batchGap(batches: readonly number[]): MigrationsTableFinding | undefined {
  const present = new Set(batches);
  const last = Math.max(0, ...batches);
  const missing: number[] = [];
  for (let batch = 1; batch < last && missing.length < listedBatches; batch++) if (!present.has(batch)) missing.push(batch);
  if (missing.length === 0) return undefined;
  const listed = missing.join(', ') + (missing.length === listedBatches ? ', …' : '');
  return {
    kind: 'batch-gap', severity: 'warning', batches: missing,
    message: english(message(missing.length === 1 ? 'preflight.batchGap' : 'preflight.batchGaps', listed, last)),
    effect: english(message('preflight.batchGapEffect', last + 1)),
  };
}
