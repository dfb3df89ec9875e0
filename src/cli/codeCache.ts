// Runs a CommonJS bundle with V8's code cache (what Node 22's module.enableCompileCache does):
// a run then skips compiling ~2 MB of JavaScript, a third of a short command's time.
// Any problem with the cache (absent, stale, damaged, unwritable) only costs the compilation.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';

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

interface Loaded {
  readonly exports: unknown;
  /** Writes the compiled code when the cache lacked it; call when the run is over (more functions are compiled by then). */
  readonly save: () => void;
}

interface BundleOptions {
  main?: boolean;
  requireFrom?: (file: string) => NodeRequire;
  variant?: string;
  /**
   * The other bundles this run loaded, asked when it is over. The entry keeps the list of the run
   * that wrote it: V8 reads every function an entry holds on every run, so an entry written by a
   * run that parsed files (a first status, `--no-cache`) makes each later warm run read ~300 KB of
   * compiled code it never calls. After runs that loaded less than the writer (`lighter` file
   * beside the entry: their count, and how often a compilation for it was wasted), one run
   * compiles afresh and writes what it used, if it did load less; otherwise the old entry stays.
   */
  loads?: () => readonly string[];
  /** The run is known from its arguments to load more than usual (`--no-cache`): it neither compiles afresh nor counts. */
  loadsMore?: boolean;
}

/**
 * Loads `file` (a self-contained bundle) with the cached code of `folder`. `require` inside it
 * is `requireFrom(file)`; `main` makes it the program's main module (`require.main === module`).
 * `variant` keeps one cache per use: V8 saves the functions a run compiled, and a cache made by
 * `--version` would leave those of `status` to compile on every run.
 */
export function loadBundle(file: string, folder: string, options: BundleOptions = {}): Loaded {
  const { whole, bytes, stamp } = readWrapped(file);
  const store = path.join(folder, `${path.basename(file, '.js')}-${hash32(path.resolve(file)).toString(16)}${options.variant ? `-${options.variant}` : ''}.bin`);
  const plan = cachePlan(store, bytes, stamp, options);
  const script = new Script(isAscii(bytes) ? whole.toString('latin1') : whole.toString('utf8'), { filename: file, cachedData: plan.cached });
  const module = { exports: {} as unknown, id: file, filename: file, loaded: false };
  const require = (options.requireFrom ?? createRequire)(file);
  const ownRequire = options.main ? Object.assign((id: string) => require(id), require, { main: module }) : require;
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, ownRequire, module, file, path.dirname(file));
  module.loaded = true;
  return { exports: module.exports, save: () => plan.save(script) };
}

/** The entry this run uses (none: compile), and what it writes when it is over. */
function cachePlan(store: string, bytes: Buffer, stamp: Stamp, options: BundleOptions): { cached: Buffer | undefined; save: (script: Script) => void } {
  const entry = readEntry(store, bytes, stamp);
  const lighterFile = `${store}.lighter`;
  const lighter = entry && options.loads && entry.loads.length > 0 ? readLighter(lighterFile) : undefined;
  const afresh = lighter !== undefined && !options.loadsMore && lighter.runs >= 2 ** Math.min(lighter.wasted, 16);
  const cached = afresh ? undefined : entry?.data;
  const save = (script: Script): void => {
    const loads = options.loads?.() ?? [];
    const loadedLess = entry !== undefined && entry.loads.some((name) => !loads.includes(name));
    if (afresh && !loadedLess) {
      // It needed as much as the writer: the compilation was wasted, and the next try waits longer.
      writeLighter(lighterFile, { runs: 0, wasted: lighter!.wasted + 1 });
    } else if (cached === undefined || script.cachedDataRejected === true) {
      writeEntry(store, entryKey(bytes, stamp), loads, script.createCachedData());
      if (lighter) remove(lighterFile);
    } else {
      // Keyed by content when written just after the bundle changed: by its stamp once that is settled.
      if (entry!.byContent && !racy(stamp)) writeEntry(store, entryKey(bytes, stamp), entry!.loads, entry!.data);
      if (lighter && !options.loadsMore && (loadedLess || lighter.runs > 0)) writeLighter(lighterFile, { runs: loadedLess ? lighter.runs + 1 : 0, wasted: lighter.wasted });
    }
  };
  return { cached, save };
}

const wrapperStart = Buffer.from('(function (exports, require, module, __filename, __dirname) { ');
const wrapperEnd = Buffer.from('\n})');

/** What identifies the bundle's file as read: a change of content changes its ctime (which no copy or touch can set back). */
interface Stamp { readonly text: string; readonly ctimeMs: number }

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
function readWrapped(file: string): { whole: Buffer; bytes: Buffer; stamp: Stamp } {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd, { bigint: true });
    const size = Number(stat.size);
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
    const stamp = { text: `${stat.dev} ${stat.ino} ${read} ${stat.mtimeNs} ${stat.ctimeNs}`, ctimeMs: Number(stat.ctimeNs / 1_000_000n) };
    return { whole: buffer.subarray(0, wrapperStart.length + read + wrapperEnd.length), bytes: buffer.subarray(wrapperStart.length, wrapperStart.length + read), stamp };
  } finally {
    closeSync(fd);
  }
}

const keyStart = `migration-doctor code cache 2 ${process.version} ${process.arch}`;
/**
 * Files change times move in ticks of a few milliseconds: a bundle written again within the tick
 * it was read in keeps its stamp. An entry written within this time of the bundle's change is
 * keyed by its content instead (as git treats an index entry as new as its file).
 */
const racyMs = 2000;

/**
 * V8 only compares the source's length: the bundle's stamp (device, inode, size, modification
 * and change times) is part of the key, or an edited bundle of the same length would run its old
 * code. Stamped when the entry is written, on this machine: cp -p, rsync -t and tar keep a
 * modification time, never a change time, and an installed copy is a new file. Hashing the
 * bundles instead cost each run ~8 M instructions (2 MB) and loading node:zlib ~8 M more.
 */
function entryKey(bytes: Buffer, stamp: Stamp): string {
  return !racy(stamp) ? `${keyStart} stamp ${stamp.text}` : `${keyStart} content ${bytes.length} ${digest(bytes)?.toString('hex')}`;
}

function racy(stamp: Stamp): boolean {
  return Date.now() - stamp.ctimeMs <= racyMs;
}

/** MD5 (the cheapest of Node's hashes here: node:crypto is loaded by every command anyway); none where it is not allowed (FIPS). */
function digest(bytes: Buffer): Buffer | undefined {
  try {
    return createHash('md5').update(bytes).digest();
  } catch {
    return undefined;
  }
}

/** A 32-bit FNV-1a of a path: one entry name per installed copy. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * An entry is <md5 of the rest, 16 bytes><key>\n<bundles the writing run loaded, comma-separated>\n<V8's data>;
 * V8 itself checks no checksum in release builds.
 */
function readEntry(store: string, bytes: Buffer, stamp: Stamp): { data: Buffer; loads: readonly string[]; byContent: boolean } | undefined {
  let entry: Buffer;
  try {
    entry = readFileSync(store);
  } catch {
    return undefined;
  }
  const keyEnd = entry.indexOf(10, 16);
  const loadsEnd = keyEnd < 0 ? -1 : entry.indexOf(10, keyEnd + 1);
  if (loadsEnd < 0 || loadsEnd + 1 >= entry.length) return undefined;
  const key = entry.toString('latin1', 16, keyEnd);
  const current = key.startsWith(`${keyStart} stamp `) ? `${keyStart} stamp ${stamp.text}`
    : key.startsWith(`${keyStart} content `) ? `${keyStart} content ${bytes.length} ${digest(bytes)?.toString('hex')}` : undefined;
  if (key !== current || digest(entry.subarray(16))?.equals(entry.subarray(0, 16)) !== true) return undefined;
  const loads = entry.toString('latin1', keyEnd + 1, loadsEnd);
  return { data: entry.subarray(loadsEnd + 1), loads: loads === '' ? [] : loads.split(','), byContent: !key.startsWith(`${keyStart} stamp `) };
}

function writeEntry(store: string, key: string, loads: readonly string[], data: Buffer): void {
  const body = Buffer.concat([Buffer.from(`${key}\n${loads.join(',')}\n`, 'latin1'), data]);
  const sum = digest(body);
  if (sum && !key.endsWith(' undefined')) writeAtomically(store, Buffer.concat([sum, body]));
}

/** Runs that loaded less than the entry's writer, and compilations afresh that were wasted; a missing or damaged file is none. */
function readLighter(file: string): { runs: number; wasted: number } {
  try {
    // Nearly always absent: no exception made for that.
    if (!existsSync(file)) return { runs: 0, wasted: 0 };
    const match = /^(\d{1,6}) (\d{1,6})$/.exec(readFileSync(file, 'latin1'));
    if (match) return { runs: Number(match[1]), wasted: Number(match[2]) };
  } catch {
    // None yet.
  }
  return { runs: 0, wasted: 0 };
}

function writeLighter(file: string, counts: { runs: number; wasted: number }): void {
  writeAtomically(file, Buffer.from(`${counts.runs} ${counts.wasted}`));
}

function remove(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Left: read as a count again, which at worst costs one compilation.
  }
}

function writeAtomically(file: string, content: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, content, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A read-only home: every run compiles, as without the cache.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}
