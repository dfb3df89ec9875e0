// One repair from plan to verification: lock, back up (and check the backup), apply,
// release, re-run status and check that every repaired migration is `ran` with no drift.
// Shared by the CLI and the editor. Never imports 'vscode'.
import type { Database } from '../db/database';
import type { StatusSnapshot } from '../status/types';
import { applySteps, type ApplyHooks, type StepFailure } from './apply';
import { BackupFailed, createBackup, verifyBackup, withBackslashEscapes, type Backup } from './backup';
import { explainError } from './errors';
import { acquireRepairLock } from './lock';
import type { RepairPlan, RepairStep } from './types';

export interface RunOptions {
  readonly backupDirectory: string;
  readonly useMysqldump: boolean;
  /** Step ids to run; all of the plan's steps when undefined. */
  readonly stepIds?: readonly string[];
  /** Lossy steps run only when allowed (or chosen by id). */
  readonly allowLossy?: boolean;
  /** Takes a fresh status snapshot (its own connection) for the verification. */
  readonly status: () => Promise<StatusSnapshot>;
  readonly hooks?: ApplyHooks;
  /** Plans again under the lock: what runs must be exactly what was previewed. */
  readonly replan?: () => Promise<RepairPlan>;
  /** Plans on a connection of its own after a failure: what the next repair would do. */
  readonly nextPlan?: () => Promise<RepairPlan>;
  /** Waits before reading the status again when it could not be read (default 1 s, then 2 s). */
  readonly verifyRetryDelaysMs?: readonly number[];
}

export interface VerifiedMigration {
  readonly migration: string;
  readonly ok: boolean;
  /** The state after the repair, or 'absent' for a deleted row. */
  readonly state: string;
  readonly message: string;
}

export type RunOutcome =
  | { readonly kind: 'nothing-to-do'; readonly skipped: readonly RepairStep[] }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'backup-failed'; readonly message: string }
  | {
    readonly kind: 'applied';
    readonly backup: Backup;
    readonly applied: readonly RepairStep[];
    readonly skipped: readonly RepairStep[];
    readonly failure?: StepFailure;
    readonly verification: readonly VerifiedMigration[];
    /** Why the status could not be read to verify, after every retry: applied, not verified. */
    readonly unverified?: string;
    /** After a failure: the steps the next repair would run, or why that is unknown. */
    readonly next?: readonly RepairStep[] | string;
    /** true only when every step ran and every repaired migration verifies. */
    readonly ok: boolean;
    /** Several lines: what happened, and how to restore when it failed. */
    readonly report: string;
  };

export function selectSteps(plan: RepairPlan, stepIds: readonly string[] | undefined, allowLossy: boolean): { run: RepairStep[]; skipped: RepairStep[] } {
  const run: RepairStep[] = [];
  const skipped: RepairStep[] = [];
  const picked = stepIds && new Set(stepIds);
  for (const step of plan.steps) {
    const chosen = picked ? picked.has(step.id) : !step.lossy || allowLossy;
    (chosen ? run : skipped).push(step);
  }
  return { run, skipped };
}

export async function runRepair(db: Database, plan: RepairPlan, options: RunOptions): Promise<RunOutcome> {
  const { run, skipped } = selectSteps(plan, options.stepIds, options.allowLossy ?? false);
  if (run.length === 0) return { kind: 'nothing-to-do', skipped };
  let lock;
  try {
    lock = await acquireRepairLock(db);
  } catch (error) {
    return { kind: 'refused', message: `The repair lock could not be taken: ${explainError(error).explanation}` };
  }
  if (!lock.ok) return { kind: 'refused', message: lock.message };
  let backup: Backup;
  let result;
  try {
    if (options.replan) {
      // Another repair (or a deploy) may have changed the database since the preview.
      const fresh = new Map((await options.replan()).steps.map((s) => [s.id, s.sql.join(';\n')]));
      const stale = run.filter((s) => fresh.get(s.id) !== s.sql.join(';\n'));
      if (stale.length > 0) {
        return { kind: 'refused', message: `The database changed since the plan was made: ${stale.map((s) => s.id).join(', ')} no longer ${stale.length > 1 ? 'apply' : 'applies'} as shown. Nothing was changed; review the new plan and repair again.` };
      }
    }
    try {
      backup = await createBackup(db, {
        directory: options.backupDirectory,
        useMysqldump: options.useMysqldump,
        tables: unique(run.flatMap((s) => s.backupTables)),
        migrationNames: unique(run.flatMap((s) => s.backupMigrationRows)),
      });
    } catch (error) {
      const inner = error instanceof BackupFailed ? error.error : error;
      const removed = error instanceof BackupFailed ? ` Its partial file ${error.removedFile} was not kept.` : '';
      // A file-system error (it names a path) is not the server's.
      if (typeof (inner as NodeJS.ErrnoException | undefined)?.path === 'string') {
        return { kind: 'backup-failed', message: `The backup could not be written (${(inner as Error).message}), so nothing was changed: choose a backup folder that can be written.${removed}` };
      }
      const e = explainError(inner);
      return { kind: 'backup-failed', message: `The backup failed, so nothing was changed: ${e.explanation} (${e.serverMessage}).${removed}` };
    }
    const check = await verifyBackup(backup.file);
    if (!check.ok) return { kind: 'backup-failed', message: `${check.problem} Nothing was changed.` };
    // The plan's literals escape with backslashes; under NO_BACKSLASH_ESCAPES a quote in a name would end its string.
    // A lost connection fails here too; the first step then reports it.
    const restoreMode = await withBackslashEscapes(db).catch(() => async () => undefined);
    try {
      result = await applySteps(db, run, options.hooks);
    } finally {
      await restoreMode();
    }
  } finally {
    await lock.lock.release();
  }
  const snapshot = await readStatus(options.status, options.verifyRetryDelaysMs ?? [1000, 2000]);
  const verification = snapshot.ok ? verify(run, result.applied, snapshot.value) : [];
  const unverified = snapshot.ok ? undefined : snapshot.reason;
  const ok = !result.failure && !unverified && verification.every((v) => v.ok);
  const next = ok || !options.nextPlan || (unverified && !result.failure) ? undefined : await nextSteps(options.nextPlan);
  return {
    kind: 'applied', backup, applied: result.applied, skipped, failure: result.failure, verification, ok,
    ...(unverified ? { unverified } : {}), ...(next !== undefined ? { next } : {}),
    report: report({ backup, applied: result.applied, planned: run, failure: result.failure, verification, unverified, next }),
  };
}

/** The status, read again on a new connection; a connection that was just lost may come back. */
async function readStatus(status: () => Promise<StatusSnapshot>, delaysMs: readonly number[]): Promise<{ ok: true; value: StatusSnapshot } | { ok: false; reason: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await status() };
    } catch (error) {
      if (attempt >= delaysMs.length) return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}

async function nextSteps(nextPlan: () => Promise<RepairPlan>): Promise<readonly RepairStep[] | string> {
  try {
    return (await nextPlan()).steps;
  } catch (error) {
    return `the database could not be read to plan it (${error instanceof Error ? error.message : String(error)})`;
  }
}

function verify(planned: readonly RepairStep[], applied: readonly RepairStep[], snapshot: StatusSnapshot): VerifiedMigration[] {
  const byName = new Map(snapshot.migrations.map((m) => [m.name, m]));
  const results: VerifiedMigration[] = [];
  const done = new Set(applied.map((s) => s.id));
  // Grouped once, in plan order: a bulk repair has thousands of steps.
  const stepsOf = new Map<string, RepairStep[]>();
  for (const s of planned) {
    const group = stepsOf.get(s.migration);
    if (group) group.push(s);
    else stepsOf.set(s.migration, [s]);
  }
  for (const [migration, steps] of stepsOf) {
    const status = byName.get(migration);
    const allApplied = steps.every((s) => done.has(s.id));
    if (steps.some((s) => s.action === 'delete-record')) {
      const ok = !status || status.state !== 'orphan-record';
      results.push({ migration, ok, state: status?.state ?? 'absent', message: ok ? 'row deleted' : 'its row is still recorded' });
    } else if (steps.some((s) => s.action === 'drop-table')) {
      const ok = status?.state === 'pending';
      results.push({ migration, ok, state: status?.state ?? 'absent', message: ok ? 'pending: `php artisan migrate` can run it' : `expected pending, found ${status?.state ?? 'nothing'}` });
    } else {
      const ok = status?.state === 'ran' && status.problems.length === 0;
      results.push({
        migration, ok, state: status?.state ?? 'absent',
        message: ok ? 'ran, structure as expected' : `${status?.state ?? 'absent'}${status?.problems.length ? `: ${status.problems.map((p) => p.message).join(' ')}` : ''}${allApplied ? '' : ' (not every step was applied)'}`,
      });
    }
  }
  return results;
}

interface ReportInput {
  readonly backup: Backup;
  readonly applied: readonly RepairStep[];
  readonly planned: readonly RepairStep[];
  readonly failure: StepFailure | undefined;
  readonly verification: readonly VerifiedMigration[];
  readonly unverified: string | undefined;
  readonly next: readonly RepairStep[] | string | undefined;
}

function report({ backup, applied, planned, failure, verification, unverified, next }: ReportInput): string {
  const lines = [`Backup: ${backup.file} (${backup.manifest.method}, checked).`];
  if (backup.manifest.note) lines.push(`  ${backup.manifest.note}`);
  if (backup.manifest.notContained) lines.push(`  ${backup.manifest.notContained}`);
  lines.push(`Applied ${applied.length} of ${planned.length} steps${applied.length ? `: ${applied.map((s) => s.id).join(', ')}` : ''}.`);
  if (failure) {
    lines.push(`Failed: step ${failure.step.id}${failure.statementsApplied ? ` after ${failure.statementsApplied} of its statements` : ''}: ${failure.error.explanation}`);
    lines.push(`  Server said: ${failure.error.serverMessage}`);
    lines.push(`  Statement: ${failure.statement.split('\n')[0]}${failure.statement.includes('\n') ? ' ...' : ''}`);
  }
  if (unverified) {
    lines.push(failure
      ? `Where the database stands now is unknown: the status could not be read again (${unverified}). Run 'migration-doctor status' once the server answers.`
      : `Applied, not verified: every step ran, but the status could not be read again to check it (${unverified}). Run 'migration-doctor status' once the server answers; nothing needs restoring unless it shows a problem.`);
  } else {
    lines.push(failure ? 'Where the database stands now (read again after the failure):' : 'Verification:');
    for (const v of verification) lines.push(`${v.ok ? 'ok  ' : 'FAIL'} ${v.migration}: ${v.message}`);
  }
  if (next !== undefined) {
    lines.push(typeof next === 'string'
      ? `What the next repair will do is unknown: ${next}.`
      : next.length === 0
        ? 'The next repair has nothing left to do.'
        : `The next repair (migration-doctor repair --apply --yes) will run: ${next.map((s) => s.id).join(', ')}.`);
  }
  if (failure || (!unverified && verification.some((v) => !v.ok))) {
    lines.push(`To go back to the state before the repair instead: migration-doctor restore ${backup.file} (or the "Restore Backup" command).`);
  }
  return lines.join('\n');
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
