// `migration-doctor status`: Laravel's migrate:status plus the states it cannot show.
import * as path from 'node:path';
import { AnalysisCache, analyserIdentity, analysisCachePath } from '../core/analysis/cache';
import { loadMigrations } from '../core/analysis/load';
import { describeConnection, openDatabase } from '../core/db/database';
import { DatabaseError } from '../core/db/errors';
import { takeSnapshot } from '../core/status/engine';
import { renderProblems, renderStatusTable, snapshotToJson, summaryLine } from '../core/status/format';
import { loadStatusInput } from '../core/status/inputs';
import { isProblemState } from '../core/status/types';
import { connectionOptionsHelp, parseConnectionFlags, resolveCliConnection } from './connectionOptions';
import { CliCommand, ExitCode, UsageError } from './io';

export const statusHelp = `Usage: migration-doctor status [connection options] [--path DIR]... [--json] [--pending] [--no-cache]

Shows every migration as Laravel's migrate:status does (ran / pending, batch), plus:
  ran-table-missing     recorded as ran, but a table its up() creates does not exist
  pending-table-exists  not recorded, but a table its up() creates exists (migrate fails with 1050)
  orphan-record         a row of the migrations table without a migration file
  schema-drift          recorded, table present, structure differs from its expected schema

Options:
  --path DIR    a migrations folder (repeatable; default: database/migrations)
  --json        print { connection, migrationsTable, migrations: [{ name, state, batch, tables, problems }] }
  --pending     list only migrations that have not cleanly run, and exit 1 when any is pending
  --no-cache    parse every migration file, neither reading nor writing the analysis cache
                (.migration-doctor/cache/ under the current folder; a file is parsed again
                when its size, modification or change time differs)
  --help        show this help

${connectionOptionsHelp}
Exit: 0 when every migration is ran (or pending, without --pending), 1 when any other state is present,
2 on a connection or usage error.
`;

export const status: CliCommand = async (args, io) => {
  const { flags, rest } = parseConnectionFlags(args);
  const paths: string[] = [];
  let json = false;
  let pendingIsFinding = false;
  let useCache = true;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') {
      io.out(statusHelp);
      return ExitCode.ok;
    } else if (arg === '--json') json = true;
    else if (arg === '--pending') pendingIsFinding = true;
    else if (arg === '--no-cache') useCache = false;
    else if (arg === '--path') {
      const value = rest[++i];
      if (!value) throw new UsageError('--path needs a folder.');
      paths.push(value);
    } else if (arg.startsWith('--path=')) paths.push(arg.slice('--path='.length));
    else throw new UsageError(`unknown option '${arg}'. Run 'migration-doctor status --help'.`);
  }
  const connection = await resolveCliConnection(flags, io);
  if (!connection.ok) return failed(connection.error, io);
  const options = connection.value;
  const folders = (paths.length > 0 ? paths : ['database/migrations']).map((p) => path.resolve(io.cwd, p));

  // Connecting first: the server's handshake proceeds while the cache is read.
  const opening = openDatabase(options).catch((e: unknown) => e as Error);
  // Parsing 10,000 files takes a second; a warm cache makes the run as fast as the database.
  const cache = useCache ? new AnalysisCache(analysisCachePath(io.cwd, folders), analyserIdentity(VERSION)) : undefined;
  const load = cache ? async (f: readonly string[]) => (await cache.loadMigrations(f)).migrations : loadMigrations;
  const [input, db] = await Promise.all([loadStatusInput(folders, options.tablePrefix, undefined, load), opening]);
  const cacheError = cache?.save();
  if (cacheError) io.err(`migration-doctor status: the analysis cache could not be written (${cacheError.message}); run with --no-cache to skip it.\n`);
  if (db instanceof Error) return failed(db, io);
  try {
    const snapshot = await takeSnapshot(db, input);
    // Like Laravel 10+'s `migrate:status --pending`: only what has not cleanly run.
    const shown = pendingIsFinding ? snapshot.migrations.filter((m) => m.state !== 'ran') : snapshot.migrations;
    if (json) {
      io.out(`${JSON.stringify(snapshotToJson(snapshot, shown), null, 2)}\n`);
    } else {
      if (input.migrations.length === 0) io.err(`No migration files in ${folders.join(', ')}.\n`);
      io.out(`Connection: ${describeConnection(snapshot.connection)}, table ${snapshot.migrationsTable}\n`);
      io.out(renderStatusTable(shown));
      io.out(renderProblems(shown));
      io.out(`\n${summaryLine(snapshot)}\n`);
    }
    const findings = snapshot.migrations.some((m) => isProblemState(m.state) || (pendingIsFinding && m.state === 'pending'));
    return findings ? ExitCode.findings : ExitCode.ok;
  } catch (error) {
    return failed(error, io);
  } finally {
    await db.close();
  }
};

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

function failed(error: unknown, io: { err(text: string): void }): number {
  if (error instanceof DatabaseError) {
    io.err(`migration-doctor status: ${error.sentence}\n${error.nextStep}\n`);
    return ExitCode.usage;
  }
  throw error;
}
