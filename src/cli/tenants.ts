// `status --databases PATTERN`: every tenant database of one server, read together.
import { DatabaseError, type ConnectionOptions, type Database } from '../core/db/database';
import { english, message, type Message } from '../core/messages/catalog';
import { visibleName } from '../core/messages/visible';
import type { SnapshotInput } from '../core/status/engine';
import { migrationsToJson, renderProblems, summaryLine } from '../core/status/format';
import { takeTenantsSnapshot, tenantHasProblem, type TenantStatus, type TenantsSnapshot } from '../core/tenants/status';
import type { ConnectionFlags } from './connectionOptions';
import { CliIo, ExitCode } from './io';
import { onInterrupt, withDatabase } from './lifecycle';
import { plural } from './plural';

export const databasesHelp = `  --databases PATTERN  check every database of the server whose name matches PATTERN (SQL LIKE:
                       % any text, _ any one character: tenant_% also matches tenants; tenant\\_% does not),
                       in a fixed number of queries;
                       prints only the databases with problems, then one summary line
                       (--json: { databases: [{ database, summary: { ran, pending, broken }, migrations }] });
                       a pattern that matches no database is an error (exit 2: nothing was checked)`;

/** Without --database or a .env, the tenants are read from a connection to a database every server has. */
export function serverFlags(flags: ConnectionFlags, pattern: string | undefined): ConnectionFlags {
  return pattern !== undefined && flags.database === undefined ? { ...flags, database: 'information_schema' } : flags;
}

export async function tenantsStatus(db: Database, pattern: string, input: SnapshotInput, json: boolean, io: CliIo): Promise<number> {
  const snapshot = await takeTenantsSnapshot(db, pattern, input, db.options);
  if (snapshot.databases.length === 0) return noneMatch('status', pattern, io);
  if (json) io.out(`${JSON.stringify(tenantsToJson(snapshot), null, 2)}\n`);
  else io.out(renderTenants(snapshot));
  return snapshot.databases.some(tenantHasProblem) ? ExitCode.findings : ExitCode.ok;
}

export function tenantsToJson(snapshot: TenantsSnapshot) {
  return {
    databases: snapshot.databases.map((tenant) => ({
      database: tenant.database,
      summary: summaryOf(tenant),
      ...(tenant.problem !== undefined ? { problem: tenant.problem } : {}),
      migrations: migrationsToJson(tenant.migrations),
    })),
  };
}

/** The databases with problems (their problems as status prints them), then one summary line. */
export function renderTenants(snapshot: TenantsSnapshot): string {
  const lines: string[] = [];
  const failing = snapshot.databases.filter(tenantHasProblem);
  for (const tenant of failing) {
    lines.push(`${visibleName(tenant.database)}: ${visibleName(tenant.problem ?? summaryLine(tenant))}`);
    const problems = renderProblems(tenant.migrations.filter((m) => m.problems.length > 0)).trim();
    if (problems) lines.push(...problems.split('\n').map((line) => `  ${line}`), '');
  }
  const total = snapshot.databases.length;
  lines.push(`${plural(total, 'database')} matching '${visibleName(snapshot.pattern)}': ${total - failing.length} fine, ${failing.length} with problems (${plural(snapshot.queries, 'query', 'queries')}, ${Math.round(snapshot.durationMs)} ms).`);
  return `${lines.join('\n')}\n`;
}

/**
 * A pattern that matches no database (mistyped, or databases this account cannot see) checked
 * nothing: an error with the next step, exit 2, so a CI step does not pass having checked nothing.
 */
function noneMatch(command: 'status' | 'repair', pattern: string, io: CliIo): number {
  io.err(`migration-doctor ${command}: ${english(message('tenants.noneMatch', pattern))}\n${english(message('tenants.noneMatchNext'))}\n`);
  return ExitCode.usage;
}

export interface TenantsRepairOptions {
  readonly apply: boolean;
  readonly keepGoing: boolean;
  /** One JSON summary instead of each database's plan and the summary line. */
  readonly json: boolean;
}

/** What became of one matching database. */
type RepairResult = 'fine' | 'planned' | 'repaired' | 'skipped' | 'failed' | 'interrupted';

/**
 * `repair --databases PATTERN`: the tenants status finds broken are planned (and, with --apply,
 * repaired) one at a time, each on its own connection with its own backup and lock.
 */
export async function repairTenants<I extends { status: SnapshotInput }>(
  server: ConnectionOptions,
  pattern: string,
  prepare: () => Promise<I>,
  repairOne: (options: ConnectionOptions, db: Database, inputs: I, out?: (json: object) => void) => Promise<number>,
  repairOptions: TenantsRepairOptions,
  io: CliIo,
): Promise<number> {
  return withDatabase(server, prepare, async (db, inputs) => {
    // Ctrl-C / SIGTERM: the tenant being repaired says where it stands (its own handler, run first),
    // no other tenant starts, and the summary is printed before the process exits with the signal.
    let interruptedAt: string | undefined;
    let signalled = false;
    let summarised = () => {};
    const printed = new Promise<void>((resolve) => { summarised = resolve; });
    const forget = onInterrupt(async () => { signalled = true; await printed; });
    try {
      const snapshot = await takeTenantsSnapshot(db, pattern, inputs.status, server);
      if (snapshot.databases.length === 0) return noneMatch('repair', pattern, io);
      const { apply, keepGoing, json } = repairOptions;
      const entries: RepairEntry[] = [];
      let stopped: string | undefined;
      for (const tenant of snapshot.databases) {
        const entry = (result: RepairResult, more: Partial<RepairEntry> = {}) => entries.push({ database: tenant.database, result, summary: summaryOf(tenant), ...more });
        const skip = (why: Message, more: Partial<RepairEntry> = {}) => entry('skipped', { reason: english(why), why, ...more });
        if (!tenantHasProblem(tenant)) entry('fine');
        else if (tenant.problem !== undefined) {
          skip(message(tenant.problemKind === 'migrations-table-unreadable' ? 'tenants.migrationsTableUnreadable' : 'tenants.noMigrationsTable'), { error: tenant.problem });
        }
        else if (interruptedAt !== undefined || signalled) skip(interruptedAt === undefined ? message('tenants.notAttemptedAfterInterruption') : message('tenants.notAttemptedAfterInterrupted', interruptedAt));
        else if (stopped !== undefined) skip(message('tenants.notAttemptedAfterFailed', stopped));
        else {
          const options = { ...server, database: tenant.database };
          if (!json) io.out(`\n== ${visibleName(tenant.database)}\n`);
          let report: { plan?: { steps?: unknown[] }; outcome?: object } = {};
          let code: number;
          let error: string | undefined;
          try {
            code = await withDatabase(options, async () => inputs, (tenantDb, same) => repairOne(options, tenantDb, same, (out) => (report = out)));
          } catch (failure) {
            if (!(failure instanceof DatabaseError)) throw failure;
            if (!json) io.err(`migration-doctor repair: ${visibleName(tenant.database)}: ${visibleName(failure.sentence)}\n${visibleName(failure.nextStep)}\n`);
            code = ExitCode.database;
            error = `${failure.sentence} ${failure.nextStep}`;
          }
          if ((report.outcome as { kind?: string } | undefined)?.kind === 'interrupted') {
            interruptedAt = tenant.database;
            entry('interrupted', {
              ...(report.plan ? { steps: report.plan.steps ?? [] } : {}),
              outcome: report.outcome,
              ...(outcomeError(report.outcome) !== undefined ? { error: outcomeError(report.outcome) } : {}),
            });
            continue;
          }
          // A plan is a finding, not a failure; only a refused connection fails a plan.
          const done = apply ? code === ExitCode.ok : code !== ExitCode.database;
          if (!done && apply && !keepGoing) stopped = tenant.database;
          error ??= done ? undefined : outcomeError(report.outcome);
          entry(done ? (apply ? 'repaired' : 'planned') : 'failed', {
            ...(report.plan ? { steps: report.plan.steps ?? [] } : {}),
            ...(report.outcome ? { outcome: report.outcome } : {}),
            ...(error !== undefined ? { error } : {}),
          });
        }
      }
      const of = (result: RepairResult) => entries.filter((e) => e.result === result);
      const done = of(apply ? 'repaired' : 'planned');
      const skipped = of('skipped');
      const failed = of('failed');
      const interrupted = of('interrupted');
      if (json) {
        const count = (result: RepairResult) => of(result).length;
        const summary = {
          databases: entries.length, fine: count('fine'), ...(apply ? { repaired: done.length } : { planned: done.length }),
          ...(interrupted.length ? { interrupted: interrupted.length } : {}), skipped: skipped.length, failed: failed.length,
        };
        const databases: TenantRepairEntry[] = entries.map(({ why: _why, ...entry }) => entry);
        io.out(`${JSON.stringify({ pattern, summary, databases }, null, 2)}\n`);
      } else {
        io.out(`\n${english(repairSummary(pattern, apply, entries))}\n`);
        for (const e of interrupted) if (e.error !== undefined) io.out(`${english(message('labelled', e.database, e.error))}\n`);
      }
      return apply ? (failed.length + skipped.length + interrupted.length > 0 ? ExitCode.findings : ExitCode.ok)
        : (done.length + skipped.length > 0 ? ExitCode.findings : ExitCode.ok);
    } finally {
      summarised();
      forget();
    }
  });
}

/** One database in `repair --databases --json`: its status summary as `status --json` gives it, and what the repair did. */
interface TenantRepairEntry {
  readonly database: string;
  readonly result: RepairResult;
  readonly summary: { ran: number; pending: number; broken: number };
  /** Why a database was skipped. */
  readonly reason?: string;
  /** The planned steps (as `repair --json` gives them), and with --apply what became of them. */
  readonly steps?: unknown[];
  readonly outcome?: object;
  /** Why it failed (or could not be checked), one sentence and the next step. */
  readonly error?: string;
}

/** An entry with why it was skipped, said in the user's language (the JSON gives it in English). */
export type RepairEntry = TenantRepairEntry & { readonly why?: Message };

/** The summary of `repair --databases`: how many databases matched, then what became of them, one sentence each. */
export function repairSummary(pattern: string, apply: boolean, entries: readonly RepairEntry[]): Message {
  const of = (result: RepairResult) => entries.filter((e) => e.result === result);
  const listed = (items: readonly RepairEntry[]) => items
    .map((e): string | Message => (e.why ? message('tenants.databaseBecause', e.database, e.why) : e.database))
    .reduce((list, name) => message('list.more', list, name));
  const counted = (items: readonly RepairEntry[], none: 'tenants.repaired' | 'tenants.planned' | 'tenants.skipped' | 'tenants.failed', some: 'tenants.repairedList' | 'tenants.plannedList' | 'tenants.skippedList' | 'tenants.failedList') =>
    (items.length ? message(some, items.length, listed(items)) : message(none, 0));
  const interrupted = of('interrupted');
  const sentences = [
    message('tenants.summaryHead', (entries.length === 1 ? message('tenants.databaseOne') : message('tenants.databaseMany', entries.length)), pattern, of('fine').length),
    apply ? counted(of('repaired'), 'tenants.repaired', 'tenants.repairedList') : counted(of('planned'), 'tenants.planned', 'tenants.plannedList'),
    ...(interrupted.length ? [message('tenants.interrupted', interrupted.length, listed(interrupted))] : []),
    counted(of('skipped'), 'tenants.skipped', 'tenants.skippedList'),
    counted(of('failed'), 'tenants.failed', 'tenants.failedList'),
  ];
  return sentences.reduce((all, sentence) => message('list.sentences', all, sentence));
}

function summaryOf(tenant: TenantStatus) {
  return { ran: tenant.counts.ran, pending: tenant.counts.pending, broken: tenant.counts.broken };
}

/** The sentence of a failed outcome, as `repair --json` gives the outcome. */
function outcomeError(outcome: object | undefined): string | undefined {
  const o = outcome as { kind?: string; message?: string; skipped?: string[]; failure?: { step: string; explanation?: string; serverMessage?: string }; unverified?: string } | undefined;
  if (!o) return undefined;
  if (o.message) return o.message;
  if (o.failure) return `Step ${o.failure.step} failed: ${o.failure.explanation ?? o.failure.serverMessage ?? ''}`.trim();
  if (o.unverified) return `Applied, not verified: ${o.unverified}`;
  if (o.skipped?.length) return `The remaining steps can lose data (${o.skipped.join(', ')}): add --allow-lossy to apply them.`;
  return o.kind === 'applied' ? 'The verification after the repair failed.' : undefined;
}
