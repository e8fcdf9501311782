CREATE TABLE `password_throttles` (
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`client` text DEFAULT '' NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_started_at` text NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`checking_since` text,
	`locked_until` text,
	PRIMARY KEY(`scope`, `subject`, `client`),
	CONSTRAINT "password_throttle_scope" CHECK("scope" in ('sign_in', 'signing'))
);
--> statement-breakpoint
CREATE INDEX `password_throttles_window` ON `password_throttles` (`window_started_at`);--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `failed_sign_ins`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `locked_until`;