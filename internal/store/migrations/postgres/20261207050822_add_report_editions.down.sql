-- reverse: create index "reportedition_year_number" to table: "report_editions"
DROP INDEX "reportedition_year_number";
-- reverse: create "report_editions" table
DROP TABLE "report_editions";
