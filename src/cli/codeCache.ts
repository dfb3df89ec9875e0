// Runs a CommonJS bundle with V8's code cache (what Node 22's module.enableCompileCache does):
// a run then skips compiling ~2 MB of JavaScript, a third of a short command's time.
// Any problem with the cache (absent, stale, damaged, unwritable) only costs the compilation.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * The per-user folder of compiled code. Never a shared folder such as /tmp: V8 runs what it
 * finds in the cache without checking it, so another user's file there would be code run as this user.
 */
export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const base = platform === 'win32' ? env.LOCALAPPDATA ?? path.join(homedir(), 'AppData', 'Local')
    : platform === 'darwin' ? path.join(homedir(), 'Library', 'Caches')
      : env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'migration-doctor', 'v8');
}

/**
 * The cache entry a run of `argv` (the CLI's arguments) uses: one per command (a plain word as it
 * is, `other` else), and for a run told not to read the analysis cache (`--no-cache`) one of its
 * own. V8 writes an entry once, with the functions the run that wrote it compiled, and never adds
 * to it: such a run parses every file, and with the entry of a run that parsed none (a status whose
 * analyses were all cached) it compiled php-parser's callers again each time (callgrind, status
 * --no-cache at 300 migrations: 1,587 M instructions with an entry a parsing run wrote, 1,624 M
 * with one a warm run wrote).
 */
export function codeCacheVariant(argv: readonly string[]): string {
  const command = argv[0] ?? '';
  const name = /^[a-z]{1,12}$/.test(command) ? command : 'other';
  return argv.includes('--no-cache') ? `${name}-parsing` : name;
}

interface Loaded {
  readonly exports: unknown;
  /** Writes the compiled code when the cache lacked it; call when the run is over (more functions are compiled by then). */
  readonly save: () => void;
}

/**
 * Loads `file` (a self-contained bundle) with the cached code of `folder`. `require` inside it
 * is `requireFrom(file)`; `main` makes it the program's main module (`require.main === module`).
 * `variant` keeps one cache per use: V8 saves the functions a run compiled, and a cache made by
 * `--version` would leave those of `status` to compile on every run.
 */
export function loadBundle(
  file: string,
  folder: string,
  options: { main?: boolean; requireFrom?: (file: string) => NodeRequire; variant?: string } = {},
): Loaded {
  const { whole, bytes } = readWrapped(file);
  // V8 only compares the source's length: the content is part of the key, or an edited bundle of
  // the same length would run its old code. Not a stat (size, mtime, inode) checked against a
  // manifest of the build: cp -p, rsync -t and tar keep the mtime, an in-place copy keeps the
  // inode, and an installed copy never matches the build's stat. The CRC is no real cost anyway
  // (under 0.5 ms for the ~2 MB a status run reads, bundles and entries together).
  const key = Buffer.from(`migration-doctor code cache 1 ${process.version} ${process.arch} ${bytes.length} ${crc32(bytes)}\n`);
  const store = path.join(folder, `${path.basename(file, '.js')}-${crc32(path.resolve(file)).toString(16)}${options.variant ? `-${options.variant}` : ''}.bin`);
  const cached = readEntry(store, key);
  const script = new Script(isAscii(bytes) ? whole.toString('latin1') : whole.toString('utf8'), { filename: file, cachedData: cached });
  const module = { exports: {} as unknown, id: file, filename: file, loaded: false };
  const require = (options.requireFrom ?? createRequire)(file);
  const ownRequire = options.main ? Object.assign((id: string) => require(id), require, { main: module }) : require;
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, ownRequire, module, file, path.dirname(file));
  module.loaded = true;
  const fresh = cached === undefined || script.cachedDataRejected === true;
  return { exports: module.exports, save: () => { if (fresh) writeEntry(store, key, script.createCachedData()); } };
}

const wrapperStart = Buffer.from('(function (exports, require, module, __filename, __dirname) { ');
const wrapperEnd = Buffer.from('\n})');

/**
 * The bundle as the body of a CommonJS module's function (`whole`, decoded into one string by the
 * caller), and the bundle's own bytes within it: the file is read straight between the wrapper's
 * two ends, not read then copied around them (a copy of ~1 MB per bundle). One string: wrapping
 * the decoded text in a template would allocate the source twice on V8's heap (the text, then the
 * flat string compiled), each a large object that starts a garbage collection of its own. An
 * ASCII file (the build escapes what esbuild leaves in comments) is decoded as one byte per
 * character: V8 keeps it so, where UTF-8 decoding checks every byte (1.5 ms for the CLI's 0.9 MB)
 * and one character beyond ASCII makes the whole source two bytes per character.
 */
function readWrapped(file: string): { whole: Buffer; bytes: Buffer } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(wrapperStart.length + size + wrapperEnd.length);
    wrapperStart.copy(buffer, 0);
    // As readFileSync: what the size said, or less if the file is cut meanwhile.
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, wrapperStart.length + read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    wrapperEnd.copy(buffer, wrapperStart.length + read);
    return { whole: buffer.subarray(0, wrapperStart.length + read + wrapperEnd.length), bytes: buffer.subarray(wrapperStart.length, wrapperStart.length + read) };
  } finally {
    closeSync(fd);
  }
}

/** An entry is <crc32 of the rest, 4 bytes><key><V8's data>; V8 itself checks no checksum in release builds. */
function readEntry(store: string, key: Buffer): Buffer | undefined {
  let entry: Buffer;
  try {
    entry = readFileSync(store);
  } catch {
    return undefined;
  }
  if (entry.length <= 4 + key.length || entry.readUInt32LE(0) !== crc32(entry.subarray(4))) return undefined;
  return entry.subarray(4, 4 + key.length).equals(key) ? entry.subarray(4 + key.length) : undefined;
}

function writeEntry(store: string, key: Buffer, data: Buffer): void {
  const body = Buffer.concat([key, data]);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(crc32(body));
  const temporary = `${store}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(store), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([head, body]), { mode: 0o600 });
    renameSync(temporary, store);
  } catch {
    // A read-only home: every run compiles, as without the cache.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}
