// `repair --databases PATTERN` (text and --json) against real tenant databases: one database at a time, each with
// its own backup and lock; the first failure (a tenant whose lock another session holds) stops
// the run unless --keep-going; afterwards status and the real migrate:status agree.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { repairLockName } from '../../../src/core/repair/lock';
import { testServer } from '../../support/database';
import { migrateStatus, requireOracle } from '../../support/laravel';
import { createTenants, run, type Tenants } from './tenants';

interface RepairSummary {
  summary: Record<string, number>;
  databases: { database: string; result: string; summary: object; reason?: string; error?: string; steps?: { id: string; sql: unknown }[]; outcome?: object }[];
}

describe('repair --databases PATTERN (tenants)', function () {
  this.timeout(600_000);
  let tenants: Tenants;
  let backups: string;
  let holder: mysql.Connection | undefined;
  const pattern = () => `${tenants.prefix}_t%`;
  const tenantOf = (kind: string) => [...tenants.broken].find(([, k]) => k === kind)![0];
  before(async function () {
    await requireOracle();
    tenants = await createTenants('md_tenants_repair', 4, ['incident', 'orphan-record', 'schema-drift']);
    backups = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tenants-backups-'));
  });
  after(async () => {
    await holder?.end().catch(() => holder?.destroy());
    await tenants?.drop();
    if (backups) fs.rmSync(backups, { recursive: true, force: true });
  });

  it('--plan --json: the same plans in one summary, consistent with status --json', async () => {
    const result = await run('repair', ['--databases', pattern(), '--json']);
    assert.equal(result.code, 1, result.err);
    const summary = JSON.parse(result.out) as RepairSummary;
    assert.deepEqual(summary.summary, { databases: 7, fine: 4, planned: 3, skipped: 0, failed: 0 });
    const status = JSON.parse((await run('status', ['--databases', pattern(), '--json'])).out) as { databases: { database: string; summary: object }[] };
    assert.deepEqual(summary.databases.map((d) => [d.database, d.summary]), status.databases.map((d) => [d.database, d.summary]));
    for (const tenant of summary.databases) {
      assert.equal(tenant.result, tenants.broken.has(tenant.database) ? 'planned' : 'fine', tenant.database);
      if (tenant.result === 'planned') assert.ok(tenant.steps!.length > 0 && tenant.steps!.every((step) => typeof step.id === 'string' && Array.isArray(step.sql)), tenant.database);
    }
  });

  it('--plan plans each broken tenant and changes nothing', async () => {
    const result = await run('repair', ['--databases', pattern()]);
    assert.equal(result.code, 1, result.err);
    for (const name of tenants.broken.keys()) assert.match(result.out, new RegExp(`== ${name}\\n`));
    assert.match(result.out, /7 databases matching .*, 4 fine\. Planned 3: .*\. Skipped 0\. Failed 0\.\n$/);
    assert.equal((await run('status', ['--databases', pattern()])).code, 1);
  });

  it('stops at the first failure, goes on with --keep-going, then repairs everything', async () => {
    const orphan = tenantOf('orphan-record');
    const incident = tenantOf('incident');
    const drift = tenantOf('schema-drift');
    holder = await mysql.createConnection({ ...testServer() });
    await holder.query('SELECT GET_LOCK(?, 0)', [repairLockName(orphan)]);
    const apply = ['--databases', pattern(), '--apply', '--yes', '--allow-lossy', '--backup-dir', backups];

    // --json: one summary, each database with its result, steps, outcome and error.
    const stopped = await run('repair', [...apply, '--json']);
    assert.equal(stopped.code, 1);
    const summary = JSON.parse(stopped.out) as RepairSummary;
    assert.deepEqual(summary.summary, { databases: 7, fine: 4, repaired: 1, skipped: 1, failed: 1 });
    const entry = (name: string) => summary.databases.find((d) => d.database === name)!;
    assert.equal(entry(incident).result, 'repaired');
    assert.deepEqual(entry(incident).summary, { ran: 4, pending: 0, broken: 2 });
    assert.ok(entry(incident).steps!.length > 0);
    assert.equal((entry(incident).outcome as { ok: boolean }).ok, true);
    assert.equal(entry(orphan).result, 'failed');
    assert.match(entry(orphan).error!, /Another repair or restore/);
    assert.deepEqual(entry(drift), { database: drift, result: 'skipped', summary: entry(drift).summary, reason: `not attempted after ${orphan} failed` });
    assert.equal(fs.readdirSync(backups).filter((f) => f.startsWith(incident) && f.endsWith('.sql')).length, 1);

    const keptGoing = await run('repair', [...apply, '--keep-going']);
    assert.equal(keptGoing.code, 1);
    assert.match(keptGoing.out, new RegExp(`Repaired 1: ${drift}\\. Skipped 0\\. Failed 1: ${orphan}\\.`));

    await holder.query('SELECT RELEASE_LOCK(?)', [repairLockName(orphan)]);
    const rest = await run('repair', apply);
    assert.equal(rest.code, 0, rest.out + rest.err);
    assert.match(rest.out, new RegExp(`Repaired 1: ${orphan}\\.`));
    // One backup per repaired database, each of its own database.
    for (const name of [incident, orphan, drift]) assert.equal(fs.readdirSync(backups).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.sql')).length, 1, name);

    const status = await run('status', ['--databases', pattern(), '--json']);
    assert.equal(status.code, 0, status.out);
    const json = JSON.parse(status.out) as { databases: { database: string; migrations: { name: string; batch: number | null }[] }[] };
    for (const tenant of json.databases) {
      const laravel = await migrateStatus(tenant.database);
      assert.deepEqual(tenant.migrations.map((m) => ({ name: m.name, ran: m.batch !== null, batch: m.batch })), laravel, tenant.database);
    }
  });
});
