// The worker of src/core/analysis/readAhead.ts. Reading ahead: claims the next files in batches,
// reads each with the main thread's own readMigrationBytes, and posts each batch's bytes in one
// buffer. Parsing: claims batches of files from the last one down, reads and parses each with the
// main thread's own readMigrationFile, posts each batch's results, and stops where the main thread has come.
import { workerData, type MessagePort } from 'node:worker_threads';
import { readMigrationBytes, readMigrationFile } from './readSource';
import { slot, type ParsedBatch, type ReadAheadBatch, type WorkerData } from './readAhead';
import type { MigrationFile } from './types';

const { mode, paths, shared: memory, port, batch, window } = workerData as WorkerData & { port: MessagePort };
const shared = new Int32Array(memory);

if (mode === 'parse') parse();
else readAhead();
port.close();

function parse(): void {
  for (;;) {
    const back = Atomics.load(shared, slot.back);
    const front = Atomics.load(shared, slot.front);
    if (back <= front) return;
    const start = Math.max(front, back - batch);
    if (Atomics.compareExchange(shared, slot.back, back, start) !== back) continue;
    const files = new Array<MigrationFile | null>(back - start).fill(null);
    // From the top of the batch down: its first files are the ones the main thread may reach first.
    for (let i = back - 1; i >= start && i >= Atomics.load(shared, slot.front); i--) files[i - start] = readMigrationFile(paths[i]!);
    const message: ParsedBatch = { start, files };
    port.postMessage(message);
  }
}

function readAhead(): void {
  for (;;) {
    // Never more than `window` files ahead of the parse: the bytes wait in memory until parsed.
    const parsed = Atomics.load(shared, slot.parsed);
    if (Atomics.load(shared, slot.next) - parsed >= window) {
      Atomics.wait(shared, slot.parsed, parsed, 1000);
      continue;
    }
    const start = Atomics.add(shared, slot.next, batch);
    if (start >= paths.length) return;
    const read = paths.slice(start, start + batch).map(readMigrationBytes);
    const offsets = new Int32Array(read.length + 1);
    for (let k = 0; k < read.length; k++) {
      const r = read[k]!;
      offsets[k + 1] = offsets[k]! + ('bytes' in r ? r.bytes.length : 0);
    }
    const bytes = new Uint8Array(offsets[read.length]!);
    for (let k = 0; k < read.length; k++) {
      const r = read[k]!;
      if ('bytes' in r) bytes.set(r.bytes, offsets[k]);
    }
    const message: ReadAheadBatch = { start, bytes, offsets, problems: read.map((r) => ('problem' in r ? r.problem : null)) };
    port.postMessage(message, [bytes.buffer]);
  }
}
