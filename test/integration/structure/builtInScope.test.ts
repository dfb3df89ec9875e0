// The Drizzle tables the extension ships describe one project's tables: another project with its
// own, differently shaped `transactions_history` (built by the real Laravel) is its own, with
// no drift in status and nothing to repair (the schema-mismatch rule: test/unit/translate).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { artisanOk } from '../../support/laravel';
import { cli, repairSuite } from '../repair/state';
import { migrationsFolder } from './history';

const history = {
  '2020_01_01_000001_create_transactions_history_table': `Schema::create('transactions_history', function (Blueprint $t) {
    $t->uuid('id')->primary();
    $t->decimal('amount', 10, 2);
    $t->timestamps();
});`,
};

describe('the built-in Drizzle tables apply only to the project that creates them', function () {
  this.timeout(120_000);
  const suite = repairSuite();
  let folder = '';
  before(() => { folder = migrationsFolder(history); });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("leaves another project's own transactions_history alone", async () => {
    const test = await suite.database('md_structure_scope');
    await artisanOk(test.name, ['migrate', '--force'], { migrationsPath: folder });
    const status = await cli(['status', '--json', '--path', folder], test.name);
    assert.equal(status.code, 0, status.out + status.err);
    assert.deepEqual((JSON.parse(status.out) as { migrations: { state: string }[] }).migrations.map((m) => m.state), ['ran']);
    const plan = await cli(['repair', '--plan', '--path', folder], test.name);
    assert.equal(plan.code, 0, plan.out + plan.err);
  });
});
