// Proves the oracle itself: every scenario is reached with the real `php artisan`, and what
// Laravel prints and what the server holds are exactly what the scenario promises.

import * as assert from 'assert';
import {
  createTestDatabase,
  createTestUser,
  dumpTables,
  listTables,
  migrationRows,
  TestDatabase,
  withServer,
} from '../../support/database';
import {
  artisan,
  bringTo,
  fixtureMigrationNames,
  incidentRows,
  LaravelStatusRow,
  migrateStatus,
  driftStatements,
  migrateOnly,
  migrationNames,
  orphanMigration,
  parseMigrateStatus,
  preFixMigrationFiles,
  withMigrationsFolder,
} from '../../support/laravel';

const all = [
  migrationNames.users,
  migrationNames.failedJobs,
  migrationNames.transactionsHistory,
  migrationNames.addOperator,
  migrationNames.notificationsTracking,
  migrationNames.transactionsTracking,
];

function expectedStatus(batches: readonly (number | null)[]): LaravelStatusRow[] {
  return all.map((name, i) => ({ name, ran: batches[i] !== null, batch: batches[i] }));
}

async function columnNames(database: string, table: string): Promise<string[]> {
  return withServer(async (connection) => {
    const [rows] = await connection.query(
      'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [database, table],
    );
    return (rows as { name: string }[]).map((row) => row.name);
  });
}

async function indexNames(database: string, table: string): Promise<string[]> {
  return withServer(async (connection) => {
    const [rows] = await connection.query(
      'SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME',
      [database, table],
    );
    return (rows as { name: string }[]).map((row) => row.name);
  });
}

async function foreignKeys(database: string, table: string): Promise<string[]> {
  return withServer(async (connection) => {
    const [rows] = await connection.query(
      `SELECT CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS refTable, REFERENCED_COLUMN_NAME AS refCol
         FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME`,
      [database, table],
    );
    return (rows as { name: string; col: string; refTable: string; refCol: string }[]).map(
      (row) => `${row.name}: ${row.col} -> ${row.refTable}.${row.refCol}`,
    );
  });
}

async function count(database: string, table: string): Promise<number> {
  return withServer(async (connection) => {
    const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM \`${database}\`.\`${table}\``);
    return Number((rows as { n: number }[])[0].n);
  });
}

describe('Laravel oracle (real php artisan on MariaDB)', function () {
  this.timeout(120_000);
  let db: TestDatabase | undefined;

  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('parses Laravel 8 migrate:status output', () => {
    const sample = [
      '+------+------------------------------------------+-------+',
      '| Ran? | Migration                                | Batch |',
      '+------+------------------------------------------+-------+',
      '| Yes  | 2014_10_12_000000_create_users_table     | 1     |',
      '| No   | 2019_08_19_000000_create_failed_jobs_table |       |',
      '+------+------------------------------------------+-------+',
    ].join('\n');
    assert.deepStrictEqual(parseMigrateStatus(sample), [
      { name: '2014_10_12_000000_create_users_table', ran: true, batch: 1 },
      { name: '2019_08_19_000000_create_failed_jobs_table', ran: false, batch: null },
    ]);
  });

  it('knows the fixture migrations in Laravel order', () => {
    assert.deepStrictEqual(fixtureMigrationNames(), all);
  });

  it('empty: no migrations table, migrate:status says so and fails', async () => {
    db = await createTestDatabase('md_oracle_empty');
    await bringTo(db.name, 'empty');
    const result = await artisan(db.name, ['migrate:status']);
    assert.notStrictEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /Migration table not found/);
    assert.deepStrictEqual(await listTables(db.name), []);
  });

  it('fresh: migrations table only, everything pending', async () => {
    db = await createTestDatabase('md_oracle_fresh');
    await bringTo(db.name, 'fresh');
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([null, null, null, null, null, null]));
    assert.deepStrictEqual(await listTables(db.name), ['migrations']);
  });

  it('partly-migrated: the first three in batch 1, the rest pending', async () => {
    db = await createTestDatabase('md_oracle_partly');
    await bringTo(db.name, 'partly-migrated');
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 1, null, null, null]));
    assert.deepStrictEqual(await listTables(db.name), ['failed_jobs', 'migrations', 'transactions_history', 'users']);
    assert.ok(!(await columnNames(db.name, 'transactions_history')).includes('operator'));
  });

  it('several-batches: everything ran in batches 1, 2 and 3', async () => {
    db = await createTestDatabase('md_oracle_batches');
    await bringTo(db.name, 'several-batches');
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 2, 2, 3, 3]));
    assert.deepStrictEqual(
      (await migrationRows(db.name)).map((row) => [row.migration, row.batch]),
      all.map((name, i) => [name, [1, 1, 2, 2, 3, 3][i]]),
    );
    assert.deepStrictEqual(await listTables(db.name), [
      'eklektik_notifications_tracking',
      'eklektik_transactions_tracking',
      'failed_jobs',
      'migrations',
      'transactions_history',
      'users',
    ]);
    // The corrected migrations are the structure contract of the built-in Drizzle schemas.
    assert.deepStrictEqual(await columnNames(db.name, 'eklektik_notifications_tracking'), [
      'id',
      'notification_id',
      'processed_at',
      'kpi_updated',
      'processing_batch_id',
      'processing_metadata',
      'created_at',
      'updated_at',
    ]);
    assert.deepStrictEqual(await indexNames(db.name, 'eklektik_notifications_tracking'), [
      'eklektik_notifications_tracking_notification_id_index',
      'idx_batch_processed',
      'idx_processed_kpi',
      'PRIMARY',
    ]);
    assert.deepStrictEqual(await foreignKeys(db.name, 'eklektik_transactions_tracking'), [
      'eklektik_transactions_tracking_transaction_id_foreign: transaction_id -> transactions_history.id',
    ]);
    assert.deepStrictEqual(await columnNames(db.name, 'transactions_history'), [
      'id',
      'msisdn',
      'operator',
      'amount',
      'status',
      'created_at',
      'updated_at',
    ]);
  });

  it('rolled-back: batch 2 undone by migrate:rollback, its tables and column gone', async () => {
    db = await createTestDatabase('md_oracle_rollback');
    const result = await bringTo(db.name, 'rolled-back');
    assert.match(result.steps[result.steps.length - 1].stdout, /Rolled back: +2025_09_23_120134/);
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 1, null, null, null]));
    assert.deepStrictEqual(await listTables(db.name), ['failed_jobs', 'migrations', 'transactions_history', 'users']);
    assert.ok(!(await columnNames(db.name, 'transactions_history')).includes('operator'));
  });

  it('incident: 011532 ran without its table, 120134 pending, migrate fails with 1050', async () => {
    db = await createTestDatabase('md_oracle_incident');
    const result = await bringTo(db.name, 'incident');
    assert.ok(result.failedMigrate);
    assert.notStrictEqual(result.failedMigrate.code, 0);
    assert.match(
      result.failedMigrate.stdout + result.failedMigrate.stderr,
      /1050 Table 'eklektik_transactions_tracking' already exists/,
    );
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 1, 1, 1, null]));
    const tables = await listTables(db.name);
    assert.ok(tables.includes('eklektik_transactions_tracking'));
    assert.ok(!tables.includes('eklektik_notifications_tracking'));
    // The buggy file created the transactions structure, foreign key included.
    assert.ok((await columnNames(db.name, 'eklektik_transactions_tracking')).includes('transaction_id'));
    assert.deepStrictEqual(await foreignKeys(db.name, 'eklektik_transactions_tracking'), [
      'eklektik_transactions_tracking_transaction_id_foreign: transaction_id -> transactions_history.id',
    ]);

    // Migrating again changes nothing: the failure is stable, the row of 120134 is never written.
    const again = await artisan(db.name, ['migrate', '--force']);
    assert.notStrictEqual(again.code, 0);
    assert.match(again.stdout + again.stderr, /\b1050\b/);
    assert.deepStrictEqual((await migrationRows(db.name)).length, 5);

    // Seen through the pre-fix folder, Laravel believed everything had run.
    const preFix = await withMigrationsFolder(preFixMigrationFiles(), (dir) => migrateStatus(db!.name, { migrationsPath: dir }));
    assert.deepStrictEqual(preFix, expectedStatus([1, 1, 1, 1, 1, null]).slice(0, 5));
  });

  it('incident-with-rows: the incident plus rows the repair must keep', async () => {
    db = await createTestDatabase('md_oracle_rows');
    await bringTo(db.name, 'incident-with-rows');
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 1, 1, 1, null]));
    assert.strictEqual(await count(db.name, 'transactions_history'), incidentRows.transactionsHistory.length);
    assert.strictEqual(await count(db.name, 'eklektik_transactions_tracking'), incidentRows.transactionsTracking.length);
  });

  it('orphan-record: a row and a table whose file is gone; Laravel lists only files, rollback warns', async () => {
    db = await createTestDatabase('md_oracle_orphan');
    await bringTo(db.name, 'orphan-record');
    assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 1, 1, 1, 1]));
    assert.ok((await migrationRows(db.name)).some((row) => row.migration === orphanMigration.name && row.batch === 1));
    assert.ok((await listTables(db.name)).includes(orphanMigration.table));
    const rollback = await artisan(db.name, ['migrate:rollback', '--force']);
    assert.match(rollback.stdout + rollback.stderr, new RegExp(`Migration not found: +${orphanMigration.name}`));
  });

  it('schema-drift: everything ran, eklektik_notifications_tracking changed by hand', async () => {
    db = await createTestDatabase('md_oracle_drift');
    const reference = await createTestDatabase('md_oracle_drift_ref');
    try {
      await bringTo(db.name, 'schema-drift');
      await bringTo(reference.name, 'several-batches');
      assert.deepStrictEqual(await migrateStatus(db.name), expectedStatus([1, 1, 1, 1, 1, 1]));
      const [drifted] = await dumpTables(db.name, ['eklektik_notifications_tracking']);
      const [expected] = await dumpTables(reference.name, ['eklektik_notifications_tracking']);
      assert.notDeepStrictEqual(drifted, expected);
      assert.strictEqual(drifted.columns.find((c) => c.name === 'processing_batch_id')?.columnType, 'varchar(100)');
      assert.ok(!drifted.indexes.some((index) => index.name === 'idx_processed_kpi'));
      // Exactly the two hand-made changes, nothing else.
      assert.deepStrictEqual(
        { ...drifted, columns: drifted.columns.map((c) => (c.name === 'processing_batch_id' ? { ...c, columnType: 'varchar(50)' } : c)) },
        { ...expected, indexes: expected.indexes.filter((index) => index.name !== 'idx_processed_kpi') },
      );
      assert.strictEqual(driftStatements.length, 2);
    } finally {
      await reference.drop();
    }
  });

  it('runs concurrently on separate databases without touching the fixture app', async () => {
    const fs = await import('fs');
    const path = await import('path');
    const { laravelAppDir } = await import('../../support/laravel');
    const snapshot = () =>
      ['bootstrap/cache', 'storage/logs', 'storage/framework']
        .flatMap((dir) => fs.readdirSync(path.join(laravelAppDir, dir)).map((file) => path.join(dir, file)))
        .map((file) => `${file}@${fs.statSync(path.join(laravelAppDir, file)).mtimeMs}`)
        .sort();
    const before = snapshot();
    const dbs = await Promise.all([createTestDatabase('md_oracle_par_a'), createTestDatabase('md_oracle_par_b')]);
    try {
      await Promise.all([bringTo(dbs[0].name, 'several-batches'), bringTo(dbs[1].name, 'incident')]);
      assert.deepStrictEqual(await migrateStatus(dbs[0].name), expectedStatus([1, 1, 2, 2, 3, 3]));
      assert.deepStrictEqual(await migrateStatus(dbs[1].name), expectedStatus([1, 1, 1, 1, 1, null]));
    } finally {
      await Promise.all(dbs.map((d) => d.drop()));
    }
    assert.deepStrictEqual(snapshot(), before);
  });

  it('the buggy 011532 built exactly the table the corrected 120134 builds', async () => {
    db = await createTestDatabase('md_oracle_same');
    const other = await createTestDatabase('md_oracle_same_ref');
    try {
      await bringTo(db.name, 'incident');
      await migrateOnly(other.name, [migrationNames.transactionsHistory, migrationNames.transactionsTracking]);
      const [live] = await dumpTables(db.name, ['eklektik_transactions_tracking']);
      const [reference] = await dumpTables(other.name, ['eklektik_transactions_tracking']);
      assert.deepStrictEqual(live, reference);
      assert.deepStrictEqual(
        live.indexes.map((index) => `${index.name}(${index.columns.join(',')})`),
        [
          'eklektik_transactions_tracking_transaction_id_index(transaction_id)',
          'idx_batch_processed(processing_batch_id,processed_at)',
          'idx_processed_kpi(processed_at,kpi_updated)',
          'PRIMARY(id)',
        ],
      );
      assert.deepStrictEqual(
        (await migrationRows(other.name)).map((row) => row.migration),
        [migrationNames.transactionsHistory, migrationNames.transactionsTracking],
      );
    } finally {
      await other.drop();
    }
  });

  it('a read-only test user can read but not create (1142)', async () => {
    db = await createTestDatabase('md_oracle_user');
    await bringTo(db.name, 'fresh');
    const user = await createTestUser(db.name, ['SELECT']);
    try {
      const connection = await (await import('../../../src/core/db/database')).openDatabase(user.options);
      try {
        assert.deepStrictEqual(await connection.query('SELECT COUNT(*) AS n FROM migrations'), [{ n: '0' }]);
        await assert.rejects(connection.execute('CREATE TABLE t (id int)'), (error: { errno?: number }) => error.errno === 1142);
      } finally {
        await connection.close();
      }
    } finally {
      await user.drop();
    }
  });
});
