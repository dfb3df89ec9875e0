// `DB::statement('ALTER TABLE t DROP FOREIGN KEY k')` beside Blueprints in one migration: it runs
// where it is written, so a Blueprint after it sees the key gone (a column it used dropped, the
// key added again under its name). Run by the real Laravel (8.83, 11, 12 and 12's mariadb driver).
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';

const tables = `Schema::create('users', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->unsignedInteger('user_id');
            $table->unsignedInteger('editor_id')->nullable();
            $table->foreign('user_id')->references('id')->on('users');
            $table->foreign('editor_id')->references('id')->on('users');
        });`;

function rawForeignKeys(runner: LaravelRunner): void {
  it('a raw DROP FOREIGN KEY, then a Blueprint dropping the column the key used', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_drop': `DB::statement('ALTER TABLE posts DROP FOREIGN KEY posts_user_id_foreign');
        Schema::table('posts', function (Blueprint $table) {
            $table->dropIndex('posts_user_id_foreign');
            $table->dropColumn('user_id');
        });`,
  }));

  it('two keys dropped in one raw statement, then one added again under its name with another rule', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_again': `$sql = 'ALTER TABLE \`posts\` DROP FOREIGN KEY \`posts_user_id_foreign\`, DROP FOREIGN KEY posts_editor_id_foreign;';
        DB::statement($sql);
        Schema::table('posts', function (Blueprint $table) {
            $table->unsignedInteger('user_id')->nullable()->change();
            $table->foreign('user_id')->references('id')->on('users')->onDelete('cascade');
        });`,
  }));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: raw DROP FOREIGN KEY in source order, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      rawForeignKeys(laravelRunner(version, driver));
    });
  }
}
