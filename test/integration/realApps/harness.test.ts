// The realApps harness names the migration Laravel refused, since an automatic app sets that
// file aside and runs the history again: blaming another file would set aside a healthy one.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { quoteIdentifier } from '../../../src/core/structure/normalise';
import { createTestDatabase, migrationRows, withServer, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravel, skipWithoutLaravel, type LaravelVersion } from '../../support/laravelVersions';
import { appServicesEnv, type RealApp } from '../../support/realApps';
import { migrateApp, type Migrated } from '../../support/realAppsMigrate';

/**
 * `history` committed to a git repository under `root`, as the harness finds an automatic app's;
 * `config`: the app's config/*.php files (name without `.php` → text).
 */
function committedApp(root: string, repo: string, history: Record<string, string>, config: Record<string, string> = {}): RealApp {
  const folder = path.join(root, 'work', 'database', 'migrations');
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(history)) fs.writeFileSync(path.join(folder, `${name}.php`), text);
  if (Object.keys(config).length > 0) fs.mkdirSync(path.join(root, 'work', 'config'));
  for (const [name, text] of Object.entries(config)) fs.writeFileSync(path.join(root, 'work', 'config', `${name}.php`), text);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: path.join(root, 'work'), env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'history');
  return {
    repo, commit: git('rev-parse', 'HEAD').toString().trim(), laravel: 'unknown', folder: 'database/migrations',
    setAside: {}, gitDir: path.join(root, 'work', '.git'), automatic: true,
  };
}

const create = (table: string) => `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
return new class extends Migration {
    public function up() { Schema::create('${table}', function (Blueprint $table) { $table->id(); }); }
    public function down() { Schema::dropIfExists('${table}'); }
};
`;

for (const version of ['12', '13'] as const) describe(`the realApps harness's Laravel ${version} migrator`, function () {
  let dir: string;
  let test: TestDatabase | undefined;
  before(function () {
    skipWithoutLaravel(this, version);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-'));
  });
  afterEach(async () => {
    await test?.drop();
    test = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('blames the file that failed to load, not the first pending one (Laravel requires every pending file first)', async () => {
    fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_first_table.php'), create('first'));
    // A base class of the app's own that the bare migrator does not have.
    fs.writeFileSync(
      path.join(dir, '2020_01_02_000000_create_second_table.php'),
      `<?php\nreturn new class extends \\App\\Database\\OwnMigration {\n    public function up() {}\n};\n`,
    );
    fs.writeFileSync(path.join(dir, '2020_01_03_000000_create_third_table.php'), create('third'));
    test = await createTestDatabase('md_realapps_harness');
    const run = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir });
    assert.deepEqual({ ok: run.ok, ran: run.migrations, migration: run.error?.migration }, { ok: false, ran: [], migration: '2020_01_02_000000_create_second_table' });
    assert.match(run.error?.message ?? '', /OwnMigration/);
  });

  it('blames the migration whose query the server refused', async () => {
    fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_first_table.php'), create('first'));
    fs.writeFileSync(path.join(dir, '2020_01_02_000000_create_again_table.php'), create('first'));
    test = await createTestDatabase('md_realapps_harness');
    const run = await runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir });
    assert.deepEqual(
      { ok: run.ok, ran: run.migrations, code: run.error?.code, migration: run.error?.migration },
      { ok: false, ran: ['2020_01_01_000000_create_first_table'], code: 1050, migration: '2020_01_02_000000_create_again_table' },
    );
  });
});

// A history that outlives the time limit names no refused file: the harness must not set aside
// the file that was running when the limit came (a healthy one, on a loaded machine).
describe("the realApps harness's migrators at their time limit", function () {
  for (const version of ['8.83', '12', '13'] as const satisfies readonly LaravelVersion[]) {
    it(`Laravel ${version}: a run stopped by its time limit is an error saying so, not a refusal blaming a file`, async function () {
      if (version === '8.83') await requireOracle();
      else skipWithoutLaravel(this, version);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-'));
      const test = await createTestDatabase('md_realapps_harness');
      try {
        fs.writeFileSync(path.join(dir, '2020_01_01_000000_create_first_table.php'), create('first').replace('public function up() {', 'public function up() { sleep(20);'));
        await assert.rejects(runLaravel(version, 'migrate', { database: test.name, migrationsPath: dir, timeoutMs: 3_000 }), /was stopped by SIGTERM \(its time limit: 3 s\)/);
      } finally {
        await test.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

// An automatic app goes on from the database as it is after a refusal, when the refused file left
// nothing behind or only tables of its own: the database must be the one a from-scratch run of the
// history without the refused files builds, structure, rows and migrations table alike.
describe("the realApps harness's runs after a refusal", function () {
  const migration = (up: string, head = 'extends Migration') => `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;
return new class ${head} {
    public function up() { ${up} }
    public function down() {}
};
`;
  const history: Record<string, string> = {
    '2020_01_01_000000_create_a_table': migration(`Schema::create('a', function (Blueprint $table) { $table->id(); $table->string('name'); });`),
    // Half done on a table that was there: a column added, then the app's own class missing.
    '2020_01_02_000000_add_extra_to_a': migration(`Schema::table('a', function (Blueprint $table) { $table->string('extra')->nullable(); }); \\App\\Models\\A::query();`),
    // Half done again: a row inserted into a table that was there, then a refused statement.
    '2020_01_03_000000_insert_then_fail': migration(`DB::table('a')->insert(['name' => 'first']); DB::statement('alter table a add column broken nonsense_type');`),
    // A row written past Laravel's events (its PDO), then a failure: only the server's counters see it.
    '2020_01_03_500000_unseen_write': migration(`DB::connection()->getPdo()->exec("insert into a (name) values ('unseen')"); throw new \\RuntimeException('the app is missing');`),
    '2020_01_04_000000_create_c_table': migration(`Schema::create('c', function (Blueprint $table) { $table->id(); }); DB::table('a')->insert(['name' => 'second']);`),
    // Refused while Laravel loads it (12: before any file runs).
    '2020_01_05_000000_own_base_class': migration('', 'extends \\App\\Database\\OwnMigration'),
    // Half done: the create stays, the foreign key to a table of nowhere is refused.
    '2020_01_06_000000_create_b_table': migration(
      `Schema::create('b', function (Blueprint $table) { $table->id(); $table->foreignId('nowhere_id')->constrained('nowhere'); });`,
    ),
    // Refused reading: nothing written.
    '2020_01_07_000000_read_missing': migration(`DB::table('missing')->get();`),
    '2020_01_08_000000_create_d_table': migration(`Schema::create('d', function (Blueprint $table) { $table->id(); $table->foreignId('a_id')->constrained('a'); }); DB::table('a')->insert(['name' => 'third']);`),
    '2020_01_09_000000_create_e_table': migration(`Schema::create('e', function (Blueprint $table) { $table->id(); $table->string('code')->unique(); });`),
    // Refused by the server before it ran (a table without a name), which the server does not count.
    '2020_01_10_000000_nameless_table': migration(`DB::statement('create table \`\` (id int)');`),
    '2020_01_11_000000_create_f_table': migration(`Schema::create('f', function (Blueprint $table) { $table->id(); });`),
  };
  const refused = [
    '2020_01_02_000000_add_extra_to_a', '2020_01_03_000000_insert_then_fail', '2020_01_03_500000_unseen_write', '2020_01_05_000000_own_base_class',
    '2020_01_06_000000_create_b_table', '2020_01_07_000000_read_missing', '2020_01_10_000000_nameless_table',
  ];

  /** Everything a later migration or the product could see: each table's definition and rows, the migrations table's too. */
  async function contents(database: string): Promise<Record<string, unknown>> {
    return withServer(async (connection) => {
      await connection.query(`USE ${quoteIdentifier(database)}`);
      const [tables] = await connection.query('SHOW FULL TABLES');
      const result: Record<string, unknown> = {};
      for (const row of tables as Record<string, string>[]) {
        const name = Object.values(row)[0];
        const [created] = await connection.query(`SHOW CREATE TABLE ${quoteIdentifier(name)}`);
        const [rows] = await connection.query(`SELECT * FROM ${quoteIdentifier(name)} ORDER BY 1`);
        result[name] = { definition: (created as Record<string, string>[])[0]['Create Table'], rows };
      }
      return result;
    });
  }

  for (const oracle of ['8.83', '12', '13'] as const) {
    it(`Laravel ${oracle}: the database equals a from-scratch run without the refused files, reached without running the history again after each refusal`, async function () {
      if (oracle === '8.83') await requireOracle();
      else skipWithoutLaravel(this, oracle);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-git-'));
      let migrated: Migrated | undefined;
      let reference: TestDatabase | undefined;
      try {
        const app = committedApp(root, 'synthetic/half-failing', history);
        const said: string[] = [];
        migrated = await migrateApp(app, oracle, { bound: 60, say: (line) => said.push(line.trim()), databasePrefix: 'harness_' });
        assert.deepEqual(Object.keys(migrated.setAside).sort(), refused);

        // The reference: one run of the history without the refused files, into a fresh database.
        reference = await createTestDatabase('md_realapps_harness_ref');
        const run = await runLaravel(oracle, 'migrate', { database: reference.name, migrationsPath: migrated.migrations.dir, ...(oracle === '8.83' ? { env: appServicesEnv() } : {}) });
        assert.equal(run.ok, true, run.output);
        assert.deepEqual(await contents(migrated.test.name), await contents(reference.name));

        // Fresh databases only where a refused file changed a table that was there before it
        // (02 added a column, 03 and 03_5 a row); b, which 06 created before its foreign key was refused, dropped.
        assert.deepEqual({ databases: migrated.effort.databases, droppedTables: migrated.effort.droppedTables }, { databases: 4, droppedTables: 1 }, said.join('\n'));
      } finally {
        await migrated?.test.drop();
        migrated?.migrations.remove();
        await reference?.drop();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

// Laravel requires every pending file before it runs the first one, so a file that fails to load
// is refused while the files before it have not run yet: once the history is cut before such a
// file, one of those may still be refused, and is set aside as any other (up to the bound again).
describe("the realApps harness's refusals after a cut", function () {
  const migration = (up: string, head = 'extends Migration') => `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
return new class ${head} {
    public function up() { ${up} }
    public function down() {}
};
`;
  const history: Record<string, string> = {
    '2020_01_01_000000_create_a_table': migration(`Schema::create('a', function (Blueprint $table) { $table->id(); });`),
    // Refused when it runs: the app's own class.
    '2020_01_02_000000_uses_a_model': migration('\\App\\Models\\A::query();'),
    // Refused while Laravel loads the files, before any runs.
    '2020_01_03_000000_own_base_class': migration('', 'extends \\App\\Database\\OwnMigration'),
    '2020_01_04_000000_other_base_class': migration('', 'extends \\App\\Database\\OtherMigration'),
    '2020_01_05_000000_create_b_table': migration(`Schema::create('b', function (Blueprint $table) { $table->id(); });`),
  };

  for (const oracle of ['8.83', '12'] as const) {
    it(`Laravel ${oracle}: a file before the cut that Laravel refuses is set aside, and the history up to the cut is measured`, async function () {
      if (oracle === '8.83') await requireOracle();
      else skipWithoutLaravel(this, '12');
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-git-'));
      let migrated: Migrated | undefined;
      try {
        const app = committedApp(root, 'synthetic/refused-after-cut', history);
        const said: string[] = [];
        migrated = await migrateApp(app, oracle, { bound: 1, say: (line) => said.push(line.trim()), databasePrefix: 'harness_' });
        // 03 set aside (the bound), the cut before 04 (04 and 05 not run), then 02 refused: set aside too.
        assert.deepEqual(
          { setAside: Object.keys(migrated.setAside).sort(), cutAt: migrated.cutAt && { name: migrated.cutAt.name, files: migrated.cutAt.files }, names: migrated.migrations.names },
          {
            setAside: ['2020_01_02_000000_uses_a_model', '2020_01_03_000000_own_base_class'],
            cutAt: { name: '2020_01_04_000000_other_base_class', files: 2 },
            names: ['2020_01_01_000000_create_a_table'],
          },
          said.join('\n'),
        );
        assert.deepEqual((await migrationRows(migrated.test.name)).map((row) => row.migration), ['2020_01_01_000000_create_a_table']);
      } finally {
        await migrated?.test.drop();
        migrated?.migrations.remove();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

// What an application's boot gives every migration, which a history may reach for: env(), its
// own config files, the log, the environment and the app's paths. Each Laravel runs the same
// files to the same database; without them, each of these migrations is refused.
describe("the realApps harness's Laravels give migrations what an app's boot gives", function () {
  const migration = (up: string) => `<?php
use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\App;
use Illuminate\\Support\\Facades\\Log;
use Illuminate\\Support\\Facades\\Schema;
return new class extends Migration {
    public function up() { ${up} }
    public function down() {}
};
`;
  const history: Record<string, string> = {
    // The table's name from the app's config file, its column's from env() (unset: the default).
    '2020_01_01_000000_create_configured_table': migration(
      `Schema::create(config('demo.table'), function (Blueprint $table) { $table->id(); $table->string(env('MD_HARNESS_UNSET', 'from_default')); });`,
    ),
    // The config file's own env() call, read when the app boots (APP_ENV=local, as the fixture's artisan has it).
    '2020_01_02_000000_create_env_table': migration(`Schema::create('env_' . config('demo.environment'), function (Blueprint $table) { $table->id(); });`),
    '2020_01_03_000000_log_and_environment': migration(
      `Log::info('creating'); info('again'); if (App::environment('local', 'staging') && app()->isLocal() && !App::isProduction()) { Schema::create('local_only', function (Blueprint $table) { $table->id(); }); }`,
    ),
    // A path of the app's, which Foundation's helpers give.
    '2020_01_04_000000_paths': migration(`Schema::create(basename(dirname(storage_path('logs'))) === 'storage' ? 'paths_ok' : 'paths_wrong', function (Blueprint $table) { $table->id(); });`),
    // A config key the app does not have: the caller's default, as a real app answers.
    '2020_01_05_000000_default_config': migration(`Schema::create(config('demo.absent', 'absent_default'), function (Blueprint $table) { $table->id(); });`),
    // The default connection's name, as a stock app's config/database.php gives the mysql driver's.
    '2020_01_06_000000_connection_name': migration(`Schema::create('default_' . config('database.default'), function (Blueprint $table) { $table->id(); });`),
    // An alias of the app's config/app.php, which its boot registers.
    '2020_01_07_000000_app_alias': migration(`Schema::create(\\Strings::lower('ALIASED'), function (Blueprint $table) { $table->id(); });`),
  };
  const config = {
    demo: `<?php return ['table' => 'from_app_config', 'environment' => env('APP_ENV', 'production')];`,
    // A Laravel 8 app's list, written out: the framework's aliases and its own.
    app: `<?php return ['aliases' => ['DB' => Illuminate\\Support\\Facades\\DB::class, 'Schema' => Illuminate\\Support\\Facades\\Schema::class, 'Strings' => Illuminate\\Support\\Str::class]];`,
    // A file that calls the app's own code cannot load here: left out, the others still load.
    broken: `<?php return ['x' => \\App\\Support\\OwnHelper::value()];`,
    // Never read: where the migrations run is the harness's connection.
    database: `<?php throw new RuntimeException('config/database.php must not be read');`,
  };

  for (const oracle of ['8.83', '12', '13'] as const) {
    it(`Laravel ${oracle}: env(), the app's config files and aliases, Log, App::environment() and storage_path() answer as in the app`, async function () {
      if (oracle === '8.83') await requireOracle();
      else skipWithoutLaravel(this, oracle);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-harness-git-'));
      let migrated: Migrated | undefined;
      try {
        const app = committedApp(root, 'synthetic/app-boot', history, config);
        const said: string[] = [];
        migrated = await migrateApp(app, oracle, { bound: 60, say: (line) => said.push(line.trim()), databasePrefix: 'harness_' });
        assert.deepEqual(migrated.setAside, {}, said.join('\n'));
        const tables = await withServer(async (connection) => {
          const [rows] = await connection.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1', [migrated!.test.name]);
          return (rows as { name: string }[]).map((row) => row.name);
        });
        assert.deepEqual(tables, ['absent_default', 'aliased', 'default_mysql', 'env_local', 'from_app_config', 'local_only', 'migrations', 'paths_ok']);
        const columns = await withServer(async (connection) => {
          const [rows] = await connection.query('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position', [migrated!.test.name, 'from_app_config']);
          return (rows as { name: string }[]).map((row) => row.name);
        });
        assert.deepEqual(columns, ['id', 'from_default']);
      } finally {
        await migrated?.test.drop();
        migrated?.migrations.remove();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
