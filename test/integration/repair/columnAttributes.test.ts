// A repair that changes a column for one drift (its type, nullability or default) writes MODIFY
// COLUMN, and MariaDB's MODIFY resets every attribute it does not restate: the column's comment,
// INVISIBLE, a CHECK constraint of the column's own. The repair must change only what it
// previews: what status does not compare keeps its live value (a comment the migrations gave,
// or one added by hand), and a MODIFY that would silently drop what it cannot restate is refused
// with why. The tables are the real Laravel's (8.83, 11, 12, 13), the server the real MariaDB,
// the repair the real CLI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testServer, withServer } from '../../support/database';
import { runCli } from '../../support/cli';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, runLaravelOk, skipWithoutLaravel, type LaravelVersion } from '../../support/laravelVersions';
import { migrationSource } from '../../support/migrationHistory';
import { repairSuite } from './state';

const migration = '2024_01_01_000000_create_posts_table';
const history = {
  [migration]: `        Schema::create('posts', function (Blueprint $t) {
            $t->id();
            $t->string('title', 100)->comment('The headline');
            $t->string('slug', 100);
            $t->integer('views')->default(0);
            $t->string('code', 20)->collation('utf8mb4_bin');
            $t->json('meta');
            $t->timestamp('touched_at')->useCurrent()->useCurrentOnUpdate();
            $t->integer('score')->default(0);
            $t->integer('stock')->default(0);
        });`,
};

interface ColumnRow { name: string; type: string; nullable: string; fallback: string | null; extra: string; collation: string | null; comment: string }

/** What information_schema says of each column of `posts`, and the table's CHECK constraints. */
async function postsColumns(database: string): Promise<{ columns: Record<string, Omit<ColumnRow, 'name'>>; checks: string[] }> {
  return withServer(async (c) => {
    const [rows] = await c.query(
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS fallback, EXTRA AS extra,
              COLLATION_NAME AS collation, COLUMN_COMMENT AS comment
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'posts' ORDER BY ORDINAL_POSITION`, [database]);
    const [checks] = await c.query(
      "SELECT CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = 'posts' ORDER BY 1", [database]);
    return {
      columns: Object.fromEntries((rows as ColumnRow[]).map(({ name, ...column }) => [name, column])),
      checks: (checks as { name: string; clause: string }[]).map((check) => `${check.name}: ${check.clause}`),
    };
  });
}

interface PlanJson { plan: { steps: { id: string; sql: string[] }[]; notes: { table?: string; message: string }[] } }

describe('repair keeps the column attributes status does not compare (real Laravel, MariaDB)', function () {
  this.timeout(600_000);
  const suite = repairSuite();
  let project = '';
  let dir = '';

  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-column-attributes-'));
    dir = path.join(project, 'database', 'migrations');
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, up] of Object.entries(history)) fs.writeFileSync(path.join(dir, `${name}.php`), migrationSource(up));
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  const repair = (version: LaravelVersion, database: string, ...args: string[]) => {
    const server = testServer();
    return runCli(project, [
      'repair', ...args, '--path', dir, '--laravel-version', version,
      '--host', server.host, '--port', String(server.port), '--user', server.user, '--database', database,
    ], { DB_PASSWORD: server.password });
  };

  async function migrated(version: LaravelVersion, prefix: string): Promise<string> {
    const test = await suite.database(prefix);
    await runLaravelOk(version, 'migrate', { database: test.name, migrationsPath: dir });
    return test.name;
  }

  for (const version of laravelVersions) {
    describe(`Laravel ${version}`, () => {
      before(async function () {
        skipWithoutLaravel(this, version);
        await requireOracle();
      });

      it("a MODIFY for a drift keeps the column's comment (the migrations' and one added by hand), INVISIBLE, its collation, ON UPDATE and json check", async () => {
        const reference = await migrated(version, 'md_column_attrs_ref');
        const database = await migrated(version, 'md_column_attrs');
        await withServer(async (c) => {
          await c.query(`USE \`${database}\``);
          // Each column drifts (a narrower type or another default), keeping or gaining an attribute status does not compare.
          await c.query("ALTER TABLE posts MODIFY title varchar(50) NOT NULL COMMENT 'The headline'");
          await c.query("ALTER TABLE posts MODIFY slug varchar(80) NOT NULL COMMENT 'Set by the DBA'");
          await c.query('ALTER TABLE posts MODIFY views int NOT NULL DEFAULT 5 INVISIBLE');
          await c.query('ALTER TABLE posts MODIFY code varchar(10) COLLATE utf8mb4_bin NOT NULL');
          await c.query('ALTER TABLE posts MODIFY meta json NULL');
          await c.query('ALTER TABLE posts MODIFY touched_at timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp()');
          // A CHECK of the table's (not the column's own) stays through a MODIFY.
          await c.query('ALTER TABLE posts MODIFY score int NOT NULL DEFAULT 5, ADD CONSTRAINT posts_score_max CHECK (score < 1000)');
        });
        const before = await postsColumns(database);
        assert.equal(before.columns.slug.comment, 'Set by the DBA');
        assert.equal(before.columns.views.extra, 'INVISIBLE');

        const plan = JSON.parse((await repair(version, database, '--json')).out) as PlanJson;
        assert.deepEqual(plan.plan.notes, []);
        const sql = plan.plan.steps.flatMap((s) => s.sql).join('\n');
        assert.match(sql, /MODIFY COLUMN `title` varchar\(100\) .*COMMENT 'The headline'/);
        assert.match(sql, /MODIFY COLUMN `slug` varchar\(100\) .*COMMENT 'Set by the DBA'/);
        assert.match(sql, /MODIFY COLUMN `views` int NOT NULL DEFAULT '0' INVISIBLE/);

        const run = await repair(version, database, '--apply', '--yes', '--allow-lossy', '--backup-dir', suite.backups);
        assert.equal(run.code, 0, run.out + run.err);
        const after = await postsColumns(database);
        const laravel = await postsColumns(reference);
        // What Laravel builds, plus what was added by hand and is not the repair's to remove.
        const expected = {
          checks: [...laravel.checks, 'posts_score_max: `score` < 1000'].sort(),
          columns: {
            ...laravel.columns,
            slug: { ...laravel.columns.slug, comment: 'Set by the DBA' },
            views: { ...laravel.columns.views, extra: 'INVISIBLE' },
          },
        };
        assert.deepEqual(after, expected);
        assert.equal((await repair(version, database)).code, 0, 'nothing left to repair');
      });

      it("refuses a MODIFY that would drop what it cannot restate (a CHECK of the column's own, a generation the migrations do not give) or that MariaDB refuses (an invisible column NOT NULL without a default)", async () => {
        for (const [prefix, change, why] of [
          ['md_column_check', 'MODIFY score int NOT NULL DEFAULT 5 CHECK (score >= 0)', /Column "score" has a CHECK constraint of its own \(`score` >= 0\)/],
          ['md_column_generated', 'MODIFY stock int AS (score * 2) STORED', /Column "stock" is generated on the server but not in the migrations/],
          // Laravel's slug is NOT NULL without a default: MariaDB takes no such invisible column (error 4108).
          ['md_column_invisible', 'MODIFY slug varchar(100) NULL INVISIBLE', /Column "slug" is invisible on the server, and MariaDB refuses an invisible column that is NOT NULL without a default \(error 4108\)/],
        ] as const) {
          const database = await migrated(version, prefix);
          await withServer((c) => c.query(`ALTER TABLE \`${database}\`.posts ${change}`));
          const before = await postsColumns(database);
          const plan = JSON.parse((await repair(version, database, '--json')).out) as PlanJson;
          assert.deepEqual(plan.plan.steps, []);
          assert.equal(plan.plan.notes.length, 1, JSON.stringify(plan.plan.notes));
          assert.match(plan.plan.notes[0].message, /^Table 'posts' cannot be altered: /);
          assert.match(plan.plan.notes[0].message, why);
          const applied = await repair(version, database, '--apply', '--yes', '--allow-lossy', '--backup-dir', suite.backups);
          assert.deepEqual(await postsColumns(database), before, 'nothing changed');
          // Left drifted, said so: not "Nothing to repair" and exit 0, which a CI step would take for a clean run.
          assert.equal(applied.code, 1, applied.out + applied.err);
          assert.match(applied.out, /^Nothing can be repaired on .*: Table 'posts' cannot be altered: /);
        }
      });
    });
  }
});
