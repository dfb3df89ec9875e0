// Migrations tables changed by hand, each in one tenant: one without a batch column, batches that
// are text, NULL, or hold the separator of the joined read. Only that tenant cannot be checked,
// named with why; the others are checked; no batch number is made up (one database alike).
import * as assert from 'node:assert/strict';
import { uniqueDatabaseName, withServer } from '../../support/database';
import { run } from './tenants';

interface TenantJson { database: string; problem?: string; migrations: { name: string; batch: number | null }[] }

describe('tenants whose migrations table Laravel cannot read', function () {
  this.timeout(120_000);
  const prefix = uniqueDatabaseName('md_tenants_rows');
  const tables: Record<string, string[]> = {
    a_fine: ['CREATE TABLE migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NOT NULL)'],
    b_no_batch: [
      'CREATE TABLE migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL)',
      "INSERT INTO migrations (migration) VALUES ('2014_10_12_000000_create_users_table')",
    ],
    c_text_batch: [
      'CREATE TABLE migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch VARCHAR(20))',
      "INSERT INTO migrations (migration, batch) VALUES ('2014_10_12_000000_create_users_table', '1'), ('2014_10_12_100000_create_password_resets_table', 'x')",
    ],
    d_null_batch: [
      'CREATE TABLE migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INT NULL)',
      "INSERT INTO migrations (migration, batch) VALUES ('2014_10_12_000000_create_users_table', NULL)",
    ],
    e_separator_batch: [
      'CREATE TABLE migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch VARCHAR(20))',
      "INSERT INTO migrations (migration, batch) VALUES ('2014_10_12_000000_create_users_table', '1:3:abc')",
    ],
  };
  const name = (key: string) => `${prefix}_${key}`;
  before(async () => {
    await withServer(async (c) => {
      for (const [key, statements] of Object.entries(tables)) {
        await c.query(`CREATE DATABASE \`${name(key)}\``);
        await c.query(`USE \`${name(key)}\``);
        for (const statement of statements) await c.query(statement);
      }
    });
  });
  after(async () => {
    await withServer(async (c) => {
      for (const key of Object.keys(tables)) await c.query(`DROP DATABASE IF EXISTS \`${name(key)}\``);
    });
  });

  const why = {
    b_no_batch: /^The migrations table 'migrations' has no column batch: /,
    c_text_batch: /^The migrations table 'migrations' has rows whose batch is not a whole number \(1 in all: '2014_10_12_100000_create_password_resets_table' \('x'\)\)/,
    d_null_batch: /^The migrations table 'migrations' has rows whose batch is not a whole number \(1 in all: '2014_10_12_000000_create_users_table' \(NULL\)\)/,
    e_separator_batch: /^The migrations table 'migrations' has rows whose batch is not a whole number \(1 in all: '2014_10_12_000000_create_users_table' \('1:3:abc'\)\)/,
  };

  it('--databases --json: each of them its own problem, with why; the fine one checked', async () => {
    const result = await run('status', ['--databases', `${prefix}\\_%`, '--json', '--laravel-version', '8.83']);
    assert.equal(result.code, 1, result.err);
    const tenants = (JSON.parse(result.out) as { databases: TenantJson[] }).databases;
    assert.deepEqual(tenants.map((t) => t.database), Object.keys(tables).map(name));
    const byName = new Map(tenants.map((t) => [t.database, t]));
    assert.equal(byName.get(name('a_fine'))!.problem, undefined);
    assert.ok(byName.get(name('a_fine'))!.migrations.length > 0);
    for (const [key, sentence] of Object.entries(why)) {
      const tenant = byName.get(name(key))!;
      assert.match(tenant.problem ?? '', sentence, key);
      assert.deepEqual(tenant.migrations, [], key);
    }
    assert.doesNotMatch(result.out, /NaN/);
  });

  it('--databases as text: each named with why', async () => {
    const result = await run('status', ['--databases', `${prefix}\\_%`, '--laravel-version', '8.83']);
    assert.equal(result.code, 1, result.err);
    for (const [key, sentence] of Object.entries(why)) {
      const line = result.out.split('\n').find((l) => l.startsWith(`${name(key)}: `));
      assert.ok(line, `${key} not named:\n${result.out}`);
      assert.match(line.slice(name(key).length + 2), sentence);
    }
  });

  for (const key of ['c_text_batch', 'd_null_batch'] as const) {
    for (const json of [false, true]) {
      it(`one database (${key}${json ? ', --json' : ''}): one sentence and why, exit 2, no number made up`, async () => {
        const result = await run('status', ['--database', name(key), '--laravel-version', '8.83', ...(json ? ['--json'] : [])]);
        assert.equal(result.code, 2, result.out + result.err);
        assert.match(result.err.replace(/^migration-doctor status: /, ''), why[key]);
        assert.doesNotMatch(result.out + result.err, /NaN|batch 0/);
      });
    }
  }
});
