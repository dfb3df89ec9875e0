// Names are data: a migration run by the real Laravel 8.83 (which escapes backticks) creates a
// table, columns, an index and a foreign key whose names hold a backtick, a quote, `;`, a space
// and `--`. Once the table is gone, repair creates exactly that table and nothing else (no index
// on `victim`), under a hostile migrations table and database name too; a name the server
// refuses is refused in one sentence before anything runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { quoteIdentifier } from '../../../src/core/structure/normalise';
import { restoreBackup } from '../../../src/core/repair/restore';
import { dumpTables, rootConnectionOptions, withServer } from '../../support/database';
import { openDatabase } from '../../../src/core/db/database';
import { artisanOk } from '../../support/laravel';
import { migrationsFolder } from '../structure/history';
import { cli, repairSuite } from './state';

const table = "ho`st'ile; --tab le";
const parent = "pa`rent; --id";
const column = "col`umn 'x'; -- y";
const index = 'i` ON `victim` (`v`) -- x';
const key = "f`k'; -- z";
// PHP single-quoted literals: only ' and \ are escaped.
const php = (value: string): string => `'${value.replace(/[\\']/g, '\\$&')}'`;

const history = {
  '2020_01_01_000001_create_victim_table': "Schema::create('victim', function (Blueprint $t) { $t->increments('id'); $t->integer('v'); });",
  '2020_01_01_000002_create_hostile_table': `Schema::create(${php(table)}, function (Blueprint $t) {
    $t->increments('id');
    $t->unsignedInteger(${php(parent)});
    $t->string(${php(column)}, 40)->default('d\`;--x')->comment(${php("c'o`m; -- \\ m")});
    $t->enum('state', ['a\`b', 'e;--f', 'g h'])->default('g h');
    $t->index([${php(column)}], ${php(index)});
    $t->foreign(${php(parent)}, ${php(key)})->references('id')->on('victim');
});`,
};

describe('hostile names from migrations, the migrations table and the database', function () {
  this.timeout(240_000);
  const suite = repairSuite();
  let folder = '';
  before(() => { folder = migrationsFolder(history); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** Laravel builds the history into a database of that name; `migrations` renamed when asked. */
  async function built(database: string, migrationsTable = 'migrations'): Promise<void> {
    await withServer((c) => c.query(`CREATE DATABASE ${quoteIdentifier(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
    suite.cleanup.push(() => withServer((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`)));
    await artisanOk(database, ['migrate', '--force'], { migrationsPath: folder });
    if (migrationsTable !== 'migrations') {
      await withServer((c) => c.query(`RENAME TABLE ${quoteIdentifier(database)}.\`migrations\` TO ${quoteIdentifier(database)}.${quoteIdentifier(migrationsTable)}`));
    }
  }

  const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  for (const variant of [
    { title: 'plain database and migrations table', database: () => `md_hostile_${unique()}`, migrationsTable: 'migrations' },
    // Laravel's own connector cannot take a backtick or `;` in a database name; the rest it can.
    { title: "a database named with a quote, a space and '--', a migrations table named with all of them", database: () => `md_hostile' --x ${unique()}`, migrationsTable: "mig`ra'tions; -- x" },
  ]) {
    it(`creates exactly the dropped table with its literal names (${variant.title})`, async () => {
      const reference = `md_hostile_ref_${unique()}`;
      const test = variant.database();
      await built(reference);
      await built(test, variant.migrationsTable);
      await withServer((c) => c.query(`DROP TABLE ${quoteIdentifier(test)}.${quoteIdentifier(table)}`));
      const options = ['--path', folder, '--migrations-table', variant.migrationsTable];

      const status = await cli(['status', '--json', ...options], test);
      assert.equal(status.code, 1, status.out + status.err);
      const states = (JSON.parse(status.out) as { migrations: { name: string; state: string }[] }).migrations.map((m) => m.state);
      assert.deepEqual(states, ['ran', 'ran-table-missing']);

      const applied = await cli(['repair', '--apply', '--yes', ...options, '--backup-dir', suite.backups], test);
      assert.equal(applied.code, 0, applied.out + applied.err);
      assert.deepEqual(await dumpTables(test, [table, 'victim']), await dumpTables(reference, [table, 'victim']));
      const after = await cli(['status', ...options], test);
      assert.equal(after.code, 0, after.out + after.err);
    });
  }

  it('refuses a name the server would refuse, in one sentence, before anything runs', async () => {
    const test = await suite.database('md_hostile_refused');
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: folder });
    for (const [database, migrationsTable] of [[test.name, 'migrations '], [`${test.name} `, 'migrations']]) {
      const run = await cli(['repair', '--apply', '--yes', '--path', folder, '--backup-dir', suite.backups, '--migrations-table', migrationsTable], database);
      assert.equal(run.code, 2, run.out + run.err);
      assert.match(run.err, /ends with a space, which the server refuses/);
      assert.equal(run.err.trim().split('\n').length <= 2, true, run.err);
    }
    assert.deepEqual(fs.readdirSync(suite.backups).filter((file) => file.startsWith('md_hostile_refused')), []);
  });

  // A name with a line break, in the backup's comments, ended the comment: the rest ran on restore.
  const broken = 'x\nDROP TABLE victim;\n#';
  const brokenHistory = {
    '2020_01_01_000001_create_victim_table': history['2020_01_01_000001_create_victim_table'],
    '2020_01_01_000002_create_broken_table': `Schema::create("x\\nDROP TABLE victim;\\n#", function (Blueprint $t) { $t->increments('id'); });`,
  };
  for (const useClient of [false, true]) {
    it(`restores the backup of a table named with line breaks, and runs nothing of its name (${useClient ? 'mysql client' : 'built-in restore'})`, async () => {
      const brokenFolder = migrationsFolder(brokenHistory);
      suite.cleanup.push(async () => fs.rmSync(brokenFolder, { recursive: true, force: true }));
      const test = await suite.database('md_hostile_breaks');
      await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: brokenFolder });
      await withServer((c) => c.query(`INSERT INTO ${quoteIdentifier(test.name)}.victim (v) VALUES (7)`));
      const before = await dumpTables(test.name, ['victim', broken]);
      await withServer((c) => c.query(`DROP TABLE ${quoteIdentifier(test.name)}.${quoteIdentifier(broken)}`));

      const applied = await cli(['repair', '--apply', '--yes', '--path', brokenFolder, '--backup-dir', suite.backups], test.name);
      assert.equal(applied.code, 0, applied.out + applied.err);
      const file = /^Backup: (.*\.sql)$/m.exec(applied.out)![1];
      const db = await openDatabase(rootConnectionOptions(test.name));
      try {
        const restored = await restoreBackup(db, file, { useClient });
        assert.equal(restored.ok, true, JSON.stringify(restored));
      } finally {
        await db.close();
      }
      // The repair created the table, the restore dropped it again (it did not exist before); victim untouched.
      assert.deepEqual(await dumpTables(test.name, ['victim']), before.slice(0, 1));
      assert.deepEqual((await withServer((c) => c.query(`SHOW TABLES FROM ${quoteIdentifier(test.name)}`)))[0], [{ [`Tables_in_${test.name}`]: 'migrations' }, { [`Tables_in_${test.name}`]: 'victim' }]);
    });
  }
});
