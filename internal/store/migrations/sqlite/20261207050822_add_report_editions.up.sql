-- create "report_editions" table
CREATE TABLE `report_editions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `year` integer NOT NULL, `number` integer NOT NULL, `published_at` datetime NOT NULL, `published_by` text NOT NULL, `report` blob NOT NULL, `truth` blob NOT NULL);
-- create index "reportedition_year_number" to table: "report_editions"
CREATE UNIQUE INDEX `reportedition_year_number` ON `report_editions` (`year`, `number`);
