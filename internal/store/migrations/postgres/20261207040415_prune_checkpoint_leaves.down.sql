-- reverse: modify "audit_checkpoints" table (pruned leaves become empty: a build without pruning
-- reports those checkpoints as changed)
UPDATE "audit_checkpoints" SET "leaves" = '\x' WHERE "leaves" IS NULL;
ALTER TABLE "audit_checkpoints" ALTER COLUMN "leaves" SET NOT NULL;
