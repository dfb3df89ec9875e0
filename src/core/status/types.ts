// The status snapshot: what `migrate:status` says, plus the three facts it cannot show
// (ran but table missing, pending but table exists, schema drift). Shared by the tree view,
// the status bar, the CLI's `status` and the repair planner. Never imports 'vscode'.
import type { MigrationFile, SchemaOperation, UnknownStatement } from '../analysis/types';
import type { PublicConnection } from '../db/database';
import type { Message } from '../messages/catalog';
import type { ExpectedTable, UnknownStructure } from '../structure/expected';
import type { StructureDifference, TableModel } from '../structure/model';

/** The state ids, exactly as the UI, the CLI's JSON and the settings name them. */
export const migrationStates = [
  'ran',
  'pending',
  'ran-table-missing',
  'pending-table-exists',
  'orphan-record',
  'schema-drift',
] as const;

export type MigrationState = (typeof migrationStates)[number];

/** States that are a problem (everything but Laravel's own `ran` and `pending`). */
export function isProblemState(state: MigrationState): boolean {
  return state !== 'ran' && state !== 'pending';
}

/** The files of the migrations the next `migrate` runs, in its order. */
export function pendingFiles(snapshot: StatusSnapshot): MigrationFile[] {
  return snapshot.migrations.filter((m) => (m.state === 'pending' || m.state === 'pending-table-exists') && m.file).map((m) => m.file!);
}

/** Whether the migrations table holds a row for a migration in this state. */
export function isRecordedState(state: MigrationState): boolean {
  return state === 'ran' || state === 'ran-table-missing' || state === 'schema-drift' || state === 'orphan-record';
}

/**
 * The repairs the planner knows, by id. A problem lists the ones that fix it,
 * the least destructive first.
 */
export type RepairId =
  /** Create the missing table from its expected structure; keep the row. */
  | 'create-table'
  /** Insert the migration's row (batch max+1): the live table is kept as it is. */
  | 'record-as-ran'
  /** ALTER the live table to its expected structure (data kept where possible). */
  | 'alter-table'
  /** Drop the live table so the migration can run (data loss: backup + explicit choice). */
  | 'drop-table'
  /** Delete the migrations-table row whose file does not exist (after backing it up). */
  | 'delete-record';

export type ProblemKind =
  /** Recorded as ran, but a table its `up()` creates does not exist. */
  | 'table-missing'
  /** Not recorded, but a table its `up()` creates already exists (next `migrate` fails with 1050). */
  | 'table-exists'
  /** A row of the migrations table whose file does not exist. */
  | 'file-missing'
  /** The live table's structure differs from its expected structure. */
  | 'structure-differs';

export interface StatusProblem {
  readonly kind: ProblemKind;
  /** The table concerned, as on the server (prefix included); undefined for 'file-missing'. */
  readonly table?: string;
  /** One sentence a person understands. */
  readonly message: string;
  /** The repairs that fix it, least destructive first. */
  readonly repairs: readonly RepairId[];
  /** One sentence naming the repair, for tooltips and the CLI. */
  readonly repairHint: string;
  /** The message and the hint as catalog messages, for the editor to say in the user's language. */
  readonly said: { readonly message: Message; readonly repairHint: Message };
  /**
   * Against the expected structure, when the table exists and has one: the differences
   * (empty when it matches). For 'table-exists', an empty list means "record as ran" is safe.
   * Undefined when no expected structure is known.
   */
  readonly differences?: readonly StructureDifference[];
}

/**
 * What the status engine reads of an analysed migration file: a MigrationFile is one. The CLI
 * keeps only this between runs (a few per cent of the analysis), and reads whole analyses only
 * when the expected structures must be translated again.
 */
export interface StatusFile {
  readonly path: string;
  readonly name: string;
  readonly parseProblems: MigrationFile['parseProblems'];
  readonly up: {
    readonly operations: readonly StatusOperation[];
    readonly unknown: readonly Pick<UnknownStatement, 'sqlCreates' | 'sqlDrops' | 'anyTable' | 'tablesLike' | 'conditional' | 'driver' | 'unnamed'>[];
  };
}

export type StatusOperation = Pick<SchemaOperation, 'kind' | 'connection' | 'guards' | 'conditional' | 'driver'> & {
  readonly table: { readonly name: string };
  readonly renamedTo?: { readonly name: string };
};

/** What the status engine reads of the expected structures: an ExpectedCatalog is one. */
export interface StatusCatalog {
  readonly tables: ReadonlyMap<string, Pick<ExpectedTable, 'name' | 'model'>>;
  readonly unknown: ReadonlyMap<string, Pick<UnknownStructure, 'name' | 'reason'>>;
}

/**
 * The part of an analysis the status engine reads, as plain data (nothing else is kept): the
 * operations and raw statements that make, drop or rename a table. An alter (`Schema::table`),
 * most of a long history, changes nothing status checks.
 */
export function statusFileOf(file: StatusFile): StatusFile {
  const operation = (op: StatusOperation): StatusOperation => ({
    kind: op.kind,
    table: { name: op.table.name },
    ...(op.renamedTo ? { renamedTo: { name: op.renamedTo.name } } : {}),
    ...(op.connection !== undefined ? { connection: op.connection } : {}),
    guards: op.guards.map((g) => ({ table: g.table, requiresExisting: g.requiresExisting })),
    ...(op.conditional !== undefined ? { conditional: op.conditional } : {}),
    ...(op.driver !== undefined ? { driver: op.driver } : {}),
  });
  return {
    path: file.path,
    name: file.name,
    parseProblems: file.parseProblems,
    up: {
      operations: file.up.operations.filter((op) => op.kind !== 'table').map(operation),
      unknown: file.up.unknown.filter((u) => u.sqlCreates || u.sqlDrops || u.anyTable || u.tablesLike || u.unnamed).map((u) => ({
        ...(u.sqlCreates ? { sqlCreates: u.sqlCreates } : {}),
        ...(u.sqlDrops ? { sqlDrops: u.sqlDrops } : {}),
        ...(u.anyTable ? { anyTable: u.anyTable } : {}),
        ...(u.tablesLike ? { tablesLike: u.tablesLike } : {}),
        ...(u.conditional !== undefined ? { conditional: u.conditional } : {}),
        ...(u.driver !== undefined ? { driver: u.driver } : {}),
        ...(u.unnamed ? { unnamed: u.unnamed } : {}),
      })),
    },
  };
}

/** `F`: what the snapshot was taken from (whole analyses, or their status part alone). */
export interface MigrationStatus<F extends StatusFile = MigrationFile> {
  /** The value Laravel records: the file name without `.php`. */
  readonly name: string;
  readonly state: MigrationState;
  /** The batch of its row; null when not recorded. */
  readonly batch: number | null;
  /** The analysed file; undefined for 'orphan-record'. */
  readonly file?: F;
  /** Tables its `up()` creates (create operations and rename targets), as on the server (prefix included). */
  readonly tables: readonly string[];
  readonly problems: readonly StatusProblem[];
  /**
   * Tables its up() creates that exist, but whose structure cannot be known from the migrations
   * (a loop, raw SQL...): not compared, so neither "matches" nor "differs". And the tables its
   * up() names with an expression the analysis cannot read (config(), a variable...): which
   * tables they are is not known, so nothing about them is checked or repaired.
   */
  readonly unchecked?: readonly UncheckedTable[];
}

export interface UncheckedTable {
  /** As on the server; absent when the migration names the table with an expression that cannot be read (see `expression`). */
  readonly table?: string;
  /** The name as written in the migration when it cannot be read (`config('twill.users_table', 'twill_users')`, `$name`). */
  readonly expression?: string;
  /** Why it cannot be checked: the migration and the statement. */
  readonly reason: string;
  /** The same as a message, for the editor to say in the user's language, when there is one. */
  readonly said?: Message;
}

export interface StatusCounts {
  readonly total: number;
  readonly ran: number;
  readonly pending: number;
  /** Migrations in any problem state. */
  readonly broken: number;
  readonly byState: Readonly<Record<MigrationState, number>>;
}

export interface StatusSnapshot<F extends StatusFile = MigrationFile> {
  /** The connection, without its password. */
  readonly connection: PublicConnection;
  /** The migrations table as on the server (prefix included). */
  readonly migrationsTable: string;
  /** The server that answered, when the structure engine asked (what Laravel builds can depend on it). */
  readonly server?: 'mariadb' | 'mysql';
  /** ISO 8601. */
  readonly takenAt: string;
  /**
   * Laravel's order: migration files by name (as `migrate:status`), then the rows
   * without a file ('orphan-record') by batch and name.
   */
  readonly migrations: readonly MigrationStatus<F>[];
  /** Every table, view and sequence of the database (server names). */
  readonly liveTables: ReadonlySet<string>;
  /** The live structure of the tables the migrations create (those that exist), read in one go. */
  readonly liveStructures: ReadonlyMap<string, TableModel>;
  /** The TABLE_TYPE of the live names that are not base tables (views, sequences, system-versioned tables). */
  readonly otherTableTypes?: ReadonlyMap<string, string>;
  /** Highest batch in the migrations table; 0 when it is empty. New rows get maxBatch + 1. */
  readonly maxBatch: number;
  readonly counts: StatusCounts;
  /** Round trips to the server this snapshot took (fixed, whatever the number of migrations). */
  readonly queries: number;
  readonly durationMs: number;
}

/** The `--json` shape of the CLI. */
export interface StatusJson {
  readonly connection: PublicConnection;
  readonly migrationsTable: string;
  readonly migrations: readonly {
    readonly name: string;
    readonly state: MigrationState;
    readonly batch: number | null;
    readonly tables: readonly string[];
    readonly problems: readonly {
      readonly kind: ProblemKind;
      readonly table?: string;
      readonly message: string;
      readonly repairs: readonly RepairId[];
      readonly differences?: readonly StructureDifference[];
    }[];
    /** Tables that exist but cannot be compared, each with why (absent when none). */
    readonly unchecked?: readonly UncheckedTable[];
  }[];
}
