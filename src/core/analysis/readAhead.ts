// For a large folder, a worker thread takes work off this thread, in one of two ways:
// - it reads the files ahead while this thread parses the ones it has: their open, fstat, read and
//   close then cost this thread nothing. One thread reading synchronously, handing back a batch of
//   files per message, avoids what 10,000 async reads cost (a thread-pool round trip for each of
//   the four calls of every file);
// - or (not used by the commands yet: see parseFrom) it also parses: this thread from the first
//   file up, the worker in batches from the last file down, so the two meet somewhere in the
//   middle. A file's result (a MigrationFile) is plain data; the worker posts a batch of them.
// Either way this thread takes the batches synchronously (receiveMessageOnPort) and never waits
// for one: a file whose batch has not come yet it reads (and parses) itself, so a worker slow to
// start, starved of CPU or dead costs no more than working without it (when both parse, at worst
// one batch is parsed twice).
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import type { MessagePort, Worker } from 'node:worker_threads';
import { migrationOf, readMigrationBytes, readMigrationFile, type SourceBytes } from './readSource';
import type { MigrationFile } from './types';

/**
 * Below this many files the worker is not started. Measured (the main thread's CPU time reading
 * and parsing files of a few hundred bytes, with and without the worker): the same at 500 files,
 * 8% less at 1,000, 11% at 2,000 and 4,000. Starting and ending the worker costs ~28 ms of CPU,
 * mostly on another core.
 */
export const readAheadFrom = 1000;

/**
 * Sharing the parse (shareParse) is not used by the commands: on the 2-core machine it was measured
 * on, never idle, it did not pay in a run. Measured in fresh processes, 7 alternated runs, medians (bench/analysis.bench.ts, item 5,
 * each thread's CPU from /proc), shared vs alone: this thread's CPU 0.73x at 1,000 files, 0.78x at
 * 2,000, 0.75x at 5,000, 0.72x at 10,000; all threads' CPU 1.22x, 1.03x, 1.05x, 0.87x. But
 * `lint --no-cache` of 10,000 files (7 alternated runs, load 4 on 2 cores) took 1.47x the CPU and
 * 1.44x the wall time with it (best runs equal), and a cold `status` at 10,000 1.47x the CPU. A CPU
 * profile of that lint: the work after the parse took the same time (analyzeProject 58 vs 63 ms);
 * each thread parsed its half in about the time one thread takes for all (no core to spare, each
 * thread's parse slower) and this thread lost the reads done ahead. Not yet measured on a machine
 * with an idle core, where it should pay. Kept for the bench and the test that proves its results identical.
 */
export const parseFrom = Number.POSITIVE_INFINITY;

/** The Int32 slots shared with the worker. */
export const slot = {
  /** Reading ahead: the first file nobody has claimed yet: the worker claims a batch, this thread what it reads itself. */
  next: 0,
  /** Reading ahead: the file this thread parses: the worker stays at most `window` files ahead of it. */
  parsed: 1,
  /** Parsing: this thread's next file: it has taken every file before it, the worker stops there. */
  front: 2,
  /** Parsing: the first file the worker has claimed: it claims batches below it, down to `front`. */
  back: 3,
} as const;

export interface WorkerData {
  readonly mode: 'read' | 'parse';
  readonly paths: readonly string[];
  readonly shared: SharedArrayBuffer;
  readonly batch: number;
  readonly window: number;
}

/** Reading ahead, files start.. of one claim: file k's bytes are bytes[offsets[k]..offsets[k + 1]) unless problems[k] is set. */
export interface ReadAheadBatch {
  readonly start: number;
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly problems: readonly (string | null)[];
}

/** Parsing, files start.. of one claim: null for a file this thread had taken by the time the worker came to it. */
export interface ParsedBatch {
  readonly start: number;
  readonly files: readonly (MigrationFile | null)[];
}

/** The files' analyses, asked in increasing order of index; `close` on every path. */
export interface MigrationReader {
  read(index: number): MigrationFile;
  /** Ends the worker, if any; returns how many files it supplied (read or parsed). */
  close(): number;
}

/** Whether another core looks idle: the last minute's load leaves one free (no figure, as on Windows: assumed free). */
function idleCore(): boolean {
  return loadavg()[0]! + 1 <= availableParallelism();
}

/**
 * This thread reads and parses every file below `readAheadFrom` files; from then on a worker
 * reads ahead (and from `parseFrom` files, with a core to spare, would parse its share).
 */
export function migrationReader(paths: readonly string[]): MigrationReader {
  const alone: MigrationReader = { read: (index) => readMigrationFile(paths[index]!), close: () => 0 };
  if (paths.length < readAheadFrom) return alone;
  try {
    return paths.length >= parseFrom && idleCore() ? shareParse(paths) : readAhead(paths);
  } catch {
    // No thread to be had (a process limit, an embedder without workers): the same parse, here.
    return alone;
  }
}

/**
 * A reader whose worker reads ahead. `mainThreadReads: false` leaves every read to the worker,
 * waiting for it (a test proves with it that the worker says the same as this thread of every file).
 */
export function readAhead(paths: readonly string[], options: { readonly mainThreadReads?: boolean } = {}): MigrationReader {
  return new ReadAhead(paths, options.mainThreadReads ?? true);
}

/**
 * A reader whose worker parses its share. `mainThreadParses: false` leaves every file to the
 * worker, waiting for it (a test proves with it that the worker says the same as this thread).
 */
export function shareParse(paths: readonly string[], options: { readonly mainThreadParses?: boolean } = {}): MigrationReader {
  return new SharedParse(paths, options.mainThreadParses ?? true);
}

/** The worker and the memory shared with it. */
abstract class WithWorker implements MigrationReader {
  // Required here: most runs (a warm status, a small folder) never start a worker.
  protected readonly threads = require('node:worker_threads') as typeof import('node:worker_threads');
  protected readonly shared = new Int32Array(new SharedArrayBuffer(4 * Object.keys(slot).length));
  protected readonly port: MessagePort;
  private readonly worker: Worker;
  protected fromWorker = 0;

  constructor(protected readonly paths: readonly string[], mode: WorkerData['mode'], batch: number) {
    Atomics.store(this.shared, slot.back, paths.length);
    const { port1, port2 } = new this.threads.MessageChannel();
    this.port = port1;
    const workerData: WorkerData & { port: MessagePort } = { mode, paths, shared: this.shared.buffer as SharedArrayBuffer, batch, window: 16 * batch, port: port2 };
    // Beside this module: dist/lazy in the bundles, out/src/core/analysis when compiled by tsc.
    this.worker = new this.threads.Worker(path.join(__dirname, 'readAheadWorker.js'), { workerData, transferList: [port2] });
    // Never what keeps the process alive; a worker that cannot start sends nothing, and this
    // thread reads and parses every file itself (the same results, only slower).
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  abstract read(index: number): MigrationFile;

  close(): number {
    // Nothing left to claim; woken if it waits for this thread to catch up.
    Atomics.store(this.shared, slot.next, this.paths.length);
    Atomics.store(this.shared, slot.parsed, this.paths.length);
    Atomics.store(this.shared, slot.front, this.paths.length);
    Atomics.notify(this.shared, slot.parsed);
    this.port.close();
    void this.worker.terminate().then(undefined, () => undefined);
    return this.fromWorker;
  }
}

class ReadAhead extends WithWorker {
  private readonly batch = 64;
  private readonly received: (ReadAheadBatch | undefined)[];

  constructor(paths: readonly string[], private readonly mainThreadReads: boolean) {
    super(paths, 'read', 64);
    this.received = new Array<ReadAheadBatch | undefined>(paths.length);
  }

  read(index: number): MigrationFile {
    return migrationOf(this.paths[index]!, this.bytes(index));
  }

  private bytes(index: number): SourceBytes {
    Atomics.store(this.shared, slot.parsed, index);
    if (index % this.batch === 0) Atomics.notify(this.shared, slot.parsed);
    const batch = this.received[index] ?? this.takeBatches(index);
    if (!batch) {
      this.claim(index);
      return readMigrationBytes(this.paths[index]!);
    }
    this.received[index] = undefined;
    this.fromWorker++;
    const k = index - batch.start;
    const problem = batch.problems[k];
    if (problem !== null && problem !== undefined) return { problem };
    return { bytes: Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset + batch.offsets[k]!, batch.offsets[k + 1]! - batch.offsets[k]!) };
  }

  /** The batches posted so far; the one holding the file, if it came. */
  private takeBatches(index: number): ReadAheadBatch | undefined {
    for (;;) {
      const message = this.threads.receiveMessageOnPort(this.port);
      if (message) {
        const batch = message.message as ReadAheadBatch;
        // Files before this one were read here meanwhile.
        for (let k = Math.max(0, index - batch.start); k < batch.problems.length; k++) this.received[batch.start + k] = batch;
      } else if (this.received[index] || this.mainThreadReads) {
        return this.received[index];
      } else {
        Atomics.wait(this.shared, slot.parsed, index, 1);
      }
    }
  }

  /** Moves the worker past a file this thread reads itself (a batch it has already claimed is read twice). */
  private claim(index: number): void {
    for (let next = Atomics.load(this.shared, slot.next); next <= index;) {
      const seen = Atomics.compareExchange(this.shared, slot.next, next, index + 1);
      if (seen === next) return;
      next = seen;
    }
  }
}

class SharedParse extends WithWorker {
  private readonly received: (MigrationFile | undefined)[];

  constructor(paths: readonly string[], private readonly mainThreadParses: boolean) {
    // A batch is the most parsed twice when the two threads meet: a few ms of parse.
    super(paths, 'parse', 32);
    this.received = new Array<MigrationFile | undefined>(paths.length);
  }

  read(index: number): MigrationFile {
    const claimed = !this.mainThreadParses || index >= Atomics.load(this.shared, slot.back);
    const delivered = this.received[index] ?? (claimed ? this.take(index) : undefined);
    if (delivered) {
      this.received[index] = undefined;
      this.fromWorker++;
      return delivered;
    }
    // Taken before it is parsed: the worker skips it (and, from here, everything below).
    Atomics.store(this.shared, slot.front, index + 1);
    return readMigrationFile(this.paths[index]!);
  }

  /** The batches posted so far; the file, if it came. A file claimed by the worker and not yet delivered is the caller's. */
  private take(index: number): MigrationFile | undefined {
    for (;;) {
      const message = this.threads.receiveMessageOnPort(this.port);
      if (message) {
        const { start, files } = message.message as ParsedBatch;
        // Files before this one were parsed here meanwhile.
        for (let k = Math.max(0, index - start); k < files.length; k++) this.received[start + k] = files[k] ?? undefined;
      } else if (this.received[index] || this.mainThreadParses) {
        return this.received[index];
      } else {
        Atomics.wait(this.shared, slot.front, Atomics.load(this.shared, slot.front), 1);
      }
    }
  }
}
