CREATE TABLE `doc_number_sequences` (
	`office_id` text NOT NULL,
	`agency_code` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`office_id`, `agency_code`, `year`),
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `draft_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`draft_id` text NOT NULL,
	`kind` text NOT NULL,
	`member_id` text NOT NULL,
	`version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`superseded_at` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `draft_approvals_draft` ON `draft_approvals` (`office_id`,`draft_id`);--> statement-breakpoint
CREATE TABLE `draft_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`draft_id` text NOT NULL,
	`version` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`quote` text NOT NULL,
	`body` text NOT NULL,
	`parent_id` text,
	`author_id` text NOT NULL,
	`author_role` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `draft_comments_draft` ON `draft_comments` (`office_id`,`draft_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `draft_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`draft_id` text NOT NULL,
	`version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`title` text NOT NULL,
	`variables` text NOT NULL,
	`sections` text NOT NULL,
	`reason` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `draft_versions_draft_version` ON `draft_versions` (`draft_id`,`version`);--> statement-breakpoint
CREATE INDEX `draft_versions_office` ON `draft_versions` (`office_id`,`draft_id`);--> statement-breakpoint
CREATE TABLE `office_settings` (
	`office_id` text PRIMARY KEY NOT NULL,
	`sign_requires_review` integer DEFAULT true NOT NULL,
	`doc_agency_code` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `drafts` ADD `doc_number` text;--> statement-breakpoint
ALTER TABLE `drafts` ADD `issued_at` text;--> statement-breakpoint
CREATE INDEX `drafts_office_updated` ON `drafts` (`office_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_office_doc_number` ON `drafts` (`office_id`,`doc_number`);