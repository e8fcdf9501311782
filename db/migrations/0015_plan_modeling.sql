CREATE TABLE `modeling_datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`name` text NOT NULL,
	`period` text NOT NULL,
	`participants_csv` text NOT NULL,
	`quotas_csv` text NOT NULL,
	`transactions_csv` text NOT NULL,
	`participant_count` integer NOT NULL,
	`transaction_count` integer NOT NULL,
	`dataset_hash` text NOT NULL,
	`source` text NOT NULL,
	`parameters` text,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "modeling_dataset_source" CHECK("source" in ('upload', 'generated'))
);
--> statement-breakpoint
CREATE INDEX `modeling_dataset_project` ON `modeling_datasets` (`project_id`);--> statement-breakpoint
CREATE TABLE `modeling_scenarios` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`plan_version_id` integer NOT NULL,
	`dataset_id` integer NOT NULL,
	`changes` text NOT NULL,
	`copied_from` integer,
	`promoted_version_id` integer,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dataset_id`) REFERENCES `modeling_datasets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`promoted_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `modeling_scenario_project` ON `modeling_scenarios` (`project_id`);--> statement-breakpoint
CREATE INDEX `modeling_scenario_dataset` ON `modeling_scenarios` (`dataset_id`);