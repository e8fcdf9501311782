CREATE TABLE `defects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`severity` integer NOT NULL,
	`steps` text NOT NULL,
	`run_id` integer,
	`case_id` integer,
	`instance_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `test_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `test_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `defect_key` ON `defects` (`project_id`,`key`);--> statement-breakpoint
CREATE TABLE `plan_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`number` integer NOT NULL,
	`document` text NOT NULL,
	`document_hash` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`superseded_at` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_version_number` ON `plan_versions` (`plan_id`,`number`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`plan_key` text NOT NULL,
	`name` text NOT NULL,
	`current_version_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_key_per_project` ON `plans` (`project_id`,`plan_key`);--> statement-breakpoint
CREATE TABLE `test_case_requirements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`requirement_id` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `test_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requirement_id`) REFERENCES `requirements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `test_case_requirement` ON `test_case_requirements` (`case_id`,`requirement_id`);--> statement-breakpoint
CREATE INDEX `tcr_requirement` ON `test_case_requirements` (`requirement_id`);--> statement-breakpoint
CREATE TABLE `test_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`cycle_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`critical` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`steps` text NOT NULL,
	`plan_id` integer,
	`period` text,
	`participants_csv` text,
	`quotas_csv` text,
	`transactions_csv` text,
	`expected` text NOT NULL,
	`tolerance` text DEFAULT '0' NOT NULL,
	`dataset_hash` text,
	`assignee_id` integer,
	`instance_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cycle_id`) REFERENCES `test_cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `test_case_key` ON `test_cases` (`project_id`,`key`);--> statement-breakpoint
CREATE INDEX `test_case_cycle` ON `test_cases` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `test_cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`entry_criteria` text NOT NULL,
	`exit_criteria` text NOT NULL,
	`planned_start` text NOT NULL,
	`planned_end` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `test_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`case_version` integer NOT NULL,
	`plan_version_id` integer,
	`engine_version` text NOT NULL,
	`dataset_hash` text,
	`result` text NOT NULL,
	`summary` text NOT NULL,
	`lines` text NOT NULL,
	`result_hash` text,
	`stale_since` text,
	`stale_reason` text,
	`run_by` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `test_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `test_run_case` ON `test_runs` (`case_id`);