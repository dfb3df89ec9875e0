// Names read from a real database and from migration files reach the CLI's text output: a line
// break (LF, CR, U+2028) or a tab inside a table, column, migration or database name must be
// shown escaped, never start a line of its own that reads like the tool's (a fake "ok", a fake state).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, testServer, withServer, type TestDatabase } from '../../support/database';
import { repoRoot } from '../../support/laravel';

// Each hostile name puts a breaker right before FAKE; the output may show FAKE only after its escape.
const orphanRow = '2020_01_01_000000_gone\nFAKE';
const missingTable = 'a\nFAKE';
const existingTable = 'b\u2028FAKE';

function migration(table: string, php: string): string {
  return `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up()
    {
        Schema::create(${php}, function (Blueprint $table) {
            $table->id();
            $table->string("c\\tFAKE");
        });
    }

    public function down()
    {
        Schema::dropIfExists(${php});
    }
};
// ${table}
`;
}

/** Every FAKE of `out` must follow the escape of a line or column breaker (a GitHub annotation's file= keeps the path, as %0A). */
function assertNoFakeLine(out: string, what: string): void {
  assert.match(out, /FAKE/, `${what} shows the hostile names`);
  for (const line of out.split('\n')) {
    for (const at of [...line.matchAll(/FAKE/g)].map((m) => m.index)) {
      assert.match(line.slice(0, at), /(\\u(000a|000d|2028|0009)|file=[^,]*%0A)$/, `${what}: FAKE not after an escape in line ${JSON.stringify(line)}`);
    }
  }
  assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/, `${what}: a control left`);
}

describe('the CLI shows names holding line breaks escaped, on one line', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let tenant: string;
  let project: string;

  before(async () => {
    db = await createTestDatabase('md_names');
    tenant = `${db.name}_t\nFAKE`;
    const connection = await db.open();
    try {
      await connection.query('CREATE TABLE migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)');
      await connection.query('INSERT INTO migrations (migration, batch) VALUES (?, 1), (?, 1)', [orphanRow, '2020_01_01_000001_create_a_table']);
      await connection.query('CREATE TABLE `b\u2028FAKE` (id int, `c\tFAKE` text)');
    } finally {
      await connection.close();
    }
    await withServer(async (c) => {
      await c.query(`CREATE DATABASE \`${tenant}\``);
      await c.query(`CREATE TABLE \`${tenant}\`.migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)`);
      await c.query(`INSERT INTO \`${tenant}\`.migrations (migration, batch) VALUES (?, 1)`, [orphanRow]);
    });
    project = mkdtempSync(path.join(tmpdir(), 'md-names-'));
    const folder = path.join(project, 'database', 'migrations');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, '2020_01_01_000001_create_a_table.php'), migration(missingTable, '"a\\nFAKE"'));
    writeFileSync(path.join(folder, '2020_01_01_000002_create_b_table.php'), migration(existingTable, '"b\\u{2028}FAKE"'));
    // A second creation of the same table: lint names it.
    writeFileSync(path.join(folder, '2020_01_01_000003_create_b\nFAKE_table.php'), migration(existingTable, '"b\\u{2028}FAKE"'));
  });

  after(async () => {
    rmSync(project, { recursive: true, force: true });
    await withServer(async (c) => c.query(`DROP DATABASE IF EXISTS \`${tenant}\``));
    await db.drop();
  });

  async function cli(...args: string[]): Promise<string> {
    const result = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: project, env: { ...process.env, DB_PASSWORD: testServer().password } })
      .catch((error: { stdout: string; stderr: string; code: number }) => error);
    assert.ok(!('code' in result) || result.code === 1, `exit ${'code' in result ? result.code : 0}: ${result.stderr}`);
    assertNoFakeLine(result.stderr + result.stdout, args[0]!);
    return result.stdout;
  }

  const connection = (database: string) => {
    const server = testServer();
    return ['--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database];
  };

  it('status: the table, the state lines and the problems each on their line', async () => {
    const out = await cli('status', ...connection(db.name), '--no-cache');
    assert.match(out, /gone\\u000aFAKE/);
    assert.match(out, /a\\u000aFAKE/);
  });

  it('status --json: the names as the database holds them', async () => {
    const json = JSON.parse(await promisify(execFile)(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'status', ...connection(db.name), '--no-cache', '--json'], { cwd: project, env: { ...process.env, DB_PASSWORD: testServer().password } })
      .catch((error: { stdout: string }) => error).then((r) => r.stdout)) as { migrations: { name: string; tables: string[] }[] };
    assert.ok(json.migrations.some((m) => m.name === orphanRow));
    assert.ok(json.migrations.some((m) => m.tables.includes(missingTable)));
  });

  it('lint, in text and as GitHub annotations', async () => {
    await cli('lint', '--no-cache');
    await cli('lint', '--no-cache', '--format', 'github');
  });

  it('preflight: the failure the server would give, with its name', async () => {
    const out = await cli('preflight', ...connection(db.name), '--laravel-version', '11');
    assert.match(out, /b\\u2028FAKE/);
  });

  it('repair: the plan, its comments and its statements', async () => {
    const out = await cli('repair', ...connection(db.name), '--laravel-version', '11');
    assert.match(out, /CREATE TABLE `a\\u000aFAKE` \(\n/, 'the statement keeps its own lines');
  });

  it('status --databases: a tenant database named with a line break', async () => {
    const out = await cli('status', ...connection(db.name).filter((a) => a !== db.name && a !== '--database'), '--databases', `${db.name}\\_t%`);
    assert.match(out, /_t\\u000aFAKE/);
  });
});
