// The bench's tenants at a small size (14 databases of 60 migrations), broken the bench's ten
// ways: status --databases finds exactly those ten, each with its state on its migration, and
// gives every tenant the migrations the one-database status gives it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { testServer, uniqueDatabaseName, withServer } from '../../support/database';
import { breakage, createBenchTenants, writeBenchMigrations } from './benchTenants';
import { run } from './tenants';

interface TenantJson { database: string; summary: { broken: number }; migrations: { name: string; state: string }[] }

describe('status --databases finds each of the bench breakages', function () {
  this.timeout(600_000);
  const prefix = uniqueDatabaseName('md_tenants_breaks');
  const names = Array.from({ length: 14 }, (_, i) => `${prefix}_${String(i).padStart(2, '0')}`);
  const brokenAt = Array.from({ length: 10 }, (_, k) => Math.floor((k + 0.5) * names.length / 10));
  let project: string;
  let dir: string;
  before(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tenants-breaks-'));
    dir = path.join(project, 'database', 'migrations');
    writeBenchMigrations(dir, 60);
    const connection = await mysql.createConnection({ ...testServer(), multipleStatements: true });
    try {
      await createBenchTenants(connection, names, 60, brokenAt);
    } finally {
      await connection.end();
    }
  });
  after(async () => {
    await withServer(async (connection) => {
      for (const name of names) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    });
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  const status = (...args: string[]) => run('status', [...args, '--json', '--path', dir, '--laravel-version', '8.83'], project);

  it('flags exactly the ten, each as its breakage says, and agrees with the one-database status', async () => {
    const result = await status('--databases', `${prefix}\\_%`);
    assert.equal(result.code, 1, result.err);
    const tenants = (JSON.parse(result.out) as { databases: TenantJson[] }).databases;
    assert.deepEqual(tenants.map((t) => t.database), names);
    const broken = new Map(brokenAt.map((at, k) => [names[at]!, breakage(k, names[at]!)]));
    assert.equal(broken.size, 10);
    for (const tenant of tenants) {
      const expected = broken.get(tenant.database);
      const problems = tenant.migrations.filter((m) => m.state !== 'ran');
      if (!expected) {
        assert.deepEqual(problems, [], tenant.database);
        continue;
      }
      assert.deepEqual(problems.map((m) => [m.name, m.state]), [[expected.migration, expected.state]], tenant.database);
      assert.equal(tenant.summary.broken, 1, tenant.database);
    }
    for (const tenant of tenants) {
      const single = await status('--database', tenant.database);
      assert.deepEqual(tenant.migrations, (JSON.parse(single.out) as TenantJson).migrations, tenant.database);
    }
  });
});
