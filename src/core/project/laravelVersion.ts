// Which Laravel the project runs, and with which driver, read from its own files; each fact
// says where it came from, or that nothing says. Never imports 'vscode'.
import * as path from 'node:path';
import { english, message, type Message } from '../messages/catalog';
import type { ConnectionPrefixValue, LaravelDriver } from '../translate/laravelTarget';
import { plainFiles, type ProjectFiles, type Variables } from './files';
import { connectionConfigOf, databaseConfigFile, defaultConnectionConfig, defaultConnectionOf, entryOf, evaluate, notRead, readDatabaseConfig, type DatabaseConfig, type EnvLookup } from './databaseConfig';
import { charsetIn, frameworkConfigApplies, prefixIn, strictIn } from './strict';

/** Where a fact came from, in words a person can check (a file and what in it, or a setting). */
export interface Fact<T> {
  /** undefined or absent (as kept in JSON): unknown. */
  readonly value?: T;
  readonly source: string;
  /** The source as a message, when it is a sentence rather than a name: the editor says it in the user's language. */
  readonly said?: Message;
  /** The value is a guess the project's files do not settle (`source` says why): only what needs no certainty follows it. */
  readonly assumed?: true;
}

/** A fact whose source is a sentence. */
function saidFact<T>(value: T | undefined, said: Message): Fact<T> {
  return { value, source: english(said), said };
}

export interface LaravelFacts {
  /** e.g. '12.3.0' (composer.lock), '10.0' (the lowest composer.json allows), '11' (a setting). */
  readonly version: Fact<string>;
  readonly driver: Fact<LaravelDriver>;
  /** config('database.default'): the connection a migration runs on unless it names its own. */
  readonly connection: Fact<string>;
  /**
   * The default connection's `strict` and `charset` (config/database.php): whether the server refuses
   * or converts a VARCHAR too long for its character set, and which one a new table gets. Absent in
   * facts kept by an older version: not known.
   */
  readonly strict?: Fact<boolean>;
  readonly charset?: Fact<string>;
  /** The default connection's `prefix` and `prefix_indexes` (config/database.php): the names the server gets. */
  readonly prefix?: Fact<ConnectionPrefixValue>;
  /**
   * Whether the default connection is known to run on MySQL or MariaDB (its driver in
   * config/database.php, whatever the version; from 11 on, Laravel's own config when the app has
   * none): false when it is another database's (pgsql, sqlite, sqlsrv), absent when not known.
   * What only MySQL and MariaDB refuse is a failure only where it is true.
   */
  readonly mysqlFamily?: boolean;
  /** Things said once, e.g. a setting that the project's own files override. */
  readonly notes: readonly Message[];
}

export interface LaravelFactsInput {
  /** The explicit version the adapter was given, and its name (`migrationDoctor.laravelVersion`, `--laravel-version`). */
  readonly explicitVersion?: { readonly value: string; readonly name: string };
  /** DB_CONNECTION as the connection was read, and from where (`.env`, the environment, a flag). */
  readonly dbConnection?: { readonly value: string; readonly source: string };
  /** What env() sees in config/database.php (the environment over the .env); absent: DB_CONNECTION alone. */
  readonly variable?: Variables;
}

const versionPattern = /^v?(\d+(?:\.\d+){0,2})(?:\.x)?$/i;

async function readJson(file: string, files: ProjectFiles): Promise<{ json?: unknown; problem?: Message }> {
  let text: string;
  try {
    text = await files.readText(file);
  } catch {
    return {};
  }
  try {
    return { json: JSON.parse(text) };
  } catch (error) {
    return { problem: message('project.notJson', path.basename(file), (error as Error).message) };
  }
}

interface LockedPackage { name?: unknown; version?: unknown; extra?: { 'branch-alias'?: Record<string, unknown> } }

/** The locked version of laravel/framework: `v12.3.0` → '12.3.0'; a dev branch through its alias. */
function lockedVersion(lock: unknown): string | undefined {
  const record = lock as { packages?: unknown; 'packages-dev'?: unknown } | undefined;
  const packages = [record?.packages, record?.['packages-dev']].flatMap((list) => (Array.isArray(list) ? (list as LockedPackage[]) : []));
  const framework = packages.find((p) => p?.name === 'laravel/framework');
  if (!framework || typeof framework.version !== 'string') return undefined;
  const alias = framework.extra?.['branch-alias']?.[framework.version];
  const written = (typeof alias === 'string' ? alias : framework.version).replace(/-dev$/i, '');
  return versionPattern.exec(written)?.[1];
}

type Triple = [number, number, number];

function compareTriples(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The lowest version one AND-term allows, with the digits as written; undefined when it has no lower bound. */
function termLowerBound(term: string): { triple: Triple; written: string } | undefined {
  const match = /^(\^|~|>=|>|=|==)?v?(\d+)(?:\.(\d+|\*|x))?(?:\.(\d+|\*|x))?(?:[-@].*)?$/i.exec(term);
  if (!match) return undefined;
  const parts = [match[2], match[3], match[4]].filter((p): p is string => p !== undefined && /^\d+$/.test(p));
  const triple: Triple = [Number(parts[0]), Number(parts[1] ?? 0), Number(parts[2] ?? 0)];
  if (match[1] === '>') triple[2] += 1;
  return { triple, written: match[1] === '>' ? triple.join('.') : parts.join('.') };
}

/**
 * The lowest version a composer constraint allows (`^10.0|^11.0` → '10.0', `>=9.5 <12` → '9.5'),
 * or undefined when some alternative has no lower bound (`*`, `<12`, `dev-master`).
 */
export function lowestAllowedVersion(constraint: string): string | undefined {
  let lowest: { triple: Triple; written: string } | undefined;
  for (const alternative of constraint.split(/\s*\|\|?\s*/)) {
    // A hyphen range `1.0 - 2.0` starts at its left side.
    const terms = alternative.replace(/\s+-\s+.*$/, '').split(/[\s,]+/).filter(Boolean);
    const bounds = terms.map(termLowerBound).filter((b): b is NonNullable<typeof b> => b !== undefined);
    if (bounds.length === 0) return undefined;
    const highest = bounds.reduce((a, b) => (compareTriples(a.triple, b.triple) >= 0 ? a : b));
    if (!lowest || compareTriples(highest.triple, lowest.triple) < 0) lowest = highest;
  }
  return lowest?.written;
}

/** The major version of a version string ('12.3.0' → 12), or undefined. */
export function majorVersion(version: string | undefined): number | undefined {
  const match = version === undefined ? null : /^v?(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

const lockedSource = 'composer.lock (laravel/framework)';

/** The version of a {@link readLaravelVersion} answer that the project's own files gave (composer.lock, composer.json), not a setting. */
export function filesVersionOf(version: Fact<string>): string | undefined {
  return version.source === lockedSource || version.said?.id === 'project.lowestAllowed' ? version.value : undefined;
}

async function readVersion(root: string, explicit: LaravelFactsInput['explicitVersion'], notes: Message[], files: ProjectFiles): Promise<Fact<string>> {
  const lockFile = path.join(root, 'composer.lock');
  const lock = await readJson(lockFile, files);
  if (lock.problem) notes.push(message('project.notUsed', lock.problem));
  const locked = lock.json === undefined ? undefined : lockedVersion(lock.json);
  if (locked) return { value: locked, source: lockedSource };

  const composer = await readJson(path.join(root, 'composer.json'), files);
  if (composer.problem) notes.push(message('project.notUsed', composer.problem));
  const constraint = (composer.json as { require?: Record<string, unknown> } | undefined)?.require?.['laravel/framework'];
  if (typeof constraint === 'string') {
    const lowest = lowestAllowedVersion(constraint.trim());
    if (lowest) return saidFact(lowest, message('project.lowestAllowed', constraint));
    notes.push(message('project.noLowest', constraint));
  }

  if (explicit) {
    const match = versionPattern.exec(explicit.value.trim());
    if (match) return { value: match[1]!, source: explicit.name };
    notes.push(message('project.notAVersion', explicit.name, explicit.value));
  }
  return saidFact<string>(undefined, message('project.nothingSays'));
}

/** The project's Laravel version alone (composer.lock, composer.json, else `explicit`); what is not used of the files is not said. */
export function readLaravelVersion(root: string, explicit: LaravelFactsInput['explicitVersion'], files: ProjectFiles = plainFiles): Promise<Fact<string>> {
  return readVersion(root, explicit, [], files);
}

/** The version the project's own files give (composer.lock, else the lowest composer.json allows), if any. */
export async function readLockedLaravelVersion(root: string, files: ProjectFiles = plainFiles): Promise<string | undefined> {
  return filesVersionOf(await readLaravelVersion(root, undefined, files));
}

/** Before 11: the mysql driver, whatever the default connection's name; `named`: that name and where it was read. */
function readDriver(version: string | undefined, named: { readonly name: string; readonly source: string } | undefined): Fact<LaravelDriver> {
  if (!named) return saidFact('mysql', message('project.driverAssumed'));
  const name = named.name.trim().toLowerCase();
  const source = named.source;
  if (name !== 'mariadb') return { value: 'mysql', source };
  const major = majorVersion(version);
  // The mariadb driver and its grammar came with Laravel 11.
  if (major !== undefined && major < 11) return saidFact('mysql', message('project.noMariadbDriver', source, version!));
  return { value: 'mariadb', source };
}

/** What env() sees when config/database.php is read for the facts: the variables, else DB_CONNECTION only, as it was read. */
function connectionEnv(input: LaravelFactsInput): EnvLookup {
  if (input.variable) return input.variable;
  return (name) => (name !== 'DB_CONNECTION' ? notRead : input.dbConnection?.value.trim());
}

/** DB_CONNECTION as read, for readDriver. */
const dbConnectionNamed = (connection: LaravelFactsInput['dbConnection']) =>
  connection ? { name: connection.value, source: `DB_CONNECTION=${connection.value} (${connection.source})` } : undefined;

/**
 * config('database.default'), the connection the migrator runs a migration on unless it names
 * its own: from config/database.php (`'default' => env('DB_CONNECTION', …)`). Without the file,
 * Laravel 11+'s own config (`env('DB_CONNECTION', 'sqlite')`); before 11 there is none.
 */
function defaultConnection(config: DatabaseConfig, version: string | undefined, input: LaravelFactsInput): Fact<string> {
  const connection = input.dbConnection;
  if ('returned' in config) {
    const name = defaultConnectionOf(config.returned, connectionEnv(input));
    return 'name' in name ? { value: name.name, source: name.from } : { source: name.unknown };
  }
  if ('why' in config) return { source: config.why };
  const major = majorVersion(version);
  if (major === undefined || major < 11) return { source: `${databaseConfigFile} is missing` };
  return connection ? { value: connection.value.trim(), source: `DB_CONNECTION=${connection.value} (${connection.source})` }
    : { value: 'sqlite', source: `Laravel's own ${databaseConfigFile} (the app has none), DB_CONNECTION not set` };
}

/**
 * The driver Laravel 11+ runs the migrations with: the `driver` of the connection config/database.php
 * names as its default (`env('DB_CONNECTION', …)`), which may be mysql while the server is MariaDB.
 * Without the file, Laravel's own config: its mysql and mariadb connections, and sqlite by default.
 * Undefined (with why) when it cannot be told without running the app.
 */
function connectionDriver(config: DatabaseConfig, input: LaravelFactsInput): Fact<LaravelDriver> {
  const connection = input.dbConnection;
  const setBy = connection ? `DB_CONNECTION=${connection.value} (${connection.source})` : undefined;
  if ('missing' in config) {
    if (!setBy) return saidFact<LaravelDriver>(undefined, message('project.driverNotSet'));
    const own = connection!.value.trim();
    return own === 'mysql' || own === 'mariadb' ? { value: own, source: setBy } : saidFact<LaravelDriver>(undefined, message('project.driverNoConnection', own));
  }
  if (!('returned' in config)) return saidFact<LaravelDriver>(undefined, message('project.driverUnread', databaseConfigFile));
  // 'default' => env('DB_CONNECTION', 'mysql'): the variable when set (Laravel's env() wins over the default), else the default.
  const name = defaultConnectionOf(config.returned, connectionEnv(input));
  if (!('name' in name)) return saidFact<LaravelDriver>(undefined, message(name.unset ? 'project.driverNotSet' : 'project.driverUnread', `${databaseConfigFile} 'default'`));
  const connectionConfig = connectionConfigOf(config.returned, name.name);
  if (!connectionConfig) return saidFact<LaravelDriver>(undefined, message('project.driverNoConnection', name.name));
  const written = `${databaseConfigFile} 'connections.${name.name}.driver'`;
  // A literal, or env('DB_DRIVER', 'mysql') as Laravel's env() returns it (the variable when set, else the default).
  const driver = configuredDriver(connectionConfig, input, written);
  if ('unknown' in driver) return saidFact<LaravelDriver>(undefined, message('project.driverUnread', written));
  const value = driver.value;
  if (value !== 'mysql' && value !== 'mariadb') return saidFact<LaravelDriver>(undefined, message('project.driverOther', name.name, String(value)));
  return { value, source: input.variable ? `${driver.from}, ${name.from}` : setBy ? `${driver.from}, ${setBy}` : driver.from };
}

/** The `driver` of a connection's config: a literal, or env('DB_DRIVER', 'mysql') as Laravel's env() returns it (the variable when set, else the default). */
function configuredDriver(connectionConfig: NonNullable<ReturnType<typeof connectionConfigOf>>, input: LaravelFactsInput, written: string) {
  return evaluate(entryOf(connectionConfig, 'driver')?.value, connectionEnv(input), written);
}

/** The default connection's driver as config/database.php gives it, whatever the version; undefined when it cannot be read. */
function defaultDriverConfigured(config: DatabaseConfig, input: LaravelFactsInput): string | undefined {
  const named = defaultConnectionConfig(config, connectionEnv(input));
  if ('unknown' in named) return undefined;
  const driver = configuredDriver(named.connection, input, `${databaseConfigFile} 'connections.${named.name}.driver'`);
  return 'unknown' in driver || typeof driver.value !== 'string' ? undefined : driver.value;
}

/** The Laravel version (composer.lock, else composer.json, else the explicit value) and driver of the project at `root`. */
export async function readLaravelFacts(root: string, input: LaravelFactsInput = {}, files: ProjectFiles = plainFiles): Promise<LaravelFacts> {
  const notes: Message[] = [];
  const version = await readVersion(root, input.explicitVersion, notes, files);
  if (input.explicitVersion && version.source !== input.explicitVersion.name && version.value !== undefined) {
    notes.push(message('project.settingOverridden', input.explicitVersion.name, input.explicitVersion.value, version.said ?? version.source, version.value));
  }
  // Before 11 the mysql driver runs MySQL and MariaDB alike; from 11 on, the connection's own driver.
  const major = majorVersion(version.value);
  const config = await readDatabaseConfig(root, files);
  const connection = defaultConnection(config, version.value, input);
  // The default connection's name as config/database.php gives it, else DB_CONNECTION.
  const named = connection.value !== undefined && 'returned' in config ? { name: connection.value, source: connection.source } : dbConnectionNamed(input.dbConnection);
  let driver = major !== undefined && major < 11 ? readDriver(version.value, named) : connectionDriver(config, input);
  // Not known: the grammar follows the connection's name as the likeliest driver (mariadb's native uuid), nothing else does.
  if (driver.value === undefined) driver = { ...driver, value: readDriver(version.value, named).value, assumed: true };
  const env = connectionEnv(input);
  const frameworkOwn = 'missing' in config && await frameworkConfigApplies(root, major, (file) => files.readText(file));
  const strict = strictIn(config, env, frameworkOwn);
  const charset = charsetIn(config, env, frameworkOwn);
  const prefix = prefixIn(config, env, frameworkOwn);
  const configured = defaultDriverConfigured(config, input);
  // From 11 on a driver read (not assumed) is mysql or mariadb: the config's, or Laravel's own config's for DB_CONNECTION.
  const mysqlFamily = configured !== undefined ? configured === 'mysql' || configured === 'mariadb' : major !== undefined && major >= 11 && !driver.assumed ? true : undefined;
  return {
    version, driver, connection, notes, ...(mysqlFamily !== undefined ? { mysqlFamily } : {}),
    strict: strict.strict === undefined ? { source: strict.unknown } : { value: strict.strict, source: strict.from },
    charset: charset.charset === undefined ? { source: charset.unknown } : { value: charset.charset, source: charset.from },
    prefix: prefix.prefix === undefined ? { source: prefix.unknown } : { value: { table: prefix.prefix, indexes: prefix.indexes }, source: prefix.from },
  };
}

/** One line for people: `Laravel 12.3.0 (composer.lock (laravel/framework)), driver mysql (…)`. */
export function describeLaravelFacts(facts: LaravelFacts): string {
  const version = facts.version.value === undefined ? `Laravel version unknown (${facts.version.source})` : `Laravel ${facts.version.value} (from ${facts.version.source})`;
  return `${version}, driver ${facts.driver.assumed ? 'not known' : facts.driver.value} (${facts.driver.source})`;
}
