// Histories where the translation once disagreed with what Laravel really builds, each with
// its siblings: the real Laravel runs them on the real MariaDB, then the translated structure
// must equal information_schema and status must call every migration `ran`.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import * as assert from 'assert';
import { assertExact, buildWithLaravel, laravelRunner, type LaravelRunner, statusProblems, translationDifferences } from './laravelRun';

const parents = `Schema::create('parents', function (Blueprint $t) { $t->increments('id'); $t->string('code', 20)->unique(); });`;
const children = `Schema::create('children', function (Blueprint $t) {
    $t->increments('id');
    $t->unsignedInteger('parent_id');
    $t->string('parent_code', 20)->nullable();
    $t->foreign('parent_id')->references('id')->on('parents');
});`;

/** Branches on PDO's name of the driver, which is 'mysql' with Laravel's mysql and mariadb drivers alike. */
const pdoDriverHistory: Record<string, string> = {
  '2020_01_01_000001_create_messages_table': `Schema::create('messages', function (Blueprint $table) {
    $table->increments('id');
    if (DB::connection()->getPdo()->getAttribute(PDO::ATTR_DRIVER_NAME) == 'sqlite') {
        $table->timestamp('sent', 6)->nullable();
    } elseif (DB::getPdo()->getAttribute(\\PDO::ATTR_DRIVER_NAME) === 'pgsql') {
        $table->text('sent');
    } else {
        $table->timestamp('sent', 6)->nullable()->default(DB::raw('CURRENT_TIMESTAMP(6)'));
    }
});
$driver = Schema::getConnection()->getPdo()->getAttribute(PDO::ATTR_DRIVER_NAME);
if ($driver !== 'mysql') {
    Schema::create('elsewhere', function (Blueprint $table) { $table->increments('id'); });
}
if (in_array(DB::connection()->getPdo()->getAttribute(PDO::ATTR_DRIVER_NAME), ['mysql', 'pgsql'])) {
    Schema::create('here', function (Blueprint $table) { $table->increments('id'); });
}`,
};

export function reproductions(runner: LaravelRunner): void {
  const exact = (history: Record<string, string>) => assertExact(runner, history);

  describe('foreign keys dropped and added again: the indexes the server made for them', () => {
    it('re-added under another name: the server renames the index it made', () => exact({
      '2020_01_01_000001_create_parents_table': parents,
      '2020_01_01_000002_create_children_table': children,
      '2020_01_01_000003_rename_children_parent_key': `Schema::table('children', function (Blueprint $t) {
    $t->dropForeign(['parent_id']);
    $t->foreign('parent_id', 'children_parent_fk')->references('id')->on('parents')->onDelete('cascade');
});`,
    }));

    it('dropped with a drop…() chained on dropForeign(): a Fluent attribute, the index stays', () => exact({
      '2020_01_01_000001_create_parents_table': parents,
      '2020_01_01_000002_create_children_table': children,
      '2020_01_01_000003_drop_children_parent_key': `Schema::table('children', function (Blueprint $t) {
    $t->dropForeign('children_parent_id_foreign')->dropIndex('children_parent_id_foreign');
});`,
    }));

    it('re-added under the same name, in the same Blueprint and in the next one', () => exact({
      '2020_01_01_000001_create_parents_table': parents,
      '2020_01_01_000002_create_children_table': children,
      '2020_01_01_000003_readd_children_parent_key': `Schema::table('children', function (Blueprint $t) {
    $t->dropForeign(['parent_id']);
    $t->foreign('parent_id')->references('id')->on('parents')->cascadeOnDelete();
});
Schema::table('children', function (Blueprint $t) { $t->dropForeign(['parent_id']); });
Schema::table('children', function (Blueprint $t) { $t->foreign('parent_id')->references('id')->on('parents'); });`,
    }));

    it('a second key on the same column, a wider key, and an index that covers a dropped key\'s index', () => exact({
      '2020_01_01_000001_create_parents_table': parents,
      '2020_01_01_000002_create_children_table': children,
      '2020_01_01_000003_more_keys': `Schema::table('children', function (Blueprint $t) {
    $t->foreign('parent_id', 'children_second_fk')->references('id')->on('parents');
    $t->foreign('parent_code')->references('code')->on('parents');
});`,
      '2020_01_01_000004_drop_and_cover': `Schema::table('children', function (Blueprint $t) {
    $t->dropForeign('children_parent_code_foreign');
});
Schema::table('children', function (Blueprint $t) {
    $t->index(['parent_code', 'id'], 'children_code_id_index');
    $t->dropForeign('children_second_fk');
    $t->dropForeign(['parent_id']);
});
Schema::create('pairs', function (Blueprint $t) { $t->unsignedInteger('a'); $t->unsignedInteger('b'); $t->primary(['a', 'b']); });
Schema::table('children', function (Blueprint $t) {
    $t->unsignedInteger('other_id')->nullable();
    $t->foreign(['parent_id', 'other_id'], 'children_pair_fk')->references(['a', 'b'])->on('pairs');
});`,
    }));
  });

  describe('change() keeps what the new definition does not say', () => {
    it('string()->change() of a char column', () => exact({
      '2020_01_01_000001_create_books_table': `Schema::create('books', function (Blueprint $t) {
    $t->increments('id');
    $t->char('author', 36);
    $t->char('isbn', 13)->nullable()->default('0000000000000')->comment('ISBN-13');
});`,
      '2020_01_01_000002_change_books': `Schema::table('books', function (Blueprint $t) {
    $t->string('author')->change();
    $t->string('isbn', 20)->change();
});`,
    }));
  });

  describe('a Blueprint that drops or renames its own table', () => {
    it('$table->drop() and $table->rename() inside Schema::table', () => exact({
      '2020_01_01_000001_create_olds_table': `Schema::create('olds', function (Blueprint $t) { $t->increments('id'); });`,
      '2020_01_01_000002_create_graves_table': `Schema::create('graves', function (Blueprint $t) { $t->increments('id'); $t->string('name'); });`,
      '2020_01_01_000003_drop_olds_table': `Schema::table('olds', function (Blueprint $t) { $t->drop(); });`,
      '2020_01_01_000004_rename_graves_table': `Schema::table('graves', function (Blueprint $t) { $t->string('epitaph')->nullable(); $t->rename('resurrections'); });`,
      '2020_01_01_000005_create_olds_again': `Schema::create('olds', function (Blueprint $t) { $t->bigIncrements('id'); });
Schema::table('olds', fn (Blueprint $t) => $t->dropIfExists());`,
    }));
  });

  describe('renaming a referenced table or column retargets the keys that reference it', () => {
    it('Schema::rename of a parent, and of a table that references itself', () => exact({
      '2020_01_01_000001_create_parents_table': parents,
      '2020_01_01_000002_create_children_table': children,
      '2020_01_01_000003_create_nodes_table': `Schema::create('nodes', function (Blueprint $t) {
    $t->increments('id');
    $t->unsignedInteger('parent_id')->nullable();
    $t->foreign('parent_id')->references('id')->on('nodes');
});`,
      '2020_01_01_000004_rename_parents_to_mothers': `Schema::rename('parents', 'mothers');
Schema::table('nodes', function (Blueprint $t) { $t->rename('trees'); });`,
    }));

    it('renameColumn() of a referenced column', () => exact({
      '2020_01_01_000001_create_parents_table': parents,
      '2020_01_01_000002_create_children_table': `Schema::create('children', function (Blueprint $t) {
    $t->increments('id');
    $t->string('parent_code', 20);
    $t->foreign('parent_code')->references('code')->on('parents');
});`,
      '2020_01_01_000003_rename_code': `Schema::table('parents', function (Blueprint $t) { $t->renameColumn('code', 'reference'); });`,
    }));
  });

  describe('the order in which one Blueprint\'s commands are compiled and run', () => {
    // 8.x compiles changes, then additions, then the rest, all against the table as it was before.
    if (runner.version === '8.83') it('renameColumn() after change() of the same column', () => exact({
      '2020_01_01_000001_create_movies_table': `Schema::create('movies', function (Blueprint $t) { $t->increments('id'); $t->string('tmdb'); $t->string('title'); });`,
      '2020_01_01_000002_change_then_rename': `Schema::table('movies', function (Blueprint $t) {
    $t->integer('tmdb')->unsigned()->nullable()->change();
    $t->renameColumn('tmdb', 'movie_id');
});`,
      '2020_01_01_000003_rename_then_change': `Schema::table('movies', function (Blueprint $t) {
    $t->renameColumn('title', 'name');
    $t->string('title', 80)->nullable()->change();
});`,
    }));
    // 11+ compiles every command where it was written; each column is its own statement.
    else it('renameColumn(), change() and add in the order written', () => exact({
      '2020_01_01_000001_create_movies_table': `Schema::create('movies', function (Blueprint $t) { $t->increments('id'); $t->string('tmdb'); $t->string('title'); });`,
      '2020_01_01_000002_change_then_rename': `Schema::table('movies', function (Blueprint $t) {
    $t->integer('tmdb')->unsigned()->nullable()->change();
    $t->renameColumn('tmdb', 'movie_id');
    $t->renameColumn('title', 'name');
    $t->string('name', 80)->nullable()->change();
    $t->dropColumn('movie_id');
    $t->string('movie_id', 10)->after('id');
});`,
    }));
  });

  describe('found by the differential suite over real apps', () => {
    // DaybydayCRM meant to drop a column: removeColumn() only takes one out of the Blueprint's own list, and runs no SQL.
    it('removeColumn() of a column the Blueprint does not add: the table is unchanged', () => exact({
      '2020_01_01_000001_create_leads_table': `Schema::create('leads', function (Blueprint $t) { $t->increments('id'); $t->boolean('qualified')->index()->default(false); });`,
      '2020_01_01_000002_remove_qualified_from_leads': `Schema::table('leads', function (Blueprint $t) { $t->removeColumn('qualified'); });`,
    }));

    it('a json column changed to text keeps what the server gave it', () => exact({
      '2020_01_01_000001_create_queue_states_table': `Schema::create('queue_states', function (Blueprint $t) { $t->increments('id'); $t->json('ids'); $t->json('meta')->nullable(); });`,
      '2020_01_01_000002_convert_json_columns_to_text': `Schema::table('queue_states', function (Blueprint $t) { $t->text('ids')->change(); $t->string('meta', 500)->nullable()->change(); });`,
    }));

    it('Schema::table() in a loop, and with a table name that is not a literal: every table unknown, never drift', async () => {
      const built = await buildWithLaravel(runner, {
        '2020_01_01_000001_create_ab_tables': `Schema::create('a', function (Blueprint $t) { $t->increments('id'); });
Schema::create('b', function (Blueprint $t) { $t->increments('id'); });
Schema::create('table', function (Blueprint $t) { $t->increments('id'); });`,
        '2020_01_01_000002_loop_add': `foreach (['a', 'b', 'table'] as $name) { Schema::table($name, function (Blueprint $t) { $t->string('x', 50)->nullable(); }); }
Schema::table(strtolower('B'), function (Blueprint $t) { $t->string('y', 50)->nullable(); });`,
      });
      try {
        const problems = await translationDifferences(built);
        assert.deepStrictEqual(problems.filter((p) => !/: unknown \(2020_01_01_000002_loop_add: Schema::table\(\) with /.test(p) && !p.startsWith('tables:')), []);
        assert.deepStrictEqual(problems.filter((p) => p.includes(': unknown (')).map((p) => p.split(':')[0]).sort(), ['a', 'b', 'table']);
        assert.deepStrictEqual(await statusProblems(built), []);
      } finally {
        await built.db.drop();
      }
    });

    const helpers = `Schema::create('members', function (Blueprint $t) { $t->increments('id'); });
Schema::create('lists', function (Blueprint $t) { $t->increments('id'); $t->unsignedInteger('owner_id'); $t->foreign('owner_id')->references('id')->on('members'); });
Schema::create('list_helpers', function (Blueprint $t) { $t->increments('id'); $t->unsignedInteger('list_id'); });`;
    const becomeListMember = `if (Schema::hasTable('list_member')) {
    return;
}
Schema::table('list_helpers', static function (Blueprint $table): void {
    $table->string('role')->default('helper');
});
Schema::table('list_helpers', static function (Blueprint $table): void {
    $table->rename('list_member');
});
Schema::table('lists', static function (Blueprint $table): void {
    $table->dropForeign(['owner_id']);
    $table->dropColumn('owner_id');
});`;

    // The return's guard is decided before the rename; once the rename makes list_member, a guard
    // decided at each later statement would skip them: what follows the rename is conditional.
    it('a hasTable() guard that returns, then $table->rename() in its own Blueprint', async () => {
      const built = await buildWithLaravel(runner, {
        '2020_01_01_000001_create_lists_tables': helpers,
        '2020_01_01_000002_helpers_become_list_member': becomeListMember,
      });
      try {
        assert.deepStrictEqual(await translationDifferences(built), [
          'lists: unknown (2020_01_01_000002_helpers_become_list_member: `lists` is changed only in a condition)',
          'tables: expected list_member, members; Laravel built list_member, lists, members',
        ]);
        assert.deepStrictEqual(await statusProblems(built), []);
      } finally {
        await built.db.drop();
      }
    });

    it('$table->rename() of a table whose structure is unknown: the new name is unknown too, never absent', async () => {
      const built = await buildWithLaravel(runner, {
        '2020_01_01_000001_create_lists_tables': helpers,
        '2020_01_01_000002_widen_helpers': `$helpers = DB::getQueryGrammar()->wrapTable('list_helpers');
DB::statement('ALTER TABLE ' . $helpers . ' ADD note VARCHAR(50) NULL, ADD seen INT NULL');`,
        '2020_01_01_000003_helpers_become_list_member': becomeListMember,
        '2020_01_01_000004_drop_unknown_in_blueprint': `Schema::create('copies', function (Blueprint $t) { $t->increments('id'); });
$copies = DB::getQueryGrammar()->wrapTable('copies');
DB::statement('ALTER TABLE ' . $copies . ' ADD note VARCHAR(50) NULL, ADD seen INT NULL');`,
        '2020_01_01_000005_drop_copies': `Schema::table('copies', function (Blueprint $t) { $t->string('x', 5); $t->drop(); });`,
      });
      try {
        assert.deepStrictEqual(await translationDifferences(built), [
          'list_member: unknown (2020_01_01_000002_widen_helpers: raw SQL)',
          'lists: unknown (2020_01_01_000003_helpers_become_list_member: `lists` is changed only in a condition)',
          'tables: expected members; Laravel built list_member, lists, members',
        ]);
        assert.deepStrictEqual(await statusProblems(built), []);
      } finally {
        await built.db.drop();
      }
    });

    it('Fluent attributes no Blueprint or grammar reads, and Blueprint methods in any case', () => exact({
      '2020_01_01_000001_create_c1_table': `Schema::create('c1', function (Blueprint $t) {
    $t->increments('id');
    $t->string('slug')->indexed();
    $t->bigInteger('n')${runner.version === '8.83' ? '->integer()' : '->comment(\'integer() is a Fluent method from 11 on\')'};
    $t->timestamp('ts')->nullable()->onUpdate(null);
    $t->unsignedBigInteger('user_id')->references('id')->on('users');
    $t->string('padded')->length(40)->Nullable();
    $t->datetime('at');
    $t->TIMESTAMPS();
});`,
      '2020_01_01_000002_create_c2_table': `Schema::create('c2', function (Blueprint $t) {
    $t->increments('id');
    $t->unsignedInteger('c1_id');
    $t->foreign('c1_id')->references('id')->on('c1')->CascadeOnDelete()->deferrable();
});`,
    }));
  });

  describe('SQL built from literals, branches on the driver, closure statements that leave the Blueprint alone', () => {
    const assets = `Schema::create('assets', function (Blueprint $table) { $table->increments('id'); $table->dateTime('seen')->nullable(); $table->string('name', 20)->nullable(); });
Schema::create('tasks', function (Blueprint $table) { $table->increments('id'); $table->dateTime('last_run'); });`;
    // config() is the application's helper: only the fixture app of 8.83 has it.
    const onConnectionName = runner.version === '8.83' ? `$type = config('database.default');
if ($type === 'pgsql') { DB::statement('ALTER TABLE assets DROP CONSTRAINT assets_name_check'); } else { Schema::table('assets', function (Blueprint $table) { $table->string('by_name', 10)->nullable(); }); }` : '';

    it('UPDATE built with the table prefix changes no structure; a driver the server is not never runs', () => exact({
      '2020_01_01_000001_create_assets_table': assets,
      '2020_01_01_000002_fill_assets': `DB::statement('UPDATE '.DB::getTablePrefix().'assets SET seen = NOW()');
$pTable = DB::getTablePrefix() . 'assets';
DB::statement("UPDATE {$pTable} SET name = 'x' WHERE id > 0");
DB::unprepared("INSERT INTO " . DB::getQueryGrammar()->wrapTable('assets') . " (name) VALUES ('y');");`,
      '2020_01_01_000003_on_drivers': `if (DB::getDriverName() === 'pgsql') { DB::statement('ALTER TABLE assets DROP CONSTRAINT assets_name_check'); }
if (DB::connection()->getDriverName() !== 'sqlite') {
    Schema::table('assets', function (Blueprint $table) { $table->string('code', 8)->nullable(); });
} else {
    Schema::drop('assets');
}
if (DB::getDriverName() === 'mysql' || Schema::getConnection()->getDriverName() === 'mariadb') {
    Schema::table('tasks', function (Blueprint $table) { $table->string('label', 12)->nullable(); });
}
if (in_array(DB::getDriverName(), ['sqlite', 'pgsql'])) { DB::statement($undefinedNeverRead); }
${onConnectionName}`,
      '2020_01_01_000004_closure_statements': `Schema::table('assets', function (Blueprint $table) {
    $answer = $table->dateTime('checked_at')->nullable();
    $rows = DB::table('tasks')->where('id', '>', 0)->get();
    foreach ($rows as $row) { $seen = $row->id; }
    if (DB::getDriverName() === 'sqlite') { $table->dropColumn('name'); } else { $table->string('serial', (2 ** 6) - 32 + 10 % 4 * 3)->nullable(); }
    $table->unsignedInteger('size')->default(3 * 7 - 1);
});`,
    }));

    it("branches on PDO's name of the driver: 'mysql'", () => exact(pdoDriverHistory));

    it('DB::update() and affectingStatement() given an ALTER run it as statement() does', () => exact({
      '2020_01_01_000001_create_assets_table': assets,
      '2020_01_01_000002_alter_through_update': `DB::update('ALTER TABLE assets ADD views INT UNSIGNED DEFAULT 0');
DB::affectingStatement('ALTER TABLE tasks ENGINE = InnoDB');
DB::update('UPDATE assets SET views = 1');`,
    }));

    it('row writes through DB::update(), insert(), delete() in a Blueprint closure leave the Blueprint alone', () => exact({
      '2020_01_01_000001_create_assets_table': assets,
      '2020_01_01_000002_fill_in_closure': `Schema::table('tasks', function (Blueprint $table) {
    DB::insert('INSERT INTO tasks (last_run) VALUES (NOW())');
    DB::update("UPDATE \`tasks\` SET \`last_run\` = NOW() WHERE id = ?", [1]);
    DB::delete('DELETE FROM tasks WHERE id > ?', [5]);
    $table->string('note', 12)->nullable();
});`,
    }));

    it('a try whose only statement drops a key or index that does not exist: the catch leaves the table as it was', () => exact({
      '2020_01_01_000001_create_assets_table': assets,
      '2020_01_01_000002_add_key': `Schema::table('tasks', function (Blueprint $table) { $table->unsignedInteger('asset_id')->nullable(); $table->foreign('asset_id')->references('id')->on('assets'); });`,
      '2020_01_01_000003_drop_keys': `try {
    Schema::table('assets', function (Blueprint $table) { $table->dropForeign(['name']); });
} catch (\\Exception $e) {
    // the key was never made
}
try {
    Schema::table('assets', function (Blueprint $table) { $table->dropIndex('assets_seen_index'); });
} catch (Illuminate\\Database\\QueryException $e) {
}
try {
    Schema::table('tasks', function (Blueprint $table) { $table->dropForeign(['asset_id']); });
} catch (\\Throwable $e) {
}`,
    }));

    it('Schema::hasColumn() inside the closure is read on the table as it is before the Blueprint runs', () => exact({
      '2020_01_01_000001_create_assets_table': assets,
      '2020_01_01_000002_guarded_columns': `foreach (['assets', 'tasks'] as $name) {
    Schema::table($name, static function (Blueprint $table) use ($name): void {
        if (!Schema::hasColumn($name, 'NAME')) {
            $table->string('name', 30)->nullable();
        } else {
            $table->string('name', 40)->nullable()->change();
        }
        if (Schema::hasColumn($name, 'seen')) {
            if (DB::getDriverName() !== 'sqlite') { $table->dropColumn('seen'); }
        }
    });
}`,
    }));

    it('a Schema::table that may not run (a condition that is not decided): the table is unknown, never drift', async () => {
      const built = await buildWithLaravel(runner, {
        '2020_01_01_000001_create_assets_table': assets,
        '2020_01_01_000002_maybe': `if (time() < 0) { Schema::table('assets', function (Blueprint $table) { $table->string('never', 5)->nullable(); }); }`,
      });
      try {
        assert.deepStrictEqual(await translationDifferences(built), [
          'assets: unknown (2020_01_01_000002_maybe: `assets` is changed only in a condition)', 'tables: expected tasks; Laravel built assets, tasks',
        ]);
        assert.deepStrictEqual(await statusProblems(built), []);
      } finally {
        await built.db.drop();
      }
    });

    it('a variable changed after its literal (.=, []=) no longer names a table by that literal', async () => {
      const built = await buildWithLaravel(runner, {
        '2020_01_01_000001_create_made_table': `$name = 'sql';
$name .= '_made';
Schema::create($name, function (Blueprint $table) { $table->increments('id'); });
$names = ['a'];
$names[0] = 'b';
Schema::create($names[0], function (Blueprint $table) { $table->increments('id'); });`,
      });
      try {
        // Laravel made `sql_made` and `b`: names the analysis cannot read are claimed by nothing.
        assert.deepStrictEqual(await translationDifferences(built), ['tables: expected ; Laravel built b, sql_made']);
        assert.deepStrictEqual(await statusProblems(built), []);
      } finally {
        await built.db.drop();
      }
    });

    it('ALTER of one column built with wrapTable() is read for that table', async () => {
      const built = await buildWithLaravel(runner, {
        '2020_01_01_000001_create_assets_table': assets,
        '2020_01_01_000002_alter_tasks': `$table = DB::getQueryGrammar()->wrapTable('tasks');
DB::statement('ALTER TABLE ' . $table . ' CHANGE \`last_run\` \`last_run\` TIMESTAMP NULL;');`,
      });
      try {
        assert.deepStrictEqual(await translationDifferences(built), []);
        assert.deepStrictEqual(await statusProblems(built), []);
      } finally {
        await built.db.drop();
      }
    });
  });

  describe('column names as the server and doctrine/dbal look them up', () => {
    it('renameColumn() of a quoted (8.x: doctrine strips the quotes) or differently cased name', () => exact({
      '2020_01_01_000001_create_nodes_table': `Schema::create('nodes', function (Blueprint $t) { $t->increments('id'); $t->text('daemonSecret'); $t->string('Label', 30)->index(); });`,
      '2020_01_01_000002_rename_columns': `Schema::table('nodes', function (Blueprint $t) {
    $t->renameColumn('${runner.version === '8.83' ? '`daemonSecret`' : 'DAEMONSECRET'}', 'daemon_token');
    $t->renameColumn('label', 'caption');
});`,
    }));
  });

  describe('names from files never reach the prototype of a lookup', () => {
    it('foreignId(\'constructor_id\')->constrained() and other prototype names', () => exact({
      '2020_01_01_000001_create_constructors_table': `Schema::create('constructors', function (Blueprint $t) { $t->id(); });
Schema::create('toStrings', function (Blueprint $t) { $t->id(); });
Schema::create('__proto__', function (Blueprint $t) { $t->id(); });`,
      '2020_01_01_000002_create_cars_table': `Schema::create('cars', function (Blueprint $t) {
    $t->id();
    $t->foreignId('constructor_id')->constrained();
    $t->foreignId('toString_id')->constrained();
    $t->foreignId('__proto___id')->constrained();
    $t->string('hasOwnProperty')->default('valueOf');
});`,
    }));
  });
}

for (const version of laravelVersions) {
  describe(`translate: reproductions against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    reproductions(laravelRunner(version));
  });
}

for (const version of ['11', '12', '13'] as const) {
  describe(`translate: PDO's name of the driver with Laravel ${version}'s mariadb driver`, function () {
    this.timeout(180_000);
    before(function () {
      skipWithoutLaravel(this, version);
    });
    it("is 'mysql' there too", () => assertExact(laravelRunner(version, 'mariadb'), pdoDriverHistory));
  });
}
