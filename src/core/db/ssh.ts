// A database reached through SSH: a tunnel on a loopback port of this machine, so that every
// client of the connection (mysql2, mysqldump, the mysql client of a restore) goes through it
// and never connects directly. The server's host key is checked against known_hosts as `ssh`
// does: an unknown key is refused unless accepted explicitly, a changed key always.
// Never imports 'vscode'.
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from '../asyncFs';
import { dirname } from 'node:path';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { message, type Message } from '../messages/catalog';
import { hostProblem } from './database';
import { DatabaseError } from './errors';

export interface SshOptions {
  /** A host name, an address, or a Host alias of the ssh config file. */
  readonly host: string;
  readonly port?: number;
  readonly username?: string;
  readonly privateKeyPath?: string;
  /** Use the agent of SSH_AUTH_SOCK. */
  readonly agent?: string;
  readonly passphrase?: string;
  readonly knownHostsPath: string;
  /** The ssh config file for host aliases (~/.ssh/config); absent: none. */
  readonly configPath?: string;
  /** Accept a host key known_hosts does not have, and add it there (ssh's accept-new). */
  readonly acceptNewHostKey?: boolean;
  /**
   * Accept an unknown host key only if it has this fingerprint (`SHA256:...`): the one a person was
   * shown and accepted. Another key (replaced meanwhile) is refused as unknown again.
   */
  readonly acceptHostKeyFingerprint?: string;
  readonly connectTimeoutMs?: number;
}

export interface SshTunnel {
  /** Where the database is reached on this machine. */
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `user@host:port` of the SSH server, for messages. */
  readonly via: string;
  close(): Promise<void>;
}

const sshError = (sentence: Message, nextStep: Message, code?: string) => new DatabaseError('configuration', sentence, nextStep, code);

/** A host key known_hosts does not have: what to show a person who may accept it. */
export class UnknownHostKeyError extends DatabaseError {
  constructor(sentence: Message, nextStep: Message, readonly host: string, readonly keyType: string, readonly fingerprint: string, readonly knownHostsPath: string) {
    super('configuration', sentence, nextStep, 'host-key-unknown');
  }
}

/** Opens the SSH connection and a loopback listener forwarding to `target` as seen from the SSH server. */
export async function openSshTunnel(ssh: SshOptions, target: { host: string; port: number }, environment: NodeJS.ProcessEnv = {}): Promise<SshTunnel> {
  const alias = ssh.configPath ? await readSshConfig(ssh.configPath, ssh.host) : {};
  const host = alias.hostName ?? ssh.host;
  // The SSH server and the database behind it: each would be reached only up to a NUL.
  for (const name of [ssh.host, host, target.host]) {
    const problem = hostProblem(name);
    if (problem) throw new DatabaseError('configuration', problem, message('connection.unknownHostNext'));
  }
  const port = ssh.port ?? alias.port ?? 22;
  const username = ssh.username ?? alias.user ?? environment.USER ?? 'root';
  const keyPath = ssh.privateKeyPath ?? alias.identityFile;
  const via = `${username}@${ssh.host}${port === 22 ? '' : `:${port}`}`;
  let privateKey: Buffer | undefined;
  if (keyPath) {
    try {
      privateKey = await readFile(keyPath);
    } catch (error) {
      throw sshError(message('ssh.keyUnreadable', keyPath, (error as Error).message), message('ssh.keyUnreadableNext'));
    }
  }
  const known = await readKnownHosts(ssh.knownHostsPath);
  const hostNames = port === 22 ? [host, ssh.host] : [`[${host}]:${port}`, `[${ssh.host}]:${port}`];
  let verdict: DatabaseError | undefined;
  let accepted: { line: string; fingerprint: string } | undefined;
  // Required here, not at the top: a connection without a tunnel never needs ssh2's 700 kB. (require, not
  // import(), as for mysql2 in database.ts: the bundle redirects it to a lazy CommonJS file.)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('ssh2') as typeof import('ssh2');
  const client = new Client();
  const ready = new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (error: Error & { level?: string; code?: string }) => reject(verdict ?? connectError(error, via, keyPath)));
  });
  client.connect({
    host, port, username, privateKey, passphrase: ssh.passphrase, agent: ssh.agent,
    readyTimeout: ssh.connectTimeoutMs ?? 10_000,
    hostVerifier: (key: Buffer) => {
      const check = checkHostKey(known, hostNames, key);
      if (check.kind === 'known') return true;
      const fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
      if (check.kind === 'changed') {
        verdict = sshError(message('ssh.hostKeyChanged', hostNames[0]!, keyType(key), fingerprint, ssh.knownHostsPath, check.line),
          message('ssh.hostKeyChangedNext', check.line, ssh.knownHostsPath), 'host-key-changed');
        return false;
      }
      if (!ssh.acceptNewHostKey && ssh.acceptHostKeyFingerprint !== fingerprint) {
        verdict = new UnknownHostKeyError(message('ssh.hostKeyUnknown', hostNames[0]!, ssh.knownHostsPath, keyType(key), fingerprint), message('ssh.hostKeyUnknownNext'),
          hostNames[0]!, keyType(key), fingerprint, ssh.knownHostsPath);
        return false;
      }
      accepted = { line: `${hostNames[0]} ${keyType(key)} ${key.toString('base64')}\n`, fingerprint };
      return true;
    },
  });
  // The SSH connection is ended on every failure from here on: left open, it keeps the process alive.
  try {
    await ready;
    if (accepted) await remember(ssh.knownHostsPath, accepted.line, accepted.fingerprint);
    return await forward(client, target, via);
  } catch (error) {
    client.end();
    throw error;
  }
}

/** Adds an accepted host key to known_hosts; a file that cannot be written is said as such. */
async function remember(knownHostsPath: string, line: string, fingerprint: string): Promise<void> {
  try {
    // As ssh does, the first accepted key creates ~/.ssh.
    await mkdir(dirname(knownHostsPath), { recursive: true, mode: 0o700 });
    await appendFile(knownHostsPath, line, { mode: 0o600 });
  } catch (error) {
    throw sshError(message('ssh.knownHostsUnwritable', fingerprint, knownHostsPath, (error as Error).message), message('ssh.knownHostsUnwritableNext'));
  }
}

/** A loopback listener whose every connection is forwarded to `target` over the SSH connection. */
async function forward(client: import('ssh2').Client, target: { host: string; port: number }, via: string): Promise<SshTunnel> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    client.forwardOut('127.0.0.1', socket.remotePort ?? 0, target.host, target.port, (error, stream) => {
      if (error) {
        socket.destroy();
        return;
      }
      socket.pipe(stream).pipe(socket);
      stream.once('close', () => socket.destroy());
      socket.once('close', () => stream.destroy());
    });
  });
  client.once('close', () => server.close());
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    via,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.end();
    },
  };
}

function connectError(error: Error & { level?: string; code?: string }, via: string, keyPath: string | undefined): DatabaseError {
  if (error.level === 'client-authentication') {
    return new DatabaseError('access-denied', keyPath ? message('ssh.authRefusedKey', via, keyPath) : message('ssh.authRefused', via), message('ssh.authRefusedNext'), 'ssh-auth');
  }
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT') {
    return new DatabaseError('timeout', message('ssh.timeout', via), message('ssh.timeoutNext'), error.code);
  }
  if (/encrypted|passphrase|parse privateKey|Unsupported key/i.test(error.message)) {
    return sshError(message('ssh.keyUnusable', error.message), message('ssh.keyUnusableNext'), 'ssh-key');
  }
  return new DatabaseError('unreachable', message('ssh.unreachable', via, error.code ?? error.message), message('ssh.unreachableNext'), error.code);
}

/** The database refused or dropped a connection that the tunnel opened: said as such, not as an unreachable host. */
export function tunnelledDatabaseError(error: DatabaseError, tunnel: SshTunnel, target: { host: string; port: number }): DatabaseError {
  if (error.kind !== 'unreachable' && error.kind !== 'connection-lost' && error.kind !== 'timeout') return error;
  return new DatabaseError(error.kind, message('ssh.tunnelRefused', tunnel.via, `${target.host}:${target.port}`), message('ssh.tunnelRefusedNext'), error.code);
}

interface KnownHost { readonly hosts: string; readonly type: string; readonly key: string; readonly line: number }

async function readKnownHosts(file: string): Promise<KnownHost[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw sshError(message('ssh.knownHostsUnreadable', file, (error as Error).message), message('ssh.knownHostsUnreadableNext'));
  }
  const entries: KnownHost[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]!.startsWith('#')) return;
    // Markers (@cert-authority, @revoked) are not read: such a line matches nothing.
    if (fields[0]!.startsWith('@')) return;
    entries.push({ hosts: fields[0]!, type: fields[1]!, key: fields[2]!, line: i + 1 });
  });
  return entries;
}

function hostMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    return createHmac('sha1', Buffer.from(salt ?? '', 'base64')).update(name).digest('base64') === hash;
  }
  return pattern.split(',').some((p) => !p.startsWith('!') && new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.').replace(/\[/g, '\\[').replace(/\]/g, '\\]')}$`, 'i').test(name));
}

/** The key type is the first string of the key blob (ssh-ed25519, ecdsa-sha2-nistp256, ...). */
function keyType(key: Buffer): string {
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('latin1');
}

function checkHostKey(known: readonly KnownHost[], names: readonly string[], key: Buffer): { kind: 'known' } | { kind: 'unknown' } | { kind: 'changed'; line: number } {
  const type = keyType(key);
  const blob = key.toString('base64');
  const forHost = known.filter((entry) => names.some((name) => hostMatches(entry.hosts, name)));
  if (forHost.some((entry) => entry.type === type && entry.key === blob)) return { kind: 'known' };
  // Another key of the same type for this host: replaced. A key of another type only proves nothing.
  const other = forHost.find((entry) => entry.type === type);
  return other ? { kind: 'changed', line: other.line } : { kind: 'unknown' };
}

interface SshConfigHost { hostName?: string; port?: number; user?: string; identityFile?: string }

/** The HostName, Port, User and IdentityFile the ssh config gives `alias` (first value wins, as in ssh). */
export async function readSshConfig(file: string, alias: string): Promise<SshConfigHost> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  const result: SshConfigHost = {};
  let applies = true;
  for (const raw of text.split('\n')) {
    const match = /^\s*(\w+)\s*=?\s*(.*?)\s*$/.exec(raw);
    if (!match || raw.trim().startsWith('#')) continue;
    const keyword = match[1]!.toLowerCase();
    const value = match[2]!.replace(/^"(.*)"$/, '$1');
    if (keyword === 'host') {
      const patterns = value.split(/\s+/);
      applies = patterns.some((p) => !p.startsWith('!') && hostMatches(p, alias)) && !patterns.some((p) => p.startsWith('!') && hostMatches(p.slice(1), alias));
    } else if (keyword === 'match') {
      applies = false;
    } else if (applies) {
      if (keyword === 'hostname') result.hostName ??= value.replace(/%h/g, alias);
      else if (keyword === 'port') result.port ??= Number(value);
      else if (keyword === 'user') result.user ??= value;
      else if (keyword === 'identityfile') result.identityFile ??= value.replace(/^~(?=\/)/, process.env.HOME ?? '~');
    }
  }
  return result;
}
