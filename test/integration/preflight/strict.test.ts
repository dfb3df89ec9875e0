// The connection's strict, read from the app's own config/database.php and .env: an app that turns
// it off gets no 1265 for a NOT NULL change over NULLs, and the real Laravel 8.83 migrate, reading
// the same files, converts those NULLs instead of refusing.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { dropDatabase, recreateDatabase, testServer, uniqueDatabaseName, withServer } from '../../support/database';
import { artisan, laravelAppDir } from '../../support/laravel';
import { openedFiles, timesOpened } from '../../support/openedFiles';
import { base, copyDatabase, migrationFile, runSql, table } from './oracle';

describe('preflight: the strict of the app\'s connection', function () {
  this.timeout(300_000);

  it("an app whose .env turns strict off: the NOT NULL change over NULLs passes, as the real migrate does; a strict that cannot be read leaves it unchecked", async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'md-strict-app-'));
    const dir = mkdtempSync(path.join(tmpdir(), 'md-strict-migrations-'));
    const database = uniqueDatabaseName('md_strict');
    const copy = `${database}_c`;
    try {
      cpSync(laravelAppDir, app, { recursive: true });
      const configFile = path.join(app, 'config', 'database.php');
      const config = readFileSync(configFile, 'utf8');
      assert.match(config, /'strict' => true,/);
      writeFileSync(configFile, config.replace("'strict' => true,", "'strict' => env('DB_STRICT_MODE', true),"));
      writeFileSync(path.join(app, '.env'), `${readFileSync(path.join(app, '.env'), 'utf8')}\nDB_STRICT_MODE=false\n`);
      writeFileSync(path.join(dir, '2024_02_01_000000_name_required.php'), migrationFile(table('users', "$table->string('name', 100)->nullable(false)->change();")));
      await recreateDatabase(database);
      await runSql(database, base);
      await copyDatabase(database, copy);

      const server = testServer();
      let out = '';
      let err = '';
      const io: CliIo = { cwd: app, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
      const connection = ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database, '--path', dir, '--laravel-version', '8.83', '--json'];
      const predictions = () => (JSON.parse(out) as { migrations: { prediction: string; error?: { code: number } }[] }).migrations.map((m) => [m.prediction, m.error?.code]);
      const { result: code, opened } = await openedFiles(() => main(['preflight', ...connection], io));
      assert.equal(code, 0, err);
      assert.deepEqual(predictions(), [['passes', undefined]]);
      // The .env the connection, the facts and the strict read is read once for the run.
      assert.equal(timesOpened(opened, path.join(app, '.env')), 1, opened.join('\n'));
      out = '';
      assert.equal(await main(['preflight', ...connection, '--strict'], io), 1, err);
      assert.deepEqual(predictions(), [['fails', 1265]], '--strict overrides what the app says');

      // A strict that needs running the app: preflight does not guess, the prediction is unchecked.
      writeFileSync(configFile, config.replace("'strict' => true,", "'strict' => (bool) env('DB_STRICT_MODE', true),"));
      out = '';
      assert.equal(await main(['preflight', ...connection], io), 0, err);
      assert.deepEqual(predictions(), [['unchecked', undefined]]);
      const reason = (JSON.parse(out) as { migrations: { evidence: { reason?: string } }[] }).migrations[0].evidence.reason ?? '';
      assert.match(reason, /1265 only if the connection is strict.*connections\.mysql\.strict/);
      writeFileSync(configFile, config.replace("'strict' => true,", "'strict' => env('DB_STRICT_MODE', true),"));

      const real = await artisan(copy, ['migrate', '--force'], { appDir: app, migrationsPath: dir });
      assert.equal(real.code, 0, real.stdout + real.stderr);
      const names = await withServer(async (c) => (await c.query(`SELECT name FROM \`${copy}\`.users ORDER BY id`))[0] as { name: string }[]);
      assert.deepEqual(names.map((r) => r.name), ['Ann', '', 'a very long name indeed'], 'the NULL became an empty string');
    } finally {
      await dropDatabase(copy);
      await dropDatabase(database);
      rmSync(app, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
