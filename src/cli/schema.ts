// migration-doctor schema: Drizzle schema files (one per table + index.ts) translated from
// the project's migrations, so a team can adopt Drizzle over an existing Laravel database.
import { visibleName } from '../core/messages/visible';
import * as path from 'node:path';
import { onDefaultConnection } from '../core/analysis/connections';
import { loadMigrations } from '../core/analysis/load';
import { catalogForGeneration, generateDrizzleSchemaFiles, generatedHeader, writeDrizzleSchemaFolder } from '../core/translate/schemaFolder';
import { english } from '../core/messages/catalog';
import { describeProjectFacts, laravelTargetOf, withModelsOf } from '../core/project';
import { builtInTables } from '../schema';
import { parseCommandArgs } from './args';
import { CliCommand, ExitCode, UsageError } from './io';
import { plural } from './plural';
import { laravelVersionHelp, migrationFolders, modelsReader, projectFacts, projectOptions } from './project';

const help = `Usage: migration-doctor schema --out DIR [--path DIR]... [options]

Translates the migrations (Schema::create, then every later Schema::table, rename and
drop, in Laravel's order) into Drizzle ORM mysql-core tables, exactly as the project's Laravel
version builds them on MySQL/MariaDB, and writes one file per table plus an index.ts into DIR.

Options:
  --out DIR            Folder to write (created if needed). Required.
  --path DIR           A migrations folder; repeatable (default: migrationDoctor.migrationPaths
                       from .vscode/settings.json, else database/migrations, with the folders
                       the installed packages register with loadMigrationsFrom()).
${laravelVersionHelp}
  --prefix PREFIX      The connection's table prefix (default: none).
  --no-prefix-indexes  The connection sets 'prefix_indexes' => false.
  --string-length N    The application calls Schema::defaultStringLength(N) (default 255).
  --force              Overwrite files in DIR that Migration Doctor did not generate.

Tables whose structure cannot be known statically (a loop, a variable, raw SQL) are not
written; they are listed with the reason.
Exit codes: 0 written, 1 files were in the way (see --force), 2 bad usage, 70 an internal error (a bug:
the message says where its log is).
`;

interface SchemaOptions {
  out: string;
  paths: string[];
  prefix: string;
  prefixIndexes: boolean;
  stringLength?: number;
  laravelVersion?: string;
  force: boolean;
}

export function parseSchemaArgs(args: readonly string[]): SchemaOptions | 'help' {
  const { values } = parseCommandArgs('schema', args, {
    ...projectOptions,
    out: { type: 'string' },
    prefix: { type: 'string' },
    'no-prefix-indexes': { type: 'boolean' },
    'string-length': { type: 'string' },
    force: { type: 'boolean' },
  });
  if (values.help) return 'help';
  if (!values.out) throw new UsageError('--out DIR is required: the folder to write the Drizzle schema into.');
  const length = values['string-length'];
  if (length !== undefined && !/^[1-9]\d*$/.test(length)) throw new UsageError(`--string-length needs a positive whole number, not '${length}'.`);
  return {
    out: values.out,
    paths: values.path ?? [],
    prefix: values.prefix ?? '',
    prefixIndexes: !values['no-prefix-indexes'],
    ...(length !== undefined ? { stringLength: Number(length) } : {}),
    ...(values['laravel-version'] !== undefined ? { laravelVersion: values['laravel-version'] } : {}),
    force: values.force ?? false,
  };
}

export const schema: CliCommand = async (args, io) => {
  const options = parseSchemaArgs(args);
  if (options === 'help') {
    io.out(help);
    return ExitCode.ok;
  }
  const folders = await migrationFolders(io, 'schema', options.paths);
  const project = await projectFacts(io, folders, { paths: options.paths, laravelVersion: options.laravelVersion });
  const laravel = laravelTargetOf(project.laravel);
  const migrations = onDefaultConnection(await loadMigrations(project.folders), laravel.defaultConnection);
  const catalog = catalogForGeneration(migrations, builtInTables, await withModelsOf({
    tablePrefix: options.prefix,
    prefixIndexes: options.prefixIndexes,
    defaultStringLength: options.stringLength,
    laravel,
  }, migrations, modelsReader(io, false)));
  const out = path.resolve(io.cwd, options.out);
  const result = await writeDrizzleSchemaFolder(generateDrizzleSchemaFiles(catalog, { header: generatedHeader }), out, options.force);
  if (!result.ok) {
    io.err(`migration-doctor schema: ${visibleName(result.message.replace('allow overwriting', 'pass --force'))}\n`);
    return ExitCode.findings;
  }
  const relative = path.relative(io.cwd, out) || '.';
  io.out(`Wrote ${plural(result.value.written.length, 'file')} to ${relative} (${plural(catalog.tables.size, 'table')} from ${plural(migrations.length, 'migration')}).\n`);
  if (project.laravel.version.value === undefined) io.out(`${english(describeProjectFacts(project, io.cwd)[0]!)}\n`);
  for (const unknown of catalog.unknown.values()) {
    io.out(`Not generated: ${visibleName(unknown.name)}: ${visibleName(unknown.reason)}\n`);
  }
  return ExitCode.ok;
};
