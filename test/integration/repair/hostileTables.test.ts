// Tables a migration names that are not plain tables on the server: a system-versioned table
// (its history), a sequence. A backup cannot hold them as they are, and one that took them for
// absent would end in DROP TABLE IF EXISTS, which drops both: the repair refuses before any change.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { withServer } from '../../support/database';
import { artisanOk } from '../../support/laravel';
import { migrationsFolder } from '../structure/history';
import { cli, repairSuite } from './state';

const history = {
  '2020_01_01_000001_create_a_table': "Schema::create('a', function (Blueprint $t) { $t->increments('id'); });",
  '2020_01_01_000002_create_audit_table': "Schema::create('audit', function (Blueprint $t) { $t->increments('id'); $t->string('v'); });",
};

describe('repair of a table that is not a plain table (system-versioned, sequence; MariaDB)', function () {
  this.timeout(240_000);
  const suite = repairSuite();
  let folder = '';
  before(() => { folder = migrationsFolder(history); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  for (const [type, create, read] of [
    ['SYSTEM VERSIONED', 'CREATE TABLE audit (id int unsigned primary key, v varchar(255)) WITH SYSTEM VERSIONING; INSERT INTO audit VALUES (1, \'a\'); UPDATE audit SET v = \'b\'',
      'SELECT id, v FROM audit FOR SYSTEM_TIME ALL ORDER BY v'],
    ['SEQUENCE', 'CREATE SEQUENCE audit START WITH 100; SELECT NEXTVAL(audit)', 'SELECT next_not_cached_value AS n FROM audit'],
  ] as const) {
    it(`refuses to drop a ${type} table by --choose drop-table, and changes nothing`, async () => {
      const test = await suite.database('md_hostile_tables');
      await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: folder });
      const inDatabase = <T>(sql: string) => withServer(async (c) => {
        await c.query(`USE \`${test.name}\``);
        let last: unknown;
        for (const statement of sql.split('; ')) [last] = await c.query(statement);
        return last as T;
      });
      await inDatabase(`DROP TABLE audit; DELETE FROM migrations WHERE migration = '2020_01_01_000002_create_audit_table'; ${create}`);
      const before = await inDatabase<unknown[]>(read);
      const status = await cli(['status', '--json', '--path', folder], test.name);
      const states = (JSON.parse(status.out) as { migrations: { state: string }[] }).migrations.map((m) => m.state);
      assert.deepEqual(states, ['ran', 'pending-table-exists']);

      const run = await cli(['repair', '--apply', '--yes', '--path', folder, '--backup-dir', suite.backups,
        '--allow-lossy', '--choose', '2020_01_01_000002_create_audit_table=drop-table'], test.name);
      assert.notEqual(run.code, 0, run.out + run.err);
      assert.match(run.out + run.err, new RegExp(`audit, whose type in information_schema.TABLES is ${type}, not BASE TABLE`));
      assert.deepEqual(await inDatabase<unknown[]>(read), before);
      assert.deepEqual(fs.readdirSync(suite.backups).filter((f) => f.startsWith(test.name)), []);
    });
  }
});
