-- reverse: create index "notification_case_id" to table: "notifications"
DROP INDEX `notification_case_id`;
-- reverse: create index "notification_recipient_created_at" to table: "notifications"
DROP INDEX `notification_recipient_created_at`;
-- reverse: create index "notification_sent_at_failed_at_next_attempt_at" to table: "notifications"
DROP INDEX `notification_sent_at_failed_at_next_attempt_at`;
-- reverse: create index "notifications_message_id_key" to table: "notifications"
DROP INDEX `notifications_message_id_key`;
-- reverse: create "new_notifications" table
DROP TABLE `new_notifications`;
-- reverse: add column "reporter_notify_sealed" to table: "cases"
ALTER TABLE `cases` DROP COLUMN `reporter_notify_sealed`;
