// status, repair (its mysqldump backup included) and restore through --ssh, against a real
// OpenSSH server started here in front of the real MariaDB; an unknown host key on the CLI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { bringTo, laravelAppDir, requireOracle } from '../../support/laravel';
import { startSshd, type TestSshd } from '../../support/sshd';

describe('--ssh on the CLI (real OpenSSH server)', function () {
  this.timeout(300_000);
  let sshd: TestSshd;
  let drift: TestDatabase;
  let backups: string;
  const server = testServer();
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: laravelAppDir, env: { DB_PASSWORD: server.password, HOME: sshd.dir }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    const code = await main(args, io);
    return { code, out, err };
  };
  const through = (knownHosts = sshd.knownHosts()) => [
    '--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--ssh-key', sshd.userKey, '--ssh-known-hosts', knownHosts,
    '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', drift.name,
  ];
  before(async function () {
    await requireOracle();
    sshd = await startSshd();
    drift = await createTestDatabase('md_ssh_cli_drift');
    await bringTo(drift.name, 'schema-drift');
    backups = fs.mkdtempSync(path.join(os.tmpdir(), 'md-ssh-backups-'));
  });
  after(async () => {
    await drift?.drop();
    await sshd?.stop();
    if (backups) fs.rmSync(backups, { recursive: true, force: true });
  });

  it('status, repair with its backup, and restore go through the tunnel', async () => {
    const before = await run(['status', ...through()]);
    assert.equal(before.code, 1, before.err);
    assert.match(before.out, new RegExp(`via ssh ${sshd.user}@127\\.0\\.0\\.1:${sshd.port}`));
    assert.match(before.out, /schema-drift/);

    const repaired = await run(['repair', ...through(), '--apply', '--yes', '--allow-lossy', '--backup-dir', backups]);
    assert.equal(repaired.code, 0, repaired.out + repaired.err);
    assert.doesNotMatch(repaired.out, /built-in/);
    const file = /Backup: (\S+\.sql) \(mysqldump, checked\)/.exec(repaired.out)![1]!;
    assert.match(fs.readFileSync(file, 'utf8'), /eklektik_notifications_tracking/);
    assert.equal((await run(['status', ...through()])).code, 0);

    const restored = await run(['restore', file, ...through()]);
    assert.equal(restored.code, 0, restored.out + restored.err);
    const after = await run(['status', ...through()]);
    assert.equal(after.code, 1);
    assert.match(after.out, /schema-drift/);
  });

  it('an unknown host key: exit 2, the fingerprint and the flag to accept it', async () => {
    const empty = path.join(sshd.dir, 'known_hosts_cli');
    fs.writeFileSync(empty, '');
    const refused = await run(['status', ...through(empty)]);
    assert.equal(refused.code, 2);
    assert.ok(refused.err.includes(sshd.hostFingerprint), refused.err);
    assert.match(refused.err, /--ssh-accept-new-host-key/);
    const accepted = await run(['status', ...through(empty), '--ssh-accept-new-host-key']);
    assert.equal(accepted.code, 1, accepted.err);
  });
});
