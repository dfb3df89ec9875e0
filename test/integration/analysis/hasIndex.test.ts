// `Schema::hasIndex()` (Laravel 11+) around the statement that adds or drops that very index: the
// index is there (or gone) afterwards either way, so the statement is read as one that runs; the
// replay says unknown when it finds the index already there (or absent). Run by the real Laravel
// 11 and 12, with both drivers, the index present before and not.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { type LaravelVersion, skipWithoutLaravel } from '../../support/laravelVersions';
import * as fs from 'fs';
import { loadMigrations } from '../../../src/core/analysis/load';
import { translateMigrations } from '../../../src/core/translate';
import { assertExact, buildWithLaravel, laravel8, type LaravelRunner, laravelRunner, statusProblems, translationDifferences, writeHistory } from '../translate/laravelRun';

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

  it('the index already there: PHP skips the Blueprint, and so does the replay', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts,
    '2020_01_01_000002_again': `if (! Schema::hasIndex('posts', 'posts_title_idx')) {
            Schema::table('posts', function (Blueprint $table) { $table->index(['title', 'slug'], 'posts_title_idx'); });
        }
        Schema::table('posts', function (Blueprint $table) {
            if (Schema::hasIndex('posts', 'posts_slug_idx')) {
                $table->dropIndex('posts_slug_idx');
            }
        });`,
  }));
}

/** Each answer flips once the first run made its index. */
const decided = `Schema::table('posts', function (Blueprint $table) {
            if (Schema::hasIndex('posts', 'posts_title_idx') && ! Schema::hasColumn('posts', 'had_title_idx')) {
                $table->string('had_title_idx', 40)->nullable();
            }
            if (Schema::hasIndex('posts', ['slug'])) {
                $table->string('slug_indexed', 40)->nullable();
            } else {
                $table->index('slug');
            }
            if (! Schema::hasIndex('posts', ['title'], 'unique')) {
                $table->unique('title');
            }
            if (Schema::hasIndex('posts', 'posts_title_fulltext', 'fulltext')) {
                $table->dropFullText(['title']);
            }
            if (Schema::hasIndex('posts', ['id'], 'primary') && ! Schema::hasIndex('posts', 'posts_slug_title_index')) {
                $table->index(['slug', 'title']);
            }
        });
        if (! Schema::hasIndex('posts', ['title', 'slug'])) {
            Schema::table('notes', function (Blueprint $table) { $table->string('first', 40)->nullable(); });
        } else {
            Schema::table('notes', function (Blueprint $table) { $table->string('second', 40)->nullable(); });
        }`;

function decidedOnTheTable(runner: LaravelRunner): void {
  it('hasIndex() by name, by columns, with a type, with && and an else: decided on the table as the replay has it', () => assertExact(runner, {
    '2020_01_01_000001_posts': `${posts}
        Schema::table('posts', function (Blueprint $table) { $table->fullText('title'); });
        Schema::create('notes', function (Blueprint $table) { $table->increments('id'); });`,
    '2020_01_01_000002_first': decided,
    '2020_01_01_000003_second': decided.replace("['title', 'slug']", "['slug', 'title']"),
  }));
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
      decidedOnTheTable(laravelRunner(version, driver));
    });
  }
}

describe('analysis: Schema::hasIndex() before Laravel 10.43, against the real Laravel 8.83', function () {
  this.timeout(180_000);
  before(async function () {
    await requireOracle();
  });
  it('Laravel refuses the call; the table is unknown, with the version said', async () => {
    const history = {
      '2020_01_01_000001_posts': posts,
      '2020_01_01_000002_guarded': `Schema::table('posts', function (Blueprint $table) {
            if (Schema::hasIndex('posts', 'posts_title_idx')) {
                $table->string('had_title_idx', 40)->nullable();
            }
        });`,
    };
    // Its Schema\\Builder has no hasIndex() (nor __call): PHP stops the migration.
    await assert.rejects(buildWithLaravel(laravel8, history, 'md_hasindex'), /failed in 2020_01_01_000002_guarded/);
    const dir = writeHistory(history);
    try {
      const { tables, unknown } = translateMigrations(await loadMigrations([dir]), { tablePrefix: '', laravel: laravel8.target() });
      assert.ok(!tables.has('posts'));
      assert.match(unknown.get('posts')?.reason ?? '', /Schema::hasIndex\(\) arrived in Laravel 10\.43: Laravel 8\.83 \(mysql\) does not have it/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
