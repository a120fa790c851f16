-- Browser sessions of the 工作台 (src/core/sessions.ts): the cookie carries a random secret, the row
-- keeps only its SHA-256. A session signed in with a token keeps that token's hash, so revoking the
-- token ends the session; sessions from Cloudflare Access keep the verified e-mail instead.
CREATE TABLE `web_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`member_id` text NOT NULL,
	`via` text NOT NULL,
	`token_hash` text,
	`email` text,
	`csrf_token` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `web_sessions_member` ON `web_sessions` (`office_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `web_sessions_token` ON `web_sessions` (`token_hash`);--> statement-breakpoint
-- Who an e-mail verified by Cloudflare Access is (src/core/access.ts): one member per e-mail.
CREATE TABLE `access_identities` (
	`email` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`member_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_identities_member` ON `access_identities` (`office_id`,`member_id`);
