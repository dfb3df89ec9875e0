// Finds and reads a project's migrations in the order Laravel runs them.
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseMigration } from './parse';
import type { MigrationFile } from './types';

/** Laravel's Migrator globs `*_*.php` in each folder (not recursively). */
export function isMigrationFileName(fileName: string): boolean {
  return /^[^/\\]*_[^/\\]*\.php$/.test(fileName);
}

/**
 * Laravel's order: the `*_*.php` files of every folder, keyed by file name (a later folder's
 * file replaces an earlier one of the same name), sorted by file name.
 */
export function orderMigrationPaths(paths: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const p of paths) byName.set(path.basename(p, '.php'), p);
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

/** The migration file paths of the given folders, in Laravel's order. Missing folders are skipped. */
export async function listMigrationPaths(folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of folders) {
    let entries: string[];
    try {
      entries = await fs.readdir(folder);
    } catch {
      continue;
    }
    for (const entry of entries) if (isMigrationFileName(entry)) found.push(path.join(folder, entry));
  }
  return orderMigrationPaths(found);
}

export async function loadMigrations(folders: readonly string[]): Promise<MigrationFile[]> {
  return readMigrations(await listMigrationPaths(folders));
}

/** Reads and parses the given files, in the order given. */
export function readMigrations(paths: readonly string[]): MigrationFile[] {
  // Synchronous reads: migrations are small, and 10,000 async reads cost 4x more in
  // thread-pool round trips (open, fstat, read, close each) than the parse they feed.
  return paths.map((p) => parseMigration(p, readFileSync(p, 'utf8')));
}

/**
 * Tables of a squashed schema (`php artisan schema:dump`): `database/schema/*-schema.sql`,
 * which Laravel loads before running the remaining migrations.
 */
export async function loadSchemaDumpTables(projectRoot: string): Promise<string[]> {
  const folder = path.join(projectRoot, 'database', 'schema');
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch {
    return [];
  }
  const tables = new Set<string>();
  for (const entry of entries.filter((e) => /-schema\.(sql|dump)$/.test(e))) {
    const sql = await fs.readFile(path.join(folder, entry), 'utf8').catch(() => '');
    for (const m of sql.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[`"]?\w+[`"]?\.)?[`"]?(\w+)[`"]?/gi)) tables.add(m[1]);
  }
  return [...tables];
}
