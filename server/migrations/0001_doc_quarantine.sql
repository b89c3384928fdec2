CREATE TABLE `doc_quarantine` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_name` text NOT NULL,
	`source` text NOT NULL,
	`seq` integer NOT NULL,
	`data` blob NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `doc_quarantine_doc_idx` ON `doc_quarantine` (`doc_name`);