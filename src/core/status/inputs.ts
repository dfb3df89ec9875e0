// What a status snapshot needs, put together the same way for the CLI and the editor: the
// analysed migrations and the expected catalog (migrations translated, overridden by the
// Drizzle schemas). Never imports 'vscode'.
import { loadMigrations } from '../analysis/load';
import type { MigrationFile } from '../analysis/types';
import type { DrizzleTableDefinition, ExpectedCatalog } from '../structure/expected';
import { buildExpectedCatalog, drizzleTablesFor, type TranslateOptions } from '../translate';
import type { SnapshotInput } from './engine';
import { structurePort } from './structurePort';

/**
 * The catalog as a function of the recorded migrations: only those that ran are translated,
 * so a pending migration's change is not reported as drift; the Drizzle schemas always apply.
 */
export function recordedCatalog(
  migrations: readonly MigrationFile[],
  translate: TranslateOptions,
  definitions: readonly DrizzleTableDefinition[],
): (recorded: ReadonlySet<string>) => ExpectedCatalog {
  const drizzle = drizzleTablesFor(definitions, migrations, translate);
  // Translating thousands of migrations takes a while: refreshes with the same recorded set reuse it.
  let last: { key: string; catalog: ExpectedCatalog } | undefined;
  return (recorded) => {
    const ran = migrations.filter((m) => recorded.has(m.name));
    const key = ran.map((m) => m.name).join('\n');
    if (last?.key !== key) last = { key, catalog: buildExpectedCatalog(ran, drizzle, translate) };
    return last.catalog;
  };
}

/**
 * `translate`: the connection's prefix and the project's Laravel version and driver.
 * `drizzle`: the Drizzle tables that take precedence (the adapter's, and the workspace's own).
 * `load`: how the migrations are read (the CLI passes its persistent analysis cache).
 */
export async function loadStatusInput(
  folders: readonly string[],
  translate: TranslateOptions,
  drizzle: readonly DrizzleTableDefinition[],
  load: (folders: readonly string[]) => Promise<MigrationFile[]> = loadMigrations,
): Promise<SnapshotInput> {
  const migrations = await load(folders);
  return { migrations, catalog: recordedCatalog(migrations, translate, drizzle), structure: structurePort() };
}
