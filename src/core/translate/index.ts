// Expected structures from the project's migrations: every table's final structure as the
// project's Laravel version builds it on MySQL/MariaDB. What cannot be known statically is
// reported as unknown, never guessed. Never imports 'vscode'.
import {
  connectionNotKnownCondition, driverCondition, operationRuns, operationTable, reachesTable, runningDriver, type BlueprintStatement, type ReplayedMigration,
  type SchemaOperation,
} from '../analysis/types';
import { english, message, type Message, type MessageId } from '../messages/catalog';
import { laravelDefaults } from '../structure/defaults';
import { withDrizzleTables, type ExpectedCatalog, type ExpectedTable, type UnknownStructure } from '../structure/expected';
import type { TableOptions } from '../structure/model';
import { BlueprintReplay, BlueprintSettings, type ReplayObserver } from './blueprint';
import { grammarOf, type LaravelTarget, type UnknownGrammar } from './laravelTarget';
import { guardHolds, type GuardTables } from './schemaGuards';
import { retargetReferences } from './serverTable';
import { ServerRefusal, TableState, UnknownStructureError } from './tableState';
import { tableStateToModel } from './toModel';

export { generateDrizzleSchemaFiles, type GenerateOptions } from './codegen';
export { splitColumnSqlType, tableToDrizzle, type ColumnSqlParts } from './toDrizzle';
export { tableStateToModel } from './toModel';
export { loadWorkspaceDrizzleSchema, withWorkspaceTables, type WorkspaceSchema } from './workspaceSchema';
export type { TableState } from './tableState';
export type { LaravelDriver, LaravelTarget } from './laravelTarget';

export interface TranslateOptions {
  /** The connection's table prefix. */
  readonly tablePrefix: string;
  /** config/database.php `prefix_indexes` (Laravel's default config sets it to true). */
  readonly prefixIndexes?: boolean;
  /** `Schema::defaultStringLength(...)` when the application changes it (255 otherwise). */
  readonly defaultStringLength?: number;
  /** The Laravel version and driver whose grammar builds the tables (the project's, as the adapter found it). */
  readonly laravel: LaravelTarget;
  /**
   * The server, where what Laravel builds depends on it (a json column changed through
   * doctrine/dbal keeps MariaDB's utf8mb4_bin); undefined: such a table is unknown. The
   * mariadb driver implies MariaDB.
   */
  readonly server?: 'mariadb' | 'mysql';
  /** What every CREATE TABLE gets from config/database.php (Laravel's default config unless given). */
  readonly tableDefaults?: TableOptions;
}

export interface Translation {
  readonly tables: Map<string, ExpectedTable>;
  readonly unknown: Map<string, UnknownStructure>;
}

export interface TranslatedStates {
  readonly tables: Map<string, TableState>;
  readonly unknown: Map<string, UnknownStructure>;
}

/** Laravel runs migrations in file-name order, whatever folder they are in (a folder's listing usually is already). */
export function timelineOrder<F extends ReplayedMigration>(migrations: readonly F[]): readonly F[] {
  let sorted = true;
  for (let i = 1; i < migrations.length && sorted; i++) sorted = migrations[i - 1]!.name <= migrations[i]!.name;
  return sorted ? migrations : [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Why a table changed inside a condition, a loop, a catch or a switch is unknown. */
const changedOnlyIn: Readonly<Record<string, MessageId>> = {
  condition: 'unknown.changedInCondition', loop: 'unknown.changedInLoop', catch: 'unknown.changedInCatch', switch: 'unknown.changedInSwitch',
  [connectionNotKnownCondition]: 'unknown.changedOnConnectionNotKnown',
};

/** Where a create, drop or rename that may not have run was written (as SchemaOperation.conditional names it). */
const onlyUnder: Readonly<Record<string, MessageId>> = {
  condition: 'unknown.underCondition', loop: 'unknown.inLoop', catch: 'unknown.inCatch', switch: 'unknown.inSwitch',
  callback: 'unknown.inCallback', [driverCondition]: 'unknown.underDriverCondition', [connectionNotKnownCondition]: 'unknown.onConnectionNotKnown',
};

/** How a Blueprint is replayed with these options on this server, or why this Laravel version's grammar is not known. */
export function blueprintSettings(options: TranslateOptions, server: BlueprintSettings['server']): BlueprintSettings | UnknownGrammar {
  const grammar = grammarOf(options.laravel);
  if ('unknown' in grammar) return grammar;
  return {
    tablePrefix: options.tablePrefix,
    prefixIndexes: options.prefixIndexes ?? true,
    defaultStringLength: options.defaultStringLength ?? 255,
    grammar,
    server,
    ...(options.laravel.models ? { models: options.laravel.models } : {}),
  };
}

/** Sees the commands of one replayed Blueprint (`op`, on the table `name`, prefix included); undefined: none. */
export type BlueprintObserver = (migration: ReplayedMigration, op: SchemaOperation, name: string) => ReplayObserver | undefined;

/** Replays the migrations into table states (exposed for the lint rules and tests). */
export function translateToStates(migrations: readonly ReplayedMigration[], options: TranslateOptions, observe?: BlueprintObserver): TranslatedStates {
  return replayTimeline(timelineOrder(migrations), options, observe);
}

/** Replays `timeline` (migrations in timeline order) into table states. */
export function replayTimeline(timeline: readonly ReplayedMigration[], options: TranslateOptions, observe?: BlueprintObserver): TranslatedStates {
  const replay = migrationReplay(options, true, observe);
  const states = { tables: new Map<string, TableState>(), unknown: new Map<string, UnknownStructure>() };
  for (const migration of timeline) replay(migration, states);
  return states;
}

/** One change of the states' maps: `value` set under `name` in `tables` or `unknown`, or deleted (undefined), in place of `previous`. */
export interface StateWrite {
  readonly unknown: boolean;
  readonly name: string;
  readonly value: TableState | UnknownStructure | undefined;
  readonly previous: TableState | UnknownStructure | undefined;
}

/**
 * Replays one migration into `states` (its maps change), each change of the maps added to
 * `writes` in order when given: applied again in that order to the same states, they give the
 * same maps, their order included. A table state is never changed once in a map, only replaced,
 * so a copy of the maps is a checkpoint a replay can resume from; unless `owned`: no one else
 * holds the states' tables (a translation from scratch), which are then changed in place instead
 * of copied for each Blueprint (a copy of every wide table at each migration of a long history).
 */
export function migrationReplay(options: TranslateOptions, owned = false, observe?: BlueprintObserver): (migration: ReplayedMigration, states: TranslatedStates, writes?: StateWrite[]) => void {
  const settings = blueprintSettings(options, options.server ?? (options.laravel.driver === 'mariadb' ? 'mariadb' : undefined));
  const prefix = options.tablePrefix;
  const driver = runningDriver(options.laravel);
  let tables!: Map<string, TableState>;
  let unknown!: Map<string, UnknownStructure>;
  let writes: StateWrite[] | undefined;
  const guardTables: GuardTables = {
    prefix,
    get hasIndex() {
      const grammar = 'unknown' in settings ? undefined : settings.grammar;
      return grammar?.hasIndex ? true as const : { label: grammar?.label ?? options.laravel.version };
    },
    table: (name) => (unknown.has(name) ? 'unknown' : tables.get(name)),
  };
  const setTable = (name: string, state: TableState): void => {
    writes?.push({ unknown: false, name, value: state, previous: tables.get(name) });
    tables.set(name, state);
  };
  const setUnknown = (name: string, structure: UnknownStructure): void => {
    writes?.push({ unknown: true, name, value: structure, previous: unknown.get(name) });
    unknown.set(name, structure);
  };
  // Deleting a name that is not there changes nothing, not even the order.
  const deleteTable = (name: string): void => {
    if (writes && tables.has(name)) writes.push({ unknown: false, name, value: undefined, previous: tables.get(name) });
    tables.delete(name);
  };
  const deleteUnknown = (name: string): void => {
    if (writes && unknown.has(name)) writes.push({ unknown: true, name, value: undefined, previous: unknown.get(name) });
    unknown.delete(name);
  };
  const exists = (name: string): boolean => tables.has(name) || unknown.has(name);
  const markUnknown = (name: string, said: Message, migration: string): void => {
    deleteTable(name);
    if (!unknown.has(name)) setUnknown(name, { name, reason: english(said), said, migration });
  };

  return (migration, states, log) => {
    tables = states.tables;
    unknown = states.unknown;
    writes = log;
    // What a statement left unread may have changed besides the tables it names (none: no such statement).
    const touched = migration.up.unknown.length > 0 ? new Set<string>() : undefined;
    // The names tables are renamed to: one the SQL altered before may go by one of them now.
    const renamedTo = new Set<string>();
    // Before this migration, the tables a Blueprint under an unknown name could have run on (it needs these columns).
    const hadColumns = migration.up.unknown.map((raw) => (raw.requiresColumns ? tablesWithColumns(tables, raw.requiresColumns) : undefined));
    // The Blueprint a `$table->drop()` / `$table->rename()` ends, when it was not replayed.
    let unreplayed: SchemaOperation | undefined;
    for (const op of migration.up.operations) {
      // Replaying the Blueprint before it already did it; a Blueprint left unread still ends or moves its table.
      if (op.inBlueprint) {
        if (unreplayed) endUnreplayedBlueprint(op, unreplayed, migration.name);
        unreplayed = undefined;
        continue;
      }
      unreplayed = undefined;
      // Another connection's tables live in another database.
      if (op.connection !== undefined) continue;
      // A branch on the other driver never ran; shouldRun() said yes to what is translated (recorded, or asked what it would build).
      const runs = operationRuns(op, driver);
      if (runs === 'never') continue;
      if (op.guards.length > 0 && op.guards.some((g) => exists(prefix + g.table) !== g.requiresExisting)) continue;
      const name = operationTable(op, prefix);
      touched?.add(name);
      if (op.renamedTo) { touched?.add(prefix + op.renamedTo.name); renamedTo.add(prefix + op.renamedTo.name); }
      // A change that may or may not run (a condition, an unknown loop, a catch block): what the table is afterwards is not known.
      if (runs === 'maybe' && op.kind === 'table' && exists(name)) {
        markUnknown(name, message(changedOnlyIn[op.conditional!] ?? 'unknown.changedInCondition', migration.name, op.table.name), migration.name);
        followRenames(op, name, migration.name, false);
        unreplayed = op;
        continue;
      }
      // A builder on a connection not known is read as the default one's (`Schema::connection(config(...))`).
      if (runs === 'maybe' && op.kind !== 'table' && op.conditional !== 'connection') {
        mayHaveRun(op, name, migration.name);
        continue;
      }
      if (!applyOperation(op, name, migration)) unreplayed = op;
    }
    for (const [i, raw] of migration.up.unknown.entries()) {
      // SQL in the other driver's branch never ran.
      if (raw.rowsOnly || operationRuns(raw, driver) === 'never') continue;
      // A statement that may touch tables it does not name (a table name or SQL that is not a
      // literal, an unread helper) could have changed any table; literal SQL, the tables it
      // names and the ones this migration touches (its words may name them otherwise); one
      // ALTER TABLE, the table it names only, under any name this migration gives a table.
      const named = new Set((raw.sqlTables ?? []).flatMap((t) => [t, prefix + t]));
      // A Blueprint that needs columns: the tables that had them, or that this migration changes.
      const had = hadColumns[i];
      const suspects = [...tables.keys()].filter((t) => (raw.anyTable && (!had || had.has(t) || touched!.has(t)))
        || ((!raw.alterOnly || renamedTo.has(t)) && touched!.has(t)) || named.has(t) || (raw.tablesLike && reachesTable(raw.tablesLike, t, prefix)));
      for (const t of suspects) markUnknown(t, message('labelled', migration.name, raw.said ?? raw.reason), migration.name);
    }
  };

  /** The tables that have every one of `columns` (MariaDB's column names are case-insensitive). */
  function tablesWithColumns(known: ReadonlyMap<string, TableState>, columns: readonly string[]): Set<string> {
    const wanted = columns.map((c) => c.toLowerCase());
    return new Set([...known].filter(([, state]) => wanted.every((c) => state.columns.some((column) => column.name.toLowerCase() === c))).map(([name]) => name));
  }

  /**
   * A create, drop or rename that may not have run: whether its tables exist is not known, so
   * none of them is expected (nor expected absent). One that would have failed had it run (a
   * create of a table that exists, a rename of one that does not) changed nothing.
   */
  function mayHaveRun(op: SchemaOperation, name: string, migration: string): void {
    const where = message(onlyUnder[op.conditional!] ?? 'unknown.underCondition');
    if (op.kind === 'create' && !exists(name)) markUnknown(name, message('unknown.createdOnly', migration, op.table.name, where), migration);
    if ((op.kind === 'drop' || op.kind === 'dropIfExists') && exists(name)) markUnknown(name, message('unknown.droppedOnly', migration, op.table.name, where), migration);
    const to = op.kind === 'rename' && op.renamedTo ? prefix + op.renamedTo.name : undefined;
    if (to !== undefined && exists(name) && !exists(to)) {
      const said = message('unknown.renamedOnly', migration, op.table.name, op.renamedTo!.name, where);
      markUnknown(name, said, migration);
      markUnknown(to, said, migration);
    }
  }

  /** Applies one operation; false when its Blueprint was not replayed (the table is unknown). */
  function applyOperation(op: SchemaOperation, name: string, file: ReplayedMigration): boolean {
    const migration = file.name;
    switch (op.kind) {
      case 'drop': case 'dropIfExists':
        deleteTable(name);
        deleteUnknown(name);
        return true;
      case 'rename': {
        if (op.renamedTo) moveTable(name, prefix + op.renamedTo.name, migration);
        return true;
      }
      case 'create': case 'table': {
        if (op.kind === 'table' && unknown.has(name)) {
          followRenames(op, name, migration, true);
          return false;
        }
        if (op.kind === 'table' && !tables.has(name)) {
          markUnknown(name, message('unknown.notCreated', migration, op.table.name), migration);
          return false;
        }
        if ('unknown' in settings) {
          markUnknown(name, message('labelled', migration, settings.said), migration);
          return false;
        }
        const closure = splitPropertyAssignments(op.blueprintUnknown);
        if (closure.unknown !== undefined) {
          markUnknown(name, message('labelled', migration, op.blueprintUnknownSaid ?? closure.unknown), migration);
          followRenames(op, name, migration, true);
          return false;
        }
        const guarded = guardedStatements(op.blueprint ?? []);
        if ('unknown' in guarded) {
          markUnknown(name, message('labelled', migration, guarded.unknown), migration);
          followRenames(op, name, migration, false);
          return false;
        }
        if (op.kind === 'create') deleteUnknown(name);
        try {
          const replay = new BlueprintReplay(op.table.name, op.kind === 'create', settings, file.path);
          for (const statement of closure.properties) replay.statement(statement);
          for (const statement of guarded.run) replay.statement(statement);
          // Not in place when the table must stay as it was if the Blueprint fails, or when a
          // rename of a column reads the table as it was before the Blueprint (8-10).
          const inPlace = owned && !op.failureSwallowed && !guarded.run.some((s) => s.chain.some((call) => /rename/i.test(call.method)));
          const result = replay.apply(op.kind === 'table' ? tables.get(name) : undefined, name, migration, observe?.(file, op, name), inPlace);
          if (op.kind === 'create' && result.table) result.table.createdAt = { file: file.path, range: op.table.range };
          if (!result.table) {
            deleteTable(name);
          } else {
            setTable(name, result.table);
            for (const [from, to] of result.renamedColumns) retarget({ table: name, column: from }, { table: name, column: to }, name);
            if (result.renamedTo !== undefined) moveTable(name, prefix + result.renamedTo, migration);
          }
        } catch (error) {
          if (!(error instanceof UnknownStructureError)) throw error;
          // One statement the server refuses, its exception caught: the table stays as it was.
          if (error instanceof ServerRefusal && op.failureSwallowed && op.kind === 'table' && singleStatement(op)) return true;
          markUnknown(name, message('labelled', migration, error.said), migration);
          if (op.kind === 'table') followRenames(op, name, migration, !(error instanceof ServerRefusal) && !op.failureSwallowed);
          return false;
        }
        return true;
      }
    }
    return true;
  }

  /**
   * `$table->drop()` / `$table->rename()` at the end of a Blueprint that was not replayed: the
   * table it ends is unknown, and so is the one it becomes. When the Blueprint may not have run
   * (a condition, a caught failure), the old name may still be there too.
   */
  function endUnreplayedBlueprint(end: SchemaOperation, blueprint: SchemaOperation, migration: string): void {
    const name = prefix + end.table.name;
    const mayNotRun = blueprint.conditional !== undefined || blueprint.failureSwallowed === true;
    if (end.kind !== 'rename' || !end.renamedTo) {
      if (!mayNotRun) {
        deleteTable(name);
        deleteUnknown(name);
      }
      return;
    }
    const to = prefix + end.renamedTo.name;
    if (!mayNotRun) {
      moveTable(name, to, migration);
      return;
    }
    const why = unknown.get(name)?.said ?? message('unknown.notCreated', migration, end.table.name);
    markUnknown(name, why, migration);
    deleteTable(to);
    const said = message('unknown.renamedIfRuns', migration, end.table.name, end.renamedTo.name, why);
    setUnknown(to, { name: to, reason: english(said), said, migration });
  }

  /**
   * The statements whose guards (`Schema::hasColumn()`, `hasColumns()`, `hasIndex()`, `hasTable()`
   * and their `!`, `&&`, `||`) hold when the closure runs, that is on the tables as they are before
   * this Blueprint (a table that does not exist has no column nor index), and whose branch on the
   * driver is the one the connection runs.
   */
  function guardedStatements(statements: readonly BlueprintStatement[]): { run: readonly BlueprintStatement[] } | { unknown: Message } {
    if (!statements.some((statement) => statement.when !== undefined || statement.driver !== undefined)) return { run: statements };
    const run: BlueprintStatement[] = [];
    for (const statement of statements) {
      // The other driver's branch of the closure never ran.
      if (statement.driver !== undefined && driver === undefined) return { unknown: message('unknown.blueprintOnDriver') };
      if (statement.driver !== undefined && statement.driver !== driver) continue;
      const holds = statement.when === undefined ? true : guardHolds({ all: statement.when }, guardTables);
      if (typeof holds !== 'boolean') return { unknown: holds };
      if (holds) run.push(statement);
    }
    return { run };
  }

  /**
   * The columns a Blueprint that was not replayed renames are renamed all the same, and InnoDB
   * makes the keys of other tables that reference them follow: with literal names and a
   * Blueprint that surely ran, they follow here too; otherwise those tables are unknown.
   */
  function followRenames(op: SchemaOperation, name: string, migration: string, ran: boolean): void {
    for (const statement of op.blueprint ?? []) {
      const head = statement.chain[0];
      if (head?.method.toLowerCase() !== 'renamecolumn') continue;
      const [from, to] = head.args;
      if (ran && typeof from === 'string' && typeof to === 'string') {
        retarget({ table: name, column: from }, { table: name, column: to }, name);
        continue;
      }
      for (const [other, table] of tables) {
        if (other !== name && table.foreignKeys.some((key) => key.referencedTable === name)) {
          markUnknown(other, message('unknown.referencedColumnRenamed', migration, op.table.name), migration);
        }
      }
    }
  }

  function moveTable(from: string, to: string, migration: string): void {
    const table = tables.get(from);
    const unknownFrom = unknown.get(from);
    deleteTable(from);
    deleteUnknown(from);
    deleteTable(to);
    deleteUnknown(to);
    if (table) {
      const migrations = table.migrations[table.migrations.length - 1] === migration ? table.migrations : [...table.migrations, migration];
      setTable(to, { ...table, name: to, migrations });
    } else if (unknownFrom) {
      setUnknown(to, { ...unknownFrom, name: to });
    } else {
      const said = message('unknown.renamesNotCreated', migration, from);
      setUnknown(to, { name: to, reason: english(said), said, migration });
    }
    // The server moves the keys to it whether or not its own structure is known.
    retarget({ table: from }, { table: to });
  }

  /** InnoDB makes the keys that reference a renamed table or column follow it (`except`: already done). */
  function retarget(from: { table: string; column?: string }, to: { table: string; column?: string }, except?: string): void {
    // Every table at each rename: loops rather than some() (a cold run over thousands of tables).
    for (const [name, table] of tables) {
      if (name === except) continue;
      let references = false;
      for (const key of table.foreignKeys) if (key.referencedTable === from.table) references = true;
      if (!references) continue;
      const copy = { ...table };
      retargetReferences(copy, from, to);
      setTable(name, copy);
    }
  }
}

const noProperties: { properties: BlueprintStatement[] } = { properties: [] };
const propertyAssignment = /\$\w+->(engine|charset|collation)\s*=\s*(['"])([\w-]*)\2\s*;?/g;

/**
 * `$table->engine = 'InnoDB';` is an assignment, not a call: the analysis reports it as a
 * statement it cannot follow. Table options are literal and order-free, so they are taken
 * back here; anything else still makes the closure unknown.
 */
function splitPropertyAssignments(reason: string | undefined): { properties: BlueprintStatement[]; unknown?: string } {
  if (reason === undefined) return noProperties;
  const properties: BlueprintStatement[] = [];
  const rest = reason.replace(propertyAssignment, (_, property: string, _quote: string, value: string) => {
    properties.push({ chain: [{ method: property, args: [value] }], range: noRange });
    return '';
  });
  return rest.replace(/[;\s]/g, '') === '' ? { properties } : { properties, unknown: reason };
}

const origin = { line: 0, column: 0, offset: 0 };
const noRange = { start: origin, end: origin };

export function stateToExpectedTable(state: TableState, defaults: TableOptions = laravelDefaults): ExpectedTable {
  return {
    name: state.name,
    model: tableStateToModel(state, defaults),
    owned: true,
    origin: { kind: 'migrations', migrations: [...state.migrations], state },
  };
}

/** Each table's final expected structure from the migrations. */
export function translateMigrations(migrations: readonly ReplayedMigration[], options: TranslateOptions): Translation {
  const states = translateToStates(migrations, options);
  const tables = new Map<string, ExpectedTable>();
  for (const [name, state] of states.tables) tables.set(name, stateToExpectedTable(state, options.tableDefaults));
  return { tables, unknown: states.unknown };
}

/**
 * The catalog status and repair check against: translated structures, overridden by the
 * Drizzle tables, which take precedence.
 */
export function buildExpectedCatalog(
  migrations: readonly ReplayedMigration[],
  drizzle: readonly ExpectedTable[],
  options: TranslateOptions,
): ExpectedCatalog {
  return withDrizzleTables(translateMigrations(migrations, options), drizzle);
}

/** A Blueprint that compiles to one SQL statement: a single drop of a key or an index. */
function singleStatement(op: SchemaOperation): boolean {
  const chain = op.blueprint?.length === 1 && op.blueprintUnknown === undefined ? op.blueprint[0].chain : undefined;
  return chain?.length === 1 && /^drop(?:foreign|index|unique|primary|spatialindex|fulltext)$/i.test(chain[0].method);
}
