PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_milestone_moves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`milestone_id` integer NOT NULL,
	`change_request_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`days` integer NOT NULL,
	`baseline_id` integer,
	`moved_by` integer NOT NULL,
	`moved_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`change_request_id`) REFERENCES `change_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`baseline_id`) REFERENCES `schedule_baselines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`moved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_milestone_moves`("id", "project_id", "milestone_id", "change_request_id", "from_date", "to_date", "days", "baseline_id", "moved_by", "moved_at") SELECT "id", "project_id", "milestone_id", "change_request_id", "from_date", "to_date", "days", "baseline_id", "moved_by", "moved_at" FROM `milestone_moves`;--> statement-breakpoint
DROP TABLE `milestone_moves`;--> statement-breakpoint
ALTER TABLE `__new_milestone_moves` RENAME TO `milestone_moves`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `milestone_move_project` ON `milestone_moves` (`project_id`);