CREATE TABLE `lexicon_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`lexicon_id` text NOT NULL,
	`version` integer NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`entries` text NOT NULL,
	`entry_count` integer NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lexicon_id`) REFERENCES `lexicons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lexicon_versions_lexicon_version` ON `lexicon_versions` (`lexicon_id`,`version`);--> statement-breakpoint
CREATE INDEX `lexicon_versions_office_valid` ON `lexicon_versions` (`office_id`,`valid_from`);--> statement-breakpoint
CREATE TABLE `lexicons` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`latest_version` integer DEFAULT 1 NOT NULL,
	`archived_at` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lexicons_office_kind` ON `lexicons` (`office_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `lexicons_office_name` ON `lexicons` (`office_id`,`name`);