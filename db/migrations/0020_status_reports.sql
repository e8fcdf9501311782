CREATE TABLE `status_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`period` text NOT NULL,
	`summary` text NOT NULL,
	`accomplishments` text NOT NULL,
	`next_steps` text NOT NULL,
	`asks` text NOT NULL,
	`state` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`published_by` integer,
	`published_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "status_report_state" CHECK("state" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `status_report_project` ON `status_reports` (`project_id`);