// Raw SQL the analysis can read after all: sprintf() over literals, and a DROP FOREIGN KEY /
// DROP INDEX in a Blueprint closure (it runs when the closure does, before the Blueprint's SQL).
import * as assert from 'node:assert/strict';
import { file, posts, translated } from './inlineMigrations';

describe('analysis: raw SQL it can read', () => {
  it('CREATE/DROP INDEX … ON a table names that table (a FULLTEXT index added by raw SQL under a driver test)', () => {
    const read = file('2020_01_01_000002_fulltext', `$driver = DB::connection()->getDriverName();
        if (in_array($driver, ['mysql', 'mariadb'])) {
            DB::statement('CREATE FULLTEXT INDEX idx_posts_body ON posts(body)');
        }
        DB::statement('CREATE UNIQUE INDEX IF NOT EXISTS u USING BTREE ON \`posts\` (title)');
        DB::statement('DROP INDEX idx_posts_body ON posts');`);
    assert.deepEqual(read.up.unknown.map((u) => ({ tables: u.sqlTables, any: u.anyTable })), [
      { tables: ['posts'], any: undefined }, { tables: ['posts'], any: undefined }, { tables: ['posts'], any: undefined },
    ]);
  });

  describe('sprintf() over literals', () => {
    it('is read as the SQL it makes: the tables it names, not every table', () => {
      const read = file('2020_01_01_000002_sprintf', `DB::statement(sprintf('ALTER TABLE %s ADD COLUMN %s INT DEFAULT %d, ADD w INT', 'posts', 'views', 0));
        DB::statement(sprintf("ALTER TABLE \`%s\` COMMENT = '100%%'", 'posts'));`);
      assert.deepEqual(read.up.unknown.map((u) => ({ tables: u.sqlTables, any: u.anyTable })), [{ tables: ['posts'], any: undefined }, { tables: ['posts'], any: undefined }]);
    });

    it('anything but %s, %d and %% over literal strings and integers stays unknown', () => {
      for (const call of [
        "sprintf('ALTER TABLE %5s ADD x INT', 'posts')",
        "sprintf('ALTER TABLE %1$s ADD x INT', 'posts')",
        "sprintf('ALTER TABLE %s ADD x INT', $this->table())",
        "sprintf('ALTER TABLE %s ADD x INT')",
        "sprintf('ALTER TABLE posts ADD x INT DEFAULT %d', '5')",
        "sprintf('ALTER TABLE posts ADD x INT DEFAULT %d', 1.5)",
        "sprintf('ALTER TABLE posts %', 'x')",
        "sprintf(...$parts)",
      ]) {
        const read = file('2020_01_01_000002_sprintf', `DB::statement(${call});`);
        assert.deepEqual(read.up.unknown.map((u) => u.anyTable), [true], call);
      }
    });

    it('an ADD, MODIFY or CHANGE of one column is read as that column, on the table as the server names it', () => {
      const read = file('2020_01_01_000002_columns', `DB::statement(sprintf("ALTER TABLE \`%s\` MODIFY COLUMN \`slug\` ENUM('a', 'b,c') NOT NULL;", 'posts'));
        DB::statement('ALTER TABLE posts CHANGE slug title VARCHAR(20) NULL AFTER id');
        DB::statement('ALTER TABLE posts ADD views INT UNSIGNED DEFAULT 0');`);
      assert.deepEqual(read.up.unknown, []);
      assert.deepEqual(read.up.operations.map((op) => [op.table.name, op.fromSql, op.blueprint?.map((s) => s.chain[0]!.args.slice(0, 4))]), [
        ['posts', true, [['modify', 'slug', 'slug', "ENUM('a', 'b,c') NOT NULL"]]],
        ['posts', true, [['change', 'slug', 'title', 'VARCHAR(20) NULL AFTER id']]],
        ['posts', true, [['add', 'views', 'views', 'INT UNSIGNED DEFAULT 0']]],
      ]);
    });

    it('an ALTER TABLE of several specifications, or one that adds no column, stays raw SQL', () => {
      for (const sql of ['ALTER TABLE posts MODIFY a INT, MODIFY b INT', "ALTER TABLE posts ADD INDEX slug_index (slug, user_id)", 'ALTER TABLE posts ADD FULLTEXT search(slug)',
        'ALTER TABLE posts ADD CONSTRAINT c CHECK (user_id > 0)', 'ALTER TABLE posts MODIFY COLUMN IF EXISTS slug INT']) {
        const read = file('2020_01_01_000002_alter', `DB::statement('${sql}');`);
        assert.deepEqual(read.up.unknown.map((u) => u.reason), ['raw SQL'], sql);
      }
    });

    it('a DROP FOREIGN KEY or DROP INDEX made by sprintf is read as dropForeign / dropIndex', () => {
      const read = file('2020_01_01_000002_drop_keys', `DB::statement(sprintf('ALTER TABLE %s DROP FOREIGN KEY %s, DROP INDEX %s', 'posts', 'posts_user_id_foreign', 'posts_slug_index'));`);
      assert.deepEqual(read.up.unknown, []);
      assert.deepEqual(read.up.operations.map((op) => [op.table.name, op.fromSql, op.blueprint?.map((s) => s.chain)]), [
        ['posts', true, [[{ method: 'dropForeign', args: ['posts_user_id_foreign'] }], [{ method: 'dropIndex', args: ['posts_slug_index'] }]]],
      ]);
      assert.deepEqual(translated([posts, read]), { tables: ['posts'], unknown: [] });
    });

    it('a table named after DB::getTablePrefix() is not read as the name the server knows', () => {
      const read = file('2020_01_01_000002_prefixed', `DB::statement(sprintf('ALTER TABLE %s DROP FOREIGN KEY %s', DB::getTablePrefix() . 'posts', 'posts_user_id_foreign'));`);
      assert.deepEqual(read.up.operations, []);
      assert.deepEqual(read.up.unknown.map((u) => u.sqlTables), [['posts']]);
    });
  });

  describe('a raw DROP FOREIGN KEY / DROP INDEX in a Blueprint closure', () => {
    it('runs when the closure does, before the Blueprint: read as its own operation, just before', () => {
      const read = file('2020_01_01_000002_closure', `Schema::table('posts', function (Blueprint $table) {
            $table->dropColumn('user_id');
            DB::statement('ALTER TABLE posts DROP FOREIGN KEY posts_user_id_foreign');
            DB::statement('ALTER TABLE posts DROP INDEX posts_slug_index');
            $table->string('title')->nullable();
        });`);
      assert.deepEqual(read.up.operations.map((op) => [op.kind, op.table.name, op.fromSql, op.blueprint?.map((s) => s.chain[0].method), op.blueprintUnknown]), [
        ['table', 'posts', true, ['dropForeign'], undefined],
        ['table', 'posts', true, ['dropIndex'], undefined],
        ['table', 'posts', undefined, ['dropColumn', 'string'], undefined],
      ]);
      assert.deepEqual(translated([posts, read]), { tables: ['posts'], unknown: [] });
    });

    it('under the closure\'s own hasColumn() it is not read', () => {
      const read = file('2020_01_01_000002_closure', `Schema::table('posts', function (Blueprint $table) {
            if (Schema::hasColumn('posts', 'user_id')) {
                DB::statement('ALTER TABLE posts DROP FOREIGN KEY posts_user_id_foreign');
            }
        });`);
      assert.deepEqual(read.up.operations.map((op) => [op.fromSql, op.blueprintUnknown !== undefined]), [[undefined, true]]);
    });
  });

  describe('literal SQL that only writes rows, in a Blueprint closure', () => {
    it('changes nothing the Blueprint builds, whichever of the facade methods that run raw SQL runs it', () => {
      for (const call of [
        "DB::statement(\"UPDATE posts SET slug = '*' WHERE slug = ''\")",
        "DB::update(\"UPDATE `posts` SET `slug` = '*' WHERE `slug` = ''\")",
        "DB::update('UPDATE posts SET slug = ? WHERE id = ?', ['x', 1])",
        "DB::insert('INSERT INTO posts (slug) VALUES (?)', ['x'])",
        "DB::delete('DELETE FROM posts WHERE slug = ?', ['x'])",
        "DB::affectingStatement('UPDATE posts SET slug = slug')",
      ]) {
        const read = file('2020_01_01_000002_fill', `Schema::table('posts', function (Blueprint $table) {
            ${call};
        });`);
        assert.equal(read.up.operations[0]!.blueprintUnknown, undefined, call);
        assert.deepEqual(translated([posts, read]), { tables: ['posts'], unknown: [] }, call);
      }
    });

    it('SQL that changes a structure, SQL not written in the file, or bindings that run code, stay unknown', () => {
      for (const call of [
        "DB::update('ALTER TABLE posts ADD views INT')",
        'DB::update($sql)',
        "DB::update('UPDATE posts SET slug = ?', [$this->slug()])",
        "DB::select('UPDATE posts SET slug = slug')",
      ]) {
        const read = file('2020_01_01_000002_fill', `Schema::table('posts', function (Blueprint $table) {
            ${call};
        });`);
        assert.notEqual(read.up.operations[0]!.blueprintUnknown, undefined, call);
      }
    });
  });

  describe("SQL given to the facade's row-writing methods in up()", () => {
    it('is read as statement() reads it when it does more than write rows: update() runs an ALTER too', () => {
      const read = file('2020_01_01_000002_ddl', `DB::update('ALTER TABLE posts ADD views INT UNSIGNED DEFAULT 0');
        DB::affectingStatement('ALTER TABLE posts ENGINE = InnoDB');
        DB::insert('CREATE TABLE audits (id INT)');`);
      assert.deepEqual(read.up.operations.map((op) => [op.table.name, op.fromSql]), [['posts', true], ['posts', true]]);
      assert.deepEqual(read.up.unknown.map((u) => u.sqlCreates), [['audits']]);
      // No longer posts as created: its new column is read on a server that says it is MariaDB (the integration test's).
      assert.deepEqual(translated([posts, read]).tables, []);
    });

    it('rows written with literal SQL leave every table known, as before', () => {
      const read = file('2020_01_01_000002_rows', `DB::update('UPDATE posts SET slug = ? WHERE id = ?', ['x', 1]);
        DB::insert('INSERT INTO posts (slug) VALUES (?)', ['x']);
        DB::delete('DELETE FROM posts');`);
      assert.deepEqual({ ops: read.up.operations.length, unknown: read.up.unknown.length }, { ops: 0, unknown: 0 });
    });
  });

  describe('one ALTER TABLE', () => {
    const users = file('2020_01_01_000000_users', "Schema::create('users', function (Blueprint $table) { $table->increments('id'); });");
    const unknownAfter = (body: string): string[] => translated([users, posts, file('2020_01_01_000002_alter', body)]).unknown.map((u) => u.split(':')[0]);

    it('leaves the other tables its migration changes known', () => {
      assert.deepEqual(unknownAfter(`Schema::table('users', function (Blueprint $table) { $table->string('name')->nullable(); });
        DB::statement('ALTER TABLE posts ADD picture VARBINARY(16) NULL;');`), ['posts']);
    });

    it('not when it may rename its table, holds another statement, or the migration renames a table it may have altered', () => {
      const addName = "Schema::table('users', function (Blueprint $table) { $table->string('name')->nullable(); });\n";
      for (const sql of [
        "DB::statement('ALTER TABLE posts ADD x INT, RENAME TO articles');",
        "DB::unprepared('ALTER TABLE posts ADD x INT; CREATE INDEX i ON users (name)');",
        "DB::statement('CREATE INDEX i ON users (name)');",
      ]) assert.deepEqual(unknownAfter(addName + sql), sql.includes('posts') ? ['posts', 'users'] : ['users'], sql);
      assert.deepEqual(unknownAfter("DB::statement('ALTER TABLE posts ADD x INT');\nSchema::rename('posts', 'articles');"), ['articles']);
    });
  });

  describe('ALTER TABLE t ENGINE = InnoDB', () => {
    it('is read as the table\'s engine becoming InnoDB, on the name after the prefix or the name the server knows', () => {
      const read = file('2020_01_01_000002_engine', `$prefix = DB::getTablePrefix();
        DB::statement("ALTER TABLE {$prefix}posts ENGINE = InnoDB;");
        DB::statement('alter table \`wp_posts\` engine=innodb');
        DB::statement('ALTER TABLE ' . DB::getQueryGrammar()->wrapTable('posts') . ' ENGINE InnoDB');`);
      assert.deepEqual(read.up.unknown, []);
      assert.deepEqual(read.up.operations.map((op) => [op.table.name, op.fromSql, op.blueprint?.map((st) => st.chain)]), [
        ['posts', undefined, [[{ method: 'sql:engine', args: ['InnoDB'] }]]],
        ['wp_posts', true, [[{ method: 'sql:engine', args: ['InnoDB'] }]]],
        ['posts', undefined, [[{ method: 'sql:engine', args: ['InnoDB'] }]]],
      ]);
      assert.deepEqual(translated([posts, read]).unknown, ['wp_posts: 2020_01_01_000002_engine changes `wp_posts`, which no migration creates']);
    });

    it('another engine, another clause, a second statement or a name the text does not decide stays raw SQL', () => {
      for (const sql of [
        "'ALTER TABLE posts ENGINE = MyISAM'", "'ALTER TABLE posts ENGINE = InnoDB, ADD x INT'", "'ALTER TABLE posts ENGINE = InnoDB; DROP TABLE users'",
        "'ALTER TABLE posts ENGINE = InnoDB ROW_FORMAT=COMPRESSED'", "'ALTER TABLE ' . $table . ' ENGINE = InnoDB'", "\"ALTER TABLE posts\\0 ENGINE = InnoDB\"",
        "'ALTER TABLE `posts ENGINE = InnoDB'",
      ]) {
        const read = file('2020_01_01_000002_engine', `DB::statement(${sql});`);
        assert.deepEqual([read.up.operations.length, read.up.unknown.length], [0, 1], sql);
      }
    });
  });
});
