// Finds and reads a project's migrations in the order Laravel runs them. What is not a regular
// file (a directory, a broken link, a FIFO) is skipped, never opened in a way that could block.
import * as fs from '../asyncFs';
import * as path from 'node:path';
import { laravelMigrationName } from './naming';
import { migrationReader, type MigrationReader } from './readAhead';
import { linkProblem, notRegular, readMigrationSource } from './readSource';
import type { MigrationFile, ParseProblem } from './types';

export { decodeMigrationSource, readMigrationFile, readMigrationSource, type MigrationSource } from './readSource';

/** An entry named like a migration that is not one: said once by the adapter, never read. */
export interface SkippedEntry {
  readonly path: string;
  /** Why, as a phrase: `a directory, not a regular file`. */
  readonly reason: string;
}

export interface MigrationListing {
  /** Regular files (or links to one), in Laravel's order. */
  readonly paths: string[];
  readonly skipped: readonly SkippedEntry[];
}

/** Laravel's Migrator globs `*_*.php` in each folder (not recursively). */
export function isMigrationFileName(fileName: string): boolean {
  return /^[^/\\]*_[^/\\]*\.php$/.test(fileName);
}

/**
 * path.basename(p). On POSIX a path that does not end with a slash ends with its name: taken
 * after the last slash, without the character-by-character loop V8 compiled for 400 paths.
 */
function fileNameOf(p: string): string {
  return path.sep === '/' && p !== '' && !p.endsWith('/') ? p.slice(p.lastIndexOf('/') + 1) : path.basename(p);
}

/**
 * Laravel's order: the `*_*.php` files of every folder, keyed by migration name (a later folder's
 * file replaces an earlier one of the same name), sorted by that name.
 */
export function orderMigrationPaths(paths: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const p of paths) byName.set(laravelMigrationName(fileNameOf(p)), p);
  return sortedByName(byName);
}

/** The paths of `byName` sorted by their migration name. */
function sortedByName(byName: ReadonlyMap<string, string>): string[] {
  // The default sort compares strings by UTF-16 code units, as `<` does, without calling back
  // into JavaScript: 10,000 names in about two thirds of the time.
  return [...byName.keys()].sort().map((name) => byName.get(name)!);
}

/** The migration file paths of the given folders, in Laravel's order, and the entries skipped. Missing folders are skipped. */
export async function listMigrationPaths(folders: readonly string[]): Promise<MigrationListing> {
  // By migration name, taken from the entry's name rather than cut out of its path again.
  const found = new Map<string, string>();
  const skipped: SkippedEntry[] = [];
  for (const folder of folders) {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    // path.join(folder, name) for every name, the folder normalized once: a migration's name is one
    // segment, never '.' or '..', so joining it only appends it (10,000 joins are a few ms).
    const prefix = path.join(folder, '_').slice(0, -1);
    for (const entry of entries) {
      if (!isMigrationFileName(entry.name)) continue;
      const file = prefix + entry.name;
      // stat follows links without opening anything: a FIFO is seen, not read.
      const reason = entry.isFile() ? undefined : await fs.stat(file).then(notRegular, (error) => linkProblem(error));
      if (reason) skipped.push({ path: file, reason });
      else found.set(laravelMigrationName(entry.name), file);
    }
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { paths: sortedByName(found), skipped };
}

/** Why a file was not fully read: that it could not be read at all comes before a syntax error. */
export function firstReadingProblem(migration: Pick<MigrationFile, 'parseProblems'>): ParseProblem | undefined {
  return migration.parseProblems.find((p) => p.kind !== 'syntax') ?? migration.parseProblems[0];
}

/**
 * What the adapters say of a file that was not fully read (a syntax error, an unreadable file),
 * `shown` being its path as they print it; undefined for a file read whole.
 */
export function readingProblem(migration: Pick<MigrationFile, 'parseProblems'>, shown: string): string | undefined {
  const problem = firstReadingProblem(migration);
  if (!problem) return undefined;
  return problem.kind === 'syntax'
    ? `${shown}:${problem.range.start.line + 1}: syntax error (${problem.message}); only what precedes it was read`
    : `${shown}: ${problem.message}; nothing was read from it`;
}

export async function loadMigrations(folders: readonly string[]): Promise<MigrationFile[]> {
  return readMigrations((await listMigrationPaths(folders)).paths);
}

/**
 * Reads and parses the given files, in the order given. Synchronous reads: migrations are small,
 * and 10,000 async reads cost 4x more in thread-pool round trips than the parse they feed; a large
 * folder is read ahead by a worker thread instead, and a very large one's parse shared with it
 * (`reader`, closed here).
 */
export function readMigrations(paths: readonly string[], reader: MigrationReader = migrationReader(paths)): MigrationFile[] {
  return readMigrationsKeeping(paths, (file) => file, reader);
}

/**
 * readMigrations, keeping of each analysis what `keep` takes from it as soon as it is made: the
 * rest is left to the young generation's collection instead of being held with every other file's.
 */
export function readMigrationsKeeping<T>(paths: readonly string[], keep: (file: MigrationFile) => T, reader: MigrationReader = migrationReader(paths)): T[] {
  try {
    return paths.map((_, index) => keep(reader.read(index)));
  } finally {
    reader.close();
  }
}

const timestamp = /^\d{4}_\d{2}_\d{2}_\d{6}/;

/**
 * Whether `sql` holds one of `names`. A name with a timestamp is looked for only when the dump
 * holds that timestamp (all found in one pass, overlapping ones too), rather than the whole dump
 * searched once per migration of a long history.
 */
function mentionsAny(sql: string, names: readonly string[]): boolean {
  const stamps = new Set<string>();
  const anywhere = /\d{4}_\d{2}_\d{2}_\d{6}/g;
  for (let found = anywhere.exec(sql); found; found = anywhere.exec(sql)) {
    stamps.add(found[0]);
    anywhere.lastIndex = found.index + 1;
  }
  return names.some((name) => {
    const stamp = timestamp.exec(name)?.[0];
    return (stamp === undefined || stamps.has(stamp)) && sql.includes(name);
  });
}

/**
 * Tables of a squashed schema (`php artisan schema:dump`): `database/schema/*-schema.sql`, which
 * Laravel loads into an empty database before running the remaining migrations. A dump that
 * records one of `migrationPaths` as run is left out: Laravel skips the files a dump records, so
 * their creates never meet its tables, and which connection a dump is for (a test database's
 * dump, SQLite or PostgreSQL, is never loaded into the default one) is not known here.
 */
export async function loadSchemaDumpTables(projectRoot: string, migrationPaths: readonly string[]): Promise<string[]> {
  const folder = path.join(projectRoot, 'database', 'schema');
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch {
    return [];
  }
  const names = migrationPaths.map((p) => path.basename(p, '.php'));
  const tables = new Set<string>();
  for (const entry of entries.filter((e) => /-schema\.(sql|dump)$/.test(e))) {
    const source = readMigrationSource(path.join(folder, entry));
    const sql = 'text' in source ? source.text : '';
    if (mentionsAny(sql, names)) continue;
    for (const m of sql.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?/gi)) tables.add(m[1]);
  }
  return [...tables];
}
