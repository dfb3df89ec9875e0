// A persistent analysis cache for the CLI, as ESLint's --cache: a warm run reads each
// unchanged migration's analysis from disk instead of parsing it again. Never imports 'vscode'.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { listMigrationPaths, readMigrations, type SkippedEntry } from './load';
import type { MigrationFile } from './types';

/** Bumped when the file's layout changes; any other value is a cache from another format. */
const format = 3;

/**
 * What identifies a file's content without reading it. The change time is set by the kernel
 * on every write and cannot be put back (unlike the modification time), so an edit that keeps
 * the size and the mtime still misses; the inode tells a file put in place of another.
 */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
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
      // In a bundle only the bundle exists: the others are looked for without throwing an error each.
      const s = statSync(file, { throwIfNoEntry: false });
      return s ? [`${path.basename(file)}:${s.size}:${s.mtimeMs}`] : [];
    } catch {
      return [];
    }
  });
  return [version, ...code].join(' ');
}

export class AnalysisCache {
  /** The analyses of the cache file, read when first needed (a status run whose summary is current never reads them). */
  private stored: Record<string, Entry> | undefined;
  private current: Record<string, Entry> = {};
  private changed = false;
  /** Each file's stamp as this run first took it: every key of this run is made of the same stamps. */
  private readonly stamps = new Map<string, FileStamp | undefined>();
  /** The files a key was last made of (all of them stamped), and their digest. */
  private hashed: { readonly paths: readonly string[]; readonly digest: string } | undefined;
  /** The files of kept values read by prefetch(), each used once by the next kept() of its name. */
  private readonly prefetched = new Map<string, unknown>();

  /** A missing, unreadable, corrupt or other analyser's file is an empty cache. */
  constructor(readonly file: string, private readonly analyser: string) {}

  private get previous(): Record<string, Entry> {
    return (this.stored ??= readCacheFile(this.file, this.analyser) ?? {});
  }

  private stampOf(file: string): FileStamp | undefined {
    let stamp = this.stamps.get(file);
    if (stamp === undefined && !this.stamps.has(file)) this.stamps.set(file, (stamp = stampOf(file)));
    return stamp;
  }

  /** The migrations of the folders in Laravel's order, as loadMigrations returns them, and the entries skipped. */
  async loadMigrations(folders: readonly string[]): Promise<{ migrations: MigrationFile[]; skipped: readonly SkippedEntry[]; statistics: CacheStatistics }> {
    const { paths, skipped } = await listMigrationPaths(folders);
    return { ...this.readMigrations(paths), skipped };
  }

  /** The analyses of these files, in this order: the cached one of each file whose stamp is unchanged. */
  readMigrations(paths: readonly string[]): { migrations: MigrationFile[]; statistics: CacheStatistics } {
    // Every stamp taken before any file is read: a write in between makes the next run miss, never reuse stale data.
    const stamps = paths.map((p) => this.stampOf(p));
    const migrations = paths.map((p, i): MigrationFile | undefined => {
      const stamp = stamps[i];
      const cached = Object.hasOwn(this.previous, p) ? this.previous[p] : undefined;
      return stamp && cached && sameStamp(cached, stamp) && plausible(cached.migration, p) ? revive(cached.migration) : undefined;
    });
    const reused = paths.length - migrations.filter((m) => m === undefined).length;
    // The others read and parsed as loadMigrations reads them (a worker shares the parse of many).
    const missing = paths.filter((_, i) => migrations[i] === undefined);
    const fresh = readMigrations(missing);
    const current: Record<string, Entry> = {};
    for (let i = 0, k = 0; i < paths.length; i++) {
      const p = paths[i]!;
      const stamp = stamps[i];
      if (migrations[i]) {
        current[p] = this.previous[p]!;
        continue;
      }
      const migration = fresh[k++]!;
      migrations[i] = migration;
      // A file gone or replaced since the listing is read again next time, not remembered.
      if (stamp) current[p] = { ...stamp, migration: { ...migration, ignores: [...migration.ignores] } };
    }
    const parsed = paths.length - reused;
    // Entries of files removed since also make the file worth rewriting (it would only grow).
    if (parsed > 0 || Object.keys(this.previous).some((p) => !Object.hasOwn(current, p))) this.changed = true;
    this.current = { ...this.current, ...current };
    return { migrations: migrations as MigrationFile[], statistics: { reused, parsed } };
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
  derived<T>(name: string, migrations: readonly Pick<MigrationFile, 'path'>[], parameters: string, codec: DerivedCodec<T>, compute: () => T): T {
    const key = this.keyOf(name, parameters, migrations.map((m) => m.path));
    return key === undefined ? compute() : this.kept(name, key, codec, compute);
  }

  /**
   * A value computed from the analyses of these files (in this order), kept like `derived`; while
   * every file keeps its stamp, neither the files nor their analyses are read, only their stamps taken.
   */
  summary<T>(name: string, paths: readonly string[], parameters: string, codec: DerivedCodec<T>, compute: (migrations: MigrationFile[]) => T): T {
    const key = this.keyOf(name, parameters, paths);
    const analysed = () => compute(this.readMigrations(paths).migrations);
    return key === undefined ? analysed() : this.kept(name, key, codec, analysed);
  }

  /**
   * What identifies a value computed from these files: undefined when one has no stamp (gone or not a
   * file). Files that are some of those last hashed, in the same order (the recorded ones of the
   * listing), are told by which of them they are: hashing 10,000 paths and their stamps again costs more.
   */
  private keyOf(name: string, parameters: string, paths: readonly string[]): string | undefined {
    const head = `${format}\0${this.analyser}\0${name}\0${parameters}\0`;
    const taken = this.hashed && subsequence(paths, this.hashed.paths);
    if (taken) return createHash('sha1').update(`${head}some of\0${this.hashed!.digest}\0`).update(taken).digest('hex');
    const digest = this.digestOf(paths);
    if (digest === undefined) return undefined;
    this.hashed = { paths, digest };
    return createHash('sha1').update(`${head}${digest}`).digest('hex');
  }

  /** The paths and their stamps hashed: undefined when one has no stamp. */
  private digestOf(paths: readonly string[]): string | undefined {
    // The stamps hashed as the doubles they are: at 10,000 files, writing 40,000 numbers as text
    // and hashing them one update() at a time cost more than the hashing.
    const stamps = new Float64Array(paths.length * 4);
    for (let i = 0; i < paths.length; i++) {
      const stamp = this.stampOf(paths[i]!);
      if (!stamp) return undefined;
      stamps[i * 4] = stamp.size;
      stamps[i * 4 + 1] = stamp.mtimeMs;
      stamps[i * 4 + 2] = stamp.ctimeMs;
      stamps[i * 4 + 3] = stamp.ino;
    }
    return createHash('sha1').update(`${paths.join('\0')}\0`).update(new Uint8Array(stamps.buffer)).digest('hex');
  }

  /**
   * Reads and parses the file of the kept value `name` now (while waiting on a server, say): the
   * next derived() or summary() of that name checks its key against what was read then. A file
   * replaced in between is the file as it was read, as if that call had come earlier.
   */
  prefetch(name: string): void {
    try {
      this.prefetched.set(name, JSON.parse(readFileSync(this.keptFile(name), 'utf8')));
    } catch {
      // Missing or damaged: kept() reads it again, finds the same, and computes the value.
    }
  }

  private keptFile(name: string): string {
    return this.file.replace(/\.json$/, `.${name}.json`);
  }

  /** The value kept under `key` in the file of `name`, else computed and written there. */
  private kept<T>(name: string, key: string, codec: DerivedCodec<T>, compute: () => T): T {
    const file = this.keptFile(name);
    const prefetched = this.prefetched.get(name);
    this.prefetched.delete(name);
    try {
      const stored = (prefetched ?? JSON.parse(readFileSync(file, 'utf8'))) as { key?: unknown; value?: unknown };
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

/** Which of `whole` are `part`, when `part` is some of them in the same order; else undefined. */
function subsequence(part: readonly string[], whole: readonly string[]): Uint8Array | undefined {
  const taken = new Uint8Array(whole.length);
  let j = 0;
  for (const p of part) {
    while (j < whole.length && whole[j] !== p) j++;
    if (j === whole.length) return undefined;
    taken[j++] = 1;
  }
  return taken;
}

/** A temporary file renamed over `file`, so that a concurrent run reads the old content or the new. */
export function writeAtomically(file: string, content: string): Error | undefined {
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

export function stampOf(file: string): FileStamp | undefined {
  try {
    const s = statSync(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a file still has the stamp it had: size, modification and change times, inode. */
export function sameStamp(then: FileStamp, now: FileStamp): boolean {
  return then.size === now.size && then.mtimeMs === now.mtimeMs && then.ctimeMs === now.ctimeMs && then.ino === now.ino;
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
