// A migration that names its table through config() (as packages do: Twill's
// `config('twill.users_table', 'twill_users')`) makes a table whose name only the running app
// knows. After the real `migrate` (Laravel 8.83, 11, 12, 13), status must say that a table of that
// migration cannot be checked, with the expression as written and why, in the text and the JSON,
// never call it healthy or broken by the name config()'s default gives (the app's or a package's
// configuration may set another), and repair must plan nothing for it and say why when asked.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { createTestDatabase, listTables, testServer, withServer } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, runLaravelOk, skipWithoutLaravel } from '../../support/laravelVersions';
import { migrationFile } from '../preflight/oracle';

const id = '$table->id();';
const settings = '2024_01_01_000000_create_settings_table';
const logs = '2024_01_02_000000_create_logs_table';
const plain = '2024_01_03_000000_create_plain_table';
const history: Record<string, string> = {
  [settings]: `$name = config('md.settings_table', 'md_settings');
        if (! Schema::hasTable($name)) {
            Schema::create($name, function (Blueprint $table) { ${id} });
        }`,
  [logs]: `Schema::create(config('md.logs_table', 'md_logs'), function (Blueprint $table) { ${id} });`,
  [plain]: `Schema::create('plain', function (Blueprint $table) { ${id} });`,
};
/** Pending after the migrate: it alters a table named the same way. */
const alter = '2024_02_01_000000_add_level_to_logs';
const alterBody = `Schema::table(config('md.logs_table', 'md_logs'), function (Blueprint $table) { $table->string('level')->nullable(); });`;

const configSaid = "a configuration value only the running app knows (config()'s default is used only when no configuration sets the key)";
const notKnown = 'which table that is, is not known, so it is neither checked nor repaired.';

describe('status: a table named through config() cannot be checked, and says so with the expression and why (real Laravel 8.83, 11, 12, 13)', function () {
  this.timeout(300_000);
  before(async function () {
    await requireOracle();
  });

  /** The CLI in `root`, on `database`. */
  async function cli(root: string, database: string, args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
    const server = testServer();
    let out = '';
    let err = '';
    const code = await main([...args, ...(args[0] === 'status' ? ['--no-cache'] : []), '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database],
      { cwd: root, env: { DB_PASSWORD: server.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' });
    return { code, out, err };
  }

  for (const version of laravelVersions) {
    it(`Laravel ${version}`, async function () {
      skipWithoutLaravel(this, version);
      const root = mkdtempSync(path.join(tmpdir(), 'md-unnamed-tables-'));
      const test = await createTestDatabase('md_unnamed_tables');
      try {
        const dir = path.join(root, 'database', 'migrations');
        mkdirSync(dir, { recursive: true });
        const texts = Object.fromEntries(Object.entries(history).map(([name, body]) => [name, migrationFile(body)]));
        for (const [name, text] of Object.entries(texts)) writeFileSync(path.join(dir, `${name}.php`), text);
        await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: dir });
        // No configuration sets the keys here, so Laravel took config()'s defaults: a name status must not take as proven.
        assert.deepEqual((await listTables(test.name)).filter((t) => t !== 'migrations').sort(), ['md_logs', 'md_settings', 'plain']);
        writeFileSync(path.join(dir, `${alter}.php`), migrationFile(alterBody));
        const line = texts[settings]!.split('\n').findIndex((l) => l.includes("config('md.settings_table'")) + 1;
        const settingsReason = `Schema::create() takes the name of its table from \`$name\`, assigned \`config('md.settings_table', 'md_settings')\` on line ${line}, ${configSaid}: ${notKnown}`;
        const logsReason = (method: string) => `Schema::${method}() takes the name of its table from \`config('md.logs_table', 'md_logs')\`, ${configSaid}: ${notKnown}`;
        const versionFlag = ['--laravel-version', version];

        const json = await cli(root, test.name, ['status', '--json', ...versionFlag]);
        assert.equal(json.code, 0, json.err);
        const migrations = JSON.parse(json.out).migrations as { name: string; state: string; problems: unknown[]; tables: string[]; unchecked?: unknown[] }[];
        assert.deepEqual(migrations.map((m) => [m.name, m.state, m.problems.length, m.tables, m.unchecked]), [
          [settings, 'ran', 0, [], [{ expression: '$name', reason: settingsReason }]],
          [logs, 'ran', 0, [], [{ expression: "config('md.logs_table', 'md_logs')", reason: logsReason('create') }]],
          [plain, 'ran', 0, ['plain'], undefined],
          [alter, 'pending', 0, [], [{ expression: "config('md.logs_table', 'md_logs')", reason: logsReason('table') }]],
        ]);
        const text = await cli(root, test.name, ['status', ...versionFlag]);
        assert.equal(text.code, 0, text.err);
        assert.ok(text.out.includes(`\ncannot check a table of ${settings}: ${settingsReason}\ncannot check a table of ${logs}: ${logsReason('create')}\ncannot check a table of ${alter}: ${logsReason('table')}\n`), text.out);

        // One line per connection: the tables it cannot check are said beside the counts, never folded into "0 broken".
        mkdirSync(path.join(root, '.vscode'));
        const server = testServer();
        writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({
          'migrationDoctor.laravelVersion': version,
          'migrationDoctor.connections': [{ name: 'local', host: server.host, port: server.port, username: server.user, database: test.name }],
        }));
        let all = '';
        const allCode = await main(['status', '--all-connections'], { cwd: root, env: { DB_PASSWORD: server.password }, out: (t) => (all += t), err: (t) => (all += t), readStdin: async () => '' });
        assert.equal(allCode, 0, all);
        assert.match(all, new RegExp(`^local \\(.*/${test.name}\\): 3 ran · 0 broken · 1 pending · 3 tables cannot be checked\n$`));

        // Gone, the table is not called missing: its name was never known.
        await withServer((c) => c.query(`DROP TABLE \`${test.name}\`.md_settings`));
        const after = await cli(root, test.name, ['status', '--json', ...versionFlag]);
        assert.equal(after.code, 0, after.err);
        assert.deepEqual(JSON.parse(after.out).migrations.map((m: { state: string }) => m.state), ['ran', 'ran', 'ran', 'pending']);
        const plan = await cli(root, test.name, ['repair', '--plan', '--only', settings, ...versionFlag]);
        assert.ok(plan.out.includes(settingsReason), plan.out + plan.err);
        assert.doesNotMatch(plan.out, /CREATE TABLE|INSERT INTO/);
      } finally {
        await test.drop();
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
