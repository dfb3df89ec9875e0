// A migration file whose name holds a line break or another control character: Laravel's
// Migrator globs `*_*.php`, records the name as it is and runs the file. lint reads its name as
// any other (the table it promises, the class it should declare) and names it escaped; status
// sees it ran, as the real artisan does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { createTestDatabase, migrationRows, testServer, type TestDatabase } from '../../support/database';
import { artisanOk, requireOracle } from '../../support/laravel';
import { createsTable } from '../../support/migrationHistory';

// The file says `posts` and a line break, up() creates `comments`; the other says `tags` and a
// carriage return, and creates `tags`.
const mismatched = '2025_01_01_000000_create_posts\n_table';
const misspelt = '2025_01_01_000001_create_tags\r_table';

describe('a migration file name holding a control character', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let project: string;

  before(async () => {
    await requireOracle();
    db = await createTestDatabase('md_ctl_names');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-ctl-names-'));
    const folder = path.join(project, 'database', 'migrations');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${mismatched}.php`), createsTable('comments'));
    fs.writeFileSync(path.join(folder, `${misspelt}.php`), createsTable('tags'));
  });

  after(async () => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
    await db?.drop();
  });

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: project, env: { DB_PASSWORD: testServer().password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    return { code: await main(args, io), out, err };
  }

  it('Laravel runs both and records their names as they are', async () => {
    await artisanOk(db.name, ['migrate', '--force', '--path', path.join(project, 'database', 'migrations'), '--realpath']);
    assert.deepEqual((await migrationRows(db.name)).map((r) => r.migration), [mismatched, misspelt]);
  });

  it('lint reports the table each name promises, the name escaped on its line', async () => {
    const { code, out } = await cli(['lint', '--no-cache', '--rule', 'schema-mismatch=off']);
    assert.equal(code, 1);
    assert.deepEqual(out.trim().split('\n'), [
      "database/migrations/2025_01_01_000000_create_posts\\u000a_table.php:9:25  error       The file name says table 'posts\\u000a', but up() creates 'comments'.  name-table-mismatch",
      "database/migrations/2025_01_01_000001_create_tags\\u000d_table.php:9:25  error       The file name says table 'tags\\u000d', but up() creates 'tags': the file name is the one to fix.  name-table-mismatch",
      '2 problems (2 errors, 0 warnings, 0 notes) in 2 migrations.',
    ]);
    // JSON keeps the path as it is.
    const json = JSON.parse((await cli(['lint', '--no-cache', '--rule', 'schema-mismatch=off', '--format', 'json'])).out) as { file: string }[];
    assert.deepEqual(json.map((f) => f.file), [`database/migrations/${mismatched}.php`, `database/migrations/${misspelt}.php`]);
  });

  it('status agrees with Laravel: both ran', async () => {
    const server = testServer();
    const { out } = await cli(['status', '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', db.name, '--no-cache', '--json']);
    const rows = (JSON.parse(out) as { migrations: { name: string; state: string }[] }).migrations;
    assert.deepEqual(rows.map((r) => [r.name, r.state]), [[mismatched, 'ran'], [misspelt, 'ran']]);
  });
});
