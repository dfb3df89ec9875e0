// migration-doctor schema: Drizzle schema files (one per table + index.ts) translated from
// the project's migrations, so a team can adopt Drizzle over an existing Laravel database.
import * as path from 'node:path';
import { loadMigrations } from '../core/analysis/load';
import { readWorkspaceSettings, resolveMigrationInputs } from '../core/analysis/settings';
import { catalogForGeneration, generateDrizzleSchemaFiles, generatedHeader, writeDrizzleSchemaFolder } from '../core/translate/schemaFolder';
import { expectedTables } from '../schema';
import { CliCommand, ExitCode, UsageError } from './io';

const help = `Usage: migration-doctor schema --out DIR [--path DIR]... [options]

Translates the migrations (Schema::create, then every later Schema::table, rename and
drop, in Laravel's order) into Drizzle ORM mysql-core tables, exactly as Laravel 8 builds
them on MySQL/MariaDB, and writes one file per table plus an index.ts into DIR.

Options:
  --out DIR            Folder to write (created if needed). Required.
  --path DIR           A migrations folder; repeatable (default: migrationDoctor.migrationPaths
                       from .vscode/settings.json, else database/migrations).
  --prefix PREFIX      The connection's table prefix (default: none).
  --no-prefix-indexes  The connection sets 'prefix_indexes' => false.
  --string-length N    The application calls Schema::defaultStringLength(N) (default 255).
  --force              Overwrite files in DIR that Migration Doctor did not generate.

Tables whose structure cannot be known statically (a loop, a variable, raw SQL) are not
written; they are listed with the reason.
Exit codes: 0 written, 1 files were in the way (see --force), 2 bad usage.
`;

interface SchemaOptions {
  out?: string;
  paths: string[];
  prefix: string;
  prefixIndexes: boolean;
  stringLength?: number;
  force: boolean;
}

export function parseSchemaArgs(args: readonly string[]): SchemaOptions | 'help' {
  const options: SchemaOptions = { paths: [], prefix: '', prefixIndexes: true, force: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': return 'help';
      case '--out': options.out = value(); break;
      case '--path': options.paths.push(value()); break;
      case '--prefix': options.prefix = value(); break;
      case '--no-prefix-indexes': options.prefixIndexes = false; break;
      case '--string-length': {
        const v = value();
        if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--string-length needs a positive whole number, not '${v}'.`);
        options.stringLength = Number(v);
        break;
      }
      case '--force': options.force = true; break;
      default: throw new UsageError(`unknown argument '${arg}'. Run 'migration-doctor schema --help'.`);
    }
  }
  if (!options.out) throw new UsageError("--out DIR is required: the folder to write the Drizzle schema into.");
  return options;
}

export const schema: CliCommand = async (args, io) => {
  const options = parseSchemaArgs(args);
  if (options === 'help') {
    io.out(help);
    return ExitCode.ok;
  }
  const settings = await readWorkspaceSettings(io.cwd);
  const inputs = await resolveMigrationInputs(io.cwd, options.paths, settings);
  for (const input of inputs) {
    if (input.kind !== 'folder') throw new UsageError(`'${input.path}' is not a folder. Give the migrations folder with --path, or run from the Laravel project's root.`);
  }
  const folders = inputs.map((input) => input.path);
  const migrations = await loadMigrations(folders);
  const catalog = catalogForGeneration(migrations, expectedTables, {
    tablePrefix: options.prefix,
    prefixIndexes: options.prefixIndexes,
    defaultStringLength: options.stringLength,
  });
  const out = path.resolve(io.cwd, options.out!);
  const result = await writeDrizzleSchemaFolder(generateDrizzleSchemaFiles(catalog, { header: generatedHeader }), out, options.force);
  if (!result.ok) {
    io.err(`migration-doctor schema: ${result.message.replace('allow overwriting', 'pass --force')}\n`);
    return ExitCode.findings;
  }
  const relative = path.relative(io.cwd, out) || '.';
  io.out(`Wrote ${result.value.written.length} files to ${relative} (${catalog.tables.size} tables from ${migrations.length} migrations).\n`);
  for (const unknown of catalog.unknown.values()) {
    io.out(`Not generated: ${unknown.name}: ${unknown.reason}\n`);
  }
  return ExitCode.ok;
};
