CREATE TABLE `parallel_run_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`participant_id` text NOT NULL,
	`component_id` text NOT NULL,
	`legacy` text NOT NULL,
	`computed` text NOT NULL,
	`variance` text NOT NULL,
	`size_cents` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `parallel_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parallel_run_line_key` ON `parallel_run_lines` (`run_id`,`participant_id`,`component_id`);--> statement-breakpoint
CREATE INDEX `parallel_run_line_size` ON `parallel_run_lines` (`run_id`,"size_cents" desc,`id`);--> statement-breakpoint
-- Runs stored before this table: their lines, from the JSON they were kept in (variances have two decimals).
INSERT INTO `parallel_run_lines` (`run_id`, `participant_id`, `component_id`, `legacy`, `computed`, `variance`, `size_cents`)
SELECT r.`id`, json_extract(j.value, '$.participantId'), json_extract(j.value, '$.componentId'), json_extract(j.value, '$.legacy'),
  json_extract(j.value, '$.computed'), json_extract(j.value, '$.variance'), abs(CAST(round(CAST(json_extract(j.value, '$.variance') AS REAL) * 100) AS INTEGER))
FROM `parallel_runs` r, json_each(r.`lines`) j
ORDER BY r.`id`, j.`key`;
