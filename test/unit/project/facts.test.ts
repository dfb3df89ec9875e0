// The project's Laravel version and driver, and its packages' migration folders, read from its files.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { english } from '../../../src/core/messages/catalog';
import { runningDriver } from '../../../src/core/analysis/types';
import { allMigrationFolders, findPackageMigrations, laravelTargetOf, lowestAllowedVersion, readLaravelFacts } from '../../../src/core/project';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'md-project-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const roots: string[] = [];
const make = (files: Record<string, string>) => {
  const root = project(files);
  roots.push(root);
  return root;
};
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const lock = (version: string, extra = '') => JSON.stringify({ packages: [{ name: 'acme/x', version: '1.0.0' }, JSON.parse(`{ "name": "laravel/framework", "version": "${version}"${extra} }`)] });
const composer = (constraint: string, more: object = {}) => JSON.stringify({ require: { 'laravel/framework': constraint }, ...more });

describe('project: the Laravel version', () => {
  it('takes the lowest version a composer constraint allows', () => {
    assert.equal(lowestAllowedVersion('^12.0'), '12.0');
    assert.equal(lowestAllowedVersion('^10.0|^11.0'), '10.0');
    assert.equal(lowestAllowedVersion('^11.0 || ^10.48.4'), '10.48.4');
    assert.equal(lowestAllowedVersion('>=9.5 <12'), '9.5');
    assert.equal(lowestAllowedVersion('~11.5.2'), '11.5.2');
    assert.equal(lowestAllowedVersion('12.*'), '12');
    assert.equal(lowestAllowedVersion('v8.83.27'), '8.83.27');
    assert.equal(lowestAllowedVersion('10.x-dev'), '10');
    assert.equal(lowestAllowedVersion('>11'), '11.0.1');
    for (const none of ['*', '<12', 'dev-master', '^9.0 | <8']) assert.equal(lowestAllowedVersion(none), undefined, none);
  });

  it('reads composer.lock first, then composer.json, then the explicit value, and says where from', async () => {
    const explicit = { value: '11', name: 'migrationDoctor.laravelVersion' };
    const locked = await readLaravelFacts(make({ 'composer.lock': lock('v12.3.0'), 'composer.json': composer('^11.0') }), { explicitVersion: explicit });
    assert.deepEqual(locked.version, { value: '12.3.0', source: 'composer.lock (laravel/framework)' });
    assert.match(locked.notes.map(english).join('\n'), /migrationDoctor\.laravelVersion \(11\) is not used: composer\.lock/);

    const aliased = await readLaravelFacts(make({ 'composer.lock': lock('dev-master', ', "extra": { "branch-alias": { "dev-master": "13.x-dev" } }') }));
    assert.equal(aliased.version.value, '13');

    const required = await readLaravelFacts(make({ 'composer.json': composer('^10.0|^11.0') }));
    assert.deepEqual({ ...required.version, said: undefined }, { value: '10.0', source: 'composer.json (laravel/framework "^10.0|^11.0": the lowest version it allows)', said: undefined });
    // A source that is a sentence is also a message, for the editor to say in the user's language.
    assert.equal(required.version.said?.id, 'project.lowestAllowed');

    const set = await readLaravelFacts(make({ 'composer.json': JSON.stringify({ require: { php: '^8.2' } }) }), { explicitVersion: explicit });
    assert.deepEqual(set.version, { value: '11', source: 'migrationDoctor.laravelVersion' });

    const nothing = await readLaravelFacts(make({}), { explicitVersion: { value: 'latest', name: '--laravel-version' } });
    assert.equal(nothing.version.value, undefined);
    assert.match(nothing.version.source, /^nothing says/);
    assert.match(nothing.notes.map(english).join('\n'), /--laravel-version is "latest", which is not a version/);

    const broken = await readLaravelFacts(make({ 'composer.lock': '{ nope', 'composer.json': composer('^9.0') }));
    assert.equal(broken.version.value, '9.0');
    assert.match(broken.notes.map(english).join('\n'), /composer\.lock is not valid JSON/);
  });

  it("selects the mariadb driver from DB_CONNECTION=mariadb, which means nothing before Laravel 11", async () => {
    const eleven = make({ 'composer.lock': lock('v11.9.0') });
    const eight = make({ 'composer.lock': lock('v8.83.27') });
    const mariadb = { value: 'mariadb', source: '.env' };
    assert.deepEqual((await readLaravelFacts(eleven, { dbConnection: mariadb })).driver, { value: 'mariadb', source: 'DB_CONNECTION=mariadb (.env)' });
    assert.equal((await readLaravelFacts(eight, { dbConnection: mariadb })).driver.value, 'mysql');
    assert.equal((await readLaravelFacts(eleven, { dbConnection: { value: 'mysql', source: '.env' } })).driver.value, 'mysql');
    assert.match((await readLaravelFacts(eleven)).driver.source, /DB_CONNECTION is not set/);
  });

  it("names the default connection, config('database.default'), or says it is not known (and then tells no connection from it)", async () => {
    const config = (defaultName: string) => `<?php\nreturn [\n  'default' => ${defaultName},\n  'connections' => ['mysql' => ['driver' => 'mysql']],\n];\n`;
    const app = (defaultName: string | undefined, version = 'v8.83.27') => make({ 'composer.lock': lock(version), ...(defaultName ? { 'config/database.php': config(defaultName) } : {}) });
    const named = async (root: string, dbConnection?: string) => {
      const facts = await readLaravelFacts(root, dbConnection ? { dbConnection: { value: dbConnection, source: '.env' } } : {});
      assert.equal(laravelTargetOf(facts).defaultConnection, facts.connection.value);
      return facts.connection;
    };
    assert.deepEqual(await named(app("env('DB_CONNECTION', 'mysql')")), { value: 'mysql', source: "config/database.php 'default' = env('DB_CONNECTION') default, DB_CONNECTION not set" });
    assert.equal((await named(app("env('DB_CONNECTION', 'mysql')"), 'tenant')).value, 'tenant');
    assert.equal((await named(app("'legacy'"))).value, 'legacy');
    for (const unknown of ["env('DB_CONNECTION')", '$name', "envUnlessEmpty('DB_CONNECTION', 'mysql')", "env('APP_DB', 'mysql')"]) {
      assert.equal((await named(app(unknown))).value, undefined, unknown);
    }
    // No config/database.php: Laravel 11+'s own (env('DB_CONNECTION', 'sqlite')); before 11 there is none.
    assert.equal((await named(app(undefined))).value, undefined);
    assert.equal((await named(app(undefined, 'v12.1.0'), 'mariadb')).value, 'mariadb');
  });

  it("from Laravel 11: the driver of the connection config/database.php names, or not known (and then nothing is decided by it)", async () => {
    const config = (defaultName: string, connections: string) => `<?php\nreturn [\n  'default' => ${defaultName},\n  'connections' => [\n${connections}\n  ],\n];\n`;
    const mysqlNamedMariadb = "    'mysql' => ['driver' => 'mariadb', 'host' => env('DB_HOST')],\n    'sqlite' => ['driver' => 'sqlite'],";
    const twelve = (text: string) => make({ 'composer.lock': lock('v12.1.0'), 'config/database.php': text });
    const mysqlEnv = { value: 'mysql', source: '.env' };
    // The connection is named mysql, its driver is mariadb: `DB::getDriverName()` says mariadb.
    const renamed = await readLaravelFacts(twelve(config("env('DB_CONNECTION', 'sqlite')", mysqlNamedMariadb)), { dbConnection: mysqlEnv });
    assert.deepEqual(renamed.driver, { value: 'mariadb', source: "config/database.php 'connections.mysql.driver', DB_CONNECTION=mysql (.env)" });
    assert.deepEqual(laravelTargetOf(renamed), { version: '12.1.0', driver: 'mariadb', defaultConnection: 'mysql', mysqlFamily: true });
    // DB_CONNECTION not set: the default's own default names the connection.
    const byDefault = await readLaravelFacts(twelve(config("env('DB_CONNECTION', 'mysql')", "    'mysql' => ['driver' => 'mysql'],")));
    assert.deepEqual(byDefault.driver, { value: 'mysql', source: "config/database.php 'connections.mysql.driver'" });
    // 'driver' => env('DB_DRIVER', 'mysql'): Laravel's env(), the variable when set, else its default.
    const byEnv = (variables: Record<string, string>) => readLaravelFacts(twelve(config("env('DB_CONNECTION', 'mysql')", "    'mysql' => ['driver' => env('DB_DRIVER', 'mysql')],")),
      { variable: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined) });
    assert.deepEqual((await byEnv({ DB_DRIVER: 'mariadb' })).driver,
      { value: 'mariadb', source: "config/database.php 'connections.mysql.driver' = env('DB_DRIVER'), DB_DRIVER=mariadb, config/database.php 'default' = env('DB_CONNECTION') default, DB_CONNECTION not set" });
    assert.deepEqual((await byEnv({})).driver,
      { value: 'mysql', source: "config/database.php 'connections.mysql.driver' = env('DB_DRIVER') default, DB_DRIVER not set, config/database.php 'default' = env('DB_CONNECTION') default, DB_CONNECTION not set" });
    assert.match(english((await byEnv({ DB_DRIVER: 'pgsql' })).driver.said!), /the 'mysql' connection's driver is pgsql/);
    // Another database's driver, said as such (what only MySQL and MariaDB refuse is then no failure), whatever the version.
    assert.equal(laravelTargetOf(await byEnv({ DB_DRIVER: 'pgsql' })).mysqlFamily, false);
    assert.equal(laravelTargetOf(await byEnv({})).mysqlFamily, true);
    assert.equal((await readLaravelFacts(twelve(config("env('DB_CONNECTION', 'sqlite')", mysqlNamedMariadb)))).mysqlFamily, false);
    const ten = (text: string) => readLaravelFacts(make({ 'composer.lock': lock('v10.48.0'), 'config/database.php': text }));
    const tenPgsql = await ten(config("env('DB_CONNECTION', 'pgsql')", "    'pgsql' => ['driver' => 'pgsql'],"));
    assert.deepEqual([tenPgsql.driver.value, tenPgsql.mysqlFamily], ['mysql', false]);
    // A connection whose config is not literal (coolify's `'pgsql' => $pgsql`): not known, on any version.
    assert.equal((await ten(config("env('DB_CONNECTION', 'pgsql')", "    'pgsql' => $pgsql,"))).mysqlFamily, undefined);
    assert.equal((await readLaravelFacts(twelve(config("env('DB_CONNECTION', 'pgsql')", "    'pgsql' => $pgsql,")))).mysqlFamily, undefined);
    assert.equal((await ten(config("env('DB_CONNECTION', 'mysql')", "    'mysql' => ['driver' => 'mysql'],"))).mysqlFamily, true);
    // Not known: the grammar follows the connection's name (mariadb's native uuid), no branch on the driver is decided.
    const unknown = async (text: string, dbConnection?: typeof mysqlEnv) => {
      const facts = await readLaravelFacts(twelve(text), dbConnection ? { dbConnection } : {});
      assert.equal(facts.driver.assumed, true, facts.driver.source);
      const target = laravelTargetOf(facts);
      assert.deepEqual([target.driver, target.driverAssumed, runningDriver(target)], [dbConnection?.value === 'mariadb' ? 'mariadb' : 'mysql', true, undefined]);
      return english(facts.driver.said!);
    };
    assert.match(await unknown(config("env('DB_CONNECTION', 'sqlite')", mysqlNamedMariadb)), /the 'sqlite' connection's driver is sqlite/);
    assert.match(await unknown(config("env('DB_CONNECTION')", mysqlNamedMariadb)), /DB_CONNECTION is not set/);
    assert.match(await unknown(config("env('DB_CONNECTION')", mysqlNamedMariadb), { value: 'tenant', source: '.env' }), /no literal 'tenant' connection/);
    assert.match(await unknown(config("env('DB_CONNECTION')", "    'mysql' => ['driver' => env('DB_DRIVER', 'mysql')],"), mysqlEnv), /'connections\.mysql\.driver' cannot be read without running the app/);
    assert.match(await unknown(config("$name", mysqlNamedMariadb), mysqlEnv), /'default' cannot be read/);
    assert.match(await unknown(config("envUnlessEmpty('DB_CONNECTION', 'mysql')", mysqlNamedMariadb), { value: 'mariadb', source: '.env' }), /'default' cannot be read/);
    // No config/database.php: Laravel's own, whose default is sqlite.
    assert.equal((await readLaravelFacts(make({ 'composer.lock': lock('v11.9.0') }))).driver.assumed, true);
    // Before 11 the mysql driver runs MySQL and MariaDB alike, whatever the config says.
    const eight = await readLaravelFacts(make({ 'composer.lock': lock('v8.83.27'), 'config/database.php': config("env('DB_CONNECTION')", mysqlNamedMariadb) }));
    assert.equal(runningDriver(laravelTargetOf(eight)), 'mysql');
  });

  it("reads the default connection's prefix and prefix_indexes as Laravel builds the names, or says it cannot", async () => {
    const app = (entries: string, version = 'v12.1.0') => make({
      'composer.lock': lock(version),
      'config/database.php': `<?php\nreturn [\n  'default' => env('DB_CONNECTION', 'mysql'),\n  'connections' => [\n    'mysql' => ['driver' => 'mysql', ${entries}],\n  ],\n];\n`,
    });
    const variables = (values: Record<string, string>) => ({ variable: (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined) });
    const prefixOf = async (entries: string, values: Record<string, string> = {}, version?: string) => {
      const facts = await readLaravelFacts(app(entries, version), variables(values));
      return [facts.prefix?.value, laravelTargetOf(facts).connectionPrefix];
    };
    assert.deepEqual(await prefixOf("'prefix' => 'wp_', 'prefix_indexes' => true"), [{ table: 'wp_', indexes: true }, { table: 'wp_', indexes: true }]);
    // prefix_indexes not set is null: Builder::createBlueprint / Blueprint::createIndexName leave the prefix out of index names.
    assert.deepEqual(await prefixOf("'prefix' => 'wp_'", {}, 'v8.83.27'), [{ table: 'wp_', indexes: false }, { table: 'wp_', indexes: false }]);
    assert.deepEqual(await prefixOf("'prefix' => env('DB_PREFIX', ''), 'prefix_indexes' => true", { DB_PREFIX: 'app_' }), [{ table: 'app_', indexes: true }, { table: 'app_', indexes: true }]);
    // A 'write' array's prefix is the one the migrations' connection gets.
    assert.deepEqual(await prefixOf("'prefix' => 'a_', 'write' => ['prefix' => 'b_'], 'prefix_indexes' => true"), [{ table: 'b_', indexes: true }, { table: 'b_', indexes: true }]);
    // No prefix: the names as written (nothing for the target to carry).
    assert.deepEqual(await prefixOf("'prefix' => env('DB_PREFIX', '')"), [{ table: '', indexes: false }, undefined]);
    assert.deepEqual(await prefixOf("'host' => '127.0.0.1'"), [{ table: '', indexes: false }, undefined]);
    // Not readable: not known, and the names are checked at their shortest.
    for (const entries of ["'prefix' => $prefix", "'prefix' => 'a_', 'write' => [['prefix' => 'b_']]", "'url' => env('DB_URL'), 'prefix' => ''"]) {
      assert.deepEqual(await prefixOf(entries, entries.includes('DB_URL') ? { DB_URL: 'mysql://u@h/db?prefix=x_' } : {}), [undefined, undefined], entries);
    }
    assert.deepEqual(await prefixOf("'prefix' => 'a_', 'prefix_indexes' => $indexes"), [{ table: 'a_', indexes: false }, { table: 'a_', indexes: false }]);
  });

  it("takes Laravel 11+'s own charset (env('DB_CHARSET', 'utf8mb4')) where the app has no config/database.php, and no charset before 11 or when not set", async () => {
    const skeleton = "<?php\nuse Illuminate\\Foundation\\Application;\nreturn Application::configure(basePath: dirname(__DIR__))\n    ->withRouting(web: __DIR__.'/../routes/web.php')\n    ->create();\n";
    const charsetOf = async (version: string, values: Record<string, string>, config?: string, bootstrap = skeleton) => (await readLaravelFacts(
      make({ 'composer.lock': lock(version), 'bootstrap/app.php': bootstrap, ...(config ? { 'config/database.php': config } : {}) }),
      { variable: (name) => (Object.hasOwn(values, name) ? values[name] : undefined) },
    )).charset;
    assert.equal((await charsetOf('v11.9.0', { DB_CONNECTION: 'mysql' }))?.value, 'utf8mb4');
    assert.equal((await charsetOf('v13.0.0', { DB_CONNECTION: 'mariadb', DB_CHARSET: 'utf8mb3' }))?.value, 'utf8mb3');
    // Laravel's own default connection is sqlite, whose charset is not MySQL's.
    assert.equal((await charsetOf('v12.1.0', {}))?.value, undefined);
    assert.equal((await charsetOf('v10.48.0', { DB_CONNECTION: 'mysql' }))?.value, undefined);
    // A config path of its own (BookStack's Application subclass reads app/Config): not Laravel's, not known.
    assert.equal((await charsetOf('v11.9.0', { DB_CONNECTION: 'mysql' }, undefined, "<?php\n$app = new \\BookStack\\App\\Application(dirname(__DIR__));\nreturn $app;\n"))?.value, undefined);
    assert.equal((await charsetOf('v11.9.0', { DB_CONNECTION: 'mysql' }, undefined, skeleton.replace('->create()', "->create()->useConfigPath(__DIR__.'/../settings')")))?.value, undefined);
    // The app's own mysql entry without 'charset': the grammar writes none, the database's default applies.
    const withoutCharset = "<?php\nreturn ['default' => 'mysql', 'connections' => ['mysql' => ['driver' => 'mysql']]];\n";
    assert.equal((await charsetOf('v12.1.0', {}, withoutCharset))?.value, undefined);
  });
});

const installed = (packages: object[]) => JSON.stringify({ packages, dev: true });
const provider = (namespace: string, body: string, head = 'use Illuminate\\Support\\ServiceProvider;', parent = 'ServiceProvider') =>
  `<?php\nnamespace ${namespace};\n${head}\nclass ${namespace.split('\\').pop()}ServiceProvider extends ${parent}\n{\n    public function boot()\n    {\n        ${body}\n    }\n}\n`;
const pkg = (name: string, namespace: string, discover = true) => ({
  name,
  'install-path': `../${name}`,
  autoload: { 'psr-4': { [`${namespace}\\`]: 'src/' } },
  ...(discover ? { extra: { laravel: { providers: [`${namespace}\\${namespace.split('\\').pop()}ServiceProvider`] } } } : {}),
});

describe('project: the migration folders packages register', () => {
  it('follows discovery, dont-discover, config/app.php, bootstrap/providers.php and parent providers', async () => {
    const root = make({
      'composer.json': JSON.stringify({ autoload: { 'psr-4': { 'App\\': 'app/' } }, extra: { laravel: { 'dont-discover': ['acme/off'] } } }),
      'vendor/composer/installed.json': installed([
        pkg('acme/one', 'Acme\\One'),
        pkg('acme/off', 'Acme\\Off'),
        pkg('acme/listed', 'Acme\\Listed', false),
        { ...pkg('acme/child', 'Acme\\Child'), extra: { laravel: { providers: ['Acme\\Child\\ChildServiceProvider'], 'dont-discover': [] } } },
      ]),
      'vendor/acme/one/src/OneServiceProvider.php': provider('Acme\\One', "$this->loadMigrationsFrom(realpath(__DIR__.DIRECTORY_SEPARATOR.'../database/migrations'));"),
      'vendor/acme/off/src/OffServiceProvider.php': provider('Acme\\Off', "$this->loadMigrationsFrom(__DIR__.'/../migrations');"),
      'vendor/acme/listed/src/ListedServiceProvider.php': provider('Acme\\Listed', "$this->loadMigrationsFrom([dirname(__DIR__, 1) . '/a', dirname(__DIR__).'/b']);"),
      'vendor/acme/child/src/ChildServiceProvider.php': provider('Acme\\Child', 'parent::boot();', 'use Acme\\Child\\Base\\Tools;', 'Tools'),
      'vendor/acme/child/src/Base/Tools.php': provider('Acme\\Child\\Base', "$this->loadMigrationsFrom(__DIR__.'/../../db');").replace('BaseServiceProvider', 'Tools'),
      'config/app.php': "<?php\nreturn ['name' => 'x', 'providers' => [Illuminate\\Cache\\CacheServiceProvider::class, Acme\\Listed\\ListedServiceProvider::class]];\n",
      'bootstrap/providers.php': "<?php\nreturn [App\\Providers\\TenantServiceProvider::class];\n",
      'app/Providers/TenantServiceProvider.php': provider('App\\Providers', "$this->loadMigrationsFrom(database_path('migrations/tenant'));").replace('ProvidersServiceProvider', 'TenantServiceProvider'),
    });
    const found = await findPackageMigrations(root);
    assert.deepEqual(found.problems, []);
    assert.deepEqual(found.unresolved, []);
    assert.deepEqual(found.folders.map((f) => [f.package, f.folder.slice(root.length)]), [
      ['acme/one', '/vendor/acme/one/database/migrations'],
      ['acme/child', '/vendor/acme/child/db'],
      ['acme/listed', '/vendor/acme/listed/a'],
      ['acme/listed', '/vendor/acme/listed/b'],
      [undefined, '/database/migrations/tenant'],
    ]);
    assert.equal(found.folders[1]!.provider, 'Acme\\Child\\ChildServiceProvider');
    assert.equal(found.folders[1]!.file, join(root, 'vendor/acme/child/src/Base/Tools.php'));

    const all = allMigrationFolders([join(root, 'database/migrations')], found);
    assert.equal(all.at(-1), join(root, 'database/migrations'), "the app's own folder comes last, as in Laravel");
  });

  it("reports what it cannot tell, and honours the app's ignoreMigrations()", async () => {
    const root = make({
      'composer.json': JSON.stringify({ autoload: { 'psr-4': { 'App\\': 'app/' } } }),
      'vendor/composer/installed.json': installed([pkg('acme/dyn', 'Acme\\Dyn'), pkg('acme/tokens', 'Acme\\Tokens'), pkg('acme/gone', 'Acme\\Gone')]),
      'vendor/acme/dyn/src/DynServiceProvider.php': provider('Acme\\Dyn', "$this->loadMigrationsFrom(config('dyn.migrations'));"),
      'vendor/acme/tokens/src/TokensServiceProvider.php': provider('Acme\\Tokens', "if (Tokens::shouldRunMigrations()) {\n            $this->loadMigrationsFrom(__DIR__.'/../database/migrations');\n        }"),
      'app/Providers/AppServiceProvider.php': "<?php\nnamespace App\\Providers;\nuse Acme\\Tokens\\Tokens;\nclass AppServiceProvider { public function register() { Tokens::ignoreMigrations(); } }\n",
    });
    const found = await findPackageMigrations(root);
    assert.deepEqual(found.folders, []);
    assert.deepEqual(found.unresolved.map((u) => [u.package, u.expression, u.line]), [['acme/dyn', "config('dyn.migrations')", 8]]);
    assert.equal(found.ignored.length, 1);
    assert.equal(found.ignored[0]!.condition, 'Tokens::shouldRunMigrations()');
    assert.match(english(found.ignored[0]!.because), /^Acme\\Tokens\\Tokens::ignoreMigrations\(\) at .*AppServiceProvider\.php:4$/);
    assert.match(found.problems.map(english).join('\n'), /The file of Acme\\Gone\\GoneServiceProvider was not found/);
  });

  it('finds a psr-0 provider, and says it cannot tell for a classmap-only one', async () => {
    const root = make({
      'vendor/composer/installed.json': installed([
        { name: 'old/legacy', 'install-path': '../old/legacy', autoload: { 'psr-0': { 'Old\\Legacy\\': 'lib/' } }, extra: { laravel: { providers: ['Old\\Legacy\\LegacyServiceProvider'] } } },
        { name: 'old/mapped', 'install-path': '../old/mapped', autoload: { classmap: ['src/'] }, extra: { laravel: { providers: ['Old\\Mapped\\MappedServiceProvider'] } } },
      ]),
      'vendor/old/legacy/lib/Old/Legacy/LegacyServiceProvider.php': provider('Old\\Legacy', "$this->loadMigrationsFrom(__DIR__.'/../../../migrations');"),
      'vendor/old/mapped/src/MappedServiceProvider.php': provider('Old\\Mapped', "$this->loadMigrationsFrom(__DIR__.'/../migrations');"),
    });
    const found = await findPackageMigrations(root);
    assert.deepEqual(found.folders.map((f) => f.folder.slice(root.length)), ['/vendor/old/legacy/migrations']);
    assert.match(found.problems.map(english).join('\n'), /The file of Old\\Mapped\\MappedServiceProvider was not found/);
  });

  it('keeps a conditional registration the app does not switch off, and reads nothing without vendor/', async () => {
    const root = make({
      'vendor/composer/installed.json': installed([pkg('acme/tokens', 'Acme\\Tokens')]),
      'vendor/acme/tokens/src/TokensServiceProvider.php': provider('Acme\\Tokens', "if (Tokens::shouldRunMigrations()) { $this->loadMigrationsFrom(__DIR__.'/../database/migrations'); }"),
    });
    const found = await findPackageMigrations(root);
    assert.deepEqual(found.folders.map((f) => f.condition), ['Tokens::shouldRunMigrations()']);
    assert.deepEqual(await findPackageMigrations(make({})), { folders: [], unresolved: [], ignored: [], problems: [] });
  });

  it('says once that nothing can be told of the required packages when vendor/ is not installed', async () => {
    const root = make({
      'composer.json': JSON.stringify({ require: { php: '^8.2', 'ext-pdo': '*', 'laravel/framework': '^11.0', 'laravel/sanctum': '^4.0', 'acme/x': '^1.0' }, autoload: { 'psr-4': { 'App\\': 'app/' } } }),
      'config/app.php': "<?php\nreturn ['providers' => [Acme\\X\\XServiceProvider::class, App\\Providers\\GoneServiceProvider::class]];\n",
    });
    const found = await findPackageMigrations(root);
    assert.equal(found.problems.length, 2, found.problems.map(english).join('\n'));
    assert.match(english(found.problems[0]!), /^vendor\/composer\/installed\.json is missing \(composer install has not run here\): the migrations laravel\/sanctum, acme\/x may register cannot be told\.$/);
    assert.match(english(found.problems[1]!), /The file of App\\Providers\\GoneServiceProvider was not found/);
    // Only the app's own requirements: nothing to install, nothing unknown.
    assert.deepEqual((await findPackageMigrations(make({ 'composer.json': JSON.stringify({ require: { php: '^8.0', 'laravel/framework': '^8.83' } }) }))).problems, []);
  });
});
