// The server-side lock that keeps two repairs (or a repair and a restore) of one database
// apart. GET_LOCK is held by the session, so the statements must run on the same
// connection that took it. Never imports 'vscode'.
import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import { message, said, type Message } from '../messages/catalog';

export interface RepairLock {
  readonly name: string;
  release(): Promise<void>;
}

export type LockResult =
  | { readonly ok: true; readonly lock: RepairLock }
  | { readonly ok: false; readonly message: string; readonly said: Message };

/** MySQL limits lock names to 64 characters; long database names are hashed. */
export function repairLockName(database: string): string {
  const name = `migration-doctor:repair:${database}`;
  return name.length <= 64 ? name : `migration-doctor:repair:${createHash('sha256').update(database).digest('hex').slice(0, 32)}`;
}

export async function acquireRepairLock(db: Database, database = db.options.database): Promise<LockResult> {
  const name = repairLockName(database);
  const [row] = await db.query<{ got: number | string | null }>('SELECT GET_LOCK(?, 0) AS got', [name]);
  if (Number(row?.got) === 1) {
    return {
      ok: true,
      lock: { name, release: async () => { await db.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined); } },
    };
  }
  const [holder] = await db.query<{ id: number | string | null }>('SELECT IS_USED_LOCK(?) AS id', [name]);
  return {
    ok: false,
    ...said(message('run.locked', database, String(holder?.id ?? 'unknown'), name)),
  };
}
