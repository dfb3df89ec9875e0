// Preflight against one open connection: the status snapshot says which migrations are pending
// (Laravel's order), the structure engine reads the live tables, then the simulation runs.
// Shared by the CLI and the tests. Never imports 'vscode'.
import type { Database } from '../db/database';
import type { SnapshotInput } from '../status/engine';
import { takeSnapshot } from '../status/engine';
import { isMariaDb, readLiveTables } from '../structure/live';
import type { TranslateOptions } from '../translate';
import { preflight } from './simulate';
import type { PreflightResult } from './types';

export async function preflightDatabase(
  db: Database,
  input: SnapshotInput,
  translate: TranslateOptions,
  options: { readonly strict: boolean },
): Promise<PreflightResult & { readonly paths: ReadonlyMap<string, string> }> {
  const [snapshot, live, mariadb] = await Promise.all([takeSnapshot(db, input), readLiveTables(db), isMariaDb(db)]);
  const pending = snapshot.migrations.filter((m) => (m.state === 'pending' || m.state === 'pending-table-exists') && m.file).map((m) => m.file!);
  const server = mariadb ? 'mariadb' as const : 'mysql' as const;
  const result = await preflight(db, { pending, live, translate: { ...translate, server }, database: db.options.database, server, strict: options.strict });
  return { ...result, paths: new Map(pending.map((f) => [f.name, f.path])) };
}
