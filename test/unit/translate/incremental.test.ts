// The editor's incremental translation: whatever changed, exactly translateMigrations' result.
import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { translateMigrations, type TranslateOptions } from '../../../src/core/translate';
import { IncrementalTranslation } from '../../../src/core/translate/incremental';

const laravel8 = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } } as const;

function migration(index: number, body: string): MigrationFile {
  const name = `2024_01_01_${String(index).padStart(6, '0')}_step_${index}`;
  return parseMigration(`/app/database/migrations/${name}.php`,
    `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration {\n    public function up()\n    {\n        ${body}\n    }\n};\n`);
}

const table = (name: string, statements: string) => `Schema::table('${name}', function (Blueprint $table) { ${statements} });`;

/** 80 migrations (several checkpoints): users, posts and tags created, then users and posts changed one column at a time. */
function history(): MigrationFile[] {
  const all = [
    migration(0, `Schema::create('users', function (Blueprint $table) { $table->id(); $table->string('name'); });`),
    migration(1, `Schema::create('posts', function (Blueprint $table) { $table->id(); $table->foreignId('user_id')->constrained(); });`),
    migration(2, `Schema::create('tags', function (Blueprint $table) { $table->id(); $table->string('label'); });`),
  ];
  for (let i = 3; i < 80; i++) {
    all.push(migration(i, i % 2 === 0 ? table('users', `$table->string('u${i}', 20)->nullable();`) : table('posts', `$table->integer('p${i}')->default(${i});`)));
  }
  return all;
}

/** Exactly the full translation, its maps in the same order too (deepStrictEqual does not look at a Map's order). */
function expectSame(incremental: IncrementalTranslation, migrations: readonly MigrationFile[], options: TranslateOptions = laravel8): void {
  const got = incremental.translate(migrations, options);
  const full = translateMigrations(migrations, options);
  assert.deepStrictEqual(got, full);
  assert.deepEqual([...got.tables.keys()], [...full.tables.keys()]);
  assert.deepEqual([...got.unknown.keys()], [...full.unknown.keys()]);
}

describe('translate: incremental translation', () => {
  it('a change early in the history that changes the later tables: the full translation, not a stale checkpoint', () => {
    const incremental = new IncrementalTranslation();
    const before = history();
    expectSame(incremental, before);
    // Migration 4 now renames users: every later change of `users` finds no such table, and
    // the posts' foreign key follows the rename; checkpoints 16, 32, 48, 64 no longer hold.
    const after = [...before];
    after[4] = migration(4, `Schema::rename('users', 'members');`);
    expectSame(incremental, after);
    const full = translateMigrations(after, laravel8);
    assert.equal(full.tables.has('users'), false);
    assert.equal(full.tables.get('posts')!.model.foreignKeys[0]!.referencedTable, 'members');
    // And back: the history's own translation again.
    expectSame(incremental, before);
  });

  it('changes near the end, at a checkpoint and just after one, one after another', () => {
    const incremental = new IncrementalTranslation();
    let current = history();
    expectSame(incremental, current);
    for (const index of [78, 16, 17, 63, 64, 3, 79]) {
      current = [...current];
      current[index] = migration(index, table('users', `$table->string('edited${index}', 40)->nullable();`));
      expectSame(incremental, current);
    }
  });

  it('a migration recorded, rolled back, in another order of the listing, or other options', () => {
    const incremental = new IncrementalTranslation();
    const all = history();
    expectSame(incremental, all.slice(0, 70));
    expectSame(incremental, all);
    expectSame(incremental, all.slice(0, 40));
    expectSame(incremental, [...all].reverse());
    expectSame(incremental, all, { ...laravel8, tablePrefix: 'app_' });
    expectSame(incremental, all);
  });

  it('a file of the listing replaced by one of another name: put in its place in the timeline again', () => {
    const incremental = new IncrementalTranslation();
    const all = history();
    expectSame(incremental, all);
    // Migration 2 (which creates tags) now sorts last: the changes of users before it are replayed first...
    const moved = [...all];
    moved[2] = { ...all[2]!, name: '2024_12_31_000000_create_tags_last' };
    expectSame(incremental, moved);
    // ...and migration 4, renamed to sort first, changes users before any migration creates it: its column is not there.
    const early = [...all];
    early[4] = { ...all[4]!, name: '2023_01_01_000000_changes_users_first' };
    expectSame(incremental, early);
    const users = (migrations: readonly MigrationFile[]) => translateMigrations(migrations, laravel8).tables.get('users')!.model.columns.map((c) => c.name);
    assert.ok(users(all).includes('u4') && !users(early).includes('u4'));
  });

  it('nothing changed: the same translation, nothing replayed', () => {
    const incremental = new IncrementalTranslation();
    const all = history();
    const first = incremental.translate(all, laravel8);
    assert.equal(incremental.translate([...all], laravel8), first);
  });

  it('a change that leaves every table as it was (its down(), say) ends the replay at the next checkpoint', () => {
    const incremental = new IncrementalTranslation();
    const before = history();
    const first = incremental.translate(before, laravel8);
    // The same up() with a down() of its own: the states at checkpoint 16 are the same again.
    const after = [...before];
    after[5] = parseMigration(before[5]!.path, `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
      + `return new class extends Migration {\n    public function up()\n    {\n        ${table('posts', "$table->integer('p5')->default(5);")}\n    }\n    public function down()\n    {\n        Schema::table('posts', function (Blueprint $table) { $table->dropColumn('p5'); });\n    }\n};\n`);
    assert.notEqual(after[5], before[5]);
    assert.equal(incremental.translate(after, laravel8), first, 'rejoined: the translation kept, not replayed to the end');
    expectSame(incremental, after);
    // Then a real change after it: replayed from a checkpoint the rejoin kept.
    const changed = [...after];
    changed[70] = migration(70, table('users', `$table->string('u70', 99)->nullable();`));
    expectSame(incremental, changed);
  });

  it('a change early in the history of one table: only that table\'s later migrations replayed, the others kept', () => {
    const incremental = new IncrementalTranslation();
    const before = history();
    const first = incremental.translate(before, laravel8);
    const after = [...before];
    after[4] = migration(4, table('users', `$table->string('u4', 99)->nullable();`));
    expectSame(incremental, after);
    const second = incremental.translate(after, laravel8);
    assert.equal(second.tables.get('posts'), first.tables.get('posts'), 'posts: not replayed');
    assert.notEqual(second.tables.get('users'), first.tables.get('users'));
    // Checkpoints patched on the way: a later change replays from one of them.
    const later = [...after];
    later[70] = migration(70, table('users', `$table->string('u70', 98)->nullable();`));
    expectSame(incremental, later);
  });

  it('a change early in one table\'s history, and a later rename of a column another table references: everything replayed', () => {
    const incremental = new IncrementalTranslation();
    const create = (name: string, body: string) => `Schema::create('${name}', function (Blueprint $table) { ${body} });`;
    const before = [
      migration(0, create('users', `$table->id(); $table->string('name');`)),
      migration(1, create('posts', `$table->id(); $table->unsignedBigInteger('author'); $table->foreign('author')->references('id')->on('users');`)),
    ];
    for (let i = 2; i < 80; i++) before.push(migration(i, table('posts', `$table->integer('p${i}')->default(${i});`)));
    before[60] = migration(60, table('users', `$table->renameColumn('id', 'uid');`));
    expectSame(incremental, before);
    const after = [...before];
    after[5] = migration(5, table('posts', `$table->integer('p5')->default(500);`));
    expectSame(incremental, after);
    assert.equal(translateMigrations(after, laravel8).tables.get('posts')!.model.foreignKeys[0]!.referencedColumns[0], 'uid');
  });

  it('a table that became unknown and was created again later: its place in the maps as the full translation has it', () => {
    const incremental = new IncrementalTranslation();
    const create = (name: string) => `Schema::create('${name}', function (Blueprint $table) { $table->id(); });`;
    const history = [migration(0, create('users')), migration(1, create('posts'))];
    for (let i = 2; i < 80; i++) history.push(migration(i, table('posts', `$table->integer('p${i}')->nullable();`)));
    // Migration 20 drops a column migration 5 may not have added: users is unknown until migration 60 creates it again.
    history[5] = migration(5, table('users', `$table->string('y')->nullable();`));
    history[20] = migration(20, table('users', `$table->dropColumn('x');`));
    const fixed = [...history];
    fixed[5] = migration(5, table('users', `$table->string('x')->nullable();`));
    // Unknown to the end, then known once fixed.
    expectSame(incremental, history);
    expectSame(incremental, fixed);
    history[60] = fixed[60] = migration(60, create('users'));
    expectSame(incremental, history);
    expectSame(incremental, fixed);
    expectSame(incremental, history);
  });

  it('a table untouched since the checkpoint keeps its expected table; a changed one gets a new one', () => {
    const incremental = new IncrementalTranslation();
    const before = history();
    const first = incremental.translate(before, laravel8);
    const after = [...before];
    after[77] = migration(77, table('posts', `$table->integer('p77')->default(0);`));
    const second = incremental.translate(after, laravel8);
    assert.equal(second.tables.get('tags'), first.tables.get('tags'));
    assert.notEqual(second.tables.get('posts'), first.tables.get('posts'));
  });
});
