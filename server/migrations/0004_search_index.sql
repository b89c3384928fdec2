-- Hand-written (drizzle-kit does not generate virtual tables): the full-text index of board content
-- (src/lib/server/search.ts), rebuilt per document from its stored state, and which stored version
-- of each document it reflects. Neither table is in the Drizzle schema; search.ts uses plain SQL.
CREATE VIRTUAL TABLE `search_index` USING fts5(`body`, `board_id` UNINDEXED, `doc` UNINDEXED, `kind` UNINDEXED, `item_id` UNINDEXED, `view` UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TABLE `search_state` (
	`doc_name` text PRIMARY KEY NOT NULL,
	`board_id` text NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_state_board_idx` ON `search_state` (`board_id`);
