// Replays a backup: checks it first, then, under the repair lock, hands it to the `mysql`
// (or `mariadb`) client when one is installed, since it reads dumps exactly as they were
// meant to be read (DELIMITER, version comments, the sql_mode each trigger was made under);
// otherwise runs its statements one by one. Stops at the first failure with an explanation.
// Never imports 'vscode'.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { newestConnection, watchProgram, type Database } from '../db/database';
import { isServerSilent } from '../db/errors';
import { backupStatements, clientInvocation, findMysqlClient, guardUnfinished, programName, stopChild, verifyBackup, withBackslashEscapes, type BackupManifest } from './backup';
import { english, message, type Message } from '../messages/catalog';
import { explainError, type ExplainedError } from './errors';
import { acquireRepairLock } from './lock';

export type RestoreResult =
  | { readonly ok: true; readonly manifest: BackupManifest; readonly statements: number; readonly method: 'client' | 'built-in' }
  | RestoreFailure;

/** `message` in English (the CLI, the log), `said` for the editor to render. */
interface RestoreFailure { readonly ok: false; readonly message: string; readonly said: Message; readonly error?: ExplainedError; readonly executed?: number }

function failed(said: Message, more: { error?: ExplainedError; executed?: number } = {}): RestoreFailure {
  return { ok: false, message: english(said), said, ...more };
}

export interface RestoreOptions {
  /** Replay with the mysql/mariadb client when it is on PATH (the default); false: statement by statement. */
  readonly useClient?: boolean;
}

export async function restoreBackup(db: Database, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const check = await verifyBackup(file);
  if (!check.ok) return failed(check.said);
  const tooLarge = await overServerLimit(db, file, check.largestStatement);
  if (tooLarge) return failed(tooLarge);
  const lock = await acquireRepairLock(db);
  if (!lock.ok) return failed(lock.said);
  try {
    const client = options.useClient === false ? undefined : findMysqlClient();
    const result = client ? await replayWithClient(db, file, client) : await replayStatements(db, file, check.statements);
    return result.ok ? { ok: true, manifest: check.manifest, statements: check.statements, method: client ? 'client' : 'built-in' } : result;
  } finally {
    await lock.lock.release();
  }
}

/**
 * A statement of the file larger than the server accepts now (max_allowed_packet, lowered since
 * the backup, or another server): the replay would drop its table, then be refused its rows, and
 * the server closes the connection. Said before anything changes. A backup older than the
 * manifest's largestStatement is read once to measure it.
 */
async function overServerLimit(db: Database, file: string, largest: number | undefined): Promise<Message | undefined> {
  if (largest === undefined) {
    const read = await verifyBackup(file, { readAll: true });
    largest = read.ok ? read.largestStatement : undefined;
  }
  const [row] = await db.query<{ packet: number | string }>('SELECT @@max_allowed_packet AS packet');
  const packet = Number(row?.packet);
  // The same margin as the backup's: the packet's own header and the command byte.
  return largest !== undefined && Number.isFinite(packet) && largest + 1024 > packet
    ? message('restore.statementTooLarge', file, largest, packet)
    : undefined;
}

/**
 * The client runs in a session of its own: the caller's session settings are untouched. The file
 * is handed to it through a pipe, so its reading is seen: nothing read for the read timeout while
 * the server runs none of its queries, it is stopped and the silent server thrown.
 */
async function replayWithClient(db: Database, file: string, binary: string): Promise<{ ok: true } | RestoreFailure> {
  const { args, env } = clientInvocation(db.options);
  const since = await newestConnection(db);
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const guard = guardUnfinished();
  let ended: { code: number | null; err: string; error?: Error };
  try {
    ended = await new Promise((resolve) => {
      const child = spawn(binary, [...args, '--batch', '--comments', '--', db.options.database], { stdio: ['pipe', 'ignore', 'pipe'], env });
      guard.children.add(child);
      let read = 0;
      input.on('data', (chunk) => { read += chunk.length; });
      // A client that ends before reading everything (a failed statement) closes the pipe: not an error of ours.
      child.stdin?.on('error', () => input.destroy());
      input.on('error', (error) => { child.kill('SIGTERM'); resolve({ code: null, err: '', error }); });
      input.pipe(child.stdin!);
      const watch = watchProgram(db.options, programName(binary), since, async () => read, () => stopChild(child));
      let err = '';
      child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
      child.on('error', (error) => { watch.dispose(); resolve({ code: null, err, error }); });
      child.on('close', (code) => {
        watch.dispose();
        resolve(watch.silent ? { code, err, error: watch.silent } : { code, err });
      });
    });
  } finally {
    guard.dispose();
    input.destroy();
  }
  if (isServerSilent(ended.error)) throw ended.error;
  if (ended.error) return failed(message('restore.notStarted', file, binary, ended.error.message));
  if (ended.code === 0) return { ok: true };
  // "ERROR 1050 (42S01) at line 12: Table 't' already exists"
  const failure = /ERROR (\d+) \(\w+\)(?: at line (\d+))?: (.*)/.exec(ended.err);
  if (!failure) return failed(message('restore.clientFailed', file, binary, ended.err.trim() || `exit ${ended.code}`));
  const error = explainError({ errno: Number(failure[1]), sqlMessage: failure[3] });
  return failed(message('restore.stoppedAtLine', file, failure[2] ?? '?', error.said, error.serverMessage), { error });
}

const bytesPerCommit = 32 << 20;

/**
 * A table's rows are committed together, not one INSERT at a time (a log flush each), in
 * transactions of about {@link bytesPerCommit} bytes of SQL (a cluster caps a transaction's
 * size: 150 MB under MySQL's group replication): the session runs without autocommit, with a
 * COMMIT before and after every other statement. When a statement fails, what was not committed
 * is rolled back, so the statements said to be applied are exactly those that were.
 */
async function replayStatements(db: Database, file: string, total: number): Promise<{ ok: true } | RestoreFailure> {
  /** Statements committed; those after it, up to `executed`, are INSERTs not committed yet. */
  let applied = 0;
  let executed = 0;
  let uncommitted = 0;
  // The file sets the session's zone, mode and checks; the caller's session gets them back.
  const [saved] = await db.query<Record<string, string | number>>(
    'SELECT @@session.time_zone AS tz, @@session.sql_mode AS mode, @@session.foreign_key_checks AS fk, @@session.unique_checks AS uq, @@session.character_set_client AS cs, @@session.collation_connection AS coll, @@session.autocommit AS ac',
  );
  await withBackslashEscapes(db);
  const commit = async (): Promise<void> => {
    await db.execute('COMMIT');
    applied = executed;
    uncommitted = 0;
  };
  try {
    await db.execute('SET autocommit = 0');
    // The next statement is read while the server runs the current one.
    const statements = backupStatements(file);
    let next = statements.next();
    for (;;) {
      const current = await next;
      if (!current.done) next = statements.next();
      const rows = !current.done && /^INSERT\b/i.test(current.value);
      try {
        if (!rows && executed > applied) await commit();
        if (current.done) break;
        await db.execute(current.value);
        executed++;
        if (rows && (uncommitted += current.value.length) >= bytesPerCommit) await commit();
        if (!rows) {
          // A file's own SET autocommit = 1 would commit each INSERT behind the count's back.
          if (/autocommit/i.test(current.value)) await db.execute('SET autocommit = 0');
          await commit();
        }
      } catch (error) {
        next.catch(() => undefined);
        await statements.return(undefined).catch(() => undefined);
        await db.execute('ROLLBACK').catch(() => undefined);
        const explained = explainError(error);
        const stopped = total === 1
          ? message('restore.stoppedAfterOne', file, applied, explained.said, explained.serverMessage)
          : message('restore.stoppedAfter', file, applied, total, explained.said, explained.serverMessage);
        return failed(stopped, { error: explained, executed: applied });
      }
    }
    return { ok: true };
  } finally {
    await db.execute('SET autocommit = ?, time_zone = ?, sql_mode = ?, foreign_key_checks = ?, unique_checks = ?, character_set_client = ?, collation_connection = ?',
      [Number(saved.ac), saved.tz, saved.mode, Number(saved.fk), Number(saved.uq), saved.cs, saved.coll]).catch(() => undefined);
  }
}
