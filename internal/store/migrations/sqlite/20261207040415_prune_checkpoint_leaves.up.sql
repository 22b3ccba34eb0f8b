-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_audit_checkpoints" table
CREATE TABLE `new_audit_checkpoints` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `size` integer NOT NULL, `root_hash` blob NOT NULL, `leaves` blob NULL, `note` text NOT NULL, PRIMARY KEY (`id`));
-- copy rows from old table "audit_checkpoints" to new temporary table "new_audit_checkpoints"
INSERT INTO `new_audit_checkpoints` (`id`, `created_at`, `size`, `root_hash`, `leaves`, `note`) SELECT `id`, `created_at`, `size`, `root_hash`, `leaves`, `note` FROM `audit_checkpoints`;
-- drop "audit_checkpoints" table after copying rows
DROP TABLE `audit_checkpoints`;
-- rename temporary table "new_audit_checkpoints" to "audit_checkpoints"
ALTER TABLE `new_audit_checkpoints` RENAME TO `audit_checkpoints`;
-- create index "auditcheckpoint_created_at" to table: "audit_checkpoints"
CREATE INDEX `auditcheckpoint_created_at` ON `audit_checkpoints` (`created_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
