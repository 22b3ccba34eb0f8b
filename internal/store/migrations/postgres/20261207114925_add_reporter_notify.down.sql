-- reverse: create index "notification_case_id" to table: "notifications"
DROP INDEX "notification_case_id";
-- reverse: modify "notifications" table
ALTER TABLE "notifications" DROP COLUMN "case_id";
-- reverse: modify "cases" table
ALTER TABLE "cases" DROP COLUMN "reporter_notify_sealed";
