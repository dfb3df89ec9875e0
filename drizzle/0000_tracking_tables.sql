CREATE TABLE `transactions_history` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	CONSTRAINT `transactions_history_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `eklektik_notifications_tracking` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`notification_id` bigint unsigned NOT NULL,
	`processed_at` timestamp NOT NULL DEFAULT (now()),
	`kpi_updated` boolean NOT NULL DEFAULT false,
	`processing_batch_id` varchar(50),
	`processing_metadata` json,
	`created_at` timestamp,
	`updated_at` timestamp,
	CONSTRAINT `eklektik_notifications_tracking_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `eklektik_transactions_tracking` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`transaction_id` bigint unsigned NOT NULL,
	`processed_at` timestamp NOT NULL DEFAULT (now()),
	`kpi_updated` boolean NOT NULL DEFAULT false,
	`processing_batch_id` varchar(50),
	`processing_metadata` json,
	`created_at` timestamp,
	`updated_at` timestamp,
	CONSTRAINT `eklektik_transactions_tracking_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `eklektik_transactions_tracking` ADD CONSTRAINT `eklektik_transactions_tracking_transaction_id_foreign` FOREIGN KEY (`transaction_id`) REFERENCES `transactions_history`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `eklektik_notifications_tracking_notification_id_index` ON `eklektik_notifications_tracking` (`notification_id`);--> statement-breakpoint
CREATE INDEX `idx_processed_kpi` ON `eklektik_notifications_tracking` (`processed_at`,`kpi_updated`);--> statement-breakpoint
CREATE INDEX `idx_batch_processed` ON `eklektik_notifications_tracking` (`processing_batch_id`,`processed_at`);--> statement-breakpoint
CREATE INDEX `eklektik_transactions_tracking_transaction_id_index` ON `eklektik_transactions_tracking` (`transaction_id`);--> statement-breakpoint
CREATE INDEX `idx_processed_kpi` ON `eklektik_transactions_tracking` (`processed_at`,`kpi_updated`);--> statement-breakpoint
CREATE INDEX `idx_batch_processed` ON `eklektik_transactions_tracking` (`processing_batch_id`,`processed_at`);