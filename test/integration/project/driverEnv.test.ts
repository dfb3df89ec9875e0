// `'driver' => env('DB_DRIVER', 'mysql')` in config/database.php, against the real Laravel 11, 12
// and 13: the driver is what Laravel's env() returns at boot (the .env's value, ${VAR} expanded as
// phpdotenv does, else the default), read by the framework itself from the app's own files; the
// migrations run with that driver, and status reads the same driver, says where from, and decides
// the branch on it as Laravel did (before, that driver was not known and the branch undecided).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, listTables, testServer } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { laravelConfigDriver, laravelRelease, runLaravelOk, skipWithoutLaravel, type LaravelDriver, type LaravelVersion } from '../../support/laravelVersions';
import { create, withDbFacade } from '../preflight/oracle';

const config = `<?php

return [
    'default' => env('DB_CONNECTION', 'mysql'),
    'connections' => [
        'mysql' => [
            'driver' => env('DB_DRIVER', 'mysql'),
            'host' => env('DB_HOST', '127.0.0.1'),
            'port' => env('DB_PORT', '3306'),
            'database' => env('DB_DATABASE', 'forge'),
            'username' => env('DB_USERNAME', 'forge'),
            'password' => env('DB_PASSWORD', ''),
        ],
    ],
];
`;

const branch = `if (DB::getDriverName() === 'mysql') { ${create('only_mysql', '$table->id();')} } else { ${create('not_mysql', '$table->id();')} }`;

/** What the .env says of the driver, and what status must name as its source. */
const cases: { readonly env: string; readonly source: RegExp }[] = [
  { env: '', source: /env\('DB_DRIVER'\) default, DB_DRIVER not set/ },
  { env: 'DB_DRIVER=mariadb\n', source: /env\('DB_DRIVER'\), DB_DRIVER=mariadb/ },
  { env: 'DB_KIND=mariadb\nDB_DRIVER="${DB_KIND}"\n', source: /env\('DB_DRIVER'\), DB_DRIVER=mariadb/ },
];

describe("config/database.php's driver written env('DB_DRIVER', 'mysql')", function () {
  this.timeout(300_000);
  before(async () => {
    await requireOracle();
  });

  for (const version of ['11', '12', '13'] as const satisfies readonly LaravelVersion[]) {
    for (const { env, source } of cases) {
      it(`Laravel ${version}, .env ${JSON.stringify(env)}: status reads the driver Laravel boots with, and its branch`, async function () {
        skipWithoutLaravel(this, version);
        const app = fs.mkdtempSync(path.join(os.tmpdir(), 'md-driver-env-'));
        const test = await createTestDatabase('md_driver_env');
        try {
          const server = testServer();
          const migrations = path.join(app, 'database', 'migrations');
          fs.mkdirSync(migrations, { recursive: true });
          fs.mkdirSync(path.join(app, 'config'));
          fs.writeFileSync(path.join(app, 'config', 'database.php'), config);
          fs.writeFileSync(path.join(app, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: laravelRelease(version) }] }));
          fs.writeFileSync(path.join(app, '.env'), `${env}DB_HOST=${server.host}\nDB_PORT=${server.port}\nDB_DATABASE=${test.name}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\n`);
          fs.writeFileSync(path.join(migrations, '2024_01_01_000000_branch_on_mysql.php'), withDbFacade(branch));
          const driver = laravelConfigDriver(version, app) as LaravelDriver;
          assert.equal(driver, env ? 'mariadb' : 'mysql');
          await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: migrations, driver });
          assert.deepEqual((await listTables(test.name)).filter((t) => t !== 'migrations'), [driver === 'mysql' ? 'only_mysql' : 'not_mysql']);

          const status = await runCli(app, ['status', '--no-cache', '--json']);
          assert.equal(status.code, 0, status.out + status.err);
          const json = JSON.parse(status.out);
          assert.equal(json.laravel.driver, driver, json.laravel.driverSource);
          assert.match(json.laravel.driverSource, source);
          assert.deepEqual(json.migrations.map((m: { state: string; problems: unknown[] }) => [m.state, m.problems]), [['ran', []]]);
        } finally {
          await test.drop();
          fs.rmSync(app, { recursive: true, force: true });
        }
      });
    }
  }
});
