// Run by the real Laravel (8.83, 11, 12 and 12's mariadb driver): raw SQL made by sprintf() over
// literals (the tables it names are unknown, not every table), and a raw DROP FOREIGN KEY / DROP
// INDEX in a Blueprint closure (it runs before the Blueprint).
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';
import { assertUnknownOnly, tables } from './unknownOnly';

function rawSql(runner: LaravelRunner): void {
  it('raw SQL made by sprintf() over literals: only the tables it names are unknown; its DROP FOREIGN KEY is read', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_sprintf': "DB::statement(sprintf('ALTER TABLE %s DROP FOREIGN KEY %s', 'posts', 'posts_user_id_foreign'));",
    '2020_01_01_000003_karma': "DB::statement(sprintf('ALTER TABLE `%s` ADD COLUMN %s INT NULL DEFAULT %d', 'users', 'karma', 10));",
  }, { users: 'raw SQL' }, ['users']));

  it('a raw DROP FOREIGN KEY and DROP INDEX in a Blueprint closure run before its Blueprint', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_closure': `Schema::table('posts', function (Blueprint $table) {
            $table->foreign('user_id', 'posts_author_foreign')->references('id')->on('users')->onDelete('cascade');
            DB::statement('ALTER TABLE posts DROP FOREIGN KEY posts_user_id_foreign');
            DB::statement('ALTER TABLE \`posts\` DROP INDEX posts_slug_index');
            $table->index('slug', 'posts_slug_index');
        });`,
  }));

  // BookStack's create_bookshelves_table, around tables with a FULLTEXT index and a foreign key.
  it('ALTER TABLE t ENGINE = InnoDB: the engine becomes InnoDB, columns, indexes and foreign keys stay', () => assertExact(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::table('posts', function (Blueprint $table) { $table->fullText('slug', 'slug_search'); });`,
    '2020_01_01_000002_engine': `try {
            $prefix = DB::getTablePrefix();
            DB::statement("ALTER TABLE {$prefix}posts ENGINE = InnoDB;");
            DB::statement('ALTER TABLE users ENGINE=InnoDB');
        } catch (Exception $exception) {
        }
        Schema::create('shelves', function (Blueprint $table) { $table->increments('id'); });`,
  }));

  // MyISAM keeps an index key to 1000 bytes (name(250) in utf8mb4), and InnoDB keeps what it was given.
  it('ALTER TABLE t ENGINE = InnoDB on a MyISAM table: that table is unknown, the others known', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('pages', function (Blueprint $table) {
            $table->engine = 'MyISAM';
            $table->increments('id');
            $table->string('name', 100);
            $table->index('name');
        });`,
    '2020_01_01_000002_engine': `DB::statement('ALTER TABLE pages ENGINE = InnoDB');
        Schema::table('users', function (Blueprint $table) { $table->string('email')->nullable(); });`,
  }, { pages: 'ENGINE = InnoDB on a MyISAM table' }, ['pages']));

  // MyISAM keeps at most 1000 bytes of a plain index's key: utf8mb4's varchar(255) is indexed as name(250).
  it('a MyISAM table with an index longer than 1000 bytes: that table is unknown, not drift', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('things', function (Blueprint $table) {
            $table->engine = 'MyISAM';
            $table->increments('id');
            $table->string('name')->index();
            $table->string('code', 250)->index();
        });`,
  }, { things: '1000 bytes a MyISAM table keeps' }, ['things']));

  // koel's change_auditable_id_type: the table is named by config(), its Blueprint only change()s a column.
  it('a Blueprint under a name not known that only changes and drops columns: only the tables that had them are unknown', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('audits', function (Blueprint $table) {
            $table->increments('id');
            $table->unsignedInteger('auditable_id');
            $table->string('note')->nullable();
        });`,
    '2020_01_01_000002_auditable': `$table = config('audit.drivers.database.table', 'audits');
        Schema::connection(config('audit.drivers.database.connection', config('database.default')))->table($table, static function (Blueprint $table): void {
            $table->string('auditable_id')->change();
            $table->dropColumn('note');
        });`,
  }, { audits: 'not a literal' }, ['audits']));
}

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`analysis: raw SQL it can read, against the real Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      rawSql(laravelRunner(version, driver));
    });
  }
}
