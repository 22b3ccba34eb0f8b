-- create "audit_checkpoints" table
CREATE TABLE "audit_checkpoints" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "size" bigint NOT NULL, "root_hash" bytea NOT NULL, "leaves" bytea NOT NULL, "note" text NOT NULL, PRIMARY KEY ("id"));
-- create index "auditcheckpoint_created_at" to table: "audit_checkpoints"
CREATE INDEX "auditcheckpoint_created_at" ON "audit_checkpoints" ("created_at");
-- every case gets its head with its first event now, and a missing head is reported as tampering:
-- give the cases filed before (on PostgreSQL in one statement, or seeded) the head they lack,
-- naming their latest sealed event (the one no other links to; of a fork, the latest)
INSERT INTO audit_heads (id, mac)
SELECT e.case_id, e.mac FROM audit_events e
WHERE e.case_id IS NOT NULL AND e.mac IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM audit_heads h WHERE h.id = e.case_id)
  AND NOT EXISTS (SELECT 1 FROM audit_events f WHERE f.case_id = e.case_id AND f.prev_mac = e.mac)
  AND NOT EXISTS (
    SELECT 1 FROM audit_events g
    WHERE g.case_id = e.case_id AND g.mac IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit_events k WHERE k.case_id = g.case_id AND k.prev_mac = g.mac)
      AND (g.at > e.at OR (g.at = e.at AND g.id > e.id)));
