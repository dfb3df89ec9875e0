// snipe-it's add_ids_to_tables, run by the real Laravel (8.83, 11, 12 and 12's mariadb driver):
// `! Schema::hasColumn('t', 'c') && $this->notUsingSqlite()` in a Blueprint closure, where the
// driver's side is true on MySQL and MariaDB alike, is hasColumn() alone: read on the table
// before the Blueprint, the column added when it is not there and left when it is. Before, the
// whole Blueprint was unread and the table unknown.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, laravelRunner, migrationSource, type LaravelRunner } from '../translate/laravelRun';

const notUsingSqlite = `
    private function notUsingSqlite()
    {
        return Schema::connection($this->getConnection())->getConnection()->getDriverName() !== 'sqlite';
    }
`;

function driverColumnGuard(runner: LaravelRunner): void {
  it('the column added where it is missing, left where it is there', () => assertExact(runner, {
    '2020_01_01_000001_tables': `Schema::create('password_resets', function (Blueprint $table) {
            $table->string('email')->index();
            $table->string('token');
        });
        Schema::create('sessions', function (Blueprint $table) {
            $table->increments('id');
            $table->string('token');
        });`,
    '2020_01_01_000002_add_ids': migrationSource(`        foreach (['password_resets', 'sessions'] as $name) {
            Schema::table($name, function (Blueprint $table) use ($name) {
                if (! Schema::hasColumn($name, 'id') && $this->notUsingSqlite()) {
                    $table->increments('id');
                }
            });
        }`, notUsingSqlite),
  }));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: hasColumn() beside a condition on the driver in a closure, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      driverColumnGuard(laravelRunner(version, driver));
    });
  }
}
