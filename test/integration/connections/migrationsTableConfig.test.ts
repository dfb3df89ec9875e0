// The migrations table is the one config/database.php's 'migrations' names, as the real Laravel
// 8.83 artisan shows with the app's own config: status must read that table, say where its name
// came from, and refuse (with why) a name it cannot read; --migrations-table still wins.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, listTables, migrationRows, testServer } from '../../support/database';
import { artisan, laravelAppDir, requireOracle } from '../../support/laravel';
import { create, migrationFile } from '../preflight/oracle';

const config = (migrations: string) => `<?php

return [
    'default' => env('DB_CONNECTION', 'mysql'),

    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => env('DB_HOST', '127.0.0.1'),
            'port' => env('DB_PORT', '3306'),
            'database' => env('DB_DATABASE', 'forge'),
            'username' => env('DB_USERNAME', 'root'),
            'password' => env('DB_PASSWORD', ''),
            'charset' => 'utf8mb4',
            'collation' => 'utf8mb4_unicode_ci',
            'prefix' => '',
            'strict' => true,
        ],
    ],

    'migrations' => ${migrations},
];
`;

describe("the migrations table config/database.php names, as the real Laravel 8.83 reads it", function () {
  this.timeout(300_000);
  let app: string;
  before(async function () {
    await requireOracle();
  });
  beforeEach(() => {
    app = mkdtempSync(path.join(tmpdir(), 'md-config-migrations-'));
    cpSync(laravelAppDir, app, { recursive: true });
    const migrations = path.join(app, 'database', 'migrations');
    rmSync(migrations, { recursive: true, force: true });
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, '2024_01_01_000000_create_invoices_table.php'), migrationFile(create('invoices', '$table->id();')));
  });
  afterEach(() => rmSync(app, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: app, env: {}, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    return { code: await main(args, io), out, err };
  };
  const writeEnv = (database: string, more = '') => {
    const server = testServer();
    writeFileSync(path.join(app, '.env'), `APP_ENV=local\nDB_HOST=${server.host}\nDB_PORT=${server.port}\nDB_DATABASE=${database}\nDB_USERNAME=${server.user}\nDB_PASSWORD="${server.password}"\n${more}`);
  };
  // The app's .env alone: none of the variables artisan is usually given.
  const unset = { DB_CONNECTION: undefined, DB_HOST: undefined, DB_PORT: undefined, DB_DATABASE: undefined, DB_USERNAME: undefined, DB_PASSWORD: undefined };

  it("'migrations' => env('DB_MIGRATIONS_TABLE', 'app_migrations'): status reads the table Laravel wrote, and says where its name came from", async () => {
    const test = await createTestDatabase('md_config_migrations');
    try {
      writeFileSync(path.join(app, 'config', 'database.php'), config("env('DB_MIGRATIONS_TABLE', 'app_migrations')"));
      writeEnv(test.name);
      const real = await artisan(test.name, ['migrate', '--force'], { appDir: app, env: unset });
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
      const real = await artisan(test.name, ['migrate', '--force'], { appDir: app, env: unset });
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
