-- reverse: create index "staffsession_provider_sid" to table: "staff_sessions"
DROP INDEX `staffsession_provider_sid`;
-- reverse: create index "staffsession_expires_at" to table: "staff_sessions"
DROP INDEX `staffsession_expires_at`;
-- reverse: create index "staffsession_subject" to table: "staff_sessions"
DROP INDEX `staffsession_subject`;
-- reverse: create index "staff_sessions_token_hash_key" to table: "staff_sessions"
DROP INDEX `staff_sessions_token_hash_key`;
-- reverse: create "new_staff_sessions" table
DROP TABLE `new_staff_sessions`;
