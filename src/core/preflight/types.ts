// What preflight predicts for each pending migration. Never imports 'vscode'.
import type { SourceRange } from '../analysis/types';

export type Prediction = 'passes' | 'fails' | 'unchecked' | 'not-reached';

export interface PredictedError {
  /** The server's error number (1050, 1062...); null when Laravel's doctrine/dbal refuses before sending anything. */
  readonly code: number | null;
  /** The server's message, as it would print it; what is thrown, as written, when `thrown`. */
  readonly message: string;
  /** The migration's own `throw` (code null): not the server's nor doctrine/dbal's refusal. */
  readonly thrown?: true;
}

/** What the prediction rests on: counts and a few sample values read from the live rows. */
export interface Evidence {
  /** How many rows (or duplicate groups) are concerned, counted up to `countLimit`. */
  readonly count?: number;
  /** Set when the count stopped at its bound (there are at least `count`). */
  readonly countLimit?: number;
  readonly samples?: readonly string[];
  /** Why the migration is unchecked or not reached. */
  readonly reason?: string;
  /** What avoids the failure: the repair or the change to the migration. */
  readonly advice?: string;
}

export interface MigrationPrediction {
  readonly name: string;
  readonly prediction: Prediction;
  readonly error?: PredictedError;
  /** The statement Laravel will send that meets the error (or the one that cannot be checked). */
  readonly statement?: string;
  readonly evidence: Evidence;
  /** Where that statement is written in the file (the operation, or the raw statement), when known. */
  readonly range?: SourceRange;
  /** Set on a prediction made after an earlier failure: what it meets once that one is fixed. */
  readonly afterFailureOf?: string;
  /** Set on a failure because a table does not exist: that table (server name). */
  readonly missingTable?: string;
}

/**
 * What a finding of the migrations table means for the next migrate: nothing it fails on
 * ('warning'), a failure predicted for a pending migration ('predicted-failure'), or not
 * known ('unknown', with why in the message).
 */
export type FindingSeverity = 'warning' | 'predicted-failure' | 'unknown';

/** A row of the migrations table without its file, a recorded migration whose table is gone, a gap between batches. */
export interface MigrationsTableFinding {
  readonly kind: 'file-missing' | 'table-missing' | 'batch-gap';
  readonly severity: FindingSeverity;
  /** The recorded migration concerned (not for a batch gap). */
  readonly migration?: string;
  /** Its file, when there is one. */
  readonly path?: string;
  readonly table?: string;
  /** For a batch gap: the batch numbers no row has. */
  readonly batches?: readonly number[];
  /** What is wrong. */
  readonly message: string;
  /** What it means for the next migrate. */
  readonly effect: string;
  /** The pending migration predicted to fail because of it. */
  readonly failingMigration?: string;
}

export interface PreflightResult {
  readonly migrations: readonly MigrationPrediction[];
  /** Privileges the account lacks for a check (the checks concerned are unchecked). */
  readonly missingPrivileges: readonly string[];
  readonly queries: number;
}

export interface DatabasePreflight extends PreflightResult {
  readonly migrationsTableFindings: readonly MigrationsTableFinding[];
  /** The pending migrations' files, by name. */
  readonly paths: ReadonlyMap<string, string>;
}
