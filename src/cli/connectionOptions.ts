// The connection flags every database command shares (status, repair, restore):
// --env-file, --host, --port, --user, --database, --migrations-table, --prefix, --connect-timeout;
// the password from the DB_PASSWORD environment variable, the .env, or --password-stdin.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { ConnectionOptions } from '../core/db/database';
import { defaultConnectTimeoutMs } from '../core/db/database';
import type { DatabaseError } from '../core/db/errors';
import { readEnvConnection } from '../core/db/env';
import { CliIo, UsageError } from './io';

export interface ConnectionFlags {
  envFile?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  migrationsTable?: string;
  prefix?: string;
  passwordStdin?: boolean;
  connectTimeoutMs?: number;
}

export const connectionOptionsHelp = `Connection options (default: the .env of the current folder):
  --env-file FILE           Laravel .env to read (DB_CONNECTION, DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD)
  --host HOST               server host (overrides the .env)
  --port PORT               server port
  --user USER               user name
  --database NAME           database name
  --migrations-table NAME   Laravel's migrations table (default: migrations)
  --prefix PREFIX           table prefix of the connection (default: none)
  --password-stdin          read the password from standard input
  --connect-timeout MS      give up connecting after MS milliseconds (default: ${defaultConnectTimeoutMs})
  The password otherwise comes from the DB_PASSWORD environment variable, then the .env.
`;

const valueFlags = new Set(['--env-file', '--host', '--port', '--user', '--database', '--migrations-table', '--prefix', '--connect-timeout']);

/**
 * Splits `args` into the connection flags and the rest (in order), accepting `--flag value`
 * and `--flag=value`. Unknown flags stay in the rest for the command to judge.
 */
export function parseConnectionFlags(args: readonly string[]): { flags: ConnectionFlags; rest: string[] } {
  const flags: ConnectionFlags = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--password-stdin') {
      flags.passwordStdin = true;
      continue;
    }
    if (name === '--password') {
      throw new UsageError('--password is not accepted (it would show in the process list and shell history): set DB_PASSWORD or use --password-stdin.');
    }
    if (!valueFlags.has(name)) {
      rest.push(arg);
      continue;
    }
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else value = args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
    switch (name) {
      case '--env-file': flags.envFile = value; break;
      case '--host': flags.host = value; break;
      case '--user': flags.user = value; break;
      case '--database': flags.database = value; break;
      case '--migrations-table': flags.migrationsTable = value; break;
      case '--prefix': flags.prefix = value; break;
      case '--port': flags.port = positiveInteger(name, value, 65535); break;
      case '--connect-timeout': flags.connectTimeoutMs = positiveInteger(name, value, 600_000); break;
    }
  }
  return { flags, rest };
}

function positiveInteger(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > max) throw new UsageError(`${flag} must be a whole number between 1 and ${max}, not '${value}'.`);
  return n;
}

/**
 * The connection the flags describe: the .env (--env-file, or ./.env when present) with the
 * flags on top. A configuration problem is returned as a DatabaseError value.
 */
export async function resolveCliConnection(
  flags: ConnectionFlags,
  io: CliIo,
): Promise<{ ok: true; value: ConnectionOptions } | { ok: false; error: DatabaseError }> {
  const envFile = flags.envFile ? path.resolve(io.cwd, flags.envFile) : path.join(io.cwd, '.env');
  let base: ConnectionOptions | undefined;
  if (flags.envFile || existsSync(envFile)) {
    const fromEnv = await readEnvConnection(envFile, { environment: io.env });
    if (!fromEnv.ok) return fromEnv;
    base = fromEnv.value;
  } else if (!flags.database && !io.env.DB_DATABASE) {
    throw new UsageError(`no .env in ${io.cwd}: pass --env-file FILE, or --database NAME (with --host, --port, --user as needed).`);
  }
  let password = io.env.DB_PASSWORD ?? base?.password;
  if (flags.passwordStdin) password = (await io.readStdin()).replace(/\r?\n$/, '');
  return {
    ok: true,
    value: {
      name: base ? path.relative(io.cwd, envFile) || '.env' : 'command line',
      host: flags.host ?? base?.host ?? io.env.DB_HOST ?? '127.0.0.1',
      port: flags.port ?? base?.port ?? (io.env.DB_PORT ? positiveInteger('DB_PORT', io.env.DB_PORT, 65535) : 3306),
      user: flags.user ?? base?.user ?? io.env.DB_USERNAME ?? 'root',
      password,
      database: flags.database ?? base?.database ?? io.env.DB_DATABASE!,
      migrationsTable: flags.migrationsTable ?? base?.migrationsTable ?? 'migrations',
      tablePrefix: flags.prefix ?? base?.tablePrefix ?? '',
      production: base?.production ?? false,
      connectTimeoutMs: flags.connectTimeoutMs ?? defaultConnectTimeoutMs,
    },
  };
}
