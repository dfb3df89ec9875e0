// Odd rows of the migrations table, as a hand edit or another tool leaves them: Laravel tells
// rows apart as PHP strings (byte for byte), the server by the column's collation (case and
// trailing spaces ignored). A repair deletes or renames exactly the row it names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { withServer } from '../../support/database';
import { artisanOk } from '../../support/laravel';
import { migrationsFolder } from '../structure/history';
import { cli, repairSuite } from './state';

const ran = '2020_01_01_000001_create_a_table';
const history = {
  [ran]: "Schema::create('a', function (Blueprint $t) { $t->increments('id'); });",
};

describe('odd rows of the migrations table (real Laravel 8.83, MariaDB)', function () {
  this.timeout(240_000);
  const suite = repairSuite();
  let folder = '';
  before(() => { folder = migrationsFolder(history); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  const rows = (database: string) => withServer(async (c) => (await c.query(`SELECT migration, batch FROM \`${database}\`.migrations ORDER BY id`))[0] as { migration: string; batch: number }[]);

  for (const [title, orphan] of [['a trailing space', `${ran} `], ['another case', ran.toUpperCase()]]) {
    it(`deletes the orphan row that differs from a ran one by ${title}, and only that row`, async () => {
      const test = await suite.database('md_hostile_rows');
      await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: folder });
      await withServer((c) => c.query(`INSERT INTO \`${test.name}\`.migrations (migration, batch) VALUES (?, 1)`, [orphan]));
      const applied = await cli(['repair', '--apply', '--yes', '--path', folder, '--backup-dir', suite.backups], test.name);
      assert.equal(applied.code, 0, applied.out + applied.err);
      assert.deepEqual(await rows(test.name), [{ migration: ran, batch: 1 }]);
      const after = await cli(['status', '--path', folder], test.name);
      assert.equal(after.code, 0, after.out + after.err);
      // Laravel agrees: nothing to migrate (it would run create_a_table again, and fail, had its row gone).
      await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: folder });
      assert.deepEqual(await rows(test.name), [{ migration: ran, batch: 1 }]);
    });
  }
});
