-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- add column "reporter_notify_sealed" to table: "cases"
ALTER TABLE `cases` ADD COLUMN `reporter_notify_sealed` blob NULL;
-- create "new_notifications" table
CREATE TABLE `new_notifications` (`id` uuid NOT NULL, `recipient` text NOT NULL, `kind` text NOT NULL, `case_reference` text NULL, `case_id` uuid NULL, `count` integer NOT NULL DEFAULT (0), `message_id` text NOT NULL, `created_at` datetime NOT NULL, `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NOT NULL, `sent_at` datetime NULL, `failed_at` datetime NULL, `last_error` text NULL, PRIMARY KEY (`id`));
-- copy rows from old table "notifications" to new temporary table "new_notifications"
INSERT INTO `new_notifications` (`id`, `recipient`, `kind`, `case_reference`, `count`, `message_id`, `created_at`, `attempts`, `next_attempt_at`, `sent_at`, `failed_at`, `last_error`) SELECT `id`, `recipient`, `kind`, `case_reference`, `count`, `message_id`, `created_at`, `attempts`, `next_attempt_at`, `sent_at`, `failed_at`, `last_error` FROM `notifications`;
-- drop "notifications" table after copying rows
DROP TABLE `notifications`;
-- rename temporary table "new_notifications" to "notifications"
ALTER TABLE `new_notifications` RENAME TO `notifications`;
-- create index "notifications_message_id_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_message_id_key` ON `notifications` (`message_id`);
-- create index "notification_sent_at_failed_at_next_attempt_at" to table: "notifications"
CREATE INDEX `notification_sent_at_failed_at_next_attempt_at` ON `notifications` (`sent_at`, `failed_at`, `next_attempt_at`);
-- create index "notification_recipient_created_at" to table: "notifications"
CREATE INDEX `notification_recipient_created_at` ON `notifications` (`recipient`, `created_at`);
-- create index "notification_case_id" to table: "notifications"
CREATE INDEX `notification_case_id` ON `notifications` (`case_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
