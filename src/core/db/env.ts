// A connection from a Laravel `.env`, read as Laravel reads it: the real `dotenv` parser
// (quotes, escapes, comments) and `dotenv-expand` for `${VAR}`; real environment variables
// win over the file (Laravel's phpdotenv is immutable). Never imports 'vscode'.
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import type { ConnectionOptions } from './database';
import { DatabaseError } from './errors';
import { readTextFile } from '../analysis/readSource';
import { message, type Message } from '../messages/catalog';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DatabaseError };

export interface EnvConnectionOptions {
  /** The name shown to people; default '.env'. */
  readonly name?: string;
  /** Environment variables that take precedence over the file (the CLI passes its process env). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly migrationsTable?: string;
  readonly tablePrefix?: string;
  readonly production?: boolean;
}

/** Parses `.env` text into variables, expanded the way Laravel sees them. */
export function parseEnv(content: string, environment: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const parsed = parse(content);
  // phpdotenv keeps single-quoted values literal (no `${VAR}` expansion), and unescapes \" and \\
  // in double-quoted ones, which dotenv leaves as written.
  const literal = new Map<string, string>();
  for (const match of content.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*(['"])/gm)) {
    const key = match[1]!;
    if (!(key in parsed)) continue;
    if (match[2] === "'") literal.set(key, parsed[key]!);
    else parsed[key] = parsed[key]!.replace(/\\(["\\])/g, '$1');
  }
  const processEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) if (value !== undefined) processEnv[key] = value;
  // phpdotenv expands only `${NAME}` of a variable already defined (earlier in the file or in
  // the environment) and leaves anything else as written; dotenv-expand would also expand
  // `$NAME`, `${A:-b}` and unknown names (to ''), so those are escaped for it.
  const defined = new Set(Object.keys(processEnv));
  for (const key of Object.keys(parsed)) {
    if (!literal.has(key)) {
      parsed[key] = parsed[key]!.replace(/\$(\{([A-Za-z_][A-Za-z0-9_]*)\})?/g, (whole, braced: string | undefined, name: string | undefined) =>
        braced !== undefined && defined.has(name!) ? whole : `\\${whole}`);
    }
    defined.add(key);
  }
  const expanded = expand({ parsed: { ...parsed }, processEnv }).parsed ?? {};
  for (const [key, value] of literal) if (!environment[key]) expanded[key] = value;
  return expanded;
}

/** Laravel's `config/database.php` defaults for the mysql connection. */
const laravelDefaults = { host: '127.0.0.1', port: 3306, database: 'forge', username: 'forge', password: '' };

/** The connection a Laravel app with this `.env` would use, or why there is none. */
export function connectionFromEnv(content: string, options: EnvConnectionOptions = {}): Result<ConnectionOptions> {
  const env = parseEnv(content, options.environment);
  const driver = (env.DB_CONNECTION ?? 'mysql').trim().toLowerCase();
  if (driver !== 'mysql' && driver !== 'mariadb') {
    return fail(message('env.driver', driver), message('env.driverNext'));
  }
  const url = env.DB_URL || env.DATABASE_URL;
  const fromUrl = url ? urlParts(url) : {};
  if (!fromUrl) return fail(message('env.url'), message('env.urlNext'));
  const portText = env.DB_PORT?.trim();
  const port = fromUrl.port ?? (portText ? Number(portText) : laravelDefaults.port);
  if (portNumber(port) === undefined) {
    return fail(message('env.port', portText ?? ''), message('env.portNext'));
  }
  return {
    ok: true,
    value: {
      name: options.name ?? '.env',
      host: fromUrl.host ?? (env.DB_HOST?.trim() || laravelDefaults.host),
      port,
      user: fromUrl.user ?? env.DB_USERNAME ?? laravelDefaults.username,
      password: fromUrl.password ?? env.DB_PASSWORD ?? laravelDefaults.password,
      database: fromUrl.database ?? env.DB_DATABASE ?? laravelDefaults.database,
      migrationsTable: options.migrationsTable ?? 'migrations',
      tablePrefix: options.tablePrefix ?? '',
      production: options.production ?? (env.APP_ENV === 'production'),
    },
  };
}

export type UrlParts = Partial<{ scheme: string; host: string; port: number; user: string; password: string; database: string }>;

/** What a connection URL (DB_URL, a connection's 'url') sets, as Laravel's ConfigurationUrlParser reads it; undefined when it is no URL. */
export function urlParts(url: string): UrlParts | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const database = parsed.pathname.replace(/^\//, '');
  return {
    scheme: parsed.protocol.replace(/:$/, '') || undefined,
    host: parsed.hostname || undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: database ? decodeURIComponent(database) : undefined,
  };
}

/** A TCP port, else undefined. */
export function portNumber(value: number): number | undefined {
  return Number.isInteger(value) && value > 0 && value <= 65535 ? value : undefined;
}

/** Reads and interprets an `.env` file; a missing or unreadable file is a value, not an exception. */
export async function readEnvConnection(path: string, options: EnvConnectionOptions = {}): Promise<Result<ConnectionOptions>> {
  const content = await readEnvFile(path);
  return content.ok ? connectionFromEnv(content.value, options) : content;
}

/** The text of an `.env` file, or why it cannot be read (as a configuration error). */
export async function readEnvFile(path: string): Promise<Result<string>> {
  try {
    return { ok: true, value: await readTextFile(path) };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return fail(missing ? message('env.missing', path) : message('env.unreadable', path, (error as Error).message), message('env.missingNext'));
  }
}

export function fail<T>(sentence: Message, nextStep: Message): Result<T> {
  return { ok: false, error: new DatabaseError('configuration', sentence, nextStep) };
}
