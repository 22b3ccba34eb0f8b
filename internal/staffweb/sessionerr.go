package staffweb

import (
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/dbconn"
)

// How a failed session read is answered (begin): only a database that cannot serve right now is
// 503 with Retry-After; a session the store refuses as malformed or unknown sends the staff
// member to sign in; anything else is a fault, 500, logged without its text.

// unavailable reports an outage of the session store.
func unavailable(err error) bool {
	if dbconn.IsUnavailable(err) {
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

// errSummary names an error without its text (dbconn.Summary).
func errSummary(err error) string { return dbconn.Summary(err) }
