// Preflight against one open connection: the status snapshot says which migrations are pending
// (Laravel's order), the structure engine reads the live tables, then the simulation runs.
// Shared by the CLI and the tests. Never imports 'vscode'.
import type { Database } from '../db/database';
import type { SnapshotInput } from '../status/engine';
import { takeSnapshot } from '../status/engine';
import { pendingFiles, type StatusSnapshot } from '../status/types';
import { isMariaDb, readLiveTables } from '../structure/live';
import type { TranslateOptions } from '../translate';
import { quoteIdentifier } from '../structure/normalise';
import { nextBatchOverflow, withBatchOverflow } from './batch';
import { migrationsTableFindings } from './history';
import { preflight, type PreflightInput } from './simulate';
import type { DatabasePreflight, PreflightResult } from './types';

export async function preflightDatabase(
  db: Database,
  input: SnapshotInput,
  translate: TranslateOptions,
  options: { readonly strict: PreflightInput['strict'] },
): Promise<DatabasePreflight> {
  const snapshot = await takeSnapshot(db, input);
  const pending = pendingFiles(snapshot);
  const result = await preflightPending(db, snapshot, translate, options);
  // Status keeps one batch per migration (a duplicated row's highest): the batches themselves are
  // read, so that a batch only a duplicated row holds is no gap.
  const batches = await db.query<{ batch: number | string }>(`SELECT DISTINCT batch FROM ${quoteIdentifier(snapshot.migrationsTable)}`);
  const batchNumbers = batches.map((row) => Number(row.batch));
  const findings = migrationsTableFindings(snapshot, result.migrations, batchNumbers, input.unknownFolders ?? []);
  return { ...result, migrationsTableFindings: findings, paths: new Map(pending.map((f) => [f.name, f.path])) };
}

/**
 * Preflight of a status snapshot's pending migrations (the editor and `status` have the snapshot),
 * the row the next batch records included: its number may be past the `batch` column's range.
 */
export async function preflightPending(
  db: Database, snapshot: StatusSnapshot, translate: TranslateOptions, options: { readonly strict: PreflightInput['strict'] },
): Promise<PreflightResult> {
  const [live, mariadb] = await Promise.all([readLiveTables(db), isMariaDb(db)]);
  const server = mariadb ? 'mariadb' as const : 'mysql' as const;
  const result = await preflight(db, { pending: pendingFiles(snapshot), live, translate: { ...translate, server }, database: db.options.database, server, strict: options.strict });
  // A snapshot exists only when every row has a name and a whole batch: its highest is the max(batch) Laravel adds 1 to.
  const overflow = await nextBatchOverflow(db, snapshot.migrationsTable, snapshot.maxBatch, options.strict);
  return overflow ? { ...result, migrations: withBatchOverflow(result.migrations, overflow, snapshot.migrationsTable) } : result;
}
