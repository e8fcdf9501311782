DROP INDEX `variance_class_run`;--> statement-breakpoint
CREATE INDEX `variance_class_line` ON `variance_classifications` (`parallel_run_id`,`participant_id`,`component_id`);