// The Drizzle schemas as models and DDL, and the committed drizzle/ output being what
// drizzle-kit generates from the current schema.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTableStatements, drizzleTableToModel, laravelDefaults, loadDrizzleKit } from '../../../src/core/structure';
import { expectedTables, findExpectedTable } from '../../../src/schema';
import * as tables from '../../../src/schema/tables';

// Walks up, so the test finds drizzle/ from test/unit/structure and from out/test/unit/structure.
function repositoryRoot(from: string): string {
  return existsSync(join(from, 'drizzle.config.ts')) || dirname(from) === from ? from : repositoryRoot(dirname(from));
}
const root = repositoryRoot(__dirname);

describe('Drizzle schemas', () => {
  it('describe eklektik_notifications_tracking the way Laravel 8 creates it', () => {
    const model = drizzleTableToModel(findExpectedTable('eklektik_notifications_tracking')!, laravelDefaults);
    const column = (name: string) => model.columns.find((c) => c.name === name);
    assert.deepEqual(model.columns.map((c) => c.name), [
      'id', 'notification_id', 'processed_at', 'kpi_updated', 'processing_batch_id', 'processing_metadata', 'created_at', 'updated_at',
    ]);
    assert.deepEqual(column('id'), { name: 'id', type: 'bigint unsigned', nullable: false, default: { kind: 'none' }, autoIncrement: true, onUpdateCurrentTimestamp: false });
    assert.deepEqual(column('processed_at')?.default, { kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    assert.equal(column('processed_at')?.nullable, false);
    assert.deepEqual(column('kpi_updated')?.default, { kind: 'literal', value: '0' });
    assert.equal(column('kpi_updated')?.type, 'tinyint(1)');
    assert.equal(column('processing_batch_id')?.type, 'varchar(50)');
    assert.equal(column('processing_metadata')?.type, 'json');
    assert.deepEqual(column('created_at'), { name: 'created_at', type: 'timestamp', nullable: true, default: { kind: 'null' }, autoIncrement: false, onUpdateCurrentTimestamp: false });
    assert.deepEqual(model.indexes.map((i) => [i.name, i.columns.join(',')]), [
      ['PRIMARY', 'id'],
      ['eklektik_notifications_tracking_notification_id_index', 'notification_id'],
      ['idx_processed_kpi', 'processed_at,kpi_updated'],
      ['idx_batch_processed', 'processing_batch_id,processed_at'],
    ]);
    assert.deepEqual(model.options, laravelDefaults);
  });

  it('give eklektik_transactions_tracking its Laravel-named foreign key with RESTRICT rules', () => {
    const model = drizzleTableToModel(findExpectedTable('eklektik_transactions_tracking')!, laravelDefaults);
    assert.deepEqual(model.foreignKeys, [{
      name: 'eklektik_transactions_tracking_transaction_id_foreign',
      columns: ['transaction_id'], referencedTable: 'transactions_history', referencedColumns: ['id'],
      onDelete: 'RESTRICT', onUpdate: 'RESTRICT',
    }]);
    assert.ok(model.indexes.some((i) => i.name === 'eklektik_transactions_tracking_transaction_id_index'));
  });

  it('mark transactions_history as not owned and partial', () => {
    const table = findExpectedTable('transactions_history')!;
    assert.equal(table.owned, false);
    assert.equal(drizzleTableToModel(table, laravelDefaults).partial, true);
    assert.deepEqual(expectedTables.map((t) => t.name), ['transactions_history', 'eklektik_notifications_tracking', 'eklektik_transactions_tracking']);
  });
});

describe('createTableStatements', () => {
  it('completes drizzle-kit DDL so it does not depend on server settings', async () => {
    const statements = await createTableStatements(findExpectedTable('eklektik_transactions_tracking')!, laravelDefaults);
    const [create, ...rest] = statements;
    assert.match(create, /^CREATE TABLE `eklektik_transactions_tracking` \(/);
    assert.match(create, /\) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci$/);
    assert.match(create, /`processed_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,/);
    assert.match(create, /`created_at` timestamp NULL DEFAULT NULL,/);
    assert.match(create, /`updated_at` timestamp NULL DEFAULT NULL,/);
    assert.doesNotMatch(create, /now\(\)/);
    assert.deepEqual(rest.map((s) => s.split(' ').slice(0, 3).join(' ')), [
      'CREATE INDEX `eklektik_transactions_tracking_transaction_id_index`',
      'CREATE INDEX `idx_processed_kpi`',
      'CREATE INDEX `idx_batch_processed`',
      'ALTER TABLE `eklektik_transactions_tracking`',
    ]);
    const foreignKey = rest[rest.length - 1];
    assert.match(foreignKey, /FOREIGN KEY \(`transaction_id`\) REFERENCES `transactions_history`\(`id`\)$/);
    assert.ok(statements.every((s) => !s.endsWith(';')));
  });

  it('takes the connection defaults where the table declares none', async () => {
    const table = { ...findExpectedTable('eklektik_notifications_tracking')!, options: {} };
    const [create] = await createTableStatements(table, { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' });
    assert.match(create, /COLLATE=utf8mb4_general_ci$/);
  });
});

describe('drizzle/ (drizzle-kit generate output)', () => {
  const dir = join(root, 'drizzle');
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const last = journal.entries[journal.entries.length - 1];
  const snapshotFile = join(dir, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
  const committed = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Record<string, unknown>;

  it('is up to date with src/schema (else run: npm run schema:generate)', async () => {
    const api = await loadDrizzleKit();
    const current = (await api.generateMySQLDrizzleJson({ ...tables })) as unknown as Record<string, unknown>;
    // id/prevId are random and the CLI adds bookkeeping to _meta: compare the structure.
    const strip = ({ version, dialect, tables, views }: Record<string, unknown>) =>
      JSON.parse(JSON.stringify({ version, dialect, tables, views })) as unknown;
    assert.deepEqual(strip(current), strip(committed), 'src/schema changed without regenerating drizzle/: run `npm run schema:generate`');
    const pending = await api.generateMySQLMigration(committed as never, current as never);
    assert.deepEqual(pending, []);
  });

  it('holds SQL files for every journal entry, the first one creating every table', () => {
    const sqlFiles = readdirSync(dir).filter((file) => file.endsWith('.sql')).sort();
    assert.deepEqual(sqlFiles, journal.entries.map((entry) => `${entry.tag}.sql`));
    const first = readFileSync(join(dir, sqlFiles[0]), 'utf8');
    for (const table of expectedTables) assert.match(first, new RegExp(`CREATE TABLE \`${table.name}\``));
  });
});

describe('a connection with a table prefix', () => {
  const prefixed = { ...findExpectedTable('eklektik_transactions_tracking')!, name: 'pre_eklektik_transactions_tracking' };

  it('names tables and derived index/foreign-key names the way Laravel prefixes them', () => {
    const model = drizzleTableToModel(prefixed, laravelDefaults);
    assert.equal(model.name, 'pre_eklektik_transactions_tracking');
    assert.deepEqual(model.indexes.map((i) => i.name), [
      'PRIMARY', 'pre_eklektik_transactions_tracking_transaction_id_index', 'idx_processed_kpi', 'idx_batch_processed',
    ]);
    assert.equal(model.foreignKeys[0].name, 'pre_eklektik_transactions_tracking_transaction_id_foreign');
    assert.equal(model.foreignKeys[0].referencedTable, 'pre_transactions_history');
  });

  it('creates the prefixed table', async () => {
    const statements = await createTableStatements(prefixed, laravelDefaults);
    assert.match(statements[0], /^CREATE TABLE `pre_eklektik_transactions_tracking` \(\n\t`id` bigint/);
    assert.equal(statements[1], 'CREATE INDEX `pre_eklektik_transactions_tracking_transaction_id_index` ON `pre_eklektik_transactions_tracking` (`transaction_id`)');
    assert.equal(statements[2], 'CREATE INDEX `idx_processed_kpi` ON `pre_eklektik_transactions_tracking` (`processed_at`,`kpi_updated`)');
    assert.equal(statements[4], 'ALTER TABLE `pre_eklektik_transactions_tracking` ADD CONSTRAINT `pre_eklektik_transactions_tracking_transaction_id_foreign` ' +
      'FOREIGN KEY (`transaction_id`) REFERENCES `pre_transactions_history`(`id`)');
  });
});
