-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_staff_sessions" table
CREATE TABLE `new_staff_sessions` (`id` uuid NOT NULL, `token_hash` blob NOT NULL, `subject` text NOT NULL, `name` text NULL, `roles` text NOT NULL, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `id_token_sealed` blob NULL, `provider_sid` text NULL, PRIMARY KEY (`id`));
-- copy rows from old table "staff_sessions" to new temporary table "new_staff_sessions"
INSERT INTO `new_staff_sessions` (`id`, `token_hash`, `subject`, `name`, `roles`, `created_at`, `last_seen_at`, `expires_at`) SELECT `id`, `token_hash`, `subject`, `name`, `roles`, `created_at`, `last_seen_at`, `expires_at` FROM `staff_sessions`;
-- drop "staff_sessions" table after copying rows
DROP TABLE `staff_sessions`;
-- rename temporary table "new_staff_sessions" to "staff_sessions"
ALTER TABLE `new_staff_sessions` RENAME TO `staff_sessions`;
-- create index "staff_sessions_token_hash_key" to table: "staff_sessions"
CREATE UNIQUE INDEX `staff_sessions_token_hash_key` ON `staff_sessions` (`token_hash`);
-- create index "staffsession_subject" to table: "staff_sessions"
CREATE INDEX `staffsession_subject` ON `staff_sessions` (`subject`);
-- create index "staffsession_expires_at" to table: "staff_sessions"
CREATE INDEX `staffsession_expires_at` ON `staff_sessions` (`expires_at`);
-- create index "staffsession_provider_sid" to table: "staff_sessions"
CREATE INDEX `staffsession_provider_sid` ON `staff_sessions` (`provider_sid`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
