// Every command ends and releases what it opened: on success, on any error, and on SIGINT/SIGTERM
// (an open connection keeps Node alive, and a query waiting on a lock can wait for hours).
import { classifyDatabaseError, openDatabase, spreadReads, type ConnectionOptions, type Database } from '../core/db/database';

type Cleanup = () => unknown;
const cleanups = new Set<Cleanup>();

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Opens the connection, then runs `prepare` and calls `use`. The connection is closed on every
 * path, including a throw from `prepare`. `readers` > 1 opens that many connections (the others
 * once `prepare` is done) and spreads `use`'s reads over them (spreadReads): only for a `use` that
 * reads. The run goes on with those that opened (a server may allow one connection per user); it
 * fails as one connection would only when the first did not open.
 */
export async function withDatabase<I, R>(
  options: ConnectionOptions,
  prepare: () => Promise<I>,
  use: (db: Database, input: I) => Promise<R>,
  readers = 1,
): Promise<R> {
  // Settled into a value at once: a refused connection must not be an unhandled rejection.
  const open = () => openDatabase(options).then((db) => ({ db }), (error: unknown) => ({ error }));
  // A handshake needs this thread, and `prepare` may keep it for seconds without a turn of the
  // event loop (reading and parsing 10,000 files cold on a busy machine): a handshake left waiting
  // past its time limit (connect_timeout on the server, connectTimeoutMs here) drops the
  // connection. So `prepare` starts once the first connection is in or refused, and the other
  // readers open after it; only then does a wrong password or a refused host cost one failed
  // login, not one per reader (servers count them: FAILED_LOGIN_ATTEMPTS, max_connect_errors).
  const openings = [open()];
  const closeWhenOpen = () => Promise.all(openings.map((opening) => opening.then((opened) => ('db' in opened ? opened.db.close() : undefined))));
  const forget = onInterrupt(closeWhenOpen);
  try {
    const first = await openings[0]!;
    let input: I;
    try {
      input = await prepare();
    } catch (error) {
      await closeWhenOpen();
      throw error;
    }
    if ('db' in first) for (let i = 1; i < readers; i++) openings.push(open());
    const db = await readersOf(openings);
    if (!db) {
      await closeWhenOpen();
      throw (first as { error: unknown }).error;
    }
    try {
      return await use(db, input);
    } catch (error) {
      // A driver error no core function classified; anything else stays what it is (a bug).
      throw classifyDatabaseError(error, options) ?? error;
    } finally {
      await db.close();
    }
  } finally {
    forget();
  }
}

/** The first connection of `openings` that opened, with the others as readers beside it; undefined when none opened. */
async function readersOf(openings: readonly Promise<{ db: Database } | { error: unknown }>[]): Promise<Database | undefined> {
  for (const [i, opening] of openings.entries()) {
    const opened = await opening;
    if (!('db' in opened)) continue;
    const others = openings.filter((_, j) => j !== i).map((other) => other.then((o) => ('db' in o ? o.db : undefined)));
    return others.length > 0 ? spreadReads(opened.db, others) : opened.db;
  }
  return undefined;
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
      // Last registered first, one after the other: an inner scope (a repair saying what it applied)
      // finishes before the outer one closes the connection it runs on.
      const inOrder = [...cleanups].reverse();
      void inOrder.reduce<Promise<unknown>>((previous, cleanup) => previous.then(async () => cleanup()).catch(() => undefined), Promise.resolve()).then(() => {
        clearTimeout(deadline);
        process.exit(code);
      });
    });
  }
}
