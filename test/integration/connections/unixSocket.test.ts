// A connection whose unix_socket is set: Laravel's MySqlConnector connects through the socket and
// ignores the host and port, as the real Laravel 8.83 artisan shows with the fixture's own
// config/database.php ('unix_socket' => env('DB_SOCKET', '')). Status must not read the server
// at the host and port instead: it refuses, saying where the socket is set.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, listTables, testServer } from '../../support/database';
import { artisan, laravelAppDir, requireOracle } from '../../support/laravel';
import { create, migrationFile } from '../preflight/oracle';

const socket = '/run/mysqld/mysqld.sock';

describe("a connection's unix_socket, as the real Laravel 8.83 uses it", function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
    if (!existsSync(socket)) this.skip();
  });

  it('DB_SOCKET set: Laravel migrates through the socket (the host and port unused), and status refuses with where the socket is set', async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'md-unix-socket-'));
    const test = await createTestDatabase('md_unix_socket');
    const server = testServer();
    try {
      cpSync(laravelAppDir, app, { recursive: true });
      const migrations = path.join(app, 'database', 'migrations');
      rmSync(migrations, { recursive: true, force: true });
      mkdirSync(migrations);
      writeFileSync(path.join(migrations, '2024_01_01_000000_create_invoices_table.php'), migrationFile(create('invoices', '$table->id();')));
      // Nothing listens on port 1: only the socket reaches the server.
      writeFileSync(path.join(app, '.env'), `APP_ENV=local\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=1\nDB_DATABASE=${test.name}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\nDB_SOCKET=${socket}\n`);
      const unset = { DB_CONNECTION: undefined, DB_HOST: undefined, DB_PORT: undefined, DB_DATABASE: undefined, DB_USERNAME: undefined, DB_PASSWORD: undefined, DB_SOCKET: undefined };
      const real = await artisan(test.name, ['migrate', '--force'], { appDir: app, env: unset });
      assert.equal(real.code, 0, real.stdout + real.stderr);
      assert.deepEqual((await listTables(test.name)).sort(), ['invoices', 'migrations']);

      let err = '';
      const io: CliIo = { cwd: app, env: {}, out: () => undefined, err: (t) => (err += t), readStdin: async () => '' };
      assert.equal(await main(['status', '--json'], io), 2);
      assert.match(err, new RegExp(`config/database\\.php 'connections\\.mysql\\.unix_socket' = env\\('DB_SOCKET'\\), DB_SOCKET=${socket.replaceAll('/', '\\/').replaceAll('.', '\\.')}: Laravel connects through this Unix socket`));
    } finally {
      await test.drop();
      rmSync(app, { recursive: true, force: true });
    }
  });
});
