package dbconn

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsUnavailable reports whether err means that the database cannot serve right now — it is
// unreachable, restarting, shutting down, or out of connections — as opposed to a fault in the
// request or the code. Such a call may succeed when repeated a few seconds later, so the service
// answers it as Unavailable (HTTP 503 with Retry-After), which clients and load balancers retry,
// instead of an internal error. database/sql reconnects by itself once the database is back.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch {
		case pqErr.Code == "08P01": // protocol_violation: a fault of the client, not an outage
			return false
		case pqErr.Code.Class() == "08": // connection exception
			return true
		case pqErr.Code == "25006":
			// read_only_sql_transaction: the connection reached a server that is (no longer)
			// the primary — a switchover or failover in progress behind the read-write
			// endpoint. The next connection reaches the new primary.
			return true
		case pqErr.Code == "53300": // too_many_connections
			return true
		case pqErr.Code == "57P01", pqErr.Code == "57P02", pqErr.Code == "57P03": // admin/crash shutdown, cannot connect now
			return true
		case pqErr.Code == "55000" && strings.Contains(pqErr.Message, "not currently accepting connections"):
			return true // the database is closed to connections (ALLOW_CONNECTIONS false, maintenance)
		}
		return false
	}
	var sqliteErr *sqlite.Error
	if errors.As(err, &sqliteErr) {
		// Another writer held the file longer than busy_timeout.
		code := sqliteErr.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	// lib/pq reports some broken connections only in words.
	msg := err.Error()
	return strings.Contains(msg, "pq: the database system is") || strings.Contains(msg, "driver: bad connection")
}
