// Inside real VS Code: a named connection with an `ssh` setting, through the real OpenSSH server
// the suite starts (test/support/sshd.ts) to the real MariaDB. The unknown host key is asked about
// through the connections' host-key prompt (VS Code's modal in use; a test cannot click a modal),
// shown with its SHA256 fingerprint: declined, nothing is written and the status says why;
// accepted, the key is added to known_hosts and the status is read through the tunnel. A changed
// key is refused without asking.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/ctx';
import type { HostKeyPrompt } from '../../../src/editor/ssh';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { bringTo, migrationNames, requireOracle } from '../../support/laravel';
import { startSshd, type TestSshd } from '../../support/sshd';
import { activeCtx, namedConnection, type SuiteConnection } from '../support/extension';

const name = 'md-ssh-editor';

suite('SSH: a named connection through a real OpenSSH server', function () {
  this.timeout(300_000);
  let ctx: Ctx;
  let sshd: TestSshd | undefined;
  let database: TestDatabase | undefined;
  let connection: SuiteConnection | undefined;
  let knownHosts: string;
  let original: HostKeyPrompt;
  const asked: Parameters<HostKeyPrompt>[0][] = [];
  let answer = false;
  const config = () => vscode.workspace.getConfiguration('migrationDoctor', vscode.workspace.workspaceFolders![0]!);

  suiteSetup(async function () {
    await requireOracle();
    ctx = await activeCtx();
    sshd = await startSshd();
    database = await createTestDatabase('md_ssh_editor');
    await bringTo(database.name, 'incident');
    knownHosts = path.join(sshd.dir, 'editor_known_hosts');
    original = ctx.connections.hostKeyPrompt;
    ctx.connections.hostKeyPrompt = async (key) => {
      asked.push(key);
      return answer;
    };
    connection = await namedConnection(ctx, {
      name, database: database.name, target: vscode.ConfigurationTarget.Global, select: false,
      more: { ssh: { host: '127.0.0.1', port: sshd.port, username: sshd.user, privateKeyPath: sshd.userKey, knownHostsPath: knownHosts } },
    });
  });

  suiteTeardown(async () => {
    if (ctx) ctx.connections.hostKeyPrompt = original;
    await connection?.remove();
    await sshd?.stop();
    await database?.drop();
  });

  async function statusThroughSsh() {
    // Selecting makes a new scope, so a new tunnel (and the host key checked again).
    await ctx.connections.select(`settings:${name}`);
    await ctx.status.refresh();
    return ctx.status.view;
  }

  test('an unknown host key is shown with its fingerprint; declined, nothing is written and the status says why', async () => {
    answer = false;
    const view = await statusThroughSsh();
    const seen = { view, candidates: (await ctx.connections.candidates()).map((c) => c.id), setting: config().get('connections') };
    assert.equal(asked.length, 1, JSON.stringify(seen));
    assert.equal(asked[0]!.fingerprint, sshd!.hostFingerprint);
    assert.equal(asked[0]!.knownHostsPath, knownHosts);
    assert.equal(view.kind, 'error');
    assert.ok(view.kind === 'error' && 'code' in view.error && view.error.code === 'host-key-unknown', JSON.stringify(view));
    assert.equal(fs.existsSync(knownHosts), false, 'a declined key is not written');
  });

  test('accepted, the key is added to known_hosts and the status is read through the tunnel', async () => {
    answer = true;
    asked.length = 0;
    const view = await statusThroughSsh();
    assert.equal(asked.length, 1, JSON.stringify(view));
    assert.equal(view.kind, 'ready', view.kind === 'error' ? view.error.message : view.kind);
    const states = new Map(ctx.status.snapshot!.migrations.map((m) => [m.name, m.state]));
    assert.equal(states.get(migrationNames.notificationsTracking), 'ran-table-missing');
    assert.equal(states.get(migrationNames.transactionsTracking), 'pending-table-exists');
    assert.equal(fs.readFileSync(knownHosts, 'utf8'), `[127.0.0.1]:${sshd!.port} ${sshd!.hostPublicKey}\n`);
    // Known now: the next connection does not ask.
    asked.length = 0;
    assert.equal((await statusThroughSsh()).kind, 'ready');
    assert.equal(asked.length, 0);
  });

  test('a changed host key is refused with the reason, without asking', async () => {
    const other = fs.readFileSync(`${sshd!.otherKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${sshd!.port} ${other}\n`);
    asked.length = 0;
    answer = true;
    const view = await statusThroughSsh();
    assert.equal(asked.length, 0);
    assert.equal(view.kind, 'error');
    assert.ok(view.kind === 'error' && 'code' in view.error && view.error.code === 'host-key-changed', JSON.stringify(view));
    assert.match(view.error.message, /CHANGED/);
  });
});
