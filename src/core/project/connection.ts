// The connection a Laravel app's migrations run on, read as Laravel reads it: DB_CONNECTION (or
// whatever config/database.php's 'default' says) names a connection of config/database.php, whose
// driver, url, host, port, database, username, password and prefix are that entry's, env() resolved
// through the environment over the app's .env. Without config/database.php, the same read of
// Laravel's own. A value that needs running the app is unknown, never guessed. Never imports 'vscode'.
import * as path from 'node:path';
import type { ConnectionOptions } from '../db/database';
import { fail, portNumber, readEnvFile, urlParts, type Result } from '../db/env';
import { message } from '../messages/catalog';
import {
  databaseConfigFile, defaultNameOf, entryOf, envOf, readDatabaseConfig, valueOf, variablesOf, writtenOf, type DefaultConnection, type EnvLookup, type Written,
} from './databaseConfig';
import { keptAnswer, plainFiles, type KeptAnswers, type ProjectFiles } from './files';
import { readLockedLaravelVersion } from './laravelVersion';
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
  /** Laravel's own config/database.php ({@link stockRecipe}): what is wrong is said of the .env, which alone sets it. */
  readonly stock?: true;
  /** How 'migrations' is written (the migrations table's name); absent: not read, the table is 'migrations'. */
  readonly migrations?: MigrationsTableRecipe;
}

const env = (name: string, fallback?: Written): Written => ({ env: name, ...(fallback ? { fallback } : {}) });
/** Laravel's own mysql entry (8.x–10.x defaults; the URL in DB_URL since 11.x, DATABASE_URL before), for `driver`. */
const stockEntry = (driver: string) => ({
  driver: { literal: driver }, url: env('DB_URL', env('DATABASE_URL')), host: env('DB_HOST', { literal: '127.0.0.1' }), port: env('DB_PORT', { literal: '3306' }),
  database: env('DB_DATABASE', { literal: 'forge' }), username: env('DB_USERNAME', { literal: 'forge' }), password: env('DB_PASSWORD', { literal: '' }), prefix: { literal: '' },
});

/**
 * Laravel's stock config/database.php as far as the connection depends on it: it applies where the
 * app has none. Its default is mysql (sqlite since 11.x, which Migration Doctor cannot read anyway).
 */
const stockRecipe: ConnectionRecipe = {
  default: env('DB_CONNECTION', { literal: 'mysql' }), connections: { mysql: stockEntry('mysql'), mariadb: stockEntry('mariadb') }, stock: true,
};

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

async function recipeOf(root: string, files: ProjectFiles, toKeep: boolean): Promise<Recipe> {
  const config = await readDatabaseConfig(root, files);
  if ('missing' in config) return config;
  if ('why' in config) return { why: config.why };
  const migrations = await migrationsTableRecipeOf(config.returned, () => readLockedLaravelVersion(root, files));
  return { recipe: { ...connectionRecipeOf(config.returned, toKeep), migrations } };
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
export async function readConnectionRecipe(root: string, kept: KeptAnswers | undefined): Promise<Recipe> {
  const read = (files: ProjectFiles = plainFiles, toKeep = false) => recipeOf(root, files, toKeep);
  if (!kept) return read();
  const recipe = await keptAnswer(kept, JSON.stringify([path.resolve(root)]), plausibleRecipe, (files) => read(files, true));
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
}

/**
 * The connection the app at `root` migrates on, with `envFile` as its .env (a missing or unreadable
 * one is a value, not an exception); `environment` wins over the file, as in Laravel.
 */
export async function readProjectConnection(root: string, envFile: string, options: ProjectConnectionOptions = {}): Promise<Result<ConnectionOptions>> {
  const read = await readEnvFile(envFile);
  if (!read.ok) return read;
  return projectConnection(await readConnectionRecipe(root, options.kept), read.value, options);
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
  // is refused (another connection's variables would be a guess).
  // The file's migrations table still holds.
  const stock = 'recipe' in recipe && recipe.recipe.migrations ? { ...stockRecipe, migrations: recipe.recipe.migrations } : stockRecipe;
  return connectionFromRecipe(stock, defaultNameOf(stockRecipe.default, env), env, options, production);
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
      : fail(message('config.noConnection', name.name, name.from), message('config.noConnectionNext'));
  }
  const where = (field: string) => `${databaseConfigFile} 'connections.${name.name}${field ? `.${field}` : ''}'`;
  if ('unknown' in entry && typeof entry.unknown === 'string') return unknown(`${where('')} ${entry.unknown}`);
  const written = entry as { readonly [F in Field]?: Written };
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
  if (!fromUrl) return fail(recipe.stock ? message('env.url') : message('config.url', where('url')), message('env.urlNext'));
  // ConfigurationUrlParser's alias: mysql2:// is the mysql driver.
  const scheme = fromUrl.scheme === 'mysql2' ? 'mysql' : fromUrl.scheme;
  const driverUnknown = scheme ? undefined : read('driver');
  if (driverUnknown) return unknown(driverUnknown);
  const driver = (scheme ?? text('driver') ?? '').toLowerCase();
  if (driver !== 'mysql' && driver !== 'mariadb') return fail(message('config.driver', name.name, driver || 'none'), message('config.driverNext'));
  const needed = fields.filter((field) => field !== 'url' && field !== 'driver' && !(field === 'host' && fromUrl.host) && !(field === 'database' && fromUrl.database)
    && !(field === 'username' && fromUrl.user) && !(field === 'password' && fromUrl.password) && !(field === 'port' && fromUrl.port));
  const why = read(...needed);
  if (why) return unknown(why);
  // Laravel's MySqlConnector connects through a non-empty unix_socket and ignores the host and port: not one this tool can open.
  if (text('unix_socket')?.trim()) return fail(message('config.unixSocket', values.unix_socket!.from), message('config.unixSocketNext'));
  const portText = text('port')?.trim();
  const port = fromUrl.port ?? (portText ? Number(portText) : 3306);
  if (portNumber(port) === undefined) return fail(recipe.stock ? message('env.port', portText ?? '') : message('config.port', values.port!.from), message('env.portNext'));
  const database = fromUrl.database ?? text('database');
  if (database === undefined) return unknown(`${where('database')} is null`);
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
