// The one small interface through which everything talks to MySQL/MariaDB. mysql2 is
// loaded on first use, never at activation. Never imports 'vscode'.
import * as fs from '../asyncFs';
import type { Socket } from 'node:net';
import { message, type Message } from '../messages/catalog';
import { visibleName } from '../messages/visible';
import { identifierProblem } from '../structure/normalise';
import { DatabaseError, classifyDatabaseError, classifyDriverError, clientSilent, isConnectionFailure, packetTooLarge, serverSilent } from './errors';
import { PacketSizeGuard } from './packetGuard';

export interface TlsOptions {
  readonly ca?: string;
  readonly rejectUnauthorized?: boolean;
}

export interface ConnectionOptions {
  /** A name for people: the settings' connection name, or '.env'. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Never logged, never written to settings. */
  readonly password?: string;
  readonly database: string;
  readonly migrationsTable: string;
  /** Where migrationsTable was read (config/database.php's entry), when it was read from the app. */
  readonly migrationsTableSource?: string;
  readonly tablePrefix: string;
  readonly production: boolean;
  readonly tls?: TlsOptions;
  readonly connectTimeoutMs?: number;
  /**
   * How long a query may go without a byte from the server before a second connection asks the
   * server whether it is still running it: a slow query it is running is waited for, a server
   * (or a network) that answers neither ends the query with a 'timeout' DatabaseError. Absent:
   * waited for without limit.
   */
  readonly readTimeoutMs?: number;
}

/** A connection as it may be shown, logged or printed as JSON: never the password. */
export type PublicConnection = Omit<ConnectionOptions, 'password'>;

export function publicConnection(options: ConnectionOptions): PublicConnection {
  const { password: _password, ...rest } = options;
  return rest;
}

/** `preprod (root@127.0.0.1:3306/shop)`: for messages and logs. */
export function describeConnection(options: PublicConnection): string {
  return visibleName(`${options.name} (${options.user}@${options.host}:${options.port}/${options.database})`);
}

export interface ExecuteResult {
  readonly affectedRows: number;
}

export interface Database {
  readonly options: ConnectionOptions;
  /**
   * The version the server named in its greeting ('5.5.5-10.11.6-MariaDB': MariaDB 10 prefixes
   * 5.5.5- for old clients); a proxy may greet with a version of its own. Absent when unknown.
   */
  readonly serverVersion?: string;
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  execute(sql: string, params?: readonly unknown[]): Promise<ExecuteResult>;
  /**
   * The rows of one query as the server sent them, streamed in batches (one await per batch, not
   * per row): the socket waits while the consumer is behind (a table larger than memory). Absent
   * on wrappers that only count queries.
   */
  readonly rowBatches?: (sql: string, params?: readonly unknown[]) => AsyncIterable<RowBatch>;
  close(): Promise<void>;
}

/**
 * Rows as the server sent them, not decoded: row i is the bytes of `buffers[i]` from `starts[i]`
 * to `ends[i]`, its values one after the other, each a length-encoded string of the value's text
 * (or its bytes), or the byte 0xFB for NULL. A dump writes its literals from these bytes without
 * making a string or a Buffer of each value (most of its time when the driver did).
 */
export interface RowBatch {
  readonly buffers: Buffer[];
  readonly starts: number[];
  readonly ends: number[];
}

export const defaultConnectTimeoutMs = 5000;
const closeTimeoutMs = 1000;

// The largest packet a connection accepts from the server, by what it waits for; a larger one
// drops the connection from its header, before mysql2 buffers it (see packetGuard.ts).
/** A greeting is about a hundred bytes, an authentication exchange a few hundred (an RSA key). */
export const handshakePacketLimit = 64 * 1024;
/**
 * The product's queries read metadata and the migrations table: rows far smaller than MariaDB's
 * default max_allowed_packet. Each connection may buffer this much, so it stays small.
 */
export const answerPacketLimit = 16 * 1024 * 1024;
/** A table's row, as a backup streams it: at most max_allowed_packet, which no server lets above 1 GB. */
export const rowPacketLimit = 1024 * 1024 * 1024;

/** What one connection's server sent, watched before mysql2 reads it. */
interface Received {
  /** Its first packet was not a MySQL greeting. */
  notMysql: boolean;
  readonly guard: PacketSizeGuard;
  /** The socket's bytes go to the guard: until connected (TLS: until its greeting was read); then what mysql2's parser is given does. */
  fromSocket: boolean;
  /** Streams of rows in progress: their packets may be as large as a row. */
  rowStreams: number;
  /** Set once a packet over the limit came and the connection was dropped. */
  tooLarge?: DatabaseError;
}

/**
 * A host name holding a control character: the system's resolver reads it only up to a NUL (and
 * a line break is no host), so another host than the one shown would be reached.
 */
export function hostProblem(host: string): Message | undefined {
  return /[\0-\x1f\x7f]/.test(host) ? message('connection.hostControl', JSON.stringify(host)) : undefined;
}

/**
 * Opens one connection. Fails with a {@link DatabaseError} (one sentence and the next step)
 * when the server is unreachable, the credentials are wrong, the database is unknown...
 * Query errors are raw mysql2 errors: classify them with `classifyDatabaseError`.
 */
export async function openDatabase(options: ConnectionOptions): Promise<Database> {
  const badHost = hostProblem(options.host);
  if (badHost) throw new DatabaseError('configuration', badHost, message('connection.unknownHostNext'));
  // Names are quoted wherever they are used; what the server itself refuses is said before connecting.
  const refused = identifierProblem(options.database, 'database') ?? identifierProblem(options.migrationsTable, 'migrations table');
  if (refused) throw new DatabaseError('configuration', refused, message('connection.identifierNext'));
  // require, not import(): the bundle redirects mysql2 to a lazy CommonJS file, and import()
  // of it would go through Node's ESM loader, which pre-parses its 1.4 MB (~140 ms).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const timeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  let connection: Awaited<ReturnType<typeof mysql.createConnection>>;
  const received: Received = { notMysql: false, guard: new PacketSizeGuard(handshakePacketLimit), fromSocket: true, rowStreams: 0 };
  let socket: Socket | undefined;
  try {
    connection = await withTimeout(
      mysql.createConnection({
        host: options.host,
        port: options.port,
        stream: () => (socket = checkedSocket(options, received)),
        user: options.user,
        password: options.password,
        database: options.database,
        connectTimeout: timeoutMs,
        ssl: options.tls ? { ca: await certificateAuthority(options.tls.ca), rejectUnauthorized: options.tls.rejectUnauthorized ?? true } : undefined,
        multipleStatements: false,
        // Statements are never prepared here (query(), not execute()): mysql2 would allocate its cache of
        // 16,000 prepared statements for each connection (four arrays of that size, ~0.3 ms and 0.5 MB).
        maxPreparedStatements: 16,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        // A text without values is sent as it is: mysql2 would scan it for placeholders all the
        // same (a restored INSERT can be megabytes; about 0.2 s per million rows restored).
        queryFormat: (sql: string, values: unknown, timezone?: string) =>
          Array.isArray(values) && values.length === 0 ? sql : mysql.format(sql, values as Parameters<typeof mysql.format>[1], false, timezone),
      }),
      // mysql2's connectTimeout covers the TCP connect; a server that accepts and never
      // answers the handshake would otherwise hang, so the whole open gets a deadline too.
      timeoutMs + 1000,
    );
  } catch (error) {
    // A handshake given up on (its deadline passed first) must not keep its socket, nor the process, alive.
    socket?.destroy();
    if (received.notMysql) {
      throw new DatabaseError('unreachable', message('connection.notMysql', `${options.host}:${options.port}`), message('connection.notMysqlNext'));
    }
    throw received.tooLarge ?? classifyDatabaseError(error, options) ?? error;
  }
  const core = (connection as unknown as { connection: CoreConnection & GuardedCore }).connection;
  guardAnswers(core, received, socket, options);
  // A query that failed because its answer was too large says so, not that the connection was lost.
  const explain = (error: unknown): never => { throw received.tooLarge ?? error; };
  // An idle connection killed by the server emits 'error'; without a listener Node throws.
  connection.on('error', () => undefined);
  // A peer gone without a word (a cut network, a host down) is found by the kernel's probes,
  // not only when the next query is sent.
  socket?.setKeepAlive(true, options.readTimeoutMs ?? 0);
  const watch = socket && options.readTimeoutMs !== undefined
    ? watchSilence(socket, options, (connection as unknown as { connection: { threadId: number | null } }).connection.threadId)
    : undefined;
  // mysql2 keeps the greeting as `_handshakePacket` (no public name for it): without it, the version is asked.
  const serverVersion = (connection as unknown as { connection: { _handshakePacket?: { serverVersion?: unknown } } }).connection._handshakePacket?.serverVersion;
  return {
    options,
    ...(typeof serverVersion === 'string' ? { serverVersion } : {}),
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const [rows] = await awaited(connection.query(sql, params as unknown[]), watch).catch(explain);
      return rows as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<ExecuteResult> {
      const [result] = await awaited(connection.query(sql, params as unknown[]), watch).catch(explain);
      return { affectedRows: (result as { affectedRows?: number }).affectedRows ?? 0 };
    },
    rowBatches: (sql, params = []) => streamRows(core, sql, params, watch, received),
    async close(): Promise<void> {
      watch?.dispose();
      // QUIT is queued behind a running query (a lock wait can last hours): wait a moment, then drop the socket.
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        connection.end().then(() => true, () => false),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), closeTimeoutMs); }),
      ]);
      clearTimeout(timer);
      if (!socket) {
        if (!ended) connection.destroy();
      } else if (!ended) {
        // mysql2's destroy() only half-closes: a peer gone silent would keep the socket, and the process, alive.
        socket.destroy();
      } else if (!socket.destroyed) {
        // QUIT written only asks the server to close; one gone silent (a network cut after its last
        // answer) never does: the socket no longer keeps the process alive, and is dropped soon after.
        const written = socket;
        written.unref();
        setTimeout(() => written.destroy(), closeTimeoutMs).unref();
      }
    },
  };
}

/**
 * One Database over `first` and the connections of `more` as they open (one that fails to open is
 * left out), for reads only: a connection answers its queries one after the other, so a
 * snapshot's information_schema reads, sent together, run side by side on the server when each
 * goes to a connection that is idle. Queries wait here, not in a connection's own queue, so a
 * connection that opens later takes those still waiting. Anything else (execute, rowBatches)
 * goes to `first`; close() closes them all.
 */
export function spreadReads(first: Database, more: readonly Promise<Database | undefined>[]): Database {
  const idle: Database[] = [first];
  const waiting: ((db: Database) => void)[] = [];
  const release = (db: Database): void => {
    const next = waiting.shift();
    if (next) next(db);
    else idle.push(db);
  };
  for (const opening of more) void opening.then((db) => { if (db) release(db); }, () => undefined);
  return {
    options: first.options,
    ...(first.serverVersion !== undefined ? { serverVersion: first.serverVersion } : {}),
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      const db = idle.shift() ?? await new Promise<Database>((resolve) => waiting.push(resolve));
      try {
        return await db.query<Row>(sql, params);
      } finally {
        release(db);
      }
    },
    execute: (sql, params) => first.execute(sql, params),
    ...(first.rowBatches ? { rowBatches: first.rowBatches } : {}),
    async close(): Promise<void> {
      await Promise.all([first.close(), ...more.map((opening) => opening.then((db) => db?.close()))]);
    },
  };
}

type CoreConnection = import('mysql2').Connection;

/** What mysql2 hands a query's state for each packet of a result (its Packet, reused from one packet to the next). */
interface ResultPacket {
  readonly buffer: Buffer;
  readonly offset: number;
  readonly end: number;
  isEOF(): boolean;
}
type QueryState = (this: unknown, packet: ResultPacket, connection: unknown) => unknown;

async function* streamRows(core: CoreConnection, sql: string, params: readonly unknown[], watch: SilenceWatch | undefined, received: Received): AsyncGenerator<RowBatch> {
  let queued: RowBatch = { buffers: [], starts: [], ends: [] };
  let ended = false;
  let failed: unknown;
  let wake: (() => void) | undefined;
  let discard = false;
  const notify = (): void => { wake?.(); wake = undefined; };
  // A lost connection is told to the connection only, not to a query read by events.
  const lost = (error: unknown): void => { failed ??= error; ended = true; notify(); };
  core.once('error', lost);
  const query = core.query({ sql, values: params as unknown[], rowsAsArray: true }) as unknown as ReturnType<CoreConnection['query']> & { row: QueryState };
  // Rows as large as the table holds are read until the server ends the result, even when the consumer stopped.
  const readingRows = allowRows(received);
  query.once('end', readingRows).once('error', readingRows);
  // mysql2 reads each row packet in the query's `row` state, which the end of the column
  // definitions enters through `this.row`: an own `row` takes the packets, keeps where each
  // row's bytes are (the packet object is reused, its buffer is not), and leaves the end of the
  // result to mysql2.
  const decoded = Object.getPrototypeOf(query).row as QueryState;
  const raw: QueryState = function (this: unknown, packet, connection) {
    if (packet.isEOF()) return decoded.call(this, packet, connection);
    if (discard) return raw;
    queued.buffers.push(packet.buffer);
    queued.starts.push(packet.offset);
    if (queued.ends.push(packet.end) === 2000) core.pause();
    notify();
    return raw;
  };
  query.row = raw;
  query
    // A row decoded by mysql2 means the hook above was not taken (a mysql2 that reads rows otherwise): never guessed at.
    .on('result', () => lost(new Error('mysql2 decoded a row the dump expected as the server sent it.')))
    .on('error', lost)
    .on('end', () => { ended = true; notify(); });
  try {
    for (;;) {
      if (queued.ends.length > 0) {
        const batch = queued;
        queued = { buffers: [], starts: [], ends: [] };
        core.resume();
        yield batch;
      } else if (failed !== undefined) throw received.tooLarge ?? watch?.silent ?? failed;
      else if (ended) return;
      // Only while waiting here is the server expected to send: a socket paused for a slow consumer is not a silent server.
      else await awaited(new Promise<void>((resolve) => { wake = resolve; }), watch);
    }
  } finally {
    // A consumer that stops early: the rest of the result is read and dropped, so the connection stays usable.
    core.off('error', lost);
    discard = true;
    queued = { buffers: [], starts: [], ends: [] };
    core.resume();
  }
}

interface SilenceWatch {
  /** `work` awaited with the server expected to answer; rejects as a silent server when it was found so. */
  during<T>(work: Promise<T>): Promise<T>;
  /** Set once the server was found silent and the socket dropped. */
  readonly silent: DatabaseError | undefined;
  dispose(): void;
}

async function awaited<T>(work: Promise<T>, watch: SilenceWatch | undefined): Promise<T> {
  return watch ? watch.during(work) : work;
}

/**
 * Watches the server's answers on `socket` while a query waits for them. After readTimeoutMs
 * without a byte, a second connection asks the server whether this connection's query is still
 * running (information_schema.PROCESSLIST shows a user its own threads): if so, it is a slow
 * query and is waited for; if the server does not answer that either, or no longer runs the
 * query, the socket is dropped and the query fails as a silent server.
 */
function watchSilence(socket: Socket, options: ConnectionOptions, threadId: number | null): SilenceWatch {
  const limitMs = options.readTimeoutMs!;
  let waiting = 0;
  let heard = false;
  let timer: NodeJS.Timeout | undefined;
  let silent: DatabaseError | undefined;
  socket.on('data', () => { heard = true; });
  const arm = (): void => {
    timer = setTimeout(() => void check(), limitMs);
    timer.unref();
  };
  const check = async (): Promise<void> => {
    timer = undefined;
    if (waiting === 0 || socket.destroyed) return;
    if (heard) {
      heard = false;
      arm();
      return;
    }
    if (await stillRunning(options, threadId)) {
      if (waiting > 0 && !socket.destroyed) arm();
      return;
    }
    silent = serverSilent(options, limitMs);
    socket.destroy();
  };
  return {
    async during(work) {
      if (waiting++ === 0) {
        heard = false;
        if (!timer) arm();
      }
      try {
        return await work;
      } catch (error) {
        throw silent ?? error;
      } finally {
        waiting--;
      }
    },
    get silent() { return silent; },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Whether the server, asked on a connection of its own, is running a query on thread `threadId`. */
async function stillRunning(options: ConnectionOptions, threadId: number | null): Promise<boolean> {
  const answer = await askApart<{ command: string }>(options, 'SELECT COMMAND AS command FROM information_schema.PROCESSLIST WHERE ID = ?', [threadId]);
  return answer === 'refused' || (answer !== 'no answer' && answer.length > 0 && answer[0]!.command !== 'Sleep');
}

/**
 * One query on a connection of its own, within the connect limit (the read timeout does not
 * apply): its rows; 'no answer' when the server does not answer at all; 'refused' when it answered
 * with a refusal (too many connections, no privilege...): it is alive.
 */
async function askApart<Row>(options: ConnectionOptions, sql: string, params: readonly unknown[]): Promise<Row[] | 'no answer' | 'refused'> {
  const limitMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'no answer'>((resolve) => { timer = setTimeout(() => resolve('no answer'), limitMs + 1000); });
  const opening = openDatabase({ ...options, readTimeoutMs: undefined, connectTimeoutMs: limitMs });
  try {
    return await Promise.race([opening.then((probe) => probe.query<Row>(sql, params)), gaveUp]);
  } catch (error) {
    return isConnectionFailure(classifyDriverError(error)) ? 'no answer' : 'refused';
  } finally {
    clearTimeout(timer);
    void opening.then((probe) => probe.close(), () => undefined);
  }
}

/** The newest connection the server shows this user (0: none): a program started after this reads connections numbered above it. */
export async function newestConnection(db: Database): Promise<number> {
  const [row] = await db.query<{ id: number | string | null }>('SELECT MAX(ID) AS id FROM information_schema.PROCESSLIST');
  return Number(row?.id ?? 0);
}

export interface ProgramWatch {
  /** Set once the program was found silent and stopped. */
  readonly silent: DatabaseError | undefined;
  dispose(): void;
}

/**
 * Watches a client program (mysqldump, mysql) talking to the server on connections of its own,
 * with the promise the product's connections have: after the read timeout without `progress()`
 * growing, a second connection asks whether the server runs a query of this user on this
 * database on a connection numbered above `since` (the program's own is not known: any such
 * query is taken for its, and waited for, as a slow query is). None, or no answer at all: `stop`
 * is called once and `silent` holds what to end with. No read timeout set: no watch.
 */
export function watchProgram(options: ConnectionOptions, program: string, since: number, progress: () => Promise<number>, stop: () => void): ProgramWatch {
  const limitMs = options.readTimeoutMs;
  let silent: DatabaseError | undefined;
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  let last = -1;
  const arm = (): void => {
    if (disposed || limitMs === undefined) return;
    timer = setTimeout(() => void check(), limitMs);
    timer.unref();
  };
  const check = async (): Promise<void> => {
    const now = await progress().catch(() => last + 1);
    if (disposed) return;
    if (now !== last) {
      last = now;
      arm();
      return;
    }
    const answer = await askApart<{ n: number | string }>(options,
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID > ? AND ID <> CONNECTION_ID()
       AND USER = SUBSTRING_INDEX(USER(), '@', 1) AND DB = DATABASE() AND COMMAND <> 'Sleep'`, [since]);
    if (disposed) return;
    if (answer === 'refused' || (answer !== 'no answer' && Number(answer[0]?.n ?? 0) > 0)) {
      arm();
      return;
    }
    silent = clientSilent(options, program, limitMs!);
    stop();
  };
  arm();
  return {
    get silent() { return silent; },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}

/**
 * The TCP connection mysql2 talks over, what it receives checked before mysql2 reads it: a
 * service that is not MySQL is cut at its first packet, where mysql2 would print "got packets out
 * of order" to stderr; a packet over the handshake's limit is cut at its header.
 */
function checkedSocket(options: ConnectionOptions, received: Received): Socket {
  // Required here, not imported: a command that never connects (lint, --version) does not load Node's net.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const socket = (require('node:net') as typeof import('node:net')).connect(options.port, options.host);
  socket.setNoDelay(true);
  const emit = socket.emit.bind(socket);
  let first = true;
  socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== 'data' || !received.fromSocket) return emit(event, ...args);
    const chunk = args[0] as Buffer;
    // A MySQL server speaks first, with sequence number 0 (a greeting, or an error packet).
    if (first && chunk.length >= 4 && chunk[3] !== 0) {
      received.notMysql = true;
      socket.destroy(new Error('not a MySQL server'));
      return true;
    }
    first = false;
    if (!admitted(received, chunk, socket, options)) return true;
    // Past the greeting, a TLS connection's bytes are encrypted: its packets are watched once connected.
    if (options.tls && received.guard.betweenPackets) received.fromSocket = false;
    return emit(event, ...args);
  }) as typeof socket.emit;
  return socket;
}

/** mysql2's connection, as far as the guard takes the place of its packet parser's entry. */
interface GuardedCore {
  packetParser: { execute(chunk: Buffer): unknown };
}

/**
 * From the handshake's end, the guard reads what mysql2's packet parser is given (the decrypted
 * bytes of a TLS connection), with the limit of an answer.
 */
function guardAnswers(core: GuardedCore, received: Received, socket: Socket | undefined, options: PublicConnection): void {
  const parser = core.packetParser;
  received.fromSocket = false;
  received.guard.limit = answerPacketLimit;
  core.packetParser = {
    execute: (chunk: Buffer) => (admitted(received, chunk, socket, options) ? parser.execute(chunk) : null),
  };
}

/** Whether `chunk` may go to mysql2; if not (a packet over the limit), the connection was dropped. */
function admitted(received: Received, chunk: Buffer, socket: Socket | undefined, options: PublicConnection): boolean {
  if (received.tooLarge) return false;
  const size = received.guard.feed(chunk);
  if (size === undefined) return true;
  received.tooLarge = packetTooLarge(options, size, received.guard.limit, received.guard.limit === handshakePacketLimit);
  socket?.destroy();
  return false;
}

/** Lets packets as large as a row through until the returned function is called (once). */
function allowRows(received: Received): () => void {
  received.rowStreams++;
  received.guard.limit = rowPacketLimit;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--received.rowStreams === 0) received.guard.limit = answerPacketLimit;
  };
}

/** The settings hold a CA file's path; mysql2 wants the PEM text. */
async function certificateAuthority(ca: string | undefined): Promise<string | undefined> {
  if (ca === undefined || ca.includes('-----BEGIN')) return ca;
  try {
    return await fs.readFile(ca, 'utf8');
  } catch (error) {
    throw new DatabaseError('configuration', message('connection.caUnreadable', ca, (error as Error).message), message('connection.caUnreadableNext'));
  }
}

function withTimeout<T extends { destroy?: () => void }>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(Object.assign(new Error(`connect timed out after ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (expired) value.destroy?.();
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!expired) reject(error);
      },
    );
  });
}

export { DatabaseError, classifyDatabaseError };
