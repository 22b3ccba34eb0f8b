package bench

// Throughput of report filing (gRPC and REST) against a plain single-row INSERT, on one durable
// PostgreSQL cluster started for this process. See doc.go and scripts/bench.
//
// What is measured, and how:
//
//   - Exactly N concurrent clients (an explicit worker pool, independent of GOMAXPROCS and -cpu)
//     share b.N operations; the rate is b.N over the wall time of the pool.
//   - gRPC: all N clients share one grpc.ClientConn (one HTTP/2 connection, calls multiplexed),
//     which is what a Go client of the API does: a ClientConn is meant to be made once and shared.
//   - REST: one http.Client whose Transport keeps up to 64 idle connections per host, so each of
//     the N clients keeps its own HTTP/1.1 keep-alive connection (as N browsers would). The request
//     goes through the real gateway and its in-process gRPC connection.
//   - Plain insert: database/sql over lib/pq (the server's driver), pool of 40 (the server's
//     default --db-max-conns), one autocommit INSERT of a uuid, 300 random bytes and a timestamp
//     into a table with a uuid primary key.
//   - Before every timed run the case tables and bench_plain are truncated and a CHECKPOINT is
//     taken, so each run starts from the same state.
//
// Extra metrics per case: p50/p99 latency (ms), CPU time per operation of this Go process (client
// and server together: go-cpu-us/op) and of PostgreSQL (pg-cpu-us/op, from /proc), and cores-busy
// (both together over wall time; the machine's core count is the ceiling).
//
// With MELDPUNT_BENCH_PGSTATS=1 the cluster also loads pg_stat_statements, the database traffic
// goes through a counting TCP proxy, and each case reports statements, client→server round trips,
// write transactions, WAL fsyncs and WAL bytes per operation, and logs the statements run per
// operation. The proxy adds latency: take rates from a run without it.
//
// MELDPUNT_BENCH_DSN_PARAMS adds lib/pq parameters to the DSN of the server and of the plain-insert
// pool alike, for trying driver settings. (binary_parameters=yes, which would save a round trip per
// statement, breaks filing: lib/pq then sends ent's jsonb values in binary form, which PostgreSQL
// rejects with "unsupported jsonb version number".) MELDPUNT_BENCH_LOG=1 prints the server's
// warnings and errors, which are otherwise discarded.
//
// Client, server and PostgreSQL share the machine's cores: on a small machine the clients' own CPU
// (JSON, HTTP, gRPC marshalling: roughly 5% of the Go process) is part of what is measured.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "github.com/lib/pq"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/pgtest"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/transport"
	"github.com/utrecht/meldpunt/internal/vault"
)

// envPGStats turns on the diagnostic metrics (pg_stat_statements, round-trip counting proxy).
const envPGStats = "MELDPUNT_BENCH_PGSTATS"

// envLog sends the server's warnings and errors to stderr instead of discarding them.
const envLog = "MELDPUNT_BENCH_LOG"

// envDSNParams adds lib/pq connection parameters (a URL query, e.g. "binary_parameters=yes") to the
// DSN of both the server and the plain-insert pool, for trying driver settings.
const envDSNParams = "MELDPUNT_BENCH_DSN_PARAMS"

// poolSize is the database pool of the server (the default of --db-max-conns) and of the plain
// insert benchmark.
const poolSize = 40

var clientCounts = []int{8, 32}

// description is a report text of about 300 characters.
const description = "Mijn leidinggevende maakt al maanden in werkoverleggen kleinerende opmerkingen over mij " +
	"en over twee collega's, vooral over ons accent en onze leeftijd. Na een klacht bij hem werd ik " +
	"buiten het overleg over het nieuwe project gehouden. Collega's durven er niets van te zeggen. " +
	"Ik wil dat dit stopt en dat er een gesprek komt."

func TestMain(m *testing.M) {
	code := m.Run()
	if err := teardown(); err != nil {
		fmt.Fprintf(os.Stderr, "bench: teardown: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// ---- the environment: cluster, database, server ----

type env struct {
	dir      string // cluster directory
	stopPG   func() error
	admin    *sql.DB // direct connection to the bench database: truncation, statistics
	plain    *sql.DB // pool for the plain inserts (through the proxy in diagnostic mode)
	st       *store.Store
	cancel   context.CancelFunc
	runErr   chan error
	grpcConn *grpc.ClientConn
	grpc     pb.ReporterServiceClient
	http     *http.Client
	restURL  string
	pgPID    int
	pgstats  bool
	proxy    *countingProxy // nil unless pgstats
	dsn      string         // superuser DSN of meldpunt_bench; withDatabase for other databases
	closers  []func()       // run first by teardown, last added first (cases_bench_test.go)
}

var (
	setupOnce sync.Once
	theEnv    *env
	skipWhy   string
	setupErr  error
)

// getEnv starts everything on first use; it skips the benchmark when PostgreSQL is not installed.
func getEnv(b *testing.B) *env {
	b.Helper()
	setupOnce.Do(func() { skipWhy, setupErr = setup() })
	if skipWhy != "" {
		b.Skipf("bench: PostgreSQL not available: %s", skipWhy)
	}
	if setupErr != nil {
		b.Fatalf("bench: setup: %v", setupErr)
	}
	return theEnv
}

// setup sets theEnv as it goes, so that teardown also cleans up after a half-done setup.
func setup() (skip string, err error) {
	e := &env{pgstats: os.Getenv(envPGStats) == "1"}
	theEnv = e
	parent := os.TempDir()
	if os.Geteuid() == 0 {
		parent = "/tmp" // the postgres user must be able to reach the cluster directory
	}
	if e.dir, err = os.MkdirTemp(parent, "meldpunt-bench-"); err != nil {
		return "", err
	}
	var opts []string
	if e.pgstats {
		opts = append(opts, "-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=all")
	}
	// Durable PostgreSQL defaults: nothing here touches fsync, synchronous_commit or full_page_writes.
	stop, adminDSN, err := pgtest.StartCluster(e.dir, 0, opts...)
	if err != nil {
		if strings.Contains(err.Error(), "no PostgreSQL server binaries") {
			return err.Error(), nil
		}
		return "", err
	}
	e.stopPG = stop
	e.pgPID = postmasterPID(filepath.Join(e.dir, "data"))

	ctx := context.Background()
	root, err := sql.Open("postgres", adminDSN)
	if err != nil {
		return "", err
	}
	_, err = root.ExecContext(ctx, `CREATE DATABASE meldpunt_bench`)
	root.Close()
	if err != nil {
		return "", err
	}
	dsn := withDatabase(adminDSN, "meldpunt_bench")
	e.dsn = dsn
	if e.admin, err = sql.Open("postgres", dsn); err != nil {
		return "", err
	}
	e.admin.SetMaxOpenConns(2)
	if e.pgstats {
		if _, err := e.admin.ExecContext(ctx, `CREATE EXTENSION pg_stat_statements`); err != nil {
			return "", err
		}
	}
	if _, err := e.admin.ExecContext(ctx,
		`CREATE TABLE bench_plain (id uuid PRIMARY KEY, payload bytea NOT NULL, created_at timestamptz NOT NULL)`); err != nil {
		return "", err
	}

	appDSN := dsn // what the server and the plain-insert pool connect to
	if extra := os.Getenv(envDSNParams); extra != "" {
		if appDSN, err = withParams(appDSN, extra); err != nil {
			return "", fmt.Errorf("%s: %w", envDSNParams, err)
		}
	}
	if e.pgstats {
		if e.proxy, err = newCountingProxy(hostPort(dsn)); err != nil {
			return "", err
		}
		appDSN = withHost(appDSN, e.proxy.addr())
	}

	// The plain-insert pool, sized like the server's and with the driver settings the store uses
	// (store.PostgresDSN), so that both sides of the comparison pay the same round trips.
	if e.plain, err = sql.Open("postgres", store.PostgresDSN(appDSN)); err != nil {
		return "", err
	}
	e.plain.SetMaxOpenConns(poolSize)
	e.plain.SetMaxIdleConns(poolSize)

	// The server, wired as internal/cli/app.go's serve wires it (ephemeral vault, no staff sign-in).
	var h slog.Handler = slog.DiscardHandler
	if os.Getenv(envLog) == "1" {
		h = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})
	}
	log := slog.New(transport.LogHandler{Handler: h})
	if e.st, err = store.Open(ctx, appDSN, store.Options{MaxOpenConns: poolSize}); err != nil {
		return "", err
	}
	if err := e.st.Migrate(log); err != nil {
		return "", err
	}
	v, err := vault.NewEphemeral()
	if err != nil {
		return "", err
	}
	svc, err := cases.New(cases.Config{
		Repo:       e.st.Cases(),
		Vault:      v,
		Limiter:    ratelimit.New(ratelimit.Config{}),
		Policy:     cases.DefaultPolicy(),
		SessionTTL: 30 * time.Minute,
	})
	if err != nil {
		return "", err
	}
	sctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	srv, err := transport.New(sctx, transport.Config{
		GRPCAddr: "127.0.0.1:0",
		HTTPAddr: "127.0.0.1:0",
		Cases:    svc,
		FormKey:  make([]byte, 32),
		Log:      log,
		Ready:    e.st.Ping,
	})
	if err != nil {
		return "", err
	}
	e.runErr = make(chan error, 1)
	go func() { e.runErr <- srv.Run(sctx) }()

	e.http = &http.Client{
		Transport: &http.Transport{
			MaxIdleConns:        128,
			MaxIdleConnsPerHost: 64, // >= the largest client count: every client keeps its connection
			IdleConnTimeout:     time.Minute,
		},
		Timeout: time.Minute,
	}
	e.restURL = "http://" + srv.HTTPAddr() + "/v1/reports"
	if err := waitReady(e.http, "http://"+srv.HTTPAddr()+"/readyz", e.runErr); err != nil {
		return "", err
	}
	if e.grpcConn, err = grpc.NewClient(srv.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials())); err != nil {
		return "", err
	}
	e.grpc = pb.NewReporterServiceClient(e.grpcConn)
	return "", nil
}

func waitReady(c *http.Client, u string, runErr <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-runErr:
			return fmt.Errorf("server stopped: %v", err)
		default:
		}
		resp, err := c.Get(u)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server not ready after 30s (last error: %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func teardown() error {
	e := theEnv
	if e == nil {
		return nil
	}
	var errs []error
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
	if e.grpcConn != nil {
		e.grpcConn.Close()
	}
	if e.http != nil {
		e.http.CloseIdleConnections()
	}
	if e.cancel != nil {
		e.cancel()
		select {
		case err := <-e.runErr:
			if err != nil && !errors.Is(err, context.Canceled) {
				errs = append(errs, fmt.Errorf("server: %w", err))
			}
		case <-time.After(30 * time.Second):
			errs = append(errs, errors.New("server did not stop within 30s"))
		}
	}
	if e.st != nil {
		e.st.Close()
	}
	if e.plain != nil {
		e.plain.Close()
	}
	if e.admin != nil {
		e.admin.Close()
	}
	if e.proxy != nil {
		e.proxy.close()
	}
	if e.stopPG != nil {
		if err := e.stopPG(); err != nil {
			errs = append(errs, err)
		}
	}
	if e.dir != "" {
		if err := os.RemoveAll(e.dir); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// reset empties the tables the benchmarks write and checkpoints, so every timed run starts alike.
func (e *env) reset(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	if _, err := e.admin.ExecContext(ctx,
		`TRUNCATE audit_events, cases, bench_plain CASCADE`); err != nil {
		b.Fatal(err)
	}
	if _, err := e.admin.ExecContext(ctx, `CHECKPOINT`); err != nil {
		b.Fatal(err)
	}
}

// ---- the benchmarks ----

func BenchmarkFileReport(b *testing.B) {
	for _, via := range []string{"grpc", "rest"} {
		for _, n := range clientCounts {
			b.Run(fmt.Sprintf("%s/clients=%d", via, n), func(b *testing.B) {
				e := getEnv(b)
				op := e.fileGRPC
				if via == "rest" {
					op = e.fileREST
				}
				e.run(b, n, "filings/s", op)
			})
		}
	}
}

func BenchmarkPlainInsert(b *testing.B) {
	for _, n := range clientCounts {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			e := getEnv(b)
			e.run(b, n, "inserts/s", e.plainInsert)
		})
	}
}

type worker struct {
	rng     *rand.Rand
	payload []byte
	lat     []time.Duration
}

func (e *env) fileGRPC(ctx context.Context, _ *worker) error {
	resp, err := e.grpc.FileReport(ctx, &pb.FileReportRequest{
		IdempotencyKey: uuid.NewString(),
		Category:       pb.Category_CATEGORY_BULLYING,
		Description:    description,
		Anonymity:      pb.Anonymity_ANONYMITY_ANONYMOUS,
	})
	if err != nil {
		return err
	}
	if resp.GetReceiptCode() == "" || resp.GetReplayed() {
		return fmt.Errorf("unexpected answer: %v", resp)
	}
	return nil
}

type restRequest struct {
	IdempotencyKey string `json:"idempotencyKey"`
	Category       string `json:"category"`
	Description    string `json:"description"`
	Anonymity      string `json:"anonymity"`
}

type restResponse struct {
	CaseReference string `json:"caseReference"`
	ReceiptCode   string `json:"receiptCode"`
	Replayed      bool   `json:"replayed"`
}

func (e *env) fileREST(ctx context.Context, _ *worker) error {
	body, err := json.Marshal(restRequest{
		IdempotencyKey: uuid.NewString(),
		Category:       "CATEGORY_BULLYING",
		Description:    description,
		Anonymity:      "ANONYMITY_ANONYMOUS",
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.restURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST /v1/reports: %s: %s", resp.Status, raw)
	}
	var out restResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		return err
	}
	if out.ReceiptCode == "" || out.Replayed {
		return fmt.Errorf("unexpected answer: %s", raw)
	}
	return nil
}

func (e *env) plainInsert(ctx context.Context, w *worker) error {
	for i := 0; i < len(w.payload); i += 8 {
		v := w.rng.Uint64()
		for j := 0; j < 8 && i+j < len(w.payload); j++ {
			w.payload[i+j] = byte(v >> (8 * j))
		}
	}
	_, err := e.plain.ExecContext(ctx,
		`INSERT INTO bench_plain (id, payload, created_at) VALUES ($1, $2, $3)`,
		uuid.NewString(), w.payload, time.Now())
	return err
}

// run has exactly n clients carry out b.N operations between them and reports the rate.
func (e *env) run(b *testing.B, n int, unit string, op func(context.Context, *worker) error) {
	e.reset(b)
	diag := e.pgstats && b.N >= minStatsOps
	var before stats
	if diag {
		before = e.snapshot(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	workers := make([]*worker, n)
	for i := range workers {
		workers[i] = &worker{
			rng:     rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano()))),
			payload: make([]byte, 300),
			lat:     make([]time.Duration, 0, b.N/n+1),
		}
	}
	var (
		next     atomic.Int64
		failed   atomic.Bool
		firstErr error
		errOnce  sync.Once
		wg       sync.WaitGroup
	)
	goCPU0, pgCPU0 := processCPU(), e.pgCPU()
	b.ResetTimer()
	start := time.Now()
	for _, w := range workers {
		wg.Go(func() {
			for !failed.Load() && next.Add(1) <= int64(b.N) {
				t0 := time.Now()
				if err := op(ctx, w); err != nil {
					errOnce.Do(func() { firstErr = err })
					failed.Store(true)
					return
				}
				w.lat = append(w.lat, time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	goCPU, pgCPU := processCPU()-goCPU0, e.pgCPU()-pgCPU0
	if firstErr != nil {
		b.Fatalf("after %d operations: %v", next.Load(), firstErr)
	}

	ops := float64(b.N)
	b.ReportMetric(ops/elapsed.Seconds(), unit)
	var lat []time.Duration
	for _, w := range workers {
		lat = append(lat, w.lat...)
	}
	slices.Sort(lat)
	b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
	b.ReportMetric(float64(goCPU.Microseconds())/ops, "go-cpu-us/op")
	if e.pgPID > 0 {
		b.ReportMetric(float64(pgCPU.Microseconds())/ops, "pg-cpu-us/op")
	}
	b.ReportMetric((goCPU+pgCPU).Seconds()/elapsed.Seconds(), "cores-busy")
	if diag {
		e.report(b, before, e.snapshot(b), ops)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}

// ---- CPU accounting ----

// processCPU is the user+system CPU time of this process so far (client and server).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func postmasterPID(dataDir string) int {
	raw, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

// clockTicks is USER_HZ, the unit of CPU times in /proc/PID/stat (100 on every Linux port that
// matters here).
const clockTicks = 100

// pgCPU is the user+system CPU time used so far by the postmaster and its live children (the
// backends, the WAL writer, the checkpointer, ...), read from /proc. Zero when unavailable.
func (e *env) pgCPU() time.Duration {
	if e.pgPID <= 0 {
		return 0
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var ticks int64
	for _, d := range ents {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(raw)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:]) // f[0] is field 3 (state): ppid is f[1], utime f[11], stime f[12]
		if len(f) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		if pid != e.pgPID && ppid != e.pgPID {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + st
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// ---- diagnostic statistics (MELDPUNT_BENCH_PGSTATS=1) ----

// statsSettle is how long to wait before reading pg_stat_wal: a backend that goes idle less than a
// second after its last report holds its counters back for up to PGSTAT_IDLE_INTERVAL (10 s).
const statsSettle = 11 * time.Second

// minStatsOps: runs with fewer operations (the probing runs of the benchmark framework) get no
// diagnostics, which saves the settle time.
const minStatsOps = 100

type stats struct {
	lsn        string  // pg_current_wal_lsn(): WAL bytes, exact
	nextXID    float64 // next transaction id: write transactions, exact
	walSyncs   float64 // pg_stat_wal.wal_sync: WAL fsyncs (needs the settle time)
	roundTrips int64
	conns      int64
	stmts      map[string]float64 // query text -> calls
}

func (e *env) snapshot(b *testing.B) stats {
	b.Helper()
	time.Sleep(statsSettle)
	ctx := context.Background()
	var s stats
	err := e.admin.QueryRowContext(ctx, `
		SELECT pg_current_wal_lsn()::text,
		       pg_snapshot_xmax(pg_current_snapshot())::text::float8,
		       (SELECT wal_sync FROM pg_stat_wal)`).Scan(&s.lsn, &s.nextXID, &s.walSyncs)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := e.admin.QueryContext(ctx, `
		SELECT query, calls FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	s.stmts = map[string]float64{}
	for rows.Next() {
		var q string
		var calls float64
		if err := rows.Scan(&q, &calls); err != nil {
			b.Fatal(err)
		}
		s.stmts[q] += calls
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	s.roundTrips, s.conns = e.proxy.counts()
	return s
}

func (e *env) report(b *testing.B, before, after stats, ops float64) {
	b.Helper()
	var walBytes float64
	if err := e.admin.QueryRowContext(context.Background(),
		`SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::float8`, after.lsn, before.lsn).Scan(&walBytes); err != nil {
		b.Fatal(err)
	}
	type line struct {
		q     string
		calls float64
	}
	var lines []line
	var total float64
	for q, c := range after.stmts {
		d := c - before.stmts[q]
		if d < ops/2 { // the statistics queries themselves, and the like
			continue
		}
		lines = append(lines, line{q, d})
		total += d
	}
	slices.SortFunc(lines, func(a, b line) int { return strings.Compare(a.q, b.q) })
	b.ReportMetric(total/ops, "stmts/op")
	b.ReportMetric(float64(after.roundTrips-before.roundTrips)/ops, "roundtrips/op")
	b.ReportMetric((after.nextXID-before.nextXID)/ops, "write-xacts/op")
	b.ReportMetric((after.walSyncs-before.walSyncs)/ops, "wal-fsyncs/op")
	b.ReportMetric(walBytes/ops, "wal-bytes/op")
	var sb strings.Builder
	fmt.Fprintf(&sb, "statements per operation (%d ops, %d new database connections; nested ones, such as foreign-key checks, included):\n",
		int(ops), after.conns-before.conns)
	for _, l := range lines {
		q := strings.Join(strings.Fields(l.q), " ")
		if len(q) > 120 {
			q = q[:120] + "..."
		}
		fmt.Fprintf(&sb, "  %5.2f  %s\n", l.calls/ops, q)
	}
	b.Log(sb.String())
}

// countingProxy forwards TCP connections to PostgreSQL and counts round trips: a client→server
// write that follows an answer from the server (or opens the conversation) starts a new one.
type countingProxy struct {
	ln         net.Listener
	target     string
	roundTrips atomic.Int64
	conns      atomic.Int64
	wg         sync.WaitGroup
}

func newCountingProxy(target string) (*countingProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &countingProxy{ln: ln, target: target}
	p.wg.Go(p.accept)
	return p, nil
}

func (p *countingProxy) addr() string { return p.ln.Addr().String() }

func (p *countingProxy) counts() (roundTrips, conns int64) {
	if p == nil {
		return 0, 0
	}
	return p.roundTrips.Load(), p.conns.Load()
}

func (p *countingProxy) close() {
	p.ln.Close()
	p.wg.Wait()
}

func (p *countingProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.conns.Add(1)
		var answered atomic.Bool
		answered.Store(true)
		pipe := func(dst, src net.Conn, fromClient bool) {
			buf := make([]byte, 64<<10)
			for {
				n, err := src.Read(buf)
				if n > 0 {
					if fromClient {
						if answered.Swap(false) {
							p.roundTrips.Add(1)
						}
					} else {
						answered.Store(true)
					}
					if _, werr := dst.Write(buf[:n]); werr != nil {
						break
					}
				}
				if err != nil {
					break
				}
			}
			dst.Close()
			src.Close()
		}
		go pipe(s, c, true)
		go pipe(c, s, false)
	}
}

// ---- DSN helpers ----

func withDatabase(dsn, db string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + db
	return u.String()
}

func withHost(dsn, hostport string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(err)
	}
	u.Host = hostport
	return u.String()
}

func withParams(dsn, params string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	extra, err := url.ParseQuery(params)
	if err != nil {
		return "", err
	}
	q := u.Query()
	for k, vs := range extra {
		for _, v := range vs {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func hostPort(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(err)
	}
	return u.Host
}
