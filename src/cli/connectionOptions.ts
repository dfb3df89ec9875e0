// The connection flags every database command shares (status, repair, restore):
// --env-file, --host, --port, --user, --database, --migrations-table, --prefix, --connect-timeout, --read-timeout;
// the password from the DB_PASSWORD environment variable, the .env, or --password-stdin.
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { ConnectionOptions } from '../core/db/database';
import { defaultConnectTimeoutMs } from '../core/db/database';
import { readEnvFile, type Result } from '../core/db/env';
import { connectionRecipeCachePath, projectConnectionAt } from '../core/project/connection';
import type { Fact } from '../core/project/laravelVersion';
import { explicitVersionOf } from './project';
import { analyserIdentity } from '../core/analysis/cache';
import { VERSION } from './version';
import { positiveInteger } from './args';
import { CliIo, UsageError } from './io';

/**
 * A query without a byte from the server for this long gets a second connection asking whether the
 * server still runs it: long enough that the check is rare, short enough that a hung server ends a
 * command (or CI job) within a minute. A slow query is never ended by it.
 */
export const defaultReadTimeoutMs = 30_000;

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
  readTimeoutMs?: number;
  ssh?: string;
  sshKey?: string;
  sshKnownHosts?: string;
  sshAcceptNewHostKey?: boolean;
}

export const connectionOptionsHelp = `Connection options (default: the .env of the current folder):
  --env-file FILE           Laravel .env to read: config/database.php's default connection (DB_CONNECTION) with the
                            variables it reads (DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD, …)
  --host HOST               server host (overrides the .env)
  --port PORT               server port
  --user USER               user name
  --database NAME           database name
  --migrations-table NAME   Laravel's migrations table (default: migrations)
  --prefix PREFIX           table prefix of the connection (default: none)
  --password-stdin          read the password from standard input
  --connect-timeout MS      give up connecting after MS milliseconds (default: ${defaultConnectTimeoutMs})
  --read-timeout MS         give up on a server that sent nothing for MS milliseconds during a query and
                            that a second connection finds not running it either (default: ${defaultReadTimeoutMs};
                            a slow query the server is still running is waited for)
  The password otherwise comes from the DB_PASSWORD environment variable, then the .env.
  --ssh USER@HOST[:PORT]    reach the database through SSH (HOST may be a Host alias of ~/.ssh/config);
                            --host and --port are then the database as the SSH server sees it
  --ssh-key PATH            private key for SSH (default: the alias's IdentityFile, else the agent of SSH_AUTH_SOCK)
  --ssh-known-hosts PATH    known_hosts to check the server's key against (default: ~/.ssh/known_hosts)
  --ssh-accept-new-host-key accept a host key known_hosts does not have (after checking its fingerprint) and add it
`;

/** The connection options, as node:util parseArgs options: spread into a command's own. */
export const connectionOptions = {
  'env-file': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  database: { type: 'string' },
  'migrations-table': { type: 'string' },
  prefix: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'connect-timeout': { type: 'string' },
  'read-timeout': { type: 'string' },
  ssh: { type: 'string' },
  'ssh-key': { type: 'string' },
  'ssh-known-hosts': { type: 'string' },
  'ssh-accept-new-host-key': { type: 'boolean' },
} as const;

type ConnectionValues = { [K in keyof typeof connectionOptions]?: (typeof connectionOptions)[K]['type'] extends 'boolean' ? boolean : string };

/** The connection flags among a command's parsed values; bad numbers are usage errors. */
export function connectionFlags(values: ConnectionValues): ConnectionFlags {
  const flags: ConnectionFlags = {
    envFile: values['env-file'],
    host: values.host,
    port: values.port === undefined ? undefined : positiveInteger('--port', values.port, 65535),
    user: values.user,
    database: values.database,
    migrationsTable: values['migrations-table'],
    prefix: values.prefix,
    passwordStdin: values['password-stdin'],
    connectTimeoutMs: values['connect-timeout'] === undefined ? undefined : positiveInteger('--connect-timeout', values['connect-timeout'], 600_000),
    readTimeoutMs: values['read-timeout'] === undefined ? undefined : positiveInteger('--read-timeout', values['read-timeout'], 86_400_000),
    ssh: values.ssh,
    sshKey: values['ssh-key'],
    sshKnownHosts: values['ssh-known-hosts'],
    sshAcceptNewHostKey: values['ssh-accept-new-host-key'],
  };
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ConnectionFlags;
}

/** The .env of a command's run (--env-file, else ./.env), read once: the connection and the project facts are given it. */
export interface CliEnv {
  readonly file: string;
  /** Its text, or why it cannot be read. */
  readonly read: Result<string>;
  /** None was named and ./.env does not exist: the connection is the flags' alone. */
  readonly absent: boolean;
}

export async function readCliEnv(io: CliIo, envFile: string | undefined): Promise<CliEnv> {
  const file = envFile ? path.resolve(io.cwd, envFile) : path.join(io.cwd, '.env');
  const read = await readEnvFile(file);
  return { file, read, absent: !envFile && !read.ok && !existsSync(file) };
}

/**
 * The connection the flags describe: the .env (--env-file, or ./.env when present) with the
 * flags on top. A configuration problem is returned as a DatabaseError value.
 */
export async function resolveCliConnection(
  flags: ConnectionFlags, io: CliIo, env: CliEnv, cached = false, laravelVersion?: string, projectVersion?: Fact<string>,
): Promise<Result<ConnectionOptions>> {
  let base: ConnectionOptions | undefined;
  if (!env.absent) {
    if (!env.read.ok) return env.read;
    // The app is the current folder, as for artisan: its config/database.php names the connection.
    const kept = cached ? { file: connectionRecipeCachePath(io.cwd), analyser: analyserIdentity(VERSION) } : undefined;
    // --migrations-table wins over config/database.php's, which is then not needed.
    const fromEnv = await projectConnectionAt(io.cwd, env.read.value, {
      environment: io.env, ...(kept ? { kept } : {}), ...(flags.migrationsTable ? { migrationsTable: flags.migrationsTable } : {}),
      // The version the run's project facts read (composer.lock is then read once per run), else read here when needed.
      ...(projectVersion ? { laravelVersion: projectVersion } : { explicitVersion: () => explicitVersionOf(io, laravelVersion) }),
    });
    if (!fromEnv.ok) return fromEnv;
    base = fromEnv.value;
  } else if (!flags.database && !io.env.DB_DATABASE) {
    throw new UsageError(`no .env in ${io.cwd}: pass --env-file FILE, or --database NAME (with --host, --port, --user as needed).`);
  }
  // With a .env, the environment's DB_PASSWORD counts where config/database.php reads it (env() sees the environment first).
  let password = base ? base.password : io.env.DB_PASSWORD;
  if (flags.passwordStdin) password = (await io.readStdin()).replace(/\r?\n$/, '');
  const database = flags.database ?? base?.database ?? io.env.DB_DATABASE!;
  return {
    ok: true,
    value: {
      // `laravel (.env)`, the editor's name for it: a bare ".env" reads as a file name.
      name: base ? `${database} (${path.relative(io.cwd, env.file) || '.env'})` : 'command line',
      host: flags.host ?? base?.host ?? io.env.DB_HOST ?? '127.0.0.1',
      port: flags.port ?? base?.port ?? (io.env.DB_PORT ? positiveInteger('DB_PORT', io.env.DB_PORT, 65535) : 3306),
      user: flags.user ?? base?.user ?? io.env.DB_USERNAME ?? 'root',
      password,
      database,
      migrationsTable: flags.migrationsTable ?? base?.migrationsTable ?? 'migrations',
      ...(flags.migrationsTable === undefined && base?.migrationsTableSource ? { migrationsTableSource: base.migrationsTableSource } : {}),
      tablePrefix: flags.prefix ?? base?.tablePrefix ?? '',
      production: base?.production ?? false,
      connectTimeoutMs: flags.connectTimeoutMs ?? defaultConnectTimeoutMs,
      readTimeoutMs: flags.readTimeoutMs ?? defaultReadTimeoutMs,
    },
  };
}
