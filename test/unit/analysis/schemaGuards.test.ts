// Conditions made of Schema's questions beyond one hasColumn(): hasIndex() (10.43+), hasColumns()
// of several columns (negated: one is missing), hasTable() with them, `&&`, `||`, `== false`. Each is
// decided on the tables as the replay has them before the Blueprint; what the replay does not know
// (a table of unknown structure, a Laravel without hasIndex()) leaves the table unknown, never guessed.
import * as assert from 'node:assert/strict';
import { translateMigrations } from '../../../src/core/translate';
import { file, guardText, laravel12, laravel8, type Target } from './inlineMigrations';

const posts = file('2020_01_01_000001_posts', `Schema::create('posts', function (Blueprint $table) {
            $table->increments('id');
            $table->string('Slug', 40);
            $table->string('title', 40);
            $table->index(['Slug', 'title'], 'Posts_Slug_Title');
            $table->fullText('title');
            $table->unique('title', 'posts_title_u');
        });`);

const laravel13: Target = { version: '13.26.1', driver: 'mysql' };

function columns(body: string, laravel: Target = laravel13, before = [posts]): string[] | string {
  const { tables, unknown } = translateMigrations([...before, file('2020_01_01_000002_guarded', body)], { tablePrefix: '', laravel });
  return tables.get('posts')?.model.columns.map((c) => c.name) ?? unknown.get('posts')?.reason ?? 'no table';
}

/** The column `c` is added when the condition holds, `d` when not. */
const inClosure = (test: string) => `Schema::table('posts', function (Blueprint $table) { if (${test}) { $table->string('c'); } else { $table->string('d'); } });`;
// Around the Blueprint an else would follow a branch that changed the table (a condition): the negation is asked again.
const around = (test: string) => `if (${test}) { Schema::table('posts', function (Blueprint $table) { $table->string('c'); }); }
        if (! (${test})) { Schema::table('posts', function (Blueprint $table) { $table->string('d'); }); }`;
const added = (test: string, laravel: Target = laravel13) => [inClosure(test), around(test)].map((body) => {
  const made = columns(body, laravel);
  return typeof made === 'string' ? made : made.slice(3).join();
});

describe('analysis: Schema guards decided on the tables (hasIndex, hasColumns, hasTable, && and ||)', () => {
  it('hasIndex() by name: the server\'s name lower-cased, compared exactly (a capital never matches)', () => {
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'Posts_Slug_Title')"), ['d', 'd']);
    assert.deepEqual(added("! Schema::hasIndex('posts', 'posts_title_fulltext')"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'primary')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'nope')"), ['d', 'd']);
  });

  it('hasIndex() by columns: in order, as the table names them', () => {
    assert.deepEqual(added("Schema::hasIndex('posts', ['Slug', 'title'])"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', ['slug', 'title'])"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasIndex('posts', ['title', 'Slug'])"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasIndex('posts', ['id'])"), ['c', 'c']);
  });

  it('hasIndex() with a type: primary, unique (a primary key too), fulltext, btree', () => {
    assert.deepEqual(added("Schema::hasIndex('posts', ['id'], 'PRIMARY')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', ['id'], 'unique')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', ['title'], 'unique')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title', 'unique')"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_title_fulltext', 'fulltext')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title', 'btree')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title', 'index')"), ['d', 'd']);
    // A unique index may be MariaDB's HASH one.
    assert.match(added("Schema::hasIndex('posts', 'posts_title_u', 'btree')")[0], /BTREE or a HASH/);
  });

  it('hasIndex() on a Laravel that has none (before 10.43), or on a table of unknown structure: unknown', () => {
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title')", laravel8).map((r) => /arrived in Laravel 10\.43: Laravel 8\.83/.test(r)), [true, true]);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title')", { version: '10.42.0', driver: 'mysql' }).map((r) => /arrived in Laravel 10\.43/.test(r)), [true, true]);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title')", { version: '10.43.0', driver: 'mysql' }), ['c', 'c']);
    assert.deepEqual(added("Schema::hasIndex('posts', 'posts_slug_title')", laravel12), ['c', 'c']);
    const unknownPosts = file('2020_01_01_000001_posts', "Schema::create('posts', function (Blueprint $table) { $table->increments('id'); $table->geometry('g'); });");
    assert.match(String(columns(inClosure("Schema::hasIndex('posts', 'posts_slug_title')"), laravel13, [unknownPosts])), /geometry/);
  });

  it('! hasColumns() of several columns holds when any is missing', () => {
    assert.deepEqual(added("Schema::hasColumns('posts', ['slug', 'title'])"), ['c', 'c']);
    assert.deepEqual(added("! Schema::hasColumns('posts', ['slug', 'title'])"), ['d', 'd']);
    assert.deepEqual(added("! Schema::hasColumns('posts', ['slug', 'body'])"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasColumns('posts', ['slug', 'body'])"), ['d', 'd']);
  });

  it('hasTable() with hasColumns(), || and && of them, == false', () => {
    assert.deepEqual(added("Schema::hasTable('posts') && Schema::hasColumns('posts', ['slug', 'title'])"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasTable('posts') && ! Schema::hasColumns('posts', ['slug', 'body'])"), ['c', 'c']);
    assert.deepEqual(added("! Schema::hasTable('posts') || ! Schema::hasColumns('posts', ['slug', 'title'])"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasColumn('posts', 'body') || Schema::hasIndex('posts', 'posts_slug_title')"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasColumn('posts', 'body') || (Schema::hasColumn('posts', 'slug') && ! Schema::hasIndex('posts', ['id']))"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasTable('posts') && Schema::hasColumn('posts', 'body') == false"), ['c', 'c']);
    assert.deepEqual(added("Schema::hasColumn('posts', 'slug') === false"), ['d', 'd']);
    assert.deepEqual(added("Schema::hasTable('posts') and Schema::hasColumn('posts', 'slug') != true"), ['d', 'd']);
  });

  it('decided as soon as one side decides it, even when the other asks about a table of unknown structure', () => {
    const unknownTags = file('2020_01_01_000001_tags', "Schema::create('tags', function (Blueprint $table) { $table->increments('id'); $table->geometry('g'); });");
    const run = (test: string) => columns(inClosure(test), laravel13, [posts, unknownTags]);
    assert.deepEqual(run("Schema::hasColumn('posts', 'slug') || Schema::hasColumn('tags', 'x')"), ['id', 'Slug', 'title', 'c']);
    assert.deepEqual(run("Schema::hasColumn('posts', 'body') && Schema::hasColumn('tags', 'x')"), ['id', 'Slug', 'title', 'd']);
    assert.match(String(run("Schema::hasColumn('posts', 'slug') && Schema::hasColumn('tags', 'x')")), /hasColumn\('tags', 'x'\) on a table whose structure is unknown/);
    assert.match(String(run("Schema::hasTable('tags') || Schema::hasColumn('posts', 'body')")), /hasTable\('tags'\) on a table whose structure is unknown/);
  });

  it('around Schema::table(): an else after a branch that changed the table asked about is a condition (PHP decided before the branch)', () => {
    const ops = (test: string) => file('2020_01_01_000002_x', `if (${test}) {
            Schema::table('posts', function (Blueprint $table) { $table->dropColumn('slug'); });
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('slug'); });
        }`).up.operations.map((op) => op.conditional);
    assert.deepEqual(ops("Schema::hasColumn('posts', 'slug')"), [undefined, 'condition']);
    assert.deepEqual(ops("Schema::hasColumns('posts', ['slug', 'title'])"), [undefined, 'condition']);
    // A branch that cannot change the answer (another column, an index): the else is decided too.
    const other = file('2020_01_01_000002_x', `if (! Schema::hasColumns('posts', ['slug', 'body'])) {
            Schema::table('posts', function (Blueprint $table) { $table->string('other'); $table->index('title'); });
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('never'); });
        }`);
    assert.deepEqual(other.up.operations.map((op) => op.conditional), [undefined, undefined]);
    assert.deepEqual(translateMigrations([posts, other], { tablePrefix: '', laravel: laravel13 }).tables.get('posts')?.model.columns.map((c) => c.name),
      ['id', 'Slug', 'title', 'other']);
    // Replayed as two guarded Blueprints, the else would see slug dropped and add it back.
    assert.match(String(columns(`if (Schema::hasColumn('posts', 'slug')) {
            Schema::table('posts', function (Blueprint $table) { $table->dropColumn('slug'); });
        } else {
            Schema::table('posts', function (Blueprint $table) { $table->string('slug'); });
        }`)), /changed only in a condition/);
  });

  it('a part that is not one of Schema\'s questions on the default connection stays a condition', () => {
    for (const test of [
      "Schema::hasColumns('posts', ['slug', 'title']) && $this->ready()",
      "Schema::hasIndex('posts', $name)",
      "Schema::connection('other')->hasIndex('posts', 'posts_slug_title')",
      "Schema::hasColumns('posts', ['slug', 'title']) == 1",
    ]) {
      const [inside, outside] = [inClosure(test), around(test)].map((body) => file('2020_01_01_000002_x', body).up.operations);
      assert.ok(inside[0].blueprintUnknown !== undefined || inside[0].blueprint?.every((s) => s.when === undefined), test);
      assert.ok(outside.every((op) => op.conditional !== undefined), test);
    }
  });

  it('after a return on a combined guard, the next Blueprint on the table is guarded by its negation; one that may change indexes spends a hasIndex() guard', () => {
    const ops = file('2020_01_01_000002_x', `if (Schema::hasIndex('posts', 'posts_c_index') || ! Schema::hasColumns('posts', ['slug', 'title'])) { return; }
        Schema::table('posts', function (Blueprint $table) { $table->string('c')->index(); });
        Schema::table('posts', function (Blueprint $table) { $table->string('e'); });`).up.operations;
    assert.deepEqual(ops.map((op) => [op.conditional, op.blueprint?.map((s) => s.when?.map(guardText))]),
      [[undefined, [['(!index(posts, posts_c_index) && posts.slug && posts.title)']]], ['condition', [undefined]]]);
    assert.match(String(columns(`if (Schema::hasIndex('posts', 'posts_slug_title') || ! Schema::hasColumns('posts', ['slug', 'title'])) { return; }
        Schema::table('posts', function (Blueprint $table) { $table->string('c'); });`)), /^id,Slug,title$/);
  });
});
