// A private MariaDB (privateMariadb.ts) that accepts TLS connections only, with a server
// certificate signed by a generated certificate authority; another authority, which signed
// nothing, beside it. stop() ends it and removes its certificates.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { startPrivateMariadb } from './privateMariadb';

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

export async function startTlsMariadb(): Promise<TlsMariadb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tls-mariadb-'));
  certificates(dir);
  const ca = path.join(dir, 'ca.pem');
  const server = await startPrivateMariadb([
    `--ssl-ca=${ca}`, `--ssl-cert=${path.join(dir, 'server.pem')}`, `--ssl-key=${path.join(dir, 'server.key')}`,
    // Every TCP connection must be a TLS one: a client that fell back to plain text would be refused.
    '--require-secure-transport=ON',
  ]).catch((error: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const { port } = server;
  const connect = () => mysql.createConnection({ host: '127.0.0.1', port, user: 'root', ssl: { ca: fs.readFileSync(ca, 'latin1'), rejectUnauthorized: true } });
  return {
    port, dir, ca, otherCa: path.join(dir, 'other.pem'), connect,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
