// The editor's incremental translation against the full one, on random saves of a random history
// where tables are created, changed, renamed, guarded on, dropped and touched by SQL.
import * as assert from 'node:assert/strict';
import { parseMigration } from '../../../src/core/analysis/parse';
import type { MigrationFile } from '../../../src/core/analysis/types';
import { translateMigrations } from '../../../src/core/translate';
import { IncrementalTranslation } from '../../../src/core/translate/incremental';

const laravel8 = { tablePrefix: '', laravel: { version: '8.83', driver: 'mysql' } } as const;

/** A small deterministic generator (mulberry32), so that a failure can be run again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const names = ['users', 'posts', 'tags', 'teams', 'orders', 'items', 'notes', 'logs'];

function file(index: number, up: string, down = ''): MigrationFile {
  const name = `2024_01_01_${String(index).padStart(6, '0')}_step_${index}`;
  return parseMigration(`/app/database/migrations/${name}.php`,
    `<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\DB;\nuse Illuminate\\Support\\Facades\\Schema;\n\n`
    + `return new class extends Migration {\n    public function up()\n    {\n        ${up}\n    }\n    public function down()\n    {\n        ${down}\n    }\n};\n`);
}

/** One migration's up(): mostly a column added, sometimes anything a real history holds. */
function body(next: () => number, index: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const a = pick(names);
  const b = pick(names.filter((n) => n !== a));
  const table = (statements: string) => `Schema::table('${a}', function (Blueprint $table) { ${statements} });`;
  const create = `Schema::create('${a}', function (Blueprint $table) { $table->id(); $table->string('name'); $table->foreignId('${b}_id')->nullable()->constrained('${b}'); });`;
  const roll = next();
  if (roll < 0.36) return table(`$table->string('c${index}', ${10 + Math.floor(next() * 50)})->nullable();`);
  if (roll < 0.52) return create;
  if (roll < 0.55) return `if (! Schema::hasTable('${a}')) { ${create} }`;
  if (roll < 0.57) return `if (Schema::hasTable('${b}')) { ${table(`$table->integer('g${index}')->default(${index});`)} }`;
  if (roll < 0.59) return `if (! Schema::hasTable('${b}')) { ${table(`$table->integer('h${index}')->nullable();`)} }`;
  if (roll < 0.61) return table(`if (! Schema::hasColumn('${a}', 'flag')) { $table->boolean('flag')->default(false); }`);
  if (roll < 0.62) return table(`if (Schema::hasColumn('${b}', 'flag')) { $table->boolean('flag${index}')->default(true); }`);
  if (roll < 0.66) return `Schema::rename('${a}', '${b}');`;
  if (roll < 0.69) return table(`$table->renameColumn('name', 'name_${index}');`);
  if (roll < 0.71) return table(`$table->rename('${b}');`);
  if (roll < 0.73) return `Schema::dropIfExists('${a}');`;
  if (roll < 0.77) return table(`$table->foreignId('${b}_ref${index}')->nullable()->constrained('${b}');`);
  if (roll < 0.785) return `DB::statement('ALTER TABLE ${a} ADD COLUMN z${index} INT');`;
  if (roll < 0.81) return `DB::statement('UPDATE ${a} SET name = 1');`;
  if (roll < 0.813) return `DB::statement($sql);`;
  if (roll < 0.823) return `if ($this->enabled) { ${table(`$table->string('maybe${index}')->nullable();`)} }`;
  return `${table(`$table->text('t${index}')->nullable();`)} ${table(`$table->dropColumn('t${index}');`)}`;
}

/** The full translation, the maps' order included (deepStrictEqual does not look at a Map's order). */
function expectSame(incremental: IncrementalTranslation, migrations: readonly MigrationFile[], what: string): void {
  const got = incremental.translate(migrations, laravel8);
  const full = translateMigrations(migrations, laravel8);
  assert.deepStrictEqual(got, full, what);
  assert.deepEqual([...got.tables.keys()], [...full.tables.keys()], what);
  assert.deepEqual([...got.unknown.keys()], [...full.unknown.keys()], what);
}

describe('translate: incremental translation on random saves', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 250 migrations, 300 saves, each exactly the full translation, most replaying a few migrations`, () => {
      const next = random(seed);
      const originalUps = Array.from({ length: 250 }, (_, i) => (i < names.length ? `Schema::create('${names[i]}', function (Blueprint $table) { $table->id(); $table->string('name'); });` : body(next, i)));
      const original = originalUps.map((up, i) => file(i, up));
      const ups = [...originalUps];
      let current = [...original];
      const incremental = new IncrementalTranslation();
      expectSame(incremental, current, 'first translation');
      let replayed = 0;
      for (let save = 0; save < 300; save++) {
        current = [...current];
        const index = names.length + Math.floor(next() * (current.length - names.length));
        const roll = next();
        const what = roll < 0.6 ? 'a new up()' : roll < 0.75 ? 'back to the original' : roll < 0.9 ? 'only its down()' : 'two files';
        const write = (at: number, up: string, down = '') => {
          ups[at] = up;
          current[at] = file(at, up, down);
        };
        if (what === 'a new up()') write(index, body(next, index));
        else if (what === 'back to the original') {
          ups[index] = originalUps[index]!;
          current[index] = original[index]!;
        } else if (what === 'only its down()') write(index, ups[index]!, `// ${save}`);
        else {
          write(index, body(next, index));
          const other = names.length + Math.floor(next() * (current.length - names.length));
          write(other, body(next, other));
        }
        expectSame(incremental, current, `seed ${seed}, save ${save}: ${what} at ${index}`);
        replayed += incremental.replayed;
      }
      // The shortcut is taken: far fewer migrations replayed than from each change to the end.
      assert.ok(replayed < 300 * 250 * 0.2, `replayed ${replayed}`);
    });
  }
});

describe('translate: incremental translation, what a later migration reads', () => {
  const create = (name: string, more = '') => `Schema::create('${name}', function (Blueprint $table) { $table->id(); $table->string('name'); ${more} });`;
  const table = (name: string, statements: string) => `Schema::table('${name}', function (Blueprint $table) { ${statements} });`;
  /** users, posts and tags created, then 60 columns added to posts; `at` replaces some of them. */
  function history(at: Record<number, string>): MigrationFile[] {
    return Array.from({ length: 64 }, (_, i) => file(i, at[i] ?? (i < 3 ? create(['users', 'posts', 'tags'][i]!) : table('posts', `$table->integer('p${i}')->nullable();`))));
  }
  /** The history translated, then migration `index` saved as `up`: exactly the full translation. */
  function save(before: MigrationFile[], index: number, up: string): void {
    const incremental = new IncrementalTranslation();
    expectSame(incremental, before, 'before');
    const after = [...before];
    after[index] = file(index, up);
    expectSame(incremental, after, 'after the save');
    expectSame(incremental, before, 'and back');
  }

  it('a guard on a table the save dropped', () => {
    save(history({ 40: `if (Schema::hasTable('tags')) { ${table('users', "$table->string('tagged')->nullable();")} }` }), 10, "Schema::dropIfExists('tags');");
  });

  it('a Schema::hasColumn on a column the save added to another table', () => {
    save(history({ 40: table('users', "if (Schema::hasColumn('tags', 'flag')) { $table->string('flagged')->nullable(); }") }), 10, table('tags', "$table->boolean('flag')->default(false);"));
  });

  it('SQL naming a table the save dropped', () => {
    save(history({ 40: "DB::statement('ALTER TABLE tags ADD COLUMN z INT');" }), 10, "Schema::dropIfExists('tags');");
  });

  it('SQL that makes two tables unknown in the maps\' order, after the save moved one of them to the end', () => {
    // Migration 20 creates users again: in place before the save, at the end of the map after
    // the save dropped it; from there every table is the same, but users now comes after tags.
    const sql = `${table('users', "$table->string('u')->nullable();")} ${table('tags', "$table->string('t')->nullable();")} DB::statement('ALTER TABLE logs ENGINE = InnoDB');`;
    save(history({ 20: create('users'), 40: sql }), 10, "Schema::dropIfExists('users');");
  });
});
