// DB_CONNECTION names a connection of config/database.php, not a driver: an app whose default is a
// `tenant` connection (driver mysql, its own TENANT_DB_* variables) migrates into that connection's
// database, as the real Laravel 8.83 artisan shows with the app's own .env; status and preflight
// must look there. config/database.php's 'default' may read another variable, or be a literal.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, listTables, testServer } from '../../support/database';
import { appEnvOnly, artisan, fixtureAppWith, requireOracle } from '../../support/laravel';
import { create, migrationFile } from '../preflight/oracle';

const connection = (driver: string, variable: string, fallbackDatabase: string) => `[
            'driver' => '${driver}',
            'host' => env('${variable}_HOST', '127.0.0.1'),
            'port' => env('${variable}_PORT', '3306'),
            'database' => env('${variable}_DATABASE', '${fallbackDatabase}'),
            'username' => env('${variable}_USERNAME', 'root'),
            'password' => env('${variable}_PASSWORD', ''),
            'charset' => 'utf8mb4',
            'collation' => 'utf8mb4_unicode_ci',
            'prefix' => '',
            'strict' => true,
        ]`;
const config = (defaultWritten: string, tenantHost = "env('TENANT_DB_HOST', '127.0.0.1')") => `<?php

return [
    'default' => ${defaultWritten},

    'connections' => [
        'mysql' => ${connection('mysql', 'DB', 'forge')},
        'tenant' => ${connection('mysql', 'TENANT_DB', 'forge').replace("env('TENANT_DB_HOST', '127.0.0.1')", tenantHost)},
        'pgsql' => ['driver' => 'pgsql', 'host' => '127.0.0.1', 'database' => 'x', 'username' => 'x'],
    ],

    'migrations' => 'migrations',
];
`;

describe("the connection config/database.php's default names, as the real Laravel reads it", function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  for (const [what, defaultWritten, selector] of [
    ['DB_CONNECTION names the tenant connection', "env('DB_CONNECTION', 'mysql')", 'DB_CONNECTION=tenant'],
    ["'default' reads another variable", "env('APP_DB_CONNECTION', 'mysql')", 'APP_DB_CONNECTION=tenant\nDB_CONNECTION=mysql'],
    ["'default' is a literal", "'tenant'", 'DB_CONNECTION=mysql'],
  ] as const) {
    it(`${what}: status and preflight read the database Laravel migrated into`, async () => {
      const app = fixtureAppWith('md-config-connection-', { '2024_01_01_000000_create_invoices_table': migrationFile(create('invoices', '$table->id();')) });
      const migrations = path.join(app, 'database', 'migrations');
      const tenant = await createTestDatabase('md_config_tenant');
      const decoy = await createTestDatabase('md_config_decoy');
      const server = testServer();
      try {
        writeFileSync(path.join(app, 'config', 'database.php'), config(defaultWritten));
        writeFileSync(path.join(app, '.env'), `APP_ENV=local\n${selector}\n`
          + `DB_HOST=${server.host}\nDB_PORT=${server.port}\nDB_DATABASE=${decoy.name}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\n`
          + `TENANT_DB_HOST=${server.host}\nTENANT_DB_PORT=${server.port}\nTENANT_DB_DATABASE=${tenant.name}\nTENANT_DB_USERNAME=${server.user}\nTENANT_DB_PASSWORD="${server.password}"\n`);
        const real = await artisan(decoy.name, ['migrate', '--force'], { appDir: app, env: appEnvOnly });
        assert.equal(real.code, 0, real.stdout + real.stderr);
        assert.deepEqual((await listTables(tenant.name)).sort(), ['invoices', 'migrations'], 'Laravel migrated into the tenant database');
        assert.deepEqual(await listTables(decoy.name), []);

        const run = (args: string[]) => runCli(app, args);
        // First run and warm run (what config/database.php said is kept): the same.
        for (const pass of ['first', 'warm']) {
          const status = await run(['status', '--json']);
          assert.equal(status.code, 0, `${pass}: ${status.err}`);
          const json = JSON.parse(status.out) as { connection: { database: string }; migrations: { name: string; state: string }[]; laravel: { defaultConnection: string } };
          assert.equal(json.connection.database, tenant.name, pass);
          assert.deepEqual(json.migrations.map((m) => [m.name, m.state]), [['2024_01_01_000000_create_invoices_table', 'ran']], pass);
          assert.equal(json.laravel.defaultConnection, 'tenant', pass);
        }
        // A pending migration of a table the tenant database has: Laravel's 1050, predicted there.
        writeFileSync(path.join(migrations, '2024_01_02_000000_create_invoices_again.php'), migrationFile(create('invoices', '$table->id();')));
        const preflight = await run(['preflight', '--json']);
        assert.equal(preflight.code, 1, preflight.err);
        const predicted = (JSON.parse(preflight.out) as { migrations: { prediction: string; error?: { code: number } }[] }).migrations.map((m) => [m.prediction, m.error?.code]);
        const again = await artisan(decoy.name, ['migrate', '--force'], { appDir: app, env: appEnvOnly });
        assert.notEqual(again.code, 0);
        assert.match(again.stdout + again.stderr, /1050/);
        assert.deepEqual(predicted, [['fails', 1050]]);
        rmSync(path.join(migrations, '2024_01_02_000000_create_invoices_again.php'));

        // A host that needs running the app: unknown, with where and why; nothing is connected.
        writeFileSync(path.join(app, 'config', 'database.php'), config(defaultWritten, "gethostbyname('db.internal')"));
        const unknown = await run(['status', '--json']);
        assert.equal(unknown.code, 2);
        assert.match(unknown.err, /cannot be told without running the app: config\/database\.php 'connections\.tenant\.host' is an expression/);
        // The default named a pgsql connection: refused by the connection's name and driver.
        writeFileSync(path.join(app, 'config', 'database.php'), config(defaultWritten.startsWith('env') ? defaultWritten : "'pgsql'"));
        writeFileSync(path.join(app, '.env'), readFileSync(path.join(app, '.env'), 'utf8').replace(/=tenant$/m, '=pgsql'));
        const pgsql = await run(['status', '--json']);
        assert.equal(pgsql.code, 2);
        assert.match(pgsql.err, /default connection 'pgsql' of config\/database\.php uses the pgsql driver/);
      } finally {
        await tenant.drop();
        await decoy.drop();
        rmSync(app, { recursive: true, force: true });
      }
    });
  }
});
