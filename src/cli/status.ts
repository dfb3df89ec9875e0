// `migration-doctor status`: Laravel's migrate:status plus the states it cannot show.
import { AnalysisCache, analyserIdentity, analysisCachePath } from '../core/analysis/cache';
import { listMigrationPaths, readingProblem, readMigrations, readMigrationsKeeping, type SkippedEntry } from '../core/analysis/load';
import { replayedPart, type ReplayedMigration } from '../core/analysis/types';
import { describeConnection } from '../core/db/database';
import { takeSnapshot } from '../core/status/engine';
import { renderProblems, renderStatusTable, renderUnchecked, snapshotToJson, summaryLine } from '../core/status/format';
import { cachedStatusInput, loadStatusInput } from '../core/status/inputs';
import { builtInTables } from '../schema';
import { english } from '../core/messages/catalog';
import { visibleName } from '../core/messages/visible';
import { describeProjectFacts, laravelTargetOf, projectFactsToJson, withModelsOf, withUnknownFolders, type ProjectFacts } from '../core/project';
import { isProblemState, pendingFiles, type StatusCatalog, type StatusFile } from '../core/status/types';
import type { SnapshotInput } from '../core/status/engine';
import { parseCommandArgs } from './args';
import { connectionFlags, connectionOptions, connectionOptionsHelp, readCliEnv, resolveCliConnection } from './connectionOptions';
import { CliCommand, ExitCode, UsageError } from './io';
import { withDatabase } from './lifecycle';
import { allConnectionsStatus, connectionsHelp, namedConnection, settingsConnections } from './connections';
import { withSshTunnel } from './ssh';
import { databasesHelp, serverFlags, tenantsStatus } from './tenants';
import { laravelVersionHelp, migrationFolders, modelsReader, projectFacts, projectOptions, strictSetting } from './project';
import { VERSION } from './version';

export const statusHelp = `Usage: migration-doctor status [connection options] [--path DIR]... [--laravel-version V] [--json] [--pending] [--no-cache]

Shows every migration as Laravel's migrate:status does (ran / pending, batch), plus:
  ran-table-missing     recorded as ran, but a table its up() creates does not exist
  pending-table-exists  not recorded, but a table its up() creates exists (migrate fails with 1050)
  orphan-record         a row of the migrations table without a migration file
  schema-drift          recorded, table present, structure differs from its expected schema

Options:
  --path DIR    a migrations folder (repeatable; default: migrationDoctor.migrationPaths from
                .vscode/settings.json, else database/migrations, with the folders the installed
                packages register with loadMigrationsFrom(), as artisan migrate:status does)
${laravelVersionHelp}
  --json        print { connection, migrationsTable, migrations: [{ name, state, batch, tables, problems, unchecked? }],
                (unchecked: [{ table, reason }], or [{ expression, reason }] for a table named by what cannot be read)
                laravel: { version, versionSource, driver, driverSource, defaultConnection, defaultConnectionSource, packageMigrations } }
  --pending     list only migrations that have not cleanly run, and exit 1 when any is pending
${databasesHelp}
${connectionsHelp}
  --no-cache    parse every migration file, neither reading nor writing the analysis cache
                (.migration-doctor/cache/ under the current folder, which also keeps what
                composer files, config/app.php and the providers said; a file is parsed again
                when its size, modification time, change time or inode differs)
  --help        show this help

${connectionOptionsHelp}
Exit: 0 when every migration is ran (or pending, without --pending), 1 when any other state is present,
2 on a connection or usage error, 70 on an internal error (a bug: the message says where its log is).
`;

export const status: CliCommand = async (args, io) => {
  const { values } = parseCommandArgs('status', args, {
    ...projectOptions,
    ...connectionOptions,
    json: { type: 'boolean' },
    pending: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
    databases: { type: 'string' },
    connection: { type: 'string' },
    'all-connections': { type: 'boolean' },
    preflight: { type: 'boolean' },
  });
  if (values.help) {
    io.out(statusHelp);
    return ExitCode.ok;
  }
  const flags = serverFlags(connectionFlags(values), values.databases);
  const folders = await migrationFolders(io, 'status', values.path ?? []);
  const password = async () => (flags.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : io.env.DB_PASSWORD);
  if (values.preflight && !values['all-connections']) throw new UsageError('--preflight goes with --all-connections (for one connection, run migration-doctor preflight).');
  const env = await readCliEnv(io, flags.envFile);
  if (values['all-connections']) {
    // The connections are the settings', but what the facts and strict read of the .env is the one named: a named file that cannot be read is said.
    if (flags.envFile !== undefined && !env.read.ok) throw env.read.error;
    const all = await settingsConnections(io, await password());
    // The project's facts are the same for every connection: read once, when the first needs them.
    let facts: Promise<ProjectFacts> | undefined;
    const project = () => (facts ??= projectFacts(io, folders, { paths: values.path ?? [], laravelVersion: values['laravel-version'], env, cached: !values['no-cache'] }));
    const models = modelsReader(io, !values['no-cache']);
    // Off by default: status reads a fixed number of queries, preflight reads the rows the pending migrations touch.
    const strict = values.preflight ? await strictSetting(io, {}, env) : undefined;
    return allConnectionsStatus(io, all, async (named) => {
      const p = await project();
      return withUnknownFolders(await loadStatusInput(p.folders, { tablePrefix: named.tablePrefix, laravel: laravelTargetOf(p.laravel) }, builtInTables, undefined, undefined, models), p);
    }, strict === undefined ? undefined : async (db, snapshot, named) => {
      const p = await project();
      const pending = pendingFiles(snapshot);
      const translate = await withModelsOf({ tablePrefix: named.tablePrefix, laravel: laravelTargetOf(p.laravel) }, pending, models);
      // Loaded only here: the simulation brings the translator (and drizzle-orm) a plain status never needs.
      const { preflightPending } = await import('../core/preflight/run');
      return preflightPending(db, snapshot, translate, { strict });
    });
  }
  // The facts first: the connection takes their Laravel version rather than reading composer.lock again.
  const project = await projectFacts(io, folders, { paths: values.path ?? [], laravelVersion: values['laravel-version'], env, cached: !values['no-cache'] });
  const models = modelsReader(io, !values['no-cache']);
  const connection = values.connection !== undefined
    ? { ok: true as const, value: await namedConnection(io, values.connection, await password()) }
    : await resolveCliConnection(flags, io, env, !values['no-cache'], values['laravel-version'], project.laravel.version);
  if (!connection.ok) throw connection.error;
  const options = connection.value;
  const translate = { tablePrefix: options.tablePrefix, laravel: laravelTargetOf(project.laravel) };
  // Parsing 10,000 files takes a second; a warm cache makes the run as fast as the database.
  const cache = values['no-cache'] ? undefined : new AnalysisCache(analysisCachePath(io.cwd, project.folders), analyserIdentity(VERSION));
  const skipped: SkippedEntry[] = [];
  const load = async (f: readonly string[]) => {
    const loaded = cache ? await cache.loadMigrations(f) : await listMigrationPaths(f).then((l) => ({ migrations: readMigrations(l.paths), skipped: l.skipped }));
    skipped.push(...loaded.skipped);
    return loaded.migrations;
  };
  // Without the cache (which writes whole analyses), one database's status keeps only what it and the translation read of each file.
  const loadReplayed = async (f: readonly string[]): Promise<ReplayedMigration[]> => {
    const listed = await listMigrationPaths(f);
    skipped.push(...listed.skipped);
    return readMigrationsKeeping(listed.paths, replayedPart);
  };
  // One database through the cache reads only the status part of each analysis.
  const statusInput = async (): Promise<SnapshotInput<StatusFile, StatusCatalog>> => {
    if (!cache) return loadStatusInput(project.folders, translate, builtInTables, loadReplayed, undefined, models);
    const cached = await cachedStatusInput(project.folders, translate, builtInTables, cache, models);
    skipped.push(...cached.skipped);
    return cached.input;
  };
  const prepare = async <I extends SnapshotInput<StatusFile, StatusCatalog>>(loaded: Promise<I>) => {
    const input = withUnknownFolders(await loaded, project);
    for (const entry of skipped) io.err(`migration-doctor status: ${visibleName(entry.path)} skipped: ${visibleName(entry.reason)}.\n`);
    for (const m of input.migrations) {
      const problem = readingProblem(m, m.path);
      if (problem) io.err(`migration-doctor status: ${visibleName(problem)}.\n`);
    }
    const cacheError = cache?.save();
    if (cacheError) io.err(`migration-doctor status: the analysis cache could not be written (${cacheError.message}); run with --no-cache to skip it.\n`);
    return input;
  };
  const databases = values.databases;
  if (databases !== undefined) {
    return withSshTunnel(flags, options, io, (through) => withDatabase(through, () => prepare(loadStatusInput(project.folders, translate, builtInTables, load, cache, models)),
      (db, input) => tenantsStatus(db, databases, input, values.json ?? false, io)));
  }
  // Two connections: the snapshot's information_schema reads, sent together, are answered side by side.
  return withSshTunnel(flags, options, io, (through) => withDatabase(through, () => prepare(statusInput()), async (db, input) => {
    const snapshot = await takeSnapshot(db, input);
    // Like Laravel 10+'s `migrate:status --pending`: only what has not cleanly run.
    const shown = values.pending ? snapshot.migrations.filter((m) => m.state !== 'ran') : snapshot.migrations;
    if (values.json) {
      io.out(`${JSON.stringify({ ...snapshotToJson(snapshot, shown), laravel: projectFactsToJson(project) }, null, 2)}\n`);
    } else {
      if (input.migrations.length === 0) io.err(`No migration files in ${folders.map(visibleName).join(', ')}.\n`);
      const tableFrom = snapshot.connection.migrationsTableSource;
      io.out(`Connection: ${describeConnection(snapshot.connection)}, table ${visibleName(snapshot.migrationsTable)}${tableFrom ? ` (${tableFrom})` : ''}\n`);
      io.out(`${describeProjectFacts(project, io.cwd).map(english).join('\n')}\n`);
      io.out(renderStatusTable(shown));
      io.out(renderProblems(shown));
      io.out(renderUnchecked(shown));
      io.out(`\n${summaryLine(snapshot)}\n`);
    }
    const findings = snapshot.migrations.some((m) => isProblemState(m.state) || (values.pending && m.state === 'pending'));
    return findings ? ExitCode.findings : ExitCode.ok;
  }, 2));
};
