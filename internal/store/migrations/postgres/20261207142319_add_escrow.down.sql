-- reverse: create "escrow_tallies" table
DROP TABLE "escrow_tallies";
-- reverse: create index "escrowentry_state_created_on" to table: "escrow_entries"
DROP INDEX "escrowentry_state_created_on";
-- reverse: create index "escrowentry_reporter_hash" to table: "escrow_entries"
DROP INDEX "escrowentry_reporter_hash";
-- reverse: create index "escrowentry_person_hash" to table: "escrow_entries"
DROP INDEX "escrowentry_person_hash";
-- reverse: create "escrow_entries" table
DROP TABLE "escrow_entries";
