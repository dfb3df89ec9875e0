// Replays a backup: checks it first, then runs its statements in order under the repair
// lock, stopping at the first failure with an explanation. Never imports 'vscode'.
import type { Database } from '../db/database';
import { backupStatements, verifyBackup, type BackupManifest } from './backup';
import { explainError, type ExplainedError } from './errors';
import { acquireRepairLock } from './lock';

export type RestoreResult =
  | { readonly ok: true; readonly manifest: BackupManifest; readonly statements: number }
  | { readonly ok: false; readonly message: string; readonly error?: ExplainedError; readonly executed?: number };

export async function restoreBackup(db: Database, file: string): Promise<RestoreResult> {
  const check = await verifyBackup(file);
  if (!check.ok) return { ok: false, message: check.problem };
  const lock = await acquireRepairLock(db);
  if (!lock.ok) return { ok: false, message: lock.message };
  let executed = 0;
  // The file sets the session's zone, mode and checks; the caller's session gets them back.
  const [saved] = await db.query<Record<string, string | number>>(
    'SELECT @@session.time_zone AS tz, @@session.sql_mode AS mode, @@session.foreign_key_checks AS fk, @@session.unique_checks AS uq, @@session.character_set_client AS cs, @@session.collation_connection AS coll',
  );
  try {
    for await (const statement of backupStatements(file)) {
      try {
        await db.execute(statement);
      } catch (error) {
        const explained = explainError(error);
        return {
          ok: false,
          executed,
          error: explained,
          message: `Restoring ${file} stopped after ${executed} of ${check.statements} statements: ${explained.explanation} (${explained.serverMessage})`,
        };
      }
      executed++;
    }
    return { ok: true, manifest: check.manifest, statements: executed };
  } finally {
    await db.execute('SET time_zone = ?, sql_mode = ?, foreign_key_checks = ?, unique_checks = ?, character_set_client = ?, collation_connection = ?',
      [saved.tz, saved.mode, Number(saved.fk), Number(saved.uq), saved.cs, saved.coll]).catch(() => undefined);
    await lock.lock.release();
  }
}
