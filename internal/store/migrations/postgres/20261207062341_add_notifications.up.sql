-- create "notifications" table
CREATE TABLE "notifications" ("id" uuid NOT NULL, "recipient" character varying NOT NULL, "kind" character varying NOT NULL, "case_reference" character varying NULL, "count" bigint NOT NULL DEFAULT 0, "message_id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "attempts" bigint NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL, "sent_at" timestamptz NULL, "failed_at" timestamptz NULL, "last_error" character varying NULL, PRIMARY KEY ("id"));
-- create index "notification_recipient_created_at" to table: "notifications"
CREATE INDEX "notification_recipient_created_at" ON "notifications" ("recipient", "created_at");
-- create index "notification_sent_at_failed_at_next_attempt_at" to table: "notifications"
CREATE INDEX "notification_sent_at_failed_at_next_attempt_at" ON "notifications" ("sent_at", "failed_at", "next_attempt_at");
-- create index "notifications_message_id_key" to table: "notifications"
CREATE UNIQUE INDEX "notifications_message_id_key" ON "notifications" ("message_id");
-- create "notification_preferences" table
CREATE TABLE "notification_preferences" ("id" character varying NOT NULL, "mode" character varying NOT NULL, "updated_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
