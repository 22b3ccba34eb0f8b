-- create "escrow_entries" table
CREATE TABLE "escrow_entries" ("id" uuid NOT NULL, "person_hash" bytea NOT NULL, "reporter_hash" bytea NOT NULL, "sealed" bytea NOT NULL, "created_on" timestamptz NOT NULL, "state" character varying NOT NULL DEFAULT 'WAITING', "case_sealed" bytea NULL, PRIMARY KEY ("id"));
-- create index "escrowentry_person_hash" to table: "escrow_entries"
CREATE INDEX "escrowentry_person_hash" ON "escrow_entries" ("person_hash");
-- create index "escrowentry_reporter_hash" to table: "escrow_entries"
CREATE INDEX "escrowentry_reporter_hash" ON "escrow_entries" ("reporter_hash");
-- create index "escrowentry_state_created_on" to table: "escrow_entries"
CREATE INDEX "escrowentry_state_created_on" ON "escrow_entries" ("state", "created_on");
-- create "escrow_tallies" table
CREATE TABLE "escrow_tallies" ("id" character varying NOT NULL, "count" bigint NOT NULL DEFAULT 0, PRIMARY KEY ("id"));
