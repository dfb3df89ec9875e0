// The translation of a history that changes one file at a time (the editor's): the replay keeps
// its states at checkpoints, so a change at timeline position k replays from the last checkpoint
// at or before k, and a table state that did not change keeps its expected table. A change that
// leaves the states as they were (its down(), say) ends the replay at the next checkpoint; one
// that changed only some tables' structures there, in a history that from there on only creates,
// drops and changes tables one at a time, replays only those tables' migrations after it.
// The result is always exactly translateMigrations'. Never imports 'vscode'.
import { isDeepStrictEqual } from 'node:util';
import type { MigrationFile } from '../analysis/types';
import type { ExpectedTable } from '../structure/expected';
import { replayTimeline, stateToExpectedTable, timelineOrder, type TranslatedStates, type TranslateOptions, type Translation } from './index';
import type { TableState } from './tableState';

/**
 * At most about this many checkpoints, and about this many tables in all of them (each copies the
 * maps of every table): over 10,000 migrations of 100 tables, a change replays at most 157 of them,
 * and the checkpoints keep about 12 MB alive beside the 5 MB translation (256: 40 replayed, 19 MB).
 */
const checkpointCount = 64;
const checkpointTables = 100_000;
/** The latest migrations, the ones most often edited, get a checkpoint every 16 besides. */
const recent = 256;

export class IncrementalTranslation {
  private options = '';
  /** The migrations last given, when they were already in timeline order. */
  private sortedInput: readonly MigrationFile[] | undefined;
  /** The timeline of the last translation: its checkpoints are valid up to the first migration that differs. */
  private timeline: readonly MigrationFile[] = [];
  /** The states before the migration at `index`, ordered by index. */
  private checkpoints: Checkpoint[] = [];
  /** The states at the end of the last translation. */
  private final: TranslatedStates | undefined;
  private expected = new WeakMap<TableState, ExpectedTable>();
  private last: Translation | undefined;

  /** The translation of `migrations`; each migration is the same object until its file changes. */
  translate(migrations: readonly MigrationFile[], options: TranslateOptions): Translation {
    const key = JSON.stringify(options);
    const timeline = this.inTimelineOrder(migrations);
    if (key !== this.options) {
      this.options = key;
      this.timeline = [];
      this.checkpoints = [];
      this.final = undefined;
      this.expected = new WeakMap();
      this.last = undefined;
    }
    const changed = firstDifference(this.timeline, timeline);
    if (this.last && changed === timeline.length && timeline.length === this.timeline.length) return this.last;
    // A checkpoint after the first change holds states the new history may not reach...
    const valid = this.checkpoints.filter((c) => c.index <= changed);
    // ...unless the replay reaches the first one after the last change with the same states: the
    // rest replays as before (compared there only: a state that differs there rarely rejoins later).
    const unchangedFrom = this.last && timeline.length === this.timeline.length ? lastDifference(this.timeline, timeline) + 1 : Infinity;
    const later = this.checkpoints.filter((c) => c.index >= unchangedFrom);
    const start = valid[valid.length - 1];
    const every = (tables: number) => Math.max(16, Math.ceil(timeline.length / Math.min(checkpointCount, Math.floor(checkpointTables / Math.max(1, tables)))));
    let rejoined: number | undefined;
    let rest: { readonly states: TranslatedStates; readonly checkpoints: Checkpoint[] } | undefined;
    this.checkpoints = valid;
    const replayed = replayTimeline(timeline, options, start, (index, s) => {
      if (index <= (start?.index ?? -1)) return undefined;
      if (index === later[0]?.index) {
        if (sameStates(later[0].states, s)) {
          rejoined = index;
          return 'stop';
        }
        rest = this.final && replayTablesThatDiffer(timeline, options, later, s, this.final);
        if (rest) return 'stop';
      }
      const due = index % every(s.tables.size + s.unknown.size) === 0 || (index >= timeline.length - recent && index % 16 === 0);
      if (due) this.checkpoints.push({ index, states: { tables: new Map(s.tables), unknown: new Map(s.unknown) } });
      return undefined;
    });
    this.timeline = timeline;
    if (rejoined !== undefined) {
      this.checkpoints.push(...later);
      return this.last!;
    }
    if (rest) this.checkpoints.push(...rest.checkpoints);
    const states = (this.final = rest?.states ?? replayed);
    const tables = new Map<string, ExpectedTable>();
    for (const [name, state] of states.tables) {
      let table = this.expected.get(state);
      if (!table) this.expected.set(state, (table = stateToExpectedTable(state, options.tableDefaults)));
      tables.set(name, table);
    }
    return (this.last = { tables, unknown: states.unknown });
  }

  /**
   * timelineOrder(migrations), without comparing every name when the migrations last given were
   * in order and these hold the same names at every position (only some files are other objects).
   */
  private inTimelineOrder(migrations: readonly MigrationFile[]): readonly MigrationFile[] {
    const last = this.sortedInput;
    const sameNames = last !== undefined && last.length === migrations.length && migrations.every((m, i) => m === last[i] || m.name === last[i]!.name);
    const timeline = sameNames ? migrations : timelineOrder(migrations);
    this.sortedInput = timeline === migrations ? migrations : undefined;
    return timeline;
  }
}

/** The states before the migration at `index`. */
type Checkpoint = { readonly index: number; readonly states: TranslatedStates };

/** The same keys in the same order. */
function sameOrder<K>(x: ReadonlyMap<K, unknown>, y: ReadonlyMap<K, unknown>): boolean {
  const keys = [...y.keys()];
  return x.size === y.size && [...x.keys()].every((k, i) => k === keys[i]);
}

/** The same tables and unknown structures, in the same order (the translation's maps keep it). */
function sameStates(a: TranslatedStates, b: TranslatedStates): boolean {
  return sameOrder(a.tables, b.tables) && sameOrder(a.unknown, b.unknown) && isDeepStrictEqual(a, b);
}

/**
 * The rest of a replay that reached the checkpoint `later[0]` with `now`, when `now` differs from
 * the states there only in some known tables' structures and every migration from there on is
 * simple (see {@link simpleChanges}), those tables changed only by migrations of their own that
 * change nothing else: their migrations are replayed alone, every other table is as the last
 * translation (`final`) left it, in its order, and the checkpoints from there on are patched with
 * the new structures. Undefined when that cannot be shown, or when the replay left those tables or
 * touched another.
 */
function replayTablesThatDiffer(
  timeline: readonly MigrationFile[],
  options: TranslateOptions,
  later: readonly Checkpoint[],
  now: TranslatedStates,
  final: TranslatedStates,
): { states: TranslatedStates; checkpoints: Checkpoint[] } | undefined {
  const there = later[0]!.states;
  if (!sameOrder(there.tables, now.tables) || !sameOrder(there.unknown, now.unknown) || !isDeepStrictEqual(there.unknown, now.unknown)) return undefined;
  const differ = new Set<string>();
  for (const [name, state] of now.tables) {
    const was = there.tables.get(name)!;
    if (was !== state && !isDeepStrictEqual(was, state)) differ.add(name);
  }
  // A table that went away or became unknown later: the last translation's rest holds more than structures.
  for (const name of differ) if (!final.tables.has(name) || final.unknown.has(name)) return undefined;
  const indexes: number[] = [];
  for (let index = later[0]!.index; index < timeline.length; index++) {
    const changes = simpleChanges(timeline[index]!, options.tablePrefix);
    if (!changes) return undefined;
    const touching = changes.tables.filter((t) => differ.has(t)).length;
    // Only changes of those tables: a create or drop of one of them would move it in the maps' order.
    if (touching > 0 && (touching < changes.tables.length || changes.createsOrDrops)) return undefined;
    if (touching > 0) indexes.push(index);
  }
  const withNew = (states: TranslatedStates, tables: ReadonlyMap<string, TableState>): TranslatedStates => ({
    tables: new Map([...states.tables].map(([name, state]) => [name, differ.has(name) ? tables.get(name)! : state])),
    unknown: states.unknown,
  });
  const checkpoints: Checkpoint[] = [];
  const own = indexes.map((index) => timeline[index]!);
  const replayed = replayTimeline(own, options, { index: 0, states: now }, (k, s) => {
    while (checkpoints.length < later.length && later[checkpoints.length]!.index <= indexes[k]!) {
      const at = later[checkpoints.length]!;
      checkpoints.push({ index: at.index, states: withNew(at.states, s.tables) });
    }
    return undefined;
  });
  if (!sameOrder(replayed.tables, now.tables) || replayed.unknown.size !== now.unknown.size) return undefined;
  for (const [name, state] of replayed.tables) if (!differ.has(name) && state !== now.tables.get(name)) return undefined;
  for (const at of later.slice(checkpoints.length)) checkpoints.push({ index: at.index, states: withNew(at.states, replayed.tables) });
  return { states: withNew(final, replayed.tables), checkpoints };
}

/** What a simple migration does (see {@link simpleChanges}). */
interface SimpleChanges {
  /** The tables it creates, drops or changes. */
  readonly tables: readonly string[];
  readonly createsOrDrops: boolean;
}

/** Each migration's {@link simpleChanges}, per prefix: the same object until its file changes. */
const simpleChangesOf = new WeakMap<MigrationFile, { readonly prefix: string; readonly changes: SimpleChanges | undefined }>();

/**
 * What a migration does when each of its operations reads and writes its own table only: creates,
 * drops and Blueprints of a table, without a rename (of a table or a column: keys that reference it
 * follow), a guard, `hasColumn`, a condition, a statement left unread or SQL. Undefined otherwise.
 */
function simpleChanges(migration: MigrationFile, prefix: string): SimpleChanges | undefined {
  const known = simpleChangesOf.get(migration);
  if (known?.prefix === prefix) return known.changes;
  const changes = simpleChangesNow(migration, prefix);
  simpleChangesOf.set(migration, { prefix, changes });
  return changes;
}

function simpleChangesNow(migration: MigrationFile, prefix: string): SimpleChanges | undefined {
  if (migration.up.unknown.some((raw) => !raw.rowsOnly)) return undefined;
  const tables: string[] = [];
  let createsOrDrops = false;
  for (const op of migration.up.operations) {
    if (op.inBlueprint) return undefined;
    // Another connection's tables live in another database: the replay skips them.
    if (op.connection !== undefined) continue;
    if (op.kind === 'rename' || op.renamedTo !== undefined || op.guards.length > 0 || op.conditional !== undefined || op.blueprintUnknown !== undefined) return undefined;
    const blueprint = op.blueprint ?? [];
    if (blueprint.some((statement) => statement.when?.length || statement.chain.some((call) => /rename|^drop$|^dropIfExists$/i.test(call.method)))) return undefined;
    if (op.kind !== 'table') createsOrDrops = true;
    tables.push(prefix + op.table.name);
  }
  return { tables, createsOrDrops };
}

/** The last position where two timelines of the same length hold different migrations. */
function lastDifference(a: readonly MigrationFile[], b: readonly MigrationFile[]): number {
  let i = a.length - 1;
  while (i >= 0 && a[i] === b[i]) i--;
  return i;
}

/** The first position where the two timelines hold different migrations (the shorter length when one continues the other). */
function firstDifference(a: readonly MigrationFile[], b: readonly MigrationFile[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}
