// Run by the real Laravel (8.83, 11, 12 and 12's mariadb driver): raw SQL made by sprintf() over
// literals (the tables it names are unknown, not every table), and the raw ALTER TABLE it reads
// in a Blueprint closure (it runs before the Blueprint).
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type LaravelRunner, laravelRunner } from '../translate/laravelRun';
import { assertUnknownOnly, tables } from './unknownOnly';

function rawSql(runner: LaravelRunner): void {
  it('raw SQL made by sprintf() over literals: only the tables it names are unknown; its DROP FOREIGN KEY is read', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_sprintf': "DB::statement(sprintf('ALTER TABLE %s DROP FOREIGN KEY %s', 'posts', 'posts_user_id_foreign'));",
    '2020_01_01_000003_karma': "DB::statement(sprintf('ALTER TABLE `%s` ADD COLUMN %s INT NULL DEFAULT %d, ADD COLUMN %s INT NULL', 'users', 'karma', 10, 'rank'));",
  }, { users: 'raw SQL' }, ['users']));

  // eventschedule's and pixelfed's enums, pterodactyl's CHAR(16) DEFAULT NULL, snipe-it's MODIFY varchar(255).
  it('ALTER TABLE t ADD, MODIFY or CHANGE of one column: read as MariaDB keeps it', () => assertExact(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('roles', function (Blueprint $table) {
            $table->increments('id');
            $table->enum('type', ['venue', 'talent'])->default('venue')->comment('Kind');
            $table->string('payment_method')->index();
            $table->string('visibility', 20)->nullable();
            $table->integer('level')->unsigned()->default(3);
            $table->string('old_name', 40)->unique();
            $table->string('secret', 32)->charset('latin1');
            $table->dateTime('seen_at')->nullable();
        });
        Schema::table('posts', function (Blueprint $table) { $table->foreign('slug')->references('old_name')->on('roles'); });`,
    '2020_01_01_000002_alter': `$prefix = DB::getTablePrefix();
        DB::statement("ALTER TABLE \`roles\` MODIFY \`type\` ENUM('venue', 'talent', 'vendor', 'curator') NOT NULL");
        DB::statement("ALTER TABLE roles MODIFY COLUMN payment_method ENUM('cash', 'stripe', 'invoice,ninja') DEFAULT 'cash'");
        DB::statement("ALTER TABLE roles CHANGE COLUMN visibility visibility ENUM('public','unlisted','private') NOT NULL DEFAULT 'public';");
        DB::statement("ALTER TABLE roles MODIFY level TINYINT(1) UNSIGNED NOT NULL DEFAULT 1 COMMENT 'Level'");
        DB::statement('ALTER TABLE roles CHANGE old_name new_name VARCHAR(40) NOT NULL AFTER id');
        DB::statement('ALTER TABLE roles MODIFY secret CHAR(16) DEFAULT NULL');
        DB::statement('ALTER TABLE roles MODIFY seen_at DATETIME(3) NULL FIRST');
        DB::statement("ALTER TABLE {$prefix}roles ADD COLUMN rank INT(11) NOT NULL DEFAULT '-5' AFTER type");
        DB::statement('ALTER TABLE roles ADD price DECIMAL(8,2) UNSIGNED DEFAULT 1.005');
        DB::statement('ALTER TABLE roles ADD archived_at TIMESTAMP NULL');
        DB::statement('ALTER TABLE roles ADD notes MEDIUMTEXT NULL');`,
  }));

  it('ALTER TABLE t MODIFY of one column the server keeps otherwise than written, or by its settings: that table is unknown, with why', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('roles', function (Blueprint $table) { $table->increments('id'); $table->timestamp('seen_at')->nullable(); });
        Schema::create('pages', function (Blueprint $table) { $table->increments('id'); $table->binary('body')->nullable(); });`,
    '2020_01_01_000002_alter': `DB::statement('ALTER TABLE roles MODIFY seen_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP');
        DB::statement('ALTER TABLE pages MODIFY body BLOB(70000) NULL');`,
  }, { roles: 'is not read', pages: 'is not read' }, ['roles', 'pages']));

  // A Blueprint's binary() is a BLOB (64 KiB): apps widen it in raw SQL, as MariaDB reports it (mediumblob...).
  it('ALTER TABLE t ADD or MODIFY of one TINYBLOB, BLOB, MEDIUMBLOB or LONGBLOB column: read as MariaDB keeps it', () => assertExact(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('pages', function (Blueprint $table) { $table->increments('id'); $table->binary('body')->nullable(); $table->binary('data'); });`,
    '2020_01_01_000002_alter': `DB::statement('ALTER TABLE pages MODIFY body MEDIUMBLOB NULL');
        DB::statement('ALTER TABLE pages MODIFY COLUMN data LONGBLOB NOT NULL');
        DB::statement('ALTER TABLE pages ADD thumb TINYBLOB NULL AFTER id');
        DB::statement('ALTER TABLE pages ADD \`raw\` blob');`,
  }));

  it('a raw DROP FOREIGN KEY and DROP INDEX in a Blueprint closure run before its Blueprint', () => assertExact(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_closure': `Schema::table('posts', function (Blueprint $table) {
            $table->foreign('user_id', 'posts_author_foreign')->references('id')->on('users')->onDelete('cascade');
            DB::statement('ALTER TABLE posts DROP FOREIGN KEY posts_user_id_foreign');
            DB::statement('ALTER TABLE \`posts\` DROP INDEX posts_slug_index');
            $table->index('slug', 'posts_slug_index');
        });`,
  }));

  // ConvoyPanel's move_network_column: the closure runs its SQL as it builds the Blueprint, before the Blueprint's own
  // (the index on posts.score needs the column the SQL adds), and before the CREATE TABLE of Schema::create().
  it('a raw ALTER TABLE MODIFY, ADD or ENGINE in a Blueprint closure runs before its Blueprint', () => assertExact(runner, {
    '2020_01_01_000001_tables': `${tables}
        Schema::create('nodes', function (Blueprint $table) {
            $table->increments('id');
            $table->string('vm_storage');
            $table->string('network');
            $table->string('backup_storage');
        });`,
    '2020_01_01_000002_closure': `Schema::table('nodes', function (Blueprint $table) {
            DB::statement('ALTER TABLE nodes MODIFY COLUMN network varchar(255) AFTER backup_storage');
        });
        Schema::table('posts', function (Blueprint $table) {
            $table->index('score');
            DB::statement('ALTER TABLE posts ADD COLUMN score INT NULL');
            DB::statement('ALTER TABLE users ENGINE = InnoDB');
        });
        Schema::create('tags', function (Blueprint $table) {
            $table->increments('id');
            DB::statement('ALTER TABLE nodes MODIFY vm_storage VARCHAR(100) NOT NULL');
        });`,
  }));

  // As where written in up(): what the SQL names may have changed, not the Blueprint's table alone.
  it('raw SQL in a Blueprint closure that is not read: the tables it names are unknown, with the Blueprint\'s', () => assertUnknownOnly(runner, {
    '2020_01_01_000001_tables': tables,
    '2020_01_01_000002_closure': `Schema::table('posts', function (Blueprint $table) {
            $table->string('title')->nullable();
            DB::statement('ALTER TABLE users ADD COLUMN a INT NULL, ADD COLUMN b INT NULL');
        });`,
  }, { posts: 'DB::statement(', users: 'raw SQL' }, ['posts', 'users']));

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
  }, { audits: 'not a literal' }, ['audits', '$table']));
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
