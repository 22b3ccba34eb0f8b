-- reverse: modify "weighings" table
ALTER TABLE "weighings" DROP CONSTRAINT "weighings_cases_weighing";
-- reverse: modify "suspensions" table
ALTER TABLE "suspensions" DROP CONSTRAINT "suspensions_cases_suspensions";
-- reverse: modify "sanction_decisions" table
ALTER TABLE "sanction_decisions" DROP CONSTRAINT "sanction_decisions_cases_sanction";
-- reverse: modify "reporter_sessions" table
ALTER TABLE "reporter_sessions" DROP CONSTRAINT "reporter_sessions_cases_sessions";
-- reverse: modify "reporter_identities" table
ALTER TABLE "reporter_identities" DROP CONSTRAINT "reporter_identities_cases_identity";
-- reverse: modify "reports" table
ALTER TABLE "reports" DROP CONSTRAINT "reports_cases_report";
-- reverse: modify "precedent_terms" table
ALTER TABLE "precedent_terms" DROP CONSTRAINT "precedent_terms_precedents_terms";
-- reverse: modify "precedent_tags" table
ALTER TABLE "precedent_tags" DROP CONSTRAINT "precedent_tags_precedents_tags";
-- reverse: modify "org_units" table
ALTER TABLE "org_units" DROP CONSTRAINT "org_units_employees_manager";
-- reverse: modify "oral_report_versions" table
ALTER TABLE "oral_report_versions" DROP CONSTRAINT "oral_report_versions_cases_oral_report_versions";
-- reverse: modify "messages" table
ALTER TABLE "messages" DROP CONSTRAINT "messages_cases_messages";
-- reverse: modify "investigation_members" table
ALTER TABLE "investigation_members" DROP CONSTRAINT "investigation_members_cases_investigators";
-- reverse: modify "investigations" table
ALTER TABLE "investigations" DROP CONSTRAINT "investigations_cases_investigation";
-- reverse: modify "interviews" table
ALTER TABLE "interviews" DROP CONSTRAINT "interviews_cases_interviews";
-- reverse: modify "hearings" table
ALTER TABLE "hearings" DROP CONSTRAINT "hearings_cases_hearing";
-- reverse: modify "evidences" table
ALTER TABLE "evidences" DROP CONSTRAINT "evidences_cases_evidence";
-- reverse: modify "employees" table
ALTER TABLE "employees" DROP CONSTRAINT "employees_org_units_unit";
-- reverse: modify "conversations" table
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_cases_conversations";
-- reverse: modify "consents" table
ALTER TABLE "consents" DROP CONSTRAINT "consents_cases_consents";
-- reverse: modify "case_subjects" table
ALTER TABLE "case_subjects" DROP CONSTRAINT "case_subjects_employees_employee", DROP CONSTRAINT "case_subjects_cases_subjects";
-- reverse: modify "case_grounds" table
ALTER TABLE "case_grounds" DROP CONSTRAINT "case_grounds_cases_grounds";
-- reverse: modify "cases" table
ALTER TABLE "cases" DROP CONSTRAINT "cases_org_units_unit", DROP CONSTRAINT "cases_advisers_adviser";
-- reverse: modify "assessments" table
ALTER TABLE "assessments" DROP CONSTRAINT "assessments_cases_assessment";
-- reverse: modify "allegations" table
ALTER TABLE "allegations" DROP CONSTRAINT "allegations_cases_allegations";
-- reverse: create index "weighings_case_id_key" to table: "weighings"
DROP INDEX "weighings_case_id_key";
-- reverse: create "weighings" table
DROP TABLE "weighings";
-- reverse: create "suspensions" table
DROP TABLE "suspensions";
-- reverse: create index "staffsession_subject" to table: "staff_sessions"
DROP INDEX "staffsession_subject";
-- reverse: create index "staffsession_expires_at" to table: "staff_sessions"
DROP INDEX "staffsession_expires_at";
-- reverse: create index "staff_sessions_token_hash_key" to table: "staff_sessions"
DROP INDEX "staff_sessions_token_hash_key";
-- reverse: create "staff_sessions" table
DROP TABLE "staff_sessions";
-- reverse: create index "staff_accounts_subject_key" to table: "staff_accounts"
DROP INDEX "staff_accounts_subject_key";
-- reverse: create "staff_accounts" table
DROP TABLE "staff_accounts";
-- reverse: create index "sanction_decisions_case_id_key" to table: "sanction_decisions"
DROP INDEX "sanction_decisions_case_id_key";
-- reverse: create "sanction_decisions" table
DROP TABLE "sanction_decisions";
-- reverse: create index "rule_set_versions_version_key" to table: "rule_set_versions"
DROP INDEX "rule_set_versions_version_key";
-- reverse: create "rule_set_versions" table
DROP TABLE "rule_set_versions";
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
-- reverse: create index "reports_case_id_key" to table: "reports"
DROP INDEX "reports_case_id_key";
-- reverse: create "reports" table
DROP TABLE "reports";
-- reverse: create index "precedent_term_stats_term_key" to table: "precedent_term_stats"
DROP INDEX "precedent_term_stats_term_key";
-- reverse: create "precedent_term_stats" table
DROP TABLE "precedent_term_stats";
-- reverse: create index "precedentterm_term_impact_precedent_id_tf_dl" to table: "precedent_terms"
DROP INDEX "precedentterm_term_impact_precedent_id_tf_dl";
-- reverse: create index "precedentterm_precedent_id_term" to table: "precedent_terms"
DROP INDEX "precedentterm_precedent_id_term";
-- reverse: create "precedent_terms" table
DROP TABLE "precedent_terms";
-- reverse: create index "precedenttag_tag_precedent_id_weight" to table: "precedent_tags"
DROP INDEX "precedenttag_tag_precedent_id_weight";
-- reverse: create index "precedenttag_precedent_id_tag" to table: "precedent_tags"
DROP INDEX "precedenttag_precedent_id_tag";
-- reverse: create "precedent_tags" table
DROP TABLE "precedent_tags";
-- reverse: create index "precedentdraft_status_created_at" to table: "precedent_drafts"
DROP INDEX "precedentdraft_status_created_at";
-- reverse: create index "precedent_drafts_case_id_key" to table: "precedent_drafts"
DROP INDEX "precedent_drafts_case_id_key";
-- reverse: create "precedent_drafts" table
DROP TABLE "precedent_drafts";
-- reverse: create index "precedents_external_id_key" to table: "precedents"
DROP INDEX "precedents_external_id_key";
-- reverse: create index "precedent_category_year" to table: "precedents"
DROP INDEX "precedent_category_year";
-- reverse: create "precedents" table
DROP TABLE "precedents";
-- reverse: create index "org_units_code_key" to table: "org_units"
DROP INDEX "org_units_code_key";
-- reverse: create "org_units" table
DROP TABLE "org_units";
-- reverse: create index "oralreportversion_case_id_version" to table: "oral_report_versions"
DROP INDEX "oralreportversion_case_id_version";
-- reverse: create "oral_report_versions" table
DROP TABLE "oral_report_versions";
-- reverse: create index "message_case_id_sent_at" to table: "messages"
DROP INDEX "message_case_id_sent_at";
-- reverse: create "messages" table
DROP TABLE "messages";
-- reverse: create index "investigationmember_staff_subject" to table: "investigation_members"
DROP INDEX "investigationmember_staff_subject";
-- reverse: create index "investigationmember_case_id_staff_subject" to table: "investigation_members"
DROP INDEX "investigationmember_case_id_staff_subject";
-- reverse: create "investigation_members" table
DROP TABLE "investigation_members";
-- reverse: create index "investigations_case_id_key" to table: "investigations"
DROP INDEX "investigations_case_id_key";
-- reverse: create "investigations" table
DROP TABLE "investigations";
-- reverse: create "interviews" table
DROP TABLE "interviews";
-- reverse: create index "hearings_case_id_key" to table: "hearings"
DROP INDEX "hearings_case_id_key";
-- reverse: create "hearings" table
DROP TABLE "hearings";
-- reverse: create "evidences" table
DROP TABLE "evidences";
-- reverse: create index "employees_staff_subject_key" to table: "employees"
DROP INDEX "employees_staff_subject_key";
-- reverse: create index "employees_number_key" to table: "employees"
DROP INDEX "employees_number_key";
-- reverse: create "employees" table
DROP TABLE "employees";
-- reverse: create index "conversation_case_id_held_on" to table: "conversations"
DROP INDEX "conversation_case_id_held_on";
-- reverse: create "conversations" table
DROP TABLE "conversations";
-- reverse: create index "consent_case_id_purpose" to table: "consents"
DROP INDEX "consent_case_id_purpose";
-- reverse: create "consents" table
DROP TABLE "consents";
-- reverse: create index "casesubject_employee_id" to table: "case_subjects"
DROP INDEX "casesubject_employee_id";
-- reverse: create index "casesubject_case_id_employee_id" to table: "case_subjects"
DROP INDEX "casesubject_case_id_employee_id";
-- reverse: create "case_subjects" table
DROP TABLE "case_subjects";
-- reverse: create index "caseground_ground" to table: "case_grounds"
DROP INDEX "caseground_ground";
-- reverse: create index "caseground_case_id_ground" to table: "case_grounds"
DROP INDEX "caseground_case_id_ground";
-- reverse: create "case_grounds" table
DROP TABLE "case_grounds";
-- reverse: create index "cases_reference_key" to table: "cases"
DROP INDEX "cases_reference_key";
-- reverse: create index "cases_receipt_lookup_key" to table: "cases"
DROP INDEX "cases_receipt_lookup_key";
-- reverse: create index "cases_idempotency_lookup_key" to table: "cases"
DROP INDEX "cases_idempotency_lookup_key";
-- reverse: create index "casefile_unit_id_received_at_id" to table: "cases"
DROP INDEX "casefile_unit_id_received_at_id";
-- reverse: create index "casefile_status_received_at" to table: "cases"
DROP INDEX "casefile_status_received_at";
-- reverse: create index "casefile_received_at" to table: "cases"
DROP INDEX "casefile_received_at";
-- reverse: create index "casefile_adviser_id_received_at_id" to table: "cases"
DROP INDEX "casefile_adviser_id_received_at_id";
-- reverse: create "cases" table
DROP TABLE "cases";
-- reverse: create "audit_heads" table
DROP TABLE "audit_heads";
-- reverse: create index "auditevent_case_id_at" to table: "audit_events"
DROP INDEX "auditevent_case_id_at";
-- reverse: create index "auditevent_at" to table: "audit_events"
DROP INDEX "auditevent_at";
-- reverse: create "audit_events" table
DROP TABLE "audit_events";
-- reverse: create index "assessments_case_id_key" to table: "assessments"
DROP INDEX "assessments_case_id_key";
-- reverse: create "assessments" table
DROP TABLE "assessments";
-- reverse: create "allegations" table
DROP TABLE "allegations";
-- reverse: create index "advisers_staff_subject_key" to table: "advisers"
DROP INDEX "advisers_staff_subject_key";
-- reverse: create "advisers" table
DROP TABLE "advisers";
