-- create "key_checks" table
CREATE TABLE `key_checks` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `keyed_hash` blob NOT NULL, `sealed` blob NOT NULL, `created_at` datetime NOT NULL);
