// A private MariaDB that accepts TLS connections only: Debian's mariadbd, run as a child on a
// loopback port with a data folder of its own and a server certificate signed by a generated
// certificate authority; another authority, which signed nothing, beside it. stop() ends it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';

export const mariadbdBinary = process.env.MD_TEST_MARIADBD ?? '/usr/sbin/mariadbd';

export interface TlsMariadb {
  readonly port: number;
  readonly dir: string;
  /** The authority that signed the server's certificate (PEM file), and one that did not. */
  readonly ca: string;
  readonly otherCa: string;
  /** A connection as root over TLS, verified against `ca`; the caller closes it. */
  connect(): Promise<mysql.Connection>;
  stop(): Promise<void>;
}

function openssl(dir: string, args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed (${(error as Error).message}): run scripts/install-test-deps.sh (openssl).`);
  }
}

/** ca.pem and other.pem (self-signed authorities), server.pem/server.key for 127.0.0.1 and localhost, signed by ca.pem. */
function certificates(dir: string): void {
  for (const name of ['ca', 'other']) {
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=migration-doctor test ${name}`]);
  }
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startTlsMariadb(): Promise<TlsMariadb> {
  if (!fs.existsSync(mariadbdBinary)) throw new Error(`${mariadbdBinary} is missing: run scripts/install-test-deps.sh (mariadb-server).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tls-mariadb-'));
  certificates(dir);
  const data = path.join(dir, 'data');
  // mariadbd refuses to run as root unless told to.
  const asUser = process.getuid?.() === 0 ? ['--user=root'] : [];
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, ...asUser, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' });
  const port = await freePort();
  const child: ChildProcess = spawn(mariadbdBinary, ['--no-defaults', `--datadir=${data}`, ...asUser, `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${path.join(dir, 'mariadbd.sock')}`, `--pid-file=${path.join(dir, 'mariadbd.pid')}`, '--skip-log-bin',
    `--ssl-ca=${path.join(dir, 'ca.pem')}`, `--ssl-cert=${path.join(dir, 'server.pem')}`, `--ssl-key=${path.join(dir, 'server.key')}`,
    // Every TCP connection must be a TLS one: a client that fell back to plain text would be refused.
    '--require-secure-transport=ON'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ca = path.join(dir, 'ca.pem');
  const connect = () => mysql.createConnection({ host: '127.0.0.1', port, user: 'root', ssl: { ca: fs.readFileSync(ca, 'latin1'), rejectUnauthorized: true } });
  for (let attempt = 0; ; attempt++) {
    const ready = await connect().then(async (connection) => { await connection.end(); return true; }, () => false);
    if (ready) break;
    if (child.exitCode !== null || attempt > 300) {
      child.kill();
      await exited;
      throw new Error(`mariadbd did not start: ${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port, dir, ca, otherCa: path.join(dir, 'other.pem'), connect,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
