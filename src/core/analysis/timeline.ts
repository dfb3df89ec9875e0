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

/** `baselineTables`: tables that exist before the first migration (a squashed schema dump). */
export function simulateTimeline(migrations: readonly MigrationFile[], baselineTables: Iterable<string> = []): Timeline {
  const state = new Map<string, TableState>();
  const baseline: [string, TableState][] = [];
  for (const t of baselineTables) { state.set(t, { existence: 'exists' }); baseline.push([t, { existence: 'exists' }]); }
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
        for (const t of event.sql.sqlDrops ?? []) set(t, { existence: 'absent', lastChange: { index, change: 'dropped' } });
        for (const t of event.sql.sqlCreates ?? []) set(t, { existence: 'exists', lastChange: { index, change: 'created' } });
        continue;
      }
      const op = event ? event.operation! : operations[e];
      const key = tableKey(op.table.name, op.connection);
      // `Schema::connection('mysql')` often names the default connection: fall back to its tables.
      const before = state.get(key) ?? (op.connection !== undefined ? state.get(op.table.name) : undefined) ?? neverSeen;
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

  let memo: { index: number; tables: Map<string, Existence> } | undefined;
  /** Per table, the migrations that changed it and how, in order (built on first use). */
  let histories: Map<string, [number, Existence][]> | undefined;
  return {
    steps,
    existenceBefore(index: number, key: string) {
      if (!histories) {
        histories = new Map(baseline.map(([t]) => [t, [[-1, 'exists']]]));
        changes.forEach((changed, i) => {
          for (const [k, s] of changed) {
            const history = histories!.get(k) ?? [];
            history.push([i, s.existence]);
            histories!.set(k, history);
          }
        });
      }
      const history = histories.get(key) ?? [];
      let last: Existence = 'absent';
      for (const [i, existence] of history) {
        if (i >= index) break;
        last = existence;
      }
      return last;
    },
    tablesAfter(index: number) {
      if (memo?.index === index) return memo.tables;
      const tables = new Map<string, Existence>(baseline.map(([t]) => [t, 'exists']));
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
}

function droppedBy(op: SchemaOperation, index: number, before: TableState): TableState {
  return { existence: op.conditional !== undefined ? merge(before.existence, 'absent') : 'absent', lastChange: { index, operation: op, change: 'dropped' } };
}

function merge(a: Existence, b: Existence): Existence {
  return a === b ? a : 'maybe';
}

export { guarded as isGuarded };
