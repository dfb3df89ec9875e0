// A MariaDB server of the test's own, on a loopback port with a data directory of its own: for
// tests that change server-wide settings (SET GLOBAL max_allowed_packet), which on the shared
// test server would change them for every test running beside. stop() ends it and removes it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ConnectionOptions } from '../../src/core/db/database';
import { freePort, untilListening } from './localServer';

const mariadbd = process.env.MD_TEST_MARIADBD ?? '/usr/sbin/mariadbd';
const installDb = process.env.MD_TEST_MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';

export interface PrivateMariadb {
  readonly port: number;
  /** root, without a password, on `database`. */
  options(database: string): ConnectionOptions;
  stop(): Promise<void>;
}

export async function startPrivateMariadb(settings: readonly string[] = []): Promise<PrivateMariadb> {
  for (const binary of [mariadbd, installDb]) if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: install mariadb-server.`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-mariadb-'));
  const data = path.join(dir, 'data');
  const user = os.userInfo().username;
  await promisify(execFile)(installDb, ['--no-defaults', `--datadir=${data}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const port = await freePort();
  const child: ChildProcess = spawn(mariadbd, [
    '--no-defaults', `--datadir=${data}`, `--user=${user}`, `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${path.join(dir, 'sock')}`, `--pid-file=${path.join(dir, 'pid')}`, '--skip-log-bin', ...settings,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Ready when the port accepts a connection (the server listens once recovery is done).
  if (!(await untilListening(child, port, 600, 100))) {
    await stop();
    throw new Error(`mariadbd did not start: ${stderr}`);
  }
  return {
    port,
    options: (database) => ({
      name: 'private', host: '127.0.0.1', port, user: 'root', password: '', database,
      migrationsTable: 'migrations', tablePrefix: '', production: false, connectTimeoutMs: 10_000,
    }),
    stop,
  };
}
