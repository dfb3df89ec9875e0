// What a status snapshot needs, put together the same way for the CLI and the editor: the
// analysed migrations and the expected catalog (migrations translated, overridden by the
// Drizzle schemas). Never imports 'vscode'. The translator (with drizzle-orm) is loaded when
// something is translated: a CLI status whose translation is cached never evaluates it.
import type { AnalysisCache, DerivedCodec } from '../analysis/cache';
import { onDefaultConnection } from '../analysis/connections';
import { listMigrationPaths, loadMigrations, type SkippedEntry } from '../analysis/load';
import { runningDriver, type MigrationFile, type ReplayedMigration } from '../analysis/types';
import { drizzleTablesFor, withDrizzleTables, type DrizzleTableDefinition, type ExpectedCatalog, type ExpectedTable, type UnknownStructure } from '../structure/expected';
import { modelClassesOf, withModelsNamed, withModelsOf, type ModelsReader } from '../project/models';
import type { TranslateOptions, Translation } from '../translate';
import type { IncrementalTranslation } from '../translate/incremental';
import type { ServerKind, SnapshotInput } from './engine';
import { structurePort } from './structurePort';
import { statusFileOf, type StatusCatalog, type StatusFile } from './types';

type StatusTable = StatusCatalog extends { tables: ReadonlyMap<string, infer T> } ? T : never;
type StatusUnknown = StatusCatalog extends { unknown: ReadonlyMap<string, infer U> } ? U : never;
/** What status compares of the translated tables (their model), without what repair and the editor read too. */
type StatusTranslation = { readonly tables: Map<string, StatusTable>; readonly unknown: Map<string, StatusUnknown> };

const statusTranslationCodec: DerivedCodec<StatusTranslation> = {
  encode: (t) => ({ tables: [...t.tables.values()].map((table) => [table.name, table.model]), unknown: [...t.unknown.values()].map((u) => [u.name, u.reason]) }),
  decode: (json) => {
    const t = json as { tables: [string, StatusTable['model']][]; unknown: [string, string][] };
    if (!Array.isArray(t.tables) || !Array.isArray(t.unknown)) throw new Error('not a translation');
    return {
      tables: new Map(t.tables.map(([name, model]) => [name, { name, model }])),
      unknown: new Map(t.unknown.map(([name, reason]) => [name, { name, reason }])),
    };
  },
};

/** The translated tables as JSON: every part of a table is plain data, only the two Maps are not. */
const translationCodec: DerivedCodec<Translation> = {
  encode: (t) => ({ tables: [...t.tables], unknown: [...t.unknown] }),
  decode: (json) => {
    const t = json as { tables: [string, ExpectedTable][]; unknown: [string, UnknownStructure][] };
    if (!Array.isArray(t.tables) || !Array.isArray(t.unknown)) throw new Error('not a translation');
    return { tables: new Map(t.tables), unknown: new Map(t.unknown) };
  },
};

/**
 * The catalog as a function of the recorded migrations: only those that ran are translated,
 * so a pending migration's change is not reported as drift; the Drizzle schemas always apply.
 * `memory`: keeps the translation between runs (the CLI's analysis cache, the editor's translationMemory).
 */
export function recordedCatalog(
  migrations: readonly ReplayedMigration[],
  translate: TranslateOptions,
  definitions: readonly DrizzleTableDefinition[],
  memory?: TranslationMemory,
): (recorded: ReadonlySet<string>, server?: ServerKind) => ExpectedCatalog {
  const translated = (ran: readonly ReplayedMigration[], options: TranslateOptions) => {
    if (memory && !('derived' in memory)) return memory.translate(ran, options);
    const compute = () => translator().translateMigrations(ran, options);
    return memory ? memory.derived('translation', ran, JSON.stringify(options), translationCodec, compute) : compute();
  };
  return catalogFrom(migrations, translated, drizzleTablesFor(definitions, migrations, translate), translate);
}

/** The catalog as a function of the recorded migrations, from `translated` (the recorded files, translated or kept) and the Drizzle tables. */
function catalogFrom<F extends StatusFile, T extends { readonly name: string }, U>(
  migrations: readonly F[],
  translated: (ran: readonly F[], options: TranslateOptions) => { readonly tables: Map<string, T>; readonly unknown: Map<string, U> },
  drizzle: readonly T[],
  translate: TranslateOptions,
): (recorded: ReadonlySet<string>, server?: ServerKind) => { readonly tables: Map<string, T>; readonly unknown: Map<string, U> } {
  // Translating thousands of migrations takes a while: refreshes with the same recorded set reuse it.
  let last: { ran: readonly F[]; server: ServerKind | undefined; catalog: { readonly tables: Map<string, T>; readonly unknown: Map<string, U> } } | undefined;
  return (recorded, server) => {
    const ran = migrations.filter((m) => recorded.has(m.name));
    // The server the snapshot found settles what the project's settings leave open.
    const options = translate.server === undefined && server !== undefined ? { ...translate, server } : translate;
    const same = last !== undefined && last.server === options.server && last.ran.length === ran.length && last.ran.every((m, i) => m === ran[i]);
    if (!same) {
      const translation = translated(ran, options);
      // A copy: the cache's translation stays as it was translated.
      last = { ran, server: options.server, catalog: withDrizzleTables({ tables: new Map(translation.tables), unknown: new Map(translation.unknown) }, drizzle) };
    }
    return last!.catalog;
  };
}

/** Where a translation is kept between runs: the CLI's analysis cache, or the editor's incremental translation. */
export type TranslationMemory = Pick<AnalysisCache, 'derived'> | IncrementalTranslation;

/**
 * The editor's memory of its translation, for recordedCatalog: the editor keeps each analysed
 * migration (the same object) until its file changes, so saving a pending migration, the usual
 * edit, translates nothing again, and saving a recorded one replays from the checkpoint before it.
 */
export function translationMemory(): IncrementalTranslation {
  return new (require('../translate/incremental') as typeof import('../translate/incremental')).IncrementalTranslation();
}

const translator = (): typeof import('../translate') => require('../translate');

/** A status input, and the options its catalog is translated with (the models read): what a preflight or a repair of the same run translates with too. */
export type LoadedStatusInput<F extends StatusFile = MigrationFile> = SnapshotInput<F> & { readonly translate: TranslateOptions };

/**
 * `translate`: the connection's prefix and the project's Laravel version and driver.
 * `drizzle`: the Drizzle tables that take precedence (the adapter's, and the workspace's own).
 * `load`: how the migrations are read; `memory`: the CLI's persistent analysis cache (which
 * `load` reads the migrations through) or the editor's translationMemory; `models`: reads the
 * models the migrations name (else `translate` has them already, or none are known).
 */
export async function loadStatusInput(
  folders: readonly string[],
  translate: TranslateOptions,
  drizzle: readonly DrizzleTableDefinition[],
  load?: (folders: readonly string[]) => Promise<MigrationFile[]>,
  memory?: TranslationMemory,
  models?: ModelsReader,
): Promise<LoadedStatusInput>;
/** `load` keeps of each analysis only what the status and the translation read (a cold CLI status). */
export async function loadStatusInput<F extends ReplayedMigration>(
  folders: readonly string[],
  translate: TranslateOptions,
  drizzle: readonly DrizzleTableDefinition[],
  load: (folders: readonly string[]) => Promise<F[]>,
  memory?: TranslationMemory,
  models?: ModelsReader,
): Promise<LoadedStatusInput<F>>;
export async function loadStatusInput(
  folders: readonly string[],
  translate: TranslateOptions,
  drizzle: readonly DrizzleTableDefinition[],
  load: (folders: readonly string[]) => Promise<ReplayedMigration[]> = loadMigrations,
  memory?: TranslationMemory,
  models?: ModelsReader,
): Promise<LoadedStatusInput<ReplayedMigration>> {
  const migrations = onDefaultConnection(await load(folders), translate.laravel.defaultConnection);
  const options = await withModelsOf(translate, migrations, models);
  return { migrations, catalog: recordedCatalog(migrations, options, drizzle, memory), structure: structurePort(), ...drivenBy(options), translate: options };
}

/** The driver the translation replays the project's migrations with, for the status engine (the same branches taken). */
function drivenBy(translate: TranslateOptions): Pick<SnapshotInput, 'driver'> {
  const driver = runningDriver(translate.laravel);
  return driver ? { driver } : {};
}

/** The status part of a file's analysis, and the model classes it names in foreignIdFor() (for the models to read). */
type KeptStatusFile = StatusFile & { readonly modelsNamed?: readonly string[] };

/** What is kept of an analysis for status: its status part, and the models it names when any. */
function keptStatusFileOf(migration: MigrationFile): KeptStatusFile {
  const modelsNamed = modelClassesOf(migration);
  return modelsNamed.length > 0 ? { ...statusFileOf(migration), modelsNamed } : statusFileOf(migration);
}

/**
 * The status part of each file's analysis, as JSON: `[name, parseProblems, operations, unknown,
 * modelsNamed]`, the empty lists at its end left out (most files are `[name]`: 10,000 of them parse
 * several times faster as short arrays than as objects). The paths are the listing's, which the
 * key holds. `decode` throws on what is not one.
 */
function statusFilesCodec(paths: readonly string[]): DerivedCodec<KeptStatusFile[]> {
  // Shared by the files without one (the engine only reads them): frozen, so that a write would throw.
  const none: readonly never[] = Object.freeze([]);
  const notOne = () => new Error('not the status part of these analyses');
  return {
    encode: (files) => files.map(({ name, parseProblems, up, modelsNamed }) => {
      const stored: unknown[] = [name, parseProblems, up.operations, up.unknown, modelsNamed ?? none];
      while (stored.length > 1 && (stored[stored.length - 1] as unknown[]).length === 0) stored.pop();
      return stored;
    }),
    decode: (json) => {
      if (!Array.isArray(json) || json.length !== paths.length) throw notOne();
      const list = (value: unknown) => {
        if (value === undefined) return none;
        if (!Array.isArray(value)) throw notOne();
        return value;
      };
      return json.map((stored: unknown, i): KeptStatusFile => {
        if (!Array.isArray(stored) || typeof stored[0] !== 'string' || stored.length > 5) throw notOne();
        const file: StatusFile = { path: paths[i]!, name: stored[0], parseProblems: list(stored[1]), up: { operations: list(stored[2]), unknown: list(stored[3]) } };
        if (stored[4] === undefined) return file;
        const modelsNamed = list(stored[4]);
        if (!modelsNamed.every((n) => typeof n === 'string')) throw notOne();
        return { ...file, modelsNamed };
      });
    },
  };
}

/**
 * The CLI's status input through its analysis cache. While no migration file changed, only their
 * status part is read (not the whole analyses, a few per cent of them) and, while the recorded ones
 * are the same, their kept translation: the analyses are read only to translate them again.
 */
export async function cachedStatusInput(
  folders: readonly string[],
  translate: TranslateOptions,
  drizzle: readonly DrizzleTableDefinition[],
  cache: Pick<AnalysisCache, 'derived' | 'summary' | 'readMigrations' | 'prefetch'>,
  models?: ModelsReader,
): Promise<{ input: SnapshotInput<StatusFile, StatusCatalog>; skipped: readonly SkippedEntry[] }> {
  const { paths, skipped } = await listMigrationPaths(folders);
  // Every file's analysis, read at most once: by the summary when a file changed, else when
  // translating; as the project's default connection sees it, as loadStatusInput reads it (so the
  // kept status part depends on that default, and is kept by it).
  const defaultConnection = translate.laravel.defaultConnection;
  let all: readonly MigrationFile[] | undefined;
  const analysed = (migrations: readonly MigrationFile[]) => (all = onDefaultConnection(migrations, defaultConnection));
  const files = cache.summary('status', paths, JSON.stringify({ defaultConnection: defaultConnection ?? null }), statusFilesCodec(paths), (migrations) => analysed(migrations).map(keptStatusFileOf));
  // The models named, as the kept summary says: the migrations are not read again to find them.
  const named: string[] = [];
  for (const f of files) if (f.modelsNamed) named.push(...f.modelsNamed);
  const options = await withModelsNamed(translate, named, models);
  const analyses = (ran: readonly StatusFile[]) => {
    const byPath = new Map((all ?? analysed(cache.readMigrations(paths).migrations)).map((m) => [m.path, m]));
    return ran.map((f) => byPath.get(f.path)!);
  };
  // Only what status compares is kept: a few times smaller than the whole translation, so read faster.
  const translated = (ran: readonly StatusFile[], ranOptions: TranslateOptions): StatusTranslation =>
    cache.derived('status-translation', ran, JSON.stringify(ranOptions), statusTranslationCodec, () => translator().translateMigrations(analyses(ran), ranOptions));
  const catalog = catalogFrom(files, translated, drizzleTablesFor(drizzle, files, options), options);
  // The kept translation (a file a few times the size of the status part) is read while the server answers.
  return { input: { migrations: files, catalog, structure: structurePort(), whileQuerying: () => cache.prefetch('status-translation'), ...drivenBy(options) }, skipped };
}
