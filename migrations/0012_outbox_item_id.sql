-- The chat outbox names what a message is about in its own column: a draft's messages (transition,
-- compose) in `draft_id`, a 督办 reminder's item in the new `item_id` (0011 kept the item id in
-- draft_id). SQLite cannot drop NOT NULL from a column, so the table is rebuilt; the reminder rows'
-- ids move over as they are copied. Nothing references bot_notifications, so dropping it is safe.
CREATE TABLE `__new_bot_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`member_id` text NOT NULL,
	`platform` text NOT NULL,
	`tenant` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`event` text NOT NULL,
	`draft_id` text,
	`item_id` text,
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
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bot_notifications_subject" CHECK(("kind" = 'ducha_reminder' AND "item_id" IS NOT NULL AND "draft_id" IS NULL) OR ("kind" <> 'ducha_reminder' AND "draft_id" IS NOT NULL AND "item_id" IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_bot_notifications` (`id`, `office_id`, `member_id`, `platform`, `tenant`, `user_id`, `kind`, `event`, `draft_id`, `item_id`, `job_id`, `content_hash`, `actor_id`, `note`, `reply_url`, `status`, `attempts`, `last_error`, `created_at`, `finished_at`)
SELECT `id`, `office_id`, `member_id`, `platform`, `tenant`, `user_id`, `kind`, `event`,
	CASE WHEN `kind` = 'ducha_reminder' THEN NULL ELSE `draft_id` END,
	CASE WHEN `kind` = 'ducha_reminder' THEN `draft_id` ELSE NULL END,
	`job_id`, `content_hash`, `actor_id`, `note`, `reply_url`, `status`, `attempts`, `last_error`, `created_at`, `finished_at`
FROM `bot_notifications`;
--> statement-breakpoint
DROP TABLE `bot_notifications`;
--> statement-breakpoint
ALTER TABLE `__new_bot_notifications` RENAME TO `bot_notifications`;
--> statement-breakpoint
CREATE INDEX `bot_notifications_office` ON `bot_notifications` (`office_id`,`status`,`created_at`);
