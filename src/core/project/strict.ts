// The `strict` of the connection the app uses, read from config/database.php as Laravel's
// MySqlConnector sees it: it decides whether NULLs, longer values and values out of range make an
// ALTER fail or are converted. env() is resolved through the environment and the app's .env;
// anything that needs running the code is unknown, never guessed. Never imports 'vscode'.
import * as path from 'node:path';
import { parsePhp } from '../analysis/parse';
import { readTextFile } from '../analysis/readSource';
import { parseEnv } from '../db/env';

type Node = { kind: string; [key: string]: any };

export type ConnectionStrict =
  | { readonly strict: boolean; readonly from: string }
  | { readonly strict: undefined; readonly unknown: string };

/** What preflight takes: the strict that was read, else why it cannot be told. */
export function preflightStrict(read: ConnectionStrict): boolean | { readonly unknown: string } {
  return read.strict ?? { unknown: read.unknown };
}

type Value = { value: unknown; from: string } | { unknown: string };

/** The value-holding entry `'key' => …` of a PHP array literal (config files), if any. */
export const entryOf = (array: Node | undefined, key: string): Node | undefined =>
  array?.kind === 'array' ? (array.items as Node[]).find((item) => item?.kind === 'entry' && item.key?.kind === 'string' && item.key.value === key) : undefined;

/** A literal, or env('NAME', default) as Laravel's env() returns it. */
function evaluate(node: Node | undefined, variables: Readonly<Record<string, string>>, written: string): Value {
  if (!node) return { unknown: `${written} is not set` };
  if (node.kind === 'boolean' || node.kind === 'string' || node.kind === 'number') {
    return { value: node.kind === 'number' ? Number(node.value) : node.value, from: written };
  }
  if (node.kind === 'nullkeyword') return { value: null, from: written };
  const args = (node.arguments ?? []) as Node[];
  if (node.kind === 'call' && node.what?.kind === 'name' && String(node.what.name).toLowerCase() === 'env' && args[0]?.kind === 'string') {
    const name = String(args[0].value);
    const raw = variables[name];
    if (raw !== undefined) return { value: envValue(raw), from: `${written} = env('${name}'), ${name}=${raw}` };
    if (!args[1]) return { value: null, from: `${written} = env('${name}'), ${name} not set` };
    const fallback = evaluate(args[1], variables, written);
    return 'unknown' in fallback ? fallback : { value: fallback.value, from: `${written} = env('${name}') default, ${name} not set` };
  }
  return { unknown: `${written} is an expression that cannot be read without running the app` };
}

/** Laravel's env(): (true)/(false)/(empty)/(null) words, and surrounding quotes removed. */
function envValue(raw: string): unknown {
  const words: Record<string, unknown> = { true: true, '(true)': true, false: false, '(false)': false, empty: '', '(empty)': '', null: null, '(null)': null };
  const lower = raw.toLowerCase();
  if (lower in words) return words[lower];
  const quoted = /^(['"])(.*)\1$/s.exec(raw);
  return quoted ? quoted[2] : raw;
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
  const configFile = path.join(root, 'config', 'database.php');
  const source = await readTextFile(configFile).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : error));
  if (source === undefined) {
    return { strict: true, from: "Laravel's own config/database.php (the app has none): 'strict' => true" };
  }
  if (source instanceof Error) return { strict: undefined, unknown: `config/database.php cannot be read (${source.message})` };
  const envText = envFile ? await readTextFile(envFile).catch(() => '') : '';
  const variables: Record<string, string> = { ...parseEnv(envText, environment) };
  for (const [key, value] of Object.entries(environment)) if (value !== undefined) variables[key] = value;
  return strictOf(source, configFile, variables);
}

/** The same, from the text of config/database.php and the variables env() sees. */
export function strictOf(source: string, file: string, variables: Readonly<Record<string, string>>): ConnectionStrict {
  let program: Node;
  try {
    program = parsePhp(file, source) as Node;
  } catch (error) {
    return { strict: undefined, unknown: `config/database.php cannot be parsed (${(error as Error).message})` };
  }
  const returned = (program.children as Node[] | undefined)?.find((n) => n.kind === 'return')?.expr as Node | undefined;
  if (returned?.kind !== 'array') return { strict: undefined, unknown: 'config/database.php does not return a literal array' };
  const name = evaluate(entryOf(returned, 'default')?.value, variables, "'default'");
  if ('unknown' in name) return { strict: undefined, unknown: `the default connection cannot be told: ${name.unknown}` };
  if (typeof name.value !== 'string') return { strict: undefined, unknown: "the default connection cannot be told: 'default' is not a name" };
  const connection = entryOf(entryOf(returned, 'connections')?.value, name.value)?.value as Node | undefined;
  if (connection?.kind !== 'array') return { strict: undefined, unknown: `config/database.php has no literal '${name.value}' connection` };
  // 'modes' replaces what 'strict' sets; a missing or null 'strict' leaves the server's sql_mode.
  if (entryOf(connection, 'modes')) return { strict: undefined, unknown: `the '${name.value}' connection sets its own 'modes'` };
  const written = `config/database.php 'connections.${name.value}.strict'`;
  const strict = evaluate(entryOf(connection, 'strict')?.value, variables, written);
  if ('unknown' in strict) return { strict: undefined, unknown: strict.unknown };
  if (strict.value === null) return { strict: undefined, unknown: `${written} is null: the server's own sql_mode applies` };
  return { strict: truthy(strict.value), from: strict.from };
}
