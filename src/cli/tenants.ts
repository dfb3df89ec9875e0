// `status --databases PATTERN`: every tenant database of one server, read together.
import { DatabaseError, type ConnectionOptions, type Database } from '../core/db/database';
import type { SnapshotInput } from '../core/status/engine';
import { migrationsToJson, renderProblems, summaryLine } from '../core/status/format';
import { takeTenantsSnapshot, tenantHasProblem, type TenantsSnapshot } from '../core/tenants/status';
import type { ConnectionFlags } from './connectionOptions';
import { CliIo, ExitCode } from './io';
import { withDatabase } from './lifecycle';

export const databasesHelp = `  --databases PATTERN  check every database of the server whose name matches PATTERN (SQL LIKE:
                       % any text, _ one character, e.g. tenant_%), in a fixed number of queries;
                       prints only the databases with problems, then one summary line
                       (--json: { databases: [{ database, summary: { ran, pending, broken }, migrations }] })`;

/** Without --database or a .env, the tenants are read from a connection to a database every server has. */
export function serverFlags(flags: ConnectionFlags, pattern: string | undefined): ConnectionFlags {
  return pattern !== undefined && flags.database === undefined ? { ...flags, database: 'information_schema' } : flags;
}

export async function tenantsStatus(db: Database, pattern: string, input: SnapshotInput, json: boolean, io: CliIo): Promise<number> {
  const snapshot = await takeTenantsSnapshot(db, pattern, input, db.options);
  if (json) io.out(`${JSON.stringify(tenantsToJson(snapshot), null, 2)}\n`);
  else io.out(renderTenants(snapshot));
  return snapshot.databases.some(tenantHasProblem) ? ExitCode.findings : ExitCode.ok;
}

export function tenantsToJson(snapshot: TenantsSnapshot) {
  return {
    databases: snapshot.databases.map((tenant) => ({
      database: tenant.database,
      summary: { ran: tenant.counts.ran, pending: tenant.counts.pending, broken: tenant.counts.broken },
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
    lines.push(`${tenant.database}: ${tenant.problem ?? summaryLine(tenant)}`);
    const problems = renderProblems(tenant.migrations.filter((m) => m.problems.length > 0)).trim();
    if (problems) lines.push(...problems.split('\n').map((line) => `  ${line}`), '');
  }
  const total = snapshot.databases.length;
  lines.push(total === 0
    ? `No database matches '${snapshot.pattern}'.`
    : `${total} database${total === 1 ? '' : 's'} matching '${snapshot.pattern}': ${total - failing.length} fine, ${failing.length} with problems (${snapshot.queries} queries, ${Math.round(snapshot.durationMs)} ms).`);
  return `${lines.join('\n')}\n`;
}

export interface TenantsRepairOptions {
  readonly apply: boolean;
  readonly keepGoing: boolean;
}

/**
 * `repair --databases PATTERN`: the tenants status finds broken are planned (and, with --apply,
 * repaired) one at a time, each on its own connection with its own backup and lock.
 */
export async function repairTenants<I extends { status: SnapshotInput }>(
  server: ConnectionOptions,
  pattern: string,
  prepare: () => Promise<I>,
  repairOne: (options: ConnectionOptions, db: Database, inputs: I) => Promise<number>,
  repairOptions: TenantsRepairOptions,
  io: CliIo,
): Promise<number> {
  return withDatabase(server, prepare, async (db, inputs) => {
    const snapshot = await takeTenantsSnapshot(db, pattern, inputs.status, server);
    const done: string[] = [];
    const failed: string[] = [];
    const skipped: string[] = [];
    let stopped: string | undefined;
    for (const tenant of snapshot.databases.filter(tenantHasProblem)) {
      if (tenant.problem !== undefined) {
        skipped.push(`${tenant.database} (no migrations table)`);
        continue;
      }
      if (stopped !== undefined) {
        skipped.push(`${tenant.database} (not attempted after ${stopped} failed)`);
        continue;
      }
      const options = { ...server, database: tenant.database };
      const { apply, keepGoing } = repairOptions;
      io.out(`\n== ${tenant.database}\n`);
      let code: number;
      try {
        code = await withDatabase(options, async () => inputs, (tenantDb, same) => repairOne(options, tenantDb, same));
      } catch (error) {
        if (!(error instanceof DatabaseError)) throw error;
        io.err(`migration-doctor repair: ${tenant.database}: ${error.sentence}\n${error.nextStep}\n`);
        code = ExitCode.database;
      }
      // A plan is a finding, not a failure; only a refused connection fails a plan.
      if (apply ? code === ExitCode.ok : code !== ExitCode.database) done.push(tenant.database);
      else {
        failed.push(tenant.database);
        if (apply && !keepGoing) stopped = tenant.database;
      }
    }
    const fine = snapshot.databases.length - done.length - failed.length - skipped.length;
    const list = (names: readonly string[]) => (names.length ? `: ${names.join(', ')}` : '');
    io.out(`\n${snapshot.databases.length} databases matching '${pattern}', ${fine} fine. `
      + (repairOptions.apply ? `Repaired ${done.length}${list(done)}. ` : `Planned ${done.length}${list(done)}. `)
      + `Skipped ${skipped.length}${list(skipped)}. Failed ${failed.length}${list(failed)}.\n`);
    return repairOptions.apply ? (failed.length + skipped.length > 0 ? ExitCode.findings : ExitCode.ok)
      : (done.length + skipped.length > 0 ? ExitCode.findings : ExitCode.ok);
  });
}
