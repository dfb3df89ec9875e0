// The CLI over TLS to a real MariaDB that accepts nothing else, started as the installed bin starts
// (its own first line), with the trust Node gives: the default authorities plus those of the file
// NODE_EXTRA_CA_CERTS names, every certificate of it; a connection's `tls.ca` instead of both.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../support/laravel';
import { startTlsMariadb, type TlsMariadb } from '../../support/tlsMariadb';

interface Run { code: number; stdout: string; stderr: string }

describe('migration-doctor status over TLS', function () {
  this.timeout(300_000);
  let server: TlsMariadb;
  let project: string;
  const cli = path.join(repoRoot, 'dist', 'cli.js');

  /** `status --connection NAME --json` in the project, NODE_EXTRA_CA_CERTS set to `extraCa` (or unset). */
  async function status(connection: string, extraCa: string | undefined): Promise<Run> {
    const { NODE_EXTRA_CA_CERTS: _inherited, ...env } = process.env;
    // The bin itself where its first line is run by the system; node with it on Windows.
    const [file, ...args] = process.platform === 'win32' ? [process.execPath, cli] : [cli];
    try {
      const { stdout, stderr } = await promisify(execFile)(file!, [...args, 'status', '--connection', connection, '--json'],
        { cwd: project, env: { ...env, ...(extraCa ? { NODE_EXTRA_CA_CERTS: extraCa } : {}) }, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number | string; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw error;
      return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  const refused = (run: Run) => {
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /The secure \(TLS\) connection to 127\.0\.0\.1:\d+ failed: self-signed certificate in certificate chain/);
  };
  const connected = (run: Run) => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { migrations: unknown[] }).migrations, []);
  };

  before(async () => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run node scripts/build.mjs');
    server = await startTlsMariadb();
    const admin = await server.connect();
    try {
      await admin.query('CREATE DATABASE app');
      await admin.query('CREATE TABLE app.migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)');
    } finally {
      await admin.end();
    }
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tls-'));
    fs.mkdirSync(path.join(project, 'database', 'migrations'), { recursive: true });
    fs.mkdirSync(path.join(project, '.vscode'));
    const connection = (name: string, tls: object) => ({ name, host: '127.0.0.1', port: server.port, username: 'root', database: 'app', tls });
    fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), JSON.stringify({ 'migrationDoctor.connections': [
      connection('defaults', {}), connection('ownCa', { ca: server.ca }), connection('otherCa', { ca: server.otherCa }),
    ] }));
    // Another authority first: Node reads every certificate of the file.
    fs.writeFileSync(path.join(project, 'bundle.pem'), fs.readFileSync(server.otherCa, 'latin1') + fs.readFileSync(server.ca, 'latin1'));
  });
  after(async () => {
    await server?.stop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("trusts the server's authority named by NODE_EXTRA_CA_CERTS, alone or in a bundle after another", async () => {
    connected(await status('defaults', server.ca));
    connected(await status('defaults', path.join(project, 'bundle.pem')));
  });

  it('refuses the server without it, or with only another authority in it (the certificate is verified)', async () => {
    refused(await status('defaults', undefined));
    refused(await status('defaults', server.otherCa));
  });

  it("a connection's tls.ca replaces the default and the extra authorities", async () => {
    connected(await status('ownCa', server.otherCa));
    refused(await status('otherCa', server.ca));
  });
});
