// What the project itself says about how its migrations run: the Laravel version and driver,
// and the migration folders its packages register. Never imports 'vscode'.
import * as path from 'node:path';
import { readTextFile } from '../analysis/readSource';
import { variablesOf } from './databaseConfig';
import { english, message, type Message } from '../messages/catalog';
import type { SnapshotInput } from '../status/engine';
import type { StatusCatalog, StatusFile } from '../status/types';
import type { LaravelTarget } from '../translate/laravelTarget';
import { readLaravelFacts, type LaravelFacts, type LaravelFactsInput } from './laravelVersion';
import { readModelFacts, type ModelFacts, type ModelKey } from './models';
import { findPackageMigrations, type PackageMigrations } from './packages';
import { keptAnswer, plainFiles, type KeptAnswers, type ProjectFiles, type Variables } from './files';

export { describeProjectFacts } from './describe';

export { describeLaravelFacts, lowestAllowedVersion, majorVersion, readLaravelFacts, type Fact, type LaravelFacts, type LaravelFactsInput } from './laravelVersion';
export { findPackageMigrations, type PackageMigrationFolder, type PackageMigrations, type UnresolvedRegistration } from './packages';
export type { KeptAnswers } from './files';
export { modelClassesOf, readModelFacts, withModelsOf, type ModelFacts, type ModelsReader, type ModelKey, type ModelReading } from './models';
export { connectionStrictAt, preflightStrict, readConnectionStrict, type ConnectionStrict } from './strict';
export { connectionRecipeCachePath, readProjectConnection } from './connection';

/**
 * Every folder Laravel's migrator reads, in its order: the packages' first, then the app's own
 * (a file of the same name in a later folder replaces the earlier one, as in Laravel).
 */
export function allMigrationFolders(appFolders: readonly string[], packages: PackageMigrations | undefined): string[] {
  const own = new Set(appFolders.map((folder) => path.resolve(folder)));
  const fromPackages = (packages?.folders ?? []).map((f) => f.folder).filter((folder) => !own.has(folder));
  return [...new Set(fromPackages), ...appFolders];
}

export interface ProjectFacts {
  readonly laravel: LaravelFacts;
  /** undefined when the folders were named explicitly: like `artisan migrate --path`, then only those are read. */
  readonly packages?: PackageMigrations;
  /** The folders status and repair read: the packages' and the app's, in Laravel's order. */
  readonly folders: readonly string[];
}

export interface ProjectFactsInput extends LaravelFactsInput {
  /** false when the user named the folders (a `--path`): Laravel then reads only those. */
  readonly withPackages: boolean;
}

/** `<project>/.migration-doctor/cache/project.json`, beside the analysis cache: the facts of the last run and what they were read from. */
export function projectFactsCachePath(projectRoot: string): string {
  return path.join(projectRoot, '.migration-doctor', 'cache', 'project.json');
}

/**
 * The project at `root` whose own migrations are in `appFolders`. With `kept`, the facts of the
 * last run are reused while every file they were read from keeps its stamp (and every file and
 * folder looked for is still as found): a warm run then parses no PHP (config/app.php, the providers).
 */
export async function readProjectFacts(root: string, appFolders: readonly string[], input: ProjectFactsInput, kept?: KeptAnswers): Promise<ProjectFacts> {
  const read = async (files: ProjectFiles, variable: Variables | undefined): Promise<Omit<ProjectFacts, 'folders'>> => {
    const [laravel, packages] = await Promise.all([
      readLaravelFacts(root, { ...input, ...(variable ? { variable } : {}) }, files),
      input.withPackages ? findPackageMigrations(root, files) : Promise.resolve(undefined),
    ]);
    return { laravel, ...(packages ? { packages } : {}) };
  };
  // The variables config/database.php reads are kept as observations, not parameters: only those count.
  const parameters = JSON.stringify([path.resolve(root), input.withPackages, input.explicitVersion ?? null, input.dbConnection ?? null, input.variable !== undefined]);
  const facts = kept ? await keptAnswer(kept, parameters, plausibleFacts, (files, variable) => read(files, variable), input.variable)
    : await read(plainFiles, input.variable);
  return { ...facts, folders: allMigrationFolders(appFolders, facts.packages) };
}

/**
 * The models `classNames` (those the analysed migrations name in foreignIdFor()). With `kept`, the
 * last run's reading is reused while every file it read (the models, their parents and traits,
 * composer's autoload files) keeps its stamp: the migrations themselves are not looked at again.
 */
export async function readModelsNamed(root: string, classNames: readonly string[], kept?: KeptAnswers): Promise<ModelFacts> {
  const names = [...new Set(classNames)].sort();
  if (names.length === 0 || !kept) return readModelFacts(root, names, plainFiles);
  return keptAnswer({ ...kept, file: modelFactsCachePath(kept.file) }, JSON.stringify([path.resolve(root), names]), plausibleModelsOf(names), (files) => readModelFacts(root, names, files));
}

/** models.json beside the kept project facts. */
function modelFactsCachePath(projectFactsFile: string): string {
  return path.join(path.dirname(projectFactsFile), 'models.json');
}

/** A cheap shape check of kept models (`names`, each a key or why not), so that a damaged file is read again rather than trusted. */
function plausibleModelsOf(names: readonly string[]): (value: unknown) => value is ModelFacts {
  const plausibleKey = (k: Partial<ModelKey> | null): boolean => typeof k === 'object' && k !== null && typeof k.keyName === 'string' && typeof k.keyType === 'string'
    && typeof k.incrementing === 'boolean' && typeof k.ulids === 'boolean' && (k.table === undefined || typeof k.table === 'string');
  const plausibleUnknown = (m: Partial<Message> | null): boolean => typeof m === 'object' && m !== null && typeof m.id === 'string' && Array.isArray(m.args);
  return (value): value is ModelFacts => typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.keys(value).length === names.length && names.every((name) => {
      const r = Object.hasOwn(value, name) ? (value as Record<string, { key?: ModelKey; unknown?: Message }>)[name] : undefined;
      return typeof r === 'object' && r !== null && ('key' in r ? plausibleKey(r.key ?? null) : plausibleUnknown(r.unknown ?? null));
    });
}

/** A cheap shape check of kept facts, so that a hand-edited or damaged file is read again rather than trusted. */
function plausibleFacts(value: unknown): value is Omit<ProjectFacts, 'folders'> {
  const v = value as Partial<ProjectFacts> | null;
  const fact = (f: unknown) => typeof f === 'object' && f !== null && typeof (f as { source?: unknown }).source === 'string';
  const p = v?.packages;
  return typeof v === 'object' && v !== null && typeof v.laravel === 'object' && v.laravel !== null
    && fact(v.laravel.version) && fact(v.laravel.driver) && fact(v.laravel.connection) && Array.isArray(v.laravel.notes)
    && (p === undefined || (typeof p === 'object' && p !== null && Array.isArray(p.folders) && p.folders.every((f) => typeof f?.folder === 'string')
      && Array.isArray(p.unresolved) && Array.isArray(p.ignored) && Array.isArray(p.problems)));
}

/** The facts' reading of the .env at `envFile` (one that cannot be read is none): {@link dbConnectionOf}. */
export async function readDbConnection(envFile: string | undefined, environment: Readonly<Record<string, string | undefined>>): Promise<Pick<LaravelFactsInput, 'dbConnection' | 'variable'>> {
  const text = envFile ? await readTextFile(envFile).catch(() => undefined) : undefined;
  return dbConnectionOf(text === undefined ? undefined : { text, file: envFile! }, environment);
}

/**
 * What the facts read of the environment and the .env (`env`: its text and file, undefined when
 * there is none to read): DB_CONNECTION as Laravel sees it (the environment wins over the .env
 * file; undefined when neither sets it), and every variable, for the env() of config/database.php.
 */
export function dbConnectionOf(
  env: { readonly text: string; readonly file: string } | undefined, environment: Readonly<Record<string, string | undefined>>,
): Pick<LaravelFactsInput, 'dbConnection' | 'variable'> {
  const values = variablesOf(env?.text ?? '', environment);
  const variable: Variables = (name) => (Object.hasOwn(values, name) ? values[name] : undefined);
  if (environment.DB_CONNECTION) return { dbConnection: { value: environment.DB_CONNECTION, source: 'the environment' }, variable };
  const value = env === undefined ? undefined : values.DB_CONNECTION;
  return { ...(value ? { dbConnection: { value, source: path.basename(env!.file) } } : {}), variable };
}

/**
 * What the translation follows. An unknown version stays unknown: the translation then
 * reports the structures as unknown rather than assuming one version's grammar.
 */
export function laravelTargetOf(facts: LaravelFacts): LaravelTarget {
  // A driver not known: the grammar follows the likeliest one, and nothing is decided by the driver.
  return {
    version: facts.version.value ?? 'unknown', driver: facts.driver.value ?? 'mysql', ...(facts.driver.value === undefined || facts.driver.assumed ? { driverAssumed: true as const } : {}),
    ...(facts.connection.value !== undefined ? { defaultConnection: facts.connection.value } : {}),
    ...(facts.strict?.value !== undefined ? { strict: facts.strict.value } : {}),
    ...(facts.charset?.value !== undefined ? { charset: facts.charset.value } : {}),
    ...(facts.prefix?.value?.table ? { connectionPrefix: facts.prefix.value } : {}),
    ...(facts.mysqlFamily !== undefined ? { mysqlFamily: facts.mysqlFamily } : {}),
  };
}

/** What the packages register that cannot be told (a path computed at run time, a provider not found), in words. */
export function unknownMigrationFolders(facts: ProjectFacts): Message[] {
  return [
    ...(facts.packages?.unresolved ?? []).map((u) => message('packages.unresolved', u.provider, u.expression, u.file, u.line)),
    ...(facts.packages?.problems ?? []),
  ];
}

/** The status input, told which migration folders cannot be told: no row that may be theirs is offered for deletion. */
export function withUnknownFolders<I extends SnapshotInput<StatusFile, StatusCatalog>>(input: I, facts: ProjectFacts): I {
  const unknownFolders = unknownMigrationFolders(facts);
  return unknownFolders.length ? { ...input, unknownFolders } : input;
}

/** The facts as status --json and the editor show them. */
export function projectFactsToJson(facts: ProjectFacts): object {
  const { version, driver, connection, notes } = facts.laravel;
  return {
    version: version.value ?? 'unknown',
    versionSource: version.source,
    driver: driver.value === undefined || driver.assumed ? 'unknown' : driver.value,
    driverSource: driver.source,
    defaultConnection: connection.value ?? 'unknown',
    defaultConnectionSource: connection.source,
    ...(notes.length ? { notes: notes.map(english) } : {}),
    ...(facts.packages ? {
      packageMigrations: {
        folders: facts.packages.folders.map((f) => ({ folder: f.folder, package: f.package ?? null, provider: f.provider, ...(f.condition ? { condition: f.condition } : {}) })),
        cannotTell: unknownMigrationFolders(facts).map(english),
        ignored: facts.packages.ignored.map((i) => ({ folder: i.folder, package: i.package ?? null, because: english(i.because) })),
      },
    } : {}),
  };
}

