// One repair from plan to verification: lock, back up (and check the backup), apply,
// release, re-run status and check that every repaired migration is `ran` with no drift.
// Shared by the CLI and the editor. Never imports 'vscode'.
import type { StatusSnapshot } from '../status/types';
import { openDatabase, publicConnection, type Database } from '../db/database';
import { applySteps, statementsOf, type ApplyHooks, type ApplyProgress, type ApplyResult, type StepFailure, type StoppedAt } from './apply';
import { BackupFailed, BackupRefused, createBackup, verifyBackup, withBackslashEscapes, type Backup } from './backup';
import { english, message, said, type Message } from '../messages/catalog';
import { explainError, type ExplainedError } from './errors';
import { errorSaid } from '../db/errors';
import { acquireRepairLock, repairLockName } from './lock';
import { backupLine, writeRepairReport } from './report';
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
  /** The status the plan was made from: the report beside the backup says what was wrong. */
  readonly before?: StatusSnapshot;
  /** Renders the report beside the backup in the user's language (default English). */
  readonly render?: (said: Message) => string;
  /**
   * Aborted on Ctrl-C / SIGTERM: no further step starts, the running statement is killed, and the
   * run ends with what was applied (an `interrupted` outcome) instead of verifying.
   */
  readonly signal?: AbortSignal;
}

/** A run stopped by its signal: what is certain about the database, said in one sentence and the next step. */
export interface InterruptedRun {
  readonly kind: 'interrupted';
  /** Written and checked before any change; absent when the interruption came first. */
  readonly backup?: Backup;
  readonly applied: readonly RepairStep[];
  /** The step that was running: partly applied, or not known to have completed. */
  readonly stoppedAt?: StoppedAt;
  /** Never started. */
  readonly notApplied: readonly RepairStep[];
  readonly message: string;
  readonly said: Message;
  /** The Markdown report beside the backup, saying it was interrupted (when there is a backup). */
  readonly reportFile?: string;
  readonly reportFileProblem?: string;
}

export interface VerifiedMigration {
  readonly migration: string;
  readonly ok: boolean;
  /** The state after the repair, or 'absent' for a deleted row. */
  readonly state: string;
  /** `said` in English. */
  readonly message: string;
  readonly said: Message;
}

export type RunOutcome =
  | { readonly kind: 'nothing-to-do'; readonly skipped: readonly RepairStep[] }
  /** `unreachable`: the server stopped answering or the connection was lost; nothing was changed. */
  | { readonly kind: 'refused'; readonly message: string; readonly said: Message; readonly unreachable?: true }
  | { readonly kind: 'backup-failed'; readonly message: string; readonly said: Message; readonly unreachable?: true }
  | {
    readonly kind: 'applied';
    readonly backup: Backup;
    readonly applied: readonly RepairStep[];
    readonly skipped: readonly RepairStep[];
    readonly failure?: StepFailure;
    /** After a failure: the steps after the failed one, never started. */
    readonly notRun: readonly RepairStep[];
    readonly verification: readonly VerifiedMigration[];
    /** Why the status could not be read to verify, after every retry: applied, not verified. */
    readonly unverified?: string;
    /** The same as said to the user (a connection error's sentences in the user's language). */
    readonly unverifiedSaid?: string | Message;
    /** After a failure: the steps the next repair would run, or why that is unknown. */
    readonly next?: readonly RepairStep[] | Message;
    /** true only when every step ran and every repaired migration verifies. */
    readonly ok: boolean;
    /** Several lines: what happened, and how to restore when it failed (`reportSaid` in English). */
    readonly report: string;
    readonly reportSaid: readonly Message[];
    /** The Markdown report written beside the backup, or why it could not be written. */
    readonly reportFile?: string;
    readonly reportFileProblem?: string;
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

const unreachable = (e: ExplainedError): { unreachable?: true } => (e.kind === 'connection-lost' ? { unreachable: true } : {});

export function runRepair(db: Database, plan: RepairPlan, options: RunOptions & { readonly signal: AbortSignal }): Promise<RunOutcome | InterruptedRun>;
export function runRepair(db: Database, plan: RepairPlan, options: RunOptions & { readonly signal?: undefined }): Promise<RunOutcome>;
export async function runRepair(db: Database, plan: RepairPlan, options: RunOptions): Promise<RunOutcome | InterruptedRun> {
  const { run, skipped } = selectSteps(plan, options.stepIds, options.allowLossy ?? false);
  if (run.length === 0) return { kind: 'nothing-to-do', skipped };
  const { signal } = options;
  let lock;
  try {
    lock = await acquireRepairLock(db);
  } catch (error) {
    const e = explainError(error);
    return { kind: 'refused', ...said(message('run.lockFailed', e.said)), ...unreachable(e) };
  }
  if (!lock.ok) return { kind: 'refused', message: lock.message, said: lock.said };
  let backup: Backup | undefined;
  let result;
  try {
    if (signal?.aborted) return interrupted(run, undefined, { applied: [] });
    if (options.replan) {
      // Another repair (or a deploy) may have changed the database since the preview.
      const fresh = new Map((await options.replan()).steps.map((s) => [s.id, s.sql.join(';\n')]));
      const stale = run.filter((s) => fresh.get(s.id) !== s.sql.join(';\n'));
      if (stale.length > 0) {
        return { kind: 'refused', ...said(message(stale.length > 1 ? 'run.staleSeveral' : 'run.stale', stale.map((s) => s.id).join(', '))) };
      }
    }
    if (signal?.aborted) return interrupted(run, undefined, { applied: [] });
    try {
      const writing = createBackup(db, {
        directory: options.backupDirectory,
        useMysqldump: options.useMysqldump,
        tables: unique(run.flatMap((s) => s.backupTables)),
        migrationNames: unique(run.flatMap((s) => s.backupMigrationRows)),
        signal,
      });
      // A dump waiting on a table another session locks, or reading a large one, is killed on the interruption.
      backup = signal ? await killedOnAbort(db, signal, writing, () => undefined) : await writing;
      if (!backup) return interrupted(run, undefined, { applied: [] });
    } catch (error) {
      const inner = error instanceof BackupFailed ? error.error : error;
      const removed = error instanceof BackupFailed ? error.removedFile : undefined;
      if (signal?.aborted) return interrupted(run, undefined, { applied: [] }, removed);
      if (inner instanceof BackupRefused) return { kind: 'backup-failed', ...said(message('run.backupRefused', inner.said)) };
      // A file-system error (it names a path) is not the server's.
      if (typeof (inner as NodeJS.ErrnoException | undefined)?.path === 'string') {
        const why = (inner as Error).message;
        return { kind: 'backup-failed', ...said(removed === undefined ? message('run.backupUnwritable', why) : message('run.backupUnwritableRemoved', why, removed)) };
      }
      const e = explainError(inner);
      return { kind: 'backup-failed', ...said(removed === undefined ? message('run.backupFailed', e.said, e.serverMessage) : message('run.backupFailedRemoved', e.said, e.serverMessage, removed)), ...unreachable(e) };
    }
    // Read in full once, before anything changes: a later restore trusts the checksum of this checked file.
    const check = await verifyBackup(backup.file, { readAll: true });
    if (!check.ok) return { kind: 'backup-failed', ...said(message('run.backupCheckFailed', check.said)) };
    if (signal?.aborted) return await withReport(interrupted(run, backup, { applied: [] }), run, db, options);
    result = signal ? await applyUntilInterrupted(db, run, options.hooks, signal) : await applyPlanSteps(db, run, options.hooks);
    if (signal?.aborted) return await withReport(interrupted(run, backup, result), run, db, options);
  } finally {
    await lock.lock.release();
  }
  const { verification, unverified, unverifiedSaid } = await verifyApplied(run, result.applied, options);
  const ok = !result.failure && !unverified && verification.every((v) => v.ok);
  const next = ok || !options.nextPlan || (unverified && !result.failure) ? undefined : await nextSteps(options.nextPlan);
  const notRun = notStarted(run, result);
  const outcome = {
    kind: 'applied' as const, backup, applied: result.applied, skipped, failure: result.failure, notRun, verification, ok,
    ...(unverified ? { unverified, unverifiedSaid } : {}), ...(next !== undefined ? { next } : {}),
    ...reported(report({ backup, applied: result.applied, planned: run, failure: result.failure, notRun, verification, unverified: unverifiedSaid, next })),
  };
  const written = await writeRepairReport({ ...outcome, planned: run, connection: publicConnection(db.options), before: options.before, render: options.render ?? english });
  return { ...outcome, ...written };
}

/** After a failure, the steps never started: neither applied nor the one that failed (the repair's and the rehearsal's alike). */
export function notStarted(run: readonly RepairStep[], result: ApplyResult): RepairStep[] {
  if (!result.failure) return [];
  const started = new Set([...result.applied.map((s) => s.id), result.failure.step.id]);
  return run.filter((s) => !started.has(s.id));
}

/**
 * The steps applied in order, stopping at the first failure: the one applier of the real repair
 * and of its rehearsal on a scratch copy.
 */
export async function applyPlanSteps(db: Database, run: readonly RepairStep[], hooks?: ApplyHooks, signal?: AbortSignal, progress?: ApplyProgress): Promise<ApplyResult> {
  // The plan's literals escape with backslashes; under NO_BACKSLASH_ESCAPES a quote in a name would end its string.
  // A lost connection fails here too; the first step then reports it.
  const restoreMode = await withBackslashEscapes(db).catch(() => async () => undefined);
  try {
    return await applySteps(db, run, hooks, signal, progress);
  } finally {
    await restoreMode();
  }
}

/** How long an interrupted run waits for its killed statement to come back before saying it is unconfirmed. */
const killWaitMs = 1000;

/**
 * Applies until `signal` aborts; then the statement running (a DDL waiting on a metadata lock can
 * wait for days) is killed from a second connection, found by the repair lock its session holds,
 * so that what was applied is known when the run ends.
 */
async function applyUntilInterrupted(db: Database, run: readonly RepairStep[], hooks: ApplyHooks | undefined, signal: AbortSignal): Promise<ApplyResult> {
  const progress: ApplyProgress = { applied: [] };
  return killedOnAbort(db, signal, applyPlanSteps(db, run, hooks, signal, progress), () => ({
    applied: [...progress.applied],
    interrupted: progress.current ? { stoppedAt: { ...progress.current, unconfirmed: true } } : {},
  }));
}

/** `work`, or once `signal` aborts, its statement killed and `givenUp()` if it has not come back within killWaitMs. */
async function killedOnAbort<T, G>(db: Database, signal: AbortSignal, work: Promise<T>, givenUp: () => G): Promise<T | G> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<G>((resolve) => {
    const onAbort = () => {
      void killRunningStatement(db).finally(() => {
        timer = setTimeout(() => resolve(givenUp()), killWaitMs);
      });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    void work.finally(() => signal.removeEventListener('abort', onAbort)).catch(() => undefined);
  });
  try {
    return await Promise.race([work, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

async function killRunningStatement(db: Database): Promise<void> {
  let other: Database | undefined;
  try {
    other = await openDatabase({ ...db.options, connectTimeoutMs: killWaitMs });
    const [row] = await other.query<{ id: number | string | null }>('SELECT IS_USED_LOCK(?) AS id', [repairLockName(db.options.database)]);
    if (row?.id !== null && row?.id !== undefined) await other.query(`KILL QUERY ${Number(row.id)}`);
  } catch {
    // Not killed: the statement's outcome is then said to be unconfirmed.
  } finally {
    await other?.close();
  }
}

/** The report beside the backup, as a finished run leaves one, with the interruption's sentence instead of a verification. */
async function withReport(outcome: InterruptedRun, run: readonly RepairStep[], db: Database, options: RunOptions): Promise<InterruptedRun> {
  if (!outcome.backup) return outcome;
  const written = await writeRepairReport({
    backup: outcome.backup, planned: run, applied: outcome.applied, verification: [], interrupted: outcome.said,
    connection: publicConnection(db.options), before: options.before, render: options.render ?? english,
  });
  return { ...outcome, ...written };
}

function interrupted(run: readonly RepairStep[], backup: Backup | undefined, result: ApplyResult, partialBackup?: string): InterruptedRun {
  const stoppedAt = result.interrupted?.stoppedAt;
  const applied = result.applied;
  const done = new Set(applied.map((s) => s.id));
  const notApplied = run.filter((s) => !done.has(s.id) && s.id !== stoppedAt?.step.id);
  let m: Message;
  if (!backup) m = partialBackup === undefined ? message('run.interruptedNoBackup') : message('run.interruptedDuringBackup', partialBackup);
  else if (applied.length === 0 && !stoppedAt) m = message('run.interruptedNothingApplied', backup.file);
  else {
    const parts: Message[] = [];
    if (applied.length) parts.push(message('run.interruptedApplied', applied.map((s) => s.id).join(', ')));
    if (stoppedAt) {
      parts.push(stoppedAt.unconfirmed
        ? message('run.interruptedUnconfirmed', stoppedAt.step.id)
        : message('run.interruptedCutShort', stoppedAt.step.id, stoppedAt.statementsApplied, stoppedAt.step.sql.length - stoppedAt.statementsApplied));
    }
    if (notApplied.length) parts.push(message('run.interruptedNotApplied', notApplied.map((s) => s.id).join(', ')));
    m = message('run.interrupted', parts.reduce((all, p) => message('list.semicolon', all, p)), backup.file);
  }
  return { kind: 'interrupted', ...(backup ? { backup } : {}), applied, ...(stoppedAt ? { stoppedAt } : {}), notApplied, ...said(m) };
}

/** The status read again (on a connection of its own) and each repaired migration checked against it. */
export async function verifyApplied(
  run: readonly RepairStep[], applied: readonly RepairStep[], options: Pick<RunOptions, 'status' | 'verifyRetryDelaysMs'>,
): Promise<{ verification: readonly VerifiedMigration[]; unverified?: string; unverifiedSaid?: string | Message }> {
  const snapshot = await readStatus(options.status, options.verifyRetryDelaysMs ?? [1000, 2000]);
  if (snapshot.ok) return { verification: verify(run, applied, snapshot.value) };
  return { verification: [], unverified: typeof snapshot.reason === 'string' ? snapshot.reason : english(snapshot.reason), unverifiedSaid: snapshot.reason };
}

/** The status, read again on a new connection; a connection that was just lost may come back. */
async function readStatus(status: () => Promise<StatusSnapshot>, delaysMs: readonly number[]): Promise<{ ok: true; value: StatusSnapshot } | { ok: false; reason: string | Message }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await status() };
    } catch (error) {
      if (attempt >= delaysMs.length) return { ok: false, reason: errorSaid(error) };
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}

async function nextSteps(nextPlan: () => Promise<RepairPlan>): Promise<readonly RepairStep[] | Message> {
  try {
    return (await nextPlan()).steps;
  } catch (error) {
    return message('report.nextUnreadable', errorSaid(error));
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
      results.push({ migration, ok, state: status?.state ?? 'absent', ...said(message(ok ? 'verify.rowDeleted' : 'verify.rowStillRecorded')) });
    } else if (steps.some((s) => s.action === 'drop-table')) {
      const ok = status?.state === 'pending';
      results.push({ migration, ok, state: status?.state ?? 'absent', ...said(ok ? message('verify.pending') : message('verify.expectedPending', status?.state ?? 'nothing')) });
    } else {
      const ok = status?.state === 'ran' && status.problems.length === 0;
      results.push({
        migration, ok, state: status?.state ?? 'absent',
        ...said(ok ? message('verify.ran') : stateNow(status?.state ?? 'absent', status?.problems.map((p) => p.said.message) ?? [], allApplied)),
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
  readonly notRun: readonly RepairStep[];
  readonly verification: readonly VerifiedMigration[];
  readonly unverified: string | Message | undefined;
  readonly next: readonly RepairStep[] | Message | undefined;
}

function stateNow(state: string, problemsSaid: readonly Message[], allApplied: boolean): Message {
  if (problemsSaid.length > 0) {
    const problems = problemsSaid.reduce((all, p) => message('list.sentences', all, p));
    return allApplied ? message('labelled', state, problems) : message('verify.stateProblemsIncomplete', state, problems);
  }
  return allApplied ? message('verify.state', state) : message('verify.stateIncomplete', state);
}

function reported(lines: readonly Message[]): { report: string; reportSaid: readonly Message[] } {
  return { report: lines.map(english).join('\n'), reportSaid: lines };
}

/**
 * What was applied of how many steps, and the step that failed with the server's words, which of
 * its statements ran and which did not, and the steps never started:
 * the repair's and the rehearsal's report say it alike.
 */
export function appliedLines(applied: readonly { readonly id: string }[], total: number, failure: StepFailure | undefined, notRun: readonly { readonly id: string }[] = []): Message[] {
  const ids = applied.map((s) => s.id).join(', ');
  const lines = [total === 1
    ? applied.length ? message('report.appliedOne', applied.length, ids) : message('report.appliedNoneOne', applied.length)
    : applied.length ? message('report.applied', applied.length, total, ids) : message('report.appliedNone', applied.length, total)];
  if (failure) {
    lines.push(failure.statementsApplied
      ? message('report.failedAfter', failure.step.id, failure.statementsApplied, failure.error.said)
      : message('report.failed', failure.step.id, failure.error.said));
    lines.push(message('report.serverSaid', failure.error.serverMessage));
    const statements = statementsOf(failure);
    for (const statement of statements.ran) lines.push(message('report.statementRan', firstLine(statement)));
    lines.push(message('report.statement', firstLine(failure.statement)));
    for (const statement of statements.notRun) lines.push(message('report.statementNotRun', firstLine(statement)));
    if (notRun.length > 0) lines.push(message('report.stepsNotRun', notRun.map((s) => s.id).join(', ')));
  }
  return lines;
}

const firstLine = (statement: string): string => `${statement.split('\n')[0]}${statement.includes('\n') ? ' ...' : ''}`;

function report({ backup, applied, planned, failure, notRun, verification, unverified, next }: ReportInput): Message[] {
  const lines = [backupLine(backup)];
  if (backup.manifest.note) lines.push(message('report.detail', backup.manifest.noteSaid ?? backup.manifest.note));
  if (backup.manifest.notContained) lines.push(message('report.detail', backup.manifest.notContained));
  lines.push(...appliedLines(applied, planned.length, failure, notRun));
  if (unverified) {
    lines.push(message(failure ? 'report.unknownAfterFailure' : 'report.unverified', unverified));
  } else {
    lines.push(message(failure ? 'report.standsNow' : 'report.verification'));
    for (const v of verification) lines.push(message(v.ok ? 'report.ok' : 'report.fail', v.migration, v.said));
  }
  if (next !== undefined) {
    lines.push('id' in next ? message('report.nextUnknown', next)
      : next.length === 0 ? message('report.nextNothing') : message('report.next', next.map((s) => s.id).join(', ')));
  }
  if (failure || (!unverified && verification.some((v) => !v.ok))) lines.push(message('report.restore', backup.file));
  return lines;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
