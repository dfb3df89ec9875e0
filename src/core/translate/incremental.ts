// The translation of a history that changes one file at a time (the editor's). The last replay
// kept, for each migration, what it wrote into the states (see StateWrite): when the history has
// the same files in the same places, a migration whose file did not change and that reads no
// table whose state now differs from the last replay's writes exactly what it wrote then, so
// those writes are applied again instead of replaying it. Only the changed migrations, and the
// later ones that read a table they changed (its name, a guard on it, a rename that makes its
// keys follow), are replayed; once every table is as it was, in the same order, the rest is the
// last translation's. Checkpoints of the states let a replay start near the first change.
// The result is always exactly translateMigrations'. Never imports 'vscode'.
import { isDeepStrictEqual } from 'node:util';
import { guardTables, operationTable, type ReplayedMigration } from '../analysis/types';
import type { ExpectedTable, UnknownStructure } from '../structure/expected';
import { migrationReplay, stateToExpectedTable, timelineOrder, type StateWrite, type TranslatedStates, type TranslateOptions, type Translation } from './index';
import type { TableState } from './tableState';

/**
 * At most about this many checkpoints, and about this many tables in all of them (each copies the
 * maps of every table): over 10,000 migrations of 100 tables, a checkpoint every 157 migrations.
 */
const checkpointCount = 64;
const checkpointTables = 100_000;
/** The latest migrations, the ones most often edited, get a checkpoint every 16 besides. */
const recent = 256;

/** Where a name is in the states: a known table's state, an unknown structure, or neither. */
interface Entry {
  readonly table: TableState | undefined;
  readonly unknown: UnknownStructure | undefined;
}

/** What a migration's replay wrote: the writes in order, and each name it wrote, before and after. */
interface Written {
  readonly writes: readonly StateWrite[];
  readonly names: readonly { readonly name: string; readonly before: Entry; readonly after: Entry }[];
  /** What the migration reads, once asked. */
  reads?: Footprint | 'any';
}

export class IncrementalTranslation {
  private options = '';
  /** The timeline of the last translation (a copy: the caller may change its list). */
  private timeline: readonly ReplayedMigration[] = [];
  /** What each migration of that timeline wrote. */
  private written: Written[] = [];
  /** The states before the migration at `index`, ordered by index. */
  private checkpoints: Checkpoint[] = [];
  /** The states at the end of the last translation. */
  private final: TranslatedStates | undefined;
  private expected = new WeakMap<TableState, ExpectedTable>();
  private last: Translation | undefined;
  /** How many migrations the last call replayed (the others' writes were applied again, or kept). */
  replayed = 0;

  /** The translation of `migrations`; each migration is the same object until its file changes. */
  translate(migrations: readonly ReplayedMigration[], options: TranslateOptions): Translation {
    const key = JSON.stringify(options);
    if (key !== this.options) {
      this.options = key;
      this.timeline = [];
      this.written = [];
      this.checkpoints = [];
      this.final = undefined;
      this.expected = new WeakMap();
      this.last = undefined;
    }
    this.replayed = 0;
    const { timeline, samePlaces } = this.inTimelineOrder(migrations);
    const changed = firstDifference(this.timeline, timeline);
    if (this.last && changed === timeline.length && timeline.length === this.timeline.length) return this.last;
    const states = this.last && samePlaces ? this.replayChanged(timeline, options, changed) : this.replayFrom(timeline, options, changed);
    this.timeline = [...timeline];
    if (states === this.final) return this.last!;
    this.final = states;
    const tables = new Map<string, ExpectedTable>();
    for (const [name, state] of states.tables) {
      let table = this.expected.get(state);
      if (!table) this.expected.set(state, (table = stateToExpectedTable(state, options.tableDefaults)));
      tables.set(name, table);
    }
    return (this.last = { tables, unknown: states.unknown });
  }

  /** Every migration replayed from the last checkpoint at or before `changed` (the timeline's files moved, or nothing was kept). */
  private replayFrom(timeline: readonly ReplayedMigration[], options: TranslateOptions, changed: number): TranslatedStates {
    this.checkpoints = this.checkpoints.filter((c) => c.index <= changed);
    const start = this.checkpoints[this.checkpoints.length - 1];
    const states = copyStates(start?.states);
    this.written.length = start?.index ?? 0;
    const replay = migrationReplay(options);
    for (let index = start?.index ?? 0; index < timeline.length; index++) {
      if (index > (start?.index ?? -1) && this.due(index, timeline.length, states)) this.checkpoints.push({ index, states: copyStates(states) });
      this.written.push(replayRecorded(replay, timeline[index]!, states));
      this.replayed++;
    }
    return states;
  }

  /**
   * The same files in the same places, some of them changed from `first` on: from the checkpoint
   * before it, the unchanged migrations' writes applied again, the others replayed; the last
   * translation's states when every table is as it was after the last changed one.
   */
  private replayChanged(timeline: readonly ReplayedMigration[], options: TranslateOptions, first: number): TranslatedStates {
    const old = this.timeline;
    let lastChanged = timeline.length - 1;
    while (timeline[lastChanged] === old[lastChanged]) lastChanged--;
    const valid = this.checkpoints.filter((c) => c.index <= first);
    const later = this.checkpoints.filter((c) => c.index > first);
    const start = valid[valid.length - 1];
    const states = copyStates(start?.states);
    for (let index = start?.index ?? 0; index < first; index++) applyWrites(this.written[index]!.writes, states);
    const replay = migrationReplay(options);
    const prefix = options.tablePrefix;
    // The tables whose entry now differs from the last replay's at the same point, with that entry.
    const differ = new Map<string, Entry>();
    // Whether the maps still hold their names in the last replay's order.
    let sameOrder = true;
    const checkpoints = [...valid];
    for (let index = first; index < timeline.length; index++) {
      while (later[0] && later[0].index <= index) {
        const at = later.shift()!;
        checkpoints.push(differ.size === 0 && sameOrder ? at : { index: at.index, states: copyStates(states) });
      }
      const migration = timeline[index]!;
      const was = this.written[index]!;
      if (migration === old[index] && ((differ.size === 0 && sameOrder) || independent((was.reads ??= footprint(migration, prefix)), was, differ, sameOrder, states))) {
        applyWrites(was.writes, states);
      } else {
        const now = replayRecorded(replay, migration, states);
        this.replayed++;
        this.written[index] = now;
        sameOrder &&= sameNames(now.writes, was.writes);
        for (const { name, before } of now.names) {
          if (!was.names.some((n) => n.name === name)) compare(name, differ.get(name) ?? before, states, differ);
        }
        for (const { name, after } of was.names) compare(name, after, states, differ);
      }
      if (index >= lastChanged && differ.size === 0 && sameOrder) {
        // The rest replays as last time: its checkpoints and writes hold.
        this.checkpoints = [...checkpoints, ...later.filter((c) => c.index > index)];
        return this.final!;
      }
    }
    this.checkpoints = checkpoints;
    return states;
  }

  private due(index: number, length: number, states: TranslatedStates): boolean {
    const tables = Math.max(1, states.tables.size + states.unknown.size);
    const every = Math.max(16, Math.ceil(length / Math.min(checkpointCount, Math.floor(checkpointTables / tables))));
    return index % every === 0 || (index >= length - recent && index % 16 === 0);
  }

  /**
   * timelineOrder(migrations), without comparing every name when these hold the last timeline's
   * names at every position (only some files are other objects): then `samePlaces`.
   */
  private inTimelineOrder(migrations: readonly ReplayedMigration[]): { timeline: readonly ReplayedMigration[]; samePlaces: boolean } {
    const last = this.timeline;
    const same = (list: readonly ReplayedMigration[]) => list.length === last.length && list.every((m, i) => m === last[i] || m.name === last[i]!.name);
    if (same(migrations)) return { timeline: migrations, samePlaces: true };
    const timeline = timelineOrder(migrations);
    return { timeline, samePlaces: timeline !== migrations && same(timeline) };
  }
}

/** The states before the migration at `index`. */
type Checkpoint = { readonly index: number; readonly states: TranslatedStates };

function copyStates(states: TranslatedStates | undefined): TranslatedStates {
  return { tables: new Map(states?.tables), unknown: new Map(states?.unknown) };
}

const entryOf = (name: string, states: TranslatedStates): Entry => ({ table: states.tables.get(name), unknown: states.unknown.get(name) });

/** Replays `migration` into `states`, keeping what it wrote. */
function replayRecorded(replay: ReturnType<typeof migrationReplay>, migration: ReplayedMigration, states: TranslatedStates): Written {
  const writes: StateWrite[] = [];
  replay(migration, states, writes);
  if (writes.length === 0) return { writes, names: [] };
  const names = [...new Set(writes.map((w) => w.name))].map((name) => {
    // A map the migration did not write under this name holds what it held before.
    const table = writes.find((w) => !w.unknown && w.name === name);
    const unknown = writes.find((w) => w.unknown && w.name === name);
    const after = entryOf(name, states);
    const before: Entry = {
      table: table ? (table.previous as TableState | undefined) : after.table,
      unknown: unknown ? (unknown.previous as UnknownStructure | undefined) : after.unknown,
    };
    return { name, before, after };
  });
  return { writes, names };
}

function applyWrites(writes: readonly StateWrite[], states: TranslatedStates): void {
  for (const w of writes) {
    const map = (w.unknown ? states.unknown : states.tables) as Map<string, unknown>;
    if (w.value === undefined) map.delete(w.name);
    else map.set(w.name, w.value);
  }
}

/** The same maps changed under the same names, in the same order (the values aside). */
function sameNames(a: readonly StateWrite[], b: readonly StateWrite[]): boolean {
  return a.length === b.length && a.every((w, i) => w.unknown === b[i]!.unknown && w.name === b[i]!.name && (w.value === undefined) === (b[i]!.value === undefined));
}

/** `name` differs from the last replay's `then` entry, or no longer does. */
function compare(name: string, then: Entry, states: TranslatedStates, differ: Map<string, Entry>): void {
  const now = entryOf(name, states);
  const same = (now.table === then.table || isDeepStrictEqual(now.table, then.table)) && (now.unknown === then.unknown || isDeepStrictEqual(now.unknown, then.unknown));
  if (same) differ.delete(name);
  else differ.set(name, then);
}

/** What a migration's replay may read or write (names with the prefix), when that can be bounded. */
interface Footprint {
  /** The tables it names: created, changed, dropped, renamed, guarded on, named by its SQL. */
  readonly names: readonly string[];
  /** Tables it may rename, or rename a column of: the keys of every table that references them follow. */
  readonly renames: readonly string[];
  /** SQL that makes the tables it names unknown in the maps' order. */
  readonly inMapOrder: boolean;
}

/**
 * Whether `migration`, which wrote `was` in the last replay, writes the same now: it reads no
 * table that differs (with the entry the last replay had, in `differ`), and the maps' order only
 * when it is the same; and its writes leave those tables alone (they would not know they are the
 * same again).
 */
function independent(reads: Footprint | 'any', was: Written, differ: ReadonlyMap<string, Entry>, sameOrder: boolean, states: TranslatedStates): boolean {
  if (reads === 'any' || (reads.inMapOrder && !sameOrder)) return false;
  for (const w of was.writes) if (differ.has(w.name)) return false;
  for (const name of reads.names) if (differ.has(name)) return false;
  for (const renamed of reads.renames) {
    for (const [name, then] of differ) if (references(then.table, renamed) || references(states.tables.get(name), renamed)) return false;
  }
  return true;
}

function references(table: TableState | undefined, renamed: string): boolean {
  return table !== undefined && table.foreignKeys.some((f) => f.referencedTable === renamed);
}

/** What `migration` reads: 'any' when the migration may touch tables it does not name, or rename a table to a name that is not a literal. */
function footprint(migration: ReplayedMigration, prefix: string): Footprint | 'any' {
  const names = new Set<string>();
  const renames: string[] = [];
  for (const op of migration.up.operations) {
    const name = operationTable(op, prefix);
    names.add(name);
    for (const guard of op.guards) names.add(prefix + guard.table);
    if (op.renamedTo) names.add(prefix + op.renamedTo.name);
    if (op.renamedTo || op.kind === 'rename') renames.push(name);
    for (const statement of op.blueprint ?? []) {
      for (const guard of statement.when ?? []) for (const table of guardTables(guard)) names.add(prefix + table);
      for (const call of statement.chain) {
        if (/^rename$/i.test(call.method)) {
          const to = call.args[0];
          if (typeof to !== 'string') return 'any';
          names.add(prefix + to);
        }
        if (/^rename(column)?$/i.test(call.method)) renames.push(name);
      }
    }
  }
  let inMapOrder = false;
  for (const raw of migration.up.unknown) {
    if (raw.rowsOnly) continue;
    if (raw.anyTable || raw.tablesLike) return 'any';
    inMapOrder = true;
    for (const table of raw.sqlTables ?? []) names.add(table).add(prefix + table);
  }
  return { names: [...names], renames, inMapOrder };
}

/** The first position where the two timelines hold different migrations (the shorter length when one continues the other). */
function firstDifference(a: readonly ReplayedMigration[], b: readonly ReplayedMigration[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}
