// What up() runs only under a condition the analysis cannot decide, or only with one driver: how
// it is read, and what the translation then expects of the tables.
import * as assert from 'node:assert/strict';
import { analyzeProject } from '../../../src/core/analysis/project';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { translateMigrations } from '../../../src/core/translate';
import { file, laravel12, laravel12Mariadb, laravel8, posts, translated, type Target } from './inlineMigrations';

describe('analysis: conditions it cannot decide', () => {
  describe('a create, drop or rename under an undecided condition', () => {
    it('a table created under config() or a class method is not expected: unknown, with why', () => {
      const onConfig = file('2020_01_01_000002_optional', `if (config('app.with_audit')) {
            Schema::create('audits', function (Blueprint $table) { $table->increments('id'); });
        }
        if (! Features::enabled()) {
            Schema::create('legacy', function (Blueprint $table) { $table->increments('id'); });
        }`);
      assert.deepEqual(onConfig.up.operations.map((op) => `${op.kind} ${op.table.name} ${op.conditional}`), ['create audits condition', 'create legacy condition']);
      assert.deepEqual(translated([posts, onConfig]), {
        tables: ['posts'],
        unknown: [
          'audits: 2020_01_01_000002_optional: `audits` is created only under a condition the analysis does not decide: whether it exists is not known',
          'legacy: 2020_01_01_000002_optional: `legacy` is created only under a condition the analysis does not decide: whether it exists is not known',
        ],
      });
    });

    it('a drop or a rename under one leaves the table unknown; in a loop, said so', () => {
      const drop = file('2020_01_01_000002_drop', `if (config('app.x')) { Schema::drop('posts'); }`);
      assert.deepEqual(translated([posts, drop]).unknown, ['posts: 2020_01_01_000002_drop: `posts` is dropped only under a condition the analysis does not decide: whether it still exists is not known']);
      const rename = file('2020_01_01_000002_rename', `while (Features::more()) { Schema::rename('posts', 'articles'); }`);
      assert.deepEqual(translated([posts, rename]), {
        tables: [],
        unknown: [
          'articles: 2020_01_01_000002_rename: `posts` is renamed to `articles` only in a loop whose iterations are not known: which of the two exists is not known',
          'posts: 2020_01_01_000002_rename: `posts` is renamed to `articles` only in a loop whose iterations are not known: which of the two exists is not known',
        ],
      });
    });

    it('a create guarded by hasTable() on another table is decided by its guard; after that table changes, it is not', () => {
      const guarded = file('2020_01_01_000002_guarded', `if (Schema::hasTable('users')) {
            return;
        }
        Schema::create('comments', function (Blueprint $table) { $table->increments('id'); });`);
      assert.deepEqual(translated([posts, guarded]), { tables: ['comments', 'posts'], unknown: [] });
      const branch = file('2020_01_01_000002_branch', `if (! Schema::hasTable('tags')) {
            Schema::create('tags', function (Blueprint $table) { $table->increments('id'); });
            Schema::create('tags_items', function (Blueprint $table) { $table->increments('id'); });
        }`);
      assert.deepEqual(translated([branch]), {
        tables: ['tags'],
        unknown: ['tags_items: 2020_01_01_000002_branch: `tags_items` is created only under a condition the analysis does not decide: whether it exists is not known'],
      });
    });

    it('in_array() over a list that is not literal (the columns the server lists) decides nothing: the table changed in its branch is unknown', () => {
      // As beikeshop/beikeshop writes it; the real Laravel takes the branch (active added, status dropped).
      const listed = file('2020_01_01_000002_status_to_active', `$columns = Schema::getColumnListing('posts');
        if (!in_array('active', $columns) && in_array('status', $columns)) {
            Schema::table('posts', function (Blueprint $table) { $table->tinyInteger('active')->default(true); });
            Schema::table('posts', function (Blueprint $table) { $table->dropColumn('status'); });
        }`);
      assert.deepEqual(listed.up.operations.map((op) => `${op.kind} ${op.table.name} ${op.conditional}`), ['table posts condition', 'table posts condition']);
      assert.deepEqual(translated([posts, listed]), {
        tables: [],
        unknown: ['posts: 2020_01_01_000002_status_to_active: `posts` is changed only in a condition'],
      });
    });

    it('a create that would fail had it run (its table exists) changes nothing', () => {
      const again = file('2020_01_01_000002_again', `if (config('app.x')) { Schema::create('posts', function (Blueprint $table) { $table->increments('id'); }); }`);
      assert.deepEqual(translated([posts, again]), { tables: ['posts'], unknown: [] });
    });
  });

  describe('raw SQL that creates or drops a table under an undecided condition', () => {
    it('is said to be conditional, and leaves the table maybe there for the rules', () => {
      const raw = file('2020_01_01_000002_raw', `if (config('app.x')) {
            DB::statement('CREATE TABLE audits (id INT)');
            DB::statement('DROP TABLE posts');
        }`);
      assert.deepEqual(raw.up.unknown.map((u) => [u.sqlCreates ?? u.sqlDrops, u.conditional]), [[['audits'], 'condition'], [['posts'], 'condition']]);
      const later = file('2020_01_01_000003_audits', `Schema::create('audits', function (Blueprint $table) { $table->increments('id'); });
        Schema::table('posts', function (Blueprint $table) { $table->string('title'); });`);
      const { findings } = analyzeProject([posts, raw, later]);
      assert.deepEqual(findings.filter((f) => f.rule.startsWith('table-')).map((f) => `${f.rule} ${f.message}`), []);
    });
  });

  describe('a Schema::table() under a name not known', () => {
    const users = file('2020_01_01_000000_users', "Schema::create('users', function (Blueprint $table) { $table->increments('id'); $table->string('email'); });");
    const unknownAfter = (body: string): string[] => translated([users, posts, file('2020_01_01_000002_dynamic', body)]).unknown.map((u) => u.split(':')[0]);

    it('whose Blueprint only changes and drops columns leaves known the tables that lacked one of them', () => {
      assert.deepEqual(unknownAfter("Schema::table(config('t'), function (Blueprint $table) { $table->string('slug', 80)->change(); });"), ['posts']);
      assert.deepEqual(unknownAfter("Schema::table($this->name(), fn (Blueprint $table) => $table->dropColumn(['email']));"), ['users']);
      assert.deepEqual(unknownAfter("Schema::table(config('t'), function (Blueprint $table) { $table->string('slug')->change(); $table->dropColumn('email'); });"), []);
      // A table the migration changes may have had them when the Blueprint ran.
      assert.deepEqual(unknownAfter(`Schema::table(config('t'), function (Blueprint $table) { $table->dropColumn('email'); });
        Schema::table('posts', function (Blueprint $table) { $table->string('email')->nullable(); });`), ['posts', 'users']);
    });

    it('otherwise, or where its failure may not fail the migration, leaves every table unknown', () => {
      for (const body of [
        "Schema::table(config('t'), function (Blueprint $table) { $table->string('email')->nullable(); $table->dropColumn('email'); });",
        "Schema::table(config('t'), function (Blueprint $table) { $table->dropColumn('email'); $table->index('id'); });",
        "Schema::table(config('t'), function (Blueprint $table) { if (Schema::hasColumn('posts', 'slug')) { $table->dropColumn('email'); } });",
        "Schema::table(config('t'), function (Blueprint $table) { $table->dropColumn('email'); $table->drop(); });",
        "Schema::table(config('t'), function (Blueprint $table) { $table->dropColumn($this->column()); });",
        "try { Schema::table(config('t'), function (Blueprint $table) { $table->dropColumn('email'); }); } catch (Exception $e) { }",
        "try { Schema::table(config('t'), function (Blueprint $table) { $table->dropColumn('email'); }); $x = 1; } catch (Exception $e) { }",
        "Schema::table(config('t'), $this->blueprint());",
      ]) assert.deepEqual(unknownAfter(body), ['posts', 'users'], body);
    });
  });

  describe('a switch on the driver', () => {
    const switched = (cases: string): MigrationFile => file('2020_01_01_000002_switch', `$name = 'none';
        switch (DB::getDriverName()) {
            ${cases}
        }
        Schema::create($name, function (Blueprint $table) { $table->increments('id'); });`);

    it('runs the statements of the case the mysql and mariadb drivers both take, falling through to a break', () => {
      for (const cases of [
        "case 'pgsql': $name = 'pg'; break; case 'mysql': case 'mariadb': $name = 'my'; break; default: $name = 'other';",
        "case 'sqlite': $name = 'lite'; break; default: $name = 'my';",
        "case 'mysql': case 'mariadb': $x = 1; case 'pgsql': $name = 'my'; break; case 'sqlite': $name = 'lite';",
        "case 'pgsql': $name = 'pg'; break; case 'mysql': case 'mariadb': default: $name = 'my';",
      ]) {
        assert.deepEqual(switched(cases).up.operations.map((op) => `${op.table.name} ${op.conditional}`), ['my undefined'], cases);
      }
      assert.deepEqual(switched("case 'pgsql': $name = 'pg'; break;").up.operations.map((op) => op.table.name), ['none']);
    });

    it('stays undecided when the drivers take different cases, a case is not a string literal, or a case leaves otherwise than by its last break', () => {
      for (const cases of [
        "case 'mysql': $name = 'my'; break; case 'mariadb': $name = 'maria'; break;",
        "case 'mysql': $x = 1; case 'mariadb': $name = 'my'; break;",
        "case self::DRIVER: $name = 'my'; break; default: $name = 'other';",
        "case 'mysql': case 'mariadb': if ($x) { break; } $name = 'my'; break;",
        "case 'mysql': case 'mariadb': foreach ([1] as $i) { continue; } $name = 'my'; break;",
        "case 'mysql': case 'mariadb': $name = 'my'; break 1;",
        "case 'mysql': case 'mariadb': $name = 'my'; return;",
      ]) {
        const read = switched(cases);
        assert.notDeepEqual(read.up.operations.map((op) => `${op.table.name} ${op.conditional}`), ['my undefined'], cases);
      }
    });
  });

  describe("a branch on `DB::getDriverName() === 'mysql'` alone", () => {
    const onDriver = (test: string): MigrationFile => file('2020_01_01_000002_on_driver', `${test}
            Schema::create('on_mysql', function (Blueprint $table) { $table->increments('id'); });
        } else {
            Schema::create('on_mariadb', function (Blueprint $table) { $table->increments('id'); });
        }`);

    it('runs with the driver the project connects with: mysql on 8.83 (no mariadb driver there), either on 12', () => {
      for (const test of [
        "if (DB::getDriverName() === 'mysql') {",
        "if (DB::connection()->getDriverName() == 'mysql') {",
        "if (DB::getDriverName() !== 'mariadb') {",
        "$isMysql = DB::getDriverName() === 'mysql';\n        if ($isMysql) {",
      ]) {
        const read = onDriver(test);
        assert.deepEqual(read.up.operations.map((op) => `${op.table.name} ${op.conditional} ${op.driver}`), ['on_mysql driver condition mysql', 'on_mariadb driver condition mariadb'], test);
        assert.deepEqual(translated([read], laravel8), { tables: ['on_mysql'], unknown: [] }, test);
        assert.deepEqual(translated([read], laravel12), { tables: ['on_mysql'], unknown: [] }, test);
        assert.deepEqual(translated([read], laravel12Mariadb), { tables: ['on_mariadb'], unknown: [] }, test);
      }
    });

    it("PDO's name of the driver (`getPdo()->getAttribute(PDO::ATTR_DRIVER_NAME)`) is 'mysql' with both Laravel drivers, on the migration's connection only", () => {
      const read = file('2020_01_01_000002_pdo_driver', `Schema::create('messages', function (Blueprint $table) {
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
        }`);
      for (const target of [laravel8, laravel12, laravel12Mariadb]) {
        assert.deepEqual(translated([read], target), { tables: ['here', 'messages'], unknown: [] });
        const sent = translateMigrations([read], { tablePrefix: '', laravel: target }).tables.get('messages')!.model.columns.map((c) => `${c.name} ${c.type} ${c.nullable}`);
        assert.deepEqual(sent, ['id int unsigned false', 'sent timestamp(6) true']);
      }
      // Another connection's PDO, or another attribute, decides nothing.
      for (const test of [
        "DB::connection('legacy')->getPdo()->getAttribute(PDO::ATTR_DRIVER_NAME) === 'mysql'",
        "DB::connection()->getPdo()->getAttribute(PDO::ATTR_SERVER_VERSION) === 'mysql'",
        "DB::connection()->getReadPdo()->getAttribute(PDO::ATTR_DRIVER_NAME) === 'mysql'",
      ]) {
        const other = file('2020_01_01_000002_other_pdo', `if (${test}) {
            Schema::create('maybe', function (Blueprint $table) { $table->increments('id'); });
        }`);
        assert.deepEqual(other.up.operations.map((op) => `${op.table.name} ${op.conditional}`), ['maybe condition'], test);
      }
    });

    it("raw SQL in one driver's branch leaves the table known with the other driver", () => {
      const read = file('2020_01_01_000002_raw_driver', `if (DB::getDriverName() === 'mysql') {
            DB::statement('ALTER TABLE posts MODIFY slug VARCHAR(100) NOT NULL, ALGORITHM=COPY');
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('slug', 100)->change(); });
        }`);
      assert.deepEqual(read.up.unknown.map((u) => [u.conditional, u.driver]), [['driver condition', 'mysql']]);
      assert.deepEqual(translated([posts, read], laravel12Mariadb), { tables: ['posts'], unknown: [] });
      assert.deepEqual(translated([posts, read], laravel12).unknown, ['posts: 2020_01_01_000002_raw_driver: raw SQL']);
    });

    it("what follows `if (DB::getDriverName() !== 'mysql') { return; }` runs with mysql only", () => {
      const read = file('2020_01_01_000002_mysql_only', `if (DB::getDriverName() !== 'mysql') {
            return;
        }
        Schema::create('on_mysql', function (Blueprint $table) { $table->increments('id'); });
        if (config('app.x')) {
            return;
        }
        Schema::create('maybe', function (Blueprint $table) { $table->increments('id'); });`);
      assert.deepEqual(read.up.operations.map((op) => `${op.table.name} ${op.conditional} ${op.driver}`), ['on_mysql driver condition mysql', 'maybe condition undefined']);
      assert.deepEqual(translated([read], laravel8).tables, ['on_mysql']);
      assert.deepEqual(translated([read], laravel12Mariadb).tables, []);
    });

    it("inside a Blueprint closure, each branch's statements run with their driver; the table is unknown when the driver is not settled", () => {
      const read = file('2020_01_01_000002_closure', `Schema::create('profiles', function (Blueprint $table) {
            $table->increments('id');
            if (DB::getDriverName() === 'mysql') {
                $table->json('settings');
            } else {
                $table->text('settings');
                if (DB::getDriverName() === 'mariadb') { $table->string('only_mariadb'); }
            }
        });`);
      assert.deepEqual(read.up.operations[0]!.blueprint!.map((s) => [s.chain[0]!.method, s.driver]),
        [['increments', undefined], ['json', 'mysql'], ['text', 'mariadb'], ['string', 'mariadb']]);
      assert.equal(read.up.operations[0]!.blueprintUnknown, undefined);
      const columns = (target: Target) => translateMigrations([read], { tablePrefix: '', laravel: target }).tables.get('profiles')!.model.columns.map((c) => `${c.name} ${c.type}`);
      assert.deepEqual(columns(laravel8), ['id int unsigned', 'settings json']);
      assert.deepEqual(columns(laravel12Mariadb), ['id int unsigned', 'settings text', 'only_mariadb varchar(255)']);
      assert.deepEqual(translated([read], { ...laravel12, driverAssumed: true }).unknown,
        ["profiles: 2020_01_01_000002_closure: the Blueprint branches on the database driver, which the project's connection does not settle"]);
    });

    it("a throw in one driver's branch is read with that driver; what follows it ran whenever the migration is recorded", () => {
      const read = file('2020_01_01_000002_throws', `if (DB::getDriverName() !== 'mysql') {
            throw new \\RuntimeException('MySQL only; got '.DB::getDriverName());
        }
        if (DB::getDriverName() === 'pgsql') { throw new LogicException('never on MySQL or MariaDB'); }
        try { throw new Exception('caught'); } catch (Exception $e) {}
        if (config('app.x')) { throw new Exception('not read'); }
        Schema::create('after', function (Blueprint $table) { $table->increments('id'); });
        throw new LogicException('always');
        Schema::create('never', function (Blueprint $table) { $table->increments('id'); });`);
      assert.deepEqual(read.up.throws?.map((t) => [t.thrown, t.driver]), [
        ["new \\RuntimeException('MySQL only; got '.DB::getDriverName())", 'mariadb'], ["new LogicException('always')", undefined]]);
      assert.deepEqual(read.up.operations.map((op) => `${op.table.name} ${op.conditional}`), ['after undefined']);
    });

    it('what a loop, a condition or a return inside the branch leaves undecided stays undecided', () => {
      const read = file('2020_01_01_000002_inside', `if (DB::getDriverName() === 'mysql') {
            if (config('app.x')) {
                Schema::create('a', function (Blueprint $table) { $table->increments('id'); });
            }
            foreach (Features::all() as $feature) {
                Schema::create('b', function (Blueprint $table) { $table->increments('id'); });
            }
            if (DB::getDriverName() === 'mariadb') {
                Schema::create('never', function (Blueprint $table) { $table->increments('id'); });
            }
        }`);
      assert.deepEqual(read.up.operations.map((op) => `${op.table.name} ${op.conditional} ${op.driver}`), ['a condition undefined', 'b condition undefined']);
      assert.deepEqual(translated([read], laravel12).tables, []);
    });

    it('the same test as one that pgsql and sqlite decide is still decided on its own', () => {
      const read = file('2020_01_01_000002_pgsql', `if (DB::getDriverName() === 'pgsql') {
            Schema::create('on_pgsql', function (Blueprint $table) { $table->increments('id'); });
        } else {
            Schema::create('here', function (Blueprint $table) { $table->increments('id'); });
        }`);
      assert.deepEqual(read.up.operations.map((op) => `${op.table.name} ${op.conditional}`), ['here undefined']);
    });
  });
});
