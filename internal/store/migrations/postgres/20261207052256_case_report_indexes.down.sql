-- reverse: create index "casefile_weighed_at" to table: "cases"
DROP INDEX "casefile_weighed_at";
-- reverse: create index "casefile_closed_at" to table: "cases"
DROP INDEX "casefile_closed_at";
