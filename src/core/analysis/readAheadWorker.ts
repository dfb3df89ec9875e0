// The read-ahead worker (src/core/analysis/readAhead.ts): claims the next files in batches, reads
// each with the main thread's own readMigrationBytes, and posts each batch's bytes in one buffer.
import { workerData, type MessagePort } from 'node:worker_threads';
import { readMigrationBytes } from './readSource';
import { slot, type ReadAheadBatch, type ReadAheadData } from './readAhead';

const { paths, shared: memory, port, batch, window } = workerData as ReadAheadData & { port: MessagePort };
const shared = new Int32Array(memory);

for (;;) {
  // Never more than `window` files ahead of the parse: the bytes wait in memory until parsed.
  const parsed = Atomics.load(shared, slot.parsed);
  if (Atomics.load(shared, slot.next) - parsed >= window) {
    Atomics.wait(shared, slot.parsed, parsed, 1000);
    continue;
  }
  const start = Atomics.add(shared, slot.next, batch);
  if (start >= paths.length) break;
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
port.close();
