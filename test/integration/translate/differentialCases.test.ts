// What the differential test (differential.test.ts) found, each minimized to a small history
// and checked here by hand against every real Laravel: the translation must equal what
// Laravel built on MariaDB, and status must call every migration ran.
import * as assert from 'assert';
import * as fs from 'fs';
import { loadMigrations } from '../../../src/core/analysis/load';
import { translateMigrations } from '../../../src/core/translate';
import { createTestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { type LaravelDriver, type LaravelVersion, laravelVersions, runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, buildWithLaravel, type History, laravelRunner, translationDifferences, writeHistory } from './laravelRun';

/** Every table but `unknownTable` equals what Laravel built; that one is unknown (with a reason). */
async function assertKnownBesides(runner: ReturnType<typeof laravelRunner>, history: History, unknownTable: string): Promise<void> {
  const built = await buildWithLaravel(runner, history);
  try {
    // The table list differs by the unknown table alone, which the next assertion checks.
    const problems = (await translationDifferences(built)).filter((p) => !p.startsWith('tables: '));
    assert.strictEqual(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, new RegExp(`^${unknownTable}: unknown \\(.+\\)$`));
  } finally {
    await built.db.drop();
  }
}

/** MariaDB refuses the history: the translation, told the server, calls the table unknown rather than guess. */
async function assertRefused(version: LaravelVersion, driver: LaravelDriver, history: History, table: string, reason: RegExp): Promise<void> {
  const dir = writeHistory(history);
  const db = await createTestDatabase('md_translate_differential');
  try {
    const run = await runLaravel(version, 'migrate', { database: db.name, migrationsPath: dir, driver });
    assert.strictEqual(run.ok, false, `Laravel ${version} runs it`);
    assert.strictEqual(run.error?.code, 1072);
    const { tables, unknown } = translateMigrations(await loadMigrations([dir]), { tablePrefix: '', laravel: laravelRunner(version, driver).target(), server: 'mariadb' });
    assert.ok(!tables.has(table), `${table} is not given a structure`);
    assert.match(unknown.get(table)?.reason ?? '', reason);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

/** A column's collation that is the table's own: information_schema cannot tell it from an inherited one. */
const tableCollation: History = {
  '2020_01_01_000001_create_labels_table': `Schema::create('labels', function (Blueprint $t) {
    $t->increments('id');
    $t->string('a')->collation('utf8mb4_unicode_ci');
    $t->string('b')->charset('utf8mb4')->collation('utf8mb4_unicode_ci');
    $t->string('c', 40)->nullable();
});
Schema::create('bin_labels', function (Blueprint $t) {
    $t->collation = 'utf8mb4_bin';
    $t->increments('id');
    $t->string('a')->collation('utf8mb4_bin');
    $t->string('b')->collation('utf8mb4_unicode_ci');
});`,
};

const tableCollationChanged: History = {
  ...tableCollation,
  '2020_01_01_000002_change_labels': `Schema::table('labels', function (Blueprint $t) {
    $t->string('c', 80)->charset('utf8mb4')->collation('utf8mb4_unicode_ci')->change();
});`,
};

/** A literal default of a temporal column with fractional seconds: the server keeps it with as many digits. */
const fractionalDefaults: History = {
  '2020_01_01_000001_create_slots_table': `Schema::create('slots', function (Blueprint $t) {
    $t->increments('id');
    $t->dateTime('a', 6)->nullable()->default('2021-02-03 04:05:06');
    $t->dateTime('b', 3)->default('2021-02-03 04:05:06');
    $t->dateTime('c')->default('2021-02-03 04:05:06');
    $t->time('d', 2)->default('04:05:06');
});`,
};

/** 10+: the table's comment (not compared) and ulidMorphs() leave the table known. */
const laterHelpers: History = {
  '2020_01_01_000001_create_likes_table': `Schema::create('likes', function (Blueprint $t) {
    $t->id();
    $t->ulidMorphs('likeable');
    $t->nullableUlidMorphs('source');
    $t->comment('Who liked what');
});`,
};

/** Some but not all columns of a unique or primary key dropped: MariaDB answers 1072 (MySQL would shrink the key). */
const shrunkKey = (key: string): History => ({
  '2020_01_01_000001_create_pairs_table': `Schema::create('pairs', function (Blueprint $t) {
    $t->integer('a');
    $t->integer('b');
    $t->integer('c')->nullable();
    $t->${key}(['a', 'b']);
});`,
  '2020_01_01_000002_drop_pairs_a': `Schema::table('pairs', function (Blueprint $t) { $t->dropColumn('a'); });`,
});

/** Every column of a unique key dropped, or one of a plain index: the server drops or shrinks the index. */
const droppedKeyColumns: History = {
  '2020_01_01_000001_create_pairs_table': `Schema::create('pairs', function (Blueprint $t) {
    $t->increments('id');
    $t->integer('a');
    $t->integer('b');
    $t->integer('c');
    $t->integer('d');
    $t->unique(['a', 'b']);
    $t->index(['c', 'd']);
});`,
  '2020_01_01_000002_drop_pairs_columns': `Schema::table('pairs', function (Blueprint $t) { $t->dropColumn(['a', 'b', 'c']); });`,
};

/** A nullable column put in a primary key is NOT NULL for good: it stays so once the key is dropped. */
const primaryKeptNotNull: History = {
  '2020_01_01_000001_create_tags_table': `Schema::create('tags', function (Blueprint $t) {
    $t->string('name', 40)->nullable();
    $t->integer('rank')->nullable();
    $t->string('note', 40)->nullable();
    $t->primary(['name', 'rank']);
});`,
  '2020_01_01_000002_drop_tags_primary': `Schema::table('tags', function (Blueprint $t) { $t->dropPrimary(); });`,
};

/**
 * A column renamed in a table whose structure is unknown (a raw default the translation does
 * not read): the foreign keys of other tables that reference it follow it all the same.
 */
const renamedInUnknownTable: History = {
  '2020_01_01_000001_create_owners_table': `Schema::create('owners', function (Blueprint $t) {
    $t->id('code');
    $t->integer('rank')->default(DB::raw('(1 + 2)'));
});`,
  '2020_01_01_000002_create_pets_table': `Schema::create('pets', function (Blueprint $t) {
    $t->increments('id');
    $t->foreignId('owner_code')->constrained('owners', 'code');
});`,
  '2020_01_01_000003_rename_owners_code': `Schema::table('owners', function (Blueprint $t) { $t->renameColumn('code', 'number'); });`,
};

/** A decimal default with more digits than the scale: the server keeps it rounded, and change() keeps that (8–10). */
const roundedDecimalDefault: History = {
  '2020_01_01_000001_create_prices_table': `Schema::create('prices', function (Blueprint $t) {
    $t->increments('id');
    $t->decimal('a', 12, 0)->nullable()->default('1.50');
    $t->decimal('b', 8, 1)->default('-2.25');
    $t->decimal('c', 8, 2)->default('0.125');
});`,
  '2020_01_01_000002_change_prices': `Schema::table('prices', function (Blueprint $t) { $t->decimal('a', 9, 4)->change(); });`,
};

/** Dropping columns shrinks an index to a foreign key's column: the index the server made for the key goes. */
const shrunkIndexServesKey: History = {
  '2020_01_01_000001_create_owners_table': `Schema::create('owners', function (Blueprint $t) { $t->smallIncrements('id'); });`,
  '2020_01_01_000002_create_pets_table': `Schema::create('pets', function (Blueprint $t) {
    $t->increments('id');
    $t->morphs('tagged');
    $t->unsignedSmallInteger('owner_id');
    $t->foreign('owner_id')->references('id')->on('owners');
    $t->index(['tagged_id', 'tagged_type', 'owner_id']);
});`,
  '2020_01_01_000003_drop_pets_tagged': `Schema::table('pets', function (Blueprint $t) { $t->dropMorphs('tagged'); });`,
};

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`translate: what the differential test found, on Laravel ${version} (${driver})`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      const runner = laravelRunner(version, driver);

      it("a column collation equal to the table's", () => assertExact(runner, tableCollation));
      it("change() to a collation equal to the table's", () => assertExact(runner, tableCollationChanged));
      it('literal defaults of datetime(6), datetime(3) and time(2)', () => assertExact(runner, fractionalDefaults));
      if (version !== '8.83') it("a table's comment() and ulidMorphs()", () => assertExact(runner, laterHelpers));
      it('dropColumn() of one column of a composite unique key: refused, unknown', () => assertRefused(version, driver, shrunkKey('unique'), 'pairs', /1072/));
      it('dropColumn() of one column of a composite primary key: refused, unknown', () => assertRefused(version, driver, shrunkKey('primary'), 'pairs', /1072/));
      it('dropColumn() of every column of a unique key and of one of a plain index', () => assertExact(runner, droppedKeyColumns));
      it('a nullable column in a primary key stays NOT NULL after dropPrimary()', () => assertExact(runner, primaryKeptNotNull));
      it('a decimal default rounded to the scale, kept by change()', () => assertExact(runner, roundedDecimalDefault));
      it("an index shrunk by dropColumn() to a foreign key's column replaces the key's own index", () => assertExact(runner, shrunkIndexServesKey));
      it('a column renamed in an unknown table: the keys that reference it follow', () => assertKnownBesides(runner, renamedInUnknownTable, 'owners'));
    });
  }
}
