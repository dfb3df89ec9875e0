// Found by the end-to-end differential test (seed 2 on Laravel 12): a migration's row deleted
// from `migrations` while its table stays, before later recorded migrations that renamed a column
// of that table another table's foreign key references. Status called the referencing table
// drifted (its key expected on the column's first name) and repair planned an ALTER that dropped
// the healthy foreign key, then failed to add it back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { takeSnapshot } from '../../../src/core/status/engine';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, withServer, type TestDatabase } from '../../support/database';
import { requireOracle } from '../../support/laravel';
import { runLaravelOk, skipWithoutLaravel, translateOptionsFor } from '../../support/laravelVersions';
import { writeMigrationHistory } from '../../support/migrationHistory';

const parents = '2024_01_01_000000_create_parents';
const children = '2024_01_02_000000_create_children';
const rename = '2024_01_03_000000_rename_parent_key';

const history = {
  [parents]: `        Schema::create('parents', function (Blueprint $t) {
            $t->id('pk');
            $t->string('name');
        });`,
  [children]: `        Schema::create('children', function (Blueprint $t) {
            $t->id();
            $t->unsignedBigInteger('parent_pk')->nullable();
            $t->foreign('parent_pk')->references('pk')->on('parents')->nullOnDelete();
        });`,
  [rename]: `        Schema::table('parents', function (Blueprint $t) {
            $t->renameColumn('pk', 'key');
        });`,
};

describe('status and repair: a row lost before later migrations that built on its table (real Laravel 12)', function () {
  this.timeout(120_000);
  let test: TestDatabase | undefined;
  let dir: string | undefined;

  before(async function () {
    skipWithoutLaravel(this, '12');
    await requireOracle();
    dir = writeMigrationHistory(history);
    test = await createTestDatabase('h2_lost_row');
    await runLaravelOk('12', 'migrate', { database: test.name, migrationsPath: dir });
    await withServer((c) => c.query(`DELETE FROM \`${test!.name}\`.migrations WHERE migration = ?`, [parents]));
  });

  after(async () => {
    await test?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the lost row only: the table whose foreign key references the renamed column is not drifted', async () => {
    const inputs = await loadRepairInputs([dir!], translateOptionsFor('12'), builtInTables);
    const db = await test!.open();
    try {
      const snapshot = await takeSnapshot(db, inputs.status);
      assert.deepEqual(snapshot.migrations.map((m) => [m.name, m.state]), [
        [parents, 'pending-table-exists'], [children, 'ran'], [rename, 'ran'],
      ]);
      assert.deepEqual(snapshot.migrations[0]!.problems[0]!.differences, [], 'the table is what the migration, then the rename, made');
    } finally {
      await db.close();
    }
  });

  it('repair plans only to record the lost row', async () => {
    const inputs = await loadRepairInputs([dir!], translateOptionsFor('12'), builtInTables);
    const db = await test!.open();
    try {
      const { plan } = await planFor(db, inputs);
      assert.deepEqual(plan.steps.map((s) => s.id), [`record-as-ran:${parents}`]);
    } finally {
      await db.close();
    }
  });
});
