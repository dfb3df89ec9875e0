// For a large folder, a worker thread reads the files while this thread parses the ones it has:
// their open, fstat, read and close then cost this thread nothing. One thread reading
// synchronously, handing back a batch of files per message, avoids what 10,000 async reads cost
// (a thread-pool round trip for each of the four calls of every file). The parse asks for the
// files in order and never waits on an event: it takes the batches synchronously
// (receiveMessageOnPort), and waits on shared memory when it has caught up with the worker.
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { readMigrationBytes, type SourceBytes } from './readSource';

/**
 * Below this many files the worker is not started: starting it costs about as much as the reads
 * it would take over (measured: the cross-over is near 1,000 files of a few hundred bytes).
 */
export const readAheadFrom = 2000;

/** The Int32 slots shared with the worker. */
export const slot = {
  /** The first file nobody has claimed yet (the worker claims a batch, this thread one file). */
  next: 0,
  /** Batches posted, and once more when the worker ends: what this thread waits on. */
  posted: 1,
  /** The file this thread parses: the worker stays at most `window` files ahead of it. */
  parsed: 2,
  /** 1 once the worker has ended. */
  done: 3,
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
  return paths.length < readAheadFrom ? { read: (index) => readMigrationBytes(paths[index]!), close: () => 0 } : readAhead(paths);
}

/**
 * A reader helped by a worker. `mainThreadReads: false` leaves every file to the worker (a test
 * proves with it that the worker says the same as this thread of every file).
 */
export function readAhead(paths: readonly string[], options: { readonly mainThreadReads?: boolean } = {}): SourceReader {
  return new ReadAhead(paths, options.mainThreadReads ?? true);
}

/** Waiting longer than this for a batch, this thread reads the rest itself (a worker that died while reading). */
const stallMs = 5000;

class ReadAhead implements SourceReader {
  private readonly shared = new Int32Array(new SharedArrayBuffer(4 * Object.keys(slot).length));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly received: (ReadAheadBatch | undefined)[];
  private readonly batch = 64;
  private stalled = false;
  private fromWorker = 0;

  constructor(private readonly paths: readonly string[], private readonly mainThreadReads: boolean) {
    this.received = new Array<ReadAheadBatch | undefined>(paths.length);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: ReadAheadData & { port: MessagePort } = { paths, shared: this.shared.buffer as SharedArrayBuffer, batch: this.batch, window: 16 * this.batch, port: port2 };
    // Beside this module: dist/lazy in the bundles, out/src/core/analysis when compiled by tsc.
    this.worker = new Worker(path.join(__dirname, 'readAheadWorker.js'), { workerData, transferList: [port2] });
    // Never what keeps the process alive; a worker that cannot start claims nothing, so this
    // thread reads every file itself (the same results, only slower).
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  read(index: number): SourceBytes {
    if (index % this.batch === 0) {
      Atomics.store(this.shared, slot.parsed, index);
      Atomics.notify(this.shared, slot.parsed);
    }
    let batch = this.received[index];
    if (!batch && !this.stalled && !this.claim(index)) batch = this.awaitBatch(index);
    if (!batch) return readMigrationBytes(this.paths[index]!);
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

  /** Whether this thread takes the file itself: only one the worker has not claimed yet. */
  private claim(index: number): boolean {
    return this.mainThreadReads && Atomics.compareExchange(this.shared, slot.next, index, index + 1) === index;
  }

  /** The batch holding the file the worker claimed, or undefined when it will not come. */
  private awaitBatch(index: number): ReadAheadBatch | undefined {
    for (;;) {
      const posted = Atomics.load(this.shared, slot.posted);
      const message = receiveMessageOnPort(this.port);
      if (message) {
        const batch = message.message as ReadAheadBatch;
        for (let k = 0; k < batch.problems.length; k++) this.received[batch.start + k] = batch;
        if (this.received[index]) return this.received[index];
        continue;
      }
      if (Atomics.load(this.shared, slot.done) === 1) return undefined;
      if (Atomics.wait(this.shared, slot.posted, posted, stallMs) === 'timed-out') {
        this.stalled = true;
        return undefined;
      }
    }
  }
}
