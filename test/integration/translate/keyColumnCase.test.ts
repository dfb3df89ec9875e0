// The columns of an index or a foreign key named in another case than the table's: the server
// finds them and keeps the table's names (measured on MariaDB 10.11), as the replay must. Run by
// the real Laravel 8.83, 12 and 13.
import { type LaravelVersion, skipWithoutLaravel } from '../../support/laravelVersions';
import { requireOracle } from '../../support/laravel';
import { assertExact, laravelRunner } from './laravelRun';

const history = {
  '2020_01_01_000001_users': `Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
            $table->string('email', 100);
            $table->string('Name', 40);
            $table->index('EMAIL');
            $table->unique(['name'], 'users_name_unique');
        });`,
  '2020_01_01_000002_posts': `Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->unsignedInteger('user_id');
            $table->foreign('USER_ID')->references('ID')->on('users');
        });
        Schema::table('users', function (Blueprint $table) {
            $table->dropIndex(['Email']);
        });`,
};

for (const version of ['8.83', '12', '13'] as LaravelVersion[]) {
  describe(`translate: key columns named in another case, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      if (version !== '8.83') skipWithoutLaravel(this, version);
    });
    it('indexes and foreign keys on the columns as the table names them; a drop by columns in another case', () => assertExact(laravelRunner(version), history));
  });
}
