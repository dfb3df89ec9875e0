// The plan as people read it: a SQL script with comments (the editor's read-only preview,
// the CLI's --plan) and the JSON shape of the CLI. Never imports 'vscode'.
import { english, message, type Message } from '../messages/catalog';
import type { RehearsalOutcome } from './rehearse';
import type { RunOutcome } from './run';
import { statementsOf, type StepFailure } from './apply';
import { shownStatement } from './sqlText';
import type { RepairPlan, RepairStep } from './types';

const comment = (text: string): string => text.split(/\r\n?|\n/).map((line) => `-- ${line}`.trimEnd()).join('\n');

/** The plan as a script; `say` puts each sentence in the reader's language (English for the CLI). */
export function renderPlanSql(plan: RepairPlan, connection: string, steps: readonly RepairStep[] = plan.steps, say: (said: Message) => string = english): string {
  const out: string[] = [
    comment(say(message('plan.heading', connection))),
    comment(say(message('plan.nothingRanYet'))),
    comment(say(message('plan.batch', plan.migrationsTable, plan.batch))),
    '',
  ];
  if (steps.length === 0) out.push(comment(say(message('plan.nothingToRepair'))), '');
  for (const [i, step] of steps.entries()) {
    const heading = step.table ? message('plan.stepOnTable', i + 1, step.action, step.migration, step.table) : message('plan.step', i + 1, step.action, step.migration);
    out.push(comment(`${say(heading)}${step.lossy ? `  ${say(message('plan.canLoseData'))}` : ''}`));
    out.push(comment(say(step.said)));
    for (const sql of step.sql) out.push(`${shownStatement(sql)};`);
    out.push('');
  }
  for (const choice of plan.choices) out.push(comment(say(message('plan.choice', choice.migration, choice.chosen, choice.alternatives.join(', ')))));
  for (const note of plan.notes) {
    out.push(comment(say(note.table ? message('plan.notRepairedTable', note.migration, note.table, say(note.said)) : message('plan.notRepaired', note.migration, say(note.said)))));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function planToJson(plan: RepairPlan): object {
  return {
    database: plan.database,
    migrationsTable: plan.migrationsTable,
    batch: plan.batch,
    steps: plan.steps.map((s) => ({ id: s.id, migration: s.migration, action: s.action, table: s.table, sql: s.sql, reason: s.reason, lossy: s.lossy, requiresBackup: s.requiresBackup })),
    notes: plan.notes,
    choices: plan.choices,
  };
}

export function outcomeToJson(outcome: RunOutcome): object {
  switch (outcome.kind) {
    case 'nothing-to-do':
      return { kind: outcome.kind, ok: true, skipped: outcome.skipped.map((s) => s.id) };
    case 'refused':
    case 'backup-failed':
      return { kind: outcome.kind, ok: false, message: outcome.message };
    case 'applied':
      return {
        kind: outcome.kind,
        ok: outcome.ok,
        backup: { file: outcome.backup.file, method: outcome.backup.manifest.method, tables: outcome.backup.manifest.tables },
        applied: outcome.applied.map((s) => s.id),
        skipped: outcome.skipped.map((s) => s.id),
        failure: outcome.failure && failureToJson(outcome.failure),
        ...(outcome.failure ? { notRun: outcome.notRun.map((s) => s.id) } : {}),
        verification: outcome.verification,
        ...(outcome.unverified ? { unverified: outcome.unverified } : {}),
        ...(outcome.next !== undefined ? { next: 'id' in outcome.next ? { unknown: english(outcome.next) } : outcome.next.map((s) => s.id) } : {}),
        ...(outcome.reportFile ? { reportFile: outcome.reportFile } : {}),
      };
  }
}

export function rehearsalToJson(rehearsal: RehearsalOutcome): object {
  switch (rehearsal.kind) {
    case 'nothing-to-do':
      return { kind: rehearsal.kind, ok: true, skipped: rehearsal.skipped.map((s) => s.id) };
    case 'no-privilege':
      return { kind: rehearsal.kind, ok: false, message: rehearsal.message };
    case 'rehearsed':
      return {
        kind: rehearsal.kind,
        ok: rehearsal.ok,
        scratch: { database: rehearsal.scratch, tables: rehearsal.tables, rowLimit: rehearsal.rowLimit, rowsLeftOut: rehearsal.rowsLeftOut, notCopied: rehearsal.notCopied, dropped: !rehearsal.notDropped, ...(rehearsal.notDropped ? { notDropped: rehearsal.notDropped } : {}) },
        applied: rehearsal.applied.map((s) => s.id),
        skipped: rehearsal.skipped.map((s) => s.id),
        failure: rehearsal.failure && failureToJson(rehearsal.failure),
        ...(rehearsal.failure ? { notRun: rehearsal.notRun.map((s) => s.id) } : {}),
        verification: rehearsal.verification,
        ...(rehearsal.unverified ? { unverified: rehearsal.unverified } : {}),
        nextMigrate: rehearsal.nextMigrate,
        ...(rehearsal.preflight ? {
          preflight: rehearsal.preflight.migrations.map((m) => ({ name: m.name, prediction: m.prediction, ...(m.error ? { error: m.error } : {}), statement: m.statement ?? null })),
        } : {}),
        report: rehearsal.report,
      };
  }
}

/** The failed step, the statement that failed, and which of the step's statements ran (and stay applied) and did not. */
function failureToJson(failure: StepFailure): object {
  const { ran, notRun } = statementsOf(failure);
  return {
    step: failure.step.id, statement: failure.statement, statementsApplied: failure.statementsApplied, statementsRan: ran, statementsNotRun: notRun,
    kind: failure.error.kind, errno: failure.error.errno, explanation: failure.error.explanation, serverMessage: failure.error.serverMessage,
  };
}

