// A migration file far larger than any real one (a dump saved under the wrong name, a file still
// being written): every command says it is too large, reads none of it, and claims nothing of it.
// Its first bytes are a real migration creating `posts`: a command that read them would act on them.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { repoRoot } from '../../support/laravel';
import { createsTable } from '../../support/migrationHistory';

describe('a migration file too large to read', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let project: string;
  const tooLarge = /2020_01_02_000000_create_posts_table.*too large \(64 MB, more than 4 MB\)/;

  before(async () => {
    db = await createTestDatabase('md_large');
    const connection = await db.open();
    try {
      await connection.query('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
      // Recorded as ran, its table absent: read, the file would be ran-table-missing and repaired by a CREATE TABLE.
      await connection.query("INSERT INTO migrations (migration, batch) VALUES ('2020_01_01_000000_create_users_table', 1), ('2020_01_02_000000_create_posts_table', 1)");
      await connection.query('CREATE TABLE users (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY)');
      // Pending, its table present: read, preflight would predict a 1050 and status pending-table-exists.
      await connection.query('CREATE TABLE comments (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY)');
    } finally {
      await connection.close();
    }
    project = mkdtempSync(path.join(tmpdir(), 'md-large-'));
    const folder = path.join(project, 'database', 'migrations');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, '2020_01_01_000000_create_users_table.php'), createsTable('users'));
    for (const [name, table] of [['2020_01_02_000000_create_posts_table', 'posts'], ['2020_01_03_000000_create_comments_table', 'comments']]) {
      const file = path.join(folder, `${name}.php`);
      // The rest a comment, then sparse: 64 MB on disk to stat, nothing to write.
      writeFileSync(file, `${createsTable(table)}/*`);
      truncateSync(file, 64 * 1024 * 1024);
    }
  });

  after(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const server = testServer();
    const connection = ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', db.name];
    const full = [path.join(repoRoot, 'dist', 'cli.js'), args[0]!, ...(args[0] === 'lint' ? [] : connection), '--laravel-version', '11', ...args.slice(1)];
    return promisify(execFile)(process.execPath, full, { cwd: project, env: { ...process.env, DB_PASSWORD: server.password }, maxBuffer: 1 << 20 })
      .then((r) => ({ ...r, code: 0 }), (error: { stdout: string; stderr: string; code: number }) => error);
  }

  it('lint: said once per file, no finding made of it', async () => {
    const { stdout, stderr } = await cli('lint', '--no-cache', '--format', 'json');
    assert.match(stderr, tooLarge);
    assert.match(stderr, /2020_01_03_000000_create_comments_table.*too large/);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  it('status: neither ran-table-missing nor pending-table-exists', async () => {
    const { stdout, stderr } = await cli('status', '--no-cache', '--json');
    assert.match(stderr, tooLarge);
    const states = Object.fromEntries((JSON.parse(stdout) as { migrations: { name: string; state: string }[] }).migrations.map((m) => [m.name, m.state]));
    assert.deepEqual(states, {
      '2020_01_01_000000_create_users_table': 'ran',
      '2020_01_02_000000_create_posts_table': 'ran',
      '2020_01_03_000000_create_comments_table': 'pending',
    });
  });

  it('preflight: the pending one unchecked, not a predicted 1050', async () => {
    const { stdout } = await cli('preflight');
    assert.match(stdout, /2020_01_03_000000_create_comments_table: unchecked: .*too large \(64 MB, more than 4 MB\)/);
    assert.doesNotMatch(stdout, /1050/);
  });

  it('repair: no CREATE TABLE posts, no row changed', async () => {
    const { stdout } = await cli('repair', '--json');
    const plan = (JSON.parse(stdout) as { plan: { steps: unknown[] } }).plan;
    assert.deepEqual(plan.steps, []);
  });
});
