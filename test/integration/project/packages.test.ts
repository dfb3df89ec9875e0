// Migrations that packages register with loadMigrationsFrom(): the real artisan runs them with
// the app's own, so status must know them (or it calls their rows orphans, and a repair
// deletes them: the next `artisan migrate` then fails with 1050).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { artisanOk, laravelAppDir, migrateStatus, requireOracle } from '../../support/laravel';

const appDir = path.join(laravelAppDir, '..', 'laravel-packages-app');

async function cli(args: string[], cwd = appDir): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const server = testServer();
  const io: CliIo = { cwd, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
  const code = await main(args, io);
  return { code, out, err };
}

describe('package migrations, against the real artisan', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  const connection = () => {
    const server = testServer();
    return ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', db.name];
  };

  before(async () => {
    await requireOracle();
    db = await createTestDatabase('md_project_packages');
    await artisanOk(db.name, ['migrate', '--force'], { appDir });
  });
  after(async () => {
    await db?.drop();
  });

  it("shows what `artisan migrate:status` shows, the packages' migrations included, and no orphan", async () => {
    const laravel = await migrateStatus(db.name, { appDir });
    assert.deepEqual(laravel.map((row) => row.name), [
      '2014_10_12_000000_create_users_table',
      '2019_08_19_000000_create_failed_jobs_table',
      '2019_12_14_000001_create_personal_access_tokens_table',
      '2020_05_01_000000_create_audit_entries_table',
    ], 'the fixture: discovered and config/app.php packages run, the dont-discover one does not');

    const { code, out, err } = await cli(['status', ...connection(), '--no-cache', '--json']);
    assert.equal(code, 0, err + out);
    const json = JSON.parse(out);
    const ours = json.migrations.map((m: { name: string; state: string; batch: number | null }) => ({ name: m.name, ran: m.state === 'ran', batch: m.batch }));
    assert.deepEqual(ours, laravel);
    assert.deepEqual(json.migrations.filter((m: { state: string }) => m.state !== 'ran'), []);
    assert.equal(json.laravel.version, '8.83.27');
    assert.equal(json.laravel.versionSource, 'composer.lock (laravel/framework)');
    assert.deepEqual(json.laravel.packageMigrations.folders.map((f: { package: string }) => f.package), ['acme/tokens', 'acme/audit']);
    assert.deepEqual(json.laravel.packageMigrations.cannotTell, []);
  });

  it('says in the text which Laravel it assumed and which package folders it read', async () => {
    const { code, out } = await cli(['status', ...connection(), '--no-cache']);
    assert.equal(code, 0, out);
    assert.match(out, /^Laravel: 8\.83\.27 \(from composer\.lock \(laravel\/framework\)\), driver mysql \(config\/database\.php 'default' = env\('DB_CONNECTION'\) default, DB_CONNECTION not set\)$/m);
    assert.match(out, /^Package migrations: vendor\/acme\/tokens\/database\/migrations \(acme\/tokens\)$/m);
    assert.doesNotMatch(out, /hidden/);
  });

  it('plans nothing on the database artisan built', async () => {
    const { code, out, err } = await cli(['repair', ...connection(), '--plan', '--json']);
    assert.equal(code, 0, err + out);
    assert.deepEqual(JSON.parse(out).plan.steps, []);
  });

  it('never offers to delete a row that may belong to a folder it cannot tell', async () => {
    // The same app, but the tokens provider computes its folder at run time: artisan still runs it.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'md-packages-app-'));
    try {
      fs.cpSync(appDir, copy, { recursive: true });
      const provider = path.join(copy, 'vendor/acme/tokens/src/TokensServiceProvider.php');
      const source = fs.readFileSync(provider, 'utf8');
      const dynamic = source.replace("$this->loadMigrationsFrom(__DIR__.'/../database/migrations')", "$this->loadMigrationsFrom(config('tokens.migrations') ?? __DIR__.'/../database/migrations')");
      assert.notEqual(dynamic, source);
      fs.writeFileSync(provider, dynamic);
      assert.deepEqual((await migrateStatus(db.name, { appDir: copy })).map((row) => row.ran), [true, true, true, true], 'artisan still runs it');

      const status = JSON.parse((await cli(['status', ...connection(), '--no-cache', '--json'], copy)).out);
      const tokens = status.migrations.find((m: { name: string }) => m.name === '2019_12_14_000001_create_personal_access_tokens_table');
      assert.equal(tokens.state, 'orphan-record');
      assert.deepEqual(tokens.problems[0].repairs, []);
      assert.match(status.laravel.packageMigrations.cannotTell[0], /^Acme\\Tokens\\TokensServiceProvider loads migrations from config\('tokens\.migrations'\) \?\? __DIR__/);

      const { code, out } = await cli(['repair', ...connection(), '--plan', '--json'], copy);
      const plan = JSON.parse(out).plan;
      assert.deepEqual(plan.steps, []);
      assert.match(JSON.stringify(plan.notes), /may be a migration of a folder that cannot be told/);
      assert.equal(code, 1, 'a note is a finding');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('reads only the named folders with --path, as `artisan migrate --path` does', async () => {
    const { out } = await cli(['status', ...connection(), '--no-cache', '--json', '--path', 'database/migrations']);
    const json = JSON.parse(out);
    const tokens = json.migrations.find((m: { name: string }) => m.name === '2019_12_14_000001_create_personal_access_tokens_table');
    assert.equal(tokens.state, 'orphan-record');
    assert.equal(json.laravel.packageMigrations, undefined);
  });
});
