-- reverse: create "key_checks" table
DROP TABLE "key_checks";
