-- reverse: create index "reports_case_id_key" to table: "reports"
DROP INDEX "reports_case_id_key";
-- reverse: create "reports" table
DROP TABLE "reports";
-- reverse: create index "reportersession_expires_at" to table: "reporter_sessions"
DROP INDEX "reportersession_expires_at";
-- reverse: create index "reporter_sessions_token_hash_key" to table: "reporter_sessions"
DROP INDEX "reporter_sessions_token_hash_key";
-- reverse: create "reporter_sessions" table
DROP TABLE "reporter_sessions";
-- reverse: create index "reporter_identities_case_id_key" to table: "reporter_identities"
DROP INDEX "reporter_identities_case_id_key";
-- reverse: create "reporter_identities" table
DROP TABLE "reporter_identities";
-- reverse: create index "message_case_id_sent_at" to table: "messages"
DROP INDEX "message_case_id_sent_at";
-- reverse: create "messages" table
DROP TABLE "messages";
-- reverse: create index "cases_reference_key" to table: "cases"
DROP INDEX "cases_reference_key";
-- reverse: create index "cases_receipt_lookup_key" to table: "cases"
DROP INDEX "cases_receipt_lookup_key";
-- reverse: create index "cases_idempotency_lookup_key" to table: "cases"
DROP INDEX "cases_idempotency_lookup_key";
-- reverse: create index "casefile_status_received_at" to table: "cases"
DROP INDEX "casefile_status_received_at";
-- reverse: create index "casefile_received_at" to table: "cases"
DROP INDEX "casefile_received_at";
-- reverse: create "cases" table
DROP TABLE "cases";
-- reverse: create index "auditevent_case_id_at" to table: "audit_events"
DROP INDEX "auditevent_case_id_at";
-- reverse: create index "auditevent_at" to table: "audit_events"
DROP INDEX "auditevent_at";
-- reverse: create "audit_events" table
DROP TABLE "audit_events";
