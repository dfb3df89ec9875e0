// The rows of the migrations table a repair writes: its statements (each row named exactly as
// Laravel tells rows apart) and the orphan rows that are files renamed. Pure; never imports 'vscode'.
import { laravelMigrationName } from '../analysis/naming';
import { renamedFiles } from '../status/renamedFiles';
import type { StatusSnapshot } from '../status/types';
import { quoteLiteral } from '../structure/normalise';


/**
 * The rows of exactly this migration. Laravel tells its rows apart as PHP strings, byte for byte;
 * the column's collation alone takes `..._TABLE` for `..._table` and ignores trailing spaces, so a
 * DELETE of an orphan row would delete the row of the migration that ran too.
 */
function exactly(migration: string): string {
  const literal = quoteLiteral(migration);
  return `\`migration\` = ${literal} AND CAST(CONVERT(\`migration\` USING utf8mb4) AS BINARY) = CAST(${literal} AS BINARY)`;
}

/** The statements on the migrations table (`migrationsTable` already quoted). */
export function insertRecord(migrationsTable: string, migration: string, batch: number): string {
  return `INSERT INTO ${migrationsTable} (\`migration\`, \`batch\`) VALUES (${quoteLiteral(migration)}, ${batch})`;
}

export function deleteRecord(migrationsTable: string, migration: string): string {
  return `DELETE FROM ${migrationsTable} WHERE ${exactly(migration)}`;
}

export function renameRecord(migrationsTable: string, from: string, to: string): string {
  return `UPDATE ${migrationsTable} SET \`migration\` = ${quoteLiteral(to)} WHERE ${exactly(from)}`;
}

/**
 * Renames: explicit ones, and each orphan row's file renamed after it ran ({@link renamedFiles});
 * `refused`: the explicit ones that are not an orphan row and an unrecorded file.
 */
export function findRenames(snapshot: StatusSnapshot, explicit: ReadonlyMap<string, string> | undefined): { renames: Map<string, string>; refused: [string, string][] } {
  const renames = new Map<string, string>();
  const refused: [string, string][] = [];
  const unrecorded = snapshot.migrations.filter((s) => (s.state === 'pending' || s.state === 'pending-table-exists') && s.file);
  for (const [from, to] of explicit ?? []) {
    const orphan = snapshot.migrations.find((s) => s.name === from && s.state === 'orphan-record');
    const target = unrecorded.find((s) => s.name === laravelMigrationName(to));
    if (orphan && target) renames.set(from, target.name);
    else refused.push([from, to]);
  }
  // Then each row without a file and the file it was renamed to, as status translates them.
  const taken = new Set(renames.values());
  const orphans = snapshot.migrations.filter((s) => s.state === 'orphan-record' && !renames.has(s.name)).map((s) => s.name);
  for (const [row, file] of renamedFiles(orphans, unrecorded.filter((s) => !taken.has(s.name)).map((s) => s.name))) renames.set(row, file);
  return { renames, refused };
}
