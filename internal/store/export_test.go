package store

// MigrationLockKey is the advisory lock that serialises migrations, for tests that play
// another replica holding it.
const MigrationLockKey = migrationLockKey
