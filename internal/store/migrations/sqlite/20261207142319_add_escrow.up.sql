-- create "escrow_entries" table
CREATE TABLE `escrow_entries` (`id` uuid NOT NULL, `person_hash` blob NOT NULL, `reporter_hash` blob NOT NULL, `sealed` blob NOT NULL, `created_on` datetime NOT NULL, `state` text NOT NULL DEFAULT ('WAITING'), `case_sealed` blob NULL, PRIMARY KEY (`id`));
-- create index "escrowentry_person_hash" to table: "escrow_entries"
CREATE INDEX `escrowentry_person_hash` ON `escrow_entries` (`person_hash`);
-- create index "escrowentry_reporter_hash" to table: "escrow_entries"
CREATE INDEX `escrowentry_reporter_hash` ON `escrow_entries` (`reporter_hash`);
-- create index "escrowentry_state_created_on" to table: "escrow_entries"
CREATE INDEX `escrowentry_state_created_on` ON `escrow_entries` (`state`, `created_on`);
-- create "escrow_tallies" table
CREATE TABLE `escrow_tallies` (`id` text NOT NULL, `count` integer NOT NULL DEFAULT (0), PRIMARY KEY (`id`));
