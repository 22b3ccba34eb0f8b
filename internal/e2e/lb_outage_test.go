package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/testenv"
)

// outage is how long TestLoadBalancedDatabaseOutage keeps PostgreSQL down.
const outage = 10 * time.Second

// TestLoadBalancedDatabaseOutage: PostgreSQL goes down for ten seconds while reporters file
// through the load balancer (over the API and through the report form). While it is down every
// replica says it is not ready, and reporters get a retryable answer — 503 with Retry-After,
// from a replica or from HAProxy once no replica is ready — never an error; every report
// answered 200 is stored (its receipt code logs in afterwards); and the replicas are ready again
// shortly after the database returns, without a restart.
func TestLoadBalancedDatabaseOutage(t *testing.T) {
	t.Parallel()
	haproxyPath(t)
	pg := startOwnCluster(t, pgtest.FastOpts...)
	tp := startTopology(t, pg.newDatabase(t, "meldpunt"))

	load := startFilers(tp.lb, 3, 1, 100*time.Millisecond)
	var halted []filing
	var haltOnce sync.Once
	halt := func() []filing { haltOnce.Do(func() { halted = load.halt() }); return halted }
	t.Cleanup(func() { halt() })
	time.Sleep(2 * time.Second)

	// Down: a fast shutdown, which ends every open connection.
	pg.down(t)
	downAt := time.Now()
	// Poll each replica's /readyz directly through the outage.
	probe := &http.Client{Timeout: 3 * time.Second}
	notReady := make([]bool, len(tp.replicas)) // answered 503 from 3 s into the outage on
	readyDuring := make([]int, len(tp.replicas))
	for time.Since(downAt) < outage {
		for i, s := range tp.replicas {
			st := readyz(probe, s)
			if time.Since(downAt) > 3*time.Second {
				if st == http.StatusServiceUnavailable {
					notReady[i] = true
				} else {
					readyDuring[i]++
				}
			}
		}
		time.Sleep(250 * time.Millisecond)
	}

	// Up again: how long until each replica is ready, polled every 100 ms.
	pg.up(t)
	upAt := time.Now()
	readyAfter := make([]time.Duration, len(tp.replicas))
	var wg sync.WaitGroup
	for i, s := range tp.replicas {
		wg.Go(func() {
			for time.Since(upAt) < 30*time.Second {
				if readyz(probe, s) == http.StatusOK {
					readyAfter[i] = time.Since(upAt)
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			readyAfter[i] = -1
		})
	}
	wg.Wait()
	for time.Since(upAt) < 10*time.Second {
		if st, err := tp.lb.serverStates(); err == nil && allUp(st) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // reports filed after the recovery
	results := halt()

	var slowest time.Duration
	for i, d := range readyAfter {
		if !notReady[i] || readyDuring[i] > 0 {
			t.Errorf("replica %s: /readyz answered 200 %d times from 3 s into the outage on (503 seen: %t)", tp.names[i], readyDuring[i], notReady[i])
		}
		if d < 0 {
			t.Errorf("replica %s was not ready within 30 s of the database's return", tp.names[i])
		}
		slowest = max(slowest, d)
	}
	t.Logf("ready again after the database returned: %v (slowest %.2f s)", readyAfter, slowest.Seconds())
	if slowest > 10*time.Second {
		t.Errorf("the slowest replica took %.1f s to be ready again, want a few seconds", slowest.Seconds())
	}
	for i, s := range tp.replicas {
		select {
		case <-s.exited:
			t.Errorf("replica %s exited during the outage: %v", tp.names[i], s.waitErr)
		default:
		}
	}

	// What the reporters saw.
	var failed []string
	var refused, refusedByReplica, afterUp, whileDown int
	for _, f := range results {
		if f.status == http.StatusServiceUnavailable && f.backend != "" && !f.page {
			refusedByReplica++
		}
		if f.at.After(downAt) && f.at.Before(upAt) {
			whileDown++
		}
		if f.failed() {
			failed = append(failed, f.String())
		}
		if f.status == http.StatusServiceUnavailable {
			refused++
		}
		if f.status == http.StatusOK && f.at.After(upAt) {
			afterUp++
		}
	}
	t.Logf("%d filings (%d answered while the database was down; %d API filings refused by a replica itself): %v by status, %v by answerer",
		len(results), whileDown, refusedByReplica,
		countBy(results, func(f filing) string { return fmt.Sprint(f.status) }),
		countBy(results, func(f filing) string {
			if f.backend == "" {
				return "haproxy"
			}
			return f.backend
		}))
	if len(failed) > 0 {
		t.Errorf("%d of %d filings failed (not 200, not 503 with Retry-After):\n%s", len(failed), len(results), firstLines(failed, 20))
	}
	if refused == 0 {
		t.Errorf("no filing was refused with 503 during the outage")
	}
	// Before HAProxy has taken them out, the replicas answer the API themselves.
	if refusedByReplica == 0 {
		t.Errorf("no replica answered a filing over the API with 503 itself (all came from HAProxy)")
	}
	if afterUp == 0 {
		t.Errorf("no filing succeeded after the database returned")
	}

	// Every report answered 200 is stored: its receipt code logs in.
	codes := map[string]bool{}
	for _, f := range results {
		if f.status == http.StatusOK && f.code != "" {
			codes[f.code] = true
		}
	}
	c := tp.lb.client(4, nil)
	var lost int
	for code := range codes {
		body, _ := json.Marshal(map[string]string{"receiptCode": code})
		res, err := c.Post(tp.lb.baseURL+"/v1/reporter/sessions", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("logging in after the outage: %v", err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d reports answered 200 are not stored (their receipt codes do not log in)", lost, len(codes))
	} else {
		t.Logf("all %d reports answered 200 are stored (their receipt codes log in)", len(codes))
	}
}

// readyz asks a replica directly (not through HAProxy) whether it is ready: its HTTP status, 0
// when there is no answer.
func readyz(c *http.Client, s *server) int {
	res, err := c.Get(s.baseURL + "/readyz")
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// ownCluster is a PostgreSQL cluster of the test's own, on a port of its own, that the test
// may stop and start again (the shared cluster of pgtest must not be).
type ownCluster struct {
	dir      string
	port     int
	opts     []string
	adminDSN string
	stop     func() error // nil while it is down
}

// startOwnCluster makes and starts a cluster with opts. Without the PostgreSQL server binaries
// the test is skipped, or fails with CI=true.
func startOwnCluster(t testing.TB, opts ...string) *ownCluster {
	t.Helper()
	parent := os.TempDir()
	if os.Geteuid() == 0 {
		parent = "/tmp" // the postgres user must be able to reach the cluster directory
	}
	c := newOwnCluster(t, parent, "meldpunt-lb-pg-", opts)
	stop, dsn, err := pgtest.StartCluster(c.dir, c.port, opts...)
	if err != nil {
		if strings.Contains(err.Error(), "no PostgreSQL server binaries") {
			testenv.Missing(t, "postgresql", err.Error(), pgtest.InstallHint)
		}
		t.Fatalf("starting PostgreSQL: %v", err)
	}
	c.stop, c.adminDSN = stop, dsn
	return c
}

// newOwnCluster reserves a directory under parent and a free port for a cluster, stopped and
// removed at cleanup; the caller makes and starts it.
func newOwnCluster(t testing.TB, parent, prefix string, opts []string) *ownCluster {
	t.Helper()
	dir, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		t.Fatal(err)
	}
	port, err := freeTCPPort()
	if err != nil {
		t.Fatal(err)
	}
	c := &ownCluster{dir: dir, port: port, opts: opts}
	t.Cleanup(func() {
		if c.stop != nil {
			if err := c.stop(); err != nil {
				t.Errorf("stopping PostgreSQL in %s: %v", filepath.Base(dir), err)
			}
		}
		os.RemoveAll(dir)
	})
	return c
}

// newDatabase creates database name and returns its URL.
func (c *ownCluster) newDatabase(t testing.TB, name string) string {
	t.Helper()
	db, err := sql.Open("postgres", c.adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(c.adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// down stops the server (pg_ctl stop -m fast: open connections are ended).
func (c *ownCluster) down(t testing.TB) {
	t.Helper()
	stop := c.stop
	c.stop = nil
	if err := stop(); err != nil {
		t.Fatalf("stopping PostgreSQL: %v", err)
	}
}

// up starts it again on the same port and data directory, and returns when it accepts connections.
func (c *ownCluster) up(t testing.TB) {
	t.Helper()
	stop, _, err := pgtest.StartCluster(c.dir, c.port, c.opts...)
	if err != nil {
		t.Fatalf("starting PostgreSQL again: %v", err)
	}
	c.stop = stop
}
