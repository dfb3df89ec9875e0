// `status --databases PATTERN` against 30 real tenant databases, 5 of them broken in different
// ways; each tenant compared with the one-database status and with the real `migrate:status`.
import * as assert from 'node:assert/strict';
import { openDatabase } from '../../../src/core/db/database';
import { loadStatusInput } from '../../../src/core/status/inputs';
import { takeTenantsSnapshot } from '../../../src/core/tenants/status';
import { builtInTables } from '../../../src/schema';
import { rootConnectionOptions } from '../../support/database';
import { laravelMigrationsDir, migrateStatus, migrationNames, orphanMigration, requireOracle } from '../../support/laravel';
import { createTenants, run, type Tenants } from './tenants';

describe('status --databases PATTERN (tenants)', function () {
  this.timeout(600_000);
  let tenants: Tenants;
  const pattern = () => `${tenants.prefix}_t%`;
  before(async function () {
    await requireOracle();
    tenants = await createTenants('md_tenants_status', 25, ['incident', 'orphan-record', 'schema-drift', 'no-migrations-table', 'partly-migrated']);
  });
  after(async () => tenants?.drop());

  it('--json: every tenant, the same migrations as the one-database status, exit 1', async () => {
    const result = await run('status', ['--databases', pattern(), '--json']);
    assert.equal(result.code, 1, result.err);
    const json = JSON.parse(result.out) as { databases: { database: string; summary: { ran: number; pending: number; broken: number }; problem?: string; migrations: unknown[] }[] };
    assert.deepEqual(json.databases.map((d) => d.database), tenants.names);
    for (const tenant of json.databases) {
      const kind = tenants.broken.get(tenant.database);
      if (kind === 'no-migrations-table') {
        assert.match(tenant.problem ?? '', /Migration table not found/);
        continue;
      }
      const single = await run('status', ['--database', tenant.database, '--json']);
      assert.deepEqual(tenant.migrations, JSON.parse(single.out).migrations, tenant.database);
      const expectBroken = kind !== undefined && kind !== 'partly-migrated';
      assert.equal(tenant.summary.broken > 0, expectBroken, `${tenant.database} (${kind ?? 'healthy'})`);
    }
    const incident = json.databases.find((d) => tenants.broken.get(d.database) === 'incident')!;
    assert.deepEqual(incident.summary, { ran: 4, pending: 0, broken: 2 });
  });

  it('agrees with the real php artisan migrate:status of each tenant', async () => {
    const json = JSON.parse((await run('status', ['--databases', pattern(), '--json'])).out) as { databases: { database: string; migrations: { name: string; state: string; batch: number | null }[] }[] };
    for (const tenant of json.databases) {
      if (tenants.broken.get(tenant.database) === 'no-migrations-table') continue;
      const laravel = await migrateStatus(tenant.database);
      // migrate:status lists the files only; a row without a file is ours alone.
      const ours = tenant.migrations.filter((m) => m.state !== 'orphan-record').map((m) => ({ name: m.name, ran: m.batch !== null, batch: m.batch }));
      assert.deepEqual(ours, laravel, tenant.database);
    }
  });

  it('text: only the tenants with problems, then one summary line', async () => {
    const result = await run('status', ['--databases', pattern()]);
    assert.equal(result.code, 1);
    const headers = result.out.split('\n').filter((line) => line.startsWith(tenants.prefix));
    const failing = [...tenants.broken].filter(([, kind]) => kind !== 'partly-migrated').map(([name]) => name).sort();
    assert.deepEqual(headers.map((line) => line.split(':')[0]), failing);
    assert.match(result.out, new RegExp(`${migrationNames.notificationsTracking} \\[ran-table-missing\\]`));
    assert.match(result.out, new RegExp(`${orphanMigration.name} \\[orphan-record\\]`));
    assert.match(result.out, /\[schema-drift\]/);
    const last = result.out.trimEnd().split('\n').at(-1)!;
    assert.match(last, new RegExp(`^30 databases matching '${pattern()}': 26 fine, 4 with problems \\(\\d+ queries, \\d+ ms\\)\\.$`));
  });

  it('exits 0 when every matching tenant is fine, and says when nothing matches', async () => {
    const healthy = await run('status', ['--databases', `${tenants.prefix}_t00%`]);
    assert.equal(healthy.code, 0, healthy.out + healthy.err);
    assert.match(healthy.out, /^9 databases matching .*: 9 fine, 0 with problems/m);
    const none = await run('status', ['--databases', `${tenants.prefix}_nothing%`]);
    assert.equal(none.code, 0);
    assert.match(none.out, /No database matches/);
  });

  it('takes the same number of queries for 9 tenants as for 30', async () => {
    const input = await loadStatusInput([laravelMigrationsDir], { tablePrefix: '', laravel: { version: '8.83.0', driver: 'mysql' } }, builtInTables);
    const db = await openDatabase(rootConnectionOptions('information_schema'));
    try {
      const few = await takeTenantsSnapshot(db, `${tenants.prefix}_t00%`, input, db.options);
      const all = await takeTenantsSnapshot(db, pattern(), input, db.options);
      assert.equal(few.databases.length, 9);
      assert.equal(all.databases.length, 30);
      assert.equal(all.queries, few.queries);
      assert.ok(all.queries <= 10, `${all.queries} queries`);
    } finally {
      await db.close();
    }
  });
});
