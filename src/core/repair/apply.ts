// Applies repair steps in order and stops at the first failure, saying what was applied,
// which statement failed and why. MySQL commits DDL implicitly, so there is no rollback: a
// step is one statement where the server allows (one ALTER TABLE per table, applied whole or
// not at all), the plan's order keeps the database consistent after each step, a step cut
// between its statements is said statement by statement, and the backup is the way back.
// Never imports 'vscode'.
import type { Database } from '../db/database';
import { explainError, type ExplainedError } from './errors';
import type { RepairStep } from './types';

export interface ApplyHooks {
  /** Called before each step (tests kill the connection here; the editor reports progress). */
  beforeStep?(step: RepairStep, index: number): Promise<void> | void;
}

export interface StepFailure {
  readonly step: RepairStep;
  /** Statements of this step that did run before the failing one. */
  readonly statementsApplied: number;
  readonly statement: string;
  readonly error: ExplainedError;
}

/**
 * The failed step's statements that ran before the failing one (they stay: the server does not
 * undo DDL) and those after it that never ran.
 */
export function statementsOf(failure: StepFailure): { readonly ran: readonly string[]; readonly notRun: readonly string[] } {
  return { ran: failure.step.sql.slice(0, failure.statementsApplied), notRun: failure.step.sql.slice(failure.statementsApplied + 1) };
}

/** Where an interrupted apply stopped: the step that was running, if any, and how much of it ran. */
export interface StoppedAt {
  readonly step: RepairStep;
  readonly statementsApplied: number;
  /** The running statement did not come back: whether it completed on the server is not known. */
  readonly unconfirmed?: boolean;
}

export interface ApplyResult {
  readonly applied: readonly RepairStep[];
  readonly failure?: StepFailure;
  /** Set when `interrupt` was aborted: nothing after `applied` (and `stoppedAt`'s statements) ran. */
  readonly interrupted?: { readonly stoppedAt?: StoppedAt };
}

/** What the applier reports while it runs, so that an interruption can say where it stands. */
export interface ApplyProgress {
  readonly applied: RepairStep[];
  current?: { step: RepairStep; statementsApplied: number };
}

export async function applySteps(
  db: Database, steps: readonly RepairStep[], hooks: ApplyHooks = {},
  interrupt?: AbortSignal, progress: ApplyProgress = { applied: [] },
): Promise<ApplyResult> {
  const { applied } = progress;
  const stopped = (): ApplyResult => ({ applied, interrupted: progress.current && progress.current.statementsApplied > 0 ? { stoppedAt: { ...progress.current } } : {} });
  for (const [index, step] of steps.entries()) {
    if (interrupt?.aborted) return stopped();
    await hooks.beforeStep?.(step, index);
    progress.current = { step, statementsApplied: 0 };
    for (const [n, statement] of step.sql.entries()) {
      // Checked between statements too: a step cut short is said as such, never as applied.
      if (interrupt?.aborted) return stopped();
      try {
        await db.execute(statement);
      } catch (error) {
        // The statement the interruption killed (KILL QUERY) did not run.
        if (interrupt?.aborted) return stopped();
        return { applied, failure: { step, statementsApplied: n, statement, error: explainError(error) } };
      }
      progress.current.statementsApplied = n + 1;
    }
    applied.push(step);
    progress.current = undefined;
  }
  return { applied };
}
