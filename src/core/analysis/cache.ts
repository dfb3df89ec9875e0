// A persistent analysis cache for the CLI, as ESLint's --cache: a warm run reads each
// unchanged migration's analysis from disk instead of parsing it again. Never imports 'vscode'.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listMigrationPaths, readMigrationFile, type SkippedEntry } from './load';
import type { MigrationFile } from './types';

/** Bumped when the file's layout changes; any other value is a cache from another format. */
const format = 1;

/**
 * What identifies a file's content without reading it. The change time is set by the kernel
 * on every write and cannot be put back (unlike the modification time), so an edit that keeps
 * the size and the mtime still misses.
 */
interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

interface Entry extends FileStamp {
  /** The analysis, with `ignores` as [line, rules] pairs (JSON has no Map). */
  readonly migration: Omit<MigrationFile, 'ignores'> & { ignores: [number, readonly string[]][] };
}

interface CacheFile {
  readonly format: number;
  readonly analyser: string;
  readonly entries: Record<string, Entry>;
}

/** How a derived value is kept as JSON (Maps are not). `decode` throws on what it cannot take. */
export interface DerivedCodec<T> {
  readonly encode: (value: T) => unknown;
  readonly decode: (json: unknown) => T;
}

export interface CacheStatistics {
  /** Files whose analysis came from the cache. */
  readonly reused: number;
  /** Files parsed (new, changed, or not in the cache). */
  readonly parsed: number;
}

/** `<project>/.migration-doctor/cache/analysis-<hash of the folders>.json`: one file per set of folders. */
export function analysisCachePath(projectRoot: string, folders: readonly string[]): string {
  const key = createHash('sha1').update(folders.map((f) => path.resolve(f)).join('\0')).digest('hex').slice(0, 16);
  return path.join(projectRoot, '.migration-doctor', 'cache', `analysis-${key}.json`);
}

/**
 * The analyser's identity: its version and the code that runs (the CLI bundle, or the
 * compiled parser), so that a rebuilt or upgraded tool never reuses another one's analyses.
 */
export function analyserIdentity(version: string): string {
  const code = [__filename, path.join(__dirname, 'parse.js'), path.join(__dirname, 'load.js')].flatMap((file) => {
    try {
      const s = statSync(file);
      return [`${path.basename(file)}:${s.size}:${s.mtimeMs}`];
    } catch {
      return [];
    }
  });
  return [version, ...code].join(' ');
}

export class AnalysisCache {
  private readonly previous: Record<string, Entry>;
  private current: Record<string, Entry> = {};
  private changed: boolean;

  /** Reads the cache file; a missing, unreadable, corrupt or other analyser's file is an empty cache. */
  constructor(readonly file: string, private readonly analyser: string) {
    this.previous = readCacheFile(file, analyser) ?? {};
    this.changed = false;
  }

  /** The migrations of the folders in Laravel's order, as loadMigrations returns them, and the entries skipped. */
  async loadMigrations(folders: readonly string[]): Promise<{ migrations: MigrationFile[]; skipped: readonly SkippedEntry[]; statistics: CacheStatistics }> {
    const { paths, skipped } = await listMigrationPaths(folders);
    return { ...this.readMigrations(paths), skipped };
  }

  /** The analyses of these files, in this order: the cached one of each file whose stamp is unchanged. */
  readMigrations(paths: readonly string[]): { migrations: MigrationFile[]; statistics: CacheStatistics } {
    const current: Record<string, Entry> = {};
    let reused = 0;
    const migrations = paths.map((p) => {
      // Stamped before reading: a write in between makes the next run miss, never reuse stale data.
      const stamp = stampOf(p);
      const cached = Object.hasOwn(this.previous, p) ? this.previous[p] : undefined;
      if (stamp && cached && sameStamp(cached, stamp) && plausible(cached.migration, p)) {
        current[p] = cached;
        reused++;
        return revive(cached.migration);
      }
      const migration = readMigrationFile(p);
      // A file gone or replaced since the listing is read again next time, not remembered.
      if (stamp) current[p] = { ...stamp, migration: { ...migration, ignores: [...migration.ignores] } };
      return migration;
    });
    const parsed = paths.length - reused;
    // Entries of files removed since also make the file worth rewriting (it would only grow).
    if (parsed > 0 || Object.keys(this.previous).some((p) => !Object.hasOwn(current, p))) this.changed = true;
    this.current = { ...this.current, ...current };
    return { migrations, statistics: { reused, parsed } };
  }

  /**
   * Writes what the last loads found, when it differs from the file: atomically (a
   * temporary file renamed over it), so a concurrent run reads the old file or the new one.
   * Returns the error when the cache could not be written; the analysis itself is unaffected.
   */
  save(): Error | undefined {
    if (!this.changed) return undefined;
    const content: CacheFile = { format, analyser: this.analyser, entries: this.current };
    const error = writeAtomically(this.file, JSON.stringify(content));
    if (!error) this.changed = false;
    return error;
  }

  /**
   * A value computed from some of the loaded migrations (their translated structures), kept in a
   * file of its own beside the analyses: reused while each of those files keeps its stamp, in the
   * same order, with the same analyser and `parameters`; anything else, or a damaged file, computes it.
   */
  derived<T>(name: string, migrations: readonly MigrationFile[], parameters: string, codec: DerivedCodec<T>, compute: () => T): T {
    const hash = createHash('sha1').update(`${format}\0${this.analyser}\0${name}\0${parameters}`);
    for (const m of migrations) {
      const entry = Object.hasOwn(this.current, m.path) ? this.current[m.path] : undefined;
      // A file read without a stamp (gone or replaced since the listing) has no identity to key on.
      if (entry?.migration.path !== m.path) return compute();
      hash.update(`\0${m.path}\0${entry.size}\0${entry.mtimeMs}\0${entry.ctimeMs}`);
    }
    const key = hash.digest('hex');
    const file = this.file.replace(/\.json$/, `.${name}.json`);
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; value?: unknown };
      if (stored.key === key) return codec.decode(stored.value);
    } catch {
      // Missing, unreadable or damaged: computed again and rewritten.
    }
    const value = compute();
    // Not writing it only costs the next run the computation; save() reports an unwritable folder.
    writeAtomically(file, JSON.stringify({ key, value: codec.encode(value) }));
    return value;
  }
}

/** A temporary file renamed over `file`, so that a concurrent run reads the old content or the new. */
function writeAtomically(file: string, content: string): Error | undefined {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself could not be made: there is no temporary file.
    }
    return error as Error;
  }
}

function readCacheFile(file: string, analyser: string): Record<string, Entry> | undefined {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof content !== 'object' || content === null) return undefined;
  const c = content as Partial<CacheFile>;
  if (c.format !== format || c.analyser !== analyser || typeof c.entries !== 'object' || c.entries === null) return undefined;
  return c.entries;
}

function stampOf(file: string): FileStamp | undefined {
  try {
    const s = statSync(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs } : undefined;
  } catch {
    return undefined;
  }
}

function sameStamp(entry: Entry, stamp: FileStamp): boolean {
  return entry.size === stamp.size && entry.mtimeMs === stamp.mtimeMs && entry.ctimeMs === stamp.ctimeMs;
}

/** A cheap shape check, so that a hand-edited or damaged entry is parsed again rather than trusted. */
function plausible(m: Entry['migration'] | undefined, file: string): boolean {
  const method = (x: unknown): boolean => {
    const a = x as MigrationFile['up'] | undefined;
    return typeof a === 'object' && a !== null && Array.isArray(a.operations) && Array.isArray(a.unknown);
  };
  return typeof m === 'object' && m !== null && m.path === file && typeof m.name === 'string' && typeof m.slug === 'string'
    && typeof m.class === 'object' && m.class !== null && method(m.up) && method(m.down)
    && Array.isArray(m.parseProblems) && Array.isArray(m.ignores);
}

function revive(m: Entry['migration']): MigrationFile {
  return { ...m, ignores: new Map(m.ignores) };
}
