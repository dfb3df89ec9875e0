// firefly-iii's add_date_tz_columns and rename_tag_mode, run by the real Laravel (8.83, 11, 12 and
// 12's mariadb driver): hasColumn() on a loop's column and on sprintf() of it around a caught
// Blueprint, and a closure's hasColumn() on two tables at once. Each guard is decided on the
// tables as they are before it runs; before, each guarded table was unknown.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, laravelRunner, migrationSource, type LaravelRunner } from '../translate/laravelRun';

const tables = `Schema::create('bills', function (Blueprint $table) {
            $table->increments('id');
            $table->date('date');
            $table->date('end_date');
            $table->string('end_date_tz', 50)->nullable();
        });
        Schema::create('tags', function (Blueprint $table) {
            $table->increments('id');
            $table->string('tagMode');
        });
        Schema::create('piggy_banks', function (Blueprint $table) {
            $table->increments('id');
        });`;

const addTz = `        foreach ($this->tables as $table => $columns) {
            foreach ($columns as $column) {
                $newColumn = sprintf('%s_tz', $column);
                if (Schema::hasColumn($table, $column) && !Schema::hasColumn($table, $newColumn)) {
                    try {
                        Schema::table($table, static function (Blueprint $table) use ($column, $newColumn): void {
                            $table->string($newColumn, 50)->nullable()->after($column);
                        });
                    } catch (\\Illuminate\\Database\\QueryException $e) {
                        error_log(sprintf('Could not add column "%s": %s', $newColumn, $e->getMessage()));
                    }
                }
            }
        }`;

const tablesProperty = `
    private array $tables = ['bills' => ['date', 'end_date', 'start_date'], 'piggy_banks' => ['date']];
`;

const renameTagMode = `        try {
            Schema::table('tags', static function (Blueprint $table): void {
                if (Schema::hasColumn('tags', 'tagMode') && !Schema::hasColumn('piggy_banks', 'tag_mode')) {
                    $table->renameColumn('tagMode', 'tag_mode');
                }
            });
            Schema::table('tags', static function (Blueprint $table): void {
                if (Schema::hasColumn('tags', 'tagmode') && !Schema::hasColumn('piggy_banks', 'tag_mode')) {
                    $table->renameColumn('tagmode', 'tag_mode');
                }
            });
        } catch (\\RuntimeException $e) {
            error_log($e->getMessage());
        }`;

function computedGuards(runner: LaravelRunner): void {
  it("a loop's column and sprintf() of it guard a caught Blueprint", () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_add_tz': migrationSource(addTz, tablesProperty),
  }));

  it('a closure guard on two tables', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_rename_tag_mode': renameTagMode,
  }));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: hasColumn() on computed names and on two tables, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      computedGuards(laravelRunner(version, driver));
    });
  }
}
