-- create "notifications" table
CREATE TABLE `notifications` (`id` uuid NOT NULL, `recipient` text NOT NULL, `kind` text NOT NULL, `case_reference` text NULL, `count` integer NOT NULL DEFAULT (0), `message_id` text NOT NULL, `created_at` datetime NOT NULL, `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NOT NULL, `sent_at` datetime NULL, `failed_at` datetime NULL, `last_error` text NULL, PRIMARY KEY (`id`));
-- create index "notifications_message_id_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_message_id_key` ON `notifications` (`message_id`);
-- create index "notification_sent_at_failed_at_next_attempt_at" to table: "notifications"
CREATE INDEX `notification_sent_at_failed_at_next_attempt_at` ON `notifications` (`sent_at`, `failed_at`, `next_attempt_at`);
-- create index "notification_recipient_created_at" to table: "notifications"
CREATE INDEX `notification_recipient_created_at` ON `notifications` (`recipient`, `created_at`);
-- create "notification_preferences" table
CREATE TABLE `notification_preferences` (`id` text NOT NULL, `mode` text NOT NULL, `updated_at` datetime NOT NULL, PRIMARY KEY (`id`));
