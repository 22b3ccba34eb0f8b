-- reverse: make "leaves" NOT NULL again (pruned leaves become empty: a build without pruning
-- reports those checkpoints as changed)
PRAGMA foreign_keys = off;
CREATE TABLE `old_audit_checkpoints` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `size` integer NOT NULL, `root_hash` blob NOT NULL, `leaves` blob NOT NULL, `note` text NOT NULL, PRIMARY KEY (`id`));
INSERT INTO `old_audit_checkpoints` (`id`, `created_at`, `size`, `root_hash`, `leaves`, `note`) SELECT `id`, `created_at`, `size`, `root_hash`, COALESCE(`leaves`, x''), `note` FROM `audit_checkpoints`;
DROP TABLE `audit_checkpoints`;
ALTER TABLE `old_audit_checkpoints` RENAME TO `audit_checkpoints`;
CREATE INDEX `auditcheckpoint_created_at` ON `audit_checkpoints` (`created_at`);
PRAGMA foreign_keys = on;
