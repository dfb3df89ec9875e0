// The repair plan: ordered steps, each with its SQL, its reason and whether it can lose
// data. Shared by the CLI's `repair`, the editor's preview and the apply. Never imports 'vscode'.
import type { Message } from '../messages/catalog';
import type { RepairId } from '../status/types';

export type RepairAction =
  | RepairId
  /** Update the row of a migration whose file was renamed (the quick fix keeps the timestamp). */
  | 'rename-record';

export interface RepairStep {
  /** Stable within a plan: `<action>:<migration>[:<table>]`. */
  readonly id: string;
  /** The migration (the value Laravel records) this step repairs. */
  readonly migration: string;
  readonly action: RepairAction;
  /** The table the step works on, if any. */
  readonly table?: string;
  /** Run in order, one statement each. */
  readonly sql: readonly string[];
  /** One sentence: why this step (`said` in English). */
  readonly reason: string;
  readonly said: Message;
  /** Whether the step can lose data (dropped table or column, narrowed type). */
  readonly lossy: boolean;
  /** Whether the step changes something the backup must hold first. */
  readonly requiresBackup: boolean;
  /** Tables the backup must hold for this step (their state before it). */
  readonly backupTables: readonly string[];
  /** Migrations-table rows (by `migration`) this step inserts, updates or deletes. */
  readonly backupMigrationRows: readonly string[];
}

/** What the plan cannot repair and why: never guessed at. */
export interface PlanNote {
  readonly migration: string;
  readonly table?: string;
  /** `said` in English. */
  readonly message: string;
  readonly said: Message;
}

/** A migration whose existing table differs: the repairs the user can choose between. */
export interface PlanChoice {
  readonly migration: string;
  readonly chosen: PendingChoice;
  readonly alternatives: readonly PendingChoice[];
}

export type PendingChoice = 'alter-table' | 'record-as-ran' | 'drop-table';

export interface RepairPlan {
  readonly database: string;
  readonly migrationsTable: string;
  /** The batch new rows get. */
  readonly batch: number;
  readonly steps: readonly RepairStep[];
  readonly notes: readonly PlanNote[];
  readonly choices: readonly PlanChoice[];
}

export interface PlanOptions {
  /** Only these migrations (names); all when empty or undefined. */
  readonly only?: readonly string[];
  /** The batch of new rows; default the highest + 1. */
  readonly batch?: number;
  /** Explicit renames OLD=NEW of recorded names, beside those detected by timestamp. */
  readonly renames?: ReadonlyMap<string, string>;
  /** For pending migrations whose table exists but differs; default 'alter-table'. */
  readonly choices?: ReadonlyMap<string, PendingChoice>;
}
