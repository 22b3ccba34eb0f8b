// Package dbconn is what the rest of the program may know about the database without the
// store: which kind of database a URL names, where the embedded database lives, whether an
// error means the database cannot serve right now, and how to name an error without its text.
package dbconn

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/lib/pq"
	"modernc.org/sqlite"
)

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// SQLiteURL returns the URL of the embedded database file in dataDir.
func SQLiteURL(dataDir string) string {
	return "sqlite://" + filepath.Join(dataDir, "meldpunt.db")
}

// Summary names an error by the types in its chain and, for PostgreSQL, its SQLSTATE code (for
// SQLite its result code): enough to find the fault, without the text, which may quote a
// query's parameters.
func Summary(err error) string {
	var kinds []string
	for e := err; e != nil && len(kinds) < 6; e = errors.Unwrap(e) {
		kinds = append(kinds, fmt.Sprintf("%T", e))
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		kinds = append(kinds, "sqlstate "+string(pqErr.Code))
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		kinds = append(kinds, fmt.Sprintf("sqlite code %d", liteErr.Code()))
	}
	return strings.Join(kinds, " < ")
}
