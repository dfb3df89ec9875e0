// pterodactyl's create_backups_table, run by the real Laravel (8.83, 11, 12 and 12's mariadb
// driver): Schema::rename() in a loop over the table names a query of information_schema lists
// (LIKE 'backup%'). Only a table the query can list may be renamed: the others stay known
// (before, every table was unknown); a matching one is unknown, never claimed.
import * as assert from 'node:assert/strict';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, buildWithLaravel, laravelRunner, translationDifferences, type LaravelRunner } from '../translate/laravelRun';

const renameListed = `        $db = config('database.default');
        $results = DB::select('SELECT TABLE_NAME FROM information_schema.tables WHERE table_schema = ? AND table_name LIKE ? AND table_name NOT LIKE \\'%_plugin_bak\\'', [
            DB::connection()->getDatabaseName(),
            'backup%',
        ]);
        foreach ($results as $result) {
            Schema::rename($result->TABLE_NAME, $result->TABLE_NAME . '_plugin_bak');
        }`;

const tables = `Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
            $table->string('email')->unique();
        });
        Schema::create('servers', function (Blueprint $table) {
            $table->increments('id');
            $table->unsignedInteger('owner_id');
            $table->foreign('owner_id')->references('id')->on('users');
        });`;

function listed(runner: LaravelRunner): void {
  it('no table matches: the loop renames none, every table is known', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_rename_plugin_tables': renameListed,
    '2020_01_01_000003_backups': `Schema::create('backups', function (Blueprint $table) {
            $table->bigIncrements('id');
            $table->unsignedInteger('server_id');
            $table->foreign('server_id')->references('id')->on('servers')->onDelete('cascade');
        });`,
  }));

  it('a matching table is renamed by Laravel and unknown to the translation; the others equal what Laravel built', async () => {
    const built = await buildWithLaravel(runner, {
      '2020_01_01_000001_tables': `${tables}
        Schema::create('backup_logs', function (Blueprint $table) {
            $table->increments('id');
        });`,
      '2020_01_01_000002_rename_plugin_tables': renameListed,
    });
    try {
      assert.deepEqual(await translationDifferences(built), [
        "backup_logs: unknown (2020_01_01_000002_rename_plugin_tables: Schema::rename() on the table `$result->TABLE_NAME` names when the migration runs, one the server lists as matching 'backup%': only such tables may have changed)",
        'tables: expected servers, users; Laravel built backup_logs_plugin_bak, servers, users',
      ]);
    } finally {
      await built.db.drop();
    }
  });
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: renames over the tables information_schema lists, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      listed(laravelRunner(version, driver));
    });
  }
}
