// A column a foreign key uses, widened by hand, narrowed back by the repair: a change that can
// lose data, so it waits for --allow-lossy in a step of its own. The server refuses to change the
// column while the key stands (errno 1832), so the key's drop and re-add go in that same step,
// around the change: the drop with the change (one statement, applied whole or not at all), the
// re-add under the same name after it. A column another table's key references cannot be changed
// by a step on its own table: the plan says so and changes nothing. Real Laravel-made tables
// (string keys), MariaDB.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { dumpTables, withServer } from '../../support/database';
import { artisanOk } from '../../support/laravel';
import { migrationsFolder } from '../structure/history';
import { cli, repairSuite } from './state';

const history = {
  '2020_01_01_000001_create_codes_table': "Schema::create('codes', function (Blueprint $t) { $t->id(); $t->string('code', 20)->unique(); });",
  '2020_01_01_000002_create_items_table': "Schema::create('items', function (Blueprint $t) { $t->id(); $t->string('code', 20); $t->foreign('code')->references('code')->on('codes'); });",
};
const migration = '2020_01_01_000002_create_items_table';
const step = `alter-table:${migration}:items`;
const key = 'items_code_foreign';

interface PlanJson { plan: { steps: { id: string; sql: string[]; lossy: boolean }[] } }
interface OutcomeJson {
  outcome: {
    ok: boolean; applied: string[]; skipped: string[];
    failure?: { step: string; statement: string; statementsRan: string[]; statementsNotRun: string[]; errno: number };
    verification: { migration: string; ok: boolean; state: string }[];
  };
}

describe('repair narrowing a column a foreign key uses (real Laravel, string keys, MariaDB)', function () {
  this.timeout(300_000);
  const suite = repairSuite();
  let folder = '';
  before(() => { folder = migrationsFolder(history); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** Both tables as Laravel made them, then `items.code` widened by hand (the key lifted around it, as the server demands). */
  async function widened(prefix: string, rows: (run: (sql: string) => Promise<unknown>) => Promise<void>): Promise<string> {
    const test = await suite.database(prefix);
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: folder });
    await withServer(async (c) => {
      await c.query(`USE \`${test.name}\``);
      await c.query(`ALTER TABLE items DROP FOREIGN KEY ${key}`);
      await c.query(`ALTER TABLE items MODIFY code varchar(50) COLLATE utf8mb4_unicode_ci NOT NULL, ADD CONSTRAINT ${key} FOREIGN KEY (code) REFERENCES codes (code)`);
      await rows((sql) => c.query(sql));
    });
    return test.name;
  }

  it("puts the key's drop and re-add in the lossy step, around the column change, and ends with Laravel's table", async () => {
    const reference = await suite.database('md_lossy_fk_ref');
    await artisanOk(reference.name, ['migrate', '--force'], { migrationsPath: folder });
    const database = await widened('md_lossy_fk', async (run) => {
      await run("INSERT INTO codes (code) VALUES ('a'), ('b')");
      await run("INSERT INTO items (code) VALUES ('a'), ('b')");
    });

    const plan = JSON.parse((await cli(['repair', '--json', '--path', folder], database)).out) as PlanJson;
    assert.deepEqual(plan.plan.steps.map((s) => [s.id, s.lossy, s.sql]), [[`${step}:lossy`, true, [
      `ALTER TABLE \`items\` DROP FOREIGN KEY \`${key}\`, MODIFY COLUMN \`code\` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL`,
      `ALTER TABLE \`items\` ADD CONSTRAINT \`${key}\` FOREIGN KEY (\`code\`) REFERENCES \`codes\` (\`code\`)`,
    ]]], JSON.stringify(plan.plan.steps));

    const run = await cli(['repair', '--apply', '--yes', '--allow-lossy', '--json', '--path', folder, '--backup-dir', suite.backups], database);
    assert.equal(run.code, 0, run.out + run.err);
    const outcome = (JSON.parse(run.out) as OutcomeJson).outcome;
    assert.deepEqual([outcome.ok, outcome.applied, outcome.failure], [true, [`${step}:lossy`], undefined]);
    assert.deepEqual(await dumpTables(database, ['codes', 'items']), await dumpTables(reference.name, ['codes', 'items']));
    const rows = await withServer(async (c) => (await c.query(`SELECT code FROM \`${database}\`.items ORDER BY id`))[0]);
    assert.deepEqual(rows, [{ code: 'a' }, { code: 'b' }]);
  });

  it("a column another table's key references: the plan refuses it with why (the server refuses the change while the key stands), nothing is changed", async () => {
    const database = (await suite.database('md_lossy_fk_parent')).name;
    await artisanOk(database, ['migrate', '--force'], { migrationsPath: folder });
    await withServer(async (c) => {
      await c.query(`USE \`${database}\``);
      await c.query(`ALTER TABLE items DROP FOREIGN KEY ${key}`);
      await c.query('ALTER TABLE codes MODIFY code varchar(50) COLLATE utf8mb4_unicode_ci NOT NULL');
      await c.query(`ALTER TABLE items ADD CONSTRAINT ${key} FOREIGN KEY (code) REFERENCES codes (code)`);
    });
    const before = await dumpTables(database, ['codes', 'items']);
    const plan = JSON.parse((await cli(['repair', '--json', '--path', folder], database)).out) as PlanJson & { plan: { notes: { migration: string; table?: string; message: string }[] } };
    assert.deepEqual(plan.plan.steps, []);
    assert.deepEqual(plan.plan.notes.map(({ migration: m, table, message }) => ({ migration: m, table, message })), [{
      migration: '2020_01_01_000001_create_codes_table', table: 'codes',
      message: `Table 'codes' cannot be altered: the type of column code changes, and foreign key ${key} of table 'items' references it: the server refuses the change while that key stands (errno 1833), and a repair step changes one table; change both tables by hand`,
    }]);
    const run = await cli(['repair', '--apply', '--yes', '--allow-lossy', '--path', folder, '--backup-dir', suite.backups], database);
    assert.deepEqual(await dumpTables(database, ['codes', 'items']), before, run.out + run.err);
  });

  it('refused over a value too long for the narrowed column: the key is still there, the table as it was', async () => {
    const database = await widened('md_lossy_fk_long', async (run) => {
      await run("INSERT INTO codes (code) VALUES ('a')");
      // A value the narrowed column cannot hold (its parent row gone while checks were off).
      await run('SET foreign_key_checks = 0');
      await run("INSERT INTO items (code) VALUES ('a'), ('a-code-longer-than-twenty')");
    });
    const before = await dumpTables(database, ['items']);

    const run = await cli(['repair', '--apply', '--yes', '--allow-lossy', '--json', '--path', folder, '--backup-dir', suite.backups], database);
    assert.equal(run.code, 1, run.out + run.err);
    const outcome = (JSON.parse(run.out) as OutcomeJson).outcome;
    assert.equal(outcome.failure?.step, `${step}:lossy`);
    assert.match(outcome.failure!.statement, /^ALTER TABLE `items` DROP FOREIGN KEY `items_code_foreign`, MODIFY COLUMN/);
    // The key's drop went with the refused change: nothing ran, nothing stays applied.
    assert.deepEqual([outcome.failure!.statementsRan, outcome.applied], [[], []]);
    assert.deepEqual(await dumpTables(database, ['items']), before);
    assert.deepEqual(outcome.verification.map((v) => [v.migration, v.ok, v.state]), [[migration, false, 'schema-drift']]);
  });
});
