// Migrations factored into methods of their own class, run by the real Laravel: what the
// analysis reads through `$this->m()`, `self::m()` and `static::m()` must be what Laravel built,
// and a call it cannot follow (inherited, recursive, returning early) leaves unknown what it may
// have changed, never a difference.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, buildWithLaravel, type LaravelRunner, laravelRunner, statusProblems, translationDifferences } from './laravelRun';

/** A whole migration file: an anonymous class with these members, after the given declarations. */
function migrationFile(members: string, before = ''): string {
  return `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;
${before}
return new class extends ${before ? 'OwnMethodsBase' : 'Migration'}
{
${members}

    public function down()
    {
    }
};
`;
}

const posts = `Schema::create('posts', function (Blueprint $t) { $t->increments('id'); $t->string('title', 100); });`;

function ownMethods(runner: LaravelRunner): void {
  const exact = (history: Record<string, string>) => assertExact(runner, history);

  it('a method called from up(), another with literal arguments and a default, self:: and static::', () => exact({
    '2020_01_01_000001_create_tables': migrationFile(`
    public function up()
    {
        $this->createTables();
        $this->createLookup('colours');
        $this->createLookup('sizes', 'label', 30);
        $name = 'shapes';
        self::createLookup($name);
        static::dropTemporary();
    }

    private function createTables(): void
    {
        Schema::create('owners', function (Blueprint $t) { $t->increments('id'); $t->string('name', 50); });
        Schema::create('scratch', function (Blueprint $t) { $t->increments('id'); });
    }

    protected function createLookup(string $table, string $column = 'name', int $length = 60): void
    {
        Schema::create($table, function (Blueprint $t) use ($column, $length) {
            $t->increments('id');
            $t->string($column, $length)->unique();
        });
    }

    private static function dropTemporary(): void
    {
        Schema::drop('scratch');
    }`),
  }));

  it('a method given the Blueprint of a Schema::create or Schema::table closure, and one it calls in turn', () => exact({
    '2020_01_01_000001_create_posts_table': posts,
    '2020_01_01_000002_create_comments_table': migrationFile(`
    public function up()
    {
        Schema::create('comments', function (Blueprint $table) {
            $table->increments('id');
            $this->audit($table, 'comments');
        });
        Schema::table('posts', function (Blueprint $table) {
            $this->audit($table, 'posts', 40);
            $table->string('summary', 200)->nullable();
        });
    }

    protected function audit(Blueprint $blueprint, string $prefix, int $length = 20): void
    {
        $blueprint->string('author', $length)->nullable();
        $blueprint->timestamps();
        $this->indexes($blueprint, $prefix);
    }

    private function indexes(Blueprint $t, string $prefix): void
    {
        $t->index('author', $prefix . '_author_index');
    }`),
  }));

  it('a method runs up to its first return, whose value is still evaluated', () => exact({
    '2020_01_01_000001_create_tables': migrationFile(`
    public function up()
    {
        $this->create();
    }

    private function create()
    {
        Schema::create('first', function (Blueprint $t) { $t->increments('id'); });
        return Schema::create('second', function (Blueprint $t) { $t->increments('id'); });
        Schema::create('never', function (Blueprint $t) { $t->increments('id'); });
    }`),
  }));

  // Once UNIT3D's migration calling $this->handleNonExistentRelations('categories', ...) was read, its
  // later tables were compared: a key to a table whose structure is unknown must follow its rename.
  it('Schema::rename() of a table whose structure is unknown: the keys that reference it follow it', async () => {
    const built = await buildWithLaravel(runner, {
      '2020_01_01_000001_create_movie_table': `Schema::create('movie', function (Blueprint $t) { $t->increments('id'); });
DB::statement('ALTER TABLE movie ADD note VARCHAR(20) NULL, ADD seen INT NULL');`,
      '2020_01_01_000002_create_credits_table': `Schema::create('credits', function (Blueprint $t) {
    $t->increments('id');
    $t->unsignedInteger('movie_id');
    $t->foreign('movie_id')->references('id')->on('movie')->cascadeOnDelete();
});`,
      '2020_01_01_000003_plural_table_names': `Schema::rename('movie', 'movies');`,
    });
    try {
      assert.deepStrictEqual(await translationDifferences(built), [
        'movies: unknown (2020_01_01_000001_create_movie_table: raw SQL)', 'tables: expected credits; Laravel built credits, movies',
      ]);
      assert.deepStrictEqual(await statusProblems(built), []);
    } finally {
      await built.db.drop();
    }
  });

  /** Laravel runs the history; the translation may only leave tables unknown (with the reason given), never differ. */
  async function unknownOnly(history: Record<string, string>, expected: string[]): Promise<void> {
    const built = await buildWithLaravel(runner, history);
    try {
      assert.deepStrictEqual(await translationDifferences(built), expected);
      assert.deepStrictEqual(await statusProblems(built), []);
    } finally {
      await built.db.drop();
    }
  }

  it('a recursive method: every table it may have changed is unknown, with the cycle', () => unknownOnly({
    '2020_01_01_000001_create_posts_table': posts,
    '2020_01_01_000002_make_leaf': migrationFile(`
    public function up()
    {
        $this->make(2);
    }

    private function make(int $depth): void
    {
        if ($depth === 1) {
            Schema::create('leaf', function (Blueprint $t) { $t->increments('id'); });
        }
        if ($depth > 1) {
            $this->make($depth - 1);
        }
    }`),
  }, [
    'leaf: unknown (2020_01_01_000002_make_leaf: `leaf` is created only under a condition the analysis does not decide: whether it exists is not known)',
    'posts: unknown (2020_01_01_000002_make_leaf: $this->make() call, which cannot be read: it is called again while it runs (make -> make))',
    'tables: expected ; Laravel built leaf, posts',
  ]));

  // A return inside the method's condition ends the method: `labels` is read as guarded, and
  // `tags`, changed after the guarded table was created, only in a condition (never every table).
  // A call that cannot be read, whose only structure change is Schema::table() on a literal name,
  // leaves that table unknown and no other: `tags` and `labels` stay checked.
  it('a method that cannot be read but only alters a table it names: that table unknown, the others checked', () => unknownOnly({
    '2020_01_01_000001_create_posts_table': posts,
    '2020_01_01_000002_create_tags_table': `Schema::create('tags', function (Blueprint $t) { $t->increments('id'); });`,
    '2020_01_01_000003_add_note': migrationFile(`
    public function up()
    {
        $this->addNote(strtolower('NOTE'), 2);
    }

    private function addNote(string $column, int $times): void
    {
        if ($times === 0) {
            return;
        }
        Schema::table('posts', function (Blueprint $table) use ($column, $times) {
            $table->string($column.$times, 20)->nullable();
        });
        $this->addNote($column, $times - 1);
    }`),
    '2020_01_01_000004_create_labels_table': `Schema::create('labels', function (Blueprint $t) { $t->increments('id'); });`,
  }, [
    'posts: unknown (2020_01_01_000003_add_note: $this->addNote() call, which cannot be read: the value of $column is not a literal, a variable holding one, or the Blueprint passed on)',
    'tables: expected labels, tags; Laravel built labels, posts, tags',
  ]));

  it('an inherited method is unknown; one that may return early is read up to what it cannot decide: never a difference', () => unknownOnly({
    '2020_01_01_000001_create_posts_table': posts,
    '2020_01_01_000002_inherited': migrationFile(`
    public function up()
    {
        $this->addNotes();
    }`, `
// Laravel 11 and later require a migration file more than once.
if (! class_exists('OwnMethodsBase')) {
    abstract class OwnMethodsBase extends Migration
    {
        protected function addNotes(): void
        {
            Schema::table('posts', function (Blueprint $t) { $t->string('notes', 30)->nullable(); });
        }
    }
}
`),
    '2020_01_01_000003_create_tags_table': `Schema::create('tags', function (Blueprint $t) { $t->increments('id'); });`,
    '2020_01_01_000004_maybe_labels': migrationFile(`
    public function up()
    {
        $this->labels();
    }

    private function labels(): void
    {
        if (Schema::hasTable('labels')) {
            return;
        }
        Schema::create('labels', function (Blueprint $t) { $t->increments('id'); });
        Schema::table('tags', function (Blueprint $t) { $t->string('colour', 10)->nullable(); });
    }`),
  }, [
    'posts: unknown (2020_01_01_000002_inherited: $this->addNotes() call, which cannot be read: the migration class does not declare it (an inherited or trait method may do anything))',
    'tags: unknown (2020_01_01_000004_maybe_labels: `tags` is changed only in a condition)',
    'tables: expected labels; Laravel built labels, posts, tags',
  ]));
}

for (const version of laravelVersions) {
  describe(`translate: migrations calling their own methods, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    ownMethods(laravelRunner(version));
  });
}
