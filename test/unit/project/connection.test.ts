// The connection of config/database.php's default entry: its 'write' entries, one-host lists, URL,
// prefix; what cannot be read is refused with where and why; a literal password is never kept.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionFromRecipe, connectionRecipeCachePath, connectionRecipeOf, readProjectConnection } from '../../../src/core/project/connection';
import { databaseConfigOf, defaultNameOf, envOf } from '../../../src/core/project/databaseConfig';

const recipe = (connections: string, defaultWritten = "env('DB_CONNECTION', 'app')") => {
  const config = databaseConfigOf(`<?php\nreturn ['default' => ${defaultWritten}, 'connections' => [${connections}]];\n`, 'config/database.php');
  assert.ok('returned' in config);
  return connectionRecipeOf(config.returned);
};
const connect = (connections: string, variables: Record<string, string> = {}, defaultWritten?: string) => {
  const read = recipe(connections, defaultWritten);
  return connectionFromRecipe(read, defaultNameOf(read.default, envOf(variables)), envOf(variables));
};

describe('project: the connection config/database.php names', () => {
  it("takes the 'write' entries, a one-host list, the URL over the entries, and the prefix", () => {
    const written = connect("'app' => ['driver' => 'mysql', 'host' => 'reader', 'database' => 'd', 'username' => 'u', 'prefix' => 'wp_', 'write' => ['host' => ['writer']]]");
    assert.ok(written.ok);
    assert.deepEqual([written.value.host, written.value.port, written.value.database, written.value.user, written.value.tablePrefix], ['writer', 3306, 'd', 'u', 'wp_']);
    const url = connect("'app' => ['driver' => 'mysql', 'url' => env('DB_URL'), 'host' => 'h', 'database' => 'd', 'username' => 'u']", { DB_URL: 'mariadb://x:y@db:3310/shop' });
    assert.ok(url.ok);
    assert.deepEqual([url.value.host, url.value.port, url.value.database, url.value.user, url.value.password], ['db', 3310, 'shop', 'x', 'y']);
  });

  it('refuses with where and why: several hosts, an expression, a missing connection, another driver, a bad port', () => {
    const why = (result: ReturnType<typeof connect>) => (result.ok ? 'connected' : result.error.sentence);
    assert.match(why(connect("'app' => ['driver' => 'mysql', 'host' => ['a', 'b'], 'database' => 'd', 'username' => 'u']")), /'connections\.app\.host' lists several hosts/);
    assert.match(why(connect("'app' => ['driver' => 'mysql', 'host' => 'h', 'database' => strtolower('D'), 'username' => 'u']")), /'connections\.app\.database' is an expression/);
    assert.match(why(connect("'app' => ['driver' => 'mysql']", { DB_CONNECTION: 'tenant' })), /no 'tenant' connection.*DB_CONNECTION=tenant/);
    assert.match(why(connect("'app' => ['driver' => 'sqlite', 'database' => 'x']")), /'app'.*sqlite driver/);
    assert.match(why(connect("'app' => ['driver' => 'mysql', 'host' => 'h', 'port' => env('P'), 'database' => 'd', 'username' => 'u']", { P: 'abc' })), /connections\.app\.port' = env\('P'\), P=abc: not a port number/);
    assert.match(why(connect("'app' => ['driver' => 'mysql']", {}, 'config(\'x\')')), /'default' is an expression/);
    // A socket Laravel would connect through instead of the host and port; an empty one (the stock DB_SOCKET default) is none.
    const socket = "'app' => ['driver' => 'mysql', 'host' => 'h', 'database' => 'd', 'username' => 'u', 'unix_socket' => env('DB_SOCKET', '')]";
    assert.match(why(connect(socket, { DB_SOCKET: '/run/mysqld/mysqld.sock' })), /'connections\.app\.unix_socket' = env\('DB_SOCKET'\), DB_SOCKET=\/run\/mysqld\/mysqld\.sock: Laravel connects through this Unix socket/);
    assert.equal(why(connect(socket)), 'connected');
    assert.match(why(connect(socket.replace("env('DB_SOCKET', '')", 'socket_path()'))), /'connections\.app\.unix_socket' is an expression/);
    // A URL that is no URL is named by where it is written, never by its value: it holds the password.
    const badUrl = why(connect("'app' => ['driver' => 'mysql', 'url' => env('DB_URL'), 'database' => 'd']", { DB_URL: 'mysql://u:s3cret@h:99999/d' }));
    assert.match(badUrl, /'connections\.app\.url': not a valid URL/);
    assert.doesNotMatch(badUrl, /s3cret/);
  });

  it("reads the .env as Laravel's stock config does when 'default' cannot be read (an app's own env helper), and refuses an unreadable entry of a known default", async () => {
    const root = mkdtempSync(join(tmpdir(), 'md-connection-'));
    try {
      mkdirSync(join(root, 'config'));
      const entry = (host: string) => `'mysql' => ['driver' => 'mysql', 'host' => ${host}, 'database' => env('DB_DATABASE', 'forge'), 'username' => env('DB_USERNAME', 'forge')]`;
      writeFileSync(join(root, 'config', 'database.php'), `<?php\nreturn ['default' => envUnlessEmpty('DB_CONNECTION', 'mysql'), 'connections' => [${entry("env('DB_HOST')")}], 'migrations' => 'app_migrations'];\n`);
      writeFileSync(join(root, '.env'), 'DB_CONNECTION=mysql\nDB_HOST=db.local\nDB_DATABASE=app\nDB_USERNAME=u\n');
      const read = await readProjectConnection(root, join(root, '.env'));
      assert.ok(read.ok, read.ok ? '' : read.error.sentence.toString());
      // The migrations table is still the file's.
      assert.deepEqual([read.value.host, read.value.database, read.value.user, read.value.migrationsTable], ['db.local', 'app', 'u', 'app_migrations']);
      // The default is known: its host, an expression, is not replaced by DB_HOST.
      writeFileSync(join(root, 'config', 'database.php'), `<?php\nreturn ['default' => env('DB_CONNECTION', 'mysql'), 'connections' => [${entry("gethostbyname('db')")}]];\n`);
      const refused = await readProjectConnection(root, join(root, '.env'));
      assert.ok(!refused.ok);
      assert.match(String(refused.error.sentence), /'connections\.mysql\.host' is an expression/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("names the migrations table by config/database.php's 'migrations', as the project's Laravel reads it, and says where", async () => {
    const root = mkdtempSync(join(tmpdir(), 'md-connection-'));
    try {
      mkdirSync(join(root, 'config'));
      writeFileSync(join(root, '.env'), 'DB_DATABASE=app\n');
      const read = async (migrations: string | undefined, laravel: string | undefined) => {
        const entry = migrations === undefined ? '' : `, 'migrations' => ${migrations}`;
        writeFileSync(join(root, 'config', 'database.php'), `<?php\nreturn ['default' => 'mysql', 'connections' => ['mysql' => ['driver' => 'mysql', 'host' => 'h', 'database' => env('DB_DATABASE'), 'username' => 'u']]${entry}];\n`);
        rmSync(join(root, 'composer.lock'), { force: true });
        if (laravel) writeFileSync(join(root, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: `v${laravel}` }] }));
        const result = await readProjectConnection(root, join(root, '.env'));
        return result.ok ? [result.value.migrationsTable, result.value.migrationsTableSource] : String(result.error.sentence);
      };
      // Up to 10 the entry is the name; from 11 on it may be an array, and Laravel's own config fills in a missing entry.
      assert.deepEqual(await read("'app_migrations'", '10.48.0'), ['app_migrations', "config/database.php 'migrations'"]);
      assert.deepEqual(await read("['table' => env('MIGRATIONS', 'm11'), 'update_date_on_publish' => true]", '11.0.0'),
        ['m11', "config/database.php 'migrations.table' = env('MIGRATIONS') default, MIGRATIONS not set"]);
      assert.deepEqual(await read(undefined, '12.1.0'), ['migrations', "Laravel's own config/database.php (the app's has no 'migrations' entry)"]);
      assert.match(String(await read("['table' => 'm']", '10.48.0')), /'migrations' is an array, which Laravel 10 takes as the table's name/);
      assert.match(String(await read(undefined, '9.52.0')), /has no 'migrations' entry, which Laravel 9 reads as the table's name/);
      assert.match(String(await read("['update_date_on_publish' => true]", '11.0.0')), /'migrations\.table' is not set/);
      assert.match(String(await read("config('x')", '11.0.0')), /migrations table's name cannot be told without running the app: config\/database\.php 'migrations' is an expression/);
      // No version said: the array's table (the form only Laravel 11+ can migrate with), Laravel's own name without the entry.
      assert.deepEqual(await read("['table' => 'm']", undefined), ['m', "config/database.php 'migrations.table'"]);
      // Named by the caller (--migrations-table): the file's entry is not needed.
      const named = await readProjectConnection(root, join(root, '.env'), { migrationsTable: 'given' });
      assert.ok(named.ok);
      assert.deepEqual([named.value.migrationsTable, named.value.migrationsTableSource], ['given', undefined]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe("without the app's config/database.php: Laravel's own, of the project's version", () => {
    let root: string;
    beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'md-connection-')); });
    afterEach(() => rmSync(root, { recursive: true, force: true }));
    const connectWith = async (envText: string, explicitVersion?: { value: string; name: string }) => {
      writeFileSync(join(root, '.env'), envText);
      const read = await readProjectConnection(root, join(root, '.env'), explicitVersion ? { explicitVersion: async () => explicitVersion } : {});
      return read.ok ? [read.value.database, read.value.user] : String(read.error.sentence);
    };
    // Laravel 11's .env.example: DB_CONNECTION set, DB_DATABASE and DB_USERNAME commented out.
    const env11 = 'DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\n# DB_DATABASE=laravel\n# DB_USERNAME=root\n';

    it("reads vendor/laravel/framework/config/database.php, whose sqlite entry's database_path() is not in the way", async () => {
      mkdirSync(join(root, 'vendor', 'laravel', 'framework', 'config'), { recursive: true });
      const entry = (driver: string) => `'${driver}' => ['driver' => '${driver}', 'url' => env('DB_URL'), 'host' => env('DB_HOST', '127.0.0.1'), 'port' => env('DB_PORT', '3306'), 'database' => env('DB_DATABASE', 'laravel'), 'username' => env('DB_USERNAME', 'root'), 'password' => env('DB_PASSWORD', ''), 'prefix' => '']`;
      writeFileSync(join(root, 'vendor', 'laravel', 'framework', 'config', 'database.php'), `<?php\nreturn ['default' => env('DB_CONNECTION', 'sqlite'), 'connections' => [
        'sqlite' => ['driver' => 'sqlite', 'url' => env('DB_URL'), 'database' => env('DB_DATABASE', database_path('database.sqlite'))], ${entry('mysql')}, ${entry('mariadb')}]];\n`);
      assert.deepEqual(await connectWith(env11), ['laravel', 'root']);
      assert.deepEqual(await connectWith('DB_CONNECTION=mariadb\nDB_URL=mariadb://u:p@db/shop\n'), ['shop', 'u']);
      assert.match(String(await connectWith('DB_DATABASE=x\n')), /'sqlite'.*sqlite driver/);
      // What is refused of that file names it, not the app's config/database.php.
      assert.match(String(await connectWith('DB_CONNECTION=mysql\nDB_URL=pgsql://u:p@db/shop\n')), /'mysql' of vendor\/laravel\/framework\/config\/database\.php uses the pgsql driver/);
      assert.match(String(await connectWith('DB_CONNECTION=tenant\n')), /^vendor\/laravel\/framework\/config\/database\.php has no 'tenant' connection/);
    });

    it("without vendor/, Laravel's stock config of the version composer.lock, composer.json or the setting says", async () => {
      writeFileSync(join(root, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v11.9.2' }] }));
      assert.deepEqual(await connectWith(env11), ['laravel', 'root']);
      assert.match(String(await connectWith('DB_DATABASE=x\n')), /does not set DB_CONNECTION.*Laravel 11's own default connection is then sqlite/);
      rmSync(join(root, 'composer.lock'));
      writeFileSync(join(root, 'composer.json'), JSON.stringify({ require: { 'laravel/framework': '^10.10' } }));
      assert.deepEqual(await connectWith(env11), ['forge', 'forge']);
      assert.deepEqual(await connectWith('DB_DATABASE=x\nDATABASE_URL=mysql://u:p@db/shop\n'), ['shop', 'u']);
      rmSync(join(root, 'composer.json'));
      assert.deepEqual(await connectWith(env11, { value: '12', name: 'migrationDoctor.laravelVersion' }), ['laravel', 'root']);
    });

    it("refuses what Laravel's own config reads of the .env and this tool cannot follow, saying it is that config of that version (DB_SOCKET, a URL of another driver, a null database)", async () => {
      writeFileSync(join(root, 'composer.json'), JSON.stringify({ require: { 'laravel/framework': '^10.10' } }));
      const env10 = 'DB_CONNECTION=mysql\nDB_DATABASE=d\nDB_USERNAME=u\n';
      // The skeleton's 'unix_socket' => env('DB_SOCKET', ''): set, Laravel connects through it and ignores the host and port.
      assert.match(String(await connectWith(`${env10}DB_SOCKET=/run/mysqld/mysqld.sock\n`)),
        /^DB_SOCKET=\/run\/mysqld\/mysqld\.sock, set by the \.env, is read by 'connections\.mysql\.unix_socket' of Laravel 10's own config\/database\.php \(the app has none\): Laravel connects through this Unix socket/);
      assert.deepEqual(await connectWith(`${env10}DB_SOCKET=\n`), ['d', 'u'], 'an empty socket is none');
      assert.match(String(await connectWith(`${env10}DATABASE_URL=pgsql://u:p@db/shop\n`)), /^DATABASE_URL, set by the \.env, is a pgsql URL, whose scheme 'connections\.mysql\.url' of Laravel 10's own config\/database\.php/);
      assert.match(String(await connectWith('DB_CONNECTION=mysql\nDB_DATABASE=null\nDB_USERNAME=u\n')), /^DB_DATABASE=null, set by the \.env, is read by 'connections\.mysql\.database' of Laravel 10's own/);
      rmSync(join(root, 'composer.json'));
      // Every version's reads DB_SOCKET alike: refused whatever the version, and said so.
      assert.match(String(await connectWith(`${env10}DB_SOCKET=/tmp/s.sock\n`)), /'connections\.mysql\.unix_socket' of Laravel's own config\/database\.php \(the app has none; Laravel 8–10's and 11\+'s read it alike\)/);
      const fromEnvironment = await readProjectConnection(root, join(root, '.env'), { environment: { DB_SOCKET: '/tmp/s.sock' } });
      assert.match(fromEnvironment.ok ? 'connected' : fromEnvironment.error.sentence, /^DB_SOCKET=\/tmp\/s\.sock, set by the environment,/);
    });

    it('refuses, saying where each would come from, what 8–10 and 11+ read differently when the version is unknown', async () => {
      const refused = String(await connectWith(env11));
      assert.match(refused, /does not set DB_DATABASE.*'forge' in Laravel 8–10 and 'laravel' since 11.*version is unknown \(nothing says/);
      assert.match(String(await connectWith('DB_DATABASE=d\nDB_USERNAME=u\n')), /does not set DB_CONNECTION.*'mysql' in Laravel 8–10 and 'sqlite' since 11/);
      assert.match(String(await connectWith('DB_CONNECTION=mysql\nDB_URL=mysql://u:p@h/d\n')), /sets DB_URL.*only Laravel 11\+'s own config reads it/);
      // What every version reads alike connects, and another driver is refused as before.
      assert.deepEqual(await connectWith('DB_CONNECTION=mysql\nDB_DATABASE=d\nDB_USERNAME=u\n'), ['d', 'u']);
      assert.match(String(await connectWith('DB_CONNECTION=pgsql\n')), /DB_CONNECTION=pgsql: Migration Doctor works with MySQL and MariaDB only/);
    });
  });

  it('keeps what config/database.php says without a literal password, and still connects with it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'md-connection-'));
    try {
      mkdirSync(join(root, 'config'));
      writeFileSync(join(root, 'config', 'database.php'), "<?php\nreturn ['default' => 'app', 'connections' => ['app' => ['driver' => 'mysql', 'host' => 'h', 'database' => 'd', 'username' => 'u', 'password' => 's3cret-literal']]];\n");
      writeFileSync(join(root, '.env'), 'APP_ENV=local\n');
      const kept = { file: connectionRecipeCachePath(root), analyser: 'test' };
      for (const pass of ['first', 'warm']) {
        const read = await readProjectConnection(root, join(root, '.env'), { kept });
        assert.ok(read.ok, pass);
        assert.equal(read.value.password, 's3cret-literal', pass);
      }
      assert.ok(!readFileSync(kept.file, 'utf8').includes('s3cret'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
