// Server errors turned into one clear sentence and the next step for the user. Never imports 'vscode'.
import { english, message, type Message } from '../messages/catalog';
import type { ConnectionOptions, PublicConnection } from './database';

export type DatabaseErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'unknown-host'
  | 'access-denied'
  | 'unknown-database'
  | 'no-privilege'
  | 'migrations-table-missing'
  | 'connection-lost'
  | 'configuration'
  | 'other';

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  /** What happened, in one sentence (English). */
  readonly sentence: string;
  /** What the user can do next, in one sentence (English). */
  readonly nextStep: string;
  /** Both sentences for the editor to translate, when they come from the message catalog. */
  readonly said?: { readonly sentence: Message; readonly nextStep: Message };

  constructor(
    readonly kind: DatabaseErrorKind,
    sentence: string | Message,
    nextStep: string | Message,
    /** The server's error number (1045...) or Node's code (ECONNREFUSED...), when there is one. */
    readonly code?: string | number,
    /** The driver error it was made from, classified. */
    readonly failure?: DriverFailure,
  ) {
    const [what, next] = [sentence, nextStep].map((s) => (typeof s === 'string' ? s : english(s)));
    super(`${what} ${next}`);
    this.sentence = what;
    this.nextStep = next;
    if (typeof sentence !== 'string' && typeof nextStep !== 'string') this.said = { sentence, nextStep };
  }
}

/** What a server or driver error is, whatever the caller is doing: the one table of codes. */
export type DriverFailureKind =
  | 'refused'
  | 'timeout'
  | 'unknown-host'
  | 'unreachable'
  | 'connection-lost'
  | 'tls'
  | 'access-denied'
  | 'unknown-database'
  | 'no-privilege'
  | 'table-missing'
  | 'table-exists'
  | 'missing-foreign-key-target'
  | 'foreign-key-violation'
  | 'lock-wait'
  | 'server';

export interface DriverFailure {
  readonly kind: DriverFailureKind;
  /** Node's or mysql2's code (ECONNREFUSED, PROTOCOL_CONNECTION_LOST, ER_TABLE_EXISTS_ERROR...). */
  readonly code?: string;
  /** The server's error number (1045...). */
  readonly errno?: number;
  /** The server's (or the driver's) own message. */
  readonly serverMessage: string;
}

const networkCodes: Readonly<Record<string, DriverFailureKind>> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  PROTOCOL_SEQUENCE_TIMEOUT: 'timeout',
  ENOTFOUND: 'unknown-host',
  EAI_AGAIN: 'unknown-host',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  PROTOCOL_CONNECTION_LOST: 'connection-lost',
  ECONNRESET: 'connection-lost',
  ECONNABORTED: 'connection-lost',
  EPIPE: 'connection-lost',
  HANDSHAKE_NO_SSL_SUPPORT: 'tls',
  HANDSHAKE_SSL_ERROR: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
};

const serverErrnos: Readonly<Record<number, DriverFailureKind>> = {
  1045: 'access-denied',
  1049: 'unknown-database',
  1044: 'no-privilege',
  1142: 'no-privilege',
  1143: 'no-privilege',
  1227: 'no-privilege',
  1146: 'table-missing',
  1050: 'table-exists',
  1005: 'missing-foreign-key-target',
  1215: 'missing-foreign-key-target',
  1824: 'missing-foreign-key-target',
  1451: 'foreign-key-violation',
  1452: 'foreign-key-violation',
  1205: 'lock-wait',
  1053: 'connection-lost', // server shutdown in progress
  1927: 'connection-lost', // connection killed
  2006: 'connection-lost', // server has gone away
  2013: 'connection-lost', // lost connection during query
};

/** An error as the argument of a message: a DatabaseError's own sentences (said in the user's language), else its words. */
export function errorSaid(error: unknown): string | Message {
  if (error instanceof DatabaseError && error.said) return message('list.sentences', error.said.sentence, error.said.nextStep);
  return error instanceof Error ? error.message : String(error);
}

/** The kinds after which the connection is gone (or never was): nothing more can be asked on it. */
const connectionKinds: ReadonlySet<DriverFailureKind> = new Set(['refused', 'timeout', 'unknown-host', 'unreachable', 'connection-lost']);

export function isConnectionFailure(failure: DriverFailure | undefined): boolean {
  return failure !== undefined && connectionKinds.has(failure.kind);
}

/**
 * The one classifier of driver errors: what mysql2 or Node's sockets raised, or the server
 * answered. Anything else (a TypeError, a failed assertion: a bug of ours) is undefined, so
 * that it is never presented as a database problem.
 */
export function classifyDriverError(error: unknown): DriverFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof DatabaseError) {
    return error.failure ?? { kind: error.kind === 'migrations-table-missing' ? 'table-missing' : 'server', serverMessage: error.sentence };
  }
  const e = error as { code?: unknown; errno?: unknown; sqlMessage?: unknown; message?: unknown; fatal?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const serverMessage = typeof e.sqlMessage === 'string' ? e.sqlMessage : typeof e.message === 'string' ? e.message : String(error);
  // Node gives socket errors a negative errno; the server's are positive (with an SQLSTATE).
  const errno = typeof e.errno === 'number' && Number.isInteger(e.errno) && e.errno > 0 ? e.errno : undefined;
  const failure = (kind: DriverFailureKind): DriverFailure => ({ kind, serverMessage, ...(code ? { code } : {}), ...(errno ? { errno } : {}) });
  if (errno !== undefined) return failure(serverErrnos[errno] ?? 'server');
  if (code !== undefined && Object.hasOwn(networkCodes, code)) return failure(networkCodes[code]!);
  if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_')) return failure('tls');
  // mysql2 marks the errors after which the connection is unusable (a server that closed it, a protocol error).
  if (e.fatal === true) return failure('connection-lost');
  return undefined;
}

/**
 * A driver or server error raised while connecting to or querying `options`'s server, as one
 * sentence and the next step; undefined when `error` is not one (see classifyDriverError).
 */
export function classifyDatabaseError(error: unknown, options: PublicConnection | ConnectionOptions): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error;
  const failure = classifyDriverError(error);
  if (!failure) return undefined;
  const where = `${options.host}:${options.port}`;
  const id = failure.errno ?? failure.code;
  const detail = failure.serverMessage;
  switch (failure.kind) {
    case 'refused':
      return new DatabaseError('unreachable', message('connection.refused', where), message('connection.refusedNext'), id, failure);
    case 'timeout':
      return new DatabaseError('timeout', message('connection.timeout', where), message('connection.timeoutNext'), id, failure);
    case 'unknown-host':
      return new DatabaseError('unknown-host', message('connection.unknownHost', options.host), message('connection.unknownHostNext'), id, failure);
    case 'unreachable':
      return new DatabaseError('unreachable', message('connection.unreachable', where), message('connection.unreachableNext'), id, failure);
    case 'connection-lost':
      // Without a code, mysql2 is saying the server closed it (KILL, wait_timeout, restart).
      return new DatabaseError('connection-lost', message(failure.code === undefined && failure.errno === undefined ? 'connection.closed' : 'connection.lost', where),
        message('connection.lostNext'), id, failure);
    case 'tls':
      return new DatabaseError('other', message('connection.tls', where, detail), message('connection.tlsNext'), id, failure);
    case 'access-denied':
      return new DatabaseError('access-denied', message('connection.accessDenied', options.user), message('connection.accessDeniedNext'), id, failure);
    case 'unknown-database':
      return new DatabaseError('unknown-database', message('connection.unknownDatabase', options.database, where), message('connection.unknownDatabaseNext'), id, failure);
    case 'no-privilege':
      return new DatabaseError('no-privilege', message('connection.noPrivilege', options.user, detail), message('connection.noPrivilegeNext'), id, failure);
    case 'table-missing':
      return new DatabaseError('other', message('connection.tableMissing', detail), message('connection.tableMissingNext'), id, failure);
    default:
      return new DatabaseError('other', message('connection.serverError', detail), message('connection.serverErrorNext'), id, failure);
  }
}

/**
 * Rows of the migrations table whose name is NULL (Laravel declares the column NOT NULL): no file
 * can be matched to them nor told apart from them, so nothing about the table is claimed.
 */
export function namelessMigrationRows(table: string, quotedTable: string, count: number): DatabaseError {
  return new DatabaseError('other', message('connection.namelessMigrationRows', table, count), message('connection.namelessMigrationRowsNext', quotedTable));
}

/**
 * Rows of the migrations table whose batch is not a whole number (NULL, text, a fraction; Laravel
 * writes 1, 2, 3...): the order they ran in, and what a rollback would undo, cannot be told, and
 * no number is made up for them. `rows` as `'name' (batch)`, a few of them.
 */
export function unreadableBatches(table: string, quotedTable: string, rows: string, count: number): DatabaseError {
  return new DatabaseError('other', message('connection.unreadableBatches', table, count, rows), message('connection.unreadableBatchesNext', quotedTable));
}

/**
 * The migrations table lacks a column Laravel reads: the server's refusal of reading it (errno
 * 1054, the column as it names it), or undefined for any other error.
 */
export function migrationsTableColumnMissing(table: string, error: { readonly errno?: number; readonly message?: string }): DatabaseError | undefined {
  if (error?.errno !== 1054) return undefined;
  const column = /Unknown column '([^']*)'/.exec(error.message ?? '')?.[1];
  return new DatabaseError('other', message('connection.migrationsTableColumn', table, column ?? 'migration or batch'), message('connection.migrationsTableColumnNext'));
}

/**
 * A query the server stopped answering, which a second connection found neither running nor
 * answered: code 'server-silent', a connection failure of kind 'timeout'.
 */
export function serverSilent(options: PublicConnection, limitMs: number): DatabaseError {
  const { where, seconds } = silence(options, limitMs);
  return new DatabaseError('timeout', message('connection.silent', where, seconds), message('connection.silentNext'), 'server-silent',
    { kind: 'timeout', code: 'ETIMEDOUT', serverMessage: `no answer from ${where} for ${seconds} s` });
}

/**
 * A client program (mysqldump, mysql) that made no progress for the read timeout while the server,
 * asked on a second connection, ran no query of it or did not answer: stopped, said as a silent server.
 */
export function clientSilent(options: PublicConnection, program: string, limitMs: number): DatabaseError {
  const { where, seconds } = silence(options, limitMs);
  return new DatabaseError('timeout', message('connection.clientSilent', program, where, seconds), message('connection.silentNext'), 'server-silent',
    { kind: 'timeout', code: 'ETIMEDOUT', serverMessage: `${program}: no answer from ${where} for ${seconds} s` });
}

/** The server and the read timeout as the silence sentences say them: `127.0.0.1:3306`, `0.5`. */
function silence(options: PublicConnection, limitMs: number): { readonly where: string; readonly seconds: string } {
  return { where: `${options.host}:${options.port}`, seconds: String(Math.round(limitMs / 100) / 10) };
}

export function isServerSilent(error: unknown): error is DatabaseError & { said: NonNullable<DatabaseError['said']> } {
  return error instanceof DatabaseError && error.code === 'server-silent' && error.said !== undefined;
}

/**
 * A packet from the server longer than the connection accepts at that point (a greeting of
 * megabytes, a row declared a gigabyte long): the connection was dropped before buffering it,
 * so it is a connection failure (nothing more can be asked on it), code 'packet-too-large'.
 */
export function packetTooLarge(options: PublicConnection, size: number, limit: number, inGreeting: boolean): DatabaseError {
  const where = `${options.host}:${options.port}`;
  const failure: DriverFailure = { kind: 'connection-lost', code: 'PACKET_TOO_LARGE', serverMessage: `a packet of ${size} bytes from ${where} (at most ${limit} accepted)` };
  return inGreeting
    ? new DatabaseError('unreachable', message('connection.greetingTooLarge', where, size), message('connection.notMysqlNext'), 'packet-too-large', failure)
    : new DatabaseError('other', message('connection.answerTooLarge', where, size, limit), message('connection.answerTooLargeNext'), 'packet-too-large', failure);
}

/** Laravel's own words (`migrate:status` prints "Migration table not found."). */
export function migrationsTableMissing(table: string, options: PublicConnection): DatabaseError {
  return new DatabaseError('migrations-table-missing', message('connection.migrationsTableMissing', table, options.database), message('connection.migrationsTableMissingNext'));
}
