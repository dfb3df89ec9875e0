// A table dropped by a recorded migration whose statement names no literal table (a loop
// variable, SQL built at run time) is not "ran-table-missing": its absence proves nothing,
// and repair must not create it again. Proven with the real Laravel 8.83.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { artisanOk, requireOracle } from '../../support/laravel';
import { translateOptionsFor } from '../../support/laravelVersions';
import { writeMigrationHistory } from '../../support/migrationHistory';

const files = {
  '2020_01_01_000000_create_reports_tables': `
        Schema::create('daily_reports', function (Blueprint $table) { $table->increments('id'); });
        Schema::create('weekly_reports', function (Blueprint $table) { $table->increments('id'); });`,
  '2020_02_01_000000_drop_old_reports': `
        foreach (['daily_reports'] as $name) {
            Schema::dropIfExists($name);
        }
        $sql = 'DROP TABLE ' . 'weekly_reports';
        DB::statement($sql);`,
  '2020_03_01_000000_create_kept_reports_table': `
        Schema::create('kept_reports', function (Blueprint $table) { $table->increments('id'); });`,
  // A create under a name that is not a literal makes a new table: it drops none.
  '2020_04_01_000000_create_monthly_reports_table': `
        $name = 'monthly_' . 'reports';
        Schema::create($name, function (Blueprint $table) { $table->increments('id'); });`,
};

describe('status: tables dropped by statements that name no literal table', function () {
  this.timeout(120_000);
  let dir: string;
  let test: TestDatabase;
  before(async () => {
    await requireOracle();
    dir = writeMigrationHistory(files, 'md-unread-drops-');
    test = await createTestDatabase('md_status_unread_drops');
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: dir });
  });
  after(async () => {
    await test?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function statusAndPlan() {
    const inputs = await loadRepairInputs([dir], translateOptionsFor('8.83'), builtInTables);
    const db = await test.open();
    try {
      return await planFor(db, inputs);
    } finally {
      await db.close();
    }
  }

  it('calls the database Laravel built healthy and plans nothing', async () => {
    const { snapshot, plan } = await statusAndPlan();
    assert.deepEqual(
      snapshot.migrations.map((m) => [m.name, m.state]),
      Object.keys(files).map((name) => [name, 'ran']),
    );
    assert.deepEqual(plan.steps.map((step) => step.id), []);
  });

  it('still reports a missing table that no later statement could have dropped', async () => {
    const db = await test.open();
    try {
      await db.execute('DROP TABLE kept_reports');
    } finally {
      await db.close();
    }
    const { snapshot } = await statusAndPlan();
    const creator = snapshot.migrations.find((m) => m.name === '2020_03_01_000000_create_kept_reports_table')!;
    assert.equal(creator.state, 'ran-table-missing');
    assert.deepEqual(creator.problems.map((p) => p.table), ['kept_reports']);
  });
});
