-- reverse: create index "auditcheckpoint_created_at" to table: "audit_checkpoints"
DROP INDEX "auditcheckpoint_created_at";
-- reverse: create "audit_checkpoints" table
DROP TABLE "audit_checkpoints";
