// table-already-exists and table-does-not-exist: the timeline's verdicts. The first is the
// incident's 1050 error, caught before deploy.
import { isGuarded } from '../timeline';
import { perFileValues } from './perFile';
import type { Rule, RuleFinding } from './rule';

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

// Kept between analyses: a save reads only its file's problems.
const brokenFiles = perFileValues((m) => m.parseProblems.length > 0);

export const tableDoesNotExist: Rule = {
  id: 'table-does-not-exist',
  defaultSeverity: 'information',
  description: 'Altering, renaming or dropping a table that no earlier migration created.',
  checkProject({ timeline, migrations }) {
    const findings: RuleFinding[] = [];
    // After a file with a syntax error, a table may have been created in the part that could not be read.
    const firstBroken = brokenFiles(migrations).indexOf(true);
    const steps = timeline.steps;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      if (firstBroken >= 0 && step.index > firstBroken) break;
      for (let o = 0; o < step.outcomes.length; o++) {
        const { operation: op, before } = step.outcomes[o];
        // A `$table->drop()` inside Schema::table is reported once, on the Schema::table.
        // SQL names the table with the connection's prefix, which the migrations' Blueprints leave out.
        if (op.kind === 'create' || op.kind === 'dropIfExists' || op.inBlueprint || op.fromSql || op.conditional || before.existence !== 'absent' || isGuarded(op, true)) continue;
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
