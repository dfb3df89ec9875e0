// exceeds-server-limit against the real Laravel (8.83, 11, 12, 13) on the real MariaDB: each
// migration the rule flags really fails with the code it says (1059, 1074, 1103), and each near
// miss it stays silent on really runs. The oracle's connection is strict, utf8mb4 (11+: also not
// strict, where MariaDB makes an over-long VARCHAR a TEXT and the migration passes).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMigrations } from '../../../src/core/analysis/load';
import { analyzeProject } from '../../../src/core/analysis/project';
import { rules } from '../../../src/core/analysis/rules';
import { laravelTargetOf, readLaravelFacts } from '../../../src/core/project';
import { fixtureAppWith, laravelAppDir } from '../../support/laravel';
import { createTestDatabase } from '../../support/database';
import { laravelRelease, laravelVersions, runLaravel, skipWithoutLaravel, type LaravelVersion } from '../../support/laravelVersions';
import { writeHistory } from './laravelRun';

const rule = rules.filter((r) => r.id === 'exceeds-server-limit');
const create = (table: string, body: string) => `Schema::create('${table}', function (Blueprint $table) {\n${body}\n});`;
// 40 characters: `${table40}_x_index` is 48, `${table40}_<17 characters>_index` is 64.
const table40 = 'server_limits_table_with_forty_character';
const table65 = `${table40}_and_twenty_five_more_chars`;

interface Case {
  readonly name: string;
  readonly up: string;
  /** The server's code when Laravel runs it (undefined: it runs), per version where they differ. */
  readonly code: number | undefined | ((version: LaravelVersion) => number | undefined);
  /** Whether the rule says so, when not whenever it fails (a miss the rule accepts rather than a false alarm). */
  readonly flagged?: false;
}

const cases: readonly Case[] = [
  { name: "LinkStack's string('params', 65535): 1074 on a strict utf8mb4 connection", up: create('link_types', "$table->id();\n$table->string('params', 65535)->nullable();"), code: 1074 },
  // Alone: beside an id, 16383 utf8mb4 characters pass the 65,535-byte row (1118), which the rule does not model.
  { name: 'string(16383) alone: the longest utf8mb4 VARCHAR', up: create('link_types', "$table->string('params', 16383)->nullable();"), code: undefined },
  { name: 'string(21844) in utf8mb3: the longest there', up: create('t3', "$table->string('p', 21844)->charset('utf8mb3')->nullable();"), code: undefined },
  { name: 'string(16384) in a latin1 table: fine there', up: create('t4', "$table->charset = 'latin1';\n$table->collation = 'latin1_swedish_ci';\n$table->string('p', 16384)->nullable();"), code: undefined },
  // MariaDB takes 65532 latin1 characters, MySQL's manual up to the 65,535-byte row: not told the server, the rule is silent.
  { name: 'string(65533) in latin1: 1074 on MariaDB, not claimed for an unknown server', up: create('t5', "$table->string('p', 65533)->charset('latin1')->nullable();"), code: 1074, flagged: false },
  { name: 'char(256): 1074', up: create('t6', "$table->char('c', 256);"), code: 1074 },
  { name: 'char(255): fine', up: create('t6', "$table->char('c', 255);"), code: undefined },
  {
    name: "coolify's derived unique name over 64: 1059",
    up: create(table40, "$table->string('environment_key');\n$table->foreignId('application_id');\n$table->unique(['environment_key', 'application_id']);"), code: 1059,
  },
  { name: 'the same unique with a short name given: fine', up: create(table40, "$table->string('environment_key');\n$table->foreignId('application_id');\n$table->unique(['environment_key', 'application_id'], 'env_app_unique');"), code: undefined },
  { name: 'a derived index name of exactly 64: fine', up: create(table40, "$table->string('seventeen_chars_x')->index();"), code: undefined },
  { name: 'a derived index name of 65: 1059', up: create(table40, "$table->string('eighteen_chars_xyz')->index();"), code: 1059 },
  { name: 'a derived full-text name over 64: 1059', up: create(table40, "$table->text('a_body_of_text_here');\n$table->fullText('a_body_of_text_here');"), code: 1059 },
  {
    name: 'a derived foreign key name over 64: 1059',
    up: `${create('parents', '$table->id();')}\n${create(table40, "$table->foreignId('the_parent_row_id')->constrained('parents');")}`, code: 1059,
  },
  {
    name: 'a derived primary key name over 64: named by 8.x only (1059), 11+ send none',
    up: create(table40, "$table->string('a_long_primary_col');\n$table->primary(['a_long_primary_col']);"), code: (version) => (version === '8.83' ? 1059 : undefined),
  },
  { name: 'a column name of 65: 1059', up: create('t7', `$table->string('${'c'.repeat(65)}');`), code: 1059 },
  { name: 'a column name of 64: fine', up: create('t7', `$table->string('${'c'.repeat(64)}');`), code: undefined },
  { name: 'a table name of 65: 1103', up: create(table65, '$table->id();'), code: 1103 },
  // The 65,535-byte row (1118): utf8mb4 VARCHARs take 4 bytes a character and 2 for the length.
  { name: 'string(16000) and string(383) in utf8mb4: a row of 65,536 bytes, 1118', up: create('rows', "$table->string('a', 16000);\n$table->string('b', 383);"), code: 1118 },
  { name: 'string(16000) and string(382) in utf8mb4: 65,532 bytes, fine', up: create('rows', "$table->string('a', 16000);\n$table->string('b', 382);"), code: undefined },
  { name: 'string(383) added to a table of string(16000): 1118', up: `${create('rows', "$table->string('a', 16000);")}\nSchema::table('rows', function (Blueprint $table) {\n$table->string('b', 383);\n});`, code: 1118 },
  // 2 x 30,002 latin1, 1,020 for char(255) and 4,802 for string(1200) in utf8mb4: 65,826 bytes; with string(1070), 65,306.
  { name: 'latin1 string(30000) twice, char(255) and string(1200) in utf8mb4: 1118', up: create('rows', "$table->charset = 'latin1';\n$table->collation = 'latin1_swedish_ci';\n$table->string('a', 30000);\n$table->string('b', 30000);\n$table->char('c', 255)->charset('utf8mb4');\n$table->string('d', 1200)->charset('utf8mb4');"), code: 1118 },
  { name: 'the same with string(1070) in utf8mb4: fine', up: create('rows', "$table->charset = 'latin1';\n$table->collation = 'latin1_swedish_ci';\n$table->string('a', 30000);\n$table->string('b', 30000);\n$table->char('c', 255)->charset('utf8mb4');\n$table->string('d', 1070)->charset('utf8mb4');"), code: undefined },
  // An id (8 bytes) and the NULL bits are not counted: a miss the rule accepts.
  { name: 'id() and string(16000) and string(382): 1118, not claimed', up: create('rows', "$table->id();\n$table->string('a', 16000);\n$table->string('b', 382);"), code: 1118, flagged: false },
  {
    name: 'a length from a variable: 1074, not known to the rule', code: 1074, flagged: false,
    up: "$length = 65535;\nSchema::create('t8', function (Blueprint $table) use ($length) {\n$table->string('p', $length);\n});",
  },
];

/** What the rule says of `folder` with a strict (or not) utf8mb4 connection, as the project's config says. */
async function flagged(folder: string, version: LaravelVersion, strict: boolean): Promise<string[]> {
  const migrations = await loadMigrations([folder]);
  const laravel = { version: laravelRelease(version), driver: 'mysql' as const, strict, charset: 'utf8mb4', mysqlFamily: true };
  return analyzeProject(migrations, { rules: rule, laravel }).findings.map((f) => f.message);
}

async function run(version: LaravelVersion, up: string, strict = true): Promise<{ code: number | undefined; folder: string }> {
  const folder = writeHistory({ '2020_01_01_000001_server_limits': up });
  const db = await createTestDatabase('server_limits');
  try {
    const result = await runLaravel(version, 'migrate', { database: db.name, migrationsPath: folder, ...(strict ? {} : { strict: false }) });
    return { code: result.ok ? undefined : result.error?.code, folder };
  } finally {
    await db.drop();
  }
}

for (const version of laravelVersions) {
  describe(`exceeds-server-limit against the real Laravel ${version} on MariaDB`, function () {
    this.timeout(600_000);
    before(function () {
      skipWithoutLaravel(this, version);
    });

    for (const c of cases) {
      it(c.name, async () => {
        const { code, folder } = await run(version, c.up);
        try {
          const expected = typeof c.code === 'function' ? c.code(version) : c.code;
          assert.strictEqual(code, expected, `Laravel ${version}: the server's code`);
          const said = await flagged(folder, version, true);
          assert.strictEqual(said.length, expected === undefined || c.flagged === false ? 0 : 1, `the rule said: ${said.join(' | ') || 'nothing'}`);
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
      });
    }

    if (version !== '8.83') {
      it('not strict: a row of 65,536 bytes is still 1118, and the rule says so', async () => {
        const { code, folder } = await run(version, create('rows', "$table->string('a', 16000);\n$table->string('b', 383);"), false);
        try {
          assert.strictEqual(code, 1118);
          assert.strictEqual((await flagged(folder, version, false)).length, 1);
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
      });

      it("not strict: LinkStack's string('params', 65535) becomes a TEXT and the migration runs; the rule says nothing", async () => {
        const { code, folder } = await run(version, cases[0]!.up, false);
        try {
          assert.strictEqual(code, undefined);
          assert.deepStrictEqual(await flagged(folder, version, false), []);
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
      });
    }
  });
}

// The connection's prefix, read from config/database.php as the rule reads it, and the same
// config given to the real Laravel (8.83: the fixture app's copy; 11+: the migrator's connection).
const prefixCases: readonly Case[] = [
  { name: 'a table of 61 characters with the prefix pfx_: 65 on the server, 1103', up: create('t'.repeat(61), '$table->id();'), code: 1103 },
  { name: 'a table of 60 characters with the prefix pfx_: 64, fine', up: create('t'.repeat(60), '$table->id();'), code: undefined },
  { name: 'renamed to 61 characters with the prefix pfx_: 1103', up: `${create('short', '$table->id();')}\nSchema::rename('short', '${'r'.repeat(61)}');`, code: 1103 },
  { name: 'a derived index name of 64 as written, 68 with the prefix: 1059', up: create(table40, "$table->string('seventeen_chars_x')->index();"), code: 1059 },
  { name: 'a derived index name of 64 with the prefix: fine', up: create(table40, "$table->string('thirteen_char')->index();"), code: undefined },
  {
    name: 'a derived foreign key name of 62 as written, 66 with the prefix: 1059',
    up: `${create('parents', '$table->id();')}\n${create(table40, "$table->foreignId('the_parent_id')->constrained('parents');")}`, code: 1059,
  },
];

/** A config/database.php whose mysql connection has `prefix` (and `prefix_indexes` when given). */
function prefixedConfig(prefixIndexes: boolean | undefined): string {
  const fixture = fs.readFileSync(path.join(laravelAppDir, 'config', 'database.php'), 'utf8');
  const mysql = fixture.indexOf("'prefix' => '',");
  const indexes = fixture.indexOf("'prefix_indexes' => true,", mysql);
  const replaced = `${fixture.slice(0, mysql)}'prefix' => 'pfx_',${fixture.slice(mysql + "'prefix' => '',".length, indexes)}${prefixIndexes === undefined ? '' : `'prefix_indexes' => ${prefixIndexes},`}${fixture.slice(indexes + "'prefix_indexes' => true,".length)}`;
  return replaced;
}

/** What the rule says of `folder` in an app of Laravel `version` whose config/database.php is `config`. */
async function flaggedIn(folder: string, version: LaravelVersion, config: string): Promise<string[]> {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'md-server-limits-app-'));
  try {
    fs.mkdirSync(path.join(app, 'config'));
    fs.writeFileSync(path.join(app, 'config', 'database.php'), config);
    fs.writeFileSync(path.join(app, 'composer.lock'), JSON.stringify({ packages: [{ name: 'laravel/framework', version: version === '8.83' ? 'v8.83.27' : laravelRelease(version) }] }));
    const laravel = laravelTargetOf(await readLaravelFacts(app, { variable: (name) => (name === 'DB_CONNECTION' ? 'mysql' : undefined) }));
    const migrations = await loadMigrations([folder]);
    return analyzeProject(migrations, { rules: rule, laravel }).findings.map((f) => f.message);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}

/** The fixture app (8.83) with `config` as its config/database.php: one copy per config, kept for the run. */
const appCopies = new Map<string, string>();
function fixtureAppWithConfig(config: string): string {
  let app = appCopies.get(config);
  if (!app) {
    app = fixtureAppWith('md-server-limits-83-', {});
    fs.writeFileSync(path.join(app, 'config', 'database.php'), config);
    appCopies.set(config, app);
  }
  return app;
}
after(() => appCopies.forEach((app) => fs.rmSync(app, { recursive: true, force: true })));

async function runPrefixed(version: LaravelVersion, up: string, config: string, prefixIndexes: boolean | undefined): Promise<{ code: number | undefined; folder: string }> {
  const folder = writeHistory({ '2020_01_01_000001_server_limits': up });
  const db = await createTestDatabase('server_limits');
  const app = version === '8.83' ? fixtureAppWithConfig(config) : undefined;
  try {
    const result = await runLaravel(version, 'migrate', {
      database: db.name, migrationsPath: folder,
      ...(app ? { appDir: app } : { prefix: 'pfx_', prefixIndexes: prefixIndexes === true }),
    });
    return { code: result.ok ? undefined : result.error?.code, folder };
  } finally {
    await db.drop();
  }
}

for (const version of laravelVersions) {
  describe(`exceeds-server-limit with the connection's prefix, against the real Laravel ${version} on MariaDB`, function () {
    this.timeout(600_000);
    before(function () {
      skipWithoutLaravel(this, version);
    });

    // prefix_indexes true, and not set (null: Laravel leaves the prefix out of the index names it derives).
    for (const prefixIndexes of [true, undefined] as const) {
      for (const c of prefixCases) {
        it(`${c.name}${prefixIndexes ? '' : ' (prefix_indexes not set)'}`, async () => {
          const config = prefixedConfig(prefixIndexes);
          const { code, folder } = await runPrefixed(version, c.up, config, prefixIndexes);
          try {
            // Without prefix_indexes, the derived names are those without the prefix: each derived case runs.
            const derived = c.up.includes('->index()') || c.up.includes('constrained');
            const expected = prefixIndexes === undefined && derived ? undefined : typeof c.code === 'function' ? c.code(version) : c.code;
            assert.strictEqual(code, expected, `Laravel ${version}: the server's code`);
            const said = await flaggedIn(folder, version, config);
            assert.strictEqual(said.length, expected === undefined ? 0 : 1, `the rule said: ${said.join(' | ') || 'nothing'}`);
          } finally {
            fs.rmSync(folder, { recursive: true, force: true });
          }
        });
      }
    }
  });
}
