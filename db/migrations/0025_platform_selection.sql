CREATE TABLE `selection_candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`selection_id` integer NOT NULL,
	`vendor_name` text NOT NULL,
	`product` text NOT NULL,
	`category` text NOT NULL,
	FOREIGN KEY (`selection_id`) REFERENCES `selections`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "selection_candidate_category" CHECK("category" in ('ICM', 'TQM', 'CRM'))
);
--> statement-breakpoint
CREATE INDEX `selection_candidate_selection` ON `selection_candidates` (`selection_id`);--> statement-breakpoint
CREATE TABLE `selection_costs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`kind` text NOT NULL,
	`year` integer NOT NULL,
	`amount` text NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `selection_candidates`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "selection_cost_kind" CHECK("kind" in ('licences', 'implementation', 'internalStaff', 'support'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_cost` ON `selection_costs` (`candidate_id`,`kind`,`year`);--> statement-breakpoint
CREATE TABLE `selection_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`selection_id` integer NOT NULL,
	`group` text NOT NULL,
	`name` text NOT NULL,
	`weight` text NOT NULL,
	`derived` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`selection_id`) REFERENCES `selections`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "selection_criterion_group" CHECK("group" in ('functional', 'integration', 'tco', 'viability', 'usability', 'references'))
);
--> statement-breakpoint
CREATE INDEX `selection_criterion_selection` ON `selection_criteria` (`selection_id`);--> statement-breakpoint
CREATE TABLE `selection_fits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`selection_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`requirement_id` integer NOT NULL,
	`fit` text NOT NULL,
	FOREIGN KEY (`selection_id`) REFERENCES `selections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `selection_candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requirement_id`) REFERENCES `requirements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "selection_fit_level" CHECK("fit" in ('outOfBox', 'configured', 'custom', 'notMet'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_fit` ON `selection_fits` (`candidate_id`,`requirement_id`);--> statement-breakpoint
CREATE TABLE `selection_needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`selection_id` integer NOT NULL,
	`requirement_id` integer NOT NULL,
	FOREIGN KEY (`selection_id`) REFERENCES `selections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requirement_id`) REFERENCES `requirements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_need` ON `selection_needs` (`selection_id`,`requirement_id`);--> statement-breakpoint
CREATE TABLE `selection_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`selection_id` integer NOT NULL,
	`evaluator_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`score` integer NOT NULL,
	`comment` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`selection_id`) REFERENCES `selections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `selection_candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criterion_id`) REFERENCES `selection_criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_score` ON `selection_scores` (`evaluator_id`,`candidate_id`,`criterion_id`);--> statement-breakpoint
CREATE INDEX `selection_score_selection` ON `selection_scores` (`selection_id`);--> statement-breakpoint
CREATE TABLE `selections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`sponsor_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`instance_id` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sponsor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_key` ON `selections` (`project_id`,`key`);