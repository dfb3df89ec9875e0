// The migrations table is the one config/database.php's 'migrations' names, as the real Laravel
// 8.83 artisan shows with the app's own config: status must read that table, say where its name
// came from, and refuse (with why) a name it cannot read; --migrations-table still wins.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../support/cli';
import { createTestDatabase, listTables, migrationRows, testServer } from '../../support/database';
import { appEnvOnly, artisan, fixtureAppWith, laravelAppDir, requireOracle } from '../../support/laravel';
import { create, migrationFile } from '../preflight/oracle';

/** The fixture app's own config/database.php, with 'migrations' written as `migrations`. */
const fixtureConfig = readFileSync(path.join(laravelAppDir, 'config', 'database.php'), 'utf8');
const config = (migrations: string) => {
  assert.match(fixtureConfig, /^    'migrations' => 'migrations',$/m);
  return fixtureConfig.replace(/^    'migrations' => 'migrations',$/m, `    'migrations' => ${migrations},`);
};

describe("the migrations table config/database.php names, as the real Laravel 8.83 reads it", function () {
  this.timeout(300_000);
  let app: string;
  before(async function () {
    await requireOracle();
  });
  beforeEach(() => {
    app = fixtureAppWith('md-config-migrations-', { '2024_01_01_000000_create_invoices_table': migrationFile(create('invoices', '$table->id();')) });
  });
  afterEach(() => rmSync(app, { recursive: true, force: true }));

  const run = (args: string[]) => runCli(app, args);
  const writeEnv = (database: string, more = '') => {
    const server = testServer();
    writeFileSync(path.join(app, '.env'), `APP_ENV=local\nDB_HOST=${server.host}\nDB_PORT=${server.port}\nDB_DATABASE=${database}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\n${more}`);
  };

  it("'migrations' => env('DB_MIGRATIONS_TABLE', 'app_migrations'): status reads the table Laravel wrote, and says where its name came from", async () => {
    const test = await createTestDatabase('md_config_migrations');
    try {
      writeFileSync(path.join(app, 'config', 'database.php'), config("env('DB_MIGRATIONS_TABLE', 'app_migrations')"));
      writeEnv(test.name);
      const real = await artisan(test.name, ['migrate', '--force'], { appDir: app, env: appEnvOnly });
      assert.equal(real.code, 0, real.stdout + real.stderr);
      assert.deepEqual((await listTables(test.name)).sort(), ['app_migrations', 'invoices']);
      assert.deepEqual((await migrationRows(test.name, 'app_migrations')).map((r) => r.migration), ['2024_01_01_000000_create_invoices_table']);
      for (const pass of ['first', 'warm']) {
        const status = await run(['status', '--json']);
        assert.equal(status.code, 0, `${pass}: ${status.err}`);
        const json = JSON.parse(status.out) as { connection: { migrationsTableSource?: string }; migrationsTable: string; migrations: { name: string; state: string }[] };
        assert.deepEqual(
          { table: json.migrationsTable, from: json.connection.migrationsTableSource, states: json.migrations.map((m) => [m.name, m.state]) },
          {
            table: 'app_migrations', from: "config/database.php 'migrations' = env('DB_MIGRATIONS_TABLE') default, DB_MIGRATIONS_TABLE not set",
            states: [['2024_01_01_000000_create_invoices_table', 'ran']],
          },
          pass,
        );
      }
      const text = await run(['status']);
      assert.match(text.out, /^Connection: .*, table app_migrations \(config\/database\.php 'migrations' = env\('DB_MIGRATIONS_TABLE'\) default, DB_MIGRATIONS_TABLE not set\)$/m);
    } finally {
      await test.drop();
    }
  });

  it("Laravel 8.83 and 'migrations' => ['table' => ...] (Laravel 11's form): Laravel cannot migrate, and status refuses with why; --migrations-table still wins", async () => {
    const test = await createTestDatabase('md_config_migrations');
    try {
      writeFileSync(path.join(app, 'config', 'database.php'), config("['table' => 'app_migrations', 'update_date_on_publish' => true]"));
      writeEnv(test.name);
      const real = await artisan(test.name, ['migrate', '--force'], { appDir: app, env: appEnvOnly });
      assert.notEqual(real.code, 0, 'Laravel 8.83 takes the array as the table name');
      const refused = await run(['status', '--json']);
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /migrations table's name cannot be told without running the app: config\/database\.php 'migrations' is an array, which Laravel 8 takes as the table's name/);
      // Named on the command line: connected, and that table looked for.
      const named = await run(['status', '--json', '--migrations-table', 'other_migrations']);
      assert.equal(named.code, 2, named.out);
      assert.match(named.err, /Migration table not found: 'other_migrations' does not exist/);
    } finally {
      await test.drop();
    }
  });

  it("a name that needs running the app ('migrations' => config('x')) is refused, with where and why", async () => {
    const test = await createTestDatabase('md_config_migrations');
    try {
      writeFileSync(path.join(app, 'config', 'database.php'), config("strtolower('App_Migrations')"));
      writeEnv(test.name);
      const refused = await run(['status']);
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, /config\/database\.php 'migrations' is an expression that cannot be read without running the app/);
    } finally {
      await test.drop();
    }
  });
});
