// The translation of a history that changes one file at a time (the editor's): the replay keeps
// its states at checkpoints, so a change at timeline position k replays from the last checkpoint
// at or before k, and a table state that did not change keeps its expected table. The result is
// always exactly translateMigrations'. Never imports 'vscode'.
import type { MigrationFile } from '../analysis/types';
import type { ExpectedTable } from '../structure/expected';
import { replayTimeline, stateToExpectedTable, timelineOrder, type TranslatedStates, type TranslateOptions, type Translation } from './index';
import type { TableState } from './tableState';

/** At most about this many checkpoints, whatever the length of the history (each copies two maps of every table). */
const checkpointCount = 64;

export class IncrementalTranslation {
  private options = '';
  /** The timeline of the last translation: its checkpoints are valid up to the first migration that differs. */
  private timeline: readonly MigrationFile[] = [];
  /** The states before the migration at `index`, ordered by index. */
  private checkpoints: { readonly index: number; readonly states: TranslatedStates }[] = [];
  private expected = new WeakMap<TableState, ExpectedTable>();
  private last: Translation | undefined;

  /** The translation of `migrations`; each migration is the same object until its file changes. */
  translate(migrations: readonly MigrationFile[], options: TranslateOptions): Translation {
    const key = JSON.stringify(options);
    const timeline = timelineOrder(migrations);
    if (key !== this.options) {
      this.options = key;
      this.timeline = [];
      this.checkpoints = [];
      this.expected = new WeakMap();
      this.last = undefined;
    }
    const changed = firstDifference(this.timeline, timeline);
    if (this.last && changed === timeline.length && timeline.length === this.timeline.length) return this.last;
    // A checkpoint after the first change holds states the new history may not reach.
    this.checkpoints = this.checkpoints.filter((c) => c.index <= changed);
    const start = this.checkpoints[this.checkpoints.length - 1];
    const every = Math.max(16, Math.ceil(timeline.length / checkpointCount));
    const states = replayTimeline(timeline, options, start, (index, s) => {
      if (index > (start?.index ?? -1) && index % every === 0) {
        this.checkpoints.push({ index, states: { tables: new Map(s.tables), unknown: new Map(s.unknown) } });
      }
    });
    const tables = new Map<string, ExpectedTable>();
    for (const [name, state] of states.tables) {
      let table = this.expected.get(state);
      if (!table) this.expected.set(state, (table = stateToExpectedTable(state, options.tableDefaults)));
      tables.set(name, table);
    }
    this.timeline = timeline;
    return (this.last = { tables, unknown: states.unknown });
  }
}

/** The first position where the two timelines hold different migrations (the shorter length when one continues the other). */
function firstDifference(a: readonly MigrationFile[], b: readonly MigrationFile[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}
