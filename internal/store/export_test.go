package store

// MigrationLockKey is the advisory lock that serialises migrations, for tests that play
// another replica holding it.
const MigrationLockKey = migrationLockKey

// TraceReports has r call fn with each query, in the database's dialect, and its arguments,
// before it runs it (fn may be called from several goroutines at once).
func TraceReports(r *Reports, fn func(query string, args []any)) { r.trace = fn }

// TracePrecedents has the store call fn with each query the precedent library's repository runs
// (set before any lookup).
func TracePrecedents(s *Store, fn func(query string)) { s.precTrace = fn }

// IsStatsQuery reports whether a traced query reads term statistics.
func IsStatsQuery(q string) bool { return q == statsPG || q == statsSQLite }

// IsFeaturesQuery reports whether a traced query reads precedents' structured facts by id.
func IsFeaturesQuery(q string) bool { return q == featuresPG || q == featuresSQLite }

// WarmLibrary reads the whole library into the store's cache now (as the first lookup after a
// start does in the background).
func WarmLibrary(s *Store) {
	s.libCache.mu.Lock()
	s.libCache.warmed = -1
	s.libCache.complete = false
	s.libCache.mu.Unlock()
	s.warmLibrary(nil)
}
