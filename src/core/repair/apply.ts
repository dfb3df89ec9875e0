// Applies repair steps in order and stops at the first failure, saying what was applied,
// which statement failed and why. MySQL commits DDL implicitly, so there is no rollback:
// the plan's order keeps the database consistent after each step, and the backup is the
// way back. Never imports 'vscode'.
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

export interface ApplyResult {
  readonly applied: readonly RepairStep[];
  readonly failure?: StepFailure;
}

export async function applySteps(db: Database, steps: readonly RepairStep[], hooks: ApplyHooks = {}): Promise<ApplyResult> {
  const applied: RepairStep[] = [];
  for (const [index, step] of steps.entries()) {
    await hooks.beforeStep?.(step, index);
    for (const [n, statement] of step.sql.entries()) {
      try {
        await db.execute(statement);
      } catch (error) {
        return { applied, failure: { step, statementsApplied: n, statement, error: explainError(error) } };
      }
    }
    applied.push(step);
  }
  return { applied };
}
