// Every command ends and releases what it opened: on success, on any error, and on SIGINT/SIGTERM
// (an open connection keeps Node alive, and a query waiting on a lock can wait for hours).
import { classifyDatabaseError, openDatabase, type ConnectionOptions, type Database } from '../core/db/database';

type Cleanup = () => unknown;
const cleanups = new Set<Cleanup>();

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Opens the connection while `prepare` runs (the handshake overlaps reading the migrations), then
 * calls `use`. The connection is closed on every path, including a throw from `prepare`.
 */
export async function withDatabase<I, R>(
  options: ConnectionOptions,
  prepare: () => Promise<I>,
  use: (db: Database, input: I) => Promise<R>,
): Promise<R> {
  // Settled into a value at once: a refused connection must not be an unhandled rejection while `prepare` runs.
  const opening = openDatabase(options).then((db) => ({ db }), (error: unknown) => ({ error }));
  const closeWhenOpen = () => opening.then((opened) => ('db' in opened ? opened.db.close() : undefined));
  const forget = onInterrupt(closeWhenOpen);
  try {
    let input: I;
    try {
      input = await prepare();
    } catch (error) {
      await closeWhenOpen();
      throw error;
    }
    const opened = await opening;
    if ('error' in opened) throw opened.error;
    try {
      return await use(opened.db, input);
    } catch (error) {
      // A driver error no core function classified; anything else stays what it is (a bug).
      throw classifyDatabaseError(error, options) ?? error;
    } finally {
      await opened.db.close();
    }
  } finally {
    forget();
  }
}

const signalNumbers = { SIGINT: 2, SIGTERM: 15 } as const;
const interruptDeadlineMs = 3000;

/** For the real process only: on the first SIGINT/SIGTERM, release what is open (bounded) and exit 128+n; on a second, exit at once. */
export function exitOnSignals(write: (text: string) => void): void {
  let interrupted = false;
  for (const [signal, n] of Object.entries(signalNumbers)) {
    process.on(signal, () => {
      const code = 128 + n;
      if (interrupted) process.exit(code);
      interrupted = true;
      write(`migration-doctor: interrupted (${signal}); closing the connection.\n`);
      const deadline = setTimeout(() => process.exit(code), interruptDeadlineMs);
      void Promise.allSettled([...cleanups].map(async (cleanup) => cleanup())).then(() => {
        clearTimeout(deadline);
        process.exit(code);
      });
    });
  }
}
