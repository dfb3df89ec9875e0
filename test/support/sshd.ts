// A real OpenSSH server for the SSH tests: Debian's sshd, run as a child with its own config on
// a loopback port, a generated host key and a generated user key; stop() ends it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, untilListening } from './localServer';

export const sshdBinary = process.env.MD_TEST_SSHD ?? '/usr/sbin/sshd';

export interface TestSshd {
  readonly port: number;
  readonly dir: string;
  /** The server's public host key line (`ssh-ed25519 AAAA...`). */
  readonly hostPublicKey: string;
  /** Its SHA256 fingerprint as ssh-keygen prints it. */
  readonly hostFingerprint: string;
  /** A private key the server accepts, and one it does not. */
  readonly userKey: string;
  readonly otherKey: string;
  readonly user: string;
  /** A known_hosts file holding the server's key. */
  knownHosts(name?: string): string;
  stop(): Promise<void>;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'md-test', '-f', file], { stdio: 'ignore' });
}

export async function startSshd(): Promise<TestSshd> {
  if (!fs.existsSync(sshdBinary)) throw new Error(`${sshdBinary} is missing: run scripts/install-test-deps.sh (openssh-server).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-sshd-'));
  fs.chmodSync(dir, 0o700);
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(dir, 'user_ed25519');
  const otherKey = path.join(dir, 'other_ed25519');
  for (const key of [hostKey, userKey, otherKey]) keygen(key);
  fs.writeFileSync(path.join(dir, 'authorized_keys'), fs.readFileSync(`${userKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const user = os.userInfo().username;
  // Privilege separation needs its empty directory.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password', 'AllowTcpForwarding yes',
    `AllowUsers ${user}`, 'LogLevel ERROR', '',
  ].join('\n'));
  const child: ChildProcess = spawn(sshdBinary, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when the port accepts a connection.
  if (!(await untilListening(child, port, 100, 50))) {
    child.kill();
    throw new Error(`sshd did not start: ${stderr}`);
  }
  const hostPublicKey = fs.readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const hostFingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(/\s+/)[1]!;
  return {
    port, dir, hostPublicKey, hostFingerprint, userKey, otherKey, user,
    knownHosts: (name = `[127.0.0.1]:${port}`) => {
      const file = path.join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(file, `${name} ${hostPublicKey}\n`);
      return file;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
