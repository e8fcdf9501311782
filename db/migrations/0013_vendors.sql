CREATE TABLE `commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`firm_id` integer NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`due_date` text,
	`severity` integer,
	`business_days` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`status_note` text DEFAULT '' NOT NULL,
	`recorded_by` integer,
	`recorded_at` text,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`firm_id`) REFERENCES `vendor_firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "commitment_kind_known" CHECK("kind" in ('dated', 'defect_sla')),
	CONSTRAINT "commitment_status_known" CHECK("status" in ('open', 'met', 'missed'))
);
--> statement-breakpoint
CREATE INDEX `commitment_project` ON `commitments` (`project_id`);--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`firm_id` integer NOT NULL,
	`reference` text NOT NULL,
	`title` text NOT NULL,
	`value` text NOT NULL,
	`currency` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`firm_id`) REFERENCES `vendor_firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contract_reference` ON `contracts` (`project_id`,`reference`);--> statement-breakpoint
CREATE INDEX `contract_firm` ON `contracts` (`firm_id`);--> statement-breakpoint
CREATE TABLE `deliverable_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deliverable_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`requirement_id` integer,
	`case_id` integer,
	`cycle_id` integer,
	`text` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`deliverable_id`) REFERENCES `deliverables`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requirement_id`) REFERENCES `requirements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `test_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cycle_id`) REFERENCES `test_cycles`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "deliverable_criterion_kind_known" CHECK("kind" in ('requirement', 'payout_case', 'test_cycle', 'checklist'))
);
--> statement-breakpoint
CREATE INDEX `deliverable_criterion_deliverable` ON `deliverable_criteria` (`deliverable_id`);--> statement-breakpoint
CREATE TABLE `deliverable_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deliverable_id` integer NOT NULL,
	`number` integer NOT NULL,
	`note` text NOT NULL,
	`evidence` text DEFAULT '' NOT NULL,
	`submitted_by` integer NOT NULL,
	`submitted_at` text NOT NULL,
	`outcome` text DEFAULT 'pending' NOT NULL,
	`reasons` text,
	`criteria` text,
	`decided_by` integer,
	`decided_at` text,
	`signature_id` integer,
	FOREIGN KEY (`deliverable_id`) REFERENCES `deliverables`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "submission_outcome_known" CHECK("outcome" in ('pending', 'accepted', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliverable_submission_number` ON `deliverable_submissions` (`deliverable_id`,`number`);--> statement-breakpoint
CREATE TABLE `deliverables` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`contract_id` integer NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`phase_key` text NOT NULL,
	`due_date` text NOT NULL,
	`owner_id` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`instance_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliverable_key` ON `deliverables` (`project_id`,`key`);--> statement-breakpoint
CREATE INDEX `deliverable_contract` ON `deliverables` (`contract_id`);--> statement-breakpoint
CREATE TABLE `payment_milestone_deliverables` (
	`milestone_id` integer NOT NULL,
	`deliverable_id` integer NOT NULL,
	PRIMARY KEY(`milestone_id`, `deliverable_id`),
	FOREIGN KEY (`milestone_id`) REFERENCES `payment_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deliverable_id`) REFERENCES `deliverables`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pmd_deliverable` ON `payment_milestone_deliverables` (`deliverable_id`);--> statement-breakpoint
CREATE TABLE `payment_milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`name` text NOT NULL,
	`amount` text NOT NULL,
	`due_date` text NOT NULL,
	`released_at` text,
	`released_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_milestone_contract` ON `payment_milestones` (`contract_id`);