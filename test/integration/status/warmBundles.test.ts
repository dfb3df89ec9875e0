// The built CLI on an app with config/app.php and providers: a warm status reads every analysis
// and every project fact from the cache, so it never loads php-parser's bundle (a bundle is loaded
// by opening its file; a preloaded probe notes which dist/lazy files the process opened), nor
// node:fs/promises.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Database } from '../../../src/core/db/database';
import { createTestDatabase, type TestDatabase, testServer } from '../../support/database';
import { repoRoot } from '../../support/laravel';

const probe = `const fs = require('node:fs');
const seen = new Set();
const note = (file) => {
  if (typeof file === 'string' && /[\\\\/]lazy[\\\\/][^\\\\/]+\\.js$/.test(file)) seen.add(require('node:path').basename(file));
};
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  note(file);
  return read.call(this, file, ...rest);
};
const open = fs.openSync;
fs.openSync = function (file, ...rest) {
  note(file);
  return open.call(this, file, ...rest);
};
process.on('exit', () => {
  // Node's promise file system (and the readline modules it loads) at start is a cost no run needs.
  if (process.moduleLoadList.includes('NativeModule fs/promises')) seen.add('node:fs/promises');
  require('node:fs').writeFileSync(process.env.MD_PROBE_OUT, [...seen].sort().join(' '));
});
`;

describe('the built CLI: a warm status loads no php-parser', function () {
  this.timeout(120_000);
  const server = testServer();
  let test: TestDatabase;
  let db: Database;
  let project: string;

  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  };
  async function status(): Promise<{ bundles: string[]; json: { migrations: { name: string; state: string }[]; laravel: { packageMigrations: { folders: { folder: string }[] } } } }> {
    const seen = path.join(project, 'bundles.txt');
    const args = ['-r', path.join(project, 'probe.js'), path.join(repoRoot, 'dist', 'cli.js'), 'status', '--json',
      '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', test.name];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: project, env: { ...process.env, DB_PASSWORD: server.password, MD_PROBE_OUT: seen } });
    const { readFileSync } = await import('node:fs');
    return { bundles: readFileSync(seen, 'utf8').split(' '), json: JSON.parse(stdout) };
  }

  before(async () => {
    test = await createTestDatabase('md_warm_bundles');
    db = await test.open();
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)');
  });
  after(async () => {
    await db?.close();
    await test?.drop();
  });
  beforeEach(() => {
    project = mkdtempSync(path.join(tmpdir(), 'md-warm-bundles-'));
    writeFileSync(path.join(project, 'probe.js'), probe);
    write('composer.json', JSON.stringify({ require: { 'laravel/framework': '^10.0' }, autoload: { 'psr-4': { 'App\\': 'app/' } } }));
    write('config/app.php', "<?php\nreturn ['providers' => [App\\Providers\\AppServiceProvider::class, App\\Providers\\TenantServiceProvider::class]];\n");
    write('app/Providers/AppServiceProvider.php', '<?php\nnamespace App\\Providers;\nuse Illuminate\\Support\\ServiceProvider;\nclass AppServiceProvider extends ServiceProvider {}\n');
    write('app/Providers/TenantServiceProvider.php', "<?php\nnamespace App\\Providers;\nuse Illuminate\\Support\\ServiceProvider;\nclass TenantServiceProvider extends ServiceProvider\n{\n    public function boot()\n    {\n        $this->loadMigrationsFrom(__DIR__.'/../../database/tenant');\n    }\n}\n");
    write('database/tenant/2024_01_02_000000_create_tenants_table.php', "<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration\n{\n    public function up()\n    {\n        Schema::create('tenants', function (Blueprint $table) {\n            $table->id();\n        });\n    }\n};\n");
    write('database/migrations/2024_01_01_000000_create_users_table.php', "<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\nreturn new class extends Migration\n{\n    public function up()\n    {\n        Schema::create('users', function (Blueprint $table) {\n            $table->id();\n        });\n    }\n};\n");
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it("reads config/app.php and the providers once, then answers from the cache; a provider's new folder is seen", async () => {
    const cold = await status();
    assert.ok(cold.bundles.includes('php-parser.js'), cold.bundles.join(' '));
    assert.deepEqual(cold.json.migrations.map((m) => m.name), ['2024_01_01_000000_create_users_table', '2024_01_02_000000_create_tenants_table']);
    const warm = await status();
    assert.deepEqual(warm.json, cold.json);
    assert.ok(!warm.bundles.includes('php-parser.js'), `a warm run loaded ${warm.bundles.join(' ')}`);
    assert.ok(warm.bundles.includes('mysql2.js'), 'the probe sees the bundles the run loads');
    assert.ok(!cold.bundles.includes('node:fs/promises') && !warm.bundles.includes('node:fs/promises'), 'node:fs/promises loaded');
    // The provider now registers another folder: the next run reads it (and the migrations there).
    write('app/Providers/TenantServiceProvider.php', "<?php\nnamespace App\\Providers;\nuse Illuminate\\Support\\ServiceProvider;\nclass TenantServiceProvider extends ServiceProvider\n{\n    public function boot()\n    {\n    }\n}\n");
    const changed = await status();
    assert.deepEqual(changed.json.migrations.map((m) => m.name), ['2024_01_01_000000_create_users_table']);
    assert.deepEqual(changed.json.laravel.packageMigrations.folders, []);
  });
});
