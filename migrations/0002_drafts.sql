CREATE TABLE `compose_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`draft_id` text NOT NULL,
	`member_id` text NOT NULL,
	`mode` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`section_ids` text NOT NULL,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `compose_jobs_draft` ON `compose_jobs` (`draft_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `draft_sections` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`draft_id` text NOT NULL,
	`seq` integer NOT NULL,
	`key` text NOT NULL,
	`heading` text NOT NULL,
	`kind` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`citations` text DEFAULT '[]' NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`usage` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`job_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `draft_sections_draft` ON `draft_sections` (`draft_id`,`seq`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`template_id` text NOT NULL,
	`template_version` integer NOT NULL,
	`template` text NOT NULL,
	`genre` text NOT NULL,
	`title` text NOT NULL,
	`mode` text NOT NULL,
	`variables` text NOT NULL,
	`materials` text DEFAULT '[]' NOT NULL,
	`retrieval` text,
	`outline` text,
	`compose_state` text DEFAULT 'new' NOT NULL,
	`job_id` text,
	`status` text DEFAULT 'drafting' NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drafts_office_created` ON `drafts` (`office_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `templates` (
	`office_id` text NOT NULL,
	`id` text NOT NULL,
	`genre` text NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`source` text NOT NULL,
	`definition` text NOT NULL,
	`content_hash` text NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`office_id`, `id`)
);
