// The app's config/database.php, read once as Laravel's config() sees it: its literal array, the
// name of its default connection and that connection's entries. env() is resolved through the
// variables the caller read (the environment over the app's .env); anything that needs running
// the code is unknown, never guessed. Never imports 'vscode'.
import * as path from 'node:path';
import { parsePhp } from '../analysis/parse';
import { parseEnv } from '../db/env';
import { plainFiles, type ProjectFiles } from './files';

type Node = { kind: string; [key: string]: any };

/** The file as read: its returned array, absent (Laravel's own config applies), or why it cannot be read. */
export type DatabaseConfig =
  | { readonly returned: Node }
  | { readonly missing: true }
  | { readonly unreadable: 'read' | 'parse' | 'notArray'; readonly why: string };

export const databaseConfigFile = 'config/database.php';

/** config/database.php of the app at `root`. */
export async function readDatabaseConfig(root: string, files: ProjectFiles = plainFiles): Promise<DatabaseConfig> {
  const file = path.join(root, 'config', 'database.php');
  let source: string;
  try {
    source = await files.readText(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { unreadable: 'read', why: `${databaseConfigFile} cannot be read (${(error as Error).message})` };
  }
  return databaseConfigOf(source, file);
}

/** The same, from the file's text. */
export function databaseConfigOf(source: string, file: string): DatabaseConfig {
  let program: Node;
  try {
    program = parsePhp(file, source) as Node;
  } catch (error) {
    return { unreadable: 'parse', why: `${databaseConfigFile} cannot be parsed (${(error as Error).message})` };
  }
  const returned = (program.children as Node[] | undefined)?.find((n) => n.kind === 'return')?.expr as Node | undefined;
  return returned?.kind === 'array' ? { returned } : { unreadable: 'notArray', why: `${databaseConfigFile} does not return a literal array` };
}

/** The value-holding entry `'key' => …` of a PHP array literal, if any. */
export const entryOf = (array: Node | undefined, key: string): Node | undefined =>
  array?.kind === 'array' ? (array.items as Node[]).find((item) => item?.kind === 'entry' && item.key?.kind === 'string' && item.key.value === key) : undefined;

/**
 * What env() sees: a variable's raw text, undefined when it is not set, or {@link notRead} when
 * the caller did not read it (then an env() of it cannot be told).
 */
export type EnvLookup = (name: string) => string | undefined | typeof notRead;
export const notRead = Symbol('not read');

/** The variables Laravel's env() sees: the environment over the .env text. */
export function variablesOf(envText: string, environment: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const variables: Record<string, string> = { ...parseEnv(envText, environment) };
  for (const [key, value] of Object.entries(environment)) if (value !== undefined) variables[key] = value;
  return variables;
}

/** Every variable the caller read: the environment over the .env. */
export const envOf = (variables: Readonly<Record<string, string>>): EnvLookup => (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined);

export type ConfigValue = { readonly value: unknown; readonly from: string } | { readonly unknown: string };

/**
 * A value as the file writes it, readable without running the app: a literal, env('NAME',
 * fallback), or why it is neither (after the place it is written). Plain JSON, so it can be kept.
 */
export type Written =
  | { readonly literal: string | number | boolean | null }
  | { readonly env: string; readonly fallback?: Written }
  | { readonly unknown: string };

/** What `node` is, as far as it can be read without running the app. */
export function writtenOf(node: Node): Written {
  if (node.kind === 'boolean' || node.kind === 'string' || node.kind === 'number') return { literal: node.kind === 'number' ? Number(node.value) : node.value };
  if (node.kind === 'nullkeyword') return { literal: null };
  const args = (node.arguments ?? []) as Node[];
  if (node.kind === 'call' && node.what?.kind === 'name' && String(node.what.name).toLowerCase() === 'env' && args[0]?.kind === 'string') {
    return { env: String(args[0].value), ...(args[1] ? { fallback: writtenOf(args[1]) } : {}) };
  }
  return { unknown: 'is an expression that cannot be read without running the app' };
}

/** A written value as Laravel's env() returns it; `written`: where it is written, for people. */
export function valueOf(value: Written | undefined, env: EnvLookup, written: string): ConfigValue {
  if (!value) return { unknown: `${written} is not set` };
  if ('literal' in value) return { value: value.literal, from: written };
  if ('unknown' in value) return { unknown: `${written} ${value.unknown}` };
  const name = value.env;
  const raw = env(name);
  if (raw === notRead) return { unknown: `${written} = env('${name}'), which was not read` };
  if (raw !== undefined) return { value: envValue(raw), from: `${written} = env('${name}'), ${name}=${raw}` };
  if (!value.fallback) return { value: null, from: `${written} = env('${name}'), ${name} not set` };
  const fallback = valueOf(value.fallback, env, written);
  return 'unknown' in fallback ? fallback : { value: fallback.value, from: `${written} = env('${name}') default, ${name} not set` };
}

/** A literal, or env('NAME', default) as Laravel's env() returns it. `written`: where, for people. */
export function evaluate(node: Node | undefined, env: EnvLookup, written: string): ConfigValue {
  return valueOf(node && writtenOf(node), env, written);
}

/** Laravel's env(): (true)/(false)/(empty)/(null) words, and surrounding quotes removed. */
function envValue(raw: string): unknown {
  const words: Record<string, unknown> = { true: true, '(true)': true, false: false, '(false)': false, empty: '', '(empty)': '', null: null, '(null)': null };
  const lower = raw.toLowerCase();
  if (lower in words) return words[lower];
  const quoted = /^(['"])(.*)\1$/s.exec(raw);
  return quoted ? quoted[2] : raw;
}

/**
 * config('database.default'): the name of the connection `Schema::` and `DB::` use when none is
 * named, and the one the migrator runs a migration on unless it names its own.
 */
export function defaultConnectionOf(returned: Node, env: EnvLookup): DefaultConnection {
  const value = entryOf(returned, 'default')?.value as Node | undefined;
  return defaultNameOf(value && writtenOf(value), env);
}

export type DefaultConnection = { readonly name: string; readonly from: string } | { readonly unknown: string; readonly unset?: true };

/** The same, from what 'default' is written as. */
export function defaultNameOf(value: Written | undefined, env: EnvLookup): DefaultConnection {
  const name = valueOf(value, env, `${databaseConfigFile} 'default'`);
  if ('unknown' in name) return name;
  if (name.value === null) return { unknown: `${name.from}: no default connection`, unset: true };
  return typeof name.value === 'string' ? { name: name.value, from: name.from } : { unknown: `${name.from}: not a connection name` };
}

/** The literal array of the connection `name` (`'connections' => ['mysql' => [...]]`), if any. */
export function connectionConfigOf(returned: Node, name: string): Node | undefined {
  const connection = entryOf(entryOf(returned, 'connections')?.value, name)?.value as Node | undefined;
  return connection?.kind === 'array' ? connection : undefined;
}

/** The default connection's name and literal config, as config/database.php gives them, or why they cannot be read. */
export function defaultConnectionConfig(config: DatabaseConfig, env: EnvLookup): { readonly name: string; readonly connection: Node } | { readonly unknown: string } {
  if (!('returned' in config)) return { unknown: 'why' in config ? config.why : 'config/database.php is missing' };
  const name = defaultConnectionOf(config.returned, env);
  if ('unknown' in name) return { unknown: `the default connection cannot be told: ${name.unknown}` };
  const connection = connectionConfigOf(config.returned, name.name);
  return connection ? { name: name.name, connection } : { unknown: `config/database.php has no literal '${name.name}' connection` };
}
