// The application's own table, created by its migrations long before the tracking tables.
// Declared only as far as the tracking tables' foreign key needs it; not owned, so repair
// never creates or drops it and a comparison ignores what it does not declare.
import { bigint, mysqlTable } from 'drizzle-orm/mysql-core';

export const transactionsHistory = mysqlTable('transactions_history', {
  id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
});

export type TransactionsHistory = typeof transactionsHistory.$inferSelect;
export type NewTransactionsHistory = typeof transactionsHistory.$inferInsert;
