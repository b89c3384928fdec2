CREATE TABLE `checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`board_id` text NOT NULL,
	`doc_name` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`created_by` text,
	`created_by_name` text,
	`created_at` integer NOT NULL,
	`state` blob NOT NULL,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `checkpoints_board_idx` ON `checkpoints` (`board_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `checkpoints_doc_idx` ON `checkpoints` (`doc_name`,`created_at`);