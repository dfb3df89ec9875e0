// A TCP proxy on loopback in front of the test server that breaks the connection at a chosen
// query, the way a network or a server does: the reply lost after the server ran the query,
// the query lost before it reached the server, or the connection lost and every new one
// refused. It reads only the MySQL packet framing (3-byte length, sequence number) and counts
// the COM_QUERY commands of every connection through it, in the order they arrive.
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { testServer } from './database';
import { laravelAppDir } from './laravel';

export type FaultMode =
  /** The server runs the query; its reply never reaches the client (both ends are cut). */
  | 'lose-reply'
  /** The query never reaches the server; the connection is cut. */
  | 'drop-query'
  /** As lose-reply, and from then on every new connection is refused. */
  | 'refuse-reconnect';

export interface SeenQuery {
  /** 1-based, over every connection through the proxy. */
  readonly n: number;
  readonly connection: number;
  readonly sql: string;
}

export interface FaultProxy {
  readonly port: number;
  /** Every query seen so far (the faulted one included). */
  readonly queries: readonly SeenQuery[];
  /** Breaks the connection at query `n` (1-based) in `mode`. */
  faultAt(n: number, mode: FaultMode): void;
  /** Holds the first query matching `pattern` until the returned release is called; resolves when it is held. */
  hold(pattern: RegExp): { readonly held: Promise<SeenQuery>; release(): void };
  /**
   * From now on a client's QUIT is dropped and its connection left open, as by a server or a
   * network gone silent after its last answer: only the client can end it.
   */
  swallowQuit(): void;
  /**
   * At the first query matching `pattern`, the server goes silent, as a hung server or a cut
   * network: that query and everything after it, on every connection, gets no answer, and a
   * new connection is accepted but never greeted. Resolves with the query once it happened.
   */
  freezeOn(pattern: RegExp): Promise<SeenQuery>;
  /** Resolves once no client connection through the proxy is open. */
  clientsClosed(): Promise<void>;
  close(): Promise<void>;
}

const comQuery = 0x03;
const comQuit = 0x01;

export async function startFaultProxy(target = testServer()): Promise<FaultProxy> {
  const queries: SeenQuery[] = [];
  const sockets = new Set<net.Socket>();
  let fault: { n: number; mode: FaultMode } | undefined;
  let holding: { pattern: RegExp; resolve: (q: SeenQuery) => void; released: Promise<void> } | undefined;
  let connections = 0;
  let quitSwallowed = false;
  let frozen = false;
  let freezing: { pattern: RegExp; resolve: (q: SeenQuery) => void } | undefined;
  const clients = new Set<net.Socket>();
  const allClosed: (() => void)[] = [];

  const server = net.createServer((client) => {
    const id = ++connections;
    if (frozen) {
      sockets.add(client);
      clients.add(client);
      client.on('error', () => client.destroy());
      client.on('close', () => {
        sockets.delete(client);
        clients.delete(client);
        if (clients.size === 0) for (const resolve of allClosed.splice(0)) resolve();
      });
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    clients.add(client);
    client.on('close', () => {
      clients.delete(client);
      if (clients.size === 0) for (const resolve of allClosed.splice(0)) resolve();
    });
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => { sockets.delete(client); upstream.destroy(); });
    upstream.on('close', () => { sockets.delete(upstream); client.destroy(); });
    client.on('error', cut);
    upstream.on('error', cut);
    let replyLost = false;
    upstream.on('data', (chunk: Buffer) => {
      if (replyLost) cut();
      else if (!frozen) client.write(chunk);
    });

    // Client -> server: whole packets, one at a time, so a held or faulted query stops the stream there.
    let pending = Buffer.alloc(0);
    let busy = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const packets: Buffer[] = [];
      while (pending.length >= 4) {
        const length = pending.readUIntLE(0, 3);
        if (pending.length < 4 + length) break;
        packets.push(pending.subarray(0, 4 + length));
        pending = pending.subarray(4 + length);
      }
      busy = busy.then(async () => {
        for (const packet of packets) {
          if (client.destroyed || upstream.destroyed || frozen) return;
          const isQuery = packet[3] === 0 && packet[4] === comQuery;
          if (quitSwallowed && packet[3] === 0 && packet[4] === comQuit) return;
          if (!isQuery) {
            upstream.write(packet);
            continue;
          }
          const seen: SeenQuery = { n: queries.length + 1, connection: id, sql: packet.subarray(5).toString('utf8') };
          queries.push(seen);
          if (freezing && freezing.pattern.test(seen.sql)) {
            frozen = true;
            freezing.resolve(seen);
            return;
          }
          if (holding && holding.pattern.test(seen.sql)) {
            const { resolve, released } = holding;
            holding = undefined;
            resolve(seen);
            await released;
          }
          if (fault?.n === seen.n) {
            if (fault.mode === 'drop-query') {
              cut();
              return;
            }
            replyLost = true;
            if (fault.mode === 'refuse-reconnect') server.close();
          }
          upstream.write(packet);
        }
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    queries,
    faultAt(n, mode) { fault = { n, mode }; },
    hold(pattern) {
      let release!: () => void;
      const released = new Promise<void>((r) => { release = r; });
      const held = new Promise<SeenQuery>((resolve) => { holding = { pattern, resolve, released }; });
      return { held, release };
    },
    swallowQuit() { quitSwallowed = true; },
    freezeOn(pattern) {
      return new Promise<SeenQuery>((resolve) => { freezing = { pattern, resolve }; });
    },
    clientsClosed() {
      return clients.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => { allClosed.push(resolve); });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The read and connect limits the CLI is given through a proxy: short, so a silence is seen at once. */
// Long enough that a loaded machine (a CI beside other test runs) does not make a healthy
// program silent this long (mysqldump starting, a query queued), short enough to keep the suites quick.
export const silenceLimits = { readTimeoutMs: 1500, connectTimeoutMs: 3000 };
/** The read timeout as the product's sentences write it ("1.5 s"), escaped for a RegExp. */
export const silenceText = `${silenceLimits.readTimeoutMs / 1000} s`.replace('.', '\\.');

export interface Ended { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly out: string; readonly err: string }

/** The built CLI in a child, run in the fixture Laravel app through `proxy`; it must end by itself (killed after `killAfterMs`: the failure). */
export async function cliThrough(proxy: FaultProxy, database: string, args: readonly string[], killAfterMs: number): Promise<Ended> {
  const server = testServer();
  const mainJs = path.resolve(__dirname, '../../src/cli/main.js');
  const child = spawn(process.execPath, [mainJs, ...args,
    '--host', '127.0.0.1', '--port', String(proxy.port), '--user', server.user, '--database', database,
    '--read-timeout', String(silenceLimits.readTimeoutMs), '--connect-timeout', String(silenceLimits.connectTimeoutMs),
  ], { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: server.password }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
  const guard = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  try {
    return await new Promise<Ended>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  } finally {
    clearTimeout(guard);
  }
}
