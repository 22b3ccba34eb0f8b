-- create "audit_events" table
CREATE TABLE "audit_events" ("id" uuid NOT NULL, "at" timestamptz NOT NULL, "actor_kind" character varying NOT NULL, "actor_id" character varying NULL, "action" character varying NOT NULL, "case_id" uuid NULL, "fields" character varying NULL, "request_id" character varying NULL, PRIMARY KEY ("id"));
-- create index "auditevent_at" to table: "audit_events"
CREATE INDEX "auditevent_at" ON "audit_events" ("at");
-- create index "auditevent_case_id_at" to table: "audit_events"
CREATE INDEX "auditevent_case_id_at" ON "audit_events" ("case_id", "at");
-- create "cases" table
CREATE TABLE "cases" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "reference" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'RECEIVED', "category" character varying NOT NULL, "channel" character varying NOT NULL, "anonymity" character varying NOT NULL, "received_at" timestamptz NOT NULL, "ack_due_at" timestamptz NOT NULL, "acknowledged_at" timestamptz NULL, "acknowledged_by" character varying NULL, "feedback_due_at" timestamptz NULL, "wrapped_key" bytea NOT NULL, "receipt_lookup" bytea NOT NULL, "idempotency_lookup" bytea NULL, "request_fingerprint" bytea NULL, "replay_sealed" bytea NULL, "replay_until" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "casefile_received_at" to table: "cases"
CREATE INDEX "casefile_received_at" ON "cases" ("received_at");
-- create index "casefile_status_received_at" to table: "cases"
CREATE INDEX "casefile_status_received_at" ON "cases" ("status", "received_at");
-- create index "cases_idempotency_lookup_key" to table: "cases"
CREATE UNIQUE INDEX "cases_idempotency_lookup_key" ON "cases" ("idempotency_lookup");
-- create index "cases_receipt_lookup_key" to table: "cases"
CREATE UNIQUE INDEX "cases_receipt_lookup_key" ON "cases" ("receipt_lookup");
-- create index "cases_reference_key" to table: "cases"
CREATE UNIQUE INDEX "cases_reference_key" ON "cases" ("reference");
-- create "messages" table
CREATE TABLE "messages" ("id" uuid NOT NULL, "author" character varying NOT NULL, "author_subject" character varying NULL, "body_sealed" bytea NOT NULL, "sent_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "messages_cases_messages" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "message_case_id_sent_at" to table: "messages"
CREATE INDEX "message_case_id_sent_at" ON "messages" ("case_id", "sent_at");
-- create "reporter_identities" table
CREATE TABLE "reporter_identities" ("id" uuid NOT NULL, "identity_sealed" bytea NOT NULL, "created_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "reporter_identities_cases_identity" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "reporter_identities_case_id_key" to table: "reporter_identities"
CREATE UNIQUE INDEX "reporter_identities_case_id_key" ON "reporter_identities" ("case_id");
-- create "reporter_sessions" table
CREATE TABLE "reporter_sessions" ("id" uuid NOT NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "reporter_sessions_cases_sessions" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "reporter_sessions_token_hash_key" to table: "reporter_sessions"
CREATE UNIQUE INDEX "reporter_sessions_token_hash_key" ON "reporter_sessions" ("token_hash");
-- create index "reportersession_expires_at" to table: "reporter_sessions"
CREATE INDEX "reportersession_expires_at" ON "reporter_sessions" ("expires_at");
-- create "reports" table
CREATE TABLE "reports" ("id" uuid NOT NULL, "content_sealed" bytea NOT NULL, "created_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "reports_cases_report" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "reports_case_id_key" to table: "reports"
CREATE UNIQUE INDEX "reports_case_id_key" ON "reports" ("case_id");
