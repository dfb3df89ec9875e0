// A table a recorded migration created may be, on the server, something else by that name: made
// system-versioned (MariaDB's WITH SYSTEM VERSIONING), replaced by a view over another table, or a
// sequence. Its structure is not read as a base table's, so it cannot be compared: status says so
// for that table (unchecked, with the type) instead of calling it healthy, and repair plans
// nothing for it. Built by the real Laravel 8.83 on MariaDB.
import * as assert from 'node:assert/strict';
import { migratedByLaravel } from '../../support/migratedHistory';

const files = {
  '2020_01_01_000000_create_posts_table': `
        Schema::create('posts', function (Blueprint $table) { $table->id(); $table->string('title'); });`,
  '2020_01_02_000000_create_tags_table': `
        Schema::create('tags', function (Blueprint $table) { $table->id(); $table->string('name'); });`,
  '2020_01_03_000000_create_counters_table': `
        Schema::create('counters', function (Blueprint $table) { $table->id(); });`,
};

describe('status: a table the migrations created that is now a system-versioned table, a view or a sequence', function () {
  this.timeout(120_000);
  const { statusAndPlan, withDb } = migratedByLaravel(files, 'md_status_table_types', 'md-table-types-');

  it('checks the base tables as before', async () => {
    const { snapshot } = await statusAndPlan();
    assert.deepEqual(snapshot.migrations.map((m) => [m.state, m.problems.length, m.unchecked ?? []]), Object.keys(files).map(() => ['ran', 0, []]));
  });

  it('says which tables it cannot compare, and why, and plans nothing for them', async () => {
    await withDb(async (db) => {
      await db.execute('ALTER TABLE posts ADD SYSTEM VERSIONING');
      // The view even shows another structure: nothing may be said to match.
      await db.execute('RENAME TABLE tags TO tags_archive');
      await db.execute('CREATE VIEW tags AS SELECT id FROM tags_archive');
      await db.execute('DROP TABLE counters');
      await db.execute('CREATE SEQUENCE counters');
    });
    const { snapshot, plan } = await statusAndPlan();
    const unchecked = snapshot.migrations.map((m) => [m.state, m.problems.length, (m.unchecked ?? []).map((u) => [u.table, u.reason])]);
    assert.deepEqual(unchecked.map(([state, problems, tables]) => [state, problems, (tables as string[][]).map(([table]) => table)]), [
      ['ran', 0, ['posts']], ['ran', 0, ['tags']], ['ran', 0, ['counters']],
    ]);
    const reasons = unchecked.map(([, , tables]) => (tables as string[][])[0][1]);
    assert.match(reasons[0], /SYSTEM VERSIONED/);
    assert.match(reasons[1], /VIEW/);
    assert.match(reasons[2], /SEQUENCE/);
    assert.deepEqual(plan.steps, []);
  });
});
