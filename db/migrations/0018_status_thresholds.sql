CREATE TABLE `status_thresholds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`methodology_id` integer NOT NULL,
	`rule` text NOT NULL,
	`amber` integer NOT NULL,
	`red` integer NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`methodology_id`) REFERENCES `methodologies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_threshold_rule` ON `status_thresholds` (`methodology_id`,`rule`);