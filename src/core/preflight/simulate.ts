// Preflight: the pending migrations replayed, in Laravel's order, onto the live structure
// (each sees what the previous ones leave), with the server error each statement would meet,
// structural or from the live rows (bounded reads). What cannot be known is unchecked, with
// its reason. Only reads are sent. Never imports 'vscode'.
import { firstReadingProblem } from '../analysis/load';
import { driverCondition, operationRuns, operationTable, reachesTable, runningDriver, shouldRunCondition, sqlColumnCall, sqlEngineCall, type BlueprintStatement, type ForeignKeyChecksCall, type MigrationFile, type PhpValue, type SchemaOperation, type SourceRange, type ThrowStatement, type UnknownStatement } from '../analysis/types';
import { english, message, type Message } from '../messages/catalog';
import type { Database } from '../db/database';
import { laravelDefaults } from '../structure/defaults';
import type { TableModel } from '../structure/model';
import { BlueprintReplay, isBlueprintMethod, laravelIndexName, type BlueprintSettings, type ReplayObserver, type ReplayStep } from '../translate/blueprint';
import { blueprintSettings, type TranslateOptions } from '../translate';
import { limitRefusal, tooLongTable, type ServerLimitsContext } from '../translate/serverLimits';
import { copyTable, UnknownStructureError, type ColumnFamily, type ColumnState, type ForeignKeyState, type TableState } from '../translate/tableState';
import { guardHolds, type GuardTables } from '../translate/schemaGuards';
import { sameKeyName } from '../translate/serverTable';
import { liveTableState } from './liveState';
import { MissingPrivilege, RowReader, type Found } from './probes';
import { stepStatement, type StatementContext } from './statements';
import type { Evidence, MigrationPrediction, PredictedError, PreflightResult } from './types';

export interface PreflightInput {
  /** The pending migrations, in the order Laravel runs them. */
  readonly pending: readonly MigrationFile[];
  /** Every base table of the database, as the structure engine reads it. */
  readonly live: ReadonlyMap<string, TableModel>;
  readonly translate: TranslateOptions;
  /** The connection's database name (the server names it in some messages). */
  readonly database: string;
  readonly server: 'mariadb' | 'mysql';
  /**
   * The connection's `strict` (Laravel's sql_mode): NULLs and longer values make ALTER fail only
   * then. When it cannot be told, a failure that depends on it is unchecked, with why.
   */
  readonly strict: boolean | { readonly unknown: string };
}

/**
 * A table that exists at this point of the run: its structure, or why it cannot be known (and,
 * when they can be bounded, the foreign key names it may hold).
 */
type SimTable = ({ state: TableState; unknown?: undefined } | { state?: undefined; unknown: string; mayHoldKey?: (key: string) => boolean }) & {
  /** The live table whose rows it holds and, by current name, the columns that still hold their live values. */
  rows: { table: string; columns: Map<string, string> } | 'empty' | { unknown: string };
};

/** Where the statement is written; the first command, the operation or the file's start otherwise. */
interface Located {
  range?: SourceRange;
}

class Failure implements Located {
  range?: SourceRange;
  /** Set when the statement fails because this table does not exist (a recorded migration's table may be gone). */
  missingTable?: string;
  constructor(readonly error: PredictedError, readonly statement: string | undefined, readonly evidence: Evidence = {}) {}
}

class Unchecked implements Located {
  range?: SourceRange;
  constructor(readonly reason: string, readonly statement?: string) {}
}

/** `outcome`, placed at `range` unless a closer place is already known. */
function at<T extends Located | undefined>(outcome: T, range: SourceRange | undefined): T {
  if (outcome && !outcome.range && range) outcome.range = range;
  return outcome;
}

/** Where a replayed command is written: the column's own statement when the command names one. */
function stepRange(step: ReplayStep, column?: string): SourceRange | undefined {
  return (column !== undefined ? step.columns?.find((c) => c.name === column)?.declaredAt?.range : undefined) ?? step.range;
}

type Outcome = Failure | Unchecked | undefined;

function itemRange(item: Item): SourceRange {
  return 'op' in item ? item.op.range : 'raw' in item ? item.raw.range : 'checks' in item ? item.checks.range : item.thrown.range;
}

/**
 * The operations in the order the analysis gives, which is the order they run in (raw SQL in a
 * Blueprint closure runs before that Blueprint's call, though written inside it), with the
 * statements not simulated and the throws put among them where they are written.
 */
function inRunOrder(operations: readonly SchemaOperation[], others: Exclude<Item, { op: SchemaOperation }>[]): Item[] {
  const rest = [...others].sort((a, b) => itemRange(a).start.offset - itemRange(b).start.offset);
  const items: Item[] = [];
  for (const op of operations) {
    while (rest.length && itemRange(rest[0]!).start.offset < op.range.start.offset) items.push(rest.shift()!);
    items.push({ op });
  }
  return [...items, ...rest];
}

/** A throw read as an operation's condition: one of a driver's branch, or none. */
const throwCondition = (thrown: ThrowStatement): Pick<SchemaOperation, 'conditional' | 'driver'> =>
  (thrown.driver === undefined ? {} : { conditional: driverCondition, driver: thrown.driver });

function tableGone(failure: Failure, table: string): Failure {
  failure.missingTable = table;
  return failure;
}

/** Thrown from the replay's observer: the statement the server refuses. */
class Stop extends Error {
  constructor(readonly outcome: Failure | Unchecked) {
    super('stop');
  }
}

const integerRanges: Record<string, readonly [bigint, bigint]> = {
  tinyint: [-128n, 127n], smallint: [-32768n, 32767n], mediumint: [-8388608n, 8388607n],
  int: [-2147483648n, 2147483647n], bigint: [-9223372036854775808n, 9223372036854775807n],
};

function integerRange(column: ColumnState): readonly [bigint, bigint] | undefined {
  const base = integerBase(column);
  if (!base) return undefined;
  const signed = integerRanges[base];
  return column.unsigned ? [0n, signed[1] * 2n + 1n] : signed;
}

/** The families MariaDB refuses to cast to its uuid type (numbers, dates and times). */
const noUuidCast: ReadonlySet<ColumnFamily> = new Set<ColumnFamily>([
  'bigint', 'int', 'mediumint', 'smallint', 'tinyint', 'boolean', 'decimal', 'double', 'float', 'date', 'datetime', 'time', 'timestamp', 'year',
]);

/** The longest value in characters a character column holds, when it is one. */
function characterLength(column: ColumnState): number | undefined {
  switch (column.family) {
    case 'varchar': case 'char': return column.length;
    case 'tinytext': return 255;
    case 'text': return 65535;
    case 'mediumtext': return 16777215;
    case 'longtext': case 'json': return 4294967295;
    default: return undefined;
  }
}

function integerBase(column: ColumnState): string | undefined {
  const base = column.family === 'boolean' ? 'tinyint' : column.family;
  return base in integerRanges ? base : undefined;
}

/** InnoDB's rule for a key's columns: same integer type and sign, any character lengths, else the same type. */
function compatible(child: ColumnState, parent: ColumnState): boolean {
  const a = integerBase(child);
  const b = integerBase(parent);
  if (a || b) return a === b && child.unsigned === parent.unsigned;
  const text = (c: ColumnState) => c.family === 'varchar' || c.family === 'char';
  if (text(child) && text(parent)) return (child.charset ?? '') === (parent.charset ?? '');
  return child.sqlType === parent.sqlType;
}

/** The methods of a Blueprint whose arguments can name a foreign key. */
const keyNaming = new Set(['foreign', 'constrained', 'foreignIdFor', 'foreignUuidFor', 'foreignUlidFor', 'foreignId', 'foreignUuid', 'foreignUlid']);

/**
 * The foreign key names a table created by a Blueprint that was read but not replayed may hold:
 * Laravel's own (the table's name, then `_`), those `known` before, and any string its calls
 * write (a name given to foreign() or constrained()). Undefined (any name) when such a call has
 * an argument that is not a literal, a statement is no Blueprint method (a macro), or the
 * Blueprint was not read.
 */
function keyNamesBound(op: SchemaOperation, table: string, known: readonly string[]): ((key: string) => boolean) | undefined {
  if (op.blueprint === undefined || (op.blueprintUnknown !== undefined && op.blueprintMayRun === undefined)) return undefined;
  const literals = new Set(known.map((k) => k.toLowerCase()));
  const collect = (value: PhpValue | undefined): boolean => {
    if (typeof value === 'string') literals.add(value.toLowerCase());
    else if (Array.isArray(value)) return value.every(collect);
    else if (value && typeof value === 'object') return !('unknown' in value) || typeof value.className === 'string';
    return true;
  };
  for (const statement of [...op.blueprint, ...(op.blueprintMayRun ?? [])]) {
    // A macro may add keys of any name.
    const head = statement.chain[0]?.method;
    if (head === undefined || !(isBlueprintMethod(head) || head === sqlColumnCall || head === sqlEngineCall)) return undefined;
    for (const call of statement.chain) {
      const args = [...call.args, ...Object.values(call.namedArgs ?? {})];
      if (!args.every(collect) && keyNaming.has(call.method)) return undefined;
    }
  }
  // Laravel's index names: the table, with or without the connection's prefix, lower-cased, `-` and `.` made `_`.
  const owns = [table, op.table.name].map((t) => laravelIndexName(t, ''));
  return (key) => owns.some((own) => key.toLowerCase().startsWith(own)) || literals.has(key.toLowerCase());
}

export async function preflight(db: Database, input: PreflightInput): Promise<PreflightResult> {
  // A first pass that reads nothing notes the filters the checks need when nothing fails, so
  // that the second one reads each table once for all of them.
  const plan = RowReader.planning(input.live);
  await new Preflight(plan, input).run();
  const reader = RowReader.reading(db, plan);
  const result = await new Preflight(reader, input).run();
  return { ...result, queries: reader.queries };
}

/** One item of up(), in the order written. */
type Item = { op: SchemaOperation } | { raw: UnknownStatement } | { thrown: ThrowStatement } | { checks: ForeignKeyChecksCall };

class Preflight {
  private readonly tables = new Map<string, SimTable>();
  /**
   * Tables that may or may not exist (not in `tables`), with why: an earlier migration that is
   * not understood creates, renames or drops them under a condition, or never got replayed.
   */
  private readonly unsure = new Map<string, string>();
  /** Why an absent table may exist: an earlier migration not understood may have created tables whose names are not known. */
  private absentUnknown?: string;
  private readonly settings: BlueprintSettings | { readonly unknown: string };
  private readonly prefix: string;
  private readonly missingPrivileges = new Set<string>();
  /** The driver `migrate` runs with: it decides a branch on `DB::getDriverName()`; undefined when not known. */
  private readonly driver: 'mysql' | 'mariadb' | undefined;
  /**
   * The connection's FOREIGN_KEY_CHECKS (a session setting: one connection runs every migration):
   * on, off or not known since a call that turned them, with why.
   */
  private foreignKeyChecks: true | { readonly off: string } | { readonly unknown: string } = true;

  constructor(private readonly reader: RowReader, private readonly input: PreflightInput) {
    this.prefix = input.translate.tablePrefix;
    this.driver = runningDriver(input.translate.laravel);
    for (const [name, model] of input.live) this.tables.set(name, { state: liveTableState(model), rows: { table: name, columns: new Map(model.columns.map((c) => [c.name, c.name])) } });
    this.settings = blueprintSettings(input.translate, input.server);
  }

  private get statementContext(): StatementContext {
    return { doctrine: this.doctrine, table: this.input.translate.tableDefaults ?? laravelDefaults };
  }

  private get doctrine(): boolean {
    return 'grammar' in this.settings && this.settings.grammar.alter === 'doctrine';
  }

  async run(): Promise<Omit<PreflightResult, 'queries'>> {
    const migrations: MigrationPrediction[] = [];
    let stopped: string | undefined;
    let failedFirst: string | undefined;
    for (const file of this.input.pending) {
      if (stopped !== undefined) {
        migrations.push({ name: file.name, prediction: 'not-reached', evidence: { reason: `what it meets depends on how ${stopped} is fixed` } });
        continue;
      }
      const { outcome, structural } = await this.migration(file);
      const after = failedFirst !== undefined ? { afterFailureOf: failedFirst } : {};
      const where = outcome?.range ? { range: outcome.range } : {};
      if (outcome instanceof Failure) {
        migrations.push({ name: file.name, prediction: 'fails', error: outcome.error, ...(outcome.statement ? { statement: outcome.statement } : {}), evidence: outcome.evidence, ...(outcome.missingTable ? { missingTable: outcome.missingTable } : {}), ...where, ...after });
        failedFirst ??= file.name;
        // A structural failure leaves the database between two states: what follows is not predicted.
        if (structural) stopped = file.name;
      } else if (outcome instanceof Unchecked) {
        migrations.push({ name: file.name, prediction: 'unchecked', ...(outcome.statement ? { statement: outcome.statement } : {}), evidence: { reason: outcome.reason }, ...where, ...after });
      } else {
        migrations.push({ name: file.name, prediction: 'passes', evidence: {}, ...after });
      }
    }
    return { migrations, missingPrivileges: [...this.missingPrivileges] };
  }

  /** One migration's up(), in the order its statements are written. */
  private async migration(file: MigrationFile): Promise<{ outcome: Outcome; structural: boolean }> {
    const problem = firstReadingProblem(file);
    if (problem) {
      const outcome = new Unchecked(`the file could not be read whole: ${problem.message}`);
      this.forgetAll(english(message('preflight.notUnderstood', file.name, outcome.reason)));
      return { outcome, structural: false };
    }
    const items = inRunOrder(file.up.operations, [
      ...file.up.unknown.map((raw) => ({ raw })),
      ...(file.up.throws ?? []).map((thrown) => ({ thrown })),
      ...(file.up.foreignKeyChecks ?? []).map((checks) => ({ checks })),
    ]);
    for (const [i, item] of items.entries()) {
      // A branch of the other driver never runs.
      if (operationRuns('op' in item ? item.op : 'raw' in item ? item.raw : 'checks' in item ? item.checks : throwCondition(item.thrown), this.driver) === 'never') continue;
      if ('checks' in item) {
        this.turnForeignKeyChecks(item.checks, file.name);
        continue;
      }
      if ('thrown' in item) return { outcome: at(this.thrown(item.thrown), item.thrown.range), structural: true };
      const result = 'raw' in item
        ? { outcome: at(new Unchecked(`a statement preflight cannot simulate: ${item.raw.reason}`), item.raw.range), structural: false }
        : await this.operation(item.op, file);
      if ('op' in item) at(result.outcome, item.op.range);
      if (result.outcome instanceof Unchecked) this.forgetRest(items.slice(i), english(message('preflight.notUnderstood', file.name, result.outcome.reason)));
      if (result.outcome) {
        // Where the migrations after this one are reached at all, the rest of it ran: its turns of the checks too.
        for (const rest of items.slice(i + 1)) if ('checks' in rest && operationRuns(rest.checks, this.driver) !== 'never') this.turnForeignKeyChecks(rest.checks, file.name);
        return result;
      }
    }
    return { outcome: undefined, structural: false };
  }

  /**
   * The items of a migration from the one preflight could not simulate on: they were not replayed,
   * so what they create, rename, drop or change is not known to what follows (`why` says which
   * migration and why), and never taken as missing.
   */
  private forgetRest(items: readonly Item[], why: string): void {
    for (const item of items) {
      if ('raw' in item) this.forgetAfterRaw(item.raw, why);
      if (!('op' in item)) continue;
      const op = item.op;
      const runs = operationRuns(op, this.driver);
      if (op.connection !== undefined || op.inBlueprint || runs === 'never') continue;
      const name = operationTable(op, this.prefix);
      // Unconditional: once migrate is past this migration, its table exists (or is gone); only its structure is not known.
      const certain = runs === 'runs' && op.conditional === undefined && op.guards.length === 0;
      const renamed = op.renamedTo ? this.prefix + op.renamedTo.name : undefined;
      if (renamed !== undefined) {
        this.unsureOf([name, renamed], why);
      } else if (op.kind === 'drop' || op.kind === 'dropIfExists') {
        if (certain) this.settle(name, undefined);
        else this.unsureOf([name], why);
      } else if (op.kind === 'create' && certain) {
        const mayHoldKey = keyNamesBound(op, name, []);
        this.settle(name, { unknown: why, rows: { unknown: why }, ...(mayHoldKey ? { mayHoldKey } : {}) });
      } else if (op.kind === 'create') {
        this.unsureOf([name], why);
      } else {
        this.forget([name], why, this.keysAfter(op, name));
      }
    }
  }

  /**
   * The foreign key names `name` may hold after `op`, a Blueprint on it not replayed: those it held
   * and those the Blueprint may add; undefined when either is not bounded.
   */
  private keysAfter(op: SchemaOperation, name: string): ((key: string) => boolean) | undefined {
    const sim = this.tables.get(name);
    if (!sim) return undefined;
    const held = sim.state ? sim.state.foreignKeys.map((f) => f.name) : [];
    const added = keyNamesBound(op, name, held);
    const before = sim.state ? undefined : sim.mayHoldKey;
    if (!added || (!sim.state && !before)) return undefined;
    return before ? (key) => before(key) || added(key) : added;
  }

  /** Whether a table exists at this point of the run; not known when an earlier migration not understood may have made or removed it. */
  private exists(name: string): boolean | { readonly unknown: string } {
    const unsure = this.unsure.get(name);
    if (unsure !== undefined) return { unknown: unsure };
    if (this.tables.has(name)) return true;
    return this.absentUnknown === undefined ? false : { unknown: this.absentUnknown };
  }

  private turnForeignKeyChecks(call: ForeignKeyChecksCall, migration: string): void {
    this.foreignKeyChecks = operationRuns(call, this.driver) !== 'runs'
      ? { unknown: english(message('preflight.foreignKeyChecksMaybe', call.written, migration)) }
      : call.enabled ? true : { off: english(message('preflight.foreignKeyChecksOff', call.written, migration)) };
  }

  /**
   * A drop of `name` while another table's foreign key references it: 1451; unchecked when some
   * table's foreign keys are not known. With the foreign key checks off, the server drops it.
   */
  private dropRefused(name: string, statement: string): Failure | Unchecked | undefined {
    const checks = this.foreignKeyChecks;
    if (typeof checks === 'object' && 'off' in checks) return undefined;
    const child = [...this.tables.values()].find((t) => t.state && t.state.name !== name && t.state.foreignKeys.some((f) => f.referencedTable === name));
    if (child && typeof checks === 'object') return new Unchecked(checks.unknown, statement);
    if (child) return new Failure({ code: 1451, message: 'Cannot delete or update a parent row: a foreign key constraint fails' }, statement);
    const hidden = this.foreignKeysUnknown(name);
    return hidden && new Unchecked(english(message('preflight.referencedUnknown', name, hidden)), statement);
  }

  /**
   * Why the foreign keys of some table other than `name` are not known, when they are not: a
   * table of unknown structure, one that may or may not exist, or tables whose names are not
   * known. Any of them may reference `name`, or hold a foreign key name.
   */
  private foreignKeysUnknown(name: string, key?: string): Message | undefined {
    for (const [other, sim] of this.tables) {
      if (other === name || sim.state || (key !== undefined && sim.mayHoldKey?.(key) === false)) continue;
      return message('preflight.becauseStructureUnknown', other, sim.unknown);
    }
    for (const [other, why] of this.unsure) if (other !== name) return message('preflight.becauseExistenceUnknown', other, why);
    return this.absentUnknown === undefined ? undefined : message('preflight.becauseUnnamedTables', this.absentUnknown);
  }

  /** The first of these tables whose existence is not known, as the reason a check cannot be made. */
  private existenceUnknown(names: readonly string[], statement?: string): Unchecked | undefined {
    for (const name of names) {
      const known = this.exists(name);
      if (typeof known === 'object') return new Unchecked(english(message('preflight.existenceUnknown', name, known.unknown)), statement);
    }
    return undefined;
  }

  /** The tables as Schema's questions see them at this point of the run. */
  private get guardTables(): GuardTables {
    const grammar = 'grammar' in this.settings ? this.settings.grammar : undefined;
    return {
      prefix: this.prefix,
      hasIndex: grammar?.hasIndex ? true : { label: grammar?.label ?? this.input.translate.laravel.version },
      table: (name) => {
        const exists = this.exists(name);
        if (typeof exists === 'object') return 'unknown';
        return exists ? this.tables.get(name)!.state ?? 'unknown' : undefined;
      },
    };
  }

  /** A table known to exist with this state, or known not to exist (undefined). */
  private settle(name: string, sim: SimTable | undefined): void {
    this.unsure.delete(name);
    if (sim) this.tables.set(name, sim);
    else this.tables.delete(name);
  }

  private unsureOf(names: readonly string[], why: string): void {
    for (const name of names) {
      this.tables.delete(name);
      this.unsure.set(name, why);
    }
  }

  /** A throw reached with the running driver: migrate stops there. Unchecked when the driver is not known. */
  private thrown(thrown: ThrowStatement): Failure | Unchecked {
    if (thrown.driver !== undefined && this.driver === undefined) return new Unchecked(english(message('preflight.throwsDriverUnknown', thrown.driver)));
    const why = thrown.driver === undefined ? message('preflight.throwsAlways') : message('preflight.throwsWithDriver', thrown.driver);
    return new Failure({ code: null, message: thrown.thrown, thrown: true }, undefined, { advice: english(why) });
  }

  private async operation(op: SchemaOperation, file: MigrationFile): Promise<{ outcome: Outcome; structural: boolean }> {
    const none = { outcome: undefined, structural: false };
    // Another connection's tables live in another database; `$table->drop()` is part of its Blueprint.
    if (op.connection !== undefined || op.inBlueprint) return none;
    const name = operationTable(op, this.prefix);
    if (op.conditional === shouldRunCondition) return { outcome: new Unchecked(`${file.name} declares shouldRun(), which decides when migrate runs it; preflight does not evaluate it`), structural: false };
    if (op.conditional === driverCondition && this.driver === undefined) {
      return { outcome: new Unchecked(`\`${op.table.name}\` is changed only with the ${op.driver} driver, and which driver the project's connection runs is not known`), structural: false };
    }
    if (op.conditional && op.conditional !== driverCondition) return { outcome: new Unchecked(`\`${op.table.name}\` is changed under a ${op.conditional}, which preflight does not evaluate`), structural: false };
    const guarded = this.existenceUnknown(op.guards.map((g) => this.prefix + g.table));
    if (guarded) return { outcome: guarded, structural: false };
    if (op.guards.some((g) => this.tables.has(this.prefix + g.table) !== g.requiresExisting)) return none;
    const sim = this.tables.get(name);
    const db = this.input.database;
    const structural = (error: PredictedError, statement: string, missing?: string) => {
      const failure = new Failure(error, statement);
      return { outcome: missing === undefined ? failure : tableGone(failure, missing), structural: true };
    };
    switch (op.kind) {
      case 'drop': case 'dropIfExists': {
        const statement = `drop table ${op.kind === 'dropIfExists' ? 'if exists ' : ''}\`${name}\``;
        if (op.kind === 'drop') {
          const unknown = this.existenceUnknown([name], statement);
          if (unknown) return { outcome: unknown, structural: false };
        }
        if (!sim) {
          this.settle(name, undefined);
          return op.kind === 'drop' ? structural({ code: 1051, message: `Unknown table '${db}.${name}'` }, statement, name) : none;
        }
        const refused = this.dropRefused(name, statement);
        if (refused) return { outcome: refused, structural: refused instanceof Failure };
        this.settle(name, undefined);
        return none;
      }
      case 'rename': {
        if (!op.renamedTo) return none;
        const to = this.prefix + op.renamedTo.name;
        const statement = `rename table \`${name}\` to \`${to}\``;
        const long = tooLongTable(to, this.input.server);
        if (long) return structural({ code: long.code, message: long.message }, statement);
        const unknown = this.existenceUnknown([name, to], statement);
        if (unknown) return { outcome: unknown, structural: false };
        if (!sim) return structural({ code: 1146, message: `Table '${db}.${name}' doesn't exist` }, statement, name);
        if (this.tables.has(to)) return structural({ code: 1050, message: `Table '${to}' already exists` }, statement);
        this.move(name, to);
        return none;
      }
      case 'create': case 'table':
        return this.blueprint(op, name, sim, file);
    }
  }

  private async blueprint(op: SchemaOperation, name: string, sim: SimTable | undefined, file: MigrationFile): Promise<{ outcome: Outcome; structural: boolean }> {
    const creating = op.kind === 'create';
    if ('unknown' in this.settings) return { outcome: new Unchecked(this.settings.unknown), structural: false };
    if (op.blueprintUnknown !== undefined) return { outcome: new Unchecked(`the Blueprint of \`${op.table.name}\`: ${op.blueprintUnknown}`), structural: false };
    if (op.blueprint?.some((s) => s.driver) && this.driver === undefined) {
      return { outcome: new Unchecked(`the Blueprint of \`${op.table.name}\`: ${english(message('unknown.blueprintOnDriver'))}`), structural: false };
    }
    // The other driver's branch of the closure does not run; a statement under Schema's questions
    // runs when they hold on the tables as they are when the closure runs, before its Blueprint.
    const statements: BlueprintStatement[] = [];
    for (const statement of op.blueprint ?? []) {
      if (statement.driver !== undefined && statement.driver !== this.driver) continue;
      const holds = statement.when === undefined || guardHolds({ all: statement.when }, this.guardTables);
      if (typeof holds !== 'boolean') return { outcome: at(new Unchecked(english(message('preflight.guardUndecided', op.table.name, holds))), statement.range), structural: false };
      if (holds) statements.push(statement);
    }
    if (!creating && statements.length === 0) return { outcome: undefined, structural: false };
    const unknown = this.existenceUnknown([name]);
    if (unknown) return { outcome: unknown, structural: false };
    if (!creating && sim && !sim.state) return { outcome: new Unchecked(english(message('preflight.structureUnknown', name, sim.unknown))), structural: false };
    const checks: (() => Promise<Outcome>)[] = [];
    let current = sim;
    const observer: ReplayObserver = {
      before: (step, table) => {
        const outcome = this.structuralCheck(step, table, name, creating && step.name === 'create' ? sim : current);
        if (outcome) throw new Stop(at(outcome, step.range));
      },
      after: (step, before, after) => {
        if (step.name === 'create' && after) current = { state: after, rows: 'empty' };
        if (!current) return;
        const rows = current.rows;
        checks.push(...this.dataChecks(step, name, before, after, rows).map((check) => async () => at(await check(), stepRange(step, step.columns?.length === 1 ? step.columns[0]!.name : undefined))));
        if (typeof rows === 'object' && 'columns' in rows) {
          // A column named in another case is the same column.
          const named = (column: string) => [...rows.columns.keys()].find((k) => k.toLowerCase() === column.toLowerCase());
          if (step.name === 'dropColumn') for (const c of step.attrs.columns as string[]) rows.columns.delete(named(c) ?? c);
          if (step.name === 'renameColumn') {
            const was = named(step.attrs.from as string) ?? (step.attrs.from as string);
            const from = rows.columns.get(was);
            rows.columns.delete(was);
            if (from !== undefined) rows.columns.set(step.attrs.to as string, from);
          }
        }
      },
    };
    const replay = new BlueprintReplay(op.table.name, creating, this.settings, file.path);
    let stop: Failure | Unchecked | undefined;
    let result: ReturnType<BlueprintReplay['apply']> | undefined;
    const rowsBefore = sim && typeof sim.rows === 'object' && 'columns' in sim.rows ? { table: sim.rows.table, columns: new Map(sim.rows.columns) } : sim?.rows;
    if (current && typeof current.rows === 'object' && 'columns' in current.rows && rowsBefore) current = { ...current, rows: rowsBefore };
    try {
      for (const statement of statements) replay.statement(statement);
      result = replay.apply(creating ? undefined : sim?.state && copyTable(sim.state), name, file.name, observer);
    } catch (error) {
      if (error instanceof Stop) stop = error.outcome;
      else if (error instanceof UnknownStructureError) stop = new Unchecked(error.message);
      else throw error;
    }
    for (const check of checks) {
      let outcome: Outcome;
      try {
        outcome = await check();
      } catch (error) {
        if (!(error instanceof MissingPrivilege)) throw error;
        this.missingPrivileges.add(error.message);
        outcome = new Unchecked(`the rows could not be read: ${error.message}`);
      }
      if (outcome) return { outcome, structural: false };
    }
    if (stop) return { outcome: stop, structural: stop instanceof Failure };
    if (result) {
      if (!result.table) this.settle(name, undefined);
      else {
        this.settle(name, { state: result.table, rows: current?.rows ?? 'empty' });
        if (result.renamedTo !== undefined) this.move(name, this.prefix + result.renamedTo);
      }
    }
    return { outcome: undefined, structural: false };
  }

  private structuralCheck(step: ReplayStep, table: TableState | undefined, name: string, sim: SimTable | undefined): Failure | Unchecked | undefined {
    const statement = stepStatement(name, step, table, this.statementContext);
    const fail = (code: number | null, message: string, column?: string) => at(new Failure({ code, message }, statement), stepRange(step, column));
    const a = step.attrs as Record<string, unknown>;
    // The server finds a column whatever the case of its name (1060 for `Email` beside `email`).
    const has = (column: string) => table?.columns.some((c) => c.name.toLowerCase() === column.toLowerCase()) ?? false;
    const hasIndex = (index: string) => table?.indexes.some((i) => sameKeyName(i.name, index)) ?? false;
    const missingColumn = (column: string) => (this.doctrine
      ? fail(null, `doctrine/dbal: There is no column with name '${column}' on table '${name}'.`, column)
      : fail(1054, `Unknown column '${column}' in '${name}'`, column));
    const keyColumns = () => (a.columns as string[]).find((c) => !has(c));
    if (!table && step.name !== 'create') return tableGone(fail(1146, `Table '${this.input.database}.${name}' doesn't exist`), name);
    // A name or a length the server refuses whatever the tables hold: the parser's check, before any other.
    const limit = 'grammar' in this.settings ? limitRefusal(step, table, name, this.limits(this.settings.grammar)) : undefined;
    if (limit?.ifStrict) {
      const strict = this.input.strict as { unknown: string };
      return at(new Unchecked(english(message('preflight.varcharStrictUnknown', limit.subject, limit.length, limit.charset!, limit.max, strict.unknown)), statement), stepRange(step, limit.column));
    }
    if (limit) return fail(limit.code, limit.message, limit.column);
    switch (step.name) {
      case 'create': {
        if (sim) return fail(1050, `Table '${name}' already exists`);
        const seen = new Set<string>();
        for (const c of step.columns ?? []) {
          if (seen.has(c.name.toLowerCase())) return fail(1060, `Duplicate column name '${c.name}'`, c.name);
          seen.add(c.name.toLowerCase());
        }
        return undefined;
      }
      case 'add':
        for (const c of step.columns ?? []) if (has(c.name)) return fail(1060, `Duplicate column name '${c.name}'`, c.name);
        return undefined;
      case 'change':
        for (const c of step.columns ?? []) if (!has(c.name)) return missingColumn(c.name);
        return this.uncastable(step, table!, name, statement);
      case 'primary': {
        if (table?.indexes.some((i) => i.kind === 'primary')) return fail(1068, 'Multiple primary key defined');
        const missing = keyColumns();
        return missing === undefined ? undefined : fail(1072, `Key column '${missing}' doesn't exist in table`);
      }
      case 'unique': case 'index': {
        if (hasIndex(a.index as string)) return fail(1061, `Duplicate key name '${String(a.index)}'`);
        const missing = keyColumns();
        return missing === undefined ? undefined : fail(1072, `Key column '${missing}' doesn't exist in table`);
      }
      case 'foreign': return this.foreignCheck(step, table, name, statement);
      case 'drop': return at(this.dropRefused(name, statement), step.range);
      case 'dropColumn': {
        const missing = (a.columns as string[]).find((c) => !has(c));
        return missing === undefined ? at(this.dropColumnRefused(a.columns as string[], table!, statement), step.range) : fail(1091, `Can't DROP COLUMN \`${missing}\`; check that it exists`);
      }
      case 'sqlColumn': return this.sqlColumnCheck(a, table!, name, fail);
      case 'renameColumn':
        if (!has(a.from as string)) return missingColumn(a.from as string);
        if (String(a.from).toLowerCase() !== String(a.to).toLowerCase() && has(a.to as string)) return fail(1060, `Duplicate column name '${String(a.to)}'`);
        return undefined;
      case 'dropPrimary': {
        const primary = table?.indexes.find((i) => i.kind === 'primary');
        if (!primary) return fail(1091, "Can't DROP INDEX `PRIMARY`; check that it exists");
        // An auto-increment column must stay the first column of some index.
        const auto = table!.columns.find((c) => c.autoIncrement);
        if (auto && !table!.indexes.some((i) => i !== primary && i.columns[0] === auto.name)) {
          return fail(1075, 'Incorrect table definition; there can be only one auto column and it must be defined as a key');
        }
        return undefined;
      }
      case 'dropUnique': case 'dropIndex':
        return hasIndex(a.index as string) ? undefined : fail(1091, `Can't DROP INDEX \`${String(a.index)}\`; check that it exists`);
      case 'dropForeign':
        return table?.foreignKeys.some((f) => sameKeyName(f.name, String(a.index))) ? undefined : fail(1091, `Can't DROP FOREIGN KEY \`${String(a.index)}\`; check that it exists`);
      case 'renameIndex':
        if (!hasIndex(a.from as string)) return fail(1176, `Key '${String(a.from)}' doesn't exist in table '${name}'`);
        // A rename to the same name in another case is taken.
        if (!sameKeyName(a.from as string, a.to as string) && hasIndex(a.to as string)) return fail(1061, `Duplicate key name '${String(a.to)}'`);
        return undefined;
      case 'rename': {
        const to = this.prefix + String(a.to);
        return this.existenceUnknown([to], statement) ?? (this.tables.has(to) ? fail(1050, `Table '${to}' already exists`) : undefined);
      }
      default: return undefined;
    }
  }

  private limits(grammar: ServerLimitsContext['grammar']): ServerLimitsContext {
    const strict = this.input.strict;
    return { server: this.input.server, strict: typeof strict === 'boolean' ? strict : undefined, charset: this.input.translate.laravel.charset, tablePrefix: this.prefix, grammar };
  }

  /**
   * A drop of columns a foreign key needs. Measured on MariaDB 10.11: a column another key
   * references (its own table's too) is refused whatever the checks (1829); a column of one of
   * the table's own keys takes the key's index with it, refused as that index (1553) with the
   * checks on and as the column (1828) with them off. MySQL says 1829 and 1828 (its manual).
   */
  private dropColumnRefused(columns: readonly string[], table: TableState, statement: string): Failure | Unchecked | undefined {
    const db = this.input.database;
    const name = table.name;
    const states = [table, ...[...this.tables.values()].flatMap((t) => (t.state && t.state.name !== name ? [t.state] : []))];
    for (const child of states) {
      const key = child.foreignKeys.find((f) => f.referencedTable === name && f.referencedColumns.some((c) => columns.includes(c)));
      if (!key) continue;
      const column = key.referencedColumns.find((c) => columns.includes(c))!;
      const of = this.input.server === 'mariadb' ? `\`${db}\`.\`${child.name}\`` : `'${child.name}'`;
      return new Failure({ code: 1829, message: `Cannot drop column '${column}': needed in a foreign key constraint '${key.name}' of table ${of}` }, statement);
    }
    const own = table.foreignKeys.find((f) => f.columns.some((c) => columns.includes(c)));
    if (own) return this.ownKeyColumnDropped(own, columns, table, statement);
    // A key can reference only columns that lead an index: a table whose keys are not known matters only then.
    if (!table.indexes.some((i) => i.columns.some((c) => columns.includes(c)))) return undefined;
    const hidden = this.foreignKeysUnknown(name);
    return hidden && new Unchecked(english(message('preflight.referencedColumnUnknown', name, hidden)), statement);
  }

  private ownKeyColumnDropped(key: ForeignKeyState, columns: readonly string[], table: TableState, statement: string): Failure | Unchecked {
    const checks = this.foreignKeyChecks;
    if (typeof checks === 'object' && 'unknown' in checks) return new Unchecked(checks.unknown, statement);
    const column = key.columns.find((c) => columns.includes(c))!;
    if (this.input.server === 'mariadb' && checks === true) {
      const index = table.indexes.find((i) => key.columns.every((c, n) => i.columns[n] === c))?.name ?? key.name;
      return new Failure({ code: 1553, message: `Cannot drop index '${index}': needed in a foreign key constraint` }, statement);
    }
    const named = this.input.server === 'mariadb' ? `${this.input.database}/${key.name}` : key.name;
    return new Failure({ code: 1828, message: `Cannot drop column '${column}': needed in a foreign key constraint '${named}'` }, statement);
  }

  /**
   * MariaDB's native uuid (Laravel 11+'s mariadb driver) takes no number nor date, whatever the
   * values, even in an empty table: 4078, measured on MariaDB 10.11. Strings are cast value by value.
   */
  private uncastable(step: ReplayStep, table: TableState, name: string, statement: string): Failure | undefined {
    if (this.input.server !== 'mariadb') return undefined;
    for (const next of step.columns ?? []) {
      const old = table.columns.find((c) => c.name === next.name);
      if (next.family !== 'uuid' || !old || !noUuidCast.has(old.family)) continue;
      const type = (integerBase(old) ?? old.family) + (old.unsigned ? ' unsigned' : '');
      return new Failure({ code: 4078, message: `Cannot cast '${type}' as 'uuid' in assignment of \`${this.input.database}\`.\`${name}\`.\`${next.name}\`` }, statement);
    }
    return undefined;
  }

  /**
   * Raw SQL's `ALTER TABLE t ADD|MODIFY|CHANGE [COLUMN]` of one column, names compared as the
   * server does (without case): 1060 for a name taken, 1054 for a column not there.
   */
  private sqlColumnCheck(a: Record<string, unknown>, table: TableState, name: string, fail: (code: number, message: string) => Failure): Failure | undefined {
    const has = (column: string) => table.columns.some((c) => c.name.toLowerCase() === column.toLowerCase());
    const from = String(a.from);
    const to = String(a.to ?? from);
    if (a.action === 'add') return has(to) ? fail(1060, `Duplicate column name '${to}'`) : undefined;
    if (!has(from)) return fail(1054, `Unknown column '${from}' in '${name}'`);
    return to.toLowerCase() !== from.toLowerCase() && has(to) ? fail(1060, `Duplicate column name '${to}'`) : undefined;
  }

  private foreignCheck(step: ReplayStep, table: TableState | undefined, name: string, statement: string): Failure | Unchecked | undefined {
    const a = step.attrs as Record<string, unknown>;
    const key = String(a.index);
    const columns = a.columns as string[];
    const { parentName, referenced } = this.foreignTarget(a);
    const mariadb = this.input.server === 'mariadb';
    const malformed = (mysqlCode: number, mysqlMessage: string) => new Failure(mariadb
      ? { code: 1005, message: `Can't create table \`${this.input.database}\`.\`${name}\` (errno: 150 "Foreign key constraint is incorrectly formed")` }
      : { code: mysqlCode, message: mysqlMessage }, statement);
    // The server finds the columns of a key whatever their case (measured on MariaDB 10.11).
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const missing = columns.find((c) => !table?.columns.some((col) => same(col.name, c)));
    if (missing !== undefined) return new Failure({ code: 1072, message: `Key column '${missing}' doesn't exist in table` }, statement);
    // With the checks off the server takes keys it refuses otherwise (to a table not there yet): not simulated.
    const checks = this.foreignKeyChecks;
    if (typeof checks === 'object') return new Unchecked('off' in checks ? checks.off : checks.unknown, statement);
    // Foreign key names are unique in the whole database.
    const clash = [...this.tables.values()].some((t) => t.state && t.state.name !== name && t.state.foreignKeys.some((f) => sameKeyName(f.name, key)));
    if (clash || table?.foreignKeys.some((f) => sameKeyName(f.name, key))) {
      return new Failure(mariadb
        ? { code: 1005, message: `Can't create table \`${this.input.database}\`.\`${name}\` (errno: 121 "Duplicate key on write or update")` }
        : { code: 1826, message: `Duplicate foreign key constraint name '${key}'` }, statement);
    }
    const parentSim = parentName === name ? table && { state: table } : this.tables.get(parentName);
    if (!parentSim) return this.existenceUnknown([parentName], statement) ?? tableGone(malformed(1824, `Failed to open the referenced table '${parentName}'`), parentName);
    if (!parentSim.state) return new Unchecked(english(message('preflight.structureUnknown', parentName, parentSim.unknown)), statement);
    const parent = parentSim.state;
    for (const [i, r] of referenced.entries()) {
      const parentColumn = parent.columns.find((c) => same(c.name, r));
      if (!parentColumn) return malformed(1822, `Failed to add the foreign key constraint. Missing index for constraint '${key}' in the referenced table '${parentName}'`);
      const child = table!.columns.find((c) => same(c.name, columns[i]!))!;
      if (!compatible(child, parentColumn)) {
        return malformed(3780, `Referencing column '${child.name}' and referenced column '${r}' in foreign key constraint '${key}' are incompatible.`);
      }
    }
    const indexed = parent.indexes.some((i) => referenced.every((r, n) => i.columns[n] !== undefined && same(i.columns[n]!, r)));
    if (!indexed) return malformed(1822, `Failed to add the foreign key constraint. Missing index for constraint '${key}' in the referenced table '${parentName}'`);
    // A table whose foreign keys are not known may hold that name already (asked last: a known failure is said first).
    const hidden = this.foreignKeysUnknown(name, key);
    return hidden && new Unchecked(english(message('preflight.foreignNameUnknown', key, hidden)), statement);
  }

  /** The table and columns a `foreign` command references (`references()` takes one column or a list). */
  private foreignTarget(a: Record<string, unknown>): { parentName: string; referenced: string[] } {
    return { parentName: this.prefix + String(a.on), referenced: Array.isArray(a.references) ? (a.references as string[]) : [String(a.references)] };
  }

  /** The checks the live rows decide, for one command that the structure allows. */
  private dataChecks(step: ReplayStep, name: string, before: TableState | undefined, after: TableState | undefined, rows: SimTable['rows']): (() => Promise<Outcome>)[] {
    if (rows === 'empty' || !after) return [];
    const statement = stepStatement(name, step, before, this.statementContext);
    const a = step.attrs as Record<string, unknown>;
    if ('unknown' in rows) {
      return ['unique', 'primary', 'change', 'foreign'].includes(step.name) ? [async () => new Unchecked(`the rows of \`${name}\` are not known: ${rows.unknown}`, statement)] : [];
    }
    const live = (column: string) => rows.columns.get(column);
    const evidence = (found: Found, advice: string): Evidence => ({
      count: found.count, ...(found.count >= found.limit ? { countLimit: found.limit } : {}), samples: found.samples, advice,
    });
    const reader = this.reader;
    switch (step.name) {
      case 'unique': case 'primary': {
        const columns = a.columns as string[];
        const index = step.name === 'primary' ? 'PRIMARY' : String(a.index);
        const liveColumns = columns.map(live);
        if (liveColumns.some((c) => c === undefined)) {
          return [async () => this.constantColumns(columns, after, rows, index, statement)];
        }
        return [async () => {
          const found = await reader.duplicates(rows.table, liveColumns as string[]);
          if (found.count === 0) return undefined;
          const first = found.samples[0]?.replace(/ \(\d+ rows\)$/, '') ?? '';
          return new Failure({ code: 1062, message: `Duplicate entry '${first}' for key '${index}'` }, statement,
            evidence(found, `remove or merge the duplicate ${columns.join(', ')} values of \`${name}\` before migrating, or drop the ${step.name} index from the migration`));
        }];
      }
      case 'change': return (step.columns ?? []).map((c) => async () => this.changeCheck(c.name, name, before!, after, live(c.name), rows.table, statement, evidence));
      case 'foreign': {
        const columns = a.columns as string[];
        const { parentName, referenced } = this.foreignTarget(a);
        const liveColumns = columns.map(live);
        return [async () => {
          if (liveColumns.some((c) => c === undefined)) return new Unchecked(`the values of ${columns.join(', ')} are what this run writes, not read`, statement);
          const parent = parentName === name ? { rows } : this.tables.get(parentName);
          const parentRows = parent?.rows;
          let found: Found;
          if (parentRows === 'empty' || parentRows === undefined) found = await reader.nonNull(rows.table, liveColumns as string[]);
          else if ('unknown' in parentRows) return new Unchecked(`the rows of \`${parentName}\` are not known: ${parentRows.unknown}`, statement);
          else {
            const parentColumns = referenced.map((r) => parentRows.columns.get(r));
            if (parentColumns.some((c) => c === undefined)) return new Unchecked(`the values of \`${parentName}\`.${referenced.join(', ')} are what this run writes, not read`, statement);
            found = await reader.orphans(rows.table, liveColumns as string[], parentRows.table, parentColumns as string[]);
          }
          if (found.count === 0) return undefined;
          return new Failure({
            code: 1452,
            message: `Cannot add or update a child row: a foreign key constraint fails (\`${this.input.database}\`.\`#sql-…\`, CONSTRAINT \`${String(a.index)}\` FOREIGN KEY (${columns.map((c) => `\`${c}\``).join(', ')}) REFERENCES \`${parentName}\` (${referenced.map((c) => `\`${c}\``).join(', ')}))`,
          }, statement, evidence(found, `delete the orphan rows of \`${name}\` (or set them to NULL, or add their parents) before migrating`));
        }];
      }
      default: return [];
    }
  }

  /** A unique index over columns this run adds: every row gets the same value, so a second row collides. */
  private async constantColumns(columns: readonly string[], after: TableState, rows: { table: string; columns: Map<string, string> }, index: string, statement: string): Promise<Outcome> {
    const added = columns.map((c) => after.columns.find((col) => col.name === c));
    const liveOnes = columns.filter((c) => rows.columns.has(c));
    if (liveOnes.length > 0 || added.some((c) => !c || c.nullable || c.autoIncrement)) {
      return new Unchecked(`the values of ${columns.join(', ')} are what this run writes, not read`, statement);
    }
    const n = await this.reader.rowCount(rows.table, 2);
    if (n < 2) return undefined;
    const value = added.map((c) => (c!.default?.kind === 'literal' ? c!.default.value : integerRange(c!) ? '0' : '')).join('-');
    return new Failure({ code: 1062, message: `Duplicate entry '${value}' for key '${index}'` }, statement,
      { count: n, samples: [`${value} (every row)`], advice: `the new column${columns.length > 1 ? 's get' : ' gets'} one value in every existing row: add ${columns.length > 1 ? 'them' : 'it'} nullable, fill ${columns.length > 1 ? 'them' : 'it'}, then add the index` });
  }

  private async changeCheck(
    column: string, name: string, before: TableState, after: TableState, liveColumn: string | undefined, table: string, statement: string,
    evidence: (found: Found, advice: string) => Evidence,
  ): Promise<Outcome> {
    const old = before.columns.find((c) => c.name === column);
    const next = after.columns.find((c) => c.name === column);
    if (!old || !next) return undefined;
    if (liveColumn === undefined) return new Unchecked(`the values of \`${column}\` are what this run writes, not read`, statement);
    const reader = this.reader;
    const setting = this.input.strict;
    const strict = setting !== false;
    const refused = (failure: Failure): Outcome => (typeof setting === 'object'
      ? new Unchecked(`the rows make it fail with ${failure.error.code} only if the connection is strict, which cannot be told: ${setting.unknown}`, statement)
      : failure);
    const truncated = (found: Found, advice: string) => refused(new Failure({ code: 1265, message: `Data truncated for column '${column}' at row …` }, statement, evidence(found, advice)));
    if (old.nullable && !next.nullable && strict) {
      const found = await reader.nulls(table, liveColumn);
      if (found.count > 0) return truncated(found, `set the NULL \`${column}\` values of \`${name}\` to a value before migrating, or keep the column nullable`);
    }
    const oldInt = integerRange(old);
    const nextInt = integerRange(next);
    if (oldInt && nextInt) {
      if (strict && (nextInt[0] > oldInt[0] || nextInt[1] < oldInt[1])) {
        const found = await reader.outside(table, liveColumn, nextInt[0], nextInt[1]);
        if (found.count > 0) {
          return refused(new Failure({ code: 1264, message: `Out of range value for column '${column}' at row …` }, statement,
            evidence(found, `the values of \`${column}\` do not fit ${next.sqlType}: choose a wider type or change those rows first`)));
        }
      }
      return undefined;
    }
    const oldLength = characterLength(old);
    const nextLength = characterLength(next);
    if (oldLength !== undefined && nextLength !== undefined) {
      if (strict && nextLength < oldLength) {
        const found = await reader.longerThan(table, liveColumn, nextLength);
        const values = found.count === 1 ? `1 value of \`${column}\` is` : `${found.count} values of \`${column}\` are`;
        const advice = `${values} longer than ${nextLength === 1 ? '1 character' : `${nextLength} characters`}: shorten ${found.count === 1 ? 'it' : 'them'} first or keep the length`;
        // Measured with Laravel 8.83 (doctrine's CHANGE) and 12 (MODIFY) on MariaDB 10.11: 1406, not 1265.
        if (found.count > 0) return refused(new Failure({ code: 1406, message: `Data too long for column '${column}' at row …` }, statement, evidence(found, advice)));
      }
      return undefined;
    }
    if (old.family === 'enum' && next.family === 'enum') {
      const removed = (old.values ?? []).filter((v) => !(next.values ?? []).includes(v));
      if (strict && removed.length > 0) {
        const found = await reader.usingValues(table, liveColumn, removed);
        if (found.count > 0) return truncated(found, `rows still use ${removed.map((v) => `'${v}'`).join(', ')}: change them first or keep the value`);
      }
      return undefined;
    }
    if (old.sqlType === next.sqlType || old.family === next.family) return undefined;
    return new Unchecked(`converting \`${column}\` from ${old.sqlType} to ${next.sqlType} depends on every value`, statement);
  }

  private move(from: string, to: string): void {
    const sim = this.tables.get(from);
    this.settle(from, undefined);
    if (sim) this.settle(to, sim.state ? { ...sim, state: { ...sim.state, name: to } } : sim);
  }

  /** Tables whose structure and rows are no longer known from here on. */
  private forget(names: readonly string[], reason: string, mayHoldKey?: (key: string) => boolean): void {
    for (const name of names) {
      const sim = this.tables.get(name);
      if (sim) this.tables.set(name, { unknown: reason, rows: { unknown: reason }, ...(mayHoldKey ? { mayHoldKey } : {}) });
    }
  }

  /** Every table, and any name: an earlier migration may have created, renamed or dropped any. */
  private forgetAll(reason: string): void {
    this.unsureOf([...this.tables.keys()], reason);
    this.absentUnknown ??= reason;
  }

  private forgetAfterRaw(raw: UnknownStatement, reason: string): void {
    if (raw.anyTable) return this.forgetAll(reason);
    if (raw.createsUnnamed) this.absentUnknown ??= reason;
    const named = new Set((raw.sqlTables ?? []).flatMap((t) => [t, this.prefix + t]));
    this.forget([...this.tables.keys()].filter((t) => named.has(t) || (raw.tablesLike && reachesTable(raw.tablesLike, t, this.prefix))), reason);
    // A table a literal statement creates now exists, with a structure not known (when the statement surely runs).
    const runs = operationRuns(raw, this.driver) === 'runs';
    for (const created of raw.sqlCreates ?? []) {
      if (runs) this.settle(this.prefix + created, { unknown: reason, rows: { unknown: reason } });
      else this.unsureOf([this.prefix + created], reason);
    }
    for (const dropped of raw.sqlDrops ?? []) {
      if (runs) this.settle(this.prefix + dropped, undefined);
      else this.unsureOf([this.prefix + dropped], reason);
    }
  }
}
