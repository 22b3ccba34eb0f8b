-- create "advisers" table
CREATE TABLE `advisers` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `staff_subject` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `intro` text NULL, `languages` text NULL, `photo_url` text NULL, `active` bool NOT NULL DEFAULT (true), PRIMARY KEY (`id`));
-- create index "advisers_staff_subject_key" to table: "advisers"
CREATE UNIQUE INDEX `advisers_staff_subject_key` ON `advisers` (`staff_subject`);
-- create "allegations" table
CREATE TABLE `allegations` (`id` uuid NOT NULL, `norm_id` text NOT NULL, `severity` text NOT NULL, `description_sealed` blob NOT NULL, `finding` text NULL, `reasoning_sealed` blob NULL, `added_by` text NOT NULL, `added_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `allegations_cases_allegations` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create "assessments" table
CREATE TABLE `assessments` (`id` uuid NOT NULL, `qualification_sealed` blob NOT NULL, `assessed_by` text NOT NULL, `assessed_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `assessments_cases_assessment` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "assessments_case_id_key" to table: "assessments"
CREATE UNIQUE INDEX `assessments_case_id_key` ON `assessments` (`case_id`);
-- create "audit_events" table
CREATE TABLE `audit_events` (`id` uuid NOT NULL, `at` datetime NOT NULL, `actor_kind` text NOT NULL, `actor_id` text NULL, `action` text NOT NULL, `case_id` uuid NULL, `fields` text NULL, `request_id` text NULL, `prev_mac` blob NULL, `mac` blob NULL, PRIMARY KEY (`id`));
-- create index "auditevent_case_id_at" to table: "audit_events"
CREATE INDEX `auditevent_case_id_at` ON `audit_events` (`case_id`, `at`);
-- create index "auditevent_at" to table: "audit_events"
CREATE INDEX `auditevent_at` ON `audit_events` (`at`);
-- create "audit_heads" table
CREATE TABLE `audit_heads` (`id` uuid NOT NULL, `mac` blob NULL, PRIMARY KEY (`id`));
-- create "cases" table
CREATE TABLE `cases` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `reference` text NOT NULL, `status` text NOT NULL DEFAULT ('RECEIVED'), `category` text NOT NULL, `channel` text NOT NULL, `anonymity` text NOT NULL, `received_at` datetime NOT NULL, `ack_due_at` datetime NOT NULL, `acknowledged_at` datetime NULL, `acknowledged_by` text NULL, `feedback_due_at` datetime NULL, `wrapped_key` blob NOT NULL, `receipt_lookup` blob NOT NULL, `idempotency_lookup` blob NULL, `request_fingerprint` blob NULL, `replay_sealed` blob NULL, `replay_until` datetime NULL, `escalated_at` datetime NULL, `pseudonymous` bool NOT NULL DEFAULT (false), `weighing_due_at` datetime NULL, `weighed_at` datetime NULL, `outcome` text NULL, `closed_at` datetime NULL, `rule_set_version` text NULL, `content_destroyed_at` datetime NULL, `adviser_id` uuid NULL, `unit_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `cases_advisers_adviser` FOREIGN KEY (`adviser_id`) REFERENCES `advisers` (`id`) ON DELETE SET NULL, CONSTRAINT `cases_org_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `org_units` (`id`) ON DELETE SET NULL);
-- create index "cases_reference_key" to table: "cases"
CREATE UNIQUE INDEX `cases_reference_key` ON `cases` (`reference`);
-- create index "cases_receipt_lookup_key" to table: "cases"
CREATE UNIQUE INDEX `cases_receipt_lookup_key` ON `cases` (`receipt_lookup`);
-- create index "cases_idempotency_lookup_key" to table: "cases"
CREATE UNIQUE INDEX `cases_idempotency_lookup_key` ON `cases` (`idempotency_lookup`);
-- create index "casefile_status_received_at" to table: "cases"
CREATE INDEX `casefile_status_received_at` ON `cases` (`status`, `received_at`);
-- create index "casefile_received_at" to table: "cases"
CREATE INDEX `casefile_received_at` ON `cases` (`received_at`);
-- create index "casefile_adviser_id_received_at_id" to table: "cases"
CREATE INDEX `casefile_adviser_id_received_at_id` ON `cases` (`adviser_id`, `received_at`, `id`);
-- create index "casefile_unit_id_received_at_id" to table: "cases"
CREATE INDEX `casefile_unit_id_received_at_id` ON `cases` (`unit_id`, `received_at`, `id`);
-- create "case_grounds" table
CREATE TABLE `case_grounds` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `ground` text NOT NULL, `case_id` uuid NOT NULL, CONSTRAINT `case_grounds_cases_grounds` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "caseground_case_id_ground" to table: "case_grounds"
CREATE UNIQUE INDEX `caseground_case_id_ground` ON `case_grounds` (`case_id`, `ground`);
-- create index "caseground_ground" to table: "case_grounds"
CREATE INDEX `caseground_ground` ON `case_grounds` (`ground`);
-- create "case_subjects" table
CREATE TABLE `case_subjects` (`id` uuid NOT NULL, `linked_by` text NOT NULL, `linked_at` datetime NOT NULL, `case_id` uuid NOT NULL, `employee_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `case_subjects_cases_subjects` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION, CONSTRAINT `case_subjects_employees_employee` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE NO ACTION);
-- create index "casesubject_case_id_employee_id" to table: "case_subjects"
CREATE UNIQUE INDEX `casesubject_case_id_employee_id` ON `case_subjects` (`case_id`, `employee_id`);
-- create index "casesubject_employee_id" to table: "case_subjects"
CREATE INDEX `casesubject_employee_id` ON `case_subjects` (`employee_id`);
-- create "consents" table
CREATE TABLE `consents` (`id` uuid NOT NULL, `purpose` text NOT NULL, `given_at` datetime NOT NULL, `recorded_by` text NOT NULL, `revoked_at` datetime NULL, `acted_upon_at` datetime NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `consents_cases_consents` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "consent_case_id_purpose" to table: "consents"
CREATE INDEX `consent_case_id_purpose` ON `consents` (`case_id`, `purpose`);
-- create "conversations" table
CREATE TABLE `conversations` (`id` uuid NOT NULL, `adviser_subject` text NOT NULL, `held_on` datetime NOT NULL, `form` text NOT NULL, `duration_minutes` integer NOT NULL, `content_sealed` blob NULL, `created_at` datetime NOT NULL, `updated_at` datetime NULL, `part_ended_at` datetime NULL, `notes_destroyed_at` datetime NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conversations_cases_conversations` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "conversation_case_id_held_on" to table: "conversations"
CREATE INDEX `conversation_case_id_held_on` ON `conversations` (`case_id`, `held_on`);
-- create "employees" table
CREATE TABLE `employees` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` text NOT NULL, `name` text NOT NULL, `email` text NULL, `staff_subject` text NULL, `employee_unit` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `employees_org_units_unit` FOREIGN KEY (`employee_unit`) REFERENCES `org_units` (`id`) ON DELETE SET NULL);
-- create index "employees_number_key" to table: "employees"
CREATE UNIQUE INDEX `employees_number_key` ON `employees` (`number`);
-- create index "employees_staff_subject_key" to table: "employees"
CREATE UNIQUE INDEX `employees_staff_subject_key` ON `employees` (`staff_subject`);
-- create "evidences" table
CREATE TABLE `evidences` (`id` uuid NOT NULL, `uploaded_by_kind` text NOT NULL, `uploaded_by` text NULL, `media_type` text NOT NULL, `size` integer NOT NULL, `content_sealed` blob NOT NULL, `uploaded_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `evidences_cases_evidence` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create "hearings" table
CREATE TABLE `hearings` (`id` uuid NOT NULL, `held_on` datetime NOT NULL, `declined` bool NOT NULL, `response_sealed` blob NULL, `recorded_by` text NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hearings_cases_hearing` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "hearings_case_id_key" to table: "hearings"
CREATE UNIQUE INDEX `hearings_case_id_key` ON `hearings` (`case_id`);
-- create "interviews" table
CREATE TABLE `interviews` (`id` uuid NOT NULL, `role` text NOT NULL, `held_on` datetime NOT NULL, `interviewer` text NOT NULL, `content_sealed` blob NOT NULL, `approved_at` datetime NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `interviews_cases_interviews` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create "investigations" table
CREATE TABLE `investigations` (`id` uuid NOT NULL, `started_by` text NOT NULL, `started_at` datetime NOT NULL, `plan_sealed` blob NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `investigations_cases_investigation` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "investigations_case_id_key" to table: "investigations"
CREATE UNIQUE INDEX `investigations_case_id_key` ON `investigations` (`case_id`);
-- create "investigation_members" table
CREATE TABLE `investigation_members` (`id` uuid NOT NULL, `staff_subject` text NOT NULL, `assigned_by` text NOT NULL, `assigned_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `investigation_members_cases_investigators` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "investigationmember_case_id_staff_subject" to table: "investigation_members"
CREATE UNIQUE INDEX `investigationmember_case_id_staff_subject` ON `investigation_members` (`case_id`, `staff_subject`);
-- create index "investigationmember_staff_subject" to table: "investigation_members"
CREATE INDEX `investigationmember_staff_subject` ON `investigation_members` (`staff_subject`);
-- create "messages" table
CREATE TABLE `messages` (`id` uuid NOT NULL, `author` text NOT NULL, `author_subject` text NULL, `body_sealed` blob NOT NULL, `sent_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `messages_cases_messages` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "message_case_id_sent_at" to table: "messages"
CREATE INDEX `message_case_id_sent_at` ON `messages` (`case_id`, `sent_at`);
-- create "oral_report_versions" table
CREATE TABLE `oral_report_versions` (`id` uuid NOT NULL, `version` integer NOT NULL, `content_sealed` blob NOT NULL, `author` text NOT NULL, `author_subject` text NULL, `created_at` datetime NOT NULL, `approved_at` datetime NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `oral_report_versions_cases_oral_report_versions` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "oralreportversion_case_id_version" to table: "oral_report_versions"
CREATE UNIQUE INDEX `oralreportversion_case_id_version` ON `oral_report_versions` (`case_id`, `version`);
-- create "org_units" table
CREATE TABLE `org_units` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `parent_code` text NULL, `org_unit_manager` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `org_units_employees_manager` FOREIGN KEY (`org_unit_manager`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- create index "org_units_code_key" to table: "org_units"
CREATE UNIQUE INDEX `org_units_code_key` ON `org_units` (`code`);
-- create "precedents" table
CREATE TABLE `precedents` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `external_id` text NOT NULL, `source_organisation` text NOT NULL, `year` integer NOT NULL, `language` text NOT NULL DEFAULT ('nl'), `category` text NOT NULL, `grounds` text NOT NULL DEFAULT (''), `norms` text NOT NULL DEFAULT (''), `findings` text NOT NULL, `qualification` text NOT NULL DEFAULT (''), `aggravating` text NOT NULL DEFAULT (''), `mitigating` text NOT NULL DEFAULT (''), `sanction` text NOT NULL, `summary` text NOT NULL, `considerations` text NOT NULL DEFAULT (''), `origin` text NOT NULL, `published_by` text NOT NULL, `content_hash` text NOT NULL, PRIMARY KEY (`id`));
-- create index "precedents_external_id_key" to table: "precedents"
CREATE UNIQUE INDEX `precedents_external_id_key` ON `precedents` (`external_id`);
-- create index "precedent_category_year" to table: "precedents"
CREATE INDEX `precedent_category_year` ON `precedents` (`category`, `year`);
-- create "precedent_drafts" table
CREATE TABLE `precedent_drafts` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `case_id` uuid NOT NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `content_sealed` blob NOT NULL, `created_by` text NOT NULL, PRIMARY KEY (`id`));
-- create index "precedent_drafts_case_id_key" to table: "precedent_drafts"
CREATE UNIQUE INDEX `precedent_drafts_case_id_key` ON `precedent_drafts` (`case_id`);
-- create index "precedentdraft_status_created_at" to table: "precedent_drafts"
CREATE INDEX `precedentdraft_status_created_at` ON `precedent_drafts` (`status`, `created_at`);
-- create "precedent_tags" table
CREATE TABLE `precedent_tags` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `tag` text NOT NULL, `weight` integer NOT NULL, `precedent_id` uuid NOT NULL, CONSTRAINT `precedent_tags_precedents_tags` FOREIGN KEY (`precedent_id`) REFERENCES `precedents` (`id`) ON DELETE NO ACTION);
-- create index "precedenttag_tag_precedent_id_weight" to table: "precedent_tags"
CREATE INDEX `precedenttag_tag_precedent_id_weight` ON `precedent_tags` (`tag`, `precedent_id`, `weight`);
-- create index "precedenttag_precedent_id_tag" to table: "precedent_tags"
CREATE UNIQUE INDEX `precedenttag_precedent_id_tag` ON `precedent_tags` (`precedent_id`, `tag`);
-- create "precedent_terms" table
CREATE TABLE `precedent_terms` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `term` text NOT NULL, `tf` integer NOT NULL, `dl` integer NOT NULL, `impact` real NOT NULL, `precedent_id` uuid NOT NULL, CONSTRAINT `precedent_terms_precedents_terms` FOREIGN KEY (`precedent_id`) REFERENCES `precedents` (`id`) ON DELETE NO ACTION);
-- create index "precedentterm_term_impact_precedent_id_tf_dl" to table: "precedent_terms"
CREATE INDEX `precedentterm_term_impact_precedent_id_tf_dl` ON `precedent_terms` (`term`, `impact`, `precedent_id`, `tf`, `dl`);
-- create index "precedentterm_precedent_id_term" to table: "precedent_terms"
CREATE UNIQUE INDEX `precedentterm_precedent_id_term` ON `precedent_terms` (`precedent_id`, `term`);
-- create "precedent_term_stats" table
CREATE TABLE `precedent_term_stats` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `term` text NOT NULL, `n` integer NOT NULL);
-- create index "precedent_term_stats_term_key" to table: "precedent_term_stats"
CREATE UNIQUE INDEX `precedent_term_stats_term_key` ON `precedent_term_stats` (`term`);
-- create "reports" table
CREATE TABLE `reports` (`id` uuid NOT NULL, `content_sealed` blob NOT NULL, `created_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reports_cases_report` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "reports_case_id_key" to table: "reports"
CREATE UNIQUE INDEX `reports_case_id_key` ON `reports` (`case_id`);
-- create "reporter_identities" table
CREATE TABLE `reporter_identities` (`id` uuid NOT NULL, `identity_sealed` blob NOT NULL, `created_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reporter_identities_cases_identity` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "reporter_identities_case_id_key" to table: "reporter_identities"
CREATE UNIQUE INDEX `reporter_identities_case_id_key` ON `reporter_identities` (`case_id`);
-- create "reporter_sessions" table
CREATE TABLE `reporter_sessions` (`id` uuid NOT NULL, `token_hash` blob NOT NULL, `expires_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reporter_sessions_cases_sessions` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "reporter_sessions_token_hash_key" to table: "reporter_sessions"
CREATE UNIQUE INDEX `reporter_sessions_token_hash_key` ON `reporter_sessions` (`token_hash`);
-- create index "reportersession_expires_at" to table: "reporter_sessions"
CREATE INDEX `reportersession_expires_at` ON `reporter_sessions` (`expires_at`);
-- create "rule_set_versions" table
CREATE TABLE `rule_set_versions` (`id` uuid NOT NULL, `version` text NOT NULL, `effective_date` datetime NOT NULL, `document` text NOT NULL, `published_by` text NOT NULL, `published_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "rule_set_versions_version_key" to table: "rule_set_versions"
CREATE UNIQUE INDEX `rule_set_versions_version_key` ON `rule_set_versions` (`version`);
-- create "sanction_decisions" table
CREATE TABLE `sanction_decisions` (`id` uuid NOT NULL, `sanction` text NOT NULL, `recommended` text NULL, `rule_set_version` text NOT NULL, `lighter_than_recommended` bool NOT NULL, `motivation_sealed` blob NULL, `facts_known_at` datetime NOT NULL, `decided_at` datetime NOT NULL, `decided_by` text NOT NULL, `late` bool NOT NULL, `circumstances` text NULL, `fired_rules` text NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sanction_decisions_cases_sanction` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "sanction_decisions_case_id_key" to table: "sanction_decisions"
CREATE UNIQUE INDEX `sanction_decisions_case_id_key` ON `sanction_decisions` (`case_id`);
-- create "staff_accounts" table
CREATE TABLE `staff_accounts` (`id` uuid NOT NULL, `subject` text NOT NULL, `name` text NULL, `roles` text NULL, `first_seen` datetime NOT NULL, `last_sign_in` datetime NULL, `blocked` bool NOT NULL DEFAULT (false), `blocked_by` text NULL, PRIMARY KEY (`id`));
-- create index "staff_accounts_subject_key" to table: "staff_accounts"
CREATE UNIQUE INDEX `staff_accounts_subject_key` ON `staff_accounts` (`subject`);
-- create "staff_sessions" table
CREATE TABLE `staff_sessions` (`id` uuid NOT NULL, `token_hash` blob NOT NULL, `subject` text NOT NULL, `name` text NULL, `roles` text NOT NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "staff_sessions_token_hash_key" to table: "staff_sessions"
CREATE UNIQUE INDEX `staff_sessions_token_hash_key` ON `staff_sessions` (`token_hash`);
-- create index "staffsession_subject" to table: "staff_sessions"
CREATE INDEX `staffsession_subject` ON `staff_sessions` (`subject`);
-- create index "staffsession_expires_at" to table: "staff_sessions"
CREATE INDEX `staffsession_expires_at` ON `staff_sessions` (`expires_at`);
-- create "suspensions" table
CREATE TABLE `suspensions` (`id` uuid NOT NULL, `imposed_at` datetime NOT NULL, `imposed_by` text NOT NULL, `reason_sealed` blob NOT NULL, `lifted_at` datetime NULL, `lifted_by` text NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `suspensions_cases_suspensions` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create "weighings" table
CREATE TABLE `weighings` (`id` uuid NOT NULL, `outcome` text NOT NULL, `decided_by` text NOT NULL, `decided_at` datetime NOT NULL, `content_sealed` blob NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `weighings_cases_weighing` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "weighings_case_id_key" to table: "weighings"
CREATE UNIQUE INDEX `weighings_case_id_key` ON `weighings` (`case_id`);
