// What a project is, for every CLI command: the migration folders given, else
// migrationDoctor.migrationPaths in .vscode/settings.json, else database/migrations (as the editor).
import { readWorkspaceSettings, resolveMigrationInputs, type MigrationInput } from '../core/analysis/settings';
import { analyserIdentity } from '../core/analysis/cache';
import { dbConnectionOf, laravelTargetOf, connectionStrictAt, preflightStrict, projectFactsCachePath, readLaravelFacts, readModelsNamed, readProjectFacts, type KeptAnswers, type LaravelFactsInput, type ProjectFacts } from '../core/project';
import type { ModelsReader } from '../core/project';
import type { LaravelTarget } from '../core/translate/laravelTarget';
import { readCliEnv, type CliEnv } from './connectionOptions';
import { CliIo, UsageError } from './io';
import { VERSION } from './version';

/** The migration folders and files, resolved; a settings file that cannot be read is said once on stderr. */
export async function migrationInputs(io: CliIo, command: string, given: readonly string[]): Promise<{ inputs: MigrationInput[]; rules: Awaited<ReturnType<typeof readWorkspaceSettings>>['rules'] }> {
  const settings = await readWorkspaceSettings(io.cwd);
  if (settings.problem) io.err(`migration-doctor ${command}: ${settings.problem}\n`);
  return { inputs: await resolveMigrationInputs(io.cwd, given, settings), rules: settings.rules };
}

/** Only folders: a missing one is a usage error (it would make every recorded migration an orphan). */
export async function migrationFolders(io: CliIo, command: string, given: readonly string[]): Promise<string[]> {
  const { inputs } = await migrationInputs(io, command, given);
  for (const input of inputs) {
    if (input.kind !== 'folder') {
      throw new UsageError(`'${input.input}' is not a folder. Give the migrations folder with --path, or run from the Laravel project's root.`);
    }
  }
  return inputs.map((input) => input.path);
}

/** The options every command that reads a project's migration folders takes (their help: laravelVersionHelp). */
export const projectOptions = {
  path: { type: 'string', multiple: true },
  'laravel-version': { type: 'string' },
} as const;

export const laravelVersionHelp = `  --laravel-version V   the Laravel version whose schema grammar builds the tables, when neither
                        composer.lock nor composer.json says (default: migrationDoctor.laravelVersion)`;

/**
 * The Laravel version and driver, and the folders Laravel reads: the packages' registered
 * folders too, unless the folders were named with --path (as `artisan migrate --path`).
 */
export async function projectFacts(
  io: CliIo, appFolders: readonly string[], given: { paths: readonly string[]; laravelVersion?: string; env?: CliEnv; cached?: boolean },
): Promise<ProjectFacts> {
  const input = { withPackages: given.paths.length === 0, ...(await laravelInputs(io, given)) };
  return readProjectFacts(io.cwd, appFolders, input, keptFacts(io, given.cached));
}

/** Kept beside the analysis cache by the commands that keep one: a warm status reads no PHP file with php-parser. */
function keptFacts(io: CliIo, cached: boolean | undefined): KeptAnswers | undefined {
  return cached ? { file: projectFactsCachePath(io.cwd), analyser: analyserIdentity(VERSION) } : undefined;
}

/** The models the analysed migrations name in foreignIdFor(), read (and kept, when `cached`, beside the project's facts). */
export function modelsReader(io: CliIo, cached: boolean): ModelsReader {
  const kept = keptFacts(io, cached);
  return (classNames) => readModelsNamed(io.cwd, classNames, kept);
}

/** The Laravel version and driver alone (lint reads only the app's own migrations). */
export async function laravelTarget(io: CliIo, given: { laravelVersion?: string }): Promise<LaravelTarget> {
  return laravelTargetOf(await readLaravelFacts(io.cwd, await laravelInputs(io, given)));
}

/** --laravel-version, else migrationDoctor.laravelVersion in .vscode/settings.json; DB_CONNECTION from the environment, else the .env (./.env unless given). */
async function laravelInputs(io: CliIo, given: { laravelVersion?: string; env?: CliEnv }): Promise<LaravelFactsInput> {
  const explicitVersion = await explicitVersionOf(io, given.laravelVersion);
  const env = given.env ?? await readCliEnv(io, undefined);
  return { ...(explicitVersion ? { explicitVersion } : {}), ...dbConnectionOf(env.read.ok ? { text: env.read.value, file: env.file } : undefined, io.env) };
}

/** --laravel-version, else migrationDoctor.laravelVersion in .vscode/settings.json, with its name. */
export async function explicitVersionOf(io: CliIo, laravelVersion: string | undefined): Promise<LaravelFactsInput['explicitVersion']> {
  if (laravelVersion !== undefined) return { value: laravelVersion, name: '--laravel-version' };
  const settings = await readWorkspaceSettings(io.cwd);
  return settings.laravelVersion !== undefined ? { value: settings.laravelVersion, name: 'migrationDoctor.laravelVersion (.vscode/settings.json)' } : undefined;
}

/** --strict or --not-strict, else what the app's config/database.php and .env say, else unknown (with why). */
export async function strictSetting(io: CliIo, values: { strict?: boolean; 'not-strict'?: boolean }, env: CliEnv): Promise<boolean | { unknown: string }> {
  if (values.strict || values['not-strict']) return !values['not-strict'];
  // The run's .env, already read: one that cannot be read sets nothing.
  return preflightStrict(await connectionStrictAt(io.cwd, async () => (env.read.ok ? env.read.value : ''), io.env));
}
