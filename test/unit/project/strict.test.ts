// The `strict` of the app's connection, read from config/database.php and its .env as Laravel reads them.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readConnectionStrict } from '../../../src/core/project/strict';

const roots: string[] = [];
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'md-strict-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const config = (connections: string, defaultName = "env('DB_CONNECTION', 'mysql')") =>
  `<?php\n\nuse Illuminate\\Support\\Str;\n\nreturn [\n  'default' => ${defaultName},\n  'connections' => [\n${connections}\n  ],\n];\n`;
const mysql = (strict: string) => `    'mysql' => ['driver' => 'mysql', 'host' => env('DB_HOST', '127.0.0.1'), 'strict' => ${strict}, 'engine' => null],`;

async function read(files: Record<string, string>, environment: Record<string, string> = {}) {
  const root = project(files);
  return readConnectionStrict(root, join(root, '.env'), environment);
}

describe('project: the connection\'s strict', () => {
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('reads a literal true or false', async () => {
    assert.deepEqual(await read({ 'config/database.php': config(mysql('true')) }), { strict: true, from: "config/database.php 'connections.mysql.strict'" });
    assert.equal((await read({ 'config/database.php': config(mysql('false')) })).strict, false);
  });

  it('resolves env() through the .env, and the environment over it', async () => {
    const files = { 'config/database.php': config(mysql("env('DB_STRICT_MODE', true)")), '.env': 'DB_STRICT_MODE=false\n' };
    const fromEnv = await read(files);
    assert.equal(fromEnv.strict, false);
    assert.match('from' in fromEnv ? fromEnv.from : '', /DB_STRICT_MODE=false/);
    assert.equal((await read(files, { DB_STRICT_MODE: 'true' })).strict, true);
  });

  it('takes env()\'s default when the variable is not set', async () => {
    assert.equal((await read({ 'config/database.php': config(mysql("env('DB_STRICT_MODE', false)")), '.env': 'DB_HOST=x\n' })).strict, false);
    assert.equal((await read({ 'config/database.php': config(mysql("env('DB_STRICT_MODE', true)")) })).strict, true);
  });

  it('takes Laravel\'s own strict only where its own config applies: an app without config/database.php that reads its config elsewhere is unknown', async () => {
    // Laravel 11+'s skeleton: no config/database.php, bootstrap/app.php through Application::configure().
    const skeleton = "<?php\nuse Illuminate\\Foundation\\Application;\nreturn Application::configure(basePath: dirname(__DIR__))->create();\n";
    assert.equal((await read({ 'bootstrap/app.php': skeleton })).strict, true);
    // BookStack's shape: its own Application reads app/Config, whose database.php says 'strict' => false.
    const bookStack = "<?php\n$app = new \\BookStack\\App\\Application(dirname(__DIR__));\nreturn $app;\n";
    const elsewhere = await read({ 'bootstrap/app.php': bookStack, 'app/Config/database.php': config(mysql('false')) });
    assert.equal(elsewhere.strict, undefined);
    assert.match('unknown' in elsewhere ? elsewhere.unknown : '', /no config\/database\.php/);
    // A configure() that names a config path of its own: not Laravel's either.
    assert.equal((await read({ 'bootstrap/app.php': skeleton.replace('->create()', "->withConfigPath('x')->create()").replace('withConfigPath', 'configPath') })).strict, undefined);
  });

  it('follows DB_CONNECTION to the connection it names (a mariadb one)', async () => {
    const files = {
      'config/database.php': config(`${mysql('true')}\n    'mariadb' => ['driver' => 'mariadb', 'strict' => false],`),
      '.env': 'DB_CONNECTION=mariadb\n',
    };
    assert.deepEqual(await read(files), { strict: false, from: "config/database.php 'connections.mariadb.strict'" });
  });

  it('is unknown for what needs running the app, a missing strict or custom modes', async () => {
    for (const strict of ["Str::contains(env('X', ''), 'y')", "(bool) env('DB_STRICT_MODE', true)", 'null']) {
      const result = await read({ 'config/database.php': config(mysql(strict)) });
      assert.equal(result.strict, undefined, strict);
      assert.ok('unknown' in result && result.unknown.length > 0);
    }
    assert.equal((await read({ 'config/database.php': config("    'mysql' => ['driver' => 'mysql'],") })).strict, undefined);
    assert.equal((await read({ 'config/database.php': config("    'mysql' => ['strict' => true, 'modes' => ['ONLY_FULL_GROUP_BY']],") })).strict, undefined);
    assert.equal((await read({ 'config/database.php': config(mysql('false'), 'config_default()') })).strict, undefined);
  });

  it('is unknown when the app has no config/database.php and nothing shows Laravel\'s own applies (no bootstrap/app.php)', async () => {
    const result = await read({ '.env': 'DB_CONNECTION=mysql\n' });
    assert.equal(result.strict, undefined);
    assert.match('unknown' in result ? result.unknown : '', /is read from elsewhere/);
  });
});
