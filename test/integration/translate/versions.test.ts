// What Laravel builds differs by version (measured on MariaDB 10.11): each history runs with
// every real Laravel the tests have, and the translation told that version must equal what it
// built, or, where that version has no such method, call the table unknown.
import * as assert from 'assert';
import * as fs from 'fs';
import { loadMigrations } from '../../../src/core/analysis/load';
import { translateMigrations } from '../../../src/core/translate';
import { createTestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { type LaravelDriver, type LaravelVersion, laravelVersions, runLaravel, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type History, laravelRunner, writeHistory } from './laravelRun';

/** Laravel refuses the history, and the translation says it cannot know the table rather than guess. */
async function assertUnknownWhereLaravelFails(version: LaravelVersion, driver: LaravelDriver, history: History, table: string, reason: RegExp): Promise<void> {
  const dir = writeHistory(history);
  const db = await createTestDatabase('md_translate_versions');
  try {
    const run = await runLaravel(version, 'migrate', { database: db.name, migrationsPath: dir, driver });
    assert.strictEqual(run.ok, false, `Laravel ${version} runs it`);
    const runner = laravelRunner(version, driver);
    const { tables, unknown } = translateMigrations(await loadMigrations([dir]), { tablePrefix: '', laravel: runner.target() });
    assert.ok(!tables.has(table), `${table} is not given a structure`);
    assert.match(unknown.get(table)?.reason ?? '', reason);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

const floats: History = {
  '2020_01_01_000001_create_measures_table': `Schema::create('measures', function (Blueprint $t) {
    $t->increments('id');
    $t->float('a');
    $t->float('b', 8, 2);
    $t->float('c', 30);
    $t->double('d');
    $t->double('e', 15, 8);
    $t->decimal('f', 10, 3);
    $t->float('g')->unsigned()->nullable();
});`,
};

const uuids: History = {
  '2020_01_01_000001_create_owners_table': `Schema::create('owners', function (Blueprint $t) { $t->uuid('id')->primary(); $t->uuid('token')->nullable(); });`,
  '2020_01_01_000002_create_pets_table': `Schema::create('pets', function (Blueprint $t) {
    $t->increments('id');
    $t->foreignUuid('owner_id')->constrained();
    $t->uuidMorphs('taggable');
});`,
};

const ulids: History = {
  '2020_01_01_000001_create_tickets_table': `Schema::create('tickets', function (Blueprint $t) { $t->ulid('id')->primary(); $t->foreignUlid('parent_id')->nullable(); });`,
};

const unsignedDecimals: History = {
  '2020_01_01_000001_create_prices_table': `Schema::create('prices', function (Blueprint $t) { $t->increments('id'); $t->unsignedDecimal('amount', 8, 2); });`,
};

/** 8–10 (doctrine) keep what change() does not restate; 11+ states the whole column again. */
const changes: History = {
  '2020_01_01_000001_create_notes_table': `Schema::create('notes', function (Blueprint $t) {
    $t->increments('id');
    $t->string('title', 20)->nullable()->default('untitled')->comment('Shown in lists');
    $t->integer('rank')->unsigned()->default(3);
    $t->char('code', 8)->charset('latin1')->collation('latin1_bin');
    $t->text('body')->nullable();
    $t->string('blob_me', 100)->nullable();
});`,
  '2020_01_01_000002_change_notes': `Schema::table('notes', function (Blueprint $t) {
    $t->string('title', 40)->change();
    $t->integer('rank')->change();
    $t->string('code', 10)->change();
    $t->mediumText('body')->change();
    $t->binary('blob_me')->change();
});`,
};

for (const version of laravelVersions) {
  for (const driver of version === '8.83' ? (['mysql'] as const) : (['mysql', 'mariadb'] as const)) {
    describe(`translate: what Laravel ${version} (${driver}) builds where versions differ`, function () {
      this.timeout(180_000);
      before(async function () {
        await requireOracle();
        skipWithoutLaravel(this, version);
      });
      const runner = laravelRunner(version, driver);

      it('float(), double() and decimal()', () => assertExact(runner, floats));
      it('uuid(), foreignUuid() and uuidMorphs()', () => assertExact(runner, uuids));
      it('change() of columns with attributes it does not restate', () => assertExact(runner, changes));
      if (version === '8.83') {
        it('ulid() does not exist yet: the table is unknown', () => assertUnknownWhereLaravelFails(version, driver, ulids, 'tickets', /no ulid\(\)/));
      } else {
        it('ulid() and foreignUlid()', () => assertExact(runner, ulids));
      }
      if (version !== '8.83') {
        it('unsignedDecimal() no longer exists: the table is unknown', () => assertUnknownWhereLaravelFails(version, driver, unsignedDecimals, 'prices', /no unsignedDecimal\(\)/));
      } else {
        it('unsignedDecimal()', () => assertExact(runner, unsignedDecimals));
      }
    });
  }
}
