// Two readings that left healthy tables unknown: a return in a branch on another driver
// (`if (DB::getDriverName() === 'pgsql') { ...; return; }`), which never runs on MySQL/MariaDB, made
// what follows conditional; and literal SQL that changes rows only (`DB::statement('UPDATE ...')`)
// inside a Blueprint closure made the Blueprint unreadable. Checked against the real Laravel.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner, migrationSource } from './laravelRun';

const posts = migrationSource(`        Schema::create('posts', function (Blueprint $t) { $t->increments('id'); $t->string('title', 10); });`);

function readings(runner: LaravelRunner): void {
  it('a return in a branch on another driver: what follows runs', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts,
    '2020_01_01_000002_pg_only_return': migrationSource(`        if (Schema::getConnection()->getDriverName() === 'pgsql') {
            DB::statement('ALTER TABLE posts ALTER COLUMN title TYPE TEXT');

            return;
        }

        Schema::table('posts', function (Blueprint $t) { $t->text('title')->change(); });`),
    '2020_01_01_000003_sqlite_only_return': migrationSource(`        if (DB::getDriverName() !== 'sqlite') {
            Schema::table('posts', function (Blueprint $t) { $t->string('body', 30)->nullable(); });
        } else {
            return;
        }

        Schema::table('posts', function (Blueprint $t) { $t->string('summary', 30)->nullable(); });`),
  }));

  it('literal SQL that changes rows only, inside a Blueprint closure', () => assertExact(runner, {
    '2020_01_01_000001_posts': posts,
    '2020_01_01_000002_fill': migrationSource(`        Schema::table('posts', function (Blueprint $t) {
            $t->string('slug', 20)->nullable();
            if (DB::getDriverName() === 'pgsql') {
                DB::statement("UPDATE posts SET title = 'pg'");
            } else {
                DB::statement("UPDATE posts SET title = 'mysql'");
            }
        });`),
  }));
}

for (const version of laravelVersions) {
  describe(`translate: branches on another driver and row-only SQL, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    readings(laravelRunner(version));
  });
}
