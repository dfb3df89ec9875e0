// A return inside up() ends the migration there: what follows runs only when it does not return.
// `if (Schema::hasTable('t')) { return; }` guards the rest with the opposite condition, which the
// translation decides like a written guard (and status, as for any condition, claims nothing of
// it); after any other return the rest is conditional; after a return that always runs nothing runs. Checked against the real Laravel with the guarded table
// present and absent.
import * as assert from 'assert';
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, buildWithLaravel, type LaravelRunner, laravelRunner, migrationSource, statusProblems } from './laravelRun';


const users = migrationSource(`        Schema::create('users', function (Blueprint $t) { $t->increments('id'); });`);
const posts = `        Schema::create('posts', function (Blueprint $t) { $t->increments('id'); });`;

function earlyReturns(runner: LaravelRunner): void {
  it('if (Schema::hasTable(...)) { return; } when the table exists: the rest does not run', () => assertExact(runner, {
    '2020_01_01_000001_users': users,
    '2020_01_01_000002_posts': migrationSource(`        if (Schema::hasTable('users')) {\n            return;\n        }\n${posts}`),
  }));

  it('if (Schema::hasTable(...)) { return; } when the table does not exist: the rest runs', () => assertExact(runner, {
    '2020_01_01_000002_posts': migrationSource(`        if (Schema::hasTable('users')) {\n            return;\n        }\n${posts}`),
  }));

  it('if (! Schema::hasTable(...)) return; when the table exists: the rest runs', () => assertExact(runner, {
    '2020_01_01_000001_users': users,
    '2020_01_01_000002_posts': migrationSource(`        if (! Schema::hasTable('users')) return;\n${posts}`),
  }));

  it('a return that always runs: nothing after it runs', () => assertExact(runner, {
    '2020_01_01_000002_posts': migrationSource(`        return;\n${posts}`),
  }));

  // The translation expects the table a create under an unknown condition may make (as for
  // `if (...) { Schema::create(...); }`); what is checked here is that status claims nothing.
  it('a return under another condition: status does not claim what follows', async () => {
    const built = await buildWithLaravel(runner, {
      '2020_01_01_000002_posts': migrationSource(`        if (config('app.name') !== 'no such app name') {\n            return;\n        }\n${posts}`),
    });
    try {
      assert.deepStrictEqual(await statusProblems(built), [], 'status calls every migration ran');
    } finally {
      await built.db.drop();
    }
  });
}

for (const version of laravelVersions) {
  describe(`translate: a return inside up(), against the real Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });
    earlyReturns(laravelRunner(version));
  });
}
