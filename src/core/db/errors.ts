// Server errors turned into one clear sentence and the next step for the user. Never imports 'vscode'.
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

  constructor(
    readonly kind: DatabaseErrorKind,
    /** What happened, in one sentence. */
    readonly sentence: string,
    /** What the user can do next, in one sentence. */
    readonly nextStep: string,
    /** The server's error number (1045...) or Node's code (ECONNREFUSED...), when there is one. */
    readonly code?: string | number,
  ) {
    super(`${sentence} ${nextStep}`);
  }
}

interface DriverError {
  code?: string;
  errno?: number;
  /** mysql2 marks errors after which the connection is unusable. */
  fatal?: boolean;
  sqlMessage?: string;
  message?: string;
}

/** Classifies a mysql2/Node error raised while connecting to or querying `options`'s server. */
export function classifyDatabaseError(error: unknown, options: PublicConnection | ConnectionOptions): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as DriverError;
  const where = `${options.host}:${options.port}`;
  const detail = e.sqlMessage ?? e.message ?? String(error);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new DatabaseError('unreachable', `Nothing answers at ${where}: the connection was refused.`,
        'Check that MySQL/MariaDB is running and that the host and port of the connection are right.', e.code);
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new DatabaseError('timeout', `The server at ${where} did not answer in time.`,
        'Check the host, the port, a firewall or VPN, then test the connection again.', e.code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseError('unknown-host', `The host '${options.host}' cannot be found.`,
        'Check the host name of the connection (DB_HOST in .env).', e.code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DatabaseError('unreachable', `The server at ${where} cannot be reached from this machine.`,
        'Check the network (VPN, tunnel) and the host of the connection.', e.code);
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ECONNRESET':
    case 'EPIPE':
      return new DatabaseError('connection-lost', `The connection to ${where} was lost.`,
        'Check that the server is still running, then try again.', e.code);
  }
  // A connection the server closed (KILL, wait_timeout, restart) without a code of its own.
  if (e.fatal === true && e.errno === undefined) {
    return new DatabaseError('connection-lost', `The connection to ${where} was closed.`,
      'Check that the server is still running, then try again.', e.code);
  }
  switch (e.errno) {
    case 1045:
      return new DatabaseError('access-denied', `The server refused user '${options.user}': wrong user name or password.`,
        'Set the right password (Migration Doctor: Set Password, DB_PASSWORD in .env, or --password-stdin) and check the user name.', 1045);
    case 1049:
      return new DatabaseError('unknown-database', `The database '${options.database}' does not exist on ${where}.`,
        'Check the database name of the connection (DB_DATABASE in .env), or create it.', 1049);
    case 1044:
    case 1142:
    case 1143:
      return new DatabaseError('no-privilege', `User '${options.user}' lacks a privilege: ${detail}`,
        'Ask for SELECT on the database (and on information_schema) for status; ALTER, CREATE, DROP, INSERT, DELETE for repairs.', e.errno);
    case 1146:
      return new DatabaseError('other', `A table is missing: ${detail}`,
        'Run the status again; if it persists, check the connection\'s database and table prefix.', 1146);
  }
  return new DatabaseError('other', `The database server reported an error: ${detail}`,
    'Check the connection settings and the server log, then try again.', e.errno ?? e.code);
}

/** Laravel's own words (`migrate:status` prints "Migration table not found."). */
export function migrationsTableMissing(table: string, options: PublicConnection): DatabaseError {
  return new DatabaseError('migrations-table-missing', `Migration table not found: '${table}' does not exist in '${options.database}'.`,
    'Run `php artisan migrate` once (or `php artisan migrate:install`), or check the migrations table name and table prefix of the connection.');
}
