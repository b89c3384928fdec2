-- The hot log: new updates of every document in time order, with no per-document index, so a commit
-- dirties the log's last page only (doc_updates also dirtied its (doc_name, seq) index leaf per
-- document and AUTOINCREMENT's sqlite_sequence). Folded into doc_updates in bulk (docStore.foldLog).
CREATE TABLE `doc_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`doc_name` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
-- The sequence's floor: at least every seq ever handed out and then deleted, so that a number is
-- never reused after compaction (rows with seq > up_to_seq are exactly the log not folded).
CREATE TABLE `doc_seq` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`floor` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `doc_seq` (`id`, `floor`) SELECT 1, max(
	coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'doc_updates'), 0),
	coalesce((SELECT max(`seq`) FROM `doc_updates`), 0),
	coalesce((SELECT max(`up_to_seq`) FROM `doc_snapshots`), 0),
	coalesce((SELECT max(`seq`) FROM `doc_quarantine`), 0)
);
