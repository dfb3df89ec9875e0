// For a large folder, a worker thread reads the files while this thread parses the ones it has:
// their open, fstat, read and close then cost this thread nothing. One thread reading
// synchronously, handing back a batch of files per message, avoids what 10,000 async reads cost
// (a thread-pool round trip for each of the four calls of every file). This thread takes the
// batches synchronously (receiveMessageOnPort) and never waits for one: a file whose batch has
// not come yet it reads itself, so a worker slow to start, starved of CPU or dead costs no more
// than reading without it.
import * as path from 'node:path';
import type { MessagePort, Worker } from 'node:worker_threads';
import { readMigrationBytes, type SourceBytes } from './readSource';

/**
 * Below this many files the worker is not started. Measured (the main thread's CPU time reading
 * and parsing files of a few hundred bytes, with and without the worker): the same at 500 files,
 * 8% less at 1,000, 11% at 2,000 and 4,000. Starting and ending the worker costs ~28 ms of CPU,
 * mostly on another core.
 */
export const readAheadFrom = 1000;

/** The Int32 slots shared with the worker. */
export const slot = {
  /** The first file nobody has claimed yet: the worker claims a batch, this thread what it reads itself. */
  next: 0,
  /** The file this thread parses: the worker stays at most `window` files ahead of it. */
  parsed: 1,
} as const;

export interface ReadAheadData {
  readonly paths: readonly string[];
  readonly shared: SharedArrayBuffer;
  readonly batch: number;
  readonly window: number;
}

/** Files start.. of one claim: file k's bytes are bytes[offsets[k]..offsets[k + 1]) unless problems[k] is set. */
export interface ReadAheadBatch {
  readonly start: number;
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly problems: readonly (string | null)[];
}

/** The files' bytes, asked in increasing order of index; `close` on every path. */
export interface SourceReader {
  read(index: number): SourceBytes;
  /** Ends the worker, if any; returns how many files it supplied. */
  close(): number;
}

/** This thread reads the files itself below `readAheadFrom` files, with a worker's help from then on. */
export function readSources(paths: readonly string[]): SourceReader {
  const alone: SourceReader = { read: (index) => readMigrationBytes(paths[index]!), close: () => 0 };
  if (paths.length < readAheadFrom) return alone;
  try {
    return readAhead(paths);
  } catch {
    // No thread to be had (a process limit, an embedder without workers): the same reads, here.
    return alone;
  }
}

/**
 * A reader helped by a worker. `mainThreadReads: false` leaves every file to the worker, waiting
 * for it (a test proves with it that the worker says the same as this thread of every file).
 */
export function readAhead(paths: readonly string[], options: { readonly mainThreadReads?: boolean } = {}): SourceReader {
  return new ReadAhead(paths, options.mainThreadReads ?? true);
}

class ReadAhead implements SourceReader {
  // Required here: most runs (a warm status, a small folder) never start a worker.
  private readonly threads = require('node:worker_threads') as typeof import('node:worker_threads');
  private readonly shared = new Int32Array(new SharedArrayBuffer(4 * Object.keys(slot).length));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly received: (ReadAheadBatch | undefined)[];
  private readonly batch = 64;
  private fromWorker = 0;

  constructor(private readonly paths: readonly string[], private readonly mainThreadReads: boolean) {
    this.received = new Array<ReadAheadBatch | undefined>(paths.length);
    const { port1, port2 } = new this.threads.MessageChannel();
    this.port = port1;
    const workerData: ReadAheadData & { port: MessagePort } = { paths, shared: this.shared.buffer as SharedArrayBuffer, batch: this.batch, window: 16 * this.batch, port: port2 };
    // Beside this module: dist/lazy in the bundles, out/src/core/analysis when compiled by tsc.
    this.worker = new this.threads.Worker(path.join(__dirname, 'readAheadWorker.js'), { workerData, transferList: [port2] });
    // Never what keeps the process alive; a worker that cannot start sends nothing, and this
    // thread reads every file itself (the same results, only slower).
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  read(index: number): SourceBytes {
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

  close(): number {
    // Nothing left to claim; woken if it waits for this thread to catch up.
    Atomics.store(this.shared, slot.next, this.paths.length);
    Atomics.store(this.shared, slot.parsed, this.paths.length);
    Atomics.notify(this.shared, slot.parsed);
    this.port.close();
    void this.worker.terminate().then(undefined, () => undefined);
    return this.fromWorker;
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
