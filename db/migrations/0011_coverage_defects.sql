CREATE TABLE `defect_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`defect_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`defect_id`) REFERENCES `defects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `defect_comment_defect` ON `defect_comments` (`defect_id`);--> statement-breakpoint
ALTER TABLE `defects` ADD `assignee_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `test_runs` ADD `requirement_version_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Runs recorded before this migration verified the version of each linked requirement that was current when they ran.
UPDATE `test_runs` SET `requirement_version_ids` = (
	SELECT json_group_array(v.`id`) FROM `test_case_requirements` l
	JOIN `requirement_versions` v ON v.`requirement_id` = l.`requirement_id`
	WHERE l.`case_id` = `test_runs`.`case_id`
		AND v.`number` = (SELECT max(v2.`number`) FROM `requirement_versions` v2 WHERE v2.`requirement_id` = l.`requirement_id` AND v2.`created_at` <= `test_runs`.`at`)
);
