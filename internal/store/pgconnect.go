package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/lib/pq"
)

// pgConnector opens lib/pq connections and names one failure that lib/pq leaves bare: the other
// end closing the connection while it is being opened. A proxy in front of PostgreSQL — HAProxy
// as a read-write endpoint, a Kubernetes Service, PgBouncer — accepts the connection and then
// closes it when the server behind it is down or being failed over, and lib/pq reports that as
// a plain io.EOF, which says nothing of where it came from. Here it is a bad connection: the
// database cannot serve right now, database/sql tries a new connection, and a call that still
// fails is answered Unavailable (HTTP 503 with Retry-After), not as an internal error.
type pgConnector struct{ driver.Connector }

var _ driver.Connector = pgConnector{}

func newPGConnector(dsn string) (pgConnector, error) {
	c, err := pq.NewConnector(dsn)
	if err != nil {
		return pgConnector{}, err
	}
	return pgConnector{c}, nil
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		return nil, fmt.Errorf("%w: the server closed the connection while it was being opened", driver.ErrBadConn)
	}
	return conn, err
}
