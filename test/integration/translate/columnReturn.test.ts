// `if (Schema::hasColumn('t', 'c')) { return; }` at the top of up() (a migration that may have
// been applied by hand or by an add-on before): what follows runs only when the column is not
// there; and `if (! Schema::hasColumn('t', 'c')) { Schema::table(...) }`. Both were read as any
// other condition, so every table changed under them was unknown; the first Blueprints under
// them are now guarded like a `hasColumn()` inside the closure, decided on the tables as Laravel
// left them. Checked against the real Laravel with the column present and absent.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, buildWithLaravel, type LaravelRunner, laravelRunner, migrationSource, statusProblems, translationDifferences } from './laravelRun';

const posts = (columns: string) => migrationSource(`        Schema::create('posts', function (Blueprint $t) { $t->increments('id');${columns} });
        Schema::create('tags', function (Blueprint $t) { $t->increments('id'); });`);
const guarded = (test: string, after = '') => migrationSource(`        if (${test}) {
            return;
        }

        Schema::table('tags', function (Blueprint $t) { $t->string('label', 20)->nullable(); });
        Schema::table('posts', function (Blueprint $t) { $t->string('title', 40)->default('none'); });
        DB::statement("UPDATE posts SET title = 'none'");
${after}`);

function columnReturns(runner: LaravelRunner): void {
  it('if (Schema::hasColumn(...)) { return; } when the column is there: nothing after it runs', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(` $t->string('title', 10);`),
    '2020_01_01_000002_titles': guarded(`Schema::hasColumn('posts', 'title')`),
  }));

  it('if (Schema::hasColumn(...)) { return; } when the column is not there: the Blueprints after it run', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(''),
    '2020_01_01_000002_titles': guarded(`Schema::hasColumn('posts', 'title')`),
  }));

  it('if (! Schema::hasColumn(...)) return; on a table that does not exist: nothing after it runs', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(''),
    '2020_01_01_000002_titles': guarded(`! Schema::hasColumn('drafts', 'title')`),
  }));

  const added = migrationSource(`        if (! Schema::hasColumn('posts', 'title')) {
            Schema::table('posts', function (Blueprint $t) { $t->string('title', 40)->nullable(); });
        }`);
  it('if (! Schema::hasColumn(...)) { Schema::table(...) } when the column is there', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(` $t->string('title', 10);`),
    '2020_01_01_000002_titles': added,
  }));

  it('if (! Schema::hasColumn(...)) { Schema::table(...) } when the column is not there', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(''),
    '2020_01_01_000002_titles': added,
  }));

  // A branch that changes another table and returns, else the column is added.
  const labelledOrAdded = migrationSource(`        if (Schema::hasColumn('posts', 'heading')) {
            Schema::table('tags', function (Blueprint $t) { $t->string('label', 20)->nullable(); });
            return;
        }

        Schema::table('posts', function (Blueprint $t) { $t->string('title', 40)->nullable(); });`);
  it('if (Schema::hasColumn(...)) { Schema::table(...); return; } when the column is there', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(` $t->string('heading', 10);`),
    '2020_01_01_000002_titles': labelledOrAdded,
  }));

  it('if (Schema::hasColumn(...)) { Schema::table(...); return; } when the column is not there', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts(''),
    '2020_01_01_000002_titles': labelledOrAdded,
  }));

  // firefly-iii's add_date_tz_columns: a column added after another when that one is there and it is not yet.
  const both = migrationSource(`        if (Schema::hasColumn('posts', 'title') && ! Schema::hasColumn('posts', 'title_tz')) {
            Schema::table('posts', function (Blueprint $t) { $t->string('title_tz', 50)->nullable()->after('title'); });
        }`);
  for (const [columns, when] of [[` $t->string('title', 10);`, 'one is there, the other not'], ['', 'the first is absent'],
    [` $t->string('title', 10); $t->string('title_tz', 20);`, 'both are there']]) {
    it(`if (Schema::hasColumn(...) && ! Schema::hasColumn(...)) { Schema::table(...) } when ${when}`, () => assertExact(runner, {
      '2020_01_01_000001_posts': posts(columns),
      '2020_01_01_000002_title_tz': both,
    }));
  }

  // 2FAuth's drop_group_id_from_twofaccounts: a Blueprint that only drops the key leaves the
  // columns as the guard saw them, so the one dropping the column after it is guarded too.
  for (const withGroup of [true, false]) {
    it(`if (! Schema::hasColumn(...)) return; then a key dropped and the column dropped, when the column is ${withGroup ? 'there' : 'absent'}`, () => assertExact(runner, {
      '2020_01_01_000001_accounts': migrationSource(`        Schema::create('groups', function (Blueprint $t) { $t->increments('id'); });
        Schema::create('accounts', function (Blueprint $t) {
            $t->increments('id');${withGroup ? `
            $t->unsignedInteger('group_id')->nullable();
            $t->foreign('group_id')->references('id')->on('groups');` : ''}
        });`),
      '2020_01_01_000002_drop_group_id': migrationSource(`        if (! Schema::hasColumn('accounts', 'group_id')) {
            return;
        }

        Schema::table('accounts', function (Blueprint $table) {
            if (DB::getDriverName() !== 'sqlite') {
                $table->dropForeign(['group_id']);
            }
        });

        Schema::table('accounts', function (Blueprint $table) {
            $table->dropColumn('group_id');
        });`),
    }));
  }

  // After the Blueprint that changes the guarded table, the guard (decided before it) no longer
  // tells what a later Blueprint finds: that one is conditional, and status claims nothing of it.
  // So is what follows a branch that changed the guarded table and returned: the replay runs the
  // branch first, and would decide the guard on the table as the branch left it.
  const changedThenReturned = migrationSource(`        if (Schema::hasColumn('posts', 'heading')) {
            Schema::table('posts', function (Blueprint $t) { $t->renameColumn('heading', 'title'); });
            return;
        }

        Schema::table('posts', function (Blueprint $t) { $t->string('title', 40)->nullable(); });
        Schema::table('tags', function (Blueprint $t) { $t->string('label', 20)->nullable(); });`);
  const histories = {
    'after the Blueprint on the guarded table': { unknown: ['posts: unknown'], history: {
      '2020_01_01_000001_posts': posts(''),
      '2020_01_01_000002_titles': guarded(`Schema::hasColumn('posts', 'title')`,
        `        Schema::table('posts', function (Blueprint $t) { $t->string('subtitle', 40)->nullable(); });`),
    } },
    'after a branch that changed the guarded table and returned': { unknown: ['posts: unknown', 'tags: unknown'], history: {
      '2020_01_01_000001_posts': posts(` $t->string('heading', 10);`),
      '2020_01_01_000002_titles': changedThenReturned,
    } },
  };
  for (const [when, { unknown, history }] of Object.entries(histories)) it(`a Blueprint ${when} stays conditional`, async () => {
    const built = await buildWithLaravel(runner, history);
    try {
      // (An unknown table is not expected, so the list of tables lacks it too.)
      const problems = (await translationDifferences(built)).filter((p) => !p.startsWith('tables: '));
      assert.deepStrictEqual(problems.map((p) => p.replace(/ \(.*$/s, '')).sort(), unknown);
      assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
    } finally {
      await built.db.drop();
    }
  });
}

for (const version of laravelVersions) {
  describe(`translate: a return on Schema::hasColumn() inside up(), against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    columnReturns(laravelRunner(version));
  });
}
