// Reads a migration's bytes, never blocking on what is not a regular file, and parses them. The
// main thread and the worker that shares a large folder's parse (readAhead.ts) both go through
// readMigrationFile, so both say the same of every file.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { parseMigration, unreadableMigration } from './parse';
import type { MigrationFile } from './types';

/** A file's bytes, or why it cannot be read (as a phrase: `a directory, not a regular file`; `missing` when it is gone). */
export type SourceBytes = { readonly bytes: Buffer } | Unreadable;
type Unreadable = { readonly problem: string; readonly missing?: true };

export function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  const kind = stats.isDirectory() ? 'a directory' : stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket'
    : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'something else';
  return `${kind}, not a regular file`;
}

export function linkProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'a symbolic link to a file that does not exist';
  if (code === 'ELOOP') return 'a symbolic link loop';
  return `cannot be read (${code ?? String(error)})`;
}

/** What is not a regular file, refused by {@link readRegularFile}: its message is {@link notRegular}'s phrase. */
export class NotRegularFile extends Error {
  readonly code = 'ENOTREG';
}

/**
 * The largest migration read: 64 times the largest migration of nine public Laravel apps
 * (invoiceninja's users table, 65 KB), where a 200 MB file took 26 s and 444 MB to lint. A file
 * above it (a dump saved as a migration, a file still being written) is refused after its fstat,
 * never read: the CLI and the editor stay responsive and claim nothing of it.
 */
export const largestReadableFile = 4 * 1024 * 1024;
/** The largest other project file read (.env, composer.lock, config/*.php, settings): 22 times the largest composer.lock of the same apps (720 KB). */
const largestProjectFile = 16 * 1024 * 1024;

/** A file above its limit: its message is the phrase `too large (…)`. */
export class TooLargeFile extends Error {
  readonly code = 'EFBIG';
  constructor(size: number, limit: number) {
    super(tooLarge(size, limit));
  }
}

/** `too large (200 MB, more than 4 MB)`: why a file of `size` bytes (a text of that length) is not read. */
export function tooLarge(size: number, limit = largestReadableFile): string {
  // Rounded up: a size just above the limit is not shown equal to it.
  const mb = (bytes: number) => `${Math.ceil((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `too large (${mb(size)}, more than ${mb(limit)})`;
}

/**
 * A regular file's bytes, opened without blocking: a FIFO would wait forever for a writer (and a
 * thread blocked in open() keeps even an interrupted process from exiting), a device never ends.
 * Throws as fs does (ENOENT...), a {@link NotRegularFile} or a {@link TooLargeFile}.
 */
export function readRegularFile(file: string, limit = largestProjectFile): Buffer {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    const reason = notRegular(stats);
    if (reason) throw new NotRegularFile(reason);
    if (stats.size > limit) throw new TooLargeFile(stats.size, limit);
    return readToEnd(fd, stats.size, limit);
  } finally {
    closeSync(fd);
  }
}

/** A project file's text (.env, composer.json, config/*.php, settings), read as {@link readRegularFile} reads it. */
export async function readTextFile(file: string): Promise<string> {
  return readRegularFile(file).toString('utf8');
}

/** A migration's bytes, or why it cannot be read: a FIFO put in place after the listing is seen (and refused), never waited on. */
export function readMigrationBytes(file: string): SourceBytes {
  try {
    return { bytes: readRegularFile(file, largestReadableFile) };
  } catch (error) {
    if (error instanceof NotRegularFile || error instanceof TooLargeFile) return { problem: error.message };
    return { problem: linkProblem(error), ...((error as NodeJS.ErrnoException).code === 'ENOENT' ? { missing: true as const } : {}) };
  }
}

/**
 * The size the fstat gave, plus one byte to see the end: one read for a file that did not change
 * since (readFileSync would fstat again, then read). A regular file's read returns less than
 * asked only at its end; a file that grew in between is read to its new end, up to the limit.
 */
function readToEnd(fd: number, size: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    length += read;
    if (read === 0 || length < buffer.length) return buffer.subarray(0, length);
    if (length > limit) throw new TooLargeFile(length, limit);
    const larger = Buffer.allocUnsafe(buffer.length * 2);
    buffer.copy(larger, 0, 0, length);
    buffer = larger;
  }
}

/** A file's text, or why it cannot be read. */
export type MigrationSource = { readonly text: string } | Unreadable;

export function readMigrationSource(file: string): MigrationSource {
  return sourceOf(readMigrationBytes(file));
}

function sourceOf(read: SourceBytes): MigrationSource {
  return 'bytes' in read ? decodeMigrationSource(read.bytes) : read;
}

/**
 * The text PHP reads: UTF-8, without its byte order mark (editors do not count it). PHP
 * has no notion of UTF-16: such a file is printed as text by `require`, its code never runs.
 */
export function decodeMigrationSource(bytes: Buffer): MigrationSource {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.toString('utf8', 3) };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: `encoded in UTF-16 ${bytes[0] === 0xff ? 'LE' : 'BE'}: PHP reads it as text, not code, so Laravel cannot run it; save it as UTF-8` };
  }
  return { text: bytes.toString('utf8') };
}

/** Reads and parses one file; a file that cannot be read is a result with that problem, claiming nothing. */
export function readMigrationFile(file: string): MigrationFile {
  return migrationOf(file, readMigrationBytes(file));
}

/** The analysis of a file read (by this thread or the worker reading ahead). */
export function migrationOf(file: string, read: SourceBytes): MigrationFile {
  const source = sourceOf(read);
  return 'text' in source ? parseMigration(file, source.text) : unreadableMigration(file, `cannot be read: ${source.problem}`);
}
