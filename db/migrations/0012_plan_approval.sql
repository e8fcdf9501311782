ALTER TABLE `plan_versions` ADD `effective_from` text;--> statement-breakpoint
ALTER TABLE `plan_versions` ADD `instance_id` integer REFERENCES workflow_instances(id);--> statement-breakpoint
ALTER TABLE `plans` ADD `approval_route` text;--> statement-breakpoint
-- Versions uploaded before approvals existed became current at upload: each applied from its upload day.
UPDATE `plan_versions` SET `effective_from` = substr(`created_at`, 1, 10);
