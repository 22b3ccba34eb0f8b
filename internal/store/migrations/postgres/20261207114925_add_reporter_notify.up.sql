-- modify "cases" table
ALTER TABLE "cases" ADD COLUMN "reporter_notify_sealed" bytea NULL;
-- modify "notifications" table
ALTER TABLE "notifications" ADD COLUMN "case_id" uuid NULL;
-- create index "notification_case_id" to table: "notifications"
CREATE INDEX "notification_case_id" ON "notifications" ("case_id");
