-- modify "staff_sessions" table
ALTER TABLE "staff_sessions" ADD COLUMN "id_token_sealed" bytea NULL, ADD COLUMN "provider_sid" character varying NULL;
-- create index "staffsession_provider_sid" to table: "staff_sessions"
CREATE INDEX "staffsession_provider_sid" ON "staff_sessions" ("provider_sid");
