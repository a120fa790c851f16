-- Chinese full-text search over chunks (custom migration: drizzle has no virtual tables).
-- The Worker writes CJK text as overlapping bigrams (src/knowledge/bigrams.ts) because FTS5's
-- unicode61 treats a run of Han characters as one token and trigram misses 2-character words.
-- Contentless: the text lives in `chunks`; rows are written and deleted by the app in the same
-- db.batch() as the chunk rows (no triggers: D1 has no user functions to compute bigrams).
-- `scope` holds the office and kind tokens so a MATCH never leaves its office.
CREATE VIRTUAL TABLE `chunks_fts` USING fts5(
  scope, title, heading, body,
  content='', contentless_delete=1,
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- Rank by BM25 with column weights (scope, title, heading, body): a title hit counts most.
INSERT INTO `chunks_fts` (`chunks_fts`, `rank`) VALUES ('rank', 'bm25(0.0, 5.0, 2.0, 1.0)');
--> statement-breakpoint
-- The default office: the demo data lives here and the bootstrap token administers it.
INSERT INTO `offices` (`id`, `name`, `code`) VALUES ('off_default', '示例区委办公室', 'default');
