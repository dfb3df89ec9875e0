// The translation of a history that changes one file at a time (the editor's): the replay keeps
// its states at checkpoints, so a change at timeline position k replays from the last checkpoint
// at or before k, and a table state that did not change keeps its expected table. A change that
// leaves the states as they were (its down(), say) ends the replay at the next checkpoint.
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
  private checkpoints: { readonly index: number; readonly states: TranslatedStates }[] = [];
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
    this.checkpoints = valid;
    const states = replayTimeline(timeline, options, start, (index, s) => {
      if (index <= (start?.index ?? -1)) return undefined;
      if (index === later[0]?.index && sameStates(later[0].states, s)) {
        rejoined = index;
        return 'stop';
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

/** The same tables and unknown structures, in the same order (the translation's maps keep it). */
function sameStates(a: TranslatedStates, b: TranslatedStates): boolean {
  const sameOrder = <K>(x: Map<K, unknown>, y: Map<K, unknown>) => {
    const keys = [...y.keys()];
    return x.size === y.size && [...x.keys()].every((k, i) => k === keys[i]);
  };
  return sameOrder(a.tables, b.tables) && sameOrder(a.unknown, b.unknown) && isDeepStrictEqual(a, b);
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
