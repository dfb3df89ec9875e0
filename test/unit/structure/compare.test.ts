// Differences as data, with explanations and lossiness, and the ALTER statements that fix them.
import * as assert from 'node:assert/strict';
import {
  compareTables,
  drizzleTableToModel,
  isWidening,
  laravelDefaults,
  reconcileStatements,
  UnrenderableStructure,
  type ColumnModel,
  type TableModel,
} from '../../../src/core/structure';
import { findBuiltInTable } from '../../../src/schema';

const expected = drizzleTableToModel(findBuiltInTable('eklektik_transactions_tracking')!, laravelDefaults);

function withColumn(model: TableModel, name: string, change: Partial<ColumnModel>): TableModel {
  return { ...model, columns: model.columns.map((c) => (c.name === name ? { ...c, ...change } : c)) };
}

describe('compareTables', () => {
  it('finds nothing between a model and itself', () => {
    assert.deepEqual(compareTables(expected, expected), []);
  });

  it('compares an expected generated column by kind and, when read, expression', () => {
    const generated = withColumn(expected, 'processing_batch_id', { generated: { stored: false, expression: 'a+1' } });
    const kinds = (live: TableModel) => compareTables(generated, live).map((d) => [d.kind, d.expected, d.actual]);
    assert.deepEqual(kinds(generated), []);
    assert.deepEqual(kinds(withColumn(expected, 'processing_batch_id', { generated: { stored: false, expression: 'a+2' } })), [['column-type', 'varchar(50) as (a+1) virtual', 'varchar(50) as (a+2) virtual']]);
    assert.deepEqual(kinds(withColumn(expected, 'processing_batch_id', { generated: { stored: true } })), [['column-type', 'varchar(50) as (…) virtual', 'varchar(50) as (…) stored']]);
    assert.deepEqual(kinds(expected), [['column-type', 'varchar(50) as (a+1) virtual', 'varchar(50)']]);
  });

  it('tells a FULLTEXT index from a plain one of the same columns', () => {
    const plain = { ...expected, indexes: [...expected.indexes, { name: 'search', columns: ['processing_batch_id'], unique: false, primary: false }] };
    const fulltext = { ...plain, indexes: plain.indexes.map((i) => (i.name === 'search' ? { ...i, fulltext: true } : i)) };
    assert.deepEqual(compareTables(fulltext, plain).map((d) => [d.kind, d.expected, d.actual]), [['index-definition', 'FULLTEXT (processing_batch_id)', 'INDEX (processing_batch_id)']]);
    assert.deepEqual(compareTables(fulltext, fulltext), []);
  });

  it('reports one narrowed column type, lossy to fix', () => {
    const live = withColumn(expected, 'processing_batch_id', { type: 'varchar(100)' });
    assert.deepEqual(compareTables(expected, live), [{
      kind: 'column-type', table: 'eklektik_transactions_tracking', subject: 'processing_batch_id',
      expected: 'varchar(50)', actual: 'varchar(100)',
      explanation: 'column `processing_batch_id` is varchar(100), expected varchar(50)', lossyToFix: true,
      said: { id: 'difference.columnIs', args: ['processing_batch_id', 'varchar(100)', 'varchar(50)'] },
    }]);
    const widened = compareTables(expected, withColumn(expected, 'processing_batch_id', { type: 'varchar(20)' }));
    assert.equal(widened[0].lossyToFix, false);
  });

  it('reports nullability, default and on-update separately', () => {
    const live = withColumn(expected, 'processed_at', { nullable: true, default: { kind: 'null' }, onUpdateCurrentTimestamp: true });
    const differences = compareTables(expected, live);
    assert.deepEqual(differences.map((d) => [d.kind, d.lossyToFix]), [
      ['column-nullability', true],
      ['column-default', false],
      ['column-on-update', false],
    ]);
    assert.equal(differences[1].explanation, 'column `processed_at` has default NULL, expected default CURRENT_TIMESTAMP');
  });

  it('reports missing and extra columns, indexes and foreign keys', () => {
    const live: TableModel = {
      ...expected,
      columns: [...expected.columns.filter((c) => c.name !== 'kpi_updated'), { ...expected.columns[1], name: 'legacy_id' }],
      indexes: [...expected.indexes.filter((i) => i.name !== 'idx_processed_kpi'), { name: 'legacy', columns: ['legacy_id'], unique: true, primary: false }],
      foreignKeys: [{ ...expected.foreignKeys[0], onDelete: 'CASCADE' }],
    };
    assert.deepEqual(compareTables(expected, live).map((d) => [d.kind, d.subject, d.lossyToFix]), [
      ['missing-column', 'kpi_updated', false],
      ['extra-column', 'legacy_id', true],
      ['missing-index', 'idx_processed_kpi', false],
      ['extra-index', 'legacy', false],
      ['foreign-key-definition', 'eklektik_transactions_tracking_transaction_id_foreign', false],
    ]);
  });

  it('checks only what a partial (not owned) table declares', () => {
    const partial = drizzleTableToModel(findBuiltInTable('transactions_history')!, laravelDefaults);
    const live: TableModel = { ...partial, partial: undefined, columns: [...partial.columns, { ...expected.columns[4], name: 'status' }] };
    assert.deepEqual(compareTables(partial, live), []);
    assert.deepEqual(compareTables(partial, withColumn(live, 'id', { type: 'int unsigned' })).map((d) => d.kind), ['column-type']);
  });

  it('reports table options', () => {
    const live = { ...expected, options: { engine: 'MyISAM', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' } };
    assert.deepEqual(compareTables(expected, live).map((d) => [d.subject, d.actual]), [['engine', 'MyISAM'], ['collation', 'utf8mb4_general_ci']]);
  });

  it('knows which type changes keep every value', () => {
    assert.ok(isWidening('int', 'bigint'));
    assert.ok(isWidening('int unsigned', 'bigint'));
    assert.ok(!isWidening('int unsigned', 'int'));
    assert.ok(!isWidening('bigint', 'int'));
    assert.ok(isWidening('varchar(50)', 'text'));
    assert.ok(!isWidening('text', 'varchar(255)'));
    assert.ok(isWidening('decimal(8,2)', 'decimal(10,2)'));
    assert.ok(!isWidening('decimal(10,2)', 'decimal(10,0)'));
    assert.ok(!isWidening('json', 'varchar(50)'));
    assert.ok(isWidening('datetime', 'datetime(3)'));
    assert.ok(!isWidening('timestamp(6)', 'timestamp'));
  });
});

describe('reconcileStatements', () => {
  it('writes one ALTER per fix, in an order the server accepts, lossy drops last', () => {
    const live: TableModel = {
      ...withColumn(expected, 'processing_batch_id', { type: 'varchar(100)', nullable: false, default: { kind: 'none' } }),
      columns: [
        ...withColumn(expected, 'processing_batch_id', { type: 'varchar(100)', nullable: false, default: { kind: 'none' } }).columns
          .filter((c) => c.name !== 'kpi_updated'),
        { ...expected.columns[1], name: 'legacy_id' },
      ],
      indexes: [
        ...expected.indexes.filter((i) => i.name !== 'idx_processed_kpi' && i.name !== 'idx_batch_processed'),
        { name: 'idx_batch_processed', columns: ['processing_batch_id'], unique: false, primary: false },
        { name: 'legacy', columns: ['legacy_id'], unique: true, primary: false },
      ],
      foreignKeys: [{ ...expected.foreignKeys[0], onDelete: 'CASCADE' }],
    };
    const statements = reconcileStatements(expected, live);
    assert.deepEqual(statements.map((s) => [s.sql, s.lossy]), [
      ['ALTER TABLE `eklektik_transactions_tracking` DROP FOREIGN KEY `eklektik_transactions_tracking_transaction_id_foreign`', false],
      ['ALTER TABLE `eklektik_transactions_tracking` ADD COLUMN `kpi_updated` tinyint(1) NOT NULL DEFAULT \'0\' AFTER `processed_at`', false],
      ['ALTER TABLE `eklektik_transactions_tracking` MODIFY COLUMN `processing_batch_id` varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL DEFAULT NULL', true],
      ['ALTER TABLE `eklektik_transactions_tracking` DROP INDEX `idx_batch_processed`, ADD INDEX `idx_batch_processed` (`processing_batch_id`, `processed_at`)', false],
      ['ALTER TABLE `eklektik_transactions_tracking` ADD INDEX `idx_processed_kpi` (`processed_at`, `kpi_updated`)', false],
      ['ALTER TABLE `eklektik_transactions_tracking` DROP INDEX `legacy`', false],
      ['ALTER TABLE `eklektik_transactions_tracking` ADD CONSTRAINT `eklektik_transactions_tracking_transaction_id_foreign` FOREIGN KEY (`transaction_id`) REFERENCES `transactions_history` (`id`)', false],
      ['ALTER TABLE `eklektik_transactions_tracking` DROP COLUMN `legacy_id`', true],
    ]);
    assert.deepEqual(statements[2].differences.map((d) => d.kind), ['column-type', 'column-nullability', 'column-default']);
  });

  it('lifts a foreign key around a type change of its column', () => {
    const live = withColumn(expected, 'transaction_id', { type: 'int unsigned' });
    const statements = reconcileStatements(expected, live);
    assert.deepEqual(statements.map((s) => [s.sql.replace('ALTER TABLE `eklektik_transactions_tracking` ', ''), s.lossy, s.difference.kind]), [
      ['DROP FOREIGN KEY `eklektik_transactions_tracking_transaction_id_foreign`', false, 'column-type'],
      ['MODIFY COLUMN `transaction_id` bigint unsigned NOT NULL', false, 'column-type'],
      ['ADD CONSTRAINT `eklektik_transactions_tracking_transaction_id_foreign` FOREIGN KEY (`transaction_id`) REFERENCES `transactions_history` (`id`)', false, 'column-type'],
    ]);
  });

  it("keeps what the comparison does not look at as the server has it: a MODIFY restates the live comment and INVISIBLE", () => {
    const modify = (expectedComment: string | undefined, live: Partial<ColumnModel>) => reconcileStatements(
      withColumn(expected, 'processing_batch_id', { comment: expectedComment }),
      withColumn(expected, 'processing_batch_id', { type: 'varchar(40)', ...live }),
    ).map((s) => s.sql.replace('ALTER TABLE `eklektik_transactions_tracking` MODIFY COLUMN `processing_batch_id` varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL DEFAULT NULL', '…'));
    assert.deepEqual(modify('Batch', { comment: 'Batch' }), ["… COMMENT 'Batch'"]);
    assert.deepEqual(modify(undefined, { comment: "Set by the DBA; it's kept" }), ["… COMMENT 'Set by the DBA; it''s kept'"]);
    // The comment is not compared: the one on the server stays, whatever the migrations say.
    assert.deepEqual(modify('Batch', { comment: 'Changed by hand' }), ["… COMMENT 'Changed by hand'"]);
    assert.deepEqual(modify('Batch', {}), ['…']);
    assert.deepEqual(modify(undefined, { invisible: true, comment: 'x' }), ["… INVISIBLE COMMENT 'x'"]);
  });

  it("refuses a MODIFY that would drop what it cannot restate: a CHECK of the column's own, a generation not expected", () => {
    const refusal = (live: Partial<ColumnModel>) => {
      try {
        reconcileStatements(expected, withColumn(expected, 'processing_batch_id', { type: 'varchar(40)', ...live }));
      } catch (error) {
        if (error instanceof UnrenderableStructure) return error.said.id;
        throw error;
      }
      return undefined;
    };
    assert.equal(refusal({ ownCheck: "`processing_batch_id` <> ''" }), 'ddl.modifyDropsCheck');
    assert.equal(refusal({ generated: { stored: true, expression: 'concat(a, b)' } }), 'ddl.modifyUngenerates');
    assert.equal(refusal({}), undefined);
    // A column the MODIFY does not touch keeps its check and generation without one.
    assert.deepEqual(reconcileStatements(expected, withColumn(expected, 'processing_batch_id', { ownCheck: 'x > 0', generated: { stored: false } })), []);
  });

  it('refuses, on MariaDB or a server not known, a MODIFY making an invisible column NOT NULL without a default (error 4108)', () => {
    const notNull = withColumn(expected, 'processing_batch_id', { nullable: false, default: { kind: 'none' } });
    const refusal = (live: Partial<ColumnModel>, server?: 'mariadb' | 'mysql', wanted: TableModel = notNull) => {
      try {
        return reconcileStatements(wanted, withColumn(wanted, 'processing_batch_id', { nullable: true, default: { kind: 'null' }, ...live }), server).map((s) => s.sql.replace(/^.*MODIFY COLUMN `processing_batch_id` /, ''));
      } catch (error) {
        if (error instanceof UnrenderableStructure) return error.said.id;
        throw error;
      }
    };
    assert.equal(refusal({ invisible: true }, 'mariadb'), 'ddl.modifyInvisibleNotNull');
    assert.equal(refusal({ invisible: true }), 'ddl.modifyInvisibleNotNull');
    assert.deepEqual(refusal({ invisible: true }, 'mysql'), ['varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL INVISIBLE']);
    assert.deepEqual(refusal({}, 'mariadb'), ['varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL']);
    // With a default the server takes it, invisible kept.
    const withDefault = withColumn(notNull, 'processing_batch_id', { default: { kind: 'literal', value: 'x' } });
    assert.deepEqual(refusal({ invisible: true }, 'mariadb', withDefault), ["varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL DEFAULT 'x' INVISIBLE"]);
  });

  it('has nothing to do when the table matches', () => {
    assert.deepEqual(reconcileStatements(expected, expected), []);
  });
});
