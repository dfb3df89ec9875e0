// The status engine: joins the migration files (and the tables each creates), the rows of
// the migrations table, the tables of the schema and, for tables with an expected
// structure, the structure comparison. A fixed number of queries whatever the number of
// migrations: list tables once, read the migrations table once, read the live structures once.
// Never imports 'vscode'.
import { driverCondition, operationRuns, reachesTable, shouldRunCondition, type MigrationFile, type UnnamedKind, type UnnamedTable } from '../analysis/types';
import type { Database } from '../db/database';
import { publicConnection } from '../db/database';
import { classifyDatabaseError, DatabaseError, migrationsTableColumnMissing, migrationsTableMissing, namelessMigrationRows, unreadableBatches } from '../db/errors';
import { english, message, type Message, type MessageId } from '../messages/catalog';
import type { ExpectedCatalog } from '../structure/expected';
import { quoteIdentifier } from '../structure/normalise';
import type { StructureDifference, TableModel } from '../structure/model';
import type {
  MigrationState,
  MigrationStatus,
  RepairId,
  StatusCounts,
  StatusProblem,
  StatusCatalog,
  StatusFile,
  StatusOperation,
  StatusSnapshot,
  UncheckedTable,
} from './types';
import { isProblemState, migrationStates } from './types';
import { renamedFiles } from './renamedFiles';

/** What the engine needs from the structure engine: a seam so the core stays testable. */
export interface StructurePort {
  /**
   * The names of every table of the connection's database, and the live structure of the named
   * ones, in a fixed small number of queries.
   */
  readTables(db: Database, names: readonly string[]): Promise<{
    readonly names: readonly string[];
    readonly structures: ReadonlyMap<string, TableModel>;
    /** The TABLE_TYPE of the names that are not base tables (views, sequences, system-versioned tables). */
    readonly otherTypes?: ReadonlyMap<string, string>;
  }>;
  compare(expected: TableModel, live: TableModel): readonly StructureDifference[];
  /** Which server answers (asked once per connection): what Laravel builds can depend on it. */
  serverKind?(db: Database): Promise<ServerKind>;
}

export type ServerKind = 'mariadb' | 'mysql';

/**
 * `F` and `C`: whole analyses and expected tables (the defaults), or only what the engine reads
 * of them (the CLI's cache keeps no more).
 */
export interface SnapshotInput<F extends StatusFile = MigrationFile, C extends StatusCatalog = ExpectedCatalog> {
  /** The analysed migration files of every configured folder. */
  readonly migrations: readonly F[];
  /**
   * The expected structures. A function receives the recorded migration names, so that a
   * catalog translated from migrations covers only those that ran (a pending `Schema::table`
   * is not drift), and the server the snapshot found, when known.
   */
  readonly catalog: C | ((recorded: ReadonlySet<string>, server?: ServerKind) => C);
  readonly structure: StructurePort;
  /**
   * Migration folders that cannot be told without running the app (a package's path computed at
   * run time): a recorded row without a file may be one of theirs, so it is never deleted.
   */
  readonly unknownFolders?: readonly (string | Message)[];
  /**
   * Local work the catalog will need, done while the server answers the snapshot's queries (the
   * CLI reads its kept translation then) instead of after.
   */
  readonly whileQuerying?: () => void;
  /**
   * The driver Laravel runs this connection's migrations with ({@link runningDriver}): it decides
   * a branch on `DB::getDriverName()` that the mysql and the mariadb driver take differently.
   * Undefined when it cannot be told: such a branch then supports no claim.
   */
  readonly driver?: 'mysql' | 'mariadb';
}

/** The input with its catalog resolved against the recorded migrations. */
type ResolvedInput<F extends StatusFile> = Omit<SnapshotInput<F, StatusCatalog>, 'catalog'> & {
  readonly catalog: StatusCatalog;
  /** {@link builtBy} of these files and facts, when the caller worked it out for the catalog already. */
  readonly built?: ReadonlySet<string>;
};

export interface MigrationRow {
  readonly migration: string;
  readonly batch: number;
}

/** A row of the migrations table as the server gives it: the name as text or bytes, the batch as the column holds it. */
export interface RawMigrationRow {
  readonly migration: string | Buffer | null;
  readonly batch: number | string | Buffer | null;
}

/**
 * The rows as Laravel's migrator reads them, or why nothing about them can be claimed: a row
 * without a name matches no file and cannot be told apart (Laravel's column is NOT NULL); a batch
 * that is not a whole number (NULL, text, a fraction) orders nothing, and no number is made up
 * for it. One database's status and each tenant's read them alike.
 */
export function readMigrationRows(rows: readonly RawMigrationRow[], migrationsTable: string): MigrationRow[] | DatabaseError {
  const nameless = rows.filter((row) => row.migration === null).length;
  if (nameless > 0) return namelessMigrationRows(migrationsTable, quoteIdentifier(migrationsTable), nameless);
  const recorded: MigrationRow[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    // A binary column (varbinary, blob) comes as bytes; PHP reads them as the name's text.
    const migration = typeof row.migration === 'string' ? row.migration : row.migration!.toString('utf8');
    // Nearly every batch is already a number (an int column): 10,000 rows on a status run.
    if (typeof row.batch === 'number' && Number.isSafeInteger(row.batch)) {
      recorded.push({ migration, batch: row.batch });
      continue;
    }
    const text = row.batch === null ? undefined : typeof row.batch === 'number' ? String(row.batch) : row.batch.toString();
    const batch = text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(batch)) recorded.push({ migration, batch });
    else unreadable.push(`'${shortened(migration)}' (${text === undefined ? 'NULL' : `'${shortened(text)}'`})`);
  }
  if (unreadable.length === 0) return recorded;
  const shown = unreadable.length > 3 ? [...unreadable.slice(0, 3), '…'] : unreadable;
  return unreadableBatches(migrationsTable, quoteIdentifier(migrationsTable), shown.join(', '), unreadable.length);
}

/** A value read from a table, as a message may quote it: a hand-made one can be any length. */
const shortened = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** The facts read from the server, for {@link computeStatus}. */
export interface LiveFacts {
  readonly rows: readonly MigrationRow[];
  readonly liveTables: ReadonlySet<string>;
  readonly liveStructures: ReadonlyMap<string, TableModel>;
  /** The TABLE_TYPE of the live names that are not base tables: their structure is not read. */
  readonly otherTableTypes?: ReadonlyMap<string, string>;
}

/**
 * Milliseconds from an arbitrary start, for durations: the global `performance` would load Node's
 * perf_hooks (nine modules, ~0.4 ms of a CLI run that uses nothing else of them).
 */
function clockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Takes a snapshot; throws a `DatabaseError` (one sentence + next step) when the server cannot answer. */
export async function takeSnapshot<F extends StatusFile = MigrationFile>(db: Database, input: SnapshotInput<F, StatusCatalog>): Promise<StatusSnapshot<F>> {
  const started = clockMs();
  const prefix = db.options.tablePrefix;
  const migrationsTable = prefix + db.options.migrationsTable;
  const counter = countingDatabase(db);
  const before = counter.count;
  try {
    // Everything is sent at once (mysql2 pipelines the queries on the connection). The live
    // structures are read for every table a migration creates: known from the files alone, and
    // the tables that do not exist are simply absent; the names of all tables come with them.
    // The migrations table is read directly rather than looked up in information_schema, which
    // hides tables a user has no privilege on: 1146 is "not found", 1142 a missing privilege.
    // The migrations table first: its rows are what the catalog waits for.
    const read = counter.db
      .query<RawMigrationRow>(`SELECT migration, batch FROM ${quoteIdentifier(migrationsTable)}`)
      .catch((error: { errno?: number; message?: string }) => {
        const columnMissing = migrationsTableColumnMissing(migrationsTable, error);
        if (columnMissing) throw columnMissing;
        throw error?.errno === 1146 ? migrationsTableMissing(migrationsTable, db.options) : error;
      });
    const created = [...new Set(input.migrations.flatMap((file) => createdTables(file, prefix)))].sort();
    const answers = Promise.all([input.structure.readTables(counter.db, created), read]);
    // Awaited below; until then a failure must not count as unhandled.
    answers.catch(() => undefined);
    input.whileQuerying?.();
    // The rows come long before the live structures (information_schema opens every table): the
    // catalog is translated meanwhile, while the server reads them. The first failure of the two
    // is the one thrown, as when both are awaited together.
    const rows = await Promise.race([read, answers.then(([, answered]) => answered)]);
    const server = await input.structure.serverKind?.(counter.db);
    const recorded = readMigrationRows(rows, migrationsTable);
    if (recorded instanceof DatabaseError) throw recorded;
    const names = recordedIn(recorded).names;
    let catalog = typeof input.catalog === 'function' ? input.catalog(names, server) : input.catalog;
    const [tables] = await answers;
    const liveTables = new Set(tables.names);
    const built = builtBy(input.migrations, names, liveTables, prefix);
    if (built !== names && typeof input.catalog === 'function') catalog = input.catalog(built, server);
    const liveStructures = tables.structures;
    const otherTableTypes = tables.otherTypes;
    const facts = { rows: recorded, liveTables };
    const resolved: ResolvedInput<F> = { ...input, catalog, built };
    const computed = computeStatus(resolved, { ...facts, liveStructures, otherTableTypes }, prefix);
    return {
      connection: publicConnection(db.options),
      migrationsTable,
      ...(server ? { server } : {}),
      takenAt: new Date().toISOString(),
      ...computed,
      liveTables,
      liveStructures,
      ...(otherTableTypes?.size ? { otherTableTypes } : {}),
      queries: counter.count - before,
      durationMs: clockMs() - started,
    };
  } catch (error) {
    throw classifyDatabaseError(error, db.options) ?? error;
  }
}

/**
 * The snapshot `previous` becomes with other migration files, without a query: the rows, tables
 * and structures as read then (saving a file does not change the database; the next snapshot
 * reads it again). A table only the new files create has no live structure read yet.
 */
export function snapshotWithFiles<F extends StatusFile = MigrationFile>(previous: StatusSnapshot<StatusFile>, input: SnapshotInput<F, StatusCatalog>): StatusSnapshot<F> {
  const started = clockMs();
  const rows = rowsBehind.get(previous.migrations) ?? previous.migrations.flatMap((m) => (m.batch === null ? [] : [{ migration: m.name, batch: m.batch }]));
  const built = builtBy(input.migrations, recordedIn(rows).names, previous.liveTables, previous.connection.tablePrefix);
  const catalog = typeof input.catalog === 'function' ? input.catalog(built, previous.server) : input.catalog;
  const facts = { rows, liveTables: previous.liveTables, liveStructures: previous.liveStructures, otherTableTypes: previous.otherTableTypes };
  return { ...previous, ...computeStatus({ ...input, catalog, built }, facts, previous.connection.tablePrefix), queries: 0, durationMs: clockMs() - started };
}

/**
 * The rows each list of statuses was computed from: the next snapshotWithFiles starts from them
 * rather than reading them back from every status (the same batches: each name's highest).
 */
const rowsBehind = new WeakMap<readonly MigrationStatus<StatusFile>[], readonly MigrationRow[]>();

/** The migrations table as read: each migration's batch, the highest batch and the recorded names. */
interface Recorded {
  readonly batchOf: ReadonlyMap<string, number>;
  readonly maxBatch: number;
  readonly names: ReadonlySet<string>;
}

/**
 * The migrations the expected structures are translated from: the recorded ones, and those whose
 * work is there without their row. One before the last recorded whose up() makes tables that all
 * exist: its row was lost, and the recorded migrations after it were built on it (left out, a
 * column it made that a later one renamed would be expected under its first name in another
 * table's foreign key, and a healthy table called drifted). And a file renamed after it ran, as
 * repair pairs it with its row ({@link renamedFiles}). `recorded` itself when there is none.
 */
export function builtBy(files: readonly StatusFile[], recorded: ReadonlySet<string>, liveTables: ReadonlySet<string>, prefix: string): ReadonlySet<string> {
  // Run on every status and every save in the editor: the usual history (no lost row, no renamed
  // file) costs one pass of look-ups; the rest is worked out only when a file may be one of them.
  let lastRecorded: string | undefined;
  let recordedFiles = 0;
  const unrecorded: StatusFile[] = [];
  for (const file of files) {
    if (!recorded.has(file.name)) unrecorded.push(file);
    else {
      recordedFiles++;
      if (lastRecorded === undefined || file.name > lastRecorded) lastRecorded = file.name;
    }
  }
  if (lastRecorded === undefined || unrecorded.length === 0) return recorded;
  // A row without a file and the unrecorded file it was renamed to: that file ran.
  let renamedTo: ReadonlySet<string> | undefined;
  if (recorded.size !== recordedFiles) {
    const named = new Set(files.map((file) => file.name));
    const rowsWithoutFile = [...recorded].filter((name) => !named.has(name));
    renamedTo = new Set(renamedFiles(rowsWithoutFile, unrecorded.map((file) => file.name)).values());
  }
  // Not a table a recorded migration makes too: that is a duplicate, which repair must see as one.
  let recordedCreate: Set<string> | undefined;
  const madeByRecorded = (table: string): boolean => {
    if (!recordedCreate) {
      recordedCreate = new Set<string>();
      for (const file of files) if (recorded.has(file.name)) for (const made of createdTables(file, prefix)) recordedCreate.add(made);
    }
    return recordedCreate.has(table);
  };
  const lostRow = (file: StatusFile): boolean => {
    if (file.name >= lastRecorded!) return false;
    const tables = createdTables(file, prefix);
    return tables.length > 0 && tables.every((table) => liveTables.has(table)) && !tables.some(madeByRecorded);
  };
  const lost = unrecorded.filter((file) => renamedTo?.has(file.name) || lostRow(file));
  return lost.length === 0 ? recorded : new Set([...recorded, ...lost.map((file) => file.name)]);
}


/** Each list of rows' {@link Recorded}: the editor's updates after a save all start from the rows last read. */
const recordedOfRows = new WeakMap<readonly MigrationRow[], Recorded>();

/** Laravel plucks batch by migration ordered by batch: a duplicated row's highest batch wins. */
function recordedIn(rows: readonly MigrationRow[]): Recorded {
  let recorded = recordedOfRows.get(rows);
  if (recorded) return recorded;
  const batchOf = new Map<string, number>();
  let maxBatch = 0;
  for (const row of rows) {
    const batch = batchOf.get(row.migration);
    if (batch === undefined || batch < row.batch) batchOf.set(row.migration, row.batch);
    if (row.batch > maxBatch) maxBatch = row.batch;
  }
  // The names only when a catalog asks (a tenant's status does not).
  let names: ReadonlySet<string> | undefined;
  recordedOfRows.set(rows, (recorded = { batchOf, maxBatch, get names() { return (names ??= new Set(batchOf.keys())); } }));
  return recorded;
}

interface CountingDatabase {
  readonly db: Database;
  count: number;
}

// One wrapper per connection, so per-connection caches keyed on the Database (the
// structure engine's server kind) survive from one snapshot to the next.
const counters = new WeakMap<Database, CountingDatabase>();

function countingDatabase(db: Database): CountingDatabase {
  let counter = counters.get(db);
  if (!counter) {
    const state: CountingDatabase = {
      count: 0,
      db: {
        options: db.options,
        ...(db.serverVersion !== undefined ? { serverVersion: db.serverVersion } : {}),
        query: (sql, params) => {
          state.count++;
          return db.query(sql, params);
        },
        execute: (sql, params) => {
          state.count++;
          return db.execute(sql, params);
        },
        close: () => db.close(),
      },
    };
    counters.set(db, (counter = state));
  }
  return counter;
}

/** An operation on the connection the migration runs on (an explicit `Schema::connection` is another database). */
const isOwn = (op: StatusOperation): boolean => op.connection === undefined;

/** Each file's created tables, per prefix: a file is the same object until it changes, and an editor's update asks for every file's. */
const createdTablesOf = new WeakMap<StatusFile, { readonly prefix: string; readonly tables: readonly string[] }>();

/** Tables `up()` creates: create operations, rename targets and raw `CREATE TABLE`s, as on the server. */
export function createdTables(file: StatusFile, prefix: string): readonly string[] {
  const known = createdTablesOf.get(file);
  if (known?.prefix === prefix) return known.tables;
  const tables: string[] = [];
  for (const op of file.up.operations) {
    if (!isOwn(op)) continue;
    const name = op.kind === 'create' ? op.table.name : op.kind === 'rename' ? op.renamedTo?.name : undefined;
    if (name !== undefined && !tables.includes(prefix + name)) tables.push(prefix + name);
  }
  for (const statement of file.up.unknown) {
    for (const name of statement.sqlCreates ?? []) if (!tables.includes(name)) tables.push(name);
  }
  createdTablesOf.set(file, { prefix, tables });
  return tables;
}

/**
 * The files in the order Laravel sorts them, by name across folders (a later folder's file of the
 * same name wins), and the recorded ones in the order they ran: by batch, then by name. One pass
 * over files already in order (one folder's listing), as the editor's update after a save has.
 */
function inOrder<F extends StatusFile>(given: readonly F[], batchOf: ReadonlyMap<string, number>): { files: readonly F[]; ran: F[] } {
  const ran: F[] = [];
  let ranByBatch = true;
  let lastBatch = -Infinity;
  for (let i = 0; i < given.length; i++) {
    const file = given[i]!;
    if (i > 0 && !(given[i - 1]!.name < file.name)) return inOrder(sortedByName(given), batchOf);
    const batch = batchOf.get(file.name);
    if (batch === undefined) continue;
    if (batch < lastBatch) ranByBatch = false;
    lastBatch = batch;
    ran.push(file);
  }
  // The sort is stable: files of a batch stay in name order.
  return { files: given, ran: ranByBatch ? ran : ran.sort((a, b) => batchOf.get(a.name)! - batchOf.get(b.name)!) };
}

/** Files sorted by name, the last of each name kept. */
function sortedByName<F extends StatusFile>(files: readonly F[]): F[] {
  const byName = new Map<string, F>();
  for (const file of files) byName.set(file.name, file);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The recorded migrations replayed in the order they ran: which tables should exist now and who
 * created each, the tables a later migration may have dropped or renamed without naming them
 * (their absence proves nothing), and the tables a recorded migration may have made without the
 * replay claiming them now (made only under a condition, or claimed then dropped or renamed away):
 * every table one of these files creates that `creatorOf` lacks is among them.
 */
function recordedTables(ran: readonly StatusFile[], prefix: string, driver: SnapshotInput['driver']): { creatorOf: Map<string, string>; mayBeGone: Set<string>; unclaimed: Set<string> } {
  const creatorOf = new Map<string, string>();
  const mayBeGone = new Set<string>();
  const unclaimed = new Set<string>();
  const created = (table: string, name: string) => {
    creatorOf.set(table, name);
    mayBeGone.delete(table);
  };
  const gone = (table: string) => {
    if (creatorOf.delete(table)) unclaimed.add(table);
  };
  for (const file of ran) {
    const name = file.name;
    for (const op of file.up.operations) {
      if (!isOwn(op)) continue;
      // A branch of the other driver never ran: what it creates or drops says nothing.
      const runs = runsWith(op, driver);
      const table = prefix + op.table.name;
      if (runs === 'never') {
        // Still among the tables its file creates (createdTables), so still one the note below may name.
        if (op.kind === 'create') unclaimed.add(table);
        else if (op.kind === 'rename' && op.renamedTo) unclaimed.add(prefix + op.renamedTo.name);
        continue;
      }
      // A create that may not run (in a loop, a try, a condition) supports no claim that its table must exist.
      // Nor does one under a guard, but `if (! Schema::hasTable('t'))` on the table it makes:
      // afterwards that table is there either way. `if (Schema::hasTable('old')) Schema::rename('old', 't')`
      // makes nothing when old was never there.
      // A recorded migration ran: its shouldRun() said so.
      // A branch of the driver the connection runs did.
      const sure = (target: string) => (op.conditional === undefined || op.conditional === shouldRunCondition || runs === 'runs') && op.guards.every((g) => !g.requiresExisting && prefix + g.table === target);
      if (op.kind === 'create') {
        if (sure(table)) created(table, name);
        else unclaimed.add(table);
      } else if (op.kind === 'drop' || op.kind === 'dropIfExists') gone(table);
      else if (op.kind === 'rename' && op.renamedTo) {
        gone(table);
        const target = prefix + op.renamedTo.name;
        if (sure(target)) created(target, name);
        else unclaimed.add(target);
      }
    }
    // `DB::statement('CREATE TABLE ...')`: raw SQL gets no table prefix from Laravel.
    for (const statement of file.up.unknown) {
      const runs = runsWith(statement, driver);
      if (runs === 'never') {
        for (const table of statement.sqlCreates ?? []) unclaimed.add(table);
        continue;
      }
      if (statement.anyTable) for (const table of creatorOf.keys()) mayBeGone.add(table);
      for (const table of statement.tablesLike ? creatorOf.keys() : []) if (reachesTable(statement.tablesLike!, table, prefix)) mayBeGone.add(table);
      for (const table of statement.sqlDrops ?? []) gone(table);
      // SQL that may not run (in a condition, a loop...) supports no claim that its table must exist.
      for (const table of statement.sqlCreates ?? []) {
        if (statement.conditional === undefined || runs === 'runs') created(table, name);
        else unclaimed.add(table);
      }
    }
  }
  return { creatorOf, mayBeGone, unclaimed };
}

/** A file's problems and the tables of it that cannot be checked, by migration name. */
class Findings {
  readonly problems = new Map<string, StatusProblem[]>();
  readonly unchecked = new Map<string, UncheckedTable[]>();

  add(name: string, problem: StatusProblem): void {
    const list = this.problems.get(name);
    if (list) list.push(problem);
    else this.problems.set(name, [problem]);
  }

  cannotCheck(name: string, table: UncheckedTable): void {
    const list = this.unchecked.get(name);
    if (list) list.push(table);
    else this.unchecked.set(name, [table]);
  }
}

/** The pure part of a snapshot: states and problems from the files and the live facts. */
export function computeStatus<F extends StatusFile = MigrationFile>(
  input: ResolvedInput<F>,
  facts: LiveFacts,
  prefix: string,
): Pick<StatusSnapshot<F>, 'migrations' | 'maxBatch' | 'counts'> {
  const { batchOf, maxBatch } = recordedIn(facts.rows);
  const { files, ran } = inOrder(input.migrations, batchOf);
  const { catalog } = input;
  const found = new Findings();
  const differencesOf = (table: string): readonly StructureDifference[] | undefined => {
    const expected = catalog.tables.get(table);
    const live = facts.liveStructures.get(table);
    if (!expected || !live) return undefined;
    return input.structure.compare(expected.model, live);
  };

  // The tables the recorded migrations should have left: missing, different, or not checkable.
  const { creatorOf, mayBeGone, unclaimed } = recordedTables(ran, prefix, input.driver);
  // A migration whose row was lost (or renamed with its file) did its work: a table it dropped or renamed away is not missing.
  const recorded = recordedIn(facts.rows).names;
  const built = input.built ?? builtBy(files, recorded, facts.liveTables, prefix);
  // builtBy adds to the recorded names, never takes away: the same size is the same set.
  if (built.size !== recorded.size) {
    for (const file of files) {
      if (!built.has(file.name) || recorded.has(file.name)) continue;
      for (const op of file.up.operations) {
        const table = prefix + op.table.name;
        const gone = op.kind === 'drop' || op.kind === 'dropIfExists' || op.kind === 'rename';
        if (isOwn(op) && gone && (creatorOf.get(table) ?? file.name) < file.name) mayBeGone.add(table);
      }
    }
  }
  for (const [table, name] of creatorOf) {
    if (!facts.liveTables.has(table)) {
      if (mayBeGone.has(table)) continue;
      const known = catalog.tables.has(table);
      found.add(name, {
        kind: 'table-missing',
        table,
        repairs: known ? ['create-table'] : [],
        ...saidProblem(message('status.tableMissing', batchOf.get(name)!, table), message(known ? 'status.tableMissingHint' : 'status.tableMissingUnknownHint', table)),
      });
      continue;
    }
    // A view, sequence or system-versioned table by that name: no base table's structure to compare.
    const type = facts.otherTableTypes?.get(table);
    if (type !== undefined) {
      const said = message('status.notBaseTable', table, type);
      found.cannotCheck(name, { table, reason: english(said), said });
      continue;
    }
    const unknown = catalog.unknown.get(table);
    if (unknown && !catalog.tables.has(table)) {
      found.cannotCheck(name, uncheckedOf(table, unknown));
      continue;
    }
    const differences = differencesOf(table);
    if (differences && differences.length > 0) found.add(name, structureDiffers(table, differences));
  }
  // A table a recorded migration creates only under a condition (no claim that it exists): when it is there, why it is not
  // checked, said on every recorded migration that creates it. The replay named the candidates; the files are walked only for those.
  const uncheckable = new Set<string>();
  for (const table of unclaimed) {
    if (!creatorOf.has(table) && facts.liveTables.has(table) && !catalog.tables.has(table) && catalog.unknown.has(table)) uncheckable.add(table);
  }
  if (uncheckable.size > 0) {
    for (const file of ran) {
      for (const table of createdTables(file, prefix)) if (uncheckable.has(table)) found.cannotCheck(file.name, uncheckedOf(table, catalog.unknown.get(table)!));
    }
  }

  // Every file in name order; a pending one checked, as `migrate` would run it, against the tables that exist then.
  const existing = new Set(facts.liveTables);
  const migrations: MigrationStatus<F>[] = [];
  let recordedFiles = 0;
  for (const file of files) {
    const batch = batchOf.get(file.name) ?? null;
    if (batch === null) checkPending(file, existing, prefix, input.driver, (target) => found.add(file.name, tableExists(target, differencesOf(target))));
    else recordedFiles++;
    for (const unnamed of unnamedTables(file, input.driver)) found.cannotCheck(file.name, unnamed);
    const problems = found.problems.get(file.name) ?? [];
    const cannotTell = found.unchecked.get(file.name);
    const status = { name: file.name, state: stateOf(batch !== null, problems), batch, file, tables: createdTables(file, prefix), problems };
    migrations.push(cannotTell ? { ...status, unchecked: cannotTell } : status);
  }
  if (recordedFiles < batchOf.size) migrations.push(...orphanRecords(files, batchOf, input.unknownFolders));
  rowsBehind.set(migrations, facts.rows);
  return { migrations, maxBatch, counts: countStates(migrations) };
}

/** A table whose structure the migrations do not tell, with why; as a message too when the catalog has one (the editor says it in the user's language). */
function uncheckedOf(table: string, unknown: { readonly reason: string; readonly said?: Message }): UncheckedTable {
  return unknown.said ? { table, reason: unknown.reason, said: unknown.said } : { table, reason: unknown.reason };
}

/**
 * The tables `file`'s up() names with an expression the analysis cannot read (config(), a
 * variable...), each once: which tables they are is not known, so none is checked, whether the
 * migration ran or not (a pending one may meet one that exists), and none repaired. A branch of the
 * other driver names none.
 */
function unnamedTables(file: StatusFile, driver: SnapshotInput['driver']): UncheckedTable[] {
  const tables: UncheckedTable[] = [];
  for (const statement of file.up.unknown) {
    const { unnamed } = statement;
    if (!unnamed || runsWith(statement, driver) === 'never') continue;
    const said = unnamedSaid(unnamed);
    const reason = english(said);
    if (!tables.some((t) => t.reason === reason)) tables.push({ expression: unnamed.written, reason, said });
  }
  return tables;
}

/** Why a table named by `unnamed` is not checked: the call, the expression as written and what it is. */
export function unnamedSaid(unnamed: UnnamedTable): Message {
  if (unnamed.kind === 'cut') return message('status.unnamedCut', unnamed.method);
  const from = unnamed.assigned
    ? message('unnamed.assigned', unnamed.written, unnamed.assigned.written, unnamed.assigned.line, message(unnamedKindIds[unnamed.assigned.kind]))
    : message('unnamed.written', unnamed.written, message(unnamedKindIds[unnamed.kind]));
  return message(unnamed.which === 'newName' ? 'status.unnamedNewName' : 'status.unnamedTable', unnamed.method, from);
}

const unnamedKindIds = {
  config: 'unnamed.config', env: 'unnamed.env', variable: 'unnamed.variable', call: 'unnamed.call', constant: 'unnamed.constant',
  property: 'unnamed.property', concatenation: 'unnamed.concatenation', cut: 'unnamed.other', other: 'unnamed.other',
} as const satisfies Record<UnnamedKind, MessageId>;

/**
 * A pending migration against the tables that exist before it: `existingTable` is told each table
 * it would create that already exists; the tables it drops or renames no longer exist after it.
 */
function checkPending(file: StatusFile, existing: Set<string>, prefix: string, driver: SnapshotInput['driver'], existingTable: (table: string) => void): void {
  for (const op of file.up.operations) {
    if (!isOwn(op)) continue;
    const runs = runsWith(op, driver);
    if (runs === 'never') continue;
    const table = prefix + op.table.name;
    const target = op.kind === 'create' ? table : op.kind === 'rename' && op.renamedTo ? prefix + op.renamedTo.name : undefined;
    // `if (! Schema::hasTable('t'))` makes an existing table harmless.
    const guarded = op.guards.some((guard) => prefix + guard.table === target && !guard.requiresExisting);
    if (target !== undefined && existing.has(target) && !guarded && (op.conditional === undefined || runs === 'runs')) existingTable(target);
    if (op.kind === 'drop' || op.kind === 'dropIfExists' || op.kind === 'rename') existing.delete(table);
  }
}

/**
 * Whether an operation in a branch on the driver ran with `driver` ('runs', 'never'), or 'maybe'
 * (not such a branch, or the driver not known): only the driver's branches are decided here.
 */
function runsWith(op: Pick<StatusOperation, 'conditional' | 'driver'>, driver: SnapshotInput['driver']): 'runs' | 'never' | 'maybe' {
  return op.conditional === driverCondition ? operationRuns(op, driver) : 'maybe';
}

/** The rows without a file, by batch then name, after the files. */
function orphanRecords(files: readonly StatusFile[], batchOf: ReadonlyMap<string, number>, unknownFolders: SnapshotInput['unknownFolders']): MigrationStatus<never>[] {
  const named = new Set(files.map((file) => file.name));
  const orphans = [...batchOf.entries()].filter(([name]) => !named.has(name));
  return orphans.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([name, batch]) => ({
    name,
    state: 'orphan-record',
    batch,
    tables: [],
    problems: [
      unknownFolders?.length
        ? maybeUnknownFolderRow(name, batch, unknownFolders)
        : { kind: 'file-missing', repairs: ['delete-record'], ...saidProblem(message('status.orphan', name, batch), message('status.orphanHint')) },
    ],
  }));
}

function structureDiffers(table: string, differences: readonly StructureDifference[]): StatusProblem {
  return {
    kind: 'structure-differs',
    table,
    repairs: ['alter-table'],
    ...saidProblem(
      message('status.structureDiffers', table, summarise(differences)),
      message(differences.some((d) => d.lossyToFix) ? 'status.structureDiffersLossyHint' : 'status.structureDiffersHint', table),
    ),
    differences,
  };
}

/** A row without a file that may be a migration of a folder that cannot be told: nothing is offered for deletion. */
function maybeUnknownFolderRow(name: string, batch: number, unknownFolders: readonly (string | Message)[]): StatusProblem {
  const folders = unknownFolders.reduce((all, folder) => message('list.semicolon', all, folder));
  return { kind: 'file-missing', repairs: [], ...saidProblem(message('status.orphanMaybeUnknownFolder', name, batch, folders), message('status.orphanMaybeUnknownFolderHint')) };
}

/** A problem's two sentences as messages, with their English for the CLI and the JSON. */
function saidProblem(said: Message, repairHint: Message): Pick<StatusProblem, 'message' | 'repairHint' | 'said'> {
  return { message: english(said), repairHint: english(repairHint), said: { message: said, repairHint } };
}

function tableExists(table: string, differences: readonly StructureDifference[] | undefined): StatusProblem {
  const repairs: RepairId[] =
    differences === undefined || differences.length === 0 ? ['record-as-ran', 'drop-table'] : ['alter-table', 'record-as-ran', 'drop-table'];
  const how =
    differences === undefined
      ? message('status.tableExistsHint')
      : differences.length === 0
        ? message('status.tableExistsMatchingHint')
        : message('status.tableExistsDiffersHint', summarise(differences));
  return {
    kind: 'table-exists',
    table,
    repairs,
    ...saidProblem(message('status.tableExists', table), how),
    ...(differences !== undefined ? { differences } : {}),
  };
}

/** "2 differences (column `a` is …; index `b` … is missing)": the first three said, then how many more. */
function summarise(differences: readonly StructureDifference[]): Message {
  const shown = differences.slice(0, 3).map((d) => d.said ?? d.explanation).reduce((all, d) => message('list.semicolon', all, d));
  const listed = differences.length > 3 ? message('list.andMore', shown, differences.length - 3) : shown;
  return differences.length === 1 ? message('status.differencesOne', listed) : message('status.differences', differences.length, listed);
}

function stateOf(recorded: boolean, problems: readonly StatusProblem[]): MigrationState {
  if (!recorded) return problems.some((p) => p.kind === 'table-exists') ? 'pending-table-exists' : 'pending';
  if (problems.some((p) => p.kind === 'table-missing')) return 'ran-table-missing';
  if (problems.some((p) => p.kind === 'structure-differs')) return 'schema-drift';
  return 'ran';
}

export function countStates(migrations: readonly Pick<MigrationStatus<StatusFile>, 'state'>[]): StatusCounts {
  const byState = Object.fromEntries(migrationStates.map((state) => [state, 0])) as Record<MigrationState, number>;
  for (const migration of migrations) byState[migration.state]++;
  const broken = migrationStates.reduce((sum, state) => (isProblemState(state) ? sum + byState[state] : sum), 0);
  return { total: migrations.length, ran: byState.ran, pending: byState.pending, broken, byState };
}
