package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net"
	neturl "net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestReplicasStartingAtOnceMigrateOnce: replicas start together on an empty PostgreSQL
// database, round after round, a little apart; every one of them finds the schema current. In
// one process the race with a migration in progress rarely shows; the test that pins it down is
// TestAReplicaWaitsForAMigrationInProgress (and, with processes, the load-balanced e2e test).
func TestReplicasStartingAtOnceMigrateOnce(t *testing.T) {
	t.Parallel()
	const rounds, replicas = 10, 5
	for round := range rounds {
		url := pgtest.NewDatabase(t, "empty", nil)
		var wg sync.WaitGroup
		errs := make([]error, replicas)
		for i := range replicas {
			wg.Go(func() {
				time.Sleep(time.Duration(i) * 25 * time.Millisecond)
				st, err := store.Open(context.Background(), url, store.Options{MaxOpenConns: 4})
				if err != nil {
					errs[i] = err
					return
				}
				defer st.Close()
				if errs[i] = st.Migrate(nil); errs[i] == nil {
					errs[i] = st.CheckSchema()
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, replica %d: %v", round, i, err)
			}
		}
	}
}

// TestMigrateOffOnlyChecks: a replica started with --migrate=off refuses a database whose schema
// is missing or behind, telling the operator to run `meldpunt migrate`, and changes nothing.
func TestMigrateOffOnlyChecks(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			url := store.SQLiteURL(filepath.Join(t.TempDir(), "data"))
			if db == "postgres" {
				url = pgtest.NewDatabase(t, "empty", nil)
			}
			st, err := store.Open(context.Background(), url, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			err = st.CheckSchema()
			if err == nil || !strings.Contains(err.Error(), "run `meldpunt migrate`") {
				t.Fatalf("empty database: CheckSchema = %v, want advice to run meldpunt migrate", err)
			}
			if err := st.CheckSchema(); err == nil {
				t.Fatal("the check created the schema")
			}
			if err := st.Migrate(nil); err != nil {
				t.Fatal(err)
			}
			if err := st.CheckSchema(); err != nil {
				t.Fatalf("after migrate: %v", err)
			}
		})
	}
}

// TestUnavailableIsTold: errors of a database that cannot serve now are told apart from faults,
// with the real drivers' real errors.
func TestUnavailableIsTold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// Nothing listens: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	if _, err := store.Open(ctx, "postgres://meldpunt@"+addr+"/x?sslmode=disable&connect_timeout=2", store.Options{}); !store.IsUnavailable(err) {
		t.Errorf("connection refused: IsUnavailable(%v) = false", err)
	}

	// Something accepts the connection, reads the startup message and closes it, as a proxy in
	// front of a server that is down (or being failed over) does: lib/pq reads a bare EOF.
	closer, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	go func() {
		for {
			c, err := closer.Accept()
			if err != nil {
				return
			}
			_, _ = c.Read(make([]byte, 1024))
			c.Close()
		}
	}()
	if _, err := store.Open(ctx, "postgres://meldpunt@"+closer.Addr().String()+"/x?sslmode=disable", store.Options{}); !store.IsUnavailable(err) {
		t.Errorf("connection closed while being opened: IsUnavailable(%v) = false", err)
	}

	// A role over its connection limit: PostgreSQL's "too many connections" (53300).
	url := pgtest.NewDatabase(t, "empty", nil)
	admin, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var suffix [4]byte
	_, _ = rand.Read(suffix[:])
	role := "meldpunt_full_" + hex.EncodeToString(suffix[:])
	if _, err := admin.ExecContext(ctx, `CREATE ROLE `+role+` LOGIN PASSWORD 'full' CONNECTION LIMIT 0`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.ExecContext(context.Background(), `DROP ROLE IF EXISTS `+role) })
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	u.User = neturl.UserPassword(role, "full")
	_, err = store.Open(ctx, u.String(), store.Options{})
	if err == nil || !store.IsUnavailable(err) {
		t.Errorf("too many connections: IsUnavailable(%v) = false", err)
	}

	// A fault in a query is not an outage.
	_, qerr := admin.ExecContext(ctx, `SELECT * FROM no_such_table`)
	if qerr == nil || store.IsUnavailable(qerr) {
		t.Errorf("undefined table: IsUnavailable(%v) = true", qerr)
	}
	if store.IsUnavailable(errors.New("some bug")) || store.IsUnavailable(nil) {
		t.Error("a plain error counts as an outage")
	}
}

// TestPoolWarning: the check at start compares the pools of the replicas connected now with
// what PostgreSQL's max_connections leaves beside a headroom for operators.
func TestPoolWarning(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t, "migrated", migratePostgres)
	ctx := context.Background()
	small, err := store.Open(ctx, url, store.Options{MaxOpenConns: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	w, r, err := small.PoolWarning(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w != "" {
		t.Errorf("one pool of 5: warning %q", w)
	}
	if r.MaxConnections < 20 || r.Replicas < 1 || r.FitsOfThisSize < 2 {
		t.Errorf("report %+v", r)
	}

	// A second replica whose pool alone takes the whole server.
	huge, err := store.Open(ctx, url, store.Options{MaxOpenConns: r.MaxConnections})
	if err != nil {
		t.Fatal(err)
	}
	defer huge.Close()
	w, r2, err := huge.PoolWarning(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Replicas < 2 || !strings.Contains(w, "lower --db-max-conns") {
		t.Errorf("pools over max_connections: warning %q, report %+v", w, r2)
	}
}

// TestAReplicaWaitsForAMigrationInProgress: while another replica holds the migration lock and
// its migration has marked the schema dirty (as golang-migrate does while a step runs), a
// starting replica waits instead of reading that as a failed migration; when the other one
// finishes, it finds the schema current.
func TestAReplicaWaitsForAMigrationInProgress(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t, "migrated", migratePostgres)
	ctx := context.Background()
	other, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, store.MigrationLockKey); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `UPDATE schema_migrations SET dirty = true`); err != nil {
		t.Fatal(err)
	}

	st, err := store.Open(ctx, url, store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	done := make(chan error, 1)
	go func() { done <- st.Migrate(nil) }()
	select {
	case err := <-done:
		t.Fatalf("the replica did not wait for the migration in progress: %v", err)
	case <-time.After(500 * time.Millisecond):
	}

	// The other replica's migration step ends.
	if _, err := conn.ExecContext(ctx, `UPDATE schema_migrations SET dirty = false`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, store.MigrationLockKey); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("after the other migration finished: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the replica went on waiting after the lock was released")
	}
	if err := st.CheckSchema(); err != nil {
		t.Fatal(err)
	}
}

// TestAPoolUnderLoadKeepsItsConnections: waves of concurrent work on a PostgreSQL pool reuse its
// connections instead of closing them between waves and opening new ones (a new server process
// each); filing at 32 clients fell to a third when the pool kept only a quarter of them idle.
func TestAPoolUnderLoadKeepsItsConnections(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t, "migrated", migratePostgres)
	ctx := context.Background()
	st, err := store.Open(ctx, url, store.Options{MaxOpenConns: 12})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.DB()
	for range 5 {
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				if _, err := db.ExecContext(ctx, `SELECT pg_sleep(0.02)`); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if s := db.Stats(); s.MaxIdleClosed > 0 || s.OpenConnections < 12 {
		t.Errorf("after five waves of 12: %d connections closed for the idle limit, %d open; want 0 and 12",
			s.MaxIdleClosed, s.OpenConnections)
	}
}
