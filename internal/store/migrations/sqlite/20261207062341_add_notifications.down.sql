-- reverse: create "notification_preferences" table
DROP TABLE `notification_preferences`;
-- reverse: create index "notification_recipient_created_at" to table: "notifications"
DROP INDEX `notification_recipient_created_at`;
-- reverse: create index "notification_sent_at_failed_at_next_attempt_at" to table: "notifications"
DROP INDEX `notification_sent_at_failed_at_next_attempt_at`;
-- reverse: create index "notifications_message_id_key" to table: "notifications"
DROP INDEX `notifications_message_id_key`;
-- reverse: create "notifications" table
DROP TABLE `notifications`;
