// The .env reader against the real thing Laravel uses: phpdotenv (Debian's, /usr/share/php/Dotenv).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const phpdotenv = '/usr/share/php/Dotenv/autoload.php';

function phpRead(dir: string): Record<string, string> {
  const script = `require '${phpdotenv}';
$repository = Dotenv\\Repository\\RepositoryBuilder::createWithNoAdapters()->addAdapter(Dotenv\\Repository\\Adapter\\ArrayAdapter::class)->immutable()->make();
echo json_encode(Dotenv\\Dotenv::create($repository, $argv[1])->load());`;
  const result = spawnSync('php', ['-r', script, dir], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, string>;
}

/** parseEnv in a child process, bounded: a reading that never ends fails the test instead of hanging it. */
function ourRead(content: string): Record<string, string> {
  const script = 'process.stdout.write(JSON.stringify(require(process.argv[1]).parseEnv(process.argv[2])))';
  const result = spawnSync(process.execPath, ['-e', script, require.resolve('../../../src/core/db/env'), content], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.error, undefined, `parseEnv(${JSON.stringify(content)}) did not end within 20 s`);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe('.env as Laravel reads it (phpdotenv oracle)', function () {
  before(function () {
    // phpdotenv comes with Debian's php-laravel-framework, which the README's test command installs.
    assert.ok(existsSync(phpdotenv), `${phpdotenv} is missing: apt-get install -y php-laravel-framework`);
  });

  const samples: Record<string, string> = {
    'quotes and comments': 'DB_HOST=db.internal # primary\nDB_DATABASE="shop"\nDB_USERNAME=\'deploy\'\nDB_PASSWORD="p#ss w\\"rd\\\\z"\nDB_PORT=3307\n',
    expansion: 'APP_SLUG=shop\nDB_DATABASE="${APP_SLUG}_prod"\nDB_USERNAME=${APP_SLUG}_user\nDB_SOCKET=\'${APP_SLUG}\'\nDB_HOST="$APP_SLUG"\n',
    'a variable used before it is defined': 'DB_DATABASE="${LATER}_db"\nLATER=x\nDB_PASSWORD=${NOWHERE}\n',
    'spaces and empty values': 'DB_PASSWORD=\nDB_USERNAME="  spaced  "\nexport DB_HOST=10.0.0.1\n',
    // Each `$` is resolved once: a chain of names that refer to each other ends, as in phpdotenv.
    'names that refer to each other': 'A=${B}\nB=${A}\nDB_DATABASE=shop${A}\nDB_HOST=${DB_HOST}\nDB_USERNAME=${B}${A}\n',
    'a value that holds a variable': 'A="${B}"\nB=x${A}\nDB_DATABASE=y${B}\nS=\'${X}\'\nDB_USERNAME=${S}\nDB_PASSWORD=\\${A}\n',
    'escaped dollars': 'A=1\nDB_HOST=\\${A}\nDB_DATABASE="\\${A}"\nDB_USERNAME="$${A}"\nDB_PASSWORD="\\\\${A}"\n',
    'a name with a dot': 'A.B=1\nDB_DATABASE=${A.B}\n',
  };
  for (const [title, content] of Object.entries(samples)) {
    it(title, () => {
      const dir = mkdtempSync(join(tmpdir(), 'md-status-env-'));
      try {
        writeFileSync(join(dir, '.env'), content);
        const laravel = phpRead(dir);
        const ours = ourRead(content);
        for (const key of Object.keys(laravel).filter((k) => k.startsWith('DB_'))) {
          assert.equal(ours[key], laravel[key], `${key} in ${JSON.stringify(content)}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
