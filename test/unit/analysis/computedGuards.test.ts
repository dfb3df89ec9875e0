// hasColumn() guards whose names are computed from literals (a loop's variable, sprintf() of it)
// or that check two tables at once: decided on the tables as the replay has them, so the table
// they guard stays known.
import * as assert from 'node:assert/strict';
import { translateMigrations } from '../../../src/core/translate';
import { file, guardText, laravel8, translated } from './inlineMigrations';

const tables = file('2020_01_01_000001_tables', `Schema::create('bills', function (Blueprint $table) {
            $table->increments('id');
            $table->date('date');
            $table->date('end_date');
            $table->string('end_date_tz', 50)->nullable();
        });
        Schema::create('tags', function (Blueprint $table) {
            $table->increments('id');
            $table->string('tagMode');
        });
        Schema::create('piggy_banks', function (Blueprint $table) {
            $table->increments('id');
        });`);

function columnsOf(files: Parameters<typeof translateMigrations>[0], table: string): string[] {
  return translateMigrations(files, { tablePrefix: '', laravel: laravel8 }).tables.get(table)!.model.columns.map((c) => c.name);
}

describe('analysis: hasColumn() guards on computed names and on two tables', () => {
  it("a loop's column and sprintf() of it guard a caught Blueprint: added where the guard holds, left where it does not", () => {
    const addTz = file('2020_01_01_000002_add_tz', `foreach (['bills' => ['date', 'end_date', 'start_date']] as $table => $columns) {
            foreach ($columns as $column) {
                $newColumn = sprintf('%s_tz', $column);
                if (Schema::hasColumn($table, $column) && !Schema::hasColumn($table, $newColumn)) {
                    try {
                        Schema::table($table, static function (Blueprint $table) use ($column, $newColumn): void {
                            $table->string($newColumn, 50)->nullable()->after($column);
                        });
                    } catch (QueryException $e) {
                        Log::error(sprintf('Could not add column "%s": %s', $newColumn, $e->getMessage()));
                    }
                }
            }
        }`);
    assert.deepEqual(addTz.up.operations.map((op) => [op.conditional, op.blueprint?.[0].when?.map(guardText)]), [
      [undefined, ['bills.date', '!bills.date_tz']],
      [undefined, ['bills.end_date', '!bills.end_date_tz']],
      [undefined, ['bills.start_date', '!bills.start_date_tz']],
    ]);
    assert.deepEqual(translated([tables, addTz]).unknown, []);
    assert.deepEqual(columnsOf([tables, addTz], 'bills'), ['id', 'date', 'date_tz', 'end_date', 'end_date_tz']);
  });

  it('a closure guard on two tables runs its statement when both hold, read on the tables before the Blueprint', () => {
    const rename = file('2020_01_01_000002_rename', `try {
            Schema::table('tags', static function (Blueprint $table): void {
                if (Schema::hasColumn('tags', 'tagMode') && !Schema::hasColumn('piggy_banks', 'tag_mode')) {
                    $table->renameColumn('tagMode', 'tag_mode');
                }
            });
            Schema::table('tags', static function (Blueprint $table): void {
                if (Schema::hasColumn('tags', 'tagmode') && !Schema::hasColumn('piggy_banks', 'tag_mode')) {
                    $table->renameColumn('tagmode', 'tag_mode');
                }
            });
        } catch (RuntimeException $e) {
            Log::error($e->getMessage());
        }`);
    assert.deepEqual(translated([tables, rename]).unknown, []);
    assert.deepEqual(columnsOf([tables, rename], 'tags'), ['id', 'tag_mode']);
    // An else branch runs when either does not hold: `! A || B`.
    const withElse = (first: string) => file('2020_01_01_000002_rename', `Schema::table('tags', static function (Blueprint $table): void {
                if (Schema::hasColumn('tags', '${first}') && !Schema::hasColumn('piggy_banks', 'tag_mode')) {
                    $table->renameColumn('tagMode', 'tag_mode');
                } else {
                    $table->string('other');
                }
            });`);
    assert.deepEqual(withElse('tagMode').up.operations[0].blueprint?.map((st) => st.when?.map(guardText)), [['(tags.tagMode && !piggy_banks.tag_mode)'], ['(!tags.tagMode || piggy_banks.tag_mode)']]);
    assert.deepEqual(translated([tables, withElse('tagMode')]).unknown, []);
    assert.deepEqual(columnsOf([tables, withElse('tagMode')], 'tags'), ['id', 'tag_mode']);
    assert.deepEqual(columnsOf([tables, withElse('nope')], 'tags'), ['id', 'tagMode', 'other']);
  });
});
