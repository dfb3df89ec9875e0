// table-already-exists and table-does-not-exist: the timeline's verdicts. The first is the
// incident's 1050 error, caught before deploy.
import { isGuarded, type TableState } from '../timeline';
import { reachesTable, type MigrationFile, type UnknownStatement } from '../types';
import { perFileValues } from './perFile';
import type { Rule, RuleFinding } from './rule';

// Kept between analyses: a save reads only its file's problems.
const brokenFiles = perFileValues((m) => m.parseProblems.length > 0);
/** Per file, up()'s statements that may drop or rename tables they do not name (SQL or a name that is not a literal, a helper not read, Artisan::call). */
const unnamedDropsOf = perFileValues((m) => m.up.unknown.filter((u) => u.anyTable || u.tablesLike));

/**
 * Whether `table` may have been dropped or renamed between the change that made it exist
 * (`state.lastChange`; before every migration when none) and `offset` in migration `index`:
 * by such a statement, or in the unread part of a file with a syntax error. Then it may be
 * absent, and saying it exists is no longer justified.
 */
function mayBeGoneSince(migrations: readonly MigrationFile[], state: TableState, index: number, offset: number, table: string, connection: string | undefined): boolean {
  const change = state.lastChange;
  const from = change?.index ?? 0;
  // A create read from SQL has no operation: its place in the file is not known, so the whole file counts.
  const after = change?.operation?.range.start.offset ?? -1;
  const reaches = (u: UnknownStatement) => u.connection === connection && (u.anyTable || reachesTable(u.tablesLike!, table, ''));
  const unnamedDrops = unnamedDropsOf(migrations);
  const broken = brokenFiles(migrations);
  for (let i = from; i <= index; i++) {
    if (i < index && broken[i]) return true;
    for (const u of unnamedDrops[i]!) {
      const at = u.range.start.offset;
      if ((i > from || at > after) && (i < index || at < offset) && reaches(u)) return true;
    }
  }
  return false;
}

export const tableAlreadyExists: Rule = {
  id: 'table-already-exists',
  defaultSeverity: 'error',
  description: 'Schema::create of a table that an earlier migration already created.',
  checkProject({ timeline, migrations }) {
    const findings: RuleFinding[] = [];
    const steps = timeline.steps;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      for (let o = 0; o < step.outcomes.length; o++) {
        const { operation: op, before, targetBefore } = step.outcomes[o];
        if (op.conditional) continue;
        const target = op.kind === 'create' ? op.table : op.kind === 'rename' ? op.renamedTo! : undefined;
        const state = op.kind === 'create' ? before : targetBefore;
        if (!target || state?.existence !== 'exists' || (op.kind === 'create' && isGuarded(op, false))) continue;
        if (op.kind === 'rename' && op.guards.length > 0) continue;
        if (mayBeGoneSince(migrations, state, step.index, op.range.start.offset, target.name, op.connection)) continue;
        const change = state.lastChange;
        const creator = change ? migrations[change.index] : undefined;
        const sameFile = change?.index === step.index;
        findings.push({
          file: step.migration.path,
          template: sameFile ? "Table '{0}' already exists: this migration created it earlier in up()." : "Table '{0}' already exists: {1} created it.",
          args: [target.name, creator?.name ?? '?'],
          range: target.range,
          related: creator && change?.operation ? [{ file: creator.path, range: (change.operation.renamedTo ?? change.operation.table).range, message: 'created here' }] : [],
        });
      }
    }
    return findings;
  },
};

/**
 * Where up() first runs a statement that may create tables it does not name (a Schema::create()
 * under a name that is not a literal, SQL that is not a literal); Infinity when none.
 */
const unnamedCreateAt = perFileValues((m) => Math.min(...m.up.unknown.filter((u) => u.connection === undefined && (u.anyTable || u.createsUnnamed)).map((u) => u.range.start.offset)));

export const tableDoesNotExist: Rule = {
  id: 'table-does-not-exist',
  defaultSeverity: 'information',
  description: 'Altering, renaming or dropping a table that no earlier migration created.',
  checkProject({ timeline, migrations }) {
    const findings: RuleFinding[] = [];
    // After a file with a syntax error, a table may have been created in the part that could not be read.
    const firstBroken = brokenFiles(migrations).indexOf(true);
    // After a table created under a name not known, any table may exist: no claim either.
    const unnamed = unnamedCreateAt(migrations);
    const firstUnnamed = unnamed.findIndex((offset) => offset !== Infinity);
    const steps = timeline.steps;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      if (firstBroken >= 0 && step.index > firstBroken) break;
      if (firstUnnamed >= 0 && step.index > firstUnnamed) break;
      for (let o = 0; o < step.outcomes.length; o++) {
        const { operation: op, before } = step.outcomes[o];
        // A `$table->drop()` inside Schema::table is reported once, on the Schema::table.
        // SQL names the table with the connection's prefix, which the migrations' Blueprints leave out.
        if (op.kind === 'create' || op.kind === 'dropIfExists' || op.inBlueprint || op.fromSql || op.conditional || before.existence !== 'absent' || isGuarded(op, true)) continue;
        if (op.range.start.offset > unnamed[step.index]!) continue;
        const change = before.lastChange;
        const dropper = change ? migrations[change.index] : undefined;
        findings.push({
          file: step.migration.path,
          template: dropper ? "Table '{0}' does not exist at this point: {1} dropped it." : "Table '{0}' is not created by any earlier migration.",
          args: [op.table.name, dropper?.name ?? ''],
          range: op.table.range,
          related: dropper && change?.operation ? [{ file: dropper.path, range: change.operation.table.range, message: 'dropped here' }] : [],
        });
      }
    }
    return findings;
  },
};
