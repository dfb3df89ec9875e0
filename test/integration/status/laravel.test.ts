// The status engine against the real Laravel oracle: for every fixture scenario, our
// ran/pending and batch of each migration equal what `php artisan migrate:status` prints.
import * as assert from 'node:assert/strict';
import type { Database } from '../../../src/core/db/database';
import { DatabaseError } from '../../../src/core/db/errors';
import { takeSnapshot } from '../../../src/core/status/engine';
import { loadStatusInput } from '../../../src/core/status/inputs';
import type { StatusSnapshot } from '../../../src/core/status/types';
import { createTestDatabase, type TestDatabase, withServer } from '../../support/database';
import { builtInTables } from '../../../src/schema';
import { translateOptionsFor } from '../../support/laravelVersions';
import { artisan, bringTo, laravelMigrationsDir, migrateStatus, migrationNames, requireOracle, type Scenario } from '../../support/laravel';

/** As the CLI and the editor take it: translated migrations plus the Drizzle schemas. */
async function snapshotOf(db: Database): Promise<StatusSnapshot> {
  return takeSnapshot(db, await loadStatusInput([laravelMigrationsDir], translateOptionsFor('8.83', { prefix: db.options.tablePrefix }), builtInTables));
}

async function inScenario<T>(scenario: Scenario, work: (test: TestDatabase, db: Database) => Promise<T>): Promise<T> {
  const test = await createTestDatabase(`md_status_${scenario.replace(/-/g, '_')}`);
  try {
    await bringTo(test.name, scenario);
    const db = await test.open();
    try {
      return await work(test, db);
    } finally {
      await db.close();
    }
  } finally {
    await test.drop();
  }
}

describe('status agrees with php artisan migrate:status', function () {
  this.timeout(180_000);
  before(async function () {
    await requireOracle();
  });

  const scenarios: Scenario[] = ['fresh', 'partly-migrated', 'several-batches', 'rolled-back', 'incident', 'incident-with-rows'];
  for (const scenario of scenarios) {
    it(`${scenario}: same ran/pending and batch for every migration`, async () => {
      await inScenario(scenario, async (test, db) => {
        const laravel = await migrateStatus(test.name);
        const ours = await snapshotOf(db);
        assert.ok(laravel.length >= 6, 'the oracle printed the fixture migrations');
        assert.deepEqual(
          ours.migrations.map((m) => ({ name: m.name, ran: m.batch !== null, batch: m.batch })),
          laravel.map((row) => ({ name: row.name, ran: row.ran, batch: row.batch })),
        );
        if (scenario === 'incident' || scenario === 'incident-with-rows') {
          const state = (name: string) => ours.migrations.find((m) => m.name === name)?.state;
          assert.equal(state(migrationNames.notificationsTracking), 'ran-table-missing');
          assert.equal(state(migrationNames.transactionsTracking), 'pending-table-exists');
          const exists = ours.migrations.find((m) => m.name === migrationNames.transactionsTracking)!.problems[0]!;
          assert.deepEqual(exists.differences, [], 'the buggy 011532 created exactly what 120134 creates');
          assert.equal(ours.counts.broken, 2);
        } else {
          assert.equal(ours.counts.broken, 0, JSON.stringify(ours.migrations.filter((m) => m.problems.length > 0)));
        }
      });
    });
  }

  it('empty: "Migration table not found", like Laravel', async () => {
    await inScenario('empty', async (test, db) => {
      const laravel = await artisan(test.name, ['migrate:status']);
      assert.match(laravel.stdout + laravel.stderr, /Migration table not found/);
      await assert.rejects(snapshotOf(db), (error: unknown) =>
        error instanceof DatabaseError && error.kind === 'migrations-table-missing' && /^Migration table not found/.test(error.sentence));
    });
  });

  it('reports schema drift and orphan rows, and the query count does not grow with the migrations', async () => {
    await inScenario('several-batches', async (test, db) => {
      const first = await snapshotOf(db);
      assert.equal(first.counts.broken, 0);
      // The structure engine asks the server kind once per connection: compare warm snapshots.
      const clean = await snapshotOf(db);
      assert.ok(clean.queries <= first.queries);
      await db.execute('ALTER TABLE eklektik_notifications_tracking MODIFY kpi_updated INT NOT NULL DEFAULT 0');
      const orphans = Array.from({ length: 300 }, (_, i) => [`2020_01_01_${String(i).padStart(6, '0')}_gone_${i}`, 2]);
      await db.execute('INSERT INTO migrations (migration, batch) VALUES ?', [orphans]);
      const after = await snapshotOf(db);
      const drift = after.migrations.find((m) => m.name === migrationNames.notificationsTracking)!;
      assert.equal(drift.state, 'schema-drift');
      assert.deepEqual(drift.problems[0]!.differences!.map((d) => [d.kind, d.subject]), [['column-type', 'kpi_updated']]);
      assert.equal(after.migrations.filter((m) => m.state === 'orphan-record').length, 300);
      assert.equal(after.queries, clean.queries, `queries: ${clean.queries} with 6 rows, ${after.queries} with 306`);
      assert.ok(after.queries <= 8, `${after.queries} queries`);
    });
  });

  it('reads the migrations table and tables with a prefix', async () => {
    const test = await createTestDatabase('md_status_prefix');
    try {
      await withServer(async (c) => {
        await c.query(`USE \`${test.name}\``);
        await c.query('CREATE TABLE app_migrations (id INT AUTO_INCREMENT PRIMARY KEY, migration VARCHAR(255), batch INT)');
        await c.query('CREATE TABLE app_users (id INT)');
        await c.query(`INSERT INTO app_migrations (migration, batch) VALUES (?, 1), (?, 1)`, [migrationNames.users, migrationNames.failedJobs]);
      });
      const db = await (await import('../../../src/core/db/database')).openDatabase({ ...test.options, tablePrefix: 'app_' });
      try {
        const snapshot = await snapshotOf(db);
        assert.equal(snapshot.migrationsTable, 'app_migrations');
        const state = (name: string) => snapshot.migrations.find((m) => m.name === name)?.state;
        // A hand-made `app_users (id INT)` is not what the translated migration creates.
        assert.equal(state(migrationNames.users), 'schema-drift');
        assert.equal(state(migrationNames.failedJobs), 'ran-table-missing');
        const missing = snapshot.migrations.find((m) => m.name === migrationNames.failedJobs)!.problems[0]!;
        assert.equal(missing.table, 'app_failed_jobs');
        assert.deepEqual(missing.repairs, ['create-table'], 'its structure is known from the translated migration');
      } finally {
        await db.close();
      }
    } finally {
      await test.drop();
    }
  });
});
