CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`member_id` text NOT NULL,
	`role` text NOT NULL,
	`action` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` text NOT NULL,
	`hash_before` text,
	`hash_after` text,
	`detail` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_office_seq` ON `audit_events` (`office_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_office_target` ON `audit_events` (`office_id`,`target_kind`,`target_id`);