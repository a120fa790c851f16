CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`member_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_office` ON `api_tokens` (`office_id`);--> statement-breakpoint
CREATE TABLE `chunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`office_id` text NOT NULL,
	`kind` text NOT NULL,
	`doc_id` text NOT NULL,
	`seq` integer NOT NULL,
	`title` text NOT NULL,
	`heading_path` text DEFAULT '[]' NOT NULL,
	`text` text NOT NULL,
	`genre` text,
	`date` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`sensitivity` text NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chunks_doc_seq` ON `chunks` (`doc_id`,`seq`);--> statement-breakpoint
CREATE INDEX `chunks_office_kind` ON `chunks` (`office_id`,`kind`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`survey_id` text,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`topic` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`source_kind` text NOT NULL,
	`source_unit` text,
	`source_person` text,
	`observed_on` text,
	`caliber` text,
	`figures` text DEFAULT '[]' NOT NULL,
	`sensitivity` text DEFAULT 'internal' NOT NULL,
	`content_hash` text NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_office_created` ON `findings` (`office_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `findings_survey` ON `findings` (`office_id`,`survey_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `findings_office_hash` ON `findings` (`office_id`,`content_hash`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `members_office` ON `members` (`office_id`);--> statement-breakpoint
CREATE TABLE `offices` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offices_code_unique` ON `offices` (`code`);--> statement-breakpoint
CREATE TABLE `precedents` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`genre` text NOT NULL,
	`title` text NOT NULL,
	`issuer` text,
	`doc_number` text,
	`speaker` text,
	`occasion` text,
	`date` text,
	`body` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`sensitivity` text DEFAULT 'internal' NOT NULL,
	`content_hash` text NOT NULL,
	`file_key` text,
	`file_name` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `precedents_office_created` ON `precedents` (`office_id`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `precedents_office_hash` ON `precedents` (`office_id`,`content_hash`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`title` text NOT NULL,
	`topic` text,
	`lead` text,
	`period_start` text,
	`period_end` text,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `surveys_office` ON `surveys` (`office_id`);