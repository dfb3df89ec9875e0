// `status --all-connections --preflight`: each connection's next migrate predicted on the
// connection its status was read on. Two databases made by the real Laravel 8.83, the same pending
// unique index; the production one holds a duplicated email (1062), the other none.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { createTestDatabase, testServer, withServer, type TestDatabase } from '../../support/database';
import { laravelAppDir, laravelMigrationsDir, requireOracle } from '../../support/laravel';
import { migratePeople, migrationFile, uniqueEmailUp } from '../../support/duplicateEmails';

const createPeople = '2030_04_01_000001_create_md_cli_people_table';
const uniqueEmail = '2030_04_01_000002_add_unique_email_to_md_cli_people_table';

describe('status --all-connections --preflight', function () {
  this.timeout(300_000);
  let production: TestDatabase;
  let staging: TestDatabase;
  let project: string;
  let extra: string;
  const server = testServer();
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: project, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
    // The project is a migrations folder and the fixture app's config: the version the databases were made with.
    return { code: await main(['status', '--laravel-version', '8.83', ...args], io), out, err };
  };

  before(async function () {
    await requireOracle();
    production = await createTestDatabase('md_cli_pf_prod');
    staging = await createTestDatabase('md_cli_pf_stag');
    extra = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-pf-create-'));
    for (const [db, emails] of [[production, ['a@b.c', 'a@b.c', 'd@e.f']], [staging, ['a@b.c', 'd@e.f']]] as const) {
      await migratePeople(db.name, extra, { table: 'md_cli_people', createName: createPeople }, emails);
    }
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-cli-pf-'));
    const migrations = path.join(project, 'database', 'migrations');
    fs.cpSync(laravelMigrationsDir, migrations, { recursive: true });
    // The fixture app's config/database.php, whose strict connection made the databases: a next batch
    // past `batch`'s range is refused there (1264), where a non-strict one would clamp it.
    fs.cpSync(path.join(laravelAppDir, 'config', 'database.php'), path.join(project, 'config', 'database.php'));
    fs.copyFileSync(path.join(extra, `${createPeople}.php`), path.join(migrations, `${createPeople}.php`));
    fs.writeFileSync(path.join(migrations, `${uniqueEmail}.php`), migrationFile(uniqueEmailUp('md_cli_people')));
    fs.mkdirSync(path.join(project, '.vscode'));
    const common = { host: server.host, port: server.port, username: server.user };
    fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), JSON.stringify({
      'migrationDoctor.connections': [
        { name: 'production', ...common, database: production.name, production: true },
        { name: 'staging', ...common, database: staging.name },
      ],
    }));
  });

  after(async () => {
    await production?.drop();
    await staging?.drop();
    for (const dir of [project, extra]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts the predicted failure on its connection\'s line, says it under the line, and exits 1', async () => {
    const result = await run(['--all-connections', '--preflight']);
    assert.equal(result.code, 1, result.out + result.err);
    const lines = result.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, result.out);
    assert.match(lines[0]!, new RegExp(`^\\[production\\] production \\(.*/${production.name}\\): \\d+ ran · 0 broken · 1 pending · 1 predicted failure$`));
    assert.equal(lines[1], `  ${uniqueEmail}: will fail: 1062 duplicate entry 'a@b.c' for md_cli_people_email_unique (2 duplicates)`);
    assert.match(lines[2]!, new RegExp(`^staging \\(.*/${staging.name}\\): \\d+ ran · 0 broken · 1 pending$`));
  });

  it("counts a next batch past the migrations table's `batch` range as a predicted failure of the first pending migration (1264), as preflight does", async () => {
    const migrations = `\`${staging.name}\`.migrations`;
    const last = await withServer(async (c) => ((await c.query(`SELECT MAX(batch) AS last FROM ${migrations}`))[0] as { last: number }[])[0]!.last);
    // Laravel's `batch` is a signed int: the next migrate's row would be 2147483648.
    await withServer((c) => c.query(`UPDATE ${migrations} SET batch = 2147483647 WHERE batch = ?`, [last]));
    try {
      const result = await run(['--all-connections', '--preflight']);
      assert.equal(result.code, 1, result.out + result.err);
      const lines = result.out.trimEnd().split('\n');
      assert.equal(lines.length, 4, result.out);
      assert.match(lines[2]!, new RegExp(`^staging \\(.*/${staging.name}\\): \\d+ ran · 0 broken · 1 pending · 1 predicted failure$`));
      assert.match(lines[3]!, new RegExp(`^  ${uniqueEmail}: will fail: 1264 `));
    } finally {
      await withServer((c) => c.query(`UPDATE ${migrations} SET batch = ? WHERE batch = 2147483647`, [last]));
    }
  });

  it('without --preflight: the statuses alone (a pending migration is no problem), exit 0', async () => {
    const result = await run(['--all-connections']);
    assert.equal(result.code, 0, result.out + result.err);
    assert.equal(result.out.trimEnd().split('\n').length, 2, result.out);
    assert.doesNotMatch(result.out, /predicted/);
  });

  it('--preflight without --all-connections is a usage error pointing at preflight', async () => {
    const result = await run(['--preflight']);
    assert.equal(result.code, 2);
    assert.match(result.err, /--preflight goes with --all-connections/);
  });
});
