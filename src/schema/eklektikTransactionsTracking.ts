// What 2025_09_23_120134 creates: the notifications table's shape, keyed on a transaction,
// with Laravel's conventional index and foreign-key names.
import { bigint, boolean, foreignKey, index, json, mysqlTable, timestamp, varchar } from 'drizzle-orm/mysql-core';
import { transactionsHistory } from './transactionsHistory';

export const eklektikTransactionsTracking = mysqlTable(
  'eklektik_transactions_tracking',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    transactionId: bigint('transaction_id', { mode: 'number', unsigned: true }).notNull(),
    processedAt: timestamp('processed_at').notNull().defaultNow(),
    kpiUpdated: boolean('kpi_updated').notNull().default(false),
    processingBatchId: varchar('processing_batch_id', { length: 50 }),
    processingMetadata: json('processing_metadata').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  (table) => [
    index('eklektik_transactions_tracking_transaction_id_index').on(table.transactionId),
    index('idx_processed_kpi').on(table.processedAt, table.kpiUpdated),
    index('idx_batch_processed').on(table.processingBatchId, table.processedAt),
    // No ON DELETE/UPDATE: Laravel's foreign() leaves the server's default (RESTRICT).
    foreignKey({
      name: 'eklektik_transactions_tracking_transaction_id_foreign',
      columns: [table.transactionId],
      foreignColumns: [transactionsHistory.id],
    }),
  ],
);

export type EklektikTransactionTracking = typeof eklektikTransactionsTracking.$inferSelect;
export type NewEklektikTransactionTracking = typeof eklektikTransactionsTracking.$inferInsert;
