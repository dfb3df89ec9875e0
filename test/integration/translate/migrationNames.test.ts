// A migration's name is Laravel's: Migrator::getMigrationName is
// str_replace('.php', '', basename($path)), every '.php' removed, not only the last (8.83, 11
// and 12 alike). A public app ships `..._table.php.php`: Laravel records it as `..._table`, and
// status must call that file `ran`, not report an orphan row and a renamed file.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { buildWithLaravel, type LaravelRunner, laravelRunner, statusProblems } from './laravelRun';

function names(runner: LaravelRunner): void {
  it('a file named x.php.php is the migration Laravel records as x', async () => {
    // writeHistory adds `.php` to each name.
    const built = await buildWithLaravel(runner, {
      '2020_01_01_000001_create_posts_table': `Schema::create('posts', function (Blueprint $t) { $t->increments('id'); });`,
      '2020_01_01_000002_add_title_to_posts_table.php': `Schema::table('posts', function (Blueprint $t) { $t->string('title', 40)->nullable(); });`,
    });
    try {
      assert.deepStrictEqual(built.migrations.map((m) => m.name), ['2020_01_01_000001_create_posts_table', '2020_01_01_000002_add_title_to_posts_table']);
      assert.deepStrictEqual(await statusProblems(built), []);
    } finally {
      await built.db.drop();
    }
  });
}

for (const version of laravelVersions) {
  describe(`analysis: migration names as the real Laravel ${version} records them`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    names(laravelRunner(version));
  });
}

