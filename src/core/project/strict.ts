// The `strict` of the connection the app uses, read from config/database.php as Laravel's
// MySqlConnector sees it: it decides whether NULLs, longer values and values out of range make an
// ALTER fail or are converted. env() is resolved through the environment and the app's .env;
// anything that needs running the code is unknown, never guessed. Never imports 'vscode'.
import { readTextFile } from '../analysis/readSource';
import { defaultConnectionConfig, entryOf, envOf, evaluate, readDatabaseConfig, variablesOf, type DatabaseConfig, type EnvLookup } from './databaseConfig';

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
  return strictIn(config, envOf(variablesOf(await envText(), environment)));
}

/** The same, from config/database.php as read (Laravel's own when the app has none) and what env() sees. */
export function strictIn(config: DatabaseConfig, env: EnvLookup): ConnectionStrict {
  if ('missing' in config) return { strict: true, from: "Laravel's own config/database.php (the app has none): 'strict' => true" };
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

export type ConnectionCharset =
  | { readonly charset: string; readonly from: string }
  | { readonly charset: undefined; readonly unknown: string };

/**
 * The `charset` of the default connection: Laravel's MySqlGrammar writes it into every CREATE TABLE
 * that sets none of its own (`default character set ...`). Not set, null, or not readable: the
 * database's own default applies, which is not known here.
 */
export function charsetIn(config: DatabaseConfig, env: EnvLookup): ConnectionCharset {
  const named = defaultConnectionConfig(config, env);
  if ('unknown' in named) return { charset: undefined, unknown: named.unknown };
  const written = `config/database.php 'connections.${named.name}.charset'`;
  const charset = evaluate(entryOf(named.connection, 'charset')?.value, env, written);
  if ('unknown' in charset) return { charset: undefined, unknown: charset.unknown };
  if (typeof charset.value !== 'string' || charset.value === '') return { charset: undefined, unknown: `${written} sets none: the database's own default applies` };
  return { charset: charset.value.toLowerCase(), from: charset.from };
}
