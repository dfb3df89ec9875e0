// Conditions found in public apps (phpvms) that the analysis read as undecided, run by the real
// Laravel (8.83, 11, 12 and 12's mariadb driver): a variable holding a condition on the driver,
// the driver's name taken in a Blueprint closure, and `Schema::hasTable('t') && Schema::hasColumn('t', 'c')`
// (or its negation before a return), which is hasColumn() alone.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';
import { assertUnknownOnly, tables } from './unknownOnly';

const airports = `Schema::create('airports', function (Blueprint $table) {
            $table->increments('id');
            $table->string('iata', 5)->nullable();
            $table->string('name', 50);
        });`;

function driverAndGuards(runner: LaravelRunner): void {
  it('a variable holding a condition on the driver, and the driver taken in a closure', () => assertExact(runner, {
    '2020_01_01_000001_airports': airports,
    '2020_01_01_000002_on_driver': `$isPgsql = DB::getDriverName() === 'pgsql';
        if ($isPgsql) {
            DB::statement('ALTER TABLE airports ALTER COLUMN name TYPE varchar(80)');
        } else {
            Schema::table('airports', function (Blueprint $table) { $table->string('name', 80)->change(); });
        }
        Schema::table('airports', function (Blueprint $table) {
            $driver = Schema::getConnection()->getDriverName();
            if ($driver === 'sqlite') {
                $table->string('icao', 4)->nullable();
            } else {
                $table->char('icao', 4)->nullable();
            }
            $onMysql = in_array($driver, ['mysql', 'mariadb'], true);
            if ($onMysql) {
                $table->index('icao');
            }
        });`,
  }));

  it('hasTable() && hasColumn() on one table, the column there and not', () => assertExact(runner, {
    '2020_01_01_000001_airports': airports,
    '2020_01_01_000002_widen': `if (Schema::hasTable('airports') && Schema::hasColumn('airports', 'iata')) {
            Schema::table('airports', function (Blueprint $table) { $table->string('iata', 8)->nullable()->change(); });
        }
        if (Schema::hasTable('airports') && Schema::hasColumn('airports', 'faa')) {
            Schema::table('airports', function (Blueprint $table) { $table->string('faa', 8)->nullable()->change(); });
        }`,
  }));

  it('! hasTable() || ! hasColumn() before a return, the column there and not', () => assertExact(runner, {
    '2020_01_01_000001_airports': airports,
    '2020_01_01_000002_unique': `if (! Schema::hasTable('airports') || ! Schema::hasColumn('airports', 'iata')) {
            return;
        }
        Schema::table('airports', function (Blueprint $table) { $table->unique('iata'); });`,
    '2020_01_01_000003_missing': `if (! Schema::hasTable('airports') || ! Schema::hasColumn('airports', 'region')) {
            return;
        }
        Schema::table('airports', function (Blueprint $table) { $table->index('region'); });`,
  }));

  // Laravel-Backpack's demo: a column type chosen by a switch on the driver, then raw SQL that uses it.
  it('a switch on the driver: what the mysql and mariadb cases assign is read, and the raw SQL made of it touches only its table', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_switch': `$driver = DB::getDriverName();
        $prefix = DB::getTablePrefix();
        switch ($driver) {
            case 'pgsql':
                $columnType = 'BYTEA';
                $column = 'image_pg';
                break;
            case 'mysql':
            case 'mariadb':
                $columnType = 'MEDIUMBLOB';
                $column = 'image';
                // falls through
            default:
                $index = 'users_picture_index';
        }
        Schema::table('users', function (Blueprint $table) use ($column, $index) {
            $table->string($column, 40)->nullable()->index($index);
        });
        if (isset($columnType)) {
            DB::statement("ALTER TABLE {$prefix}posts ADD base64_image {$columnType} NULL");
        }`,
  }, { posts: 'only in a condition' }, ['posts']));

  // hasColumns() is hasColumn() of each; in_array() over getColumnListing() is hasColumn() with the server's
  // own case ('Slug' is not there): decided on the tables as they are, in up() and in a Blueprint closure.
  it('hasColumns() and in_array(c, Schema::getColumnListing(t)), the columns there and not', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_guards': `if (Schema::hasColumns('posts', ['slug', 'user_id'])) {
            Schema::table('posts', function (Blueprint $table) { $table->string('title', 40)->nullable(); });
        }
        if (Schema::hasColumns('posts', ['slug', 'missing'])) {
            Schema::table('posts', function (Blueprint $table) { $table->string('never', 40)->nullable(); });
        }
        if (! Schema::hasColumns('users', ['email'])) {
            Schema::table('users', function (Blueprint $table) { $table->string('email', 80)->nullable(); });
        }
        if (! in_array('Slug', Schema::getColumnListing('posts'))) {
            Schema::table('posts', function (Blueprint $table) { $table->string('Slug2', 40)->nullable(); });
        }
        if (in_array('slug', Schema::getColumnListing('posts'))) {
            Schema::table('posts', function (Blueprint $table) { $table->string('summary', 40)->nullable(); });
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('never_else', 40)->nullable(); });
        }
        Schema::table('users', function (Blueprint $table) {
            if (! in_array('name', Schema::getColumnListing('users'))) {
                $table->string('name', 40)->nullable();
            }
            if (Schema::hasColumns('users', ['id', 'email'])) {
                $table->string('nick', 40)->nullable();
            }
        });`,
  }));

  // beikeshop: in_array() over the columns the server lists is not a condition on the driver;
  // read as one, its empty haystack decided it false and the columns it renames were expected unchanged.
  it('in_array() over Schema::getColumnListing() is undecided: the table it changes is unknown, not expected unchanged', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_status_to_active': `$columns = Schema::getColumnListing('posts');
        if (!in_array('active', $columns) && in_array('slug', $columns)) {
            Schema::table('posts', function (Blueprint $table) { $table->tinyInteger('active')->default(true); });
            Schema::table('posts', function (Blueprint $table) { $table->dropIndex(['slug']); $table->dropColumn('slug'); });
        }`,
  }, { posts: 'only in a condition' }, ['posts']));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: driver conditions and hasTable() && hasColumn(), against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      driverAndGuards(laravelRunner(version, driver));
    });
  }
}
