// `if (! Schema::hasTable('x')) { ... }` is decided once, before its branch runs: a branch that
// creates `x` and then another table still creates the other table (the guard asked again after
// `x` was created would say no), which the replay cannot tell afterwards: the other table is unknown.
// Checked against the real Laravel with `x` absent and present.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { buildWithLaravel, type LaravelRunner, laravelRunner, statusProblems, translationDifferences } from './laravelRun';

const branch = `        if (! Schema::hasTable('tags')) {
            Schema::create('tags', function (Blueprint $t) { $t->increments('id'); });
            Schema::create('tags_items', function (Blueprint $t) { $t->increments('id'); $t->string('label', 40); });
        }`;

function guardBlocks(runner: LaravelRunner): void {
  // The replay decides a guard where each create runs, and after the first the guard no longer says
  // whether the second runs: that table is unknown (it was expected even when the branch did not run).
  it('a guarded branch creating the guarded table and then another, the guarded table absent: the first is built, the other unknown', async () => {
    const built = await buildWithLaravel(runner, { '2020_01_01_000002_tags': branch });
    try {
      assert.deepStrictEqual(await translationDifferences(built), [
        'tags_items: unknown (2020_01_01_000002_tags: `tags_items` is created only under a condition the analysis does not decide: whether it exists is not known)',
        'tables: expected tags; Laravel built tags, tags_items',
      ]);
      assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
    } finally {
      await built.db.drop();
    }
  });

  // What follows the guarded table's creation in the branch is conditional: status claims nothing of it.
  it('the same branch, the guarded table present: neither is built, and status calls the migration ran', async () => {
    const built = await buildWithLaravel(runner, {
      '2020_01_01_000001_tags': `        Schema::create('tags', function (Blueprint $t) { $t->increments('id'); });`,
      '2020_01_01_000002_tags_again': branch,
    });
    try {
      assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
    } finally {
      await built.db.drop();
    }
  });
}

for (const version of laravelVersions) {
  describe(`translate: a guarded branch, against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    guardBlocks(laravelRunner(version));
  });
}
