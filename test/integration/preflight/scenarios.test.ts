// Preflight proven against the real thing: each scenario is a database with real rows and
// pending migrations. Preflight predicts (through a SELECT-only account), then the real
// `migrate --force` runs on a copy of that database, with Laravel 8.83, 12 and 13: the same
// migration must fail first with the same error code and the statement named must be the one
// Laravel sent; "passes" must mean migrate passes.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { createTestUser, dropDatabase, recreateDatabase, rootConnectionOptions, testServer, uniqueDatabaseName, withServer, type TestUser } from '../../support/database';
import { bringTo, laravelMigrationsDir } from '../../support/laravel';
import { laravelVersionProblem, runLaravel, type LaravelDriver, type LaravelVersion } from '../../support/laravelVersions';
import { base, copyDatabase, create, migrationFile, preflightFolder, runSql, table } from './oracle';

interface Scenario {
  readonly name: string;
  /** up() bodies of the pending migrations, in order. */
  readonly pending: readonly string[];
  /** The code, or per version where they differ (8.83's doctrine CHANGE restates the character set). */
  readonly expect: { readonly migration: number; readonly code: number | null | Partial<Record<LaravelVersion, number | null>> } | 'passes';
  readonly versions?: readonly LaravelVersion[];
  readonly extraSql?: string;
  /** The connection's driver (11+ have 'mariadb'); default 'mysql'. */
  readonly driver?: LaravelDriver;
}

const fk = 'DELETE FROM posts WHERE user_id = 99; ALTER TABLE posts ADD CONSTRAINT posts_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id);';
const scenarios: readonly Scenario[] = [
  { name: '1050 create of an existing table', pending: [create('users', '$table->id();')], expect: { migration: 0, code: 1050 } },
  { name: '1060 add of an existing column', pending: [table('users', "$table->string('email');")], expect: { migration: 0, code: 1060 } },
  { name: '1061 duplicate index name', pending: [table('users', "$table->index('name');")], expect: { migration: 0, code: 1061 } },
  // The server compares index and foreign key names whatever their case (measured on MariaDB 10.11).
  { name: '1061 an index name that differs from an existing one in case only', pending: [table('users', "$table->index('email', 'Users_Name_Index');")], expect: { migration: 0, code: 1061 } },
  { name: '1061 a rename onto an index name that differs in case only', pending: [table('posts', "$table->index('title'); $table->renameIndex('posts_title_index', 'POSTS_USER_ID_INDEX');")], expect: { migration: 0, code: 1061 } },
  { name: '1005/121 a foreign key name taken in the database in another case', extraSql: fk, pending: [create('drafts', "$table->id(); $table->unsignedBigInteger('user_id'); $table->foreign('user_id', 'Posts_User_Id_Foreign')->references('id')->on('users');")], expect: { migration: 0, code: 1005 } },
  { name: 'passes: an index and a foreign key dropped, an index renamed, by names in another case', extraSql: fk, pending: [
    table('users', "$table->dropIndex('USERS_NAME_INDEX');"),
    table('posts', "$table->dropForeign('Posts_User_Id_Foreign'); $table->renameIndex('Posts_User_Id_Index', 'posts_author_index');"),
  ], expect: 'passes' },
  // Column names too (measured on MariaDB 10.11).
  { name: '1060 a column named as an existing one in another case', pending: [table('users', "$table->string('Email')->nullable();")], expect: { migration: 0, code: 1060 } },
  { name: '1060 two columns of a new table whose names differ in case only', pending: [create('tags', "$table->id(); $table->string('label'); $table->string('Label');")], expect: { migration: 0, code: 1060 } },
  { name: 'passes: a column dropped by its name in another case, then added again; one renamed by its name in another case', pending: [
    table('users', "$table->dropColumn('SCORE');"), table('users', "$table->integer('score')->default(0);"),
    table('posts', "$table->renameColumn('TITLE', 'headline');"), table('posts', "$table->string('title')->nullable();"),
  ], expect: 'passes' },
  // The columns of a key too, its own and the referenced ones: the server keeps the table's names (measured on MariaDB 10.11).
  { name: 'passes: an index and a foreign key naming their columns in another case', pending: [
    table('users', "$table->index('EMAIL');"),
    create('drafts', "$table->id(); $table->unsignedBigInteger('user_id'); $table->foreign('USER_ID')->references('ID')->on('users');"),
  ], expect: 'passes' },
  { name: '1005/121 a foreign key naming its columns in another case, under a name taken', extraSql: fk, pending: [
    create('drafts', "$table->id(); $table->unsignedBigInteger('user_id'); $table->foreign('User_Id', 'posts_user_id_foreign')->references('Id')->on('users');"),
  ], expect: { migration: 0, code: 1005 } },
  { name: '1091 drop of a missing column', pending: [table('users', "$table->dropColumn('nickname');")], expect: { migration: 0, code: 1091 } },
  { name: '1091 drop of a missing index', pending: [table('posts', "$table->dropIndex('posts_title_index');")], expect: { migration: 0, code: 1091 } },
  { name: '1091 drop of a missing foreign key', pending: [table('posts', "$table->dropForeign('posts_user_id_foreign');")], expect: { migration: 0, code: 1091 } },
  { name: '1054 rename of a missing column (8.83: doctrine/dbal refuses before sending)', pending: [table('users', "$table->renameColumn('nickname', 'nick');")], expect: { migration: 0, code: { '8.83': null, '12': 1054, '13': 1054 } } },
  { name: '1060 rename onto an existing column', pending: [table('users', "$table->renameColumn('name', 'email');")], expect: { migration: 0, code: 1060 } },
  { name: '1054 change of a missing column (12, 13)', pending: [table('users', "$table->string('nickname', 20)->change();")], expect: { migration: 0, code: 1054 }, versions: ['12', '13'] },
  { name: '1072 index over a missing column', pending: [table('users', "$table->index('nickname');")], expect: { migration: 0, code: 1072 } },
  { name: '1451 drop of a table another one references', extraSql: fk, pending: ["Schema::drop('users');"], expect: { migration: 0, code: 1451 } },
  { name: '1451 $table->drop() in a Blueprint of a table another one references', extraSql: fk, pending: [table('users', '$table->drop();')], expect: { migration: 0, code: 1451 } },
  // FOREIGN_KEY_CHECKS is the connection's: off, the server drops a referenced table; it stays off for the next migrations until turned on.
  { name: 'passes: a drop of a referenced table between disableForeignKeyConstraints() and enableForeignKeyConstraints()', extraSql: fk,
    pending: ["Schema::disableForeignKeyConstraints(); Schema::drop('users'); Schema::enableForeignKeyConstraints();"], expect: 'passes' },
  { name: 'passes: a drop of a referenced table in the migration after disableForeignKeyConstraints()', extraSql: fk,
    pending: ['Schema::disableForeignKeyConstraints();', "Schema::drop('users');"], expect: 'passes' },
  { name: '1451 once enableForeignKeyConstraints() turned the checks back on', extraSql: fk,
    pending: ['Schema::disableForeignKeyConstraints();', 'Schema::enableForeignKeyConstraints();', "Schema::drop('users');"], expect: { migration: 2, code: 1451 } },
  { name: 'passes: a drop of a referenced table inside withoutForeignKeyConstraints(), then its create again (12, 13)', extraSql: fk, versions: ['12', '13'],
    pending: ["Schema::withoutForeignKeyConstraints(function () { Schema::drop('users'); });", create('users', '$table->id();')], expect: 'passes' },
  { name: '1451 after withoutForeignKeyConstraints(), which turns the checks back on (12, 13)', extraSql: fk, versions: ['12', '13'],
    pending: ["Schema::withoutForeignKeyConstraints(function () { Schema::table('posts', function (Blueprint $table) { $table->string('slug')->nullable(); }); }); Schema::drop('users');"], expect: { migration: 0, code: 1451 } },
  { name: '1005/121 a foreign key name already taken in the database', extraSql: fk, pending: [create('drafts', "$table->id(); $table->unsignedBigInteger('user_id'); $table->foreign('user_id', 'posts_user_id_foreign')->references('id')->on('users');")], expect: { migration: 0, code: 1005 } },
  { name: '1075 drop of the primary key of an auto-increment column', pending: [table('posts', '$table->dropPrimary();')], expect: { migration: 0, code: 1075 } },
  { name: '1091 drop of a missing primary key', pending: [create('codes', "$table->string('code'); $table->primary('code');"), table('codes', '$table->dropPrimary();'), table('codes', '$table->dropPrimary();')], expect: { migration: 2, code: 1091 } },
  { name: '1146 change of a missing table', pending: [table('ghosts', "$table->string('x');")], expect: { migration: 0, code: 1146 } },
  // The closure runs its SQL as it builds the Blueprint: before the CREATE TABLE.
  { name: '1146 raw SQL in a Schema::create() closure on the table it creates', pending: [create('drafts', "$table->id(); DB::statement('alter table `drafts` drop foreign key `drafts_x_foreign`');")], expect: { migration: 0, code: 1146 } },
  { name: '1050 rename onto an existing table', pending: ["Schema::rename('posts', 'users');"], expect: { migration: 0, code: 1050 } },
  { name: '1005/150 foreign key to a missing table', pending: [create('comments', "$table->id(); $table->foreignId('article_id')->constrained();")], expect: { migration: 0, code: 1005 } },
  { name: '1005/150 foreign key of another type', pending: [create('likes', "$table->id(); $table->integer('user_id'); $table->foreign('user_id')->references('id')->on('users');")], expect: { migration: 0, code: 1005 } },
  { name: '1068 second primary key', pending: [table('users', "$table->primary('email');")], expect: { migration: 0, code: 1068 } },
  { name: '1062 unique over duplicates (case-insensitive collation)', pending: [table('users', "$table->unique('email');")], expect: { migration: 0, code: 1062 } },
  // A raw ALTER TABLE of one column is simulated: what follows it is predicted.
  { name: '1062 unique over duplicates after a raw one-column ALTER TABLE', pending: ["DB::statement('ALTER TABLE users ADD COLUMN x int');", table('users', "$table->unique('email');")], expect: { migration: 1, code: 1062 } },
  { name: '1062 unique over a NOT NULL column this run adds', pending: [table('users', "$table->string('slug')->unique();")], expect: { migration: 0, code: 1062 } },
  { name: '1265 NOT NULL over NULLs', pending: [table('users', "$table->string('name', 100)->nullable(false)->change();")], expect: { migration: 0, code: 1265 } },
  { name: '1406 column shortened below a value', pending: [table('users', "$table->string('name', 10)->nullable()->change();")], expect: { migration: 0, code: 1406 } },
  { name: '1265 enum losing a value still used (12, 13)', pending: [table('users', "$table->enum('status', ['active', 'banned'])->default('active')->change();")], expect: { migration: 0, code: 1265 }, versions: ['12', '13'] },
  { name: '1264 integer narrowed below a value (12, 13)', pending: [table('users', "$table->tinyInteger('score')->change();")], expect: { migration: 0, code: 1264 }, versions: ['12', '13'] },
  // Both checks scan users (email has no index): read together first; the second one's long values are then found alone.
  { name: '1406 the second of two shortenings of one column', pending: [table('users', "$table->string('email', 100)->change();"), table('users', "$table->string('email', 3)->change();")], expect: { migration: 1, code: 1406 } },
  { name: '1452 foreign key over orphan rows', pending: [table('posts', "$table->foreign('user_id')->references('id')->on('users');")], expect: { migration: 0, code: 1452 } },
  // Laravel 8.83 to 13 create `batch` as a signed int: the next batch past its maximum is refused once the first migration ran.
  { name: '1264 the next batch past the int maximum of the migrations table', extraSql: 'UPDATE migrations SET batch = 2147483647 WHERE id = 2;',
    pending: [table('users', "$table->string('nick')->nullable();"), create('tags', '$table->id();')], expect: { migration: 0, code: 1264 } },
  { name: 'passes: the last batch just below the int maximum', extraSql: 'UPDATE migrations SET batch = 2147483646 WHERE id = 2;',
    pending: [table('users', "$table->string('nick')->nullable();")], expect: 'passes' },
  { name: '1829 drop of a column another table\'s foreign key references', extraSql: fk, pending: [table('users', "$table->dropColumn('id');")], expect: { migration: 0, code: 1829 } },
  { name: '1553 drop of a column its own foreign key uses', extraSql: fk, pending: [table('posts', "$table->dropColumn(['title', 'user_id']);")], expect: { migration: 0, code: 1553 } },
  { name: '1828 drop of a column its own foreign key uses, the checks off', extraSql: fk,
    pending: ['Schema::disableForeignKeyConstraints();', table('posts', "$table->dropColumn('user_id');")], expect: { migration: 1, code: 1828 } },
  { name: 'passes: the foreign key dropped, then its column; a column no key needs', extraSql: fk,
    pending: [table('posts', "$table->dropForeign(['user_id']); $table->dropColumn('user_id');"), table('users', "$table->dropColumn('score');")], expect: 'passes' },
  { name: '4078 an integer column made a uuid with the mariadb driver (11, 12, 13)', versions: ['11', '12', '13'], driver: 'mariadb',
    pending: [table('users', "$table->string('nick')->nullable();"), table('users', "$table->uuid('score')->change();")], expect: { migration: 1, code: 4078 } },
  { name: 'the second migration fails once the first passes', pending: [create('tags', "$table->id(); $table->string('label');"), table('tags', "$table->string('label');")], expect: { migration: 1, code: 1060 } },
  { name: 'passes: new tables, a key to a new table, a nullable column, an index', pending: [
    create('tags', "$table->id(); $table->string('label')->unique();"),
    create('post_tag', "$table->foreignId('post_id')->constrained(); $table->foreignId('tag_id')->constrained();"),
    table('users', "$table->string('nickname')->nullable(); $table->index('email');"),
  ], expect: 'passes' },
  { name: 'passes: unique over distinct values, NOT NULL over no NULLs, a widening, a drop', pending: [
    table('users', "$table->unique('name');"),
    table('posts', "$table->string('title', 200)->nullable(false)->change();"),
    table('users', "$table->dropColumn('score');"),
  ], expect: 'passes' },
  { name: 'passes: a foreign key once the orphan is gone', extraSql: 'DELETE FROM posts WHERE user_id = 99;', pending: [
    table('posts', "$table->foreign('user_id')->references('id')->on('users')->cascadeOnDelete();"),
    table('users', "$table->string('name', 30)->nullable()->change();"),
  ], expect: 'passes' },
];

describe('preflight: predictions against the real migrate (8.83, 12 and 13) on copies of real databases', function () {
  this.timeout(900_000);
  const tally = { compared: 0, matched: 0, mismatches: [] as string[], statements: 0, sameStatement: 0, otherStatements: [] as string[] };

  after(() => {
    console.log(`      preflight scenarios: ${tally.matched} of ${tally.compared} predictions matched the real migrate`);
    console.log(`      the statement named is the one Laravel sent in ${tally.sameStatement} of ${tally.statements} failures`);
    for (const other of tally.otherStatements) console.log(`        ${other}`);
  });

  for (const [n, scenario] of scenarios.entries()) {
    it(scenario.name, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'md-preflight-'));
      const database = uniqueDatabaseName(`md_preflight_${n}`);
      let user: TestUser | undefined;
      try {
        const names = scenario.pending.map((body, i) => {
          const name = `2024_02_0${i + 1}_000000_pending_${i + 1}`;
          writeFileSync(path.join(dir, `${name}.php`), migrationFile(body));
          return name;
        });
        await recreateDatabase(database);
        await runSql(database, base + (scenario.extraSql ?? ''));
        user = await createTestUser(database, ['SELECT']);
        for (const version of scenario.versions ?? (['8.83', '12', '13'] as const)) {
          const problem = laravelVersionProblem(version);
          assert.equal(problem, undefined, problem);
          const predicted = await preflightFolder(user.options, dir, version, scenario.driver);
          assert.deepEqual(predicted.missingPrivileges, [], 'a SELECT-only account is enough');
          const copy = `${database}_c`;
          await copyDatabase(database, copy);
          try {
            const real = await runLaravel(version, 'migrate', { database: copy, migrationsPath: dir, ...(scenario.driver ? { driver: scenario.driver } : {}) });
            const firstFailure = predicted.migrations.find((m) => m.prediction === 'fails');
            const unchecked = predicted.migrations.find((m) => m.prediction === 'unchecked');
            const summary = `${version}: predicted ${firstFailure ? `${firstFailure.name} ${String(firstFailure.error?.code)}` : unchecked ? `unchecked ${unchecked.name}: ${unchecked.evidence.reason}` : 'passes'}; `
              + `real ${real.ok ? 'passes' : `${String(real.error?.migration)} ${String(real.error?.code)} ${real.error?.message.slice(0, 200)}`}`;
            tally.compared += 1;
            const match = real.ok
              ? !firstFailure && !unchecked
              : firstFailure !== undefined && firstFailure.name === real.error?.migration && (firstFailure.error?.code ?? undefined) === real.error?.code;
            if (match) tally.matched += 1;
            // Laravel's exception names the SQL it sent: "(SQL: …)" (8.83) or "…, SQL: …)" (12).
            const sent = /SQL: (.*)\)$/s.exec(real.error?.message ?? '')?.[1];
            if (firstFailure?.statement && sent) {
              tally.statements += 1;
              if (sent === firstFailure.statement) tally.sameStatement += 1;
              else tally.otherStatements.push(`${version} ${scenario.name}: sent ${sent} / named ${firstFailure.statement}`);
              assert.equal(firstFailure.statement, sent, 'the statement named is the one Laravel sends');
            }
            else tally.mismatches.push(`${scenario.name} ${summary}`);
            assert.ok(match, summary);
            const code = scenario.expect === 'passes' ? undefined : scenario.expect.code;
            const expected = scenario.expect === 'passes' ? undefined
              : { name: names[scenario.expect.migration], code: typeof code === 'object' && code !== null ? code[version] : code };
            assert.deepEqual(firstFailure && { name: firstFailure.name, code: firstFailure.error?.code }, expected, summary);
          } finally {
            await dropDatabase(copy);
          }
        }
      } finally {
        await user?.drop();
        await dropDatabase(database);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  for (const state of ['fresh', 'partly-migrated', 'rolled-back', 'incident-with-rows', 'orphan-record', 'schema-drift'] as const) {
    it(`the fixture app brought to '${state}' by the real artisan (8.83)`, async () => {
      const database = uniqueDatabaseName(`md_preflight_app_${state}`);
      const copy = `${database}_c`;
      try {
        await recreateDatabase(database);
        await bringTo(database, state);
        const predicted = await preflightFolder(rootConnectionOptions(database), laravelMigrationsDir, '8.83');
        await copyDatabase(database, copy);
        const real = await runLaravel('8.83', 'migrate', { database: copy, migrationsPath: laravelMigrationsDir });
        const firstFailure = predicted.migrations.find((m) => m.prediction === 'fails');
        const unchecked = predicted.migrations.find((m) => m.prediction === 'unchecked');
        const summary = `predicted ${firstFailure ? `${firstFailure.name} ${String(firstFailure.error?.code)}` : unchecked ? `unchecked ${unchecked.name}` : 'passes'}; real ${real.ok ? 'passes' : `${String(real.error?.migration)} ${String(real.error?.code)}`}`;
        const match = real.ok ? !firstFailure && !unchecked : firstFailure?.name === real.error?.migration && firstFailure?.error?.code === real.error?.code;
        tally.compared += 1;
        if (match) tally.matched += 1;
        assert.ok(match, summary);
        if (state === 'incident-with-rows') assert.equal(firstFailure?.error?.code, 1050, summary);
      } finally {
        await dropDatabase(copy);
        await dropDatabase(database);
      }
    });
  }

  it('what cannot be simulated is unchecked with its reason, and an unreadable file is no crash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'md-preflight-unchecked-'));
    const database = uniqueDatabaseName('md_preflight_unchecked');
    try {
      writeFileSync(path.join(dir, '2024_02_01_000000_raw.php'), migrationFile("DB::statement('ALTER TABLE users ADD COLUMN x int, ADD COLUMN y int');"));
      writeFileSync(path.join(dir, '2024_02_02_000000_users_after_raw.php'), migrationFile(table('users', "$table->unique('email');")));
      writeFileSync(path.join(dir, '2024_02_03_000000_posts.php'), migrationFile(table('posts', "$table->string('subtitle')->nullable();")));
      // Laravel 12.4+ skips it while `posts` exists: whether it runs is shouldRun()'s to say, not a 1050.
      writeFileSync(path.join(dir, '2024_02_03_500000_decided.php'), migrationFile(create('posts', '$table->id();'))
        .replace('    public function down()', "    public function shouldRun(): bool\n    {\n        return ! Schema::hasTable('posts');\n    }\n\n    public function down()"));
      writeFileSync(path.join(dir, '2024_02_04_000000_broken.php'), '<?php\nreturn new class extends Migration { public function up() { Schema::create(\'x\', function ( {');
      await recreateDatabase(database);
      await runSql(database, base);
      const result = await preflightFolder(rootConnectionOptions(database), dir, '8.83');
      assert.deepEqual(result.migrations.map((m) => [m.name, m.prediction, m.error?.code]), [
        ['2024_02_01_000000_raw', 'unchecked', undefined],
        ['2024_02_02_000000_users_after_raw', 'unchecked', undefined],
        ['2024_02_03_000000_posts', 'passes', undefined],
        ['2024_02_03_500000_decided', 'unchecked', undefined],
        ['2024_02_04_000000_broken', 'unchecked', undefined],
      ]);
      assert.match(result.migrations[3].evidence.reason ?? '', /shouldRun\(\)/);
      assert.match(result.migrations[0].evidence.reason ?? '', /cannot simulate/);
      assert.match(result.migrations[1].evidence.reason ?? '', /users|not known/);
      assert.match(result.migrations[4].evidence.reason ?? '', /could not be read/);
    } finally {
      await dropDatabase(database);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks that would each scan one table read it once when they find nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'md-preflight-once-'));
    const database = uniqueDatabaseName('md_preflight_once');
    try {
      writeFileSync(path.join(dir, '2024_02_01_000000_email_100.php'), migrationFile(table('users', "$table->string('email', 100)->change();")));
      writeFileSync(path.join(dir, '2024_02_02_000000_email_50.php'), migrationFile(table('users', "$table->string('email', 50)->change();")));
      await recreateDatabase(database);
      await runSql(database, base);
      const result = await preflightFolder(rootConnectionOptions(database), dir, '8.83');
      assert.deepEqual(result.migrations.map((m) => m.prediction), ['passes', 'passes']);
      assert.equal(result.queries, 1, 'one read of users answers both length checks');
    } finally {
      await dropDatabase(database);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI with a SELECT-only account: --json as documented, exit 1 on a predicted failure, nothing changed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'md-preflight-cli-'));
    const database = uniqueDatabaseName('md_preflight_cli');
    let user: TestUser | undefined;
    try {
      writeFileSync(path.join(dir, '2024_02_01_000000_unique_email.php'), migrationFile(table('users', "$table->unique('email');")));
      writeFileSync(path.join(dir, '2024_02_02_000000_add_nick.php'), migrationFile(table('users', "$table->string('nick')->nullable();")));
      await recreateDatabase(database);
      await runSql(database, base);
      user = await createTestUser(database, ['SELECT']);
      let out = '';
      let err = '';
      const io: CliIo = { cwd: dir, env: { DB_PASSWORD: user.options.password }, out: (t) => (out += t), err: (t) => (err += t), readStdin: async () => '' };
      const server = testServer();
      const code = await main(['preflight', '--host', server.host, '--port', String(server.port), '--user', user.user, '--database', database,
        '--path', dir, '--laravel-version', '8.83', '--json'], io);
      assert.equal(code, 1, err);
      const json = JSON.parse(out) as { connection: { database: string }; migrations: { name: string; prediction: string; error?: { code: number }; statement: string; evidence: { count?: number } }[] };
      assert.equal(json.connection.database, database);
      assert.deepEqual(json.migrations.map((m) => [m.name, m.prediction, m.error?.code]), [
        ['2024_02_01_000000_unique_email', 'fails', 1062],
        ['2024_02_02_000000_add_nick', 'passes', undefined],
      ]);
      assert.equal(json.migrations[0].statement, 'alter table `users` add unique `users_email_unique`(`email`)');
      assert.equal(json.migrations[0].evidence.count, 1);
      assert.equal(err, '');
      const connection = ['--host', server.host, '--port', String(server.port), '--user', user.user, '--database', database, '--path', dir, '--laravel-version', '8.83'];
      out = '';
      assert.equal(await main(['preflight', ...connection, '--format', 'github'], io), 1, err);
      assert.match(out, /^::error file=.*2024_02_01_000000_unique_email\.php,title=preflight%3A 2024_02_01_000000_unique_email::will fail: 1062 /m);
      out = '';
      assert.equal(await main(['preflight', ...connection, '--format', 'sarif'], io), 1, err);
      const sarif = JSON.parse(out) as { runs: { results: { ruleId: string; level: string }[] }[] };
      // The two rows the base records have no file here: warnings, which leave the exit code alone.
      assert.deepEqual(sarif.runs[0].results.map((r) => [r.ruleId, r.level]), [['preflight-fails', 'error'], ['preflight-migrations-table', 'warning'], ['preflight-migrations-table', 'warning']]);
      assert.equal(await main(['preflight', ...connection, '--format', 'xml'], io), 2);
      const rows = await withServer(async (c) => (await c.query(`SELECT COUNT(*) AS n FROM \`${database}\`.migrations`))[0] as { n: number }[]);
      assert.equal(Number(rows[0].n), 2, 'preflight recorded nothing');
    } finally {
      await user?.drop();
      await dropDatabase(database);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
