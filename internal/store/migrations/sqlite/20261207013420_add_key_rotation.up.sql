-- create "key_rotations" table
CREATE TABLE `key_rotations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `old_key_id` integer NOT NULL, `new_key_id` integer NOT NULL, `phase` text NOT NULL, `cursor` uuid NULL, `rewrapped` integer NOT NULL DEFAULT (0), `started_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `retired_at` datetime NULL);
