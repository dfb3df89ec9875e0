// A fake MySQL server on loopback that misbehaves the way a hostile or broken one does: a greeting
// that never ends, a greeting declaring a 16 MB packet then sending it a byte at a time, a server
// that accepts and says nothing, or one that completes the handshake and answers the first query
// with a row declared 1 GB long. It counts the bytes it managed to write before the client closed:
// what a client buffered is at most that, so a bounded count is bounded memory, whatever the load.
import * as net from 'node:net';

export type HostileMode = 'endless-greeting' | 'dripping-greeting' | 'silent' | 'huge-row';

export interface HostileOptions {
  /** huge-row: the row's declared length (default 1 GB); once sent whole, the result ends as a server's would. */
  readonly rowBytes?: number;
  /**
   * A connection is cut once this many bytes were written to it (default 256 MB): a client that
   * buffers without limit then fails as a lost connection, and a test run before a fix ends.
   */
  readonly stopAfterBytes?: number;
}

export interface HostileServer {
  readonly port: number;
  /** Bytes written to clients so far, over every connection. */
  readonly bytesWritten: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Resolves once every accepted connection was closed by the client (or reset). */
  clientsClosed(): Promise<void>;
  close(): Promise<void>;
}

/** The largest payload of one protocol packet: a longer one goes on in the packets after it. */
const partMax = 0xffffff;

function packet(sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence & 0xff;
  return Buffer.concat([header, payload]);
}

function header(length: number, sequence: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUIntLE(length, 0, 3);
  bytes[3] = sequence & 0xff;
  return bytes;
}

/** A protocol-10 greeting as MariaDB sends it, offering mysql_native_password and no TLS. */
function greeting(): Buffer {
  const capabilities = 0x1 | 0x2 | 0x4 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x20000 | 0x80000;
  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from('5.5.5-10.11.6-MariaDB\0', 'latin1'),
    Buffer.from([7, 0, 0, 0]),
    Buffer.from('abcdefgh', 'latin1'), Buffer.from([0]),
    Buffer.from([capabilities & 0xff, (capabilities >> 8) & 0xff]),
    Buffer.from([45]),
    Buffer.from([2, 0]),
    Buffer.from([(capabilities >> 16) & 0xff, (capabilities >> 24) & 0xff]),
    Buffer.from([21]),
    Buffer.alloc(10),
    Buffer.from('ijklmnopqrst\0', 'latin1'),
    Buffer.from('mysql_native_password\0', 'latin1'),
  ]);
  return packet(0, payload);
}

const ok = (sequence: number): Buffer => packet(sequence, Buffer.from([0, 0, 0, 2, 0, 0, 0]));

function lengthEncoded(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

/** A result set's head: one text column, then the EOF that ends the column definitions. */
function resultHead(): Buffer {
  const column = Buffer.concat([
    ...['def', '', '', '', 'value', ''].map(lengthEncoded),
    Buffer.from([0x0c, 45, 0, 0xff, 0xff, 0xff, 0xff, 0xfc, 0, 0, 0, 0, 0]),
  ]);
  return Buffer.concat([packet(1, Buffer.from([1])), packet(2, column), packet(3, Buffer.from([0xfe, 0, 0, 2, 0]))]);
}

/**
 * Writes `total` bytes of payload as one logical packet from sequence `sequence` on, in parts of
 * 16 MB less one byte, each piece written once the socket drained (as fast as the client reads),
 * until the client goes; then calls `done` with the next sequence number. `first` is the start of
 * the payload.
 */
function floodPacket(socket: net.Socket, sequence: number, first: Buffer, total: number, write: (bytes: Buffer) => boolean, done: (next: number) => void = () => undefined): void {
  const filler = Buffer.alloc(1 << 20, 0x61);
  let sent = 0;
  let part = sequence;
  let partLeft = 0;
  let lastPart = -1;
  const pump = (): void => {
    while (!socket.destroyed && (sent < total || lastPart === partMax)) {
      if (partLeft === 0) {
        // A payload that is an exact multiple of the part size ends with an empty part.
        partLeft = lastPart = Math.min(partMax, total - sent);
        write(header(partLeft, part++));
        if (sent === 0) {
          write(first);
          sent += first.length;
          partLeft -= first.length;
        }
        if (partLeft === 0) continue;
      }
      const piece = filler.subarray(0, Math.min(filler.length, partLeft));
      sent += piece.length;
      partLeft -= piece.length;
      if (!write(piece)) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!socket.destroyed) done(part);
  };
  pump();
}

export async function startHostileServer(mode: HostileMode, options: HostileOptions = {}): Promise<HostileServer> {
  const stopAfter = options.stopAfterBytes ?? 256 * 1024 * 1024;
  let bytesWritten = 0;
  let accepted = 0;
  const open = new Set<net.Socket>();
  const waiting: (() => void)[] = [];
  const server = net.createServer((socket) => {
    accepted++;
    open.add(socket);
    const timers: NodeJS.Timeout[] = [];
    let written = 0;
    const write = (bytes: Buffer | string): boolean => {
      if (socket.destroyed) return false;
      if (written >= stopAfter) {
        socket.destroy();
        return false;
      }
      written += bytes.length;
      bytesWritten += bytes.length;
      return socket.write(bytes);
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      for (const timer of timers) clearInterval(timer);
      open.delete(socket);
      if (open.size === 0) for (const resolve of waiting.splice(0)) resolve();
    });
    if (mode === 'silent') return;
    if (mode === 'endless-greeting') {
      // The greeting's first bytes, then parts of 16 MB that never end.
      floodPacket(socket, 0, greeting().subarray(4), Number.MAX_SAFE_INTEGER, write);
      return;
    }
    if (mode === 'dripping-greeting') {
      write(header(partMax - 1, 0));
      write(Buffer.from([10]));
      timers.push(setInterval(() => write('a'), 50));
      return;
    }
    // huge-row: greet, accept any credentials, answer the first query with a row declared 1 GB long.
    write(greeting());
    let stage: 'auth' | 'query' | 'flooding' = 'auth';
    socket.on('data', (chunk: Buffer) => {
      if (stage === 'auth') {
        stage = 'query';
        write(ok(chunk[3]! + 1));
      } else if (stage === 'query' && chunk[4] === 0x03) {
        stage = 'flooding';
        write(resultHead());
        const declared = options.rowBytes ?? 1 << 30;
        const lengthPrefix = Buffer.alloc(9);
        lengthPrefix[0] = 0xfe;
        lengthPrefix.writeBigUInt64LE(BigInt(declared), 1);
        floodPacket(socket, 4, lengthPrefix, declared + lengthPrefix.length, write, (next) => {
          // The row came whole: the result ends, and the next query gets a row of the same length.
          write(packet(next, Buffer.from([0xfe, 0, 0, 2, 0])));
          stage = 'query';
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    get bytesWritten() { return bytesWritten; },
    get accepted() { return accepted; },
    clientsClosed: () => (open.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
