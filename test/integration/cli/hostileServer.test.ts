// The command line against a server that is not what it claims to be: `status` ends by itself,
// non-zero, with one sentence saying what the server did, and closes every connection it opened.
// Memory is asserted through the bytes the fake server managed to write before the client closed.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { laravelAppDir } from '../../support/laravel';
import { startHostileServer, type HostileMode, type HostileServer } from '../../support/hostileServer';

const MB = 1024 * 1024;

async function status(server: HostileServer, connectTimeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  const child = spawn(process.execPath, [
    path.resolve(__dirname, '../../../src/cli/main.js'), 'status', '--json', '--no-cache', '--connect-timeout', String(connectTimeoutMs),
    '--host', '127.0.0.1', '--port', String(server.port), '--user', 'u', '--database', 'd',
  ], { cwd: laravelAppDir, env: { ...process.env, DB_PASSWORD: 'p' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
  // Generous: only a process that never ends is killed, and that is the failure.
  const guard = setTimeout(() => child.kill('SIGKILL'), 100_000);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    return { code, signal, err };
  } finally {
    clearTimeout(guard);
  }
}

const cases: readonly { mode: HostileMode; said: RegExp; perConnection: number }[] = [
  { mode: 'endless-greeting', said: /began with a packet of 16777215 bytes/, perConnection: 16 * MB },
  { mode: 'dripping-greeting', said: /began with a packet of 16777214 bytes/, perConnection: 1 * MB },
  { mode: 'silent', said: /did not answer in time/, perConnection: 0 },
  { mode: 'huge-row', said: /answered with a packet of \d+ bytes, over the 16777216 bytes accepted/, perConnection: 48 * MB },
];

describe('migration-doctor status against a hostile or broken server', function () {
  this.timeout(240_000);
  for (const { mode, said, perConnection } of cases) {
    it(`${mode}: ends by itself, exit code 2, said as such, every connection closed`, async () => {
      const server = await startHostileServer(mode);
      try {
        const run = await status(server, 5000);
        assert.equal(run.signal, null, `still running after 100 s: ${run.err.slice(0, 300)}`);
        assert.equal(run.code, 2, run.err);
        assert.match(run.err, said);
        await server.clientsClosed();
        assert.ok(server.accepted >= 1);
        assert.ok(server.bytesWritten <= perConnection * server.accepted,
          `the server wrote ${server.bytesWritten} bytes to ${server.accepted} connection(s)`);
      } finally {
        await server.close();
      }
    });
  }
});
