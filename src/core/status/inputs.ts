// What a status snapshot needs, put together the same way for the CLI and the editor: the
// analysed migrations and the expected catalog (migrations translated, overridden by the
// Drizzle schemas). Never imports 'vscode'.
import type { AnalysisCache, DerivedCodec } from '../analysis/cache';
import { loadMigrations } from '../analysis/load';
import type { MigrationFile } from '../analysis/types';
import type { DrizzleTableDefinition, ExpectedCatalog, ExpectedTable, UnknownStructure } from '../structure/expected';
import { drizzleTablesFor, translateMigrations, withDrizzleTables, type TranslateOptions, type Translation } from '../translate';
import type { ServerKind, SnapshotInput } from './engine';
import { structurePort } from './structurePort';

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
 * `cache`: keeps the translation between runs (the CLI's analysis cache, the editor's translationMemory).
 */
export function recordedCatalog(
  migrations: readonly MigrationFile[],
  translate: TranslateOptions,
  definitions: readonly DrizzleTableDefinition[],
  cache?: Pick<AnalysisCache, 'derived'>,
): (recorded: ReadonlySet<string>, server?: ServerKind) => ExpectedCatalog {
  const drizzle = drizzleTablesFor(definitions, migrations, translate);
  // Translating thousands of migrations takes a while: refreshes with the same recorded set reuse it.
  let last: { key: string; catalog: ExpectedCatalog } | undefined;
  return (recorded, server) => {
    const ran = migrations.filter((m) => recorded.has(m.name));
    // The server the snapshot found settles what the project's settings leave open.
    const options = translate.server === undefined && server !== undefined ? { ...translate, server } : translate;
    const key = `${options.server ?? ''}\n${ran.map((m) => m.name).join('\n')}`;
    if (last?.key !== key) {
      const compute = () => translateMigrations(ran, options);
      const translation = cache ? cache.derived('translation', ran, JSON.stringify(options), translationCodec, compute) : compute();
      // A copy: the cache's translation stays as it was translated.
      last = { key, catalog: withDrizzleTables({ tables: new Map(translation.tables), unknown: new Map(translation.unknown) }, drizzle) };
    }
    return last.catalog;
  };
}

/**
 * The editor's memory of its last translation, for recordedCatalog: the editor keeps each analysed
 * migration (the same object) until its file changes, so the same recorded objects, in the same
 * order, with the same options give back the same translation. Saving a pending migration, the
 * usual edit, then translates nothing again; saving a recorded one translates them all again.
 */
export function translationMemory(): Pick<AnalysisCache, 'derived'> {
  let last: { name: string; parameters: string; migrations: readonly MigrationFile[]; value: unknown } | undefined;
  return {
    derived<T>(name: string, migrations: readonly MigrationFile[], parameters: string, _codec: DerivedCodec<T>, compute: () => T): T {
      const same = last !== undefined && last.name === name && last.parameters === parameters
        && last.migrations.length === migrations.length && last.migrations.every((m, i) => m === migrations[i]);
      if (same) return last!.value as T;
      const value = compute();
      last = { name, parameters, migrations: [...migrations], value };
      return value;
    },
  };
}

/**
 * `translate`: the connection's prefix and the project's Laravel version and driver.
 * `drizzle`: the Drizzle tables that take precedence (the adapter's, and the workspace's own).
 * `load`: how the migrations are read; `cache`: the CLI's persistent analysis cache, which
 * `load` reads the migrations through, and which keeps their translation too.
 */
export async function loadStatusInput(
  folders: readonly string[],
  translate: TranslateOptions,
  drizzle: readonly DrizzleTableDefinition[],
  load: (folders: readonly string[]) => Promise<MigrationFile[]> = loadMigrations,
  cache?: Pick<AnalysisCache, 'derived'>,
): Promise<SnapshotInput> {
  const migrations = await load(folders);
  return { migrations, catalog: recordedCatalog(migrations, translate, drizzle, cache), structure: structurePort() };
}
