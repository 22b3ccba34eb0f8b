-- create "audit_events" table
CREATE TABLE `audit_events` (`id` uuid NOT NULL, `at` datetime NOT NULL, `actor_kind` text NOT NULL, `actor_id` text NULL, `action` text NOT NULL, `case_id` uuid NULL, `fields` text NULL, `request_id` text NULL, PRIMARY KEY (`id`));
-- create index "auditevent_case_id_at" to table: "audit_events"
CREATE INDEX `auditevent_case_id_at` ON `audit_events` (`case_id`, `at`);
-- create index "auditevent_at" to table: "audit_events"
CREATE INDEX `auditevent_at` ON `audit_events` (`at`);
-- create "cases" table
CREATE TABLE `cases` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `reference` text NOT NULL, `status` text NOT NULL DEFAULT ('RECEIVED'), `category` text NOT NULL, `channel` text NOT NULL, `anonymity` text NOT NULL, `received_at` datetime NOT NULL, `ack_due_at` datetime NOT NULL, `acknowledged_at` datetime NULL, `acknowledged_by` text NULL, `feedback_due_at` datetime NULL, `wrapped_key` blob NOT NULL, `receipt_lookup` blob NOT NULL, `idempotency_lookup` blob NULL, `request_fingerprint` blob NULL, `replay_sealed` blob NULL, `replay_until` datetime NULL, PRIMARY KEY (`id`));
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
-- create "messages" table
CREATE TABLE `messages` (`id` uuid NOT NULL, `author` text NOT NULL, `author_subject` text NULL, `body_sealed` blob NOT NULL, `sent_at` datetime NOT NULL, `case_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `messages_cases_messages` FOREIGN KEY (`case_id`) REFERENCES `cases` (`id`) ON DELETE NO ACTION);
-- create index "message_case_id_sent_at" to table: "messages"
CREATE INDEX `message_case_id_sent_at` ON `messages` (`case_id`, `sent_at`);
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
