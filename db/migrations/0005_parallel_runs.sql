CREATE TABLE `parallel_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`plan_version_id` integer NOT NULL,
	`period` text NOT NULL,
	`participants_csv` text NOT NULL,
	`quotas_csv` text NOT NULL,
	`transactions_csv` text NOT NULL,
	`legacy_csv` text NOT NULL,
	`threshold` text NOT NULL,
	`lines` text NOT NULL,
	`totals` text NOT NULL,
	`instance_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `variance_classifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parallel_run_id` integer NOT NULL,
	`participant_id` text NOT NULL,
	`component_id` text NOT NULL,
	`classification` text NOT NULL,
	`note` text NOT NULL,
	`defect_id` integer,
	`classified_by` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`parallel_run_id`) REFERENCES `parallel_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`defect_id`) REFERENCES `defects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`classified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `variance_class_run` ON `variance_classifications` (`parallel_run_id`);