// The `strict` of the connection the app uses, read from config/database.php as Laravel's
// MySqlConnector sees it: it decides whether NULLs, longer values and values out of range make an
// ALTER fail or are converted. env() is resolved through the environment and the app's .env;
// anything that needs running the code is unknown, never guessed. Never imports 'vscode'.
import * as path from 'node:path';
import { readTextFile } from '../analysis/readSource';
import { defaultConnectionConfig, entryOf, envOf, evaluate, readDatabaseConfig, valueOf, variablesOf, type ConfigValue, type DatabaseConfig, type EnvLookup, type Written } from './databaseConfig';

type Node = { kind: string; [key: string]: any };

export type ConnectionStrict =
  | { readonly strict: boolean; readonly from: string }
  | { readonly strict: undefined; readonly unknown: string };

/** What preflight takes: the strict that was read, else why it cannot be told. */
export function preflightStrict(read: ConnectionStrict): boolean | { readonly unknown: string } {
  return read.strict ?? { unknown: read.unknown };
}

/** PHP's truthiness, as `if ($config['strict'])` tests it. */
const truthy = (value: unknown): boolean => !(value === false || value === null || value === '' || value === '0' || value === 0);

/**
 * The `strict` of the connection the app at `root` uses. `environment` wins over the .env
 * file, as in Laravel.
 */
export async function readConnectionStrict(
  root: string, envFile: string | undefined, environment: Readonly<Record<string, string | undefined>>,
): Promise<ConnectionStrict> {
  return connectionStrictAt(root, () => (envFile ? readTextFile(envFile).catch(() => '') : Promise.resolve('')), environment);
}

/** The same, the .env's text given (read by the caller, once for its run): asked only when config/database.php needs it. */
export async function connectionStrictAt(
  root: string, envText: () => Promise<string>, environment: Readonly<Record<string, string | undefined>>,
): Promise<ConnectionStrict> {
  const config = await readDatabaseConfig(root);
  if ('unreadable' in config && config.unreadable === 'read') return { strict: undefined, unknown: config.why };
  // No version here: bootstrap/app.php alone tells (Application::configure() is 11+'s).
  const frameworkOwn = 'missing' in config && await frameworkConfigApplies(root, undefined, readTextFile);
  return strictIn(config, envOf(variablesOf(await envText(), environment)), frameworkOwn);
}

/**
 * The same, from config/database.php as read and what env() sees. The app has none: Laravel's own
 * ('strict' => true) only where it applies (`frameworkOwn`, {@link frameworkConfigApplies}); an app
 * that runs without one reads its configuration from elsewhere (BookStack's app/Config says
 * 'strict' => false), so nothing is claimed.
 */
export function strictIn(config: DatabaseConfig, env: EnvLookup, frameworkOwn: boolean): ConnectionStrict {
  if ('missing' in config) {
    return frameworkOwn
      ? { strict: true, from: "Laravel's own config/database.php (the app has none): 'strict' => true" }
      : { strict: undefined, unknown: noOwnConfig };
  }
  const named = defaultConnectionConfig(config, env);
  if ('unknown' in named) return { strict: undefined, unknown: named.unknown };
  const { name, connection } = named;
  // 'modes' replaces what 'strict' sets; a missing or null 'strict' leaves the server's sql_mode.
  if (entryOf(connection, 'modes')) return { strict: undefined, unknown: `the '${name}' connection sets its own 'modes'` };
  const written = `config/database.php 'connections.${name}.strict'`;
  const strict = evaluate(entryOf(connection, 'strict')?.value, env, written);
  if ('unknown' in strict) return { strict: undefined, unknown: strict.unknown };
  if (strict.value === null) return { strict: undefined, unknown: `${written} is null: the server's own sql_mode applies` };
  return { strict: truthy(strict.value), from: strict.from };
}

const noOwnConfig = "the app has no config/database.php, and its bootstrap/app.php is not Laravel 11+'s Application::configure() without a config path of its own: its configuration is read from elsewhere";

/** `env('DB_CHARSET', 'utf8mb4')`, as the framework's config/database.php writes it for mysql and mariadb. */
const frameworkCharset: Written = { env: 'DB_CHARSET', fallback: { literal: 'utf8mb4' } };

export type ConnectionCharset =
  | { readonly charset: string; readonly from: string }
  | { readonly charset: undefined; readonly unknown: string };

/**
 * The `charset` of the default connection: Laravel's MySqlGrammar writes it into every CREATE TABLE
 * that sets none of its own (`default character set ...`). Not set, null, or not readable: the
 * database's own default applies, which is not known here. `frameworkOwn`: the app has none and
 * Laravel 11+ reads its own ({@link frameworkConfigApplies}), whose mysql and mariadb connections
 * say `env('DB_CHARSET', 'utf8mb4')` (11.x-13.x).
 */
export function charsetIn(config: DatabaseConfig, env: EnvLookup, frameworkOwn = false): ConnectionCharset {
  if ('missing' in config && frameworkOwn) {
    const connection = valueOf({ env: 'DB_CONNECTION', fallback: { literal: 'sqlite' } }, env, "Laravel's own config/database.php (the app has none): 'default'");
    if ('unknown' in connection) return { charset: undefined, unknown: connection.unknown };
    if (connection.value !== 'mysql' && connection.value !== 'mariadb') return { charset: undefined, unknown: `${connection.from}: not its mysql or mariadb connection` };
    const charset = valueOf(frameworkCharset, env, "Laravel's own config/database.php (the app has none): 'charset'");
    if ('unknown' in charset) return { charset: undefined, unknown: charset.unknown };
    if (typeof charset.value !== 'string' || charset.value === '') return { charset: undefined, unknown: `${charset.from}: none, the database's own default applies` };
    return { charset: charset.value.toLowerCase(), from: charset.from };
  }
  const named = defaultConnectionConfig(config, env);
  if ('unknown' in named) return { charset: undefined, unknown: named.unknown };
  const written = `config/database.php 'connections.${named.name}.charset'`;
  const charset = evaluate(entryOf(named.connection, 'charset')?.value, env, written);
  if ('unknown' in charset) return { charset: undefined, unknown: charset.unknown };
  if (typeof charset.value !== 'string' || charset.value === '') return { charset: undefined, unknown: `${written} sets none: the database's own default applies` };
  return { charset: charset.value.toLowerCase(), from: charset.from };
}

export type ConnectionPrefix =
  | { readonly prefix: string; readonly indexes: boolean; readonly from: string }
  | { readonly prefix: undefined; readonly unknown: string };

/**
 * The `prefix` of the default connection, which Laravel's grammar puts before every table name,
 * and `prefix_indexes`, whether the index and foreign key names Laravel derives carry it too
 * (Builder::createBlueprint / Blueprint::createIndexName, 8.x-13.x: only when truthy, so not when
 * unset). A 'write' array's entries replace the connection's own (ConnectionFactory::getWriteConfig);
 * a URL may set them in its query: not read, unknown. Not set or null: no prefix (Arr::add 'prefix' '').
 */
export function prefixIn(config: DatabaseConfig, env: EnvLookup, frameworkOwn: boolean): ConnectionPrefix {
  // Laravel's own config/database.php (11+, where the app has none): 'prefix' => '' in every connection.
  if ('missing' in config) {
    return frameworkOwn
      ? { prefix: '', indexes: true, from: "Laravel's own config/database.php (the app has none): 'prefix' => ''" }
      : { prefix: undefined, unknown: noOwnConfig };
  }
  const named = defaultConnectionConfig(config, env);
  if ('unknown' in named) return { prefix: undefined, unknown: named.unknown };
  const { name, connection } = named;
  const write = entryOf(connection, 'write')?.value as Node | undefined;
  if (write && (write.kind !== 'array' || (write.items as Node[]).some((item) => item?.kind !== 'entry' || item.key?.kind !== 'string'))) {
    return { prefix: undefined, unknown: `the '${name}' connection's 'write' entry is not one literal array` };
  }
  /** The entry `key` as the write connection has it: undefined when neither sets it. */
  const read = (key: string): ConfigValue | undefined => {
    const inWrite = entryOf(write, key);
    const entry = inWrite ?? entryOf(connection, key);
    return entry && evaluate(entry.value, env, `config/database.php 'connections.${name}${inWrite ? '.write' : ''}.${key}'`);
  };
  const url = read('url');
  if (url && 'unknown' in url) return { prefix: undefined, unknown: url.unknown };
  if (url && typeof url.value === 'string' && url.value.includes('?')) return { prefix: undefined, unknown: `${url.from}: a URL's query may set the prefix` };
  const prefix = read('prefix');
  if (!prefix) return { prefix: '', indexes: false, from: `config/database.php 'connections.${name}' sets no 'prefix'` };
  if ('unknown' in prefix) return { prefix: undefined, unknown: prefix.unknown };
  if (prefix.value !== null && typeof prefix.value !== 'string') return { prefix: undefined, unknown: `${prefix.from}: not a string` };
  const text = prefix.value ?? '';
  if (text === '') return { prefix: '', indexes: false, from: prefix.from };
  const indexes = read('prefix_indexes');
  // Not readable: the derived names are taken without the prefix, the shortest they can be.
  return { prefix: text, indexes: indexes !== undefined && 'value' in indexes && truthy(indexes.value), from: prefix.from };
}

/**
 * Whether Laravel's own config/database.php is the one that applies to the app at `root`, which
 * has none: Laravel 11+ (`major`, when known), started by bootstrap/app.php's Application::configure() with no
 * config path of its own (BookStack's Application subclass reads app/Config instead). Anything
 * else: not known.
 */
export async function frameworkConfigApplies(root: string, major: number | undefined, readText: (file: string) => Promise<string>): Promise<boolean> {
  // Unknown version: Application::configure() exists only from 11 on, so bootstrap/app.php tells.
  if (major !== undefined && major < 11) return false;
  const bootstrap = await readText(path.join(root, 'bootstrap', 'app.php')).catch(() => undefined);
  return bootstrap !== undefined && bootstrap.includes('Application::configure(') && !/configPath/i.test(bootstrap);
}
