-- modify "audit_checkpoints" table
ALTER TABLE "audit_checkpoints" ALTER COLUMN "leaves" DROP NOT NULL;
