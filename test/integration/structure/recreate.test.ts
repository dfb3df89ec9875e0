// A table Laravel built through a history (a foreign key dropped and added again under the
// same default name, beside the index the server kept) is dropped; repair plans it from its
// model alone and creates exactly what Laravel built, by information_schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { dumpTables, withServer } from '../../support/database';
import { artisanOk } from '../../support/laravel';
import { cli, repairSuite } from '../repair/state';
import { migrationsFolder } from './history';

const history = {
  '2020_01_01_000001_create_parents_table': "Schema::create('parents', function (Blueprint $t) { $t->increments('id'); });",
  '2020_01_01_000002_create_children_table': `Schema::create('children', function (Blueprint $t) {
    $t->increments('id');
    $t->unsignedInteger('parent_id');
    $t->foreign('parent_id')->references('id')->on('parents');
});`,
  // The server keeps the index it made for the first key; the new key has the same name and reuses it.
  '2020_01_01_000003_readd_children_parent_key': `Schema::table('children', function (Blueprint $t) {
    $t->dropForeign(['parent_id']);
});
Schema::table('children', function (Blueprint $t) {
    $t->foreign('parent_id')->references('id')->on('parents')->onDelete('cascade');
});`,
};

describe('repair recreates a dropped table from its model, as Laravel built it', function () {
  this.timeout(180_000);
  const suite = repairSuite();
  let folder = '';
  before(() => { folder = migrationsFolder(history); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('plans and creates `children` whose key has the name of the index the server kept', async () => {
    const reference = await suite.database('md_structure_recreate_ref');
    const test = await suite.database('md_structure_recreate');
    for (const db of [reference, test]) await artisanOk(db.name, ['migrate', '--force'], { migrationsPath: folder });
    await withServer((c) => c.query(`DROP TABLE \`${test.name}\`.\`children\``));

    const planned = await cli(['repair', '--plan', '--json', '--path', folder], test.name);
    assert.equal(planned.code, 1, planned.err);
    const { plan } = JSON.parse(planned.out) as { plan: { steps: { action: string; table?: string; sql: string[] }[]; notes: unknown[] } };
    assert.deepEqual(plan.notes, []);
    assert.deepEqual(plan.steps.map((s) => [s.action, s.table]), [['create-table', 'children']]);

    const applied = await cli(['repair', '--apply', '--yes', '--path', folder, '--backup-dir', suite.backups], test.name);
    assert.equal(applied.code, 0, applied.out + applied.err);
    assert.deepEqual(await dumpTables(test.name, ['parents', 'children']), await dumpTables(reference.name, ['parents', 'children']));
    const status = await cli(['status', '--path', folder], test.name);
    assert.equal(status.code, 0, status.out + status.err);
  });
});
