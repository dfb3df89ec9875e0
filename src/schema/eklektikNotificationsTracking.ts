// What the corrected 2025_09_23_011532 migration creates (Laravel 8: id(), timestamps()...).
import { bigint, boolean, index, json, mysqlTable, timestamp, varchar } from 'drizzle-orm/mysql-core';

export const eklektikNotificationsTracking = mysqlTable(
  'eklektik_notifications_tracking',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    notificationId: bigint('notification_id', { mode: 'number', unsigned: true }).notNull(),
    processedAt: timestamp('processed_at').notNull().defaultNow(),
    kpiUpdated: boolean('kpi_updated').notNull().default(false),
    processingBatchId: varchar('processing_batch_id', { length: 50 }),
    processingMetadata: json('processing_metadata').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  (table) => [
    index('eklektik_notifications_tracking_notification_id_index').on(table.notificationId),
    index('idx_processed_kpi').on(table.processedAt, table.kpiUpdated),
    index('idx_batch_processed').on(table.processingBatchId, table.processedAt),
  ],
);

export type EklektikNotificationTracking = typeof eklektikNotificationsTracking.$inferSelect;
export type NewEklektikNotificationTracking = typeof eklektikNotificationsTracking.$inferInsert;
