// A Laravel `.env`, read as Laravel reads it: the real `dotenv` parser (quotes, escapes, comments)
// and `dotenv-expand` for `${VAR}`; real environment variables win over the file (Laravel's
// phpdotenv is immutable). The connection it makes is core/project/connection.ts's. Never imports 'vscode'.
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import { DatabaseError } from './errors';
import { readTextFile } from '../analysis/readSource';
import { message, type Message } from '../messages/catalog';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DatabaseError };

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
