// A connection whose unix_socket is set: Laravel's MySqlConnector connects through the socket and
// ignores the host and port, as the real Laravel 8.83 artisan shows with the fixture's own
// config/database.php ('unix_socket' => env('DB_SOCKET', '')). Status must not read the server
// at the host and port instead: it refuses, saying where the socket is set.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, listTables, testServer, withServer } from '../../support/database';
import { appEnvOnly, artisan, fixtureAppWith, requireOracle } from '../../support/laravel';
import { create, migrationFile } from '../preflight/oracle';

describe("a connection's unix_socket, as the real Laravel 8.83 uses it", function () {
  this.timeout(300_000);
  // The test server's own socket (the suite's server runs on this machine, as .ci/run starts it).
  let socket = '';
  before(async function () {
    await requireOracle();
    socket = await withServer(async (c) => {
      const [rows] = await c.query('SELECT @@socket AS socket');
      return String((rows as { socket: string }[])[0]!.socket);
    });
    assert.ok(existsSync(socket), `the test server's socket ${socket} is not on this machine`);
  });

  it('DB_SOCKET set: Laravel migrates through the socket (the host and port unused), and status refuses with where the socket is set, from the app\'s config/database.php or Laravel\'s own', async () => {
    const app = fixtureAppWith('md-unix-socket-', { '2024_01_01_000000_create_invoices_table': migrationFile(create('invoices', '$table->id();')) });
    const test = await createTestDatabase('md_unix_socket');
    const server = testServer();
    try {
      // Nothing listens on port 1: only the socket reaches the server.
      writeFileSync(path.join(app, '.env'), `APP_ENV=local\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=1\nDB_DATABASE=${test.name}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\nDB_SOCKET=${socket}\n`);
      const real = await artisan(test.name, ['migrate', '--force'], { appDir: app, env: appEnvOnly });
      assert.equal(real.code, 0, real.stdout + real.stderr);
      assert.deepEqual((await listTables(test.name)).sort(), ['invoices', 'migrations']);

      const { code, err } = await runCli(app, ['status', '--json']);
      assert.equal(code, 2);
      assert.match(err, new RegExp(`config/database\\.php 'connections\\.mysql\\.unix_socket' = env\\('DB_SOCKET'\\), DB_SOCKET=${socket.replaceAll('/', '\\/').replaceAll('.', '\\.')}: Laravel connects through this Unix socket`));

      // The app without its config/database.php: Laravel's own of its version (composer.json: ^8.83, the
      // skeleton's, whose mysql entry is the fixture's: 'unix_socket' => env('DB_SOCKET', '')) reads DB_SOCKET alike.
      const config = path.join(app, 'config', 'database.php');
      assert.match(readFileSync(config, 'utf8'), /'mysql' => \[[^\]]*'unix_socket' => env\('DB_SOCKET', ''\),/);
      rmSync(config);
      const stock = await runCli(app, ['status', '--json']);
      assert.equal(stock.code, 2, stock.out);
      assert.match(stock.err, new RegExp(`DB_SOCKET=${socket.replaceAll('/', '\\/').replaceAll('.', '\\.')}, set by the \\.env, is read by 'connections\\.mysql\\.unix_socket' of Laravel 8's own config/database\\.php \\(the app has none\\): Laravel connects through this Unix socket`));
    } finally {
      await test.drop();
      rmSync(app, { recursive: true, force: true });
    }
  });
});
