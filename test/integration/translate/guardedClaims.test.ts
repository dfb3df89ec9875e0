// What status claims must exist after a migration ran: a rename (or create) under a guard that
// did not hold on the database never ran, so the table it would have made proves nothing by its
// absence. Status took every guarded rename as run, and called a healthy history's migration
// ran-table-missing. Checked against the real Laravel.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner, migrationSource } from './laravelRun';

function claims(runner: LaravelRunner): void {
  it('if (Schema::hasTable(...)) Schema::rename(...) when the table is not there: nothing is claimed', () => assertExact(runner, {
    '2020_01_01_000001_rename_legacy': migrationSource(`        if (Schema::hasTable('legacy_posts')) {
            Schema::rename('legacy_posts', 'posts');
        }`),
    '2020_01_01_000002_tags': migrationSource(`        Schema::create('tags', function (Blueprint $t) { $t->increments('id'); });`),
  }));

  it('if (Schema::hasTable(...)) Schema::rename(...) when the table is there: the new name is claimed and found', () => assertExact(runner, {
    '2020_01_01_000001_legacy': migrationSource(`        Schema::create('legacy_posts', function (Blueprint $t) { $t->increments('id'); });`),
    '2020_01_01_000002_rename_legacy': migrationSource(`        if (Schema::hasTable('legacy_posts')) {
            Schema::rename('legacy_posts', 'posts');
        }`),
  }));
}

for (const version of laravelVersions) {
  describe(`status: what a guarded migration claims, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    claims(laravelRunner(version));
  });
}
