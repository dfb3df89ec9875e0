import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/analysis');

// schema-mismatch compares with the Drizzle schemas and is tested there.
async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  if (!args.some((a) => a.startsWith('--rule')) && !args.includes('--help')) args = [...args, '--rule', 'schema-mismatch=off'];
  let out = '';
  let err = '';
  const io: CliIo = { cwd, env: {}, out: (t) => { out += t; }, err: (t) => { err += t; }, readStdin: async () => '' };
  const code = await main(['lint', ...args], io);
  return { code, out, err };
}

const roots: string[] = [];
after(() => { for (const r of roots) fs.rmSync(r, { recursive: true, force: true }); });

/** A temporary Laravel-like project: database/migrations with the given files, optional settings; removed after the file's tests. */
function project(files: Record<string, string>, settings?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-lint-'));
  roots.push(root);
  const dir = path.join(root, 'database', 'migrations');
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  if (settings !== undefined) {
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), settings);
  }
  return root;
}

const incident = fs.readdirSync(path.join(fixtures, 'incident'))
  .reduce<Record<string, string>>((acc, f) => ({ ...acc, [f]: fs.readFileSync(path.join(fixtures, 'incident', f), 'utf8') }), {});

const warnOnly = {
  '2020_01_01_000000_create_a_table.php': "<?php\nreturn new class extends Migration {\n  public function up() { Schema::create('a', fn ($t) => $t->id()); }\n  public function down() { Log::info('kept'); }\n};\n",
};

describe('migration-doctor lint', () => {
  const make = project;

  it('fails the incident with exit 1 and prints file:line:col, severity, message and rule', async () => {
    const root = make(incident);
    const { code, out } = await run([], root);
    assert.equal(code, 1);
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^database\/migrations\/2025_09_23_011532_create_eklektik_notifications_tracking_table\.php:11:25 {2}error {7}The file name says table 'eklektik_notifications_tracking', but up\(\) creates 'eklektik_transactions_tracking'\. {2}name-table-mismatch$/);
    assert.match(lines[1], /120134_create_eklektik_transactions_tracking_table\.php:11:25 .*table-already-exists$/);
    assert.equal(lines[2], '2 problems (2 errors, 0 warnings, 0 notes) in 2 migrations.');
  });

  it('prints JSON with 1-based lines and columns', async () => {
    const { code, out } = await run(['--format', 'json'], make(incident));
    assert.equal(code, 1);
    const json = JSON.parse(out);
    assert.deepEqual(json[0], {
      file: 'database/migrations/2025_09_23_011532_create_eklektik_notifications_tracking_table.php',
      line: 11, column: 25, endLine: 11, endColumn: 55, rule: 'name-table-mismatch', severity: 'error',
      message: "The file name says table 'eklektik_notifications_tracking', but up() creates 'eklektik_transactions_tracking'.",
    });
  });

  it('prints SARIF 2.1.0 with rules, levels, regions and related locations', async () => {
    const { out } = await run(['--format=sarif'], make(incident));
    const log = JSON.parse(out);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.ok(run0.tool.driver.rules.some((r: { id: string }) => r.id === 'table-already-exists'));
    assert.deepEqual(run0.results[0].locations[0].physicalLocation.region, { startLine: 11, startColumn: 25, endLine: 11, endColumn: 55 });
    assert.equal(run0.results[1].level, 'error');
    assert.match(run0.results[1].relatedLocations[0].physicalLocation.artifactLocation.uri, /011532_create_eklektik_notifications/);
  });

  it('prints GitHub annotations, escaped', async () => {
    const { out } = await run(['--format', 'github'], make(incident));
    assert.match(out.split('\n')[0], /^::error file=database\/migrations\/2025_09_23_011532_create_eklektik_notifications_tracking_table\.php,line=11,endLine=11,col=25,endColumn=55,title=migration-doctor name-table-mismatch::The file name says/);
  });

  it('exits 0 on warnings alone, 1 past --max-warnings', async () => {
    const root = make(warnOnly);
    assert.equal((await run([], root)).code, 0);
    assert.equal((await run(['--max-warnings', '1'], root)).code, 0);
    const over = await run(['--max-warnings', '0'], root);
    assert.equal(over.code, 1);
    assert.match(over.err, /1 warning, more than --max-warnings 0/);
  });

  it("honours .vscode/settings.json's migrationDoctor.rules (JSON with comments) and --rule over it", async () => {
    const settings = '{\n  // team choice\n  "migrationDoctor.rules": { "name-table-mismatch": "warning", "table-already-exists": "off", },\n}\n';
    const root = make(incident, settings);
    const json = JSON.parse((await run(['--format', 'json'], root)).out);
    assert.deepEqual(json.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`), ['name-table-mismatch:warning']);
    assert.equal((await run([], root)).code, 0);
    assert.equal((await run(['--rule', 'name-table-mismatch=error', '--rule', 'schema-mismatch=off'], root)).code, 1);
  });

  it('reads migrationDoctor.migrationPaths when no path is given, and accepts explicit files and folders', async () => {
    const root = make({}, '{ "migrationDoctor.migrationPaths": ["db/m"] }');
    fs.mkdirSync(path.join(root, 'db', 'm'), { recursive: true });
    for (const [n, b] of Object.entries(incident)) fs.writeFileSync(path.join(root, 'db', 'm', n), b);
    assert.equal((await run([], root)).code, 1);
    const single = await run(['--format', 'json', `db/m/${Object.keys(incident)[1]}`], root);
    assert.deepEqual(JSON.parse(single.out), []);
    assert.equal(single.code, 0);
  });

  it('counts the tables of a squashed schema dump as existing before the first migration', async () => {
    const files = { '2024_01_01_000000_add_x_to_users_table.php': "<?php\nreturn new class extends Migration {\n  public function up() { Schema::table('users', fn ($t) => $t->integer('x')); }\n};\n" };
    const root = make(files);
    assert.equal(JSON.parse((await run(['--format', 'json'], root)).out)[0].rule, 'table-does-not-exist');
    fs.mkdirSync(path.join(root, 'database', 'schema'));
    fs.writeFileSync(path.join(root, 'database', 'schema', 'mysql-schema.sql'), 'CREATE TABLE `users` (\n  `id` bigint unsigned NOT NULL\n);\n');
    assert.deepEqual(JSON.parse((await run(['--format', 'json'], root)).out), []);
  });

  it("leaves out a dump that records the app's own migrations as run: Laravel skips those files, and such a dump may be another connection's (a test database's)", async () => {
    const create = "<?php\nreturn new class extends Migration {\n  public function up() { Schema::create('users', fn ($t) => $t->id()); }\n};\n";
    const root = make({ '2014_10_12_000000_create_users_table.php': create });
    fs.mkdirSync(path.join(root, 'database', 'schema'));
    // As a schema:dump of the testing connection writes it (SQLite): its tables, then the migrations it ran.
    fs.writeFileSync(path.join(root, 'database', 'schema', 'testing-schema.sql'),
      "CREATE TABLE IF NOT EXISTS \"migrations\"(\"id\" integer primary key autoincrement not null, \"migration\" varchar not null, \"batch\" integer not null);\n"
      + "CREATE TABLE IF NOT EXISTS \"users\"(\"id\" integer primary key autoincrement not null);\n"
      + "INSERT INTO migrations VALUES(1,'2014_10_12_000000_create_users_table',1);\n");
    assert.deepEqual(JSON.parse((await run(['--format', 'json'], root)).out), []);
    // A pruned dump (its files deleted) still counts: a later create of its table is the 1050.
    fs.writeFileSync(path.join(root, 'database', 'schema', 'testing-schema.sql'), 'CREATE TABLE `users` (\n  `id` bigint unsigned NOT NULL\n);\nINSERT INTO `migrations` VALUES (1,\'2013_01_01_000000_create_old_table\',1);\n');
    assert.equal(JSON.parse((await run(['--format', 'json'], root)).out)[0].rule, 'table-already-exists');
  });

  it('reports what was learned from public Laravel applications, and only that (fixture real-patterns)', async () => {
    const { code, out } = await run(['--format', 'json'], path.join(fixtures, 'real-patterns'));
    // `_into_` is no table Laravel guesses from a name: a warning, no error to fail the step.
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out).map((f: { file: string; line: number; rule: string; message: string }) => `${path.basename(f.file)}:${f.line} ${f.rule} ${f.message}`), [
      "2020_04_01_000000_add_position_into_accounts_table.php:12 name-table-mismatch The file name says table 'accounts', but up() changes 'account_user'.",
      "2020_04_01_000000_add_position_into_accounts_table.php:12 table-does-not-exist Table 'account_user' is not created by any earlier migration.",
      "2020_05_01_000000_add_webauthn.php:18 down-not-inverse down() does not drop 'webauthn_keys', which up() creates.",
      "2020_05_01_000000_add_webauthn.php:20 down-not-inverse down() drops 'webauthn', which up() does not create.",
      "2020_06_01_000000_stories.php:23 down-not-inverse down() drops 'budgets', which up() only changes: rolling back would destroy it.",
      "2020_08_01_000000_create_journal_table.php:12 name-table-mismatch The file name says table 'journal', but up() creates 'journals': the file name is the one to fix.",
    ]);
  });

  it('says on stderr which files have syntax errors, and still checks what it can read', async () => {
    const root = make({ ...incident, '2025_09_23_011532_create_eklektik_notifications_tracking_table.php': incident['2025_09_23_011532_create_eklektik_notifications_tracking_table.php'].replace('$table->id();', '$table->id(') });
    const { code, out, err } = await run(['--format', 'json'], root);
    assert.equal(code, 1);
    assert.equal(JSON.parse(out)[0].rule, 'name-table-mismatch');
    assert.match(err, /^migration-doctor lint: database\/migrations\/2025_09_23_011532_create_eklektik_notifications_tracking_table\.php:\d+: syntax error/);
  });

  it('says once what it skipped or could not read, and goes on with the other files', async () => {
    const root = project({ ...incident, '2025_09_23_130000_cut.php': incident['2025_09_23_011532_create_eklektik_notifications_tracking_table.php']
      .replace(/eklektik_transactions_tracking/g, 'cut').slice(0, 300) });
    const dir = path.join(root, 'database', 'migrations');
    fs.mkdirSync(path.join(dir, '2025_09_24_000000_a_directory.php'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, '2025_09_24_000001_dangling.php'));
    fs.writeFileSync(path.join(dir, '2025_09_24_000002_utf16.php'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(incident['2025_09_23_011532_create_eklektik_notifications_tracking_table.php'], 'utf16le')]));
    const { code, out, err } = await run(['--format', 'json'], root);
    assert.equal(code, 1);
    const findings = (text: string) => JSON.parse(text).map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`);
    assert.deepEqual(findings(out), findings((await run(['--format', 'json'], project(incident))).out));
    assert.deepEqual(err.trim().split('\n').map((line) => line.replace(/:\d+: syntax error .*/, ': syntax error')), [
      'migration-doctor lint: database/migrations/2025_09_24_000000_a_directory.php skipped: a directory, not a regular file.',
      'migration-doctor lint: database/migrations/2025_09_24_000001_dangling.php skipped: a symbolic link to a file that does not exist.',
      'migration-doctor lint: database/migrations/2025_09_23_130000_cut.php: syntax error',
      'migration-doctor lint: database/migrations/2025_09_24_000002_utf16.php: cannot be read: encoded in UTF-16 LE: PHP reads it as text, not code, so Laravel cannot run it; save it as UTF-8; nothing was read from it.',
    ]);
  });

  it('does not say "no problems" as if every file was checked when some were skipped or not read', async () => {
    const body = "<?php\nreturn new class extends Migration {\n  public function up() { Schema::create('posts', fn ($t) => $t->id()); }\n  public function down() { Schema::dropIfExists('posts'); }\n};\n";
    const root = make({ '2024_01_01_000000_create_posts_table.php': body });
    assert.equal((await run([], root)).out, 'No problems in 1 migration.\n');
    const dir = path.join(root, 'database', 'migrations');
    fs.writeFileSync(path.join(dir, '2024_01_02_000000_utf16.php'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]));
    fs.mkdirSync(path.join(dir, '2024_01_03_000000_a_directory.php'));
    const { code, out, err } = await run(['--no-cache'], root);
    assert.equal(code, 0);
    assert.equal(out, 'No problems in 2 migrations; 2 files skipped or not read in full, not checked (said on stderr).\n');
    assert.equal(err.trim().split('\n').length, 2);
  });

  it('reads unchanged files from the analysis cache, and parses again one rewritten with its size and modification time put back', async () => {
    const name = '2024_01_01_000000_create_posts_table.php';
    const body = (table: string) => `<?php\nreturn new class extends Migration {\n  public function up() { Schema::create('${table}', fn ($t) => $t->id()); }\n  public function down() { Schema::dropIfExists('${table}'); }\n};\n`;
    const root = make({ [name]: body('posts') });
    const file = path.join(root, 'database', 'migrations', name);
    // Whole seconds, which utimes puts back exactly.
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    const rules = (r: { out: string }) => JSON.parse(r.out).map((f: { rule: string }) => f.rule);
    assert.deepEqual(rules(await run(['--format', 'json'], root)), []);
    const cacheDir = path.join(root, '.migration-doctor', 'cache');
    const [cacheName] = fs.readdirSync(cacheDir);
    const cacheFile = path.join(cacheDir, cacheName!);
    // The warm run takes the file's analysis from the cache: a doctored entry shows it.
    const original = fs.readFileSync(cacheFile, 'utf8');
    fs.writeFileSync(cacheFile, original.replace(/"name":"posts"/g, '"name":"pests"'));
    assert.deepEqual(rules(await run(['--format', 'json'], root)), ['name-table-mismatch']);
    assert.deepEqual(rules(await run(['--format', 'json', '--no-cache'], root)), [], '--no-cache reads no cache');
    fs.writeFileSync(cacheFile, original);
    // Same length, other table, modification time put back: only the change time tells.
    const { size, mtimeMs } = fs.statSync(file);
    fs.writeFileSync(file, body('pists'));
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.equal(fs.statSync(file).size, size);
    assert.equal(fs.statSync(file).mtimeMs, mtimeMs);
    assert.deepEqual(rules(await run(['--format', 'json'], root)), ['name-table-mismatch']);
    assert.deepEqual(rules(await run(['--format', 'json'], root)), ['name-table-mismatch'], 'the new analysis is the one kept');
  });

  it('with --no-cache neither reads nor writes the analysis cache', async () => {
    const root = make(warnOnly);
    assert.equal((await run(['--no-cache'], root)).code, 0);
    assert.equal(fs.existsSync(path.join(root, '.migration-doctor')), false);
  });

  it('exits 2 on bad usage', async () => {
    const root = make(warnOnly);
    for (const args of [['--format', 'xml'], ['--max-warnings', 'x'], ['--rule', 'nope=error'], ['--rule', 'down-not-inverse=loud'], ['--bogus'], ['missing-dir'], ['--format']]) {
      const { code, err } = await run(args, root);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^migration-doctor lint: /);
    }
    assert.equal((await run(['--help'], root)).code, 0);
  });
});

describe('analysis/settings: JSON with comments', () => {
  it('drops comments and trailing commas, keeps // and /* inside strings', async () => {
    const { parseJsonc } = await import('../../../src/core/analysis/settings');
    assert.deepEqual(parseJsonc('{\n  // a\n  "url": "http://x/*y*/", /* b */ "list": [1, 2,],\n  "q": "say \\"//\\"",\n}'),
      { url: 'http://x/*y*/', list: [1, 2], q: 'say "//"' });
  });
});
