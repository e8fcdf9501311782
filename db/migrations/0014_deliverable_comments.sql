CREATE TABLE `deliverable_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deliverable_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`deliverable_id`) REFERENCES `deliverables`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliverable_comment_deliverable` ON `deliverable_comments` (`deliverable_id`);