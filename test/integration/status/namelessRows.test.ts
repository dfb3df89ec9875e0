// A migrations table changed by hand to hold rows without a name (NULL): status and repair say so
// and claim nothing, instead of failing as an internal error.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { repoRoot } from '../../support/laravel';

describe('a migrations table with rows whose name is NULL', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let project: string;

  before(async () => {
    db = await createTestDatabase('md_nameless');
    const connection = await db.open();
    try {
      await connection.query('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NULL, batch int NOT NULL)');
      await connection.query("INSERT INTO migrations (migration, batch) VALUES ('2020_01_01_000000_create_a_table', 1), (NULL, 1), (NULL, 2)");
    } finally {
      await connection.close();
    }
    project = mkdtempSync(path.join(tmpdir(), 'md-nameless-'));
    mkdirSync(path.join(project, 'database', 'migrations'), { recursive: true });
  });

  after(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  for (const command of ['status', 'repair']) {
    it(`${command}: one sentence and the next step, exit 2, nothing planned`, async () => {
      const server = testServer();
      const args = [path.join(repoRoot, 'dist', 'cli.js'), command, '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', db.name, '--no-mysqldump'].filter((a) => command === 'repair' || a !== '--no-mysqldump');
      const result = await promisify(execFile)(process.execPath, args, { cwd: project, env: { ...process.env, DB_PASSWORD: server.password } })
        .then(() => ({ code: 0, stdout: '', stderr: '' }), (error: { code: number; stdout: string; stderr: string }) => error);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /has rows without a migration name \(NULL, 2 in all\)/);
      assert.match(result.stderr, /SELECT \* FROM `migrations` WHERE migration IS NULL/);
      assert.doesNotMatch(result.stdout, /DELETE|INSERT|UPDATE/);
    });
  }
});
