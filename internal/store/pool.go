package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
)

// poolPrefix starts the application_name of every Meldpunt connection to PostgreSQL:
// "meldpunt/<pool size>/<replica id>", the id random per process (it identifies nothing else).
const poolPrefix = "meldpunt/"

// operatorHeadroom is what the pool check keeps free on the server beside the replicas' pools:
// a migration job, a backup, monitoring and an operator's psql.
const operatorHeadroom = 10

func poolName(n int) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return poolPrefix + strconv.Itoa(n) + "/" + hex.EncodeToString(b[:])
}

// PoolReport is what the pool check found.
type PoolReport struct {
	MaxConnections int // the server's max_connections
	Reserved       int // of which reserved for superusers (and, from PostgreSQL 16, reserved_connections)
	Replicas       int // Meldpunt replicas connected now, this one included
	Pools          int // the sum of their configured pool sizes
	FitsOfThisSize int // replicas with this replica's pool size that fit beside the headroom
}

// PoolWarning checks, on PostgreSQL, that the server's max_connections can hold the pools of the
// replicas connected now (each connection names its replica and pool size) plus a headroom for
// operators. It returns a warning to log when it cannot, or "" when it can; with it a report of
// the figures. SQLite has no server: nothing to check.
//
// The rule: replicas × --db-max-conns + 10 ≤ max_connections − superuser_reserved_connections.
func (s *Store) PoolWarning(ctx context.Context) (string, PoolReport, error) {
	var r PoolReport
	if s.dialect != dialect.Postgres {
		return "", r, nil
	}
	var maxConns, reserved string
	if err := s.db.QueryRowContext(ctx, `SELECT current_setting('max_connections'), current_setting('superuser_reserved_connections')`).Scan(&maxConns, &reserved); err != nil {
		return "", r, fmt.Errorf("read max_connections: %w", err)
	}
	r.MaxConnections, _ = strconv.Atoi(maxConns)
	r.Reserved, _ = strconv.Atoi(reserved)
	var extra string
	// PostgreSQL 16 reserves connections for pg_use_reserved_connections too.
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(current_setting('reserved_connections', true), '0')`).Scan(&extra); err == nil {
		n, _ := strconv.Atoi(extra)
		r.Reserved += n
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'meldpunt/%'`)
	if err != nil {
		return "", r, fmt.Errorf("read pg_stat_activity: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return "", r, err
		}
		parts := strings.Split(strings.TrimPrefix(name, poolPrefix), "/")
		if n, err := strconv.Atoi(parts[0]); err == nil && len(parts) == 2 {
			r.Replicas++
			r.Pools += n
		}
	}
	if err := rows.Err(); err != nil {
		return "", r, err
	}
	own := s.db.Stats().MaxOpenConnections
	avail := r.MaxConnections - r.Reserved - operatorHeadroom
	if own > 0 {
		r.FitsOfThisSize = max(0, avail/own)
	}
	if r.Pools > avail {
		return fmt.Sprintf("PostgreSQL cannot hold the connection pools: %d replicas are connected with %d connections in all, and max_connections %d minus %d reserved minus %d kept for operators leaves %d. Under load some calls will fail with \"too many clients\": lower --db-max-conns (now %d on this replica) or raise max_connections",
			r.Replicas, r.Pools, r.MaxConnections, r.Reserved, operatorHeadroom, avail, own), r, nil
	}
	return "", r, nil
}
