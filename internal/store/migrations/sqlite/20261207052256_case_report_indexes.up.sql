-- create index "casefile_closed_at" to table: "cases"
CREATE INDEX `casefile_closed_at` ON `cases` (`closed_at`);
-- create index "casefile_weighed_at" to table: "cases"
CREATE INDEX `casefile_weighed_at` ON `cases` (`weighed_at`);
