// The project's own Laravel version, end to end: a Laravel 12 app (its composer.lock says so)
// migrated by Laravel 12's own migrator, then `migration-doctor status` and `repair --plan`.
// Under the wrong version the same healthy database would look drifted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { laravelRelease, runLaravelOk, skipWithoutLaravel, type LaravelDriver } from '../../support/laravelVersions';

// float(), double() and uuid() are what Laravel 8 and 12 build differently.
const migration = `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('measures', function (Blueprint $table) {
            $table->id();
            $table->float('ratio');
            $table->double('weight', 15, 8);
            $table->uuid('token');
            $table->string('label', 40)->nullable();
            $table->timestamps();
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('measures');
    }
};
`;

describe("the project's own Laravel version, against Laravel 12", function () {
  this.timeout(120_000);
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A Laravel 12 app whose composer.lock names the tag, migrated by that tag with `driver`. */
  async function app(driver: LaravelDriver): Promise<{ dir: string; db: TestDatabase }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-laravel12-app-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'database', 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'database', 'migrations', '2024_01_01_000000_create_measures_table.php'), migration);
    fs.writeFileSync(path.join(dir, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: laravelRelease('12') }] }));
    // Without it Laravel 12's own default connection is sqlite: which driver runs a MySQL connection is not known.
    fs.writeFileSync(path.join(dir, '.env'), `DB_CONNECTION=${driver}\n`);
    const db = await createTestDatabase(`md_project_v12_${driver}`);
    cleanups.push(() => db.drop());
    await runLaravelOk('12', 'migrate', { database: db.name, migrationsPath: path.join(dir, 'database', 'migrations'), driver });
    return { dir, db };
  }

  async function cli(dir: string, db: TestDatabase, args: string[]): Promise<{ code: number; out: string; err: string }> {
    const server = testServer();
    let out = '';
    let err = '';
    const io: CliIo = { cwd: dir, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    const connection = ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', db.name];
    const code = await main([args[0]!, ...connection, ...args.slice(1)], io);
    return { code, out, err };
  }

  before(async () => {
    await requireOracle();
  });

  for (const driver of ['mysql', 'mariadb'] as const) {
    it(`reads 12 from composer.lock and the ${driver} driver, and finds the database Laravel 12 built healthy`, async function () {
      skipWithoutLaravel(this, '12');
      const { dir, db } = await app(driver);
      const status = await cli(dir, db, ['status', '--no-cache', '--json']);
      assert.equal(status.code, 0, status.out + status.err);
      const json = JSON.parse(status.out);
      assert.equal(json.laravel.version, laravelRelease('12').slice(1));
      assert.equal(json.laravel.versionSource, 'composer.lock (laravel/framework)');
      assert.equal(json.laravel.driver, driver);
      assert.deepEqual(json.migrations.map((m: { state: string }) => m.state), ['ran']);
      const plan = await cli(dir, db, ['repair', '--plan', '--json']);
      assert.equal(plan.code, 0, plan.out + plan.err);
      assert.deepEqual(JSON.parse(plan.out).plan.steps, []);

      // The same database read as Laravel 8 would have built it: float() and double() differ.
      fs.rmSync(path.join(dir, 'composer.lock'));
      const as8 = await cli(dir, db, ['status', '--no-cache', '--laravel-version', '8']);
      assert.equal(as8.code, 1);
      assert.match(as8.out, /^Laravel: 8 \(from --laravel-version\)/m);
      assert.match(as8.out, /column `ratio` is double, expected double\(8,2\)/);
    });
  }
});
