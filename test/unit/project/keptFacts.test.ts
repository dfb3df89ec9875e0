// The project's facts kept beside the analysis cache: reused while every file they were read from
// is unchanged, and read again as soon as one changes, appears or goes (a stale entry would give
// the wrong folders, and status would call the package's rows orphans).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectFactsCachePath, readProjectFacts, type KeptAnswers } from '../../../src/core/project';

const provider = (namespace: string, name: string, folder: string) =>
  `<?php\nnamespace ${namespace};\nuse Illuminate\\Support\\ServiceProvider;\nclass ${name} extends ServiceProvider\n{\n    public function boot()\n    {\n        $this->loadMigrationsFrom(__DIR__.'/${folder}');\n    }\n}\n`;

describe('project: the facts kept beside the analysis cache', () => {
  let root: string;
  let kept: KeptAnswers;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  const facts = () => readProjectFacts(root, [join(root, 'database', 'migrations')], { withPackages: true }, kept);
  const folders = async () => (await facts()).folders.map((f) => f.slice(root.length));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'md-kept-facts-'));
    kept = { file: projectFactsCachePath(root), analyser: 'test 1' };
    write('composer.json', JSON.stringify({ require: { 'laravel/framework': '^10.0' }, autoload: { 'psr-4': { 'App\\': 'app/' } } }));
    write('config/app.php', "<?php\nreturn ['providers' => [App\\Tenancy\\TenantServiceProvider::class]];\n");
    write('app/Tenancy/TenantServiceProvider.php', provider('App\\Tenancy', 'TenantServiceProvider', '../../database/tenant'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('answers a warm run from the kept file, without rewriting it', async () => {
    const cold = await facts();
    assert.deepEqual(cold.folders.map((f) => f.slice(root.length)), ['/database/tenant', '/database/migrations']);
    const written = statSync(kept.file).mtimeMs;
    assert.deepEqual(await facts(), cold);
    assert.equal(statSync(kept.file).mtimeMs, written);
  });

  it("reads a provider's changed folder, config/app.php's changed providers and composer.lock's version again", async () => {
    await facts();
    write('app/Tenancy/TenantServiceProvider.php', provider('App\\Tenancy', 'TenantServiceProvider', '../../database/landlord'));
    assert.deepEqual(await folders(), ['/database/landlord', '/database/migrations']);
    write('config/app.php', "<?php\nreturn ['providers' => []];\n");
    assert.deepEqual(await folders(), ['/database/migrations']);
    assert.equal((await facts()).laravel.version.value, '10.0');
    write('composer.lock', JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v10.48.2' }] }));
    assert.equal((await facts()).laravel.version.value, '10.48.2');
  });

  it('sees a file that appears where one was looked for, and an app provider added or removed', async () => {
    write('config/app.php', "<?php\nreturn ['providers' => [App\\Tenancy\\TenantServiceProvider::class, App\\Billing\\BillingServiceProvider::class]];\n");
    assert.match(JSON.stringify((await facts()).packages?.problems), /App\\\\Billing\\\\BillingServiceProvider/);
    write('app/Billing/BillingServiceProvider.php', provider('App\\Billing', 'BillingServiceProvider', '../../database/billing'));
    assert.deepEqual(await folders(), ['/database/tenant', '/database/billing', '/database/migrations']);
    // app/Providers is listed for the app's ignoreMigrations() calls: a new file there is read.
    write('app/Providers/AppServiceProvider.php', "<?php\nnamespace App\\Providers;\nuse App\\Tenancy\\TenantServiceProvider;\nclass AppServiceProvider { public function register() { TenantServiceProvider::ignoreMigrations(); } }\n");
    write('app/Tenancy/TenantServiceProvider.php', provider('App\\Tenancy', 'TenantServiceProvider', '../../database/tenant').replace('$this->load', 'if (static::$runsMigrations) $this->load'));
    await facts();
    assert.equal((await facts()).packages?.ignored.length, 1);
    unlinkSync(join(root, 'app/Providers/AppServiceProvider.php'));
    assert.deepEqual(await folders(), ['/database/tenant', '/database/billing', '/database/migrations']);
  });

  it('reads the files again after another analyser, other inputs or a damaged file', async () => {
    await facts();
    const stale = JSON.parse(readFileSync(kept.file, 'utf8'));
    stale.value.packages.folders = [];
    writeFileSync(kept.file, JSON.stringify({ ...stale, analyser: 'test 0' }));
    assert.deepEqual(await folders(), ['/database/tenant', '/database/migrations']);
    writeFileSync(kept.file, JSON.stringify({ ...stale, analyser: 'test 1', parameters: 'other' }));
    assert.deepEqual(await folders(), ['/database/tenant', '/database/migrations']);
    for (const damaged of ['{', 'null', JSON.stringify({ ...stale, analyser: 'test 1', value: { laravel: null } }), JSON.stringify({ ...stale, observations: [null] })]) {
      writeFileSync(kept.file, damaged);
      assert.deepEqual(await folders(), ['/database/tenant', '/database/migrations'], damaged);
    }
    const explicit = await readProjectFacts(root, [], { withPackages: false, explicitVersion: { value: '11', name: 'x' } }, kept);
    assert.equal(explicit.packages, undefined);
  });

  it("reads config/database.php again when a variable its 'default' reads changes, and keeps no variable's value", async () => {
    write('config/database.php', "<?php\nreturn ['default' => env('APP_DB_CONNECTION', 'mysql'), 'connections' => ['tenant' => ['driver' => 'mysql'], 'mysql' => ['driver' => 'mysql']]];\n");
    const named = async (value: string) => {
      const variable = (name: string) => (name === 'APP_DB_CONNECTION' ? value : undefined);
      return (await readProjectFacts(root, [], { withPackages: false, variable }, kept)).laravel.connection.value;
    };
    assert.equal(await named('tenant'), 'tenant');
    assert.equal(await named('tenant'), 'tenant');
    assert.ok(!JSON.stringify(JSON.parse(readFileSync(kept.file, 'utf8')).observations).includes('tenant'));
    assert.equal(await named('mysql'), 'mysql');
  });
});
