-- 0005's journal stamp is earlier than 0004's, so a database migrated while 0004 was the newest
-- never ran 0005 (Drizzle runs only stamps later than the newest applied). The same tables again,
-- only where missing: a no-op for every database that has them.
CREATE TABLE IF NOT EXISTS `private_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`board_id` text NOT NULL,
	`person_key` text NOT NULL,
	`name` text NOT NULL,
	`side` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`revealed_at` integer,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `private_notes_board_idx` ON `private_notes` (`board_id`,`person_key`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `vote_ballots` (
	`board_id` text NOT NULL,
	`vote_id` text NOT NULL,
	`person_key` text NOT NULL,
	`name` text NOT NULL,
	`side` text NOT NULL,
	`dots` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`board_id`, `vote_id`, `person_key`),
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE cascade
);
