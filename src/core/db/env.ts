// A Laravel `.env`, read as Laravel reads it: the real `dotenv` parser (quotes, escapes, comments),
// then `${NAME}` resolved as phpdotenv resolves it; real environment variables win over the file
// (Laravel's phpdotenv is immutable). The connection it makes is core/project/connection.ts's.
// Never imports 'vscode'.
import { parse } from 'dotenv';
import { DatabaseError } from './errors';
import { readTextFile } from '../analysis/readSource';
import { message, type Message } from '../messages/catalog';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DatabaseError };

/** A value as phpdotenv's parser leaves it: its text, and where a `$` may start a variable. */
interface ParsedValue {
  readonly chars: string;
  readonly vars: readonly number[];
}

/**
 * phpdotenv's reading of a value dotenv has unquoted: single quotes keep it literal; in double
 * quotes \" \\ and \$ are escapes (an escaped `$` starts no variable), which dotenv leaves as
 * written; unquoted, every `$` may start one and a backslash is itself.
 */
function phpdotenvValue(value: string, quote: string | undefined): ParsedValue {
  if (quote === "'") return { chars: value, vars: [] };
  let chars = '';
  const vars: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote === '"' && c === '\\' && /["\\$]/.test(value[i + 1] ?? '')) chars += value[++i];
    else {
      if (c === '$') vars.push(chars.length);
      chars += c;
    }
  }
  return { chars, vars };
}

/** Past this length a value stops taking in others: a few lines that each double the last would fill the memory. */
const maxExpandedLength = 1 << 20;

/**
 * phpdotenv's resolution (Loader\Resolver): each `${NAME}` found by the parser, last first, takes the
 * value NAME has at that point (the environment's, else an earlier line's); an unknown name, `$NAME`
 * and `${A:-b}` stay as written. Each `$` is looked at once, so names that refer to each other
 * end (dotenv-expand expanded what it put in again, and looped forever on such a chain).
 */
function resolveValue(value: ParsedValue, lookup: (name: string) => string | undefined): string {
  let text = value.chars;
  for (const at of [...value.vars].sort((a, b) => b - a)) {
    const match = /^\$\{([a-zA-Z0-9_.]+)\}/.exec(text.slice(at));
    const found = match ? lookup(match[1]!) : undefined;
    if (match && found !== undefined && text.length + found.length <= maxExpandedLength) {
      text = text.slice(0, at) + found + text.slice(at + match[0].length);
    }
  }
  return text;
}

/** Parses `.env` text into variables, expanded the way Laravel sees them. */
export function parseEnv(content: string, environment: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const parsed = parse(content);
  // dotenv keeps a name's last line; so does phpdotenv (the file may set again what it set).
  const quotes = new Map<string, string | undefined>();
  for (const match of content.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*(['"])?/gm)) quotes.set(match[1]!, match[2]);
  const resolved: Record<string, string> = {};
  const lookup = (name: string): string | undefined => environment[name] ?? resolved[name];
  for (const [key, value] of Object.entries(parsed)) {
    resolved[key] = environment[key] ? environment[key] : resolveValue(phpdotenvValue(value, quotes.get(key)), lookup);
  }
  return resolved;
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
