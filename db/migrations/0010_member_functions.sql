CREATE TABLE `member_functions` (
	`project_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`function` text NOT NULL,
	PRIMARY KEY(`project_id`, `user_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "member_function_known" CHECK("function" in ('business_owner', 'finance', 'legal', 'sales_operations', 'compensation', 'hr', 'it', 'project_delivery', 'other'))
);
--> statement-breakpoint
-- Members before this table: one function per person and project. Whoever has already signed there in
-- a capacity (approved as business owner, finance or legal) keeps it, from their latest such signature;
-- everyone else is 'other', which states only "reviewed, no objection" until a project manager sets it.
INSERT INTO `member_functions` (`project_id`, `user_id`, `function`)
SELECT m.`project_id`, m.`user_id`, coalesce((
  SELECT CASE s.`meaning` WHEN 'approved as business owner' THEN 'business_owner' WHEN 'approved as finance' THEN 'finance' ELSE 'legal' END
  FROM `signatures` s JOIN `workflow_instances` w ON w.`id` = s.`instance_id`
  WHERE s.`user_id` = m.`user_id` AND w.`project_id` = m.`project_id`
    AND s.`meaning` IN ('approved as business owner', 'approved as finance', 'approved as legal')
  ORDER BY s.`id` DESC LIMIT 1
), 'other')
FROM (SELECT DISTINCT `project_id`, `user_id` FROM `project_members`) m;
