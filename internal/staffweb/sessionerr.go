package staffweb

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lib/pq"
	"modernc.org/sqlite"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/store"
)

// How a failed session read is answered (begin): only a database that cannot serve right now is
// 503 with Retry-After; a session the store refuses as malformed or unknown sends the staff
// member to sign in; anything else is a fault, 500, logged without its text.

// unavailable reports an outage of the session store.
func unavailable(err error) bool {
	if store.IsUnavailable(err) {
		return true
	}
	e, ok := apperr.As(err)
	return ok && e.Kind == apperr.KindUnavailable
}

// badSession reports a session token the store refused as malformed or not its own.
func badSession(err error) bool {
	e, ok := apperr.As(err)
	return ok && (e.Kind == apperr.KindInvalid || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindUnauthenticated)
}

// errSummary names an error by the types in its chain and, for PostgreSQL, its SQLSTATE code:
// enough to find the fault, without the text, which may quote a query's parameters.
func errSummary(err error) string {
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
