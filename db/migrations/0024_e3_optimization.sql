CREATE TABLE `e3_cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`number` integer NOT NULL,
	`sponsor_id` integer NOT NULL,
	`started_by` integer NOT NULL,
	`instance_id` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sponsor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `e3_cycle_number` ON `e3_cycles` (`project_id`,`number`);--> statement-breakpoint
CREATE TABLE `programme_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`kind` text NOT NULL,
	`participant` text NOT NULL,
	`amount` text NOT NULL,
	`raised_on` text NOT NULL,
	`resolved_on` text,
	FOREIGN KEY (`period_id`) REFERENCES `programme_periods`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "programme_event_kind_known" CHECK("kind" in ('dispute', 'adjustment'))
);
--> statement-breakpoint
CREATE INDEX `programme_event_period` ON `programme_events` (`period_id`);--> statement-breakpoint
CREATE TABLE `programme_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`period` text NOT NULL,
	`close_date` text NOT NULL,
	`payment_date` text NOT NULL,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programme_period_key` ON `programme_periods` (`project_id`,`period`);--> statement-breakpoint
CREATE TABLE `programme_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`participant` text NOT NULL,
	`component` text NOT NULL,
	`payout` text NOT NULL,
	`capped` integer NOT NULL,
	`quota` text NOT NULL,
	`credited_revenue` text NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `programme_periods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programme_result_period` ON `programme_results` (`period_id`);