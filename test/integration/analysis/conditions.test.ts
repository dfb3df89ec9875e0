// Run by the real Laravel (8.83, 11, 12 and 12's mariadb driver): a create under a condition the
// analysis cannot decide (its table is never expected, only named as unchecked when it is there),
// and a branch on `DB::getDriverName() === 'mysql'` alone (decided by the driver the project runs).
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';
import { assertUnknownOnly, tables } from './unknownOnly';

function conditions(runner: LaravelRunner): void {
  it('a create under a condition the analysis cannot decide, taken and not: never expected, named when there', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_optional': `if (class_exists('App\\\\NoSuchFeature')) {
            Schema::create('audits', function (Blueprint $table) { $table->increments('id'); });
        }
        if (! class_exists('App\\\\NoSuchFeature')) {
            Schema::create('legacy', function (Blueprint $table) { $table->increments('id'); });
        }`,
  }, { audits: 'only under a condition', legacy: 'only under a condition' }, ['legacy']));

  it('raw CREATE TABLE under a condition the analysis cannot decide, not taken: no table is called missing', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_raw': `if (class_exists('App\\\\NoSuchFeature')) {
            DB::statement('CREATE TABLE audits (id INT)');
        }`,
  }, {}, []));

  // The mysql driver runs the raw ALTER of one column, which the translation reads as MariaDB keeps it.
  it("raw SQL in the mysql branch, a Blueprint in the other: known with either driver", () => {
    const history = {
      '2020_01_01_000001_tables': tables,
      '2020_01_01_000002_raw_driver': `if (DB::getDriverName() === 'mysql') {
            DB::statement('ALTER TABLE posts MODIFY slug VARCHAR(100) NOT NULL');
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('slug', 100)->change(); });
        }`,
    };
    return assertExact(runner, history);
  });

  it("what follows if (DB::getDriverName() !== 'mysql') { return; }", () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_mysql_only': `if (DB::getDriverName() !== 'mysql') {
            return;
        }
        Schema::create('on_mysql', function (Blueprint $table) { $table->increments('id'); });
        Schema::table('posts', function (Blueprint $table) { $table->string('title', 80); });`,
  }));

  it("a branch on DB::getDriverName() === 'mysql' alone, and one on DB::connection()->getDriverName()", () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_on_driver': `if (DB::getDriverName() === 'mysql') {
            Schema::create('on_mysql', function (Blueprint $table) { $table->increments('id'); });
        } else {
            Schema::create('on_mariadb', function (Blueprint $table) { $table->increments('id'); });
        }
        if (DB::connection()->getDriverName() !== 'mysql') {
            Schema::table('posts', function (Blueprint $table) { $table->string('title', 40); });
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('title', 80); });
        }`,
  }));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: undecided conditions and driver branches, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      conditions(laravelRunner(version, driver));
    });
  }
}
