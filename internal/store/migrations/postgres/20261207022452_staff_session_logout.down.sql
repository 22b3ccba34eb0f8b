-- reverse: create index "staffsession_provider_sid" to table: "staff_sessions"
DROP INDEX "staffsession_provider_sid";
-- reverse: modify "staff_sessions" table
ALTER TABLE "staff_sessions" DROP COLUMN "provider_sid", DROP COLUMN "id_token_sealed";
