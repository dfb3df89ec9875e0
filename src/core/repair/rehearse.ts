// A repair rehearsed before it is applied: the structure of the database's tables, its migrations
// table and a bounded part of the rows are copied into a scratch database of the same server, the
// plan is applied and verified there by the real repair's own applier and verification, then
// preflight says whether the next `php artisan migrate` passes on the result. The scratch database
// is dropped on every path; the real database is only read. Never imports 'vscode'.
import { randomBytes } from 'node:crypto';
import { describeConnection, openDatabase, publicConnection, type Database } from '../db/database';
import { english, message, said, type Message } from '../messages/catalog';
import { preflightDatabase, type PreflightInput, type PreflightResult } from '../preflight';
import type { TranslateOptions } from '../translate';
import type { ApplyHooks, StepFailure } from './apply';
import { errorSaid } from '../db/errors';
import { explainError } from './errors';
import { appliedLines, applyPlanSteps, notStarted, selectSteps, verifyApplied, type VerifiedMigration } from './run';
import { freshSnapshot, type RepairInputs } from './session';
import { quoteIdentifier } from './sqlText';
import type { RepairPlan, RepairStep } from './types';

/** Rows copied per table unless told otherwise: enough for most plans, bounded on any table. */
export const defaultRehearsalRows = 10_000;

export interface RehearseOptions {
  /** Status's and preflight's inputs, as for the real repair. */
  readonly inputs: RepairInputs;
  readonly translate: TranslateOptions;
  /** Step ids to run; the plan's non-lossy steps (all with allowLossy) when undefined. */
  readonly stepIds?: readonly string[];
  readonly allowLossy?: boolean;
  /** Rows copied per table (the migrations table is copied whole). */
  readonly rowLimit?: number;
  /** The connection's 'strict' (from the app's config/database.php), or why it cannot be told: preflight's data checks depend on it. */
  readonly strict: PreflightInput['strict'];
  readonly hooks?: ApplyHooks;
  /** Registers what must run if the process is interrupted; returns its removal. */
  readonly onInterrupt?: (cleanup: () => Promise<unknown>) => () => void;
  /** Waits before reading the copy's status again (as the real repair's verification). */
  readonly verifyRetryDelaysMs?: readonly number[];
}

export interface RowsLeftOut {
  readonly table: string;
  /** Rows copied; the table has more. */
  readonly copied: number;
}

export interface NotCopied {
  /** Views and tables of another kind than a base table (a sequence, a system-versioned table), with the server's type. */
  readonly views: readonly { readonly name: string; readonly type: string }[];
  readonly triggers: readonly string[];
}

export type NextMigrate = 'passes' | 'fails' | 'unknown';

export type RehearsalOutcome =
  | { readonly kind: 'nothing-to-do'; readonly skipped: readonly RepairStep[] }
  | { readonly kind: 'no-privilege'; readonly message: string; readonly said: Message }
  | {
    readonly kind: 'rehearsed';
    readonly scratch: string;
    readonly tables: number;
    readonly rowLimit: number;
    readonly rowsLeftOut: readonly RowsLeftOut[];
    /** What the database holds that the copy does not: the rehearsal says so rather than vouch for it. */
    readonly notCopied: NotCopied;
    readonly applied: readonly RepairStep[];
    readonly skipped: readonly RepairStep[];
    readonly failure?: StepFailure;
    /** After a failure: the steps after the failed one, never started on the copy. */
    readonly notRun: readonly RepairStep[];
    readonly verification: readonly VerifiedMigration[];
    readonly unverified?: string;
    /** The same as said to the user (a connection error's sentences in the user's language). */
    readonly unverifiedSaid?: string | Message;
    /** Preflight on the copy after the plan; absent when the plan did not apply completely. */
    readonly preflight?: PreflightResult;
    readonly nextMigrate: NextMigrate;
    /** Why the scratch database could not be dropped (it is left on the server). */
    readonly notDropped?: string;
    /** Every step applied and verified on the copy, and the next migrate predicted to pass. */
    readonly ok: boolean;
    readonly report: string;
    readonly reportSaid: readonly Message[];
  };

/** What the rehearsal found, before its report and whether the scratch database could be dropped. */
type Rehearsed = Omit<Extract<RehearsalOutcome, { kind: 'rehearsed' }>, 'notDropped' | 'report' | 'reportSaid' | 'ok'>;

/** Errors of a server that refuses to create a database for this user. */
const privilegeErrors = new Set([1044, 1142, 1227]);

/** `<db>__md_rehearsal_<random>`, within the 64 characters of a database name. */
export function scratchDatabaseName(database: string): string {
  const suffix = `__md_rehearsal_${randomBytes(4).toString('hex')}`;
  return `${[...database].slice(0, 64 - suffix.length).join('')}${suffix}`;
}

export async function rehearseRepair(db: Database, plan: RepairPlan, options: RehearseOptions): Promise<RehearsalOutcome> {
  const { run, skipped } = selectSteps(plan, options.stepIds, options.allowLossy ?? false);
  if (run.length === 0) return { kind: 'nothing-to-do', skipped };
  const rowLimit = options.rowLimit ?? defaultRehearsalRows;
  const scratch = scratchDatabaseName(db.options.database);
  const [charset] = await db.query<{ charset: string; collation: string }>(
    'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()');
  try {
    // The copy's own default character set and collation: a table the plan creates gets the same.
    await db.execute(`CREATE DATABASE ${quoteIdentifier(scratch)}${charset ? ` CHARACTER SET ${quoteIdentifier(charset.charset)} COLLATE ${quoteIdentifier(charset.collation)}` : ''}`);
  } catch (error) {
    const errno = (error as { errno?: unknown }).errno;
    if (typeof errno === 'number' && privilegeErrors.has(errno)) {
      return { kind: 'no-privilege', ...said(message('rehearse.noCreate', db.options.user, explainError(error).serverMessage)) };
    }
    throw error;
  }
  const scratchOptions = { ...db.options, database: scratch };
  let copy: Database | undefined;
  // On an interrupt the open connections are being closed: the drop goes through one of its own.
  const forget = options.onInterrupt?.(async () => {
    await copy?.close().catch(() => undefined);
    await dropOnNewConnection(db, scratch);
  }) ?? (() => undefined);
  let result: Rehearsed | undefined;
  let notDropped: string | undefined;
  let preflightProblem: string | Message | undefined;
  try {
    copy = await openDatabase(scratchOptions);
    const { tables, rowsLeftOut, notCopied } = await copyDatabase(db, copy, plan.migrationsTable, rowLimit);
    const applying = await applyPlanSteps(copy, run, options.hooks);
    const { verification, unverified, unverifiedSaid } = await verifyApplied(run, applying.applied, {
      status: freshSnapshot(scratchOptions, options.inputs), verifyRetryDelaysMs: options.verifyRetryDelaysMs,
    });
    let preflight: PreflightResult | undefined;
    if (!applying.failure) {
      try {
        preflight = await preflightDatabase(copy, options.inputs.status, options.translate, { strict: options.strict });
      } catch (error) {
        preflightProblem = errorSaid(error);
      }
    }
    const nextMigrate: NextMigrate = !preflight ? 'unknown' : preflight.migrations.some((m) => m.prediction === 'fails') ? 'fails' : 'passes';
    result = {
      kind: 'rehearsed', scratch, tables, rowLimit, rowsLeftOut, notCopied, applied: applying.applied, skipped, failure: applying.failure,
      notRun: notStarted(run, applying), verification, ...(unverified ? { unverified, unverifiedSaid } : {}), ...(preflight ? { preflight } : {}), nextMigrate,
    };
  } finally {
    await copy?.close().catch(() => undefined);
    notDropped = await dropScratch(db, scratch);
    forget();
  }
  const ok = !result.failure && !result.unverified && result.verification.every((v) => v.ok) && result.nextMigrate === 'passes';
  const lines = rehearsalReport(result, run.length, preflightProblem, notDropped, db);
  return { ...result, ...(notDropped ? { notDropped } : {}), ok, report: lines.map(english).join('\n'), reportSaid: lines };
}

/**
 * Every base table's structure (foreign keys included, checks off while they are created in any
 * order) and up to `rowLimit` of its rows, copied on the server; the migrations table whole,
 * since status and preflight read every row of it. Views and triggers are not copied: their
 * definitions may name the real database, which the rehearsal must never write to; they are
 * listed instead.
 */
async function copyDatabase(db: Database, copy: Database, migrationsTable: string, rowLimit: number): Promise<{ tables: number; rowsLeftOut: RowsLeftOut[]; notCopied: NotCopied }> {
  const all = await db.query<{ name: string; type: string }>(
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME');
  const tables = all.filter((t) => t.type === 'BASE TABLE').map((t) => t.name);
  const triggers = (await db.query<{ name: string }>(
    'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME')).map((r) => r.name);
  const notCopied: NotCopied = { views: all.filter((t) => t.type !== 'BASE TABLE'), triggers };
  const columns = new Map<string, string[]>();
  for (const row of await db.query<{ table: string; name: string }>(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND EXTRA NOT LIKE '%GENERATED%' ORDER BY TABLE_NAME, ORDINAL_POSITION`)) {
    const list = columns.get(row.table);
    if (list) list.push(row.name);
    else columns.set(row.table, [row.name]);
  }
  const source = quoteIdentifier(db.options.database);
  const rowsLeftOut: RowsLeftOut[] = [];
  await copy.execute('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const table of tables) {
      const q = quoteIdentifier(table);
      // Read where the table lives: its foreign keys then name their tables without a database.
      const [create] = await db.query<Record<string, string>>(`SHOW CREATE TABLE ${q}`);
      await copy.execute(create['Create Table']);
      const names = (columns.get(table) ?? []).map(quoteIdentifier).join(', ');
      if (!names) continue;
      const whole = table === migrationsTable;
      const inserted = await copy.execute(`INSERT INTO ${q} (${names}) SELECT ${names} FROM ${source}.${q}${whole ? '' : ` LIMIT ${rowLimit}`}`);
      if (!whole && inserted.affectedRows >= rowLimit
        && (await db.query(`SELECT 1 FROM ${q} LIMIT 1 OFFSET ${rowLimit}`)).length > 0) {
        rowsLeftOut.push({ table, copied: inserted.affectedRows });
      }
    }
  } finally {
    await copy.execute('SET FOREIGN_KEY_CHECKS = 1');
  }
  return { tables: tables.length, rowsLeftOut, notCopied };
}

/** Drops the scratch database; the reason when it could not (it is then said, with the statement to run by hand). */
async function dropScratch(db: Database, scratch: string): Promise<string | undefined> {
  try {
    await db.execute(`DROP DATABASE IF EXISTS ${quoteIdentifier(scratch)}`);
    return undefined;
  } catch {
    // The repair's connection may be the one that was lost.
    try {
      await dropOnNewConnection(db, scratch);
      return undefined;
    } catch (error) {
      return explainError(error).serverMessage;
    }
  }
}

async function dropOnNewConnection(db: Database, scratch: string): Promise<void> {
  const other = await openDatabase(db.options);
  try {
    await other.execute(`DROP DATABASE IF EXISTS ${quoteIdentifier(scratch)}`);
  } finally {
    await other.close();
  }
}

function rehearsalReport(
  result: Rehearsed, total: number, preflightProblem: string | Message | undefined, notDropped: string | undefined, db: Database,
): Message[] {
  const { scratch, tables, rowLimit, rowsLeftOut, notCopied, applied, failure, notRun, verification, unverified, preflight } = result;
  const lines = [tables === 1 ? message('rehearse.copiedOne', scratch, rowLimit) : message('rehearse.copied', scratch, tables, rowLimit)];
  const leftOut = rowsLeftOut.map((r) => r.table).join(', ');
  if (rowsLeftOut.length > 0) lines.push(rowLimit === 1 ? message('rehearse.rowsLeftOutOne', leftOut) : message('rehearse.rowsLeftOut', rowLimit, leftOut));
  if (notCopied.views.length > 0) lines.push(message('rehearse.viewsNotCopied', notCopied.views.map((v) => v.type === 'VIEW' ? v.name : `${v.name} (${v.type})`).join(', ')));
  if (notCopied.triggers.length > 0) lines.push(message('rehearse.triggersNotCopied', notCopied.triggers.join(', ')));
  lines.push(...appliedLines(applied, total, failure, notRun));
  if (unverified) lines.push(message('rehearse.unverified', result.unverifiedSaid ?? unverified));
  else {
    lines.push(message('report.verification'));
    for (const v of verification) lines.push(message(v.ok ? 'report.ok' : 'report.fail', v.migration, v.said));
  }
  if (!preflight) lines.push(preflightProblem ? message('rehearse.preflightFailed', preflightProblem) : message('rehearse.nextUnknown'));
  else {
    const failing = preflight.migrations.filter((m) => m.prediction === 'fails');
    const unchecked = preflight.migrations.filter((m) => m.prediction === 'unchecked').map((m) => m.name);
    if (failing.length > 0) lines.push(message('rehearse.nextFails', failing.map((m) => `${m.name}: ${m.error?.thrown ? 'up() throws' : m.error?.code ?? 'doctrine/dbal'} ${m.error?.message ?? ''}`.trim()).join('; ')));
    else if (unchecked.length === 1) lines.push(message('rehearse.nextPassesUncheckedOne', unchecked[0]));
    else if (unchecked.length > 1) lines.push(message('rehearse.nextPassesUnchecked', unchecked.length, unchecked.join(', ')));
    else lines.push(message('rehearse.nextPasses'));
  }
  const scratchName = quoteIdentifier(scratch);
  lines.push(notDropped ? message('rehearse.notDropped', scratch, notDropped, scratchName) : message('rehearse.dropped', scratch, describeConnection(publicConnection(db.options))));
  return lines;
}
