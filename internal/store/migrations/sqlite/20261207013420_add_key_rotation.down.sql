-- reverse: create "key_rotations" table
DROP TABLE `key_rotations`;
