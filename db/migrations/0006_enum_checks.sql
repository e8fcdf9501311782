PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_methodologies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`project_kind` text NOT NULL,
	`description` text NOT NULL,
	`cadence_weeks` integer,
	`loop_to_phase_key` text,
	CONSTRAINT "methodology_project_kind" CHECK("project_kind" in ('implementation', 'optimization', 'recovery'))
);
--> statement-breakpoint
INSERT INTO `__new_methodologies`("id", "key", "name", "project_kind", "description", "cadence_weeks", "loop_to_phase_key") SELECT "id", "key", "name", "project_kind", "description", "cadence_weeks", "loop_to_phase_key" FROM `methodologies`;--> statement-breakpoint
DROP TABLE `methodologies`;--> statement-breakpoint
ALTER TABLE `__new_methodologies` RENAME TO `methodologies`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `methodologies_key_unique` ON `methodologies` (`key`);--> statement-breakpoint
CREATE TABLE `__new_project_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`added_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "project_member_role_known" CHECK("role" in ('pm', 'stakeholder', 'analyst', 'tester', 'vendor', 'viewer'))
);
--> statement-breakpoint
INSERT INTO `__new_project_members`("id", "project_id", "user_id", "role", "added_at") SELECT "id", "project_id", "user_id", "role", "added_at" FROM `project_members`;--> statement-breakpoint
DROP TABLE `project_members`;--> statement-breakpoint
ALTER TABLE `__new_project_members` RENAME TO `project_members`;--> statement-breakpoint
CREATE UNIQUE INDEX `project_member_role` ON `project_members` (`project_id`,`user_id`,`role`);--> statement-breakpoint
CREATE INDEX `member_user` ON `project_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`client` text NOT NULL,
	`kind` text NOT NULL,
	`methodology_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`target_go_live` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`methodology_id`) REFERENCES `methodologies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "project_kind" CHECK("kind" in ('implementation', 'optimization', 'recovery'))
);
--> statement-breakpoint
INSERT INTO `__new_projects`("id", "name", "client", "kind", "methodology_id", "start_date", "target_go_live", "created_by", "created_at") SELECT "id", "name", "client", "kind", "methodology_id", "start_date", "target_go_live", "created_by", "created_at" FROM `projects`;--> statement-breakpoint
DROP TABLE `projects`;--> statement-breakpoint
ALTER TABLE `__new_projects` RENAME TO `projects`;--> statement-breakpoint
CREATE UNIQUE INDEX `projects_name_unique` ON `projects` (`name`);--> statement-breakpoint
CREATE TABLE `__new_requirement_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requirement_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`priority` text NOT NULL,
	`owner_id` integer NOT NULL,
	`phase_key` text NOT NULL,
	`acceptance_criteria` text NOT NULL,
	`examples` text NOT NULL,
	`fingerprint` text NOT NULL,
	`author_id` integer NOT NULL,
	`instance_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`requirement_id`) REFERENCES `requirements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instance_id`) REFERENCES `workflow_instances`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "requirement_category_known" CHECK("category" in ('plan design', 'crediting', 'quotas and territories', 'data integration', 'reporting and dashboards', 'approvals and workflow', 'payments', 'access and security')),
	CONSTRAINT "requirement_priority_known" CHECK("priority" in ('must', 'should', 'could', 'won''t'))
);
--> statement-breakpoint
INSERT INTO `__new_requirement_versions`("id", "requirement_id", "number", "title", "description", "category", "priority", "owner_id", "phase_key", "acceptance_criteria", "examples", "fingerprint", "author_id", "instance_id", "created_at", "updated_at") SELECT "id", "requirement_id", "number", "title", "description", "category", "priority", "owner_id", "phase_key", "acceptance_criteria", "examples", "fingerprint", "author_id", "instance_id", "created_at", "updated_at" FROM `requirement_versions`;--> statement-breakpoint
DROP TABLE `requirement_versions`;--> statement-breakpoint
ALTER TABLE `__new_requirement_versions` RENAME TO `requirement_versions`;--> statement-breakpoint
CREATE UNIQUE INDEX `requirement_version_number` ON `requirement_versions` (`requirement_id`,`number`);--> statement-breakpoint
CREATE TABLE `__new_defects` (
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
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "defect_severity_known" CHECK("severity" in (1, 2, 3, 4))
);
--> statement-breakpoint
INSERT INTO `__new_defects`("id", "project_id", "key", "title", "severity", "steps", "run_id", "case_id", "instance_id", "created_by", "created_at") SELECT "id", "project_id", "key", "title", "severity", "steps", "run_id", "case_id", "instance_id", "created_by", "created_at" FROM `defects`;--> statement-breakpoint
DROP TABLE `defects`;--> statement-breakpoint
ALTER TABLE `__new_defects` RENAME TO `defects`;--> statement-breakpoint
CREATE UNIQUE INDEX `defect_key` ON `defects` (`project_id`,`key`);--> statement-breakpoint
CREATE TABLE `__new_test_cases` (
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
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "test_case_kind_known" CHECK("kind" in ('functional', 'payout'))
);
--> statement-breakpoint
INSERT INTO `__new_test_cases`("id", "project_id", "cycle_id", "key", "title", "kind", "critical", "version", "steps", "plan_id", "period", "participants_csv", "quotas_csv", "transactions_csv", "expected", "tolerance", "dataset_hash", "assignee_id", "instance_id", "created_by", "created_at") SELECT "id", "project_id", "cycle_id", "key", "title", "kind", "critical", "version", "steps", "plan_id", "period", "participants_csv", "quotas_csv", "transactions_csv", "expected", "tolerance", "dataset_hash", "assignee_id", "instance_id", "created_by", "created_at" FROM `test_cases`;--> statement-breakpoint
DROP TABLE `test_cases`;--> statement-breakpoint
ALTER TABLE `__new_test_cases` RENAME TO `test_cases`;--> statement-breakpoint
CREATE UNIQUE INDEX `test_case_key` ON `test_cases` (`project_id`,`key`);--> statement-breakpoint
CREATE INDEX `test_case_cycle` ON `test_cases` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `__new_test_cycles` (
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
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "test_cycle_kind_known" CHECK("kind" in ('system test', 'UAT', 'parallel run'))
);
--> statement-breakpoint
INSERT INTO `__new_test_cycles`("id", "project_id", "name", "kind", "entry_criteria", "exit_criteria", "planned_start", "planned_end", "created_by", "created_at") SELECT "id", "project_id", "name", "kind", "entry_criteria", "exit_criteria", "planned_start", "planned_end", "created_by", "created_at" FROM `test_cycles`;--> statement-breakpoint
DROP TABLE `test_cycles`;--> statement-breakpoint
ALTER TABLE `__new_test_cycles` RENAME TO `test_cycles`;--> statement-breakpoint
CREATE TABLE `__new_test_runs` (
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
	FOREIGN KEY (`run_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "test_run_result_known" CHECK("result" in ('passed', 'failed', 'blocked'))
);
--> statement-breakpoint
INSERT INTO `__new_test_runs`("id", "case_id", "case_version", "plan_version_id", "engine_version", "dataset_hash", "result", "summary", "lines", "result_hash", "stale_since", "stale_reason", "run_by", "at") SELECT "id", "case_id", "case_version", "plan_version_id", "engine_version", "dataset_hash", "result", "summary", "lines", "result_hash", "stale_since", "stale_reason", "run_by", "at" FROM `test_runs`;--> statement-breakpoint
DROP TABLE `test_runs`;--> statement-breakpoint
ALTER TABLE `__new_test_runs` RENAME TO `test_runs`;--> statement-breakpoint
CREATE INDEX `test_run_case` ON `test_runs` (`case_id`);--> statement-breakpoint
CREATE TABLE `__new_variance_classifications` (
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
	FOREIGN KEY (`classified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "variance_class_known" CHECK("classification" in ('expected design change', 'data issue', 'defect'))
);
--> statement-breakpoint
INSERT INTO `__new_variance_classifications`("id", "parallel_run_id", "participant_id", "component_id", "classification", "note", "defect_id", "classified_by", "at") SELECT "id", "parallel_run_id", "participant_id", "component_id", "classification", "note", "defect_id", "classified_by", "at" FROM `variance_classifications`;--> statement-breakpoint
DROP TABLE `variance_classifications`;--> statement-breakpoint
ALTER TABLE `__new_variance_classifications` RENAME TO `variance_classifications`;--> statement-breakpoint
CREATE INDEX `variance_class_run` ON `variance_classifications` (`parallel_run_id`);