// Conditions of several of Schema's questions: `! hasColumns()` over several columns (true when one
// is missing), hasTable() with hasColumns(), `||`, `&&`, `== false`, in the closure and around
// Schema::table(), with an else (around, on a table the first branch leaves alone), and a return on one. The real Laravel of each version runs them on
// MariaDB twice over (the second time the answers differ) and the translation must equal what it built.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';

const posts = `Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->string('slug', 40);
            $table->string('title', 40);
        });
        Schema::create('notes', function (Blueprint $table) {
            $table->increments('id');
        });`;

/** Each decision flips once the first run added its columns. */
const guarded = `Schema::table('posts', function (Blueprint $table) {
            if (! Schema::hasColumns('posts', ['slug', 'body'])) {
                $table->string('body', 40)->nullable();
            }
            if (Schema::hasTable('posts') && Schema::hasColumns('posts', ['slug', 'body'])) {
                $table->string('both', 40)->nullable();
            } else {
                $table->string('not_both', 40)->nullable();
            }
            if (Schema::hasColumn('posts', 'not_both') || Schema::hasColumn('posts', 'nope')) {
                $table->string('either', 40)->nullable();
            }
            if (Schema::hasColumn('posts', 'neither') == false && ! Schema::hasColumn('posts', 'nope')) {
                $table->string('neither', 40)->nullable();
            }
        });
        if (! Schema::hasColumns('posts', ['either', 'slug'])) {
            Schema::table('notes', function (Blueprint $table) { $table->string('a1', 40)->nullable(); });
        } else {
            Schema::table('notes', function (Blueprint $table) { $table->string('a2', 40)->nullable(); });
        }
        if (! Schema::hasColumns('posts', ['a3', 'slug'])) {
            Schema::table('posts', function (Blueprint $table) { $table->string('a3', 40)->nullable(); });
        }`;

function combinedGuards(runner: LaravelRunner): void {
  it('! hasColumns() of several columns, hasTable() && hasColumns(), ||, == false, with an else, in the closure and around it', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts,
    '2020_01_01_000002_first': guarded,
    '2020_01_01_000003_second': guarded,
  }));

  it('a return on hasTable() && hasColumns() of several columns: what follows runs when one is missing', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts,
    '2020_01_01_000002_once': `if (Schema::hasTable('posts') && Schema::hasColumns('posts', ['slug', 'extra'])) {
            return;
        }
        Schema::table('posts', function (Blueprint $table) { $table->string('extra', 40)->nullable(); });`,
    '2020_01_01_000003_again': `if (Schema::hasTable('posts') && Schema::hasColumns('posts', ['slug', 'extra'])) {
            return;
        }
        Schema::table('posts', function (Blueprint $table) { $table->string('extra', 40)->nullable(); });`,
  }));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: combined Schema guards, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      combinedGuards(laravelRunner(version, driver));
    });
  }
}
