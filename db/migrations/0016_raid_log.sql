CREATE TABLE `raid_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`probability` integer,
	`impact` integer,
	`mitigation` text DEFAULT '' NOT NULL,
	`owner_id` integer,
	`next_review_date` text,
	`validate_by` text,
	`due_date` text,
	`severity` integer,
	`resolution` text DEFAULT '' NOT NULL,
	`decided_by` text DEFAULT '' NOT NULL,
	`decided_on` text,
	`basis` text DEFAULT '' NOT NULL,
	`shared_with_firm_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` text NOT NULL,
	`closed_by` integer,
	`closed_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shared_with_firm_id`) REFERENCES `vendor_firms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "raid_item_type_known" CHECK("type" in ('risk', 'assumption', 'issue', 'dependency', 'action', 'decision')),
	CONSTRAINT "raid_item_status_known" CHECK("status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `raid_item_key` ON `raid_items` (`project_id`,`key`);--> statement-breakpoint
CREATE INDEX `raid_item_project` ON `raid_items` (`project_id`,`type`);--> statement-breakpoint
CREATE TABLE `raid_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `raid_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "raid_link_target_known" CHECK("target_type" in ('requirement', 'deliverable', 'defect', 'raid'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `raid_link_unique` ON `raid_links` (`item_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `raid_link_target` ON `raid_links` (`target_type`,`target_id`);