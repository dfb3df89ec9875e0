// A table Laravel built (through a foreign key dropped and added again under the same default
// name, beside the index the server kept; with a column given only a character set, or the
// table's collation with its character set) is dropped;
// status called it healthy, repair plans it from its model alone and creates exactly what
// Laravel built, by information_schema.
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

const histories: { title: string; table: string; tables: string[]; history: Readonly<Record<string, string>> }[] = [
  { title: '`children`, whose key has the name of the index the server kept', table: 'children', tables: ['parents', 'children'], history },
  {
    // The server gives a column a character set's own default collation, not the table's.
    title: 'a table with a column given only a character set', table: 'labels', tables: ['labels'],
    history: {
      '2020_01_01_000001_create_labels_table': `Schema::create('labels', function (Blueprint $t) {
    $t->increments('id');
    $t->string('latin')->charset('latin1');
    $t->string('binary')->collation('latin1_bin');
    $t->string('plain');
});`,
    },
  },
  {
    // The table's own collation said again with its character set: still the table's, not the set's default.
    title: "a table with a column given the table's collation and its character set", table: 'notes', tables: ['notes'],
    history: {
      '2020_01_01_000001_create_notes_table': `Schema::create('notes', function (Blueprint $t) {
    $t->increments('id');
    $t->string('body')->charset('utf8mb4')->collation('utf8mb4_unicode_ci');
});`,
    },
  },
];

describe('repair recreates a dropped table from its model, as Laravel built it', function () {
  this.timeout(180_000);
  const suite = repairSuite();
  const folders: string[] = [];
  after(() => { for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true }); });

  for (const { title, table, tables, history } of histories) {
    it(`plans and creates ${title}`, async () => {
      const folder = migrationsFolder(history);
      folders.push(folder);
      const reference = await suite.database('md_structure_recreate_ref');
      const test = await suite.database('md_structure_recreate');
      for (const db of [reference, test]) await artisanOk(db.name, ['migrate', '--force'], { migrationsPath: folder });
      const before = await cli(['status', '--path', folder], test.name);
      assert.equal(before.code, 0, before.out + before.err);
      await withServer((c) => c.query(`DROP TABLE \`${test.name}\`.\`${table}\``));

      const planned = await cli(['repair', '--plan', '--json', '--path', folder], test.name);
      assert.equal(planned.code, 1, planned.err);
      const { plan } = JSON.parse(planned.out) as { plan: { steps: { action: string; table?: string; sql: string[] }[]; notes: unknown[] } };
      assert.deepEqual(plan.notes, []);
      assert.deepEqual(plan.steps.map((s) => [s.action, s.table]), [['create-table', table]]);

      const applied = await cli(['repair', '--apply', '--yes', '--path', folder, '--backup-dir', suite.backups], test.name);
      assert.equal(applied.code, 0, applied.out + applied.err);
      assert.deepEqual(await dumpTables(test.name, tables), await dumpTables(reference.name, tables));
      const status = await cli(['status', '--path', folder], test.name);
      assert.equal(status.code, 0, status.out + status.err);
    });
  }
});
