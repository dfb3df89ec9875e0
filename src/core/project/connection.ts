// The connection a Laravel app's migrations run on, read as Laravel reads it: DB_CONNECTION (or
// whatever config/database.php's 'default' says) names a connection of config/database.php, whose
// driver, url, host, port, database, username, password and prefix are that entry's, env() resolved
// through the environment over the app's .env. Without config/database.php, the same read of
// Laravel's own. A value that needs running the app is unknown, never guessed. Never imports 'vscode'.
import * as path from 'node:path';
import type { ConnectionOptions } from '../db/database';
import { fail, portNumber, readEnvFile, urlParts, type Result } from '../db/env';
import { message, type Message } from '../messages/catalog';
import {
  databaseConfigFile, defaultNameOf, entryOf, envOf, readDatabaseConfig, valueOf, variablesOf, writtenOf, type DefaultConnection, type EnvLookup, type Written,
} from './databaseConfig';
import { keptAnswer, plainFiles, type KeptAnswers, type ProjectFiles } from './files';
import { filesVersionOf, majorVersion, readLaravelVersion, readLockedLaravelVersion, type Fact, type LaravelFactsInput } from './laravelVersion';
import { migrationsTableOf, migrationsTableRecipeOf, type MigrationsTableRecipe } from './migrationsTable';

type Node = { kind: string; [key: string]: any };

/** The entries a MySQL connection is made of. */
const fields = ['driver', 'url', 'host', 'port', 'database', 'username', 'password', 'prefix', 'unix_socket'] as const;
type Field = (typeof fields)[number];

/**
 * config/database.php as far as the connection depends on it, without the values of env():
 * plain JSON, so a warm run reads no PHP. A literal password is not kept (`secret`): then the
 * file is read each time.
 */
export interface ConnectionRecipe {
  readonly default?: Written;
  readonly connections: { readonly [name: string]: { readonly [F in Field]?: Written } | { readonly unknown: string } };
  readonly secret?: true;
  /**
   * Laravel's own config/database.php ({@link stockRecipeOf}), of `laravel` (its major version; absent
   * when unknown and every version's reads the .env alike): what is wrong is said of the .env, which alone sets it.
   */
  readonly stock?: { readonly laravel?: number };
  /** How 'migrations' is written (the migrations table's name); absent: not read, the table is 'migrations'. */
  readonly migrations?: MigrationsTableRecipe;
  /** The file it was read from, when not the app's config/database.php (Laravel's own in vendor/). */
  readonly file?: string;
}

const env = (name: string, fallback?: Written): Written => ({ env: name, ...(fallback ? { fallback } : {}) });

/** Where Laravel 8–10's app skeleton and, since 11, the framework's own config/database.php differ for a MySQL connection. */
const stockDefaults = {
  older: { connection: 'mysql', url: 'DATABASE_URL', database: 'forge', username: 'forge' },
  newer: { connection: 'sqlite', url: 'DB_URL', database: 'laravel', username: 'root' },
} as const;
type Stock = (typeof stockDefaults)[keyof typeof stockDefaults];

/** Laravel's own mysql entry for `driver` as the config/database.php of that version writes it. */
const stockEntry = (driver: string, stock: Stock) => ({
  driver: { literal: driver }, url: env(stock.url), host: env('DB_HOST', { literal: '127.0.0.1' }), port: env('DB_PORT', { literal: '3306' }),
  database: env('DB_DATABASE', { literal: stock.database }), username: env('DB_USERNAME', { literal: stock.username }), password: env('DB_PASSWORD', { literal: '' }),
  // The skeleton's 8.x–10.x and the framework's 11+ mysql and mariadb entries alike.
  unix_socket: env('DB_SOCKET', { literal: '' }), prefix: { literal: '' },
});

/**
 * Laravel's stock config/database.php as far as the connection depends on it, where the app has
 * none and vendor/ holds no framework to read it from: 8.x–10.x's app skeleton, or since 11.x the
 * framework's own file (whose default, sqlite, Migration Doctor cannot read).
 */
const stockRecipeOf = (stock: Stock, laravel: number | undefined): ConnectionRecipe => ({
  default: env('DB_CONNECTION', { literal: stock.connection }), connections: { mysql: stockEntry('mysql', stock), mariadb: stockEntry('mariadb', stock) },
  stock: laravel === undefined ? {} : { laravel },
});

/** The recipe of a config/database.php that was read (not missing); `toKeep`: without a literal password. */
export function connectionRecipeOf(returned: Node, toKeep = false): ConnectionRecipe {
  const defaultNode = entryOf(returned, 'default')?.value as Node | undefined;
  const connections: Record<string, ConnectionRecipe['connections'][string]> = {};
  let secret = false;
  const list = entryOf(returned, 'connections')?.value as Node | undefined;
  for (const item of list?.kind === 'array' ? (list.items as Node[]) : []) {
    if (item?.kind !== 'entry' || item.key?.kind !== 'string') continue;
    const name = String(item.key.value);
    const entry = item.value as Node;
    if (entry?.kind !== 'array') {
      connections[name] = { unknown: 'is not a literal array' };
      continue;
    }
    const written: Partial<Record<Field, Written>> = {};
    // Migrations write: a 'write' array's entries replace the connection's own (Laravel's ConnectionFactory).
    const write = entryOf(entry, 'write')?.value as Node | undefined;
    for (const field of fields) {
      const node = (entryOf(write, field) ?? entryOf(entry, field))?.value as Node | undefined;
      if (!node) continue;
      written[field] = field === 'host' && node.kind === 'array' ? oneHost(node) : writtenOf(node);
      if (toKeep && field === 'password' && 'literal' in written[field]! && written[field]!.literal) {
        secret = true;
        written[field] = { literal: '' };
      }
    }
    if (write && write.kind !== 'array') connections[name] = { unknown: "has a 'write' entry that is not a literal array" };
    else connections[name] = written;
  }
  return { ...(defaultNode ? { default: writtenOf(defaultNode) } : {}), connections, ...(secret ? { secret: true as const } : {}) };
}

/** `'host' => ['a']`: Laravel tries the hosts of the list in a random order; one host is that host. */
function oneHost(list: Node): Written {
  const items = (list.items as Node[]).filter((item) => item?.kind === 'entry');
  if (items.length === 1 && !items[0]!.key) return writtenOf(items[0]!.value as Node);
  return { unknown: 'lists several hosts, one of which is chosen at random' };
}

/** config/database.php read for the connection, or why it cannot be: `missing` when the app has none. */
export type Recipe = { readonly recipe: ConnectionRecipe } | { readonly missing: true } | { readonly why: string };

/** Laravel's own config/database.php, which applies where the app has none (the app skeleton has none since 11.x). */
export const frameworkDatabaseConfigFile = 'vendor/laravel/framework/config/database.php';

/**
 * The app's config/database.php, else the framework's in vendor/ (missing when neither exists);
 * `locked`: the version the project's files give, when the caller read it (null: they give none).
 */
async function recipeOf(root: string, files: ProjectFiles, toKeep: boolean, locked: string | null | undefined): Promise<Recipe> {
  let config = await readDatabaseConfig(root, files);
  const framework = 'missing' in config;
  if (framework) config = await readDatabaseConfig(path.join(root, 'vendor', 'laravel', 'framework'), files);
  if ('missing' in config) return config;
  if ('why' in config) return { why: config.why };
  const migrations = await migrationsTableRecipeOf(config.returned, async () => (locked === undefined ? readLockedLaravelVersion(root, files) : locked ?? undefined));
  return { recipe: { ...connectionRecipeOf(config.returned, toKeep), migrations, ...(framework ? { file: frameworkDatabaseConfigFile } : {}) } };
}

/** A kept recipe is trusted only when shaped like one. */
function plausibleRecipe(value: unknown): value is Recipe {
  const v = value as { recipe?: { connections?: unknown }; missing?: unknown; why?: unknown } | null;
  return typeof v === 'object' && v !== null
    && (v.missing === true || typeof v.why === 'string' || (typeof v.recipe === 'object' && v.recipe !== null && typeof v.recipe.connections === 'object' && v.recipe.connections !== null
      && typeof (v.recipe as { migrations?: unknown }).migrations === 'object'));
}

/** `<project>/.migration-doctor/cache/connection.json`: what config/database.php says of the connection, while the file is unchanged. */
export function connectionRecipeCachePath(projectRoot: string): string {
  return path.join(projectRoot, '.migration-doctor', 'cache', 'connection.json');
}

/** What config/database.php of the app at `root` says of the connection; with `kept`, kept while the file is unchanged. */
async function readConnectionRecipe(root: string, kept: KeptAnswers | undefined, locked: string | null | undefined): Promise<Recipe> {
  const read = (files: ProjectFiles = plainFiles, toKeep = false) => recipeOf(root, files, toKeep, locked);
  if (!kept) return read();
  // A version the caller read is a parameter (composer.lock is then not read, so not observed).
  const recipe = await keptAnswer(kept, JSON.stringify(locked === undefined ? [path.resolve(root)] : [path.resolve(root), locked]), plausibleRecipe, (files) => read(files, true));
  // A literal password is never written to the cache: that file is read again for it.
  return 'recipe' in recipe && recipe.recipe.secret ? read() : recipe;
}

export interface ProjectConnectionOptions {
  /** The name shown to people; default '.env'. */
  readonly name?: string;
  /** Environment variables that take precedence over the .env (the CLI passes its process env). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly migrationsTable?: string;
  readonly tablePrefix?: string;
  readonly production?: boolean;
  /** Where to keep what config/database.php says (a warm run then parses no PHP); unset: read each time. */
  readonly kept?: KeptAnswers;
  /**
   * The Laravel version as the project's files, else the explicit version, say ({@link readLaravelVersion}, as the
   * project facts read it): whose stock config applies where neither the app nor vendor/ has one, and how
   * 'migrations' is read. Given, composer.lock and composer.json are not read again; absent, read when needed.
   */
  readonly laravelVersion?: Fact<string>;
  /**
   * The version the adapter was given (a setting, --laravel-version), asked only when Laravel's stock
   * config applies (reading it may read a settings file: a warm status reads none).
   */
  readonly explicitVersion?: () => Promise<LaravelFactsInput['explicitVersion']>;
}

/** The project's Laravel version, read only when Laravel's stock config applies (its defaults differ between 8–10 and 11+). */
async function readStockVersion(root: string, recipe: Recipe, explicit: ProjectConnectionOptions['explicitVersion']): Promise<Fact<string> | undefined> {
  return 'recipe' in recipe && readable(recipe.recipe.default) ? undefined : readLaravelVersion(root, await explicit?.());
}

/** A 'default' read without running the app, whatever the variables: the stock config is then not needed. */
const readable = (written: Written | undefined): boolean => written !== undefined && !('unknown' in written) && (!('fallback' in written) || written.fallback === undefined || readable(written.fallback));

/**
 * The connection the app at `root` migrates on, with `envFile` as its .env (a missing or unreadable
 * one is a value, not an exception); `environment` wins over the file, as in Laravel.
 */
export async function readProjectConnection(root: string, envFile: string, options: ProjectConnectionOptions = {}): Promise<Result<ConnectionOptions>> {
  const read = await readEnvFile(envFile);
  return read.ok ? projectConnectionAt(root, read.value, options) : read;
}

/** The connection the app at `root` migrates on, its .env already read (`envText`): {@link readProjectConnection}. */
export async function projectConnectionAt(root: string, envText: string, options: ProjectConnectionOptions = {}): Promise<Result<ConnectionOptions>> {
  const given = options.laravelVersion;
  // 'migrations' follows the files' version alone, never a setting's.
  const recipe = await readConnectionRecipe(root, options.kept, given ? filesVersionOf(given) ?? null : undefined);
  const laravelVersion = options.laravelVersion ?? await readStockVersion(root, recipe, options.explicitVersion);
  return projectConnection(recipe, envText, { ...options, ...(laravelVersion ? { laravelVersion } : {}) });
}

/** The connection of an app whose config/database.php is `recipe` and whose .env says `envText`. */
export function projectConnection(recipe: Recipe, envText: string, options: ProjectConnectionOptions = {}): Result<ConnectionOptions> {
  const variables = variablesOf(envText, options.environment ?? {});
  const env = envOf(variables);
  const production = variables.APP_ENV === 'production';
  if ('recipe' in recipe) {
    const name = defaultNameOf(recipe.recipe.default, env);
    if (!('unknown' in name)) return connectionFromRecipe(recipe.recipe, name, env, options, production);
  }
  // Without the file, or when the file itself or its 'default' cannot be read without running the
  // app (firefly-iii's and 2FAuth's own env helpers around DB_CONNECTION), Laravel's own config is
  // read, as before config/database.php was read at all: refusing would leave such apps with no
  // connection. Once the default is known, its entry is the truth, and what of it cannot be read
  // is refused (another connection's variables would be a guess). Where its defaults differ between
  // Laravel 8–10 and 11+, they are Laravel's of the project's version, or refused when that is unknown.
  const major = majorVersion(options.laravelVersion?.value);
  if (major === undefined) {
    const refused = versionDependent(env, options.laravelVersion);
    if (refused) return refused;
  } else if (major >= 11 && env('DB_CONNECTION') === undefined) {
    return fail(message('env.stockSqlite', `${major}`), message('env.driverNext'));
  }
  // Unknown version with none of the differing variables used: both give the same connection.
  const stock = stockRecipeOf(major !== undefined && major >= 11 ? stockDefaults.newer : stockDefaults.older, major);
  // The file's migrations table still holds.
  const withTable = 'recipe' in recipe && recipe.recipe.migrations ? { ...stock, migrations: recipe.recipe.migrations } : stock;
  return connectionFromRecipe(withTable, defaultNameOf(stock.default, env), env, options, production);
}

/** Laravel's stock config with an unknown version: refused where what 8–10 and 11+ read differs. */
function versionDependent(env: EnvLookup, version: Fact<string> | undefined): Result<ConnectionOptions> | undefined {
  const why = version?.said ?? version?.source ?? message('project.nothingSays');
  const next = message('env.stockVersionNext');
  const { older, newer } = stockDefaults;
  const connection = env('DB_CONNECTION');
  if (connection === undefined) return fail(message('env.stockUnset', 'DB_CONNECTION', older.connection, newer.connection, why), next);
  // Another connection is refused alike by every version's stock config.
  if (connection !== 'mysql' && connection !== 'mariadb') return undefined;
  for (const url of [older.url, newer.url]) {
    if (env(url) !== undefined) return fail(message('env.stockUrl', url, url === older.url ? '8–10' : '11+', why), next);
  }
  for (const field of ['database', 'username'] as const) {
    const variable = field === 'database' ? 'DB_DATABASE' : 'DB_USERNAME';
    if (env(variable) === undefined) return fail(message('env.stockUnset', variable, older[field], newer[field], why), next);
  }
  return undefined;
}

/** The connection `name` of the recipe (the one its default names), with `env` as what env() sees. */
export function connectionFromRecipe(
  recipe: ConnectionRecipe, name: DefaultConnection, env: EnvLookup, options: ProjectConnectionOptions = {}, production = false,
): Result<ConnectionOptions> {
  const unknown = (why: string) => fail<ConnectionOptions>(message('config.connectionUnknown', why), message('config.connectionUnknownNext'));
  const table = migrationsTableFrom(recipe, env, options);
  if (!table.ok) return table;
  if ('unknown' in name) return unknown(name.unknown);
  const entry = Object.hasOwn(recipe.connections, name.name) ? recipe.connections[name.name]! : undefined;
  if (!entry) {
    return recipe.stock ? fail(message('env.driver', name.name), message('env.driverNext'))
      : fail(message('config.noConnection', name.name, name.from, recipe.file ?? databaseConfigFile), message('config.noConnectionNext'));
  }
  const where = (field: string) => `${recipe.file ?? databaseConfigFile} 'connections.${name.name}${field ? `.${field}` : ''}'`;
  if ('unknown' in entry && typeof entry.unknown === 'string') return unknown(`${where('')} ${entry.unknown}`);
  const written = entry as { readonly [F in Field]?: Written };
  // Laravel's own config, where the app has none: said as such, never as a file of the app.
  const stock = (field: Field): Message | undefined => {
    if (!recipe.stock) return undefined;
    const at = `connections.${name.name}.${field}`;
    return recipe.stock.laravel === undefined ? message('env.stockEntryAnyVersion', at) : message('env.stockEntry', `${recipe.stock.laravel}`, at);
  };
  /** The variable a stock entry reads (each reads env() alone), and who sets it: the environment wins over the .env. */
  const variableOf = (field: Field): [Message, string] => {
    const w = written[field];
    const variable = w && 'env' in w ? w.env : field;
    return [message(options.environment?.[variable] !== undefined ? 'env.environment' : 'env.envFile'), variable];
  };
  const values: Partial<Record<Field, { value: unknown; from: string }>> = {};
  /** Reads `fields` in order; the first that cannot be read is why (unset, url, port and prefix are null in Laravel's config too). */
  const read = (...some: Field[]): string | undefined => {
    for (const field of some) {
      if (!written[field] && field !== 'host' && field !== 'database' && field !== 'username' && field !== 'driver') continue;
      const value = valueOf(written[field], env, where(field));
      if ('unknown' in value) return value.unknown;
      values[field] = value;
    }
    return undefined;
  };
  const text = (field: Field) => (values[field]?.value === null || values[field]?.value === undefined ? undefined : String(values[field]!.value));
  // The URL's parts replace the entries (ConfigurationUrlParser), its scheme the driver.
  const urlUnknown = read('url');
  if (urlUnknown) return unknown(urlUnknown);
  const url = text('url');
  const fromUrl = url ? urlParts(url) : {};
  // Where, not the value: a URL holds the password.
  if (!fromUrl) return fail(recipe.stock ? message('env.url', written.url && 'env' in written.url ? written.url.env : 'DB_URL') : message('config.url', where('url')), message('env.urlNext'));
  // ConfigurationUrlParser's alias: mysql2:// is the mysql driver.
  const scheme = fromUrl.scheme === 'mysql2' ? 'mysql' : fromUrl.scheme;
  const driverUnknown = scheme ? undefined : read('driver');
  if (driverUnknown) return unknown(driverUnknown);
  const driver = (scheme ?? text('driver') ?? '').toLowerCase();
  if (driver !== 'mysql' && driver !== 'mariadb') {
    // Only a URL's scheme gives Laravel's own mysql and mariadb entries another driver.
    const own = stock('url');
    return own ? fail(message('env.stockUrlDriver', ...variableOf('url'), driver, own), message('env.urlNext'))
      : fail(message('config.driver', name.name, driver || 'none', recipe.file ?? databaseConfigFile), message('config.driverNext'));
  }
  const needed = fields.filter((field) => field !== 'url' && field !== 'driver' && !(field === 'host' && fromUrl.host) && !(field === 'database' && fromUrl.database)
    && !(field === 'username' && fromUrl.user) && !(field === 'password' && fromUrl.password) && !(field === 'port' && fromUrl.port));
  const why = read(...needed);
  if (why) return unknown(why);
  // Laravel's MySqlConnector connects through a non-empty unix_socket and ignores the host and port: not one this tool can open.
  const socket = text('unix_socket')?.trim();
  if (socket) {
    const own = stock('unix_socket');
    return fail(own ? message('env.stockSocket', ...variableOf('unix_socket'), socket, own) : message('config.unixSocket', values.unix_socket!.from), message('config.unixSocketNext'));
  }
  const portText = text('port')?.trim();
  const port = fromUrl.port ?? (portText ? Number(portText) : 3306);
  if (portNumber(port) === undefined) return fail(recipe.stock ? message('env.port', portText ?? '') : message('config.port', values.port!.from), message('env.portNext'));
  const database = fromUrl.database ?? text('database');
  if (database === undefined) {
    const own = stock('database');
    return own ? fail(message('env.stockNull', ...variableOf('database'), own), message('env.stockNullNext')) : unknown(`${where('database')} is null`);
  }
  return {
    ok: true,
    value: {
      name: options.name ?? '.env',
      // An empty host is the server on this machine, as for the MySQL client library.
      host: fromUrl.host ?? (text('host')?.trim() || '127.0.0.1'),
      port,
      user: fromUrl.user ?? text('username') ?? '',
      password: fromUrl.password ?? text('password') ?? '',
      database,
      migrationsTable: options.migrationsTable ?? 'migrations',
      ...table.value,
      tablePrefix: options.tablePrefix ?? text('prefix') ?? '',
      production: options.production ?? production,
    },
  };
}

/** The migrations table config/database.php names, and where, unless the caller names one (a flag): undefined then, or when the recipe did not read it. */
function migrationsTableFrom(recipe: ConnectionRecipe, env: EnvLookup, options: ProjectConnectionOptions): Result<Pick<ConnectionOptions, 'migrationsTable' | 'migrationsTableSource'> | undefined> {
  if (options.migrationsTable !== undefined || !recipe.migrations) return { ok: true, value: undefined };
  const table = migrationsTableOf(recipe.migrations, env);
  if ('unknown' in table) return fail(message('config.migrationsTableUnknown', table.unknown), message('config.migrationsTableUnknownNext'));
  return { ok: true, value: { migrationsTable: table.name, migrationsTableSource: table.from } };
}
