// `migration-doctor status` with its analysis cache: a warm run gives the same answer, and a
// migration edited since is read again. In process, against MariaDB.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import type { Database } from '../../../src/core/db/database';
import { createTestDatabase, type TestDatabase, testServer } from '../../support/database';

function migration(table: string): string {
  return `<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration\n{\n    public function up()\n    {\n        Schema::create('${table}', function (Blueprint $table) {\n            $table->id();\n        });\n    }\n\n`
    + `    public function down()\n    {\n        Schema::dropIfExists('${table}');\n    }\n};\n`;
}

describe('migration-doctor status: the analysis cache', function () {
  this.timeout(120_000);
  const server = testServer();
  let test: TestDatabase;
  let db: Database;
  let project: string;
  const migrations = () => path.join(project, 'database', 'migrations');
  const cacheFolder = () => path.join(project, '.migration-doctor', 'cache');

  async function status(...extra: string[]): Promise<{ code: number; json: { migrations: { name: string; state: string; tables: string[] }[] }; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: project, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    const args = ['status', '--json', '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', test.name, ...extra];
    const code = await main(args, io);
    return { code, json: JSON.parse(out), err };
  }

  before(async () => {
    test = await createTestDatabase('md_status_cache');
    db = await test.open();
    await db.execute('CREATE TABLE migrations (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)');
    await db.execute('CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    await db.execute('CREATE TABLE posts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci');
    await db.execute("INSERT INTO migrations (migration, batch) VALUES ('2024_01_01_000000_create_users_table', 1), ('2024_01_02_000000_create_posts_table', 1)");
  });
  after(async () => {
    await db?.close();
    await test?.drop();
  });
  beforeEach(() => {
    project = mkdtempSync(path.join(tmpdir(), 'md-status-cache-'));
    mkdirSync(migrations(), { recursive: true });
    writeFileSync(path.join(migrations(), '2024_01_01_000000_create_users_table.php'), migration('users'));
    writeFileSync(path.join(migrations(), '2024_01_02_000000_create_posts_table.php'), migration('posts'));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('writes the cache under .migration-doctor/cache, and a warm run answers the same without rewriting it', async () => {
    const cold = await status();
    assert.equal(cold.code, 0, cold.err);
    const [file] = readdirSync(cacheFolder());
    assert.match(file, /^analysis-[0-9a-f]{16}\.json$/);
    const written = statSync(path.join(cacheFolder(), file)).mtimeMs;
    const warm = await status();
    assert.deepEqual(warm, cold);
    assert.equal(statSync(path.join(cacheFolder(), file)).mtimeMs, written);
  });

  it('reads a migration edited since the last run again', async () => {
    assert.deepEqual((await status()).json.migrations.map((m) => m.state), ['ran', 'ran']);
    // The incident: the file now creates a table that does not exist.
    writeFileSync(path.join(migrations(), '2024_01_02_000000_create_posts_table.php'), migration('blogs'));
    const after = await status();
    assert.equal(after.code, 1);
    assert.deepEqual(after.json.migrations[1], { ...after.json.migrations[1], state: 'ran-table-missing', tables: ['blogs'] });
  });

  it('--no-cache neither reads nor writes it', async () => {
    const result = await status('--no-cache');
    assert.equal(result.code, 0, result.err);
    assert.ok(!existsSync(path.join(project, '.migration-doctor')));
  });
});
