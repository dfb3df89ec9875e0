// The Drizzle schemas as models, the DDL rendered from models, and the committed drizzle/
// output being what drizzle-kit generates from the current schema.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getTableConfig } from 'drizzle-orm/mysql-core';
import { createTableStatements, drizzleTableToModel, laravelDefaults, UnrenderableStructure, type TableModel } from '../../../src/core/structure';
import { builtInTables, findBuiltInTable } from '../../../src/schema';
import * as tables from '../../../src/schema/tables';

// Walks up, so the test finds drizzle/ from test/unit/structure and from out/test/unit/structure.
function repositoryRoot(from: string): string {
  return existsSync(join(from, 'drizzle.config.ts')) || dirname(from) === from ? from : repositoryRoot(dirname(from));
}
const root = repositoryRoot(__dirname);

describe('Drizzle schemas', () => {
  it('describe eklektik_notifications_tracking the way Laravel 8 creates it', () => {
    const model = drizzleTableToModel(findBuiltInTable('eklektik_notifications_tracking')!, laravelDefaults);
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
    const model = drizzleTableToModel(findBuiltInTable('eklektik_transactions_tracking')!, laravelDefaults);
    assert.deepEqual(model.foreignKeys, [{
      name: 'eklektik_transactions_tracking_transaction_id_foreign',
      columns: ['transaction_id'], referencedTable: 'transactions_history', referencedColumns: ['id'],
      onDelete: 'RESTRICT', onUpdate: 'RESTRICT',
    }]);
    assert.ok(model.indexes.some((i) => i.name === 'eklektik_transactions_tracking_transaction_id_index'));
  });

  it('mark transactions_history as not owned and partial', () => {
    const table = findBuiltInTable('transactions_history')!;
    assert.equal(table.owned, false);
    assert.equal(drizzleTableToModel(table, laravelDefaults).partial, true);
    assert.deepEqual(builtInTables.map((t) => getTableConfig(t.drizzle).name), ['transactions_history', 'eklektik_notifications_tracking', 'eklektik_transactions_tracking']);
  });

  it('are found by the names their Drizzle tables give', () => {
    for (const table of builtInTables) assert.equal(findBuiltInTable(getTableConfig(table.drizzle).name), table);
    assert.equal(findBuiltInTable('transactions'), undefined);
  });
});

const builtInModel = (name: string, defaults = laravelDefaults) => drizzleTableToModel(findBuiltInTable(name)!, defaults);

describe('createTableStatements', () => {
  it('writes one CREATE TABLE with its indexes, then the foreign keys, independent of server settings', () => {
    const statements = createTableStatements(builtInModel('eklektik_transactions_tracking'));
    assert.deepEqual(statements, [
      'CREATE TABLE `eklektik_transactions_tracking` (\n'
      + '  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n'
      + '  `transaction_id` bigint unsigned NOT NULL,\n'
      + '  `processed_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n'
      + "  `kpi_updated` tinyint(1) NOT NULL DEFAULT '0',\n"
      + '  `processing_batch_id` varchar(50) NULL DEFAULT NULL,\n'
      + '  `processing_metadata` json NULL DEFAULT NULL,\n'
      + '  `created_at` timestamp NULL DEFAULT NULL,\n'
      + '  `updated_at` timestamp NULL DEFAULT NULL,\n'
      + '  PRIMARY KEY (`id`),\n'
      + '  INDEX `eklektik_transactions_tracking_transaction_id_index` (`transaction_id`),\n'
      + '  INDEX `idx_processed_kpi` (`processed_at`, `kpi_updated`),\n'
      + '  INDEX `idx_batch_processed` (`processing_batch_id`, `processed_at`)\n'
      + ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci',
      'ALTER TABLE `eklektik_transactions_tracking` ADD CONSTRAINT `eklektik_transactions_tracking_transaction_id_foreign` '
      + 'FOREIGN KEY (`transaction_id`) REFERENCES `transactions_history` (`id`)',
    ]);
  });

  it('takes the connection defaults where the table declares none', () => {
    const table = { ...findBuiltInTable('eklektik_notifications_tracking')!, options: {} };
    const [create] = createTableStatements(drizzleTableToModel(table, { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' }));
    assert.match(create, /COLLATE=utf8mb4_general_ci$/);
  });

  it('quotes every name and every string value, whatever they hold', () => {
    const hostile = 'i` ON `victim` (`v`) -- x';
    const model: TableModel = {
      name: 'a`b; c', options: { engine: 'InnoDB' }, foreignKeys: [{ name: "f'k", columns: ['c;--'], referencedTable: 'p`', referencedColumns: ['i d'], onDelete: 'CASCADE', onUpdate: 'RESTRICT' }],
      columns: [
        { name: 'c;--', type: "enum('x''y','a\\\\b')", nullable: false, default: { kind: 'literal', value: "x'y" }, autoIncrement: false, onUpdateCurrentTimestamp: false, comment: "it's \\ '; --" },
      ],
      indexes: [{ name: hostile, columns: ['c;--'], unique: false, primary: false }],
    };
    assert.deepEqual(createTableStatements(model), [
      "CREATE TABLE `a``b; c` (\n  `c;--` enum('x''y','a\\\\b') NOT NULL DEFAULT 'x''y' COMMENT 'it''s \\\\ ''; --',\n  INDEX `i`` ON ``victim`` (``v``) -- x` (`c;--`)\n) ENGINE=InnoDB",
      "ALTER TABLE `a``b; c` ADD CONSTRAINT `f'k` FOREIGN KEY (`c;--`) REFERENCES `p``` (`i d`) ON DELETE CASCADE",
    ]);
  });

  it('refuses, with one sentence, what the server would refuse or what is not plain SQL', () => {
    const base = builtInModel('eklektik_notifications_tracking');
    const refusal = (model: TableModel) => {
      try {
        createTableStatements(model);
        return undefined;
      } catch (error) {
        assert.ok(error instanceof UnrenderableStructure);
        return error.message;
      }
    };
    assert.match(refusal({ ...base, name: 'trailing ' })!, /ends with a space/);
    assert.match(refusal({ ...base, name: 'x'.repeat(65) })!, /longer than the server's 64 characters/);
    assert.match(refusal({ ...base, columns: [{ ...base.columns[0], type: 'int) ; DROP TABLE x; -- (' }] })!, /is not one the tool can write safely/);
    assert.match(refusal({ ...base, columns: [{ ...base.columns[0], default: { kind: 'expression', sql: '0; DROP TABLE x; --' } }] })!, /not an expression the tool can write safely/);
    assert.match(refusal({ ...base, options: { engine: 'InnoDB; DROP' } })!, /not a plain name/);
    assert.equal(refusal({ ...base, columns: [{ ...base.columns[0], default: { kind: 'expression', sql: "CONCAT('a', UUID())" } }, ...base.columns.slice(1)] }), undefined);
  });
});

describe('drizzle/ (drizzle-kit generate output)', () => {
  const dir = join(root, 'drizzle');
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const last = journal.entries[journal.entries.length - 1];
  const snapshotFile = join(dir, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
  const committed = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Record<string, unknown>;

  it('is up to date with src/schema (else run: npm run schema:generate)', async () => {
    const api = await import('drizzle-kit/api');
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
    for (const table of builtInTables) assert.match(first, new RegExp(`CREATE TABLE \`${getTableConfig(table.drizzle).name}\``));
  });
});

describe('a connection with a table prefix', () => {
  const prefixed = { ...findBuiltInTable('eklektik_transactions_tracking')!, name: 'pre_eklektik_transactions_tracking' };

  it('names tables and derived index/foreign-key names the way Laravel prefixes them', () => {
    const model = drizzleTableToModel(prefixed, laravelDefaults);
    assert.equal(model.name, 'pre_eklektik_transactions_tracking');
    assert.deepEqual(model.indexes.map((i) => i.name), [
      'PRIMARY', 'pre_eklektik_transactions_tracking_transaction_id_index', 'idx_processed_kpi', 'idx_batch_processed',
    ]);
    assert.equal(model.foreignKeys[0].name, 'pre_eklektik_transactions_tracking_transaction_id_foreign');
    assert.equal(model.foreignKeys[0].referencedTable, 'pre_transactions_history');
  });

  it('creates the prefixed table', () => {
    const statements = createTableStatements(drizzleTableToModel(prefixed, laravelDefaults));
    assert.match(statements[0], /^CREATE TABLE `pre_eklektik_transactions_tracking` \(\n  `id` bigint/);
    assert.match(statements[0], /\n  INDEX `pre_eklektik_transactions_tracking_transaction_id_index` \(`transaction_id`\),\n/);
    assert.equal(statements[1], 'ALTER TABLE `pre_eklektik_transactions_tracking` ADD CONSTRAINT `pre_eklektik_transactions_tracking_transaction_id_foreign` ' +
      'FOREIGN KEY (`transaction_id`) REFERENCES `pre_transactions_history` (`id`)');
  });
});
