ALTER TABLE `boards` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `boards` ADD `archived_by` text;--> statement-breakpoint
ALTER TABLE `boards` ADD `archived_by_name` text;