// `migration-doctor preflight`: every way the next `php artisan migrate` will fail on that
// database, predicted with reads only (a SELECT-only account is enough).
import * as path from 'node:path';
import { readingProblem } from '../core/analysis/load';
import { describeConnection, publicConnection } from '../core/db/database';
import { english, message } from '../core/messages/catalog';
import { visibleName } from '../core/messages/visible';
import { preflightDatabase, type DatabasePreflight, type MigrationPrediction, type MigrationsTableFinding } from '../core/preflight';
import { laravelTargetOf, withUnknownFolders } from '../core/project';
import { loadStatusInput } from '../core/status/inputs';
import { builtInTables } from '../schema';
import { parseCommandArgs } from './args';
import { githubData, githubProperty } from './githubAnnotations';
import { connectionFlags, connectionOptions, connectionOptionsHelp, readCliEnv, resolveCliConnection } from './connectionOptions';
import { CliCommand, CliIo, ExitCode, UsageError } from './io';
import { withDatabase } from './lifecycle';
import { plural } from './plural';
import { laravelVersionHelp, migrationFolders, modelsReader, projectFacts, projectOptions, strictSetting } from './project';

export const preflightHelp = `Usage: migration-doctor preflight [connection options] [--path DIR]... [--laravel-version V] [--json | --format sarif|github]

Predicts, without changing anything, how the next 'php artisan migrate' will go on this database:
the pending migrations replayed in Laravel's order onto the live structure, each statement checked
against the structure (1050, 1060, 1061, 1091, 1054, 1146, 1005/150, 1068...) and against the live
rows with bounded reads (1062 duplicates, 1265 NULLs / enum values still used, 1406 longer values,
1264 out of range, 1452 orphan rows). What cannot be simulated (raw SQL, unreadable files) is
'unchecked', with its reason. The migrations table is read too: rows without their file,
recorded migrations whose table is gone, batches no row has; each says whether it is only a
warning or makes a pending migration fail. A SELECT-only account is enough; a missing
privilege is said.

Options:
  --path DIR        a migrations folder (repeatable; default as for status)
${laravelVersionHelp}
  --strict, --not-strict
                    the connection's 'strict' (with it off, NULLs and longer values are converted, not refused);
                    default: read from config/database.php and the .env, and when it cannot be told
                    the predictions that depend on it are unchecked
  --json            print { connection, migrations: [{ name, prediction, error: { code, message }, statement, evidence }],
                    migrationsTableFindings: [{ kind, severity, migration, table, batches, message, effect, failingMigration }] }
  --format F        sarif (SARIF 2.1.0) or github (workflow commands for GitHub Actions)
  --help            show this help

${connectionOptionsHelp}
Exit: 0 when the next migrate is predicted to pass, 1 when any failure is predicted, 2 on a usage
or connection error, 70 on an internal error.
`;

export const preflight: CliCommand = async (args, io) => {
  const { values } = parseCommandArgs('preflight', args, {
    ...projectOptions,
    ...connectionOptions,
    json: { type: 'boolean' },
    format: { type: 'string' },
    strict: { type: 'boolean' },
    'not-strict': { type: 'boolean' },
  });
  if (values.help) {
    io.out(preflightHelp);
    return ExitCode.ok;
  }
  const format = values.json ? 'json' : values.format ?? 'text';
  if (!['json', 'text', 'sarif', 'github'].includes(format) || (values.json && values.format)) {
    throw new UsageError(`--format takes sarif or github (or use --json alone), not '${values.format}'.`);
  }
  if (values.strict && values['not-strict']) throw new UsageError('--strict and --not-strict cannot be given together.');
  const flags = connectionFlags(values);
  const folders = await migrationFolders(io, 'preflight', values.path ?? []);
  const env = await readCliEnv(io, flags.envFile);
  // The facts first: the connection takes their Laravel version rather than reading composer.lock again.
  const project = await projectFacts(io, folders, { paths: values.path ?? [], laravelVersion: values['laravel-version'], env });
  const connection = await resolveCliConnection(flags, io, env, false, values['laravel-version'], project.laravel.version);
  if (!connection.ok) throw connection.error;
  const options = connection.value;
  const translate = { tablePrefix: options.tablePrefix, laravel: laravelTargetOf(project.laravel) };
  const strict = await strictSetting(io, values, env);
  const prepare = async () => {
    const input = withUnknownFolders(await loadStatusInput(project.folders, translate, builtInTables, undefined, undefined, modelsReader(io, false)), project);
    for (const m of input.migrations) {
      const problem = readingProblem(m, m.path);
      if (problem) io.err(`migration-doctor preflight: ${visibleName(problem)}.\n`);
    }
    return input;
  };
  return withDatabase(options, prepare, async (db, input) => {
    const result = await preflightDatabase(db, input, input.translate, { strict });
    for (const missing of result.missingPrivileges) io.err(`migration-doctor preflight: a privilege is missing (${missing}); the checks that needed it are unchecked. SELECT on the schema is enough.\n`);
    const paths = result.paths;
    if (format === 'json') {
      const json = { connection: publicConnection(options), migrations: result.migrations.map(toJson), migrationsTableFindings: result.migrationsTableFindings.map(findingJson) };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
    }
    else if (format === 'sarif') io.out(`${JSON.stringify(toSarif(result, paths, io.cwd), null, 2)}\n`);
    else if (format === 'github') io.out(toGithub(result, paths));
    else io.out(toText(result, describeConnection(publicConnection(options))));
    return result.migrations.some((m) => m.prediction === 'fails') ? ExitCode.findings : ExitCode.ok;
  });
};

function toJson(m: MigrationPrediction) {
  return { name: m.name, prediction: m.prediction, ...(m.error ? { error: m.error } : {}), statement: m.statement ?? null, evidence: m.evidence };
}

function findingJson(f: MigrationsTableFinding) {
  const { path: _path, ...shown } = f;
  return shown;
}

const findingLine = (f: MigrationsTableFinding): string => `${f.severity}: ${visibleName(f.message)} ${visibleName(f.effect)}`;

function line(m: MigrationPrediction): string {
  const e = m.evidence;
  switch (m.prediction) {
    case 'fails': {
      if (m.error!.thrown) return english(message('preflight.willFailThrown', m.error!.message));
      const count = e.count !== undefined ? ` (${e.count}${e.countLimit ? '+' : ''} found${e.samples?.length ? `: ${e.samples.map(visibleName).join(', ')}` : ''})` : '';
      return `will fail: ${m.error!.code ?? 'doctrine/dbal'} ${visibleName(m.error!.message)}${count}`;
    }
    case 'unchecked': return `unchecked: ${visibleName(e.reason ?? '')}`;
    case 'not-reached': return `not reached: ${visibleName(e.reason ?? '')}`;
    default: return 'passes';
  }
}

function toText(result: DatabasePreflight, connection: string): string {
  const out = [`Connection: ${connection}`];
  if (result.migrations.length === 0) out.push('Nothing to migrate.');
  for (const m of result.migrations) {
    out.push(`  ${visibleName(m.name)}: ${line(m)}${m.afterFailureOf ? ` (once ${visibleName(m.afterFailureOf)} is fixed)` : ''}`);
    if (m.prediction === 'fails' && m.statement) out.push(`      statement: ${visibleName(m.statement)}`);
    if (m.prediction === 'fails' && m.evidence.advice) out.push(`      to avoid it: ${visibleName(m.evidence.advice)}`);
  }
  if (result.migrationsTableFindings.length > 0) out.push('', 'Migrations table:', ...result.migrationsTableFindings.map((f) => `  ${findingLine(f)}`));
  const failing = result.migrations.filter((m) => m.prediction === 'fails').length;
  const unchecked = result.migrations.filter((m) => m.prediction === 'unchecked').length;
  out.push('', failing > 0 ? `The next migrate is predicted to fail (${plural(failing, 'failure')}, ${unchecked} unchecked).`
    : `The next migrate is predicted to pass${unchecked > 0 ? ` (${plural(unchecked, 'migration')} unchecked)` : ''}.`);
  return `${out.join('\n')}\n`;
}

const level = { 'predicted-failure': 'error', warning: 'warning', unknown: 'note' } as const;

function toGithub(result: DatabasePreflight, paths: ReadonlyMap<string, string>): string {
  const command = { error: 'error', warning: 'warning', note: 'notice' } as const;
  const migrations = result.migrations
    .filter((m) => m.prediction === 'fails' || m.prediction === 'unchecked')
    .map((m) => `::${m.prediction === 'fails' ? 'error' : 'warning'} file=${githubProperty(paths.get(m.name) ?? m.name)},title=${githubProperty(`preflight: ${m.name}`)}::${githubData(line(m))}\n`);
  const findings = result.migrationsTableFindings.map((f) => `::${command[level[f.severity]]} ${f.path ? `file=${githubProperty(f.path)},` : ''}title=${githubProperty(`preflight: migrations table: ${f.kind}`)}::${githubData(`${f.message} ${f.effect}`)}\n`);
  return [...migrations, ...findings].join('');
}

function toSarif(result: DatabasePreflight, paths: ReadonlyMap<string, string>, cwd: string) {
  const uri = (p: string) => (p.startsWith(`${cwd}/`) ? p.slice(cwd.length + 1) : p);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'migration-doctor preflight', rules: [{ id: 'preflight-fails' }, { id: 'preflight-unchecked' }, { id: 'preflight-migrations-table' }] } },
      results: [
        ...result.migrations.filter((m) => m.prediction === 'fails' || m.prediction === 'unchecked').map((m) => ({
          ruleId: m.prediction === 'fails' ? 'preflight-fails' : 'preflight-unchecked',
          level: m.prediction === 'fails' ? 'error' : 'warning',
          message: { text: `${m.name}: ${line(m)}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(paths.get(m.name) ?? m.name) } } }],
        })),
        // A row without its file, or a gap, has no file to point at: SARIF allows a result without a location.
        ...result.migrationsTableFindings.map((f) => ({
          ruleId: 'preflight-migrations-table',
          level: level[f.severity],
          message: { text: `${f.kind}: ${f.message} ${f.effect}` },
          ...(f.path ? { locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.path) } } }] } : {}),
        })),
      ],
    }],
  };
}
