// What Laravel 8.83 builds can depend on the server: doctrine's change() of a json column keeps
// MariaDB's utf8mb4_bin. Status reads which server answers and checks such a table exactly,
// where without knowing the server it could only say it cannot check it.
import * as assert from 'node:assert/strict';
import { isMariaDb } from '../../../src/core/structure/live';
import { migratedByLaravel } from '../../support/migratedHistory';

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
  const { statusAndPlan, withDb } = migratedByLaravel(files, 'md_status_server_kind', 'md-server-kind-');

  it('compares the table Laravel built with what this server builds, and plans nothing', async () => {
    const { snapshot, plan } = await statusAndPlan();
    assert.equal(snapshot.server, (await withDb(isMariaDb)) ? 'mariadb' : 'mysql');
    assert.deepEqual(
      snapshot.migrations.map((m) => [m.name, m.state, m.unchecked ?? []]),
      Object.keys(files).map((name) => [name, 'ran', []]),
    );
    assert.deepEqual(plan.steps.map((step) => step.id), []);
  });
});
