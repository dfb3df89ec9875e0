// A server of the test's own (sshd, a private mariadbd) run as a child on a loopback port: a port
// free to give it, and the wait until it accepts connections.
import type { ChildProcess } from 'node:child_process';
import * as net from 'node:net';

/** A loopback port no one listens on now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Whether `child` came to accept connections on `port` (it listens once ready), asked every
 * `intervalMs` up to `attempts` times; false as soon as it exited.
 */
export async function untilListening(child: ChildProcess, port: number, attempts: number, intervalMs: number): Promise<boolean> {
  for (let attempt = 0; attempt <= attempts; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    if (child.exitCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
