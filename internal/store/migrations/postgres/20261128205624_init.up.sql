-- create "advisers" table
CREATE TABLE "advisers" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "staff_subject" character varying NOT NULL, "name" character varying NOT NULL, "kind" character varying NOT NULL, "intro" character varying NULL, "languages" character varying NULL, "photo_url" character varying NULL, "active" boolean NOT NULL DEFAULT true, PRIMARY KEY ("id"));
-- create index "advisers_staff_subject_key" to table: "advisers"
CREATE UNIQUE INDEX "advisers_staff_subject_key" ON "advisers" ("staff_subject");
-- create "allegations" table
CREATE TABLE "allegations" ("id" uuid NOT NULL, "norm_id" character varying NOT NULL, "severity" character varying NOT NULL, "description_sealed" bytea NOT NULL, "finding" character varying NULL, "reasoning_sealed" bytea NULL, "added_by" character varying NOT NULL, "added_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create "assessments" table
CREATE TABLE "assessments" ("id" uuid NOT NULL, "qualification_sealed" bytea NOT NULL, "assessed_by" character varying NOT NULL, "assessed_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "assessments_case_id_key" to table: "assessments"
CREATE UNIQUE INDEX "assessments_case_id_key" ON "assessments" ("case_id");
-- create "audit_events" table
CREATE TABLE "audit_events" ("id" uuid NOT NULL, "at" timestamptz NOT NULL, "actor_kind" character varying NOT NULL, "actor_id" character varying NULL, "action" character varying NOT NULL, "case_id" uuid NULL, "fields" character varying NULL, "request_id" character varying NULL, PRIMARY KEY ("id"));
-- create index "auditevent_at" to table: "audit_events"
CREATE INDEX "auditevent_at" ON "audit_events" ("at");
-- create index "auditevent_case_id_at" to table: "audit_events"
CREATE INDEX "auditevent_case_id_at" ON "audit_events" ("case_id", "at");
-- create "cases" table
CREATE TABLE "cases" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "reference" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'RECEIVED', "category" character varying NOT NULL, "channel" character varying NOT NULL, "anonymity" character varying NOT NULL, "received_at" timestamptz NOT NULL, "ack_due_at" timestamptz NOT NULL, "acknowledged_at" timestamptz NULL, "acknowledged_by" character varying NULL, "feedback_due_at" timestamptz NULL, "wrapped_key" bytea NOT NULL, "receipt_lookup" bytea NOT NULL, "idempotency_lookup" bytea NULL, "request_fingerprint" bytea NULL, "replay_sealed" bytea NULL, "replay_until" timestamptz NULL, "escalated_at" timestamptz NULL, "pseudonymous" boolean NOT NULL DEFAULT false, "weighing_due_at" timestamptz NULL, "weighed_at" timestamptz NULL, "outcome" character varying NULL, "closed_at" timestamptz NULL, "rule_set_version" character varying NULL, "content_destroyed_at" timestamptz NULL, "adviser_id" uuid NULL, "unit_id" uuid NULL, PRIMARY KEY ("id"));
-- create index "casefile_adviser_id_received_at_id" to table: "cases"
CREATE INDEX "casefile_adviser_id_received_at_id" ON "cases" ("adviser_id", "received_at", "id");
-- create index "casefile_received_at" to table: "cases"
CREATE INDEX "casefile_received_at" ON "cases" ("received_at");
-- create index "casefile_status_received_at" to table: "cases"
CREATE INDEX "casefile_status_received_at" ON "cases" ("status", "received_at");
-- create index "casefile_unit_id_received_at_id" to table: "cases"
CREATE INDEX "casefile_unit_id_received_at_id" ON "cases" ("unit_id", "received_at", "id");
-- create index "cases_idempotency_lookup_key" to table: "cases"
CREATE UNIQUE INDEX "cases_idempotency_lookup_key" ON "cases" ("idempotency_lookup");
-- create index "cases_receipt_lookup_key" to table: "cases"
CREATE UNIQUE INDEX "cases_receipt_lookup_key" ON "cases" ("receipt_lookup");
-- create index "cases_reference_key" to table: "cases"
CREATE UNIQUE INDEX "cases_reference_key" ON "cases" ("reference");
-- create "case_subjects" table
CREATE TABLE "case_subjects" ("id" uuid NOT NULL, "linked_by" character varying NOT NULL, "linked_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, "employee_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "casesubject_case_id_employee_id" to table: "case_subjects"
CREATE UNIQUE INDEX "casesubject_case_id_employee_id" ON "case_subjects" ("case_id", "employee_id");
-- create index "casesubject_employee_id" to table: "case_subjects"
CREATE INDEX "casesubject_employee_id" ON "case_subjects" ("employee_id");
-- create "consents" table
CREATE TABLE "consents" ("id" uuid NOT NULL, "purpose" character varying NOT NULL, "given_at" timestamptz NOT NULL, "recorded_by" character varying NOT NULL, "revoked_at" timestamptz NULL, "acted_upon_at" timestamptz NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "consent_case_id_purpose" to table: "consents"
CREATE INDEX "consent_case_id_purpose" ON "consents" ("case_id", "purpose");
-- create "conversations" table
CREATE TABLE "conversations" ("id" uuid NOT NULL, "adviser_subject" character varying NOT NULL, "held_on" timestamptz NOT NULL, "form" character varying NOT NULL, "duration_minutes" bigint NOT NULL, "content_sealed" bytea NULL, "created_at" timestamptz NOT NULL, "part_ended_at" timestamptz NULL, "notes_destroyed_at" timestamptz NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "conversation_case_id_held_on" to table: "conversations"
CREATE INDEX "conversation_case_id_held_on" ON "conversations" ("case_id", "held_on");
-- create "employees" table
CREATE TABLE "employees" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" character varying NOT NULL, "name" character varying NOT NULL, "email" character varying NULL, "staff_subject" character varying NULL, "employee_unit" uuid NULL, PRIMARY KEY ("id"));
-- create index "employees_number_key" to table: "employees"
CREATE UNIQUE INDEX "employees_number_key" ON "employees" ("number");
-- create index "employees_staff_subject_key" to table: "employees"
CREATE UNIQUE INDEX "employees_staff_subject_key" ON "employees" ("staff_subject");
-- create "evidences" table
CREATE TABLE "evidences" ("id" uuid NOT NULL, "uploaded_by_kind" character varying NOT NULL, "uploaded_by" character varying NULL, "media_type" character varying NOT NULL, "size" bigint NOT NULL, "content_sealed" bytea NOT NULL, "uploaded_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create "hearings" table
CREATE TABLE "hearings" ("id" uuid NOT NULL, "held_on" timestamptz NOT NULL, "declined" boolean NOT NULL, "response_sealed" bytea NULL, "recorded_by" character varying NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "hearings_case_id_key" to table: "hearings"
CREATE UNIQUE INDEX "hearings_case_id_key" ON "hearings" ("case_id");
-- create "interviews" table
CREATE TABLE "interviews" ("id" uuid NOT NULL, "role" character varying NOT NULL, "held_on" timestamptz NOT NULL, "interviewer" character varying NOT NULL, "content_sealed" bytea NOT NULL, "approved_at" timestamptz NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create "investigations" table
CREATE TABLE "investigations" ("id" uuid NOT NULL, "started_by" character varying NOT NULL, "started_at" timestamptz NOT NULL, "plan_sealed" bytea NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "investigations_case_id_key" to table: "investigations"
CREATE UNIQUE INDEX "investigations_case_id_key" ON "investigations" ("case_id");
-- create "investigation_members" table
CREATE TABLE "investigation_members" ("id" uuid NOT NULL, "staff_subject" character varying NOT NULL, "assigned_by" character varying NOT NULL, "assigned_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "investigationmember_case_id_staff_subject" to table: "investigation_members"
CREATE UNIQUE INDEX "investigationmember_case_id_staff_subject" ON "investigation_members" ("case_id", "staff_subject");
-- create index "investigationmember_staff_subject" to table: "investigation_members"
CREATE INDEX "investigationmember_staff_subject" ON "investigation_members" ("staff_subject");
-- create "messages" table
CREATE TABLE "messages" ("id" uuid NOT NULL, "author" character varying NOT NULL, "author_subject" character varying NULL, "body_sealed" bytea NOT NULL, "sent_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "message_case_id_sent_at" to table: "messages"
CREATE INDEX "message_case_id_sent_at" ON "messages" ("case_id", "sent_at");
-- create "oral_report_versions" table
CREATE TABLE "oral_report_versions" ("id" uuid NOT NULL, "version" bigint NOT NULL, "content_sealed" bytea NOT NULL, "author" character varying NOT NULL, "author_subject" character varying NULL, "created_at" timestamptz NOT NULL, "approved_at" timestamptz NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "oralreportversion_case_id_version" to table: "oral_report_versions"
CREATE UNIQUE INDEX "oralreportversion_case_id_version" ON "oral_report_versions" ("case_id", "version");
-- create "org_units" table
CREATE TABLE "org_units" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "code" character varying NOT NULL, "name" character varying NOT NULL, "parent_code" character varying NULL, "org_unit_manager" uuid NULL, PRIMARY KEY ("id"));
-- create index "org_units_code_key" to table: "org_units"
CREATE UNIQUE INDEX "org_units_code_key" ON "org_units" ("code");
-- create "reports" table
CREATE TABLE "reports" ("id" uuid NOT NULL, "content_sealed" bytea NOT NULL, "created_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "reports_case_id_key" to table: "reports"
CREATE UNIQUE INDEX "reports_case_id_key" ON "reports" ("case_id");
-- create "reporter_identities" table
CREATE TABLE "reporter_identities" ("id" uuid NOT NULL, "identity_sealed" bytea NOT NULL, "created_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "reporter_identities_case_id_key" to table: "reporter_identities"
CREATE UNIQUE INDEX "reporter_identities_case_id_key" ON "reporter_identities" ("case_id");
-- create "reporter_sessions" table
CREATE TABLE "reporter_sessions" ("id" uuid NOT NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "reporter_sessions_token_hash_key" to table: "reporter_sessions"
CREATE UNIQUE INDEX "reporter_sessions_token_hash_key" ON "reporter_sessions" ("token_hash");
-- create index "reportersession_expires_at" to table: "reporter_sessions"
CREATE INDEX "reportersession_expires_at" ON "reporter_sessions" ("expires_at");
-- create "rule_set_versions" table
CREATE TABLE "rule_set_versions" ("id" uuid NOT NULL, "version" character varying NOT NULL, "effective_date" timestamptz NOT NULL, "document" text NOT NULL, "published_by" character varying NOT NULL, "published_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create index "rule_set_versions_version_key" to table: "rule_set_versions"
CREATE UNIQUE INDEX "rule_set_versions_version_key" ON "rule_set_versions" ("version");
-- create "sanction_decisions" table
CREATE TABLE "sanction_decisions" ("id" uuid NOT NULL, "sanction" character varying NOT NULL, "recommended" character varying NULL, "rule_set_version" character varying NOT NULL, "lighter_than_recommended" boolean NOT NULL, "motivation_sealed" bytea NULL, "facts_known_at" timestamptz NOT NULL, "decided_at" timestamptz NOT NULL, "decided_by" character varying NOT NULL, "late" boolean NOT NULL, "circumstances" character varying NULL, "fired_rules" text NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "sanction_decisions_case_id_key" to table: "sanction_decisions"
CREATE UNIQUE INDEX "sanction_decisions_case_id_key" ON "sanction_decisions" ("case_id");
-- create "suspensions" table
CREATE TABLE "suspensions" ("id" uuid NOT NULL, "imposed_at" timestamptz NOT NULL, "imposed_by" character varying NOT NULL, "reason_sealed" bytea NOT NULL, "lifted_at" timestamptz NULL, "lifted_by" character varying NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create "weighings" table
CREATE TABLE "weighings" ("id" uuid NOT NULL, "outcome" character varying NOT NULL, "decided_by" character varying NOT NULL, "decided_at" timestamptz NOT NULL, "content_sealed" bytea NOT NULL, "case_id" uuid NOT NULL, PRIMARY KEY ("id"));
-- create index "weighings_case_id_key" to table: "weighings"
CREATE UNIQUE INDEX "weighings_case_id_key" ON "weighings" ("case_id");
-- modify "allegations" table
ALTER TABLE "allegations" ADD CONSTRAINT "allegations_cases_allegations" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "assessments" table
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_cases_assessment" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "cases" table
ALTER TABLE "cases" ADD CONSTRAINT "cases_advisers_adviser" FOREIGN KEY ("adviser_id") REFERENCES "advisers" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "cases_org_units_unit" FOREIGN KEY ("unit_id") REFERENCES "org_units" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "case_subjects" table
ALTER TABLE "case_subjects" ADD CONSTRAINT "case_subjects_cases_subjects" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "case_subjects_employees_employee" FOREIGN KEY ("employee_id") REFERENCES "employees" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "consents" table
ALTER TABLE "consents" ADD CONSTRAINT "consents_cases_consents" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "conversations" table
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_cases_conversations" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "employees" table
ALTER TABLE "employees" ADD CONSTRAINT "employees_org_units_unit" FOREIGN KEY ("employee_unit") REFERENCES "org_units" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "evidences" table
ALTER TABLE "evidences" ADD CONSTRAINT "evidences_cases_evidence" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "hearings" table
ALTER TABLE "hearings" ADD CONSTRAINT "hearings_cases_hearing" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "interviews" table
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_cases_interviews" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "investigations" table
ALTER TABLE "investigations" ADD CONSTRAINT "investigations_cases_investigation" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "investigation_members" table
ALTER TABLE "investigation_members" ADD CONSTRAINT "investigation_members_cases_investigators" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "messages" table
ALTER TABLE "messages" ADD CONSTRAINT "messages_cases_messages" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "oral_report_versions" table
ALTER TABLE "oral_report_versions" ADD CONSTRAINT "oral_report_versions_cases_oral_report_versions" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "org_units" table
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_employees_manager" FOREIGN KEY ("org_unit_manager") REFERENCES "employees" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "reports" table
ALTER TABLE "reports" ADD CONSTRAINT "reports_cases_report" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "reporter_identities" table
ALTER TABLE "reporter_identities" ADD CONSTRAINT "reporter_identities_cases_identity" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "reporter_sessions" table
ALTER TABLE "reporter_sessions" ADD CONSTRAINT "reporter_sessions_cases_sessions" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "sanction_decisions" table
ALTER TABLE "sanction_decisions" ADD CONSTRAINT "sanction_decisions_cases_sanction" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "suspensions" table
ALTER TABLE "suspensions" ADD CONSTRAINT "suspensions_cases_suspensions" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "weighings" table
ALTER TABLE "weighings" ADD CONSTRAINT "weighings_cases_weighing" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
