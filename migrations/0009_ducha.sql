CREATE TABLE `ducha_extensions` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`previous_deadline` text NOT NULL,
	`requested_deadline` text NOT NULL,
	`reason` text NOT NULL,
	`status_before` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`requested_by` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ducha_extensions_item` ON `ducha_extensions` (`office_id`,`item_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ducha_feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`item_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`reported_on` text NOT NULL,
	`text` text NOT NULL,
	`milestone` text,
	`attachments` text DEFAULT '[]' NOT NULL,
	`member_id` text NOT NULL,
	`decision` text,
	`decision_note` text,
	`decided_by` text,
	`decided_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ducha_feedback_item` ON `ducha_feedback` (`office_id`,`item_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `ducha_items` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`title` text NOT NULL,
	`requirement` text NOT NULL,
	`category` text NOT NULL,
	`source` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text,
	`lead_unit_id` text NOT NULL,
	`support_unit_ids` text DEFAULT '[]' NOT NULL,
	`leader` text,
	`deadline` text NOT NULL,
	`original_deadline` text NOT NULL,
	`recurrence` text,
	`milestones` text DEFAULT '[]' NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`sensitivity` text DEFAULT 'internal' NOT NULL,
	`completed_on` text,
	`signed_off_at` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ducha_items_office_created` ON `ducha_items` (`office_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `ducha_items_office_deadline` ON `ducha_items` (`office_id`,`deadline`);--> statement-breakpoint
CREATE INDEX `ducha_items_office_unit` ON `ducha_items` (`office_id`,`lead_unit_id`);--> statement-breakpoint
CREATE TABLE `ducha_reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`item_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`deadline` text NOT NULL,
	`delivery_ids` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ducha_reminders_item_day` ON `ducha_reminders` (`office_id`,`item_id`,`day`);--> statement-breakpoint
CREATE INDEX `ducha_reminders_office_day` ON `ducha_reminders` (`office_id`,`day`);--> statement-breakpoint
CREATE TABLE `ducha_settings` (
	`office_id` text PRIMARY KEY NOT NULL,
	`due_within_days` integer DEFAULT 7 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ducha_unit_members` (
	`office_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`member_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`unit_id`, `member_id`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ducha_unit_members_member` ON `ducha_unit_members` (`office_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `ducha_units` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`former_names` text DEFAULT '[]' NOT NULL,
	`kind` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ducha_units_office_name` ON `ducha_units` (`office_id`,`name`);--> statement-breakpoint
CREATE INDEX `ducha_units_office_created` ON `ducha_units` (`office_id`,`created_at`,`id`);