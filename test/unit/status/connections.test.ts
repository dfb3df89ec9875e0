// .env reading as Laravel reads it, the CLI's connection flags, and error sentences.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandArgs } from '../../../src/cli/args';
import { connectionFlags, connectionOptions, readCliEnv, resolveCliConnection, type ConnectionFlags } from '../../../src/cli/connectionOptions';
import { CliIo, UsageError } from '../../../src/cli/io';
import { describeConnection, publicConnection } from '../../../src/core/db/database';
import { parseEnv } from '../../../src/core/db/env';
import { classifyDatabaseError, migrationsTableMissing } from '../../../src/core/db/errors';
import { projectConnection, readProjectConnection, type ProjectConnectionOptions } from '../../../src/core/project/connection';

const laravelEnv = `APP_NAME="Shop"
APP_ENV=production
DB_CONNECTION=mysql
DB_HOST=db.internal # the primary
DB_PORT=3307
DB_DATABASE="\${APP_SLUG}_prod"
APP_SLUG=shop
DB_USERNAME='deploy'
DB_PASSWORD="p#ss w\\"rd"
`;

/** The connection of a Laravel 8–10 app without config/database.php (nor vendor/): Laravel's own, over this .env. */
const stockConnection = (envText: string, options: ProjectConnectionOptions = {}) => projectConnection({ missing: true }, envText, { laravelVersion: { value: '10.48', source: 'test' }, ...options });
const laravel11 = { laravelVersion: { value: '11.0', source: 'test' } };

describe('.env connections', () => {
  it('reads quotes, comments and ${VAR} expansion as Laravel does', () => {
    const env = parseEnv(`BASE=shop\nDB_DATABASE="\${BASE}_prod"\nLITERAL='\${BASE}'\nDB_PASSWORD="a#b"\nX=1 # comment\n`);
    assert.equal(env.DB_DATABASE, 'shop_prod');
    assert.equal(env.LITERAL, '${BASE}', 'single quotes are literal in phpdotenv');
    assert.equal(env.DB_PASSWORD, 'a#b');
    assert.equal(env.X, '1');
  });

  it('builds the connection from DB_* with real environment variables winning', () => {
    const result = stockConnection(laravelEnv, { environment: { DB_HOST: 'override.local' } });
    assert.ok(result.ok);
    const c = result.value;
    assert.equal(c.host, 'override.local');
    assert.equal(c.port, 3307);
    assert.equal(c.user, 'deploy');
    assert.equal(c.password, 'p#ss w"rd');
    assert.equal(c.name, '.env');
    assert.equal(c.migrationsTable, 'migrations');
    assert.equal(c.production, true, 'APP_ENV=production marks the connection as production');
  });

  it('leaves a variable defined later in the file unexpanded, as phpdotenv does', () => {
    const result = stockConnection(laravelEnv);
    assert.ok(result.ok);
    assert.equal(result.value.database, '${APP_SLUG}_prod');
    assert.equal(parseEnv('A=x\nB=$A-${A}-${A:-d}\n').B, '$A-x-${A:-d}', 'only ${NAME} is expanded');
  });

  it('refuses other drivers with a sentence and the next step', () => {
    const result = stockConnection('DB_CONNECTION=pgsql\nDB_DATABASE=x\n');
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'configuration');
    assert.match(result.error.sentence, /DB_CONNECTION=pgsql/);
    assert.match(result.error.nextStep, /mysql/);
    assert.ok(stockConnection('DB_CONNECTION=mariadb\n').ok);
  });

  it('reads DB_URL and rejects a bad port', () => {
    // DB_URL since Laravel 11, DATABASE_URL before (each version's stock config reads only its own).
    for (const [envText, options] of [['DATABASE_URL=mysql://u%40x:s3cret@h:3310/db1\n', {}], ['DB_CONNECTION=mysql\nDB_URL=mysql://u%40x:s3cret@h:3310/db1\n', laravel11]] as const) {
      const url = stockConnection(envText, options);
      assert.ok(url.ok, envText);
      assert.deepEqual([url.value.user, url.value.password, url.value.host, url.value.port, url.value.database], ['u@x', 's3cret', 'h', 3310, 'db1']);
    }
    const bad = stockConnection('DB_PORT=abc\n');
    assert.ok(!bad.ok);
    assert.match(bad.error.sentence, /DB_PORT/);
  });

  it("reads the .env's variables as Laravel's env() does: the environment's own, its words, the URL's driver, connection names as written", () => {
    const environment = stockConnection('DB_DATABASE=shop\nDB_PASSWORD=null\n', { environment: { DB_HOST: 'from.environment', DB_USERNAME: 'deployer' } });
    assert.ok(environment.ok);
    assert.deepEqual([environment.value.host, environment.value.user, environment.value.password], ['from.environment', 'deployer', '']);
    // ConfigurationUrlParser takes the driver from the scheme: a PostgreSQL URL is no MySQL connection.
    const postgres = stockConnection('DB_CONNECTION=mysql\nDB_URL=pgsql://u:p@h:5432/d\n', laravel11);
    assert.match(postgres.ok ? 'connected' : postgres.error.sentence, /^DB_URL, set by the \.env, is a pgsql URL, whose scheme 'connections\.mysql\.url' of Laravel 11's own config\/database\.php \(the app has none\) takes as the driver/);
    // config('database.connections.MySQL') is null: "Database connection [MySQL] not configured."
    const upper = stockConnection('DB_CONNECTION=MySQL\n');
    assert.match(upper.ok ? 'connected' : upper.error.sentence, /DB_CONNECTION=MySQL/);
  });

  it('reports a missing .env as a value', async () => {
    const result = await readProjectConnection('/nonexistent', '/nonexistent/.env');
    assert.ok(!result.ok);
    assert.match(result.error.sentence, /No \.env file/);
  });

  it('never exposes the password in the public connection', () => {
    const result = stockConnection(laravelEnv);
    assert.ok(result.ok);
    const shown = publicConnection(result.value);
    assert.ok(!('password' in shown));
    assert.ok(!JSON.stringify(shown).includes('p#ss'));
    assert.ok(!describeConnection(shown).includes('p#ss'));
  });
});

function io(cwd: string, env: NodeJS.ProcessEnv = {}, stdin = ''): CliIo {
  return { cwd, env, out: () => undefined, err: () => undefined, readStdin: async () => stdin };
}

/** As a command resolves it: the .env read once, then the connection. */
const resolve = async (flags: ConnectionFlags, cliIo: CliIo) => resolveCliConnection(flags, cliIo, await readCliEnv(cliIo, flags.envFile));

describe('CLI connection flags', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'md-status-flags-'));
    writeFileSync(join(dir, '.env'), 'DB_CONNECTION=mysql\nDB_HOST=10.0.0.5\nDB_DATABASE=app\nDB_USERNAME=laravel\nDB_PASSWORD=fromfile\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const flagsOf = (args: string[]) => connectionFlags(parseCommandArgs('status', args, connectionOptions).values);

  it('reads the connection options in both spellings', () => {
    assert.deepEqual(flagsOf(['--host', 'h', '--port=3307', '--prefix=app_', '--password-stdin']), { host: 'h', port: 3307, prefix: 'app_', passwordStdin: true });
  });

  it('refuses --password and bad numbers as usage errors', () => {
    assert.throws(() => flagsOf(['--password', 'x']), UsageError);
    assert.throws(() => flagsOf(['--port', '99999']), UsageError);
    assert.throws(() => flagsOf(['--host']), UsageError);
  });

  it('reads ./.env, lets flags override it, and takes the password from DB_PASSWORD or stdin', async () => {
    const fromFile = await resolve(flagsOf(['--database', 'other']), io(dir));
    assert.ok(fromFile.ok);
    assert.deepEqual([fromFile.value.host, fromFile.value.database, fromFile.value.user, fromFile.value.password], ['10.0.0.5', 'other', 'laravel', 'fromfile']);
    const fromEnvVar = await resolve({}, io(dir, { DB_PASSWORD: 'fromenv' }));
    assert.ok(fromEnvVar.ok);
    assert.equal(fromEnvVar.value.password, 'fromenv');
    const fromStdin = await resolve({ passwordStdin: true }, io(dir, { DB_PASSWORD: 'fromenv' }, 'typed\n'));
    assert.ok(fromStdin.ok);
    assert.equal(fromStdin.value.password, 'typed');
  });

  it('asks for --env-file or --database when there is no .env', async () => {
    await assert.rejects(resolve({}, io(tmpdir() + '/md-none-' + Date.now())), UsageError);
    const explicit = await resolve({ database: 'x', user: 'u' }, io('/nonexistent-dir'));
    assert.ok(explicit.ok);
    assert.equal(explicit.value.name, 'command line');
  });
});

describe('database error sentences', () => {
  const options = { name: 'preprod', host: 'db', port: 3306, user: 'app', database: 'shop', migrationsTable: 'migrations', tablePrefix: '', production: false };
  const cases: [object, string, RegExp][] = [
    [{ code: 'ECONNREFUSED' }, 'unreachable', /refused/],
    [{ code: 'ETIMEDOUT' }, 'timeout', /did not answer in time/],
    [{ code: 'ENOTFOUND' }, 'unknown-host', /cannot be found/],
    [{ errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' }, 'access-denied', /wrong user name or password/],
    [{ errno: 1049, code: 'ER_BAD_DB_ERROR' }, 'unknown-database', /'shop' does not exist/],
    [{ errno: 1044 }, 'no-privilege', /lacks a privilege/],
    [{ errno: 1142, sqlMessage: 'SELECT command denied' }, 'no-privilege', /SELECT command denied/],
    [{ fatal: true, message: "Can't add new command when connection is in closed state" }, 'connection-lost', /was closed/],
    [{ code: 'PROTOCOL_CONNECTION_LOST', fatal: true }, 'connection-lost', /was lost/],
  ];
  for (const [error, kind, sentence] of cases) {
    it(`${JSON.stringify(error)} -> ${kind}`, () => {
      const classified = classifyDatabaseError(error, options)!;
      assert.equal(classified.kind, kind);
      assert.match(classified.sentence, sentence);
      assert.ok(classified.nextStep.length > 10);
      assert.ok(classified.message.includes(classified.nextStep));
    });
  }

  it('says "Migration table not found" as Laravel does', () => {
    assert.match(migrationsTableMissing('migrations', options).sentence, /^Migration table not found/);
  });
});
