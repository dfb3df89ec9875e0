// Simulates `migrate` over the ordered migrations: which tables exist before and after each
// schema operation of every up(). Pure and cheap (no parsing), so it is re-run on every change.
import type { MigrationFile, SchemaOperation, UnknownStatement } from './types';

/** 'maybe' when a conditional operation (loop, unknown condition, try) may or may not have run. */
export type Existence = 'exists' | 'absent' | 'maybe';

export interface TableState {
  readonly existence: Existence;
  /** The migration (index in the timeline) and operation that last created or dropped the table. */
  readonly lastChange?: { readonly index: number; readonly operation?: SchemaOperation; readonly change: 'created' | 'dropped' };
}

export interface OperationOutcome {
  readonly operation: SchemaOperation;
  /** The state of `operation.table` just before the operation. */
  readonly before: TableState;
  /** For 'rename': the state of the new name just before. */
  readonly targetBefore?: TableState;
}

export interface TimelineStep {
  readonly index: number;
  readonly migration: MigrationFile;
  readonly outcomes: readonly OperationOutcome[];
}

export interface Timeline {
  readonly steps: readonly TimelineStep[];
  /** Tables that exist (or may exist) after the migration at `index` ran; -1 for before any. */
  tablesAfter(index: number): ReadonlyMap<string, Existence>;
  /** What tablesAfter(index - 1) says of one table, without replaying every table. */
  existenceBefore(index: number, key: string): Existence;
}

const neverSeen: TableState = { existence: 'absent' };

/** Tables of a non-default connection are keyed `connection.table`; the default connection's by name. */
export function tableKey(table: string, connection?: string): string {
  return connection === undefined ? table : `${connection}.${table}`;
}

function guarded(operation: SchemaOperation, requiresExisting: boolean): boolean {
  return operation.guards.some((g) => g.table === operation.table.name && g.requiresExisting === requiresExisting);
}

type Event = { offset: number; operation?: SchemaOperation; sql?: UnknownStatement };

/** What a timeline was simulated from: the next simulation may patch it (see `previous`). */
interface Replay {
  readonly migrations: readonly MigrationFile[];
  readonly baseline: readonly string[];
  /** Per step, what changed: replayed by tablesAfter(). */
  readonly changes: readonly (readonly [string, TableState][])[];
}

const replays = new WeakMap<Timeline, Replay>();
/** Per table, the steps that changed it and how, in order (-1: the baseline); built on first use, per list of changes. */
const histories = new WeakMap<Replay['changes'], Map<string, [number, TableState][]>>();

/**
 * `baselineTables`: tables that exist before the first migration (a squashed schema dump).
 * `previous`: the last timeline of the same project; when the only migrations replaced since
 * neither did nor do change which tables exist (only Schema::table, no readable SQL create or
 * drop), every other step is the same and only theirs are simulated again.
 */
export function simulateTimeline(migrations: readonly MigrationFile[], baselineTables: Iterable<string> = [], previous?: Timeline): Timeline {
  const baselineList = [...baselineTables];
  if (previous) {
    const patched = patch(previous, migrations, baselineList);
    if (patched) return patched;
  }
  const state = new Map<string, TableState>();
  for (const t of baselineList) state.set(t, { existence: 'exists' });
  const steps: TimelineStep[] = [];
  // Per step, what changed: replayed by tablesAfter(). Most steps change nothing and share one empty list.
  const changes: (readonly [string, TableState][])[] = [];
  const unchanged: readonly [string, TableState][] = [];
  let changed: [string, TableState][] = [];
  const set = (key: string, next: TableState) => { state.set(key, next); changed.push([key, next]); };
  for (let index = 0; index < migrations.length; index++) {
    const migration = migrations[index];
    const outcomes: OperationOutcome[] = [];
    // Raw SQL with readable table effects is interleaved with the operations by position; usually there is none.
    let events: readonly Event[] | undefined;
    const unknown = migration.up.unknown;
    if (unknown.length > 0 && unknown.some((u) => u.sqlCreates || u.sqlDrops)) {
      const all: Event[] = migration.up.operations.map((operation) => ({ offset: operation.range.start.offset, operation }));
      for (const sql of unknown) if (sql.sqlCreates || sql.sqlDrops) all.push({ offset: sql.range.start.offset, sql });
      events = all.sort((a, b) => a.offset - b.offset);
    }
    const operations = migration.up.operations;
    const count = events ? events.length : operations.length;
    for (let e = 0; e < count; e++) {
      const event = events?.[e];
      if (event?.sql) {
        // SQL that may not run leaves each table as it was, or as the SQL makes it.
        const may = (t: string, existence: Existence): Existence => (event.sql!.conditional ? merge((state.get(t) ?? neverSeen).existence, existence) : existence);
        for (const t of event.sql.sqlDrops ?? []) set(t, { existence: may(t, 'absent'), lastChange: { index, change: 'dropped' } });
        for (const t of event.sql.sqlCreates ?? []) set(t, { existence: may(t, 'exists'), lastChange: { index, change: 'created' } });
        continue;
      }
      const op = event ? event.operation! : operations[e];
      const key = tableKey(op.table.name, op.connection);
      // An operation that still names a connection is on another one (onDefaultConnection): its own tables only.
      const before = state.get(key) ?? neverSeen;
      const may = op.conditional !== undefined;
      switch (op.kind) {
        case 'create':
          outcomes.push({ operation: op, before });
          set(key, { existence: may ? merge(before.existence, 'exists') : 'exists', lastChange: { index, operation: op, change: 'created' } });
          break;
        case 'drop': case 'dropIfExists':
          outcomes.push({ operation: op, before });
          set(key, droppedBy(op, index, before));
          break;
        case 'table':
          outcomes.push({ operation: op, before });
          break;
        case 'rename': {
          const targetKey = tableKey(op.renamedTo!.name, op.connection);
          const targetBefore = state.get(targetKey) ?? neverSeen;
          outcomes.push({ operation: op, before, targetBefore });
          set(key, droppedBy(op, index, before));
          set(targetKey, { existence: may ? merge(targetBefore.existence, before.existence) : before.existence === 'absent' ? 'maybe' : before.existence,
            lastChange: { index, operation: op, change: 'created' } });
          break;
        }
      }
    }
    steps.push({ index, migration, outcomes });
    if (changed.length > 0) { changes.push(changed); changed = []; } else changes.push(unchanged);
  }

  return timelineOf(steps, { migrations: migrations.slice(), baseline: baselineList, changes });
}

/** Only Schema::table calls and no readable SQL create or drop: which tables exist stays as it was. */
function onlyAlters(migration: MigrationFile): boolean {
  return migration.up.operations.every((op) => op.kind === 'table') && !migration.up.unknown.some((u) => u.sqlCreates || u.sqlDrops);
}

function historiesOf(replay: Replay): Map<string, [number, TableState][]> {
  let found = histories.get(replay.changes);
  if (!found) {
    const built = new Map<string, [number, TableState][]>(replay.baseline.map((t) => [t, [[-1, { existence: 'exists' }]]]));
    replay.changes.forEach((changed, i) => {
      for (const [k, s] of changed) {
        const history = built.get(k);
        if (history) history.push([i, s]); else built.set(k, [[i, s]]);
      }
    });
    histories.set(replay.changes, (found = built));
  }
  return found;
}

/** The table's state just before step `index`, as the full simulation's state map holds it then. */
function stateBefore(replay: Replay, index: number, key: string): TableState | undefined {
  let last: TableState | undefined;
  for (const [i, s] of historiesOf(replay).get(key) ?? []) {
    if (i >= index) break;
    last = s;
  }
  return last;
}

function patch(previous: Timeline, migrations: readonly MigrationFile[], baseline: readonly string[]): Timeline | undefined {
  const replay = replays.get(previous);
  if (!replay || replay.migrations.length !== migrations.length || replay.baseline.length !== baseline.length
    || replay.baseline.some((t, i) => t !== baseline[i])) return undefined;
  let steps: TimelineStep[] | undefined;
  for (let index = 0; index < migrations.length; index++) {
    const migration = migrations[index];
    if (migration === replay.migrations[index]) continue;
    // The replaced migration changed nothing (its step has no changes) and its new text changes nothing either.
    if (replay.changes[index].length > 0 || !onlyAlters(migration)) return undefined;
    steps ??= previous.steps.slice();
    steps[index] = {
      index, migration,
      outcomes: migration.up.operations.map((op) => ({
        operation: op,
        before: stateBefore(replay, index, tableKey(op.table.name, op.connection)) ?? neverSeen,
      })),
    };
  }
  if (!steps) return previous;
  // The same changes, step for step: their histories are shared.
  return timelineOf(steps, { migrations: migrations.slice(), baseline, changes: replay.changes });
}

function timelineOf(steps: readonly TimelineStep[], replay: Replay): Timeline {
  let memo: { index: number; tables: Map<string, Existence> } | undefined;
  const { baseline, changes } = replay;
  const timeline: Timeline = {
    steps,
    existenceBefore(index: number, key: string) {
      return stateBefore(replay, index, key)?.existence ?? 'absent';
    },
    tablesAfter(index: number) {
      if (memo?.index === index) return memo.tables;
      const tables = new Map<string, Existence>(baseline.map((t) => [t, 'exists']));
      for (let i = 0; i <= index && i < changes.length; i++) {
        for (const [key, s] of changes[i]) {
          if (s.existence === 'absent') tables.delete(key);
          else tables.set(key, s.existence);
        }
      }
      memo = { index, tables };
      return tables;
    },
  };
  replays.set(timeline, replay);
  return timeline;
}

function droppedBy(op: SchemaOperation, index: number, before: TableState): TableState {
  return { existence: op.conditional !== undefined ? merge(before.existence, 'absent') : 'absent', lastChange: { index, operation: op, change: 'dropped' } };
}

function merge(a: Existence, b: Existence): Existence {
  return a === b ? a : 'maybe';
}

export { guarded as isGuarded };
