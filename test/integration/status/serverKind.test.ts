// What Laravel 8.83 builds can depend on the server: doctrine's change() of a json column keeps
// MariaDB's utf8mb4_bin. Status reads which server answers and checks such a table exactly,
// where without knowing the server it could only say it cannot check it.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { isMariaDb } from '../../../src/core/structure/live';
import { loadRepairInputs, planFor } from '../../../src/core/repair/session';
import { builtInTables } from '../../../src/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { artisanOk, requireOracle } from '../../support/laravel';
import { translateOptionsFor } from '../../support/laravelVersions';
import { writeMigrationHistory } from '../../support/migrationHistory';

const files = {
  '2020_01_01_000000_create_queue_states_table': `
        Schema::create('queue_states', function (Blueprint $table) {
            $table->increments('id');
            $table->json('song_ids');
        });`,
  '2020_02_01_000000_convert_json_columns_to_text': `
        Schema::table('queue_states', function (Blueprint $table) {
            $table->text('song_ids')->change();
        });`,
};

describe('status: the server decides what a json column changed by doctrine keeps', function () {
  this.timeout(120_000);
  let dir: string;
  let test: TestDatabase;
  before(async () => {
    await requireOracle();
    dir = writeMigrationHistory(files, 'md-server-kind-');
    test = await createTestDatabase('md_status_server_kind');
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: dir });
  });
  after(async () => {
    await test?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compares the table Laravel built with what this server builds, and plans nothing', async () => {
    const inputs = await loadRepairInputs([dir], translateOptionsFor('8.83'), builtInTables);
    const db = await test.open();
    try {
      const { snapshot, plan } = await planFor(db, inputs);
      assert.equal(snapshot.server, (await isMariaDb(db)) ? 'mariadb' : 'mysql');
      assert.deepEqual(
        snapshot.migrations.map((m) => [m.name, m.state, m.unchecked ?? []]),
        Object.keys(files).map((name) => [name, 'ran', []]),
      );
      assert.deepEqual(plan.steps.map((step) => step.id), []);
    } finally {
      await db.close();
    }
  });
});
