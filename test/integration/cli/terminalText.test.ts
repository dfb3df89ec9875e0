// What the database holds reaches the CLI's output: a name carrying terminal controls must not
// act on the user's terminal or CI log, in the text and JSON outputs alike.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, testServer, type TestDatabase } from '../../support/database';
import { repoRoot } from '../../support/laravel';

// ESC ] 0 ; ... BEL retitles the terminal, ESC [ 2 J clears it, CR rewrites the line, U+202E reverses what follows.
const hostile = '2020_01_01_000000_x\u001b]0;owned\u0007\u001b[2J\rok\u202Egnp.evil\u009b';

describe('the CLI prints names from the database without their controls', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let project: string;

  before(async () => {
    db = await createTestDatabase('md_term');
    const connection = await db.open();
    try {
      await connection.query('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
      await connection.query('INSERT INTO migrations (migration, batch) VALUES (?, 1)', [hostile]);
    } finally {
      await connection.close();
    }
    project = mkdtempSync(path.join(tmpdir(), 'md-term-'));
    mkdirSync(path.join(project, 'database', 'migrations'), { recursive: true });
  });

  after(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  async function status(...extra: string[]): Promise<string> {
    const server = testServer();
    const args = [path.join(repoRoot, 'dist', 'cli.js'), 'status', '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', db.name, '--no-cache', ...extra];
    const result = await promisify(execFile)(process.execPath, args, { cwd: project, env: { ...process.env, DB_PASSWORD: server.password } }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    assert.doesNotMatch(result.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    return result.stdout;
  }

  it('text: every control written as \\uXXXX, the line whole', async () => {
    const out = await status();
    assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.match(out, /2020_01_01_000000_x\\u001b\]0;owned\\u0007\\u001b\[2J\\u000dok\\u202egnp\.evil\\u009b/);
  });

  it('JSON: the same name read back', async () => {
    const out = await status('--json');
    assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const names = (JSON.parse(out) as { migrations: { name: string }[] }).migrations.map((m) => m.name);
    assert.deepEqual(names, [hostile]);
  });
});
