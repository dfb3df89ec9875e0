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
    await lock.lock.release();
  }
}
