// --ssh: the command runs against a tunnel opened for its whole duration; every connection it
// opens (and mysqldump or the mysql client of a restore) goes to the tunnel's loopback port.
import * as path from 'node:path';
import type { ConnectionOptions } from '../core/db/database';
import { DatabaseError } from '../core/db/errors';
import { openSshTunnel, tunnelledDatabaseError } from '../core/db/ssh';
import { positiveInteger } from './args';
import type { ConnectionFlags } from './connectionOptions';
import { CliIo, UsageError } from './io';
import { onInterrupt } from './lifecycle';

export async function withSshTunnel<R>(flags: ConnectionFlags, options: ConnectionOptions, io: CliIo, work: (options: ConnectionOptions) => Promise<R>): Promise<R> {
  if (flags.ssh === undefined) {
    if (flags.sshKey !== undefined || flags.sshKnownHosts !== undefined || flags.sshAcceptNewHostKey) throw new UsageError('--ssh-key, --ssh-known-hosts and --ssh-accept-new-host-key go with --ssh USER@HOST[:PORT].');
    return work(options);
  }
  const match = /^(?:([^@\s]+)@)?([^@\s:]+)(?::(\d+))?$/.exec(flags.ssh);
  if (!match) throw new UsageError(`--ssh takes USER@HOST[:PORT], not '${flags.ssh}'.`);
  const home = io.env.HOME ?? '';
  const target = { host: options.host, port: options.port };
  const tunnel = await openSshTunnel({
    host: match[2]!,
    port: match[3] === undefined ? undefined : positiveInteger('--ssh port', match[3], 65535),
    username: match[1],
    privateKeyPath: flags.sshKey === undefined ? undefined : path.resolve(io.cwd, flags.sshKey),
    agent: flags.sshKey === undefined ? io.env.SSH_AUTH_SOCK : undefined,
    knownHostsPath: flags.sshKnownHosts === undefined ? path.join(home, '.ssh', 'known_hosts') : path.resolve(io.cwd, flags.sshKnownHosts),
    configPath: home ? path.join(home, '.ssh', 'config') : undefined,
    acceptNewHostKey: flags.sshAcceptNewHostKey ?? false,
    connectTimeoutMs: options.connectTimeoutMs,
  }, target, io.env);
  const forget = onInterrupt(() => tunnel.close());
  try {
    return await work({ ...options, name: `${options.name} via ssh ${tunnel.via}`, host: tunnel.host, port: tunnel.port });
  } catch (error) {
    throw error instanceof DatabaseError ? tunnelledDatabaseError(error, tunnel, target) : error;
  } finally {
    forget();
    await tunnel.close();
  }
}
