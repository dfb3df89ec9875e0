// Proves the structure engine against Laravel 8 itself: the tables our Drizzle DDL creates
// are, in information_schema, exactly the tables Laravel's `migrate` creates from the
// corrected fixture migrations; the comparison sees no difference, then exactly the one
// column altered; reconcile statements bring a drifted table back to Laravel's.
import * as assert from 'node:assert/strict';
import type { Database } from '../../../src/core/db/database';
import {
  compareTables,
  connectionDefaults,
  createTableStatements,
  drizzleTableToModel,
  expectedFromDrizzle,
  laravelDefaults,
  readLiveTables,
  reconcileStatements,
} from '../../../src/core/structure';
import { builtInTables, findBuiltInTable } from '../../../src/schema';
import { createTestDatabase, dumpTables, type TestDatabase } from '../../support/database';
import { bringTo, migrateAll, migrateOnly, migrationNames, requireOracle } from '../../support/laravel';

const cases = [
  { table: 'eklektik_notifications_tracking', migrations: [migrationNames.notificationsTracking] },
  { table: 'eklektik_transactions_tracking', migrations: [migrationNames.transactionsHistory, migrationNames.transactionsTracking] },
] as const;

/** Creates, through our DDL, `table` and the expected tables its foreign keys reference. */
async function createWithOurDdl(db: Database, table: string): Promise<string[]> {
  const defaults = await connectionDefaults(db);
  const wanted = findBuiltInTable(table)!;
  const referenced = new Set(drizzleTableToModel(wanted, defaults).foreignKeys.map((fk) => fk.referencedTable));
  const executed: string[] = [];
  // Laravel ran with the server's default (ON); our statements must not depend on it.
  await db.execute('SET SESSION explicit_defaults_for_timestamp = 0');
  for (const expected of builtInTables.map((t) => expectedFromDrizzle(t, defaults)).filter((t) => referenced.has(t.name) || t.name === table)) {
    for (const sql of createTableStatements(expected.model)) {
      await db.execute(sql);
      executed.push(sql);
    }
  }
  return executed;
}

async function differencesOf(db: Database, table: string) {
  const live = (await readLiveTables(db, [table])).get(table);
  assert.ok(live, `${table} should exist`);
  return compareTables(drizzleTableToModel(findBuiltInTable(table)!, await connectionDefaults(db)), live);
}

/** Counts the queries a Database receives (readLiveTables promises a fixed number). */
function counting(db: Database): Database & { count: number } {
  const counter = {
    options: db.options,
    count: 0,
    query: <Row>(sql: string, params?: readonly unknown[]) => {
      counter.count++;
      return db.query<Row>(sql, params);
    },
    execute: (sql: string, params?: readonly unknown[]) => db.execute(sql, params),
    close: () => db.close(),
  };
  return counter;
}

describe('structure engine vs the Laravel oracle (MariaDB)', function () {
  this.timeout(120_000);
  const databases: TestDatabase[] = [];
  const connections: Database[] = [];

  async function freshDatabase(): Promise<{ test: TestDatabase; db: Database }> {
    const test = await createTestDatabase('md_structure');
    databases.push(test);
    const db = await test.open();
    connections.push(db);
    return { test, db };
  }

  before(async () => {
    await requireOracle();
  });

  after(async () => {
    await Promise.all(connections.map((db) => db.close()));
    await Promise.all(databases.map((db) => db.drop()));
  });

  for (const { table, migrations } of cases) {
    it(`creates ${table} exactly as Laravel's migrate does, and compares it`, async () => {
      const laravel = await freshDatabase();
      const ours = await freshDatabase();
      await migrateOnly(laravel.test.name, migrations);
      await createWithOurDdl(ours.db, table);

      const laravelDump = await dumpTables(laravel.test.name, [table]);
      assert.equal(laravelDump.length, 1);
      assert.deepEqual(await dumpTables(ours.test.name, [table]), laravelDump);

      assert.deepEqual(await differencesOf(laravel.db, table), []);
      assert.deepEqual(await differencesOf(ours.db, table), []);
      const [fromLaravel, fromOurs] = [(await readLiveTables(laravel.db, [table])).get(table), (await readLiveTables(ours.db, [table])).get(table)];
      assert.deepEqual(fromOurs, fromLaravel);

      // One column altered in one database: exactly that difference, and its fix.
      const [altered, alter, difference] = table === 'eklektik_notifications_tracking'
        ? [laravel, 'MODIFY `kpi_updated` int NOT NULL DEFAULT 0', { kind: 'column-type', subject: 'kpi_updated', expected: 'tinyint(1)', actual: 'int', lossyToFix: true }]
        : [ours, 'MODIFY `processing_batch_id` varchar(100) NULL', { kind: 'column-type', subject: 'processing_batch_id', expected: 'varchar(50)', actual: 'varchar(100)', lossyToFix: true }];
      await altered.db.execute(`ALTER TABLE \`${table}\` ${alter}`);
      const differences = await differencesOf(altered.db, table);
      assert.deepEqual(differences.map(({ kind, subject, expected, actual, lossyToFix }) => ({ kind, subject, expected, actual, lossyToFix })), [difference]);
      assert.match(differences[0].explanation, new RegExp(`^column \`${difference.subject}\` is ${difference.actual.replace(/[()]/g, '\\$&')}, expected`));
      assert.deepEqual(await differencesOf(altered === laravel ? ours.db : laravel.db, table), []);

      const live = (await readLiveTables(altered.db, [table])).get(table)!;
      const statements = reconcileStatements(drizzleTableToModel(findBuiltInTable(table)!, laravelDefaults), live);
      assert.equal(statements.length, 1);
      assert.equal(statements[0].lossy, true);
      await altered.db.execute(statements[0].sql);
      assert.deepEqual(await differencesOf(altered.db, table), []);
      assert.deepEqual(await dumpTables(altered.test.name, [table]), laravelDump);
    });
  }

  it('brings a drifted eklektik_transactions_tracking back to what Laravel created', async () => {
    const { test, db } = await freshDatabase();
    const table = 'eklektik_transactions_tracking';
    await migrateOnly(test.name, [migrationNames.transactionsHistory, migrationNames.transactionsTracking]);
    const pristine = await dumpTables(test.name, [table]);
    for (const drift of [
      'DROP INDEX `idx_processed_kpi`',
      'RENAME INDEX `eklektik_transactions_tracking_transaction_id_index` TO `tx_index`',
      'DROP COLUMN `kpi_updated`',
      'ADD COLUMN `legacy_ref` varchar(10) NULL',
      'ADD UNIQUE INDEX `legacy_ref_unique` (`legacy_ref`)',
      'MODIFY `processed_at` timestamp NULL DEFAULT NULL',
      'MODIFY `processing_batch_id` varchar(50) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL',
      'DROP FOREIGN KEY `eklektik_transactions_tracking_transaction_id_foreign`',
      'ADD CONSTRAINT `eklektik_transactions_tracking_transaction_id_foreign` FOREIGN KEY (`transaction_id`) REFERENCES `transactions_history` (`id`) ON DELETE CASCADE',
    ]) {
      await db.execute(`ALTER TABLE \`${table}\` ${drift}`);
    }
    const differences = await differencesOf(db, table);
    assert.deepEqual(differences.map((d) => `${d.kind} ${d.subject}`).sort(), [
      'column-charset processing_batch_id',
      'column-default processed_at',
      'column-nullability processed_at',
      'extra-column legacy_ref',
      'extra-index legacy_ref_unique',
      'extra-index tx_index',
      'foreign-key-definition eklektik_transactions_tracking_transaction_id_foreign',
      'missing-column kpi_updated',
      'missing-index eklektik_transactions_tracking_transaction_id_index',
      'missing-index idx_processed_kpi',
    ]);
    const live = (await readLiveTables(db, [table])).get(table)!;
    const statements = reconcileStatements(drizzleTableToModel(findBuiltInTable(table)!, laravelDefaults), live);
    assert.deepEqual(statements.filter((s) => s.lossy).map((s) => s.difference.kind).sort(), ['column-charset', 'column-nullability', 'extra-column']);
    for (const statement of statements) await db.execute(statement.sql);
    assert.deepEqual(await differencesOf(db, table), []);
    assert.deepEqual(await dumpTables(test.name, [table]), pristine);
  });

  it('replaces an index a kept foreign key relies on before dropping it', async () => {
    const { test, db } = await freshDatabase();
    const table = 'eklektik_transactions_tracking';
    await migrateOnly(test.name, [migrationNames.transactionsHistory, migrationNames.transactionsTracking]);
    const pristine = await dumpTables(test.name, [table]);
    await db.execute(`ALTER TABLE \`${table}\` RENAME INDEX \`eklektik_transactions_tracking_transaction_id_index\` TO \`tx_index\``);
    const live = (await readLiveTables(db, [table])).get(table)!;
    const statements = reconcileStatements(drizzleTableToModel(findBuiltInTable(table)!, laravelDefaults), live);
    assert.deepEqual(statements.map((s) => s.difference.kind), ['missing-index', 'extra-index']);
    // The other order is refused by the server (the foreign key needs an index).
    await assert.rejects(db.execute(statements[1].sql), /foreign key/i);
    for (const statement of statements) await db.execute(statement.sql);
    assert.deepEqual(await dumpTables(test.name, [table]), pristine);
  });

  it('sees the incident table as the expected eklektik_transactions_tracking, and the hand-made drift', async () => {
    const incident = await freshDatabase();
    await bringTo(incident.test.name, 'incident-with-rows');
    const live = await readLiveTables(incident.db, ['eklektik_notifications_tracking', 'eklektik_transactions_tracking']);
    assert.deepEqual([...live.keys()], ['eklektik_transactions_tracking']);
    assert.deepEqual(await differencesOf(incident.db, 'eklektik_transactions_tracking'), []);

    const drifted = await freshDatabase();
    await bringTo(drifted.test.name, 'schema-drift');
    const table = 'eklektik_notifications_tracking';
    assert.deepEqual((await differencesOf(drifted.db, table)).map((d) => d.explanation), [
      'column `processing_batch_id` is varchar(100), expected varchar(50)',
      'index `idx_processed_kpi` INDEX (processed_at, kpi_updated) is missing',
    ]);
    const statements = reconcileStatements(drizzleTableToModel(findBuiltInTable(table)!, laravelDefaults), (await readLiveTables(drifted.db, [table])).get(table)!);
    assert.deepEqual(statements.map((s) => [s.sql, s.lossy]), [
      ['ALTER TABLE `eklektik_notifications_tracking` MODIFY COLUMN `processing_batch_id` varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL DEFAULT NULL', true],
      ['ALTER TABLE `eklektik_notifications_tracking` ADD INDEX `idx_processed_kpi` (`processed_at`, `kpi_updated`)', false],
    ]);
    for (const statement of statements) await drifted.db.execute(statement.sql);
    assert.deepEqual(await differencesOf(drifted.db, table), []);
  });

  it('reads any number of tables in the same few queries, MariaDB spellings normalised', async () => {
    const { test, db } = await freshDatabase();
    await migrateAll(test.name);
    const all = counting(db);
    const tables = await readLiveTables(all);
    assert.ok(tables.size >= 6, `expected every fixture table, got ${[...tables.keys()].join(', ')}`);
    const one = counting(db);
    await readLiveTables(one, ['transactions_history']);
    // Foreign-key rules are read apart from the key columns: joining the two views made
    // MariaDB open every table of every database (25 s on a server with 578 of them).
    assert.ok(all.count <= 7, `${all.count} queries`);
    assert.equal(all.count, one.count + 1, 'only the json check query is added, when some table has a longtext');

    const history = tables.get('transactions_history')!;
    const column = (name: string) => history.columns.find((c) => c.name === name)!;
    assert.deepEqual(column('status').default, { kind: 'literal', value: 'pending' });
    assert.equal(column('amount').type, 'decimal(10,2)');
    assert.deepEqual(column('operator'), { name: 'operator', type: 'varchar(30)', nullable: true, default: { kind: 'null' }, autoIncrement: false, onUpdateCurrentTimestamp: false });
    assert.deepEqual(history.columns.map((c) => c.name), ['id', 'msisdn', 'operator', 'amount', 'status', 'created_at', 'updated_at']);
    // The declared part of the application's table matches; what it does not declare is not a difference.
    assert.deepEqual(compareTables(drizzleTableToModel(findBuiltInTable('transactions_history')!, laravelDefaults), history), []);
    assert.deepEqual((await readLiveTables(db, ['no_such_table'])).size, 0);
    assert.deepEqual((await readLiveTables(db, [])).size, 0);
  });

  it('creates and compares tables under a table prefix', async () => {
    const { db } = await freshDatabase();
    const prefixed = builtInTables.map((table) => expectedFromDrizzle(table, laravelDefaults, 'app_'));
    for (const table of prefixed) for (const sql of createTableStatements(table.model)) await db.execute(sql);
    const live = await readLiveTables(db);
    assert.deepEqual([...live.keys()].sort(), prefixed.map((t) => t.name).sort());
    for (const table of prefixed) assert.deepEqual(compareTables(table.model, live.get(table.name)!), [], table.name);
    assert.equal(live.get('app_eklektik_transactions_tracking')!.foreignKeys[0].referencedTable, 'app_transactions_history');
  });

  it("reads the connection's defaults: the server's engine, Laravel's charset else the database's", async () => {
    const { test, db } = await freshDatabase();
    await db.execute(`ALTER DATABASE \`${test.name}\` CHARACTER SET latin1 COLLATE latin1_german1_ci`);
    assert.deepEqual(await connectionDefaults(db), { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
    assert.deepEqual(await connectionDefaults(db, {}), { engine: 'InnoDB', charset: 'latin1', collation: 'latin1_german1_ci' });
  });
});
