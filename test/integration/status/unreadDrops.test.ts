// A table dropped by a recorded migration whose statement names no literal table (a loop
// variable, SQL built at run time) is not "ran-table-missing": its absence proves nothing,
// and repair must not create it again. Proven with the real Laravel 8.83.
import * as assert from 'node:assert/strict';
import { migratedByLaravel } from '../../support/migratedHistory';

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
  const { statusAndPlan, withDb } = migratedByLaravel(files, 'md_status_unread_drops', 'md-unread-drops-');

  it('calls the database Laravel built healthy and plans nothing', async () => {
    const { snapshot, plan } = await statusAndPlan();
    assert.deepEqual(
      snapshot.migrations.map((m) => [m.name, m.state]),
      Object.keys(files).map((name) => [name, 'ran']),
    );
    assert.deepEqual(plan.steps.map((step) => step.id), []);
  });

  it('still reports a missing table that no later statement could have dropped', async () => {
    await withDb((db) => db.execute('DROP TABLE kept_reports'));
    const { snapshot } = await statusAndPlan();
    const creator = snapshot.migrations.find((m) => m.name === '2020_03_01_000000_create_kept_reports_table')!;
    assert.equal(creator.state, 'ran-table-missing');
    assert.deepEqual(creator.problems.map((p) => p.table), ['kept_reports']);
  });
});
