// The SSH tunnel against a real OpenSSH server (started here) in front of the real MariaDB:
// status through it, the host key checks (unknown, accepted, changed), a refused key, an
// alias of the ssh config, and a database that refuses the tunnelled connection.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatabaseError, openDatabase } from '../../../src/core/db/database';
import { openSshTunnel, tunnelledDatabaseError, type SshOptions } from '../../../src/core/db/ssh';
import { takeSnapshot } from '../../../src/core/status/engine';
import { loadStatusInput } from '../../../src/core/status/inputs';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { bringTo, laravelMigrationsDir, requireOracle } from '../../support/laravel';
import { startSshd, type TestSshd } from '../../support/sshd';

describe('SSH tunnel (real OpenSSH server)', function () {
  this.timeout(300_000);
  let sshd: TestSshd;
  let incident: TestDatabase;
  const server = testServer();
  const target = { host: server.host, port: server.port };
  const ssh = (extra: Partial<SshOptions> = {}): SshOptions => ({
    host: '127.0.0.1', port: sshd.port, username: sshd.user, privateKeyPath: sshd.userKey, knownHostsPath: sshd.knownHosts(), ...extra,
  });
  const refusal = async (options: SshOptions) => {
    try {
      const tunnel = await openSshTunnel(options, target);
      await tunnel.close();
    } catch (error) {
      assert.ok(error instanceof DatabaseError, String(error));
      return error;
    }
    assert.fail('the tunnel opened');
  };
  before(async function () {
    await requireOracle();
    sshd = await startSshd();
    incident = await createTestDatabase('md_ssh_incident');
    await bringTo(incident.name, 'incident');
  });
  after(async () => {
    await incident?.drop();
    await sshd?.stop();
  });

  it('status through the tunnel sees what status sees directly', async () => {
    const tunnel = await openSshTunnel(ssh(), target);
    const input = await loadStatusInput([laravelMigrationsDir], { tablePrefix: '', laravel: { version: '8.83.0', driver: 'mysql' } }, builtInTables);
    try {
      const db = await openDatabase({ ...incident.options, host: tunnel.host, port: tunnel.port });
      const direct = await incident.open();
      try {
        const through = await takeSnapshot(db, input);
        const straight = await takeSnapshot(direct, input);
        assert.deepEqual(through.migrations.map((m) => [m.name, m.state]), straight.migrations.map((m) => [m.name, m.state]));
        assert.equal(through.counts.broken, 2);
      } finally {
        await db.close();
        await direct.close();
      }
    } finally {
      await tunnel.close();
    }
  });

  it('an unknown host key is refused with its fingerprint, then accepted only with the flag', async () => {
    const empty = path.join(sshd.dir, 'known_hosts_empty');
    fs.writeFileSync(empty, '');
    const unknown = await refusal(ssh({ knownHostsPath: empty }));
    assert.equal(unknown.code, 'host-key-unknown');
    assert.ok(unknown.sentence.includes(sshd.hostFingerprint), unknown.sentence);
    assert.match(unknown.nextStep, /--ssh-accept-new-host-key/);
    const tunnel = await openSshTunnel(ssh({ knownHostsPath: empty, acceptNewHostKey: true }), target);
    await tunnel.close();
    assert.equal(fs.readFileSync(empty, 'utf8'), `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    const again = await openSshTunnel(ssh({ knownHostsPath: empty }), target);
    await again.close();
  });

  it('a changed host key is refused with the reason, even with the accept flag', async () => {
    const other = fs.readFileSync(`${sshd.otherKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const file = path.join(sshd.dir, 'known_hosts_changed');
    fs.writeFileSync(file, `# comment\n[127.0.0.1]:${sshd.port} ${other}\n`);
    const changed = await refusal(ssh({ knownHostsPath: file, acceptNewHostKey: true }));
    assert.equal(changed.code, 'host-key-changed');
    assert.match(changed.sentence, /has CHANGED .* line 2 has another/);
  });

  it('a key the server does not accept, an unreadable key, an unreachable server', async () => {
    const auth = await refusal(ssh({ privateKeyPath: sshd.otherKey }));
    assert.equal(auth.code, 'ssh-auth');
    assert.match(auth.sentence, /refused the authentication/);
    const unreadable = await refusal(ssh({ privateKeyPath: path.join(sshd.dir, 'no-such-key') }));
    assert.match(unreadable.sentence, /cannot be read/);
    const unreachable = await refusal(ssh({ port: 1 }));
    assert.match(unreachable.sentence, /cannot be reached \(ECONNREFUSED\)/);
  });

  it('a Host alias of the ssh config gives host, port, user and key', async () => {
    const config = path.join(sshd.dir, 'ssh_config');
    fs.writeFileSync(config, `Host other\n  HostName 10.255.255.1\n\nHost preprod\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKey}\n`);
    const tunnel = await openSshTunnel({ host: 'preprod', configPath: config, knownHostsPath: sshd.knownHosts() }, target);
    const db = await openDatabase({ ...incident.options, host: tunnel.host, port: tunnel.port });
    try {
      assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
    } finally {
      await db.close();
      await tunnel.close();
    }
  });

  it('the tunnel opens but the database refuses: said as such', async () => {
    const wrong = { host: '127.0.0.1', port: 1 };
    const tunnel = await openSshTunnel(ssh(), wrong);
    try {
      await openDatabase({ ...incident.options, host: tunnel.host, port: tunnel.port, connectTimeoutMs: 5000 });
      assert.fail('the database answered');
    } catch (error) {
      assert.ok(error instanceof DatabaseError, String(error));
      const said = tunnelledDatabaseError(error, tunnel, wrong);
      assert.match(said.sentence, /tunnel through .* is open, but the database at 127\.0\.0\.1:1 \(as seen from the SSH server\) refused/);
    } finally {
      await tunnel.close();
    }
  });

  it('an accepted host key that known_hosts cannot take: said as such, and the SSH connection is closed', async () => {
    // A dangling link (a dotfiles manager's, a read-only home): read as empty, then not writable.
    const dangling = path.join(sshd.dir, 'known_hosts_dangling');
    fs.symlinkSync(path.join(sshd.dir, 'no-such-dir', 'known_hosts'), dangling);
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = sockets();
    const refused = await refusal(ssh({ knownHostsPath: dangling, acceptNewHostKey: true }));
    assert.match(refused.sentence, new RegExp(`was accepted, but the known_hosts file '${dangling}' cannot be written \\(ENOENT`));
    // The SSH connection left open kept the command from ending: its socket is gone once closed.
    for (let wait = 0; sockets() > before && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(sockets(), before);
  });
});
