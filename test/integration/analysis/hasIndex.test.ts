// `Schema::hasIndex()` (Laravel 11+) around the statement that adds or drops that very index: the
// index is there (or gone) afterwards either way, so the statement is read as one that runs; the
// replay says unknown when it finds the index already there (or absent). Run by the real Laravel
// 11 and 12, with both drivers, the index present before and not.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { type LaravelVersion, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, buildWithLaravel, type LaravelRunner, laravelRunner, statusProblems, translationDifferences } from '../translate/laravelRun';

const posts = `Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->string('slug', 40);
            $table->string('title', 40);
            $table->index('title', 'posts_title_idx');
        });`;

function hasIndex(runner: LaravelRunner): void {
  it('! hasIndex() around the index it adds, hasIndex() around the drop of one, in up() and in the closure', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts,
    '2020_01_01_000002_slug': `if (! Schema::hasIndex('posts', 'posts_slug_idx')) {
            Schema::table('posts', function (Blueprint $table) { $table->index('slug', 'posts_slug_idx'); });
        }
        Schema::table('posts', function (Blueprint $table) {
            if (Schema::hasIndex('posts', 'posts_title_idx')) {
                $table->dropIndex('posts_title_idx');
            }
            if (! Schema::hasIndex('posts', 'posts_title_unique')) {
                $table->unique('title', 'posts_title_unique');
            }
        });`,
  }));

  it('the index already there: the table is unknown, never claimed wrong', async () => {
    const built = await buildWithLaravel(runner, {
      '2020_01_01_000001_posts': posts,
      '2020_01_01_000002_again': `if (! Schema::hasIndex('posts', 'posts_title_idx')) {
            Schema::table('posts', function (Blueprint $table) { $table->index(['title', 'slug'], 'posts_title_idx'); });
        }`,
    }, 'md_hasindex');
    try {
      const problems = await translationDifferences(built);
      assert.ok(problems.every((p) => /^posts: unknown|^tables: expected/.test(p)), problems.join('\n'));
      assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
    } finally {
      await built.db.drop();
    }
  });
}

for (const version of ['11', '12', '13'] as LaravelVersion[]) {
  for (const driver of ['mysql', 'mariadb'] as const) {
    describe(`analysis: Schema::hasIndex() guards, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      hasIndex(laravelRunner(version, driver));
    });
  }
}
