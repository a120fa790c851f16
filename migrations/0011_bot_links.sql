-- Chat bots (issue #16): which chat user acts as which member, the delivery keys already handled, and
-- the chat messages queued for delivery. Owned by src/offices (links, dedupe) and src/webhooks (outbox).
CREATE TABLE `bot_links` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`member_id` text NOT NULL,
	`platform` text NOT NULL,
	`tenant` text NOT NULL,
	`user_id` text NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_links_user` ON `bot_links` (`platform`,`tenant`,`user_id`);--> statement-breakpoint
CREATE INDEX `bot_links_office_member` ON `bot_links` (`office_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `bot_dedupe` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bot_dedupe_expires` ON `bot_dedupe` (`expires_at`);--> statement-breakpoint
CREATE TABLE `bot_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`member_id` text NOT NULL,
	`platform` text NOT NULL,
	`tenant` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`event` text NOT NULL,
	`draft_id` text NOT NULL,
	`job_id` text,
	`content_hash` text,
	`actor_id` text,
	`note` text,
	`reply_url` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bot_notifications_office` ON `bot_notifications` (`office_id`,`status`,`created_at`);
