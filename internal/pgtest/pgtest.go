// Package pgtest gives Go tests a throwaway PostgreSQL server and a fresh database per test.
//
// A package whose tests need PostgreSQL wires it up once in TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// and each test asks for its own database:
//
//	dsn := pgtest.NewDatabase(t, "schema-v1", migrateFunc) // or nil for an empty database
//	db, err := sql.Open("postgres", dsn)
//
// Where the server comes from:
//
//   - MELDPUNT_TEST_DATABASE_URL, if set: a lib/pq URL (postgres://user[:pw]@host:port/db?...) of a
//     server on which that role may CREATE DATABASE. Names of databases made there carry the test
//     process id, so several test processes can share one server.
//   - otherwise a fresh cluster, made with initdb from the newest server binaries under
//     /usr/lib/postgresql/*/bin (or initdb/pg_ctl found on PATH), in a temporary directory, listening
//     on a free port on 127.0.0.1 only. It is started lazily, the first time a test needs it (so a
//     `go test -run` that selects no PostgreSQL test pays nothing), and stopped and removed when
//     m.Run returns. A watchdog process stops and removes it too if the test binary dies without
//     cleaning up (a -timeout panic, a kill).
//
// initdb refuses to run as root: as root, initdb and pg_ctl run as the postgres system user through
// `runuser -u postgres --`, in a directory owned by postgres with mode 0700.
//
// Its character classification is UTF-8 (--lc-ctype=C.UTF-8, sorting stays C), as in production:
// with a C ctype PostgreSQL's text search would lower-case only ASCII letters, and the Dutch
// normalisation of the precedent library (internal/precedents/dutch) would differ on é, ë, ï.
//
// The throwaway cluster runs with fsync=off, synchronous_commit=off and full_page_writes=off: fast,
// but nothing it writes survives a crash, and timings taken on it say nothing about production.
// Benchmarks must start their own cluster with durable settings through StartCluster (which adds
// none of those options) and pass their own settings as extraOpts.
//
// Each (template) key gets one template database per test process, built once by calling the
// migrate function against it; every NewDatabase call then copies it with CREATE DATABASE ...
// TEMPLATE, which is much faster than migrating each database. Databases are dropped (WITH (FORCE))
// at t.Cleanup.
//
// When PostgreSQL cannot be had, NewDatabase skips the test with the reason — except with CI=true in
// the environment, where it fails the test instead: in CI PostgreSQL tests must run, never skip.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq" // the "postgres" database/sql driver
	"github.com/utrecht/meldpunt/internal/testenv"
)

// EnvDatabaseURL names the environment variable with the DSN of an existing server to use instead
// of starting a cluster.
const EnvDatabaseURL = "MELDPUNT_TEST_DATABASE_URL"

// FastOpts are the server settings of the throwaway cluster that Main starts: no durability, for
// speed. Benchmarks must not use them.
var FastOpts = []string{"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"}

var (
	mainCalled atomic.Bool

	srvOnce   sync.Once
	srvDSN    string       // admin DSN, URL form
	srvErr    error        // why the server is unavailable
	srvAdmin  *sql.DB      // connection pool to the admin database
	srvStop   func() error // stops (and removes) the cluster we started; nil for an external server
	srvPrefix string       // prefix of every database this process creates

	// createMu serializes CREATE DATABASE: copies of one template must not overlap with anything
	// holding a connection to it, and serializing keeps the error "source database is being
	// accessed by other users" away.
	createMu sync.Mutex

	tmplMu sync.Mutex
	tmpls  = map[string]*template{}

	dbSeq atomic.Int64
)

type template struct {
	once    sync.Once
	name    string
	err     error
	migrate uintptr // code pointer of the migrate function, to catch one key used with two functions
}

// InstallHint is how to get PostgreSQL for the tests.
const InstallHint = "apt-get install postgresql (the server binaries under /usr/lib/postgresql), or set " + EnvDatabaseURL + " to a server to use"

// Main is called from TestMain of a package that needs PostgreSQL: it makes the server available
// (MELDPUNT_TEST_DATABASE_URL if set, otherwise a fresh cluster started from the installed server
// binaries under /usr/lib/postgresql/*/bin, on a free loopback port, in a temp dir), runs m, stops
// and removes the cluster, and returns the exit code. os.Exit is left to the caller:
//
//	os.Exit(pgtest.Main(m))
//
// The server is started on first use (NewDatabase, Available or ServerDSN), not before m.Run.
func Main(m *testing.M) int {
	mainCalled.Store(true)
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: shutting down PostgreSQL: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// Available reports whether PostgreSQL can be used, and if not, why. It starts the server if that
// has not happened yet. When it cannot be used, NewDatabase fails the test with the reason and how
// to get PostgreSQL — or skips it when the developer allowed that with
// MELDPUNT_ALLOW_MISSING=postgresql (never with CI=true; see testenv.Missing).
func Available() (bool, string) {
	if !mainCalled.Load() {
		return false, "pgtest.Main was not called: add `func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }` to the package's tests"
	}
	srvOnce.Do(startServer)
	if srvErr != nil {
		return false, srvErr.Error()
	}
	return true, ""
}

// ServerDSN returns the admin DSN (lib/pq URL form) of the server in use, starting it if needed,
// or "" when PostgreSQL is not available. Tests should prefer NewDatabase.
func ServerDSN() string {
	if ok, _ := Available(); !ok {
		return ""
	}
	return srvDSN
}

// NewDatabase returns the DSN (lib/pq URL form, sslmode=disable on the throwaway cluster) of a fresh
// database for this test, created with CREATE DATABASE ... TEMPLATE <template>. The template for
// templateKey is built once per test process by calling migrate(dsn) on it (nil: an empty
// database). Use one key per distinct migrate function: the first call's function is the one used
// for the key. migrate must close its connections before it returns (leftovers are terminated). The
// database is dropped at t.Cleanup.
//
// When PostgreSQL is not available the test fails, or skips when allowed (testenv.Missing).
func NewDatabase(t testing.TB, templateKey string, migrate func(dsn string) error) string {
	t.Helper()
	if ok, why := Available(); !ok {
		testenv.Missing(t, "postgresql", "pgtest: "+why, InstallHint)
	}
	tpl, err := templateFor(templateKey, migrate)
	if err != nil {
		t.Fatalf("pgtest: template %q: %v", templateKey, err)
	}
	name := fmt.Sprintf("%s%d_%s", srvPrefix, dbSeq.Add(1), sanitize(t.Name()))
	if len(name) > 63 {
		name = name[:63]
	}
	if err := createDatabase(name, tpl.name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(name); err != nil {
			t.Errorf("pgtest: %v", err)
		}
	})
	return dsnFor(srvDSN, name)
}

// StartCluster makes (initdb, unless dir/data already holds a cluster) and starts a PostgreSQL
// cluster in dir (created if missing; as root it is chowned to postgres with mode 0700), listening
// on 127.0.0.1:port (port 0: a free port) and on a Unix socket in dir. It adds no server settings
// besides the port, socket directory and listen address: extraOpts are passed to the server as
// further command-line arguments, e.g. "-c", "shared_buffers=1GB". Nothing here turns fsync off,
// so a benchmark gets PostgreSQL's durable defaults unless it says otherwise.
//
// dsn is the superuser's DSN (user postgres, database postgres, trust authentication,
// sslmode=disable). stop stops the server (fast shutdown) and leaves dir in place. If the calling
// process dies without calling stop, a watchdog process stops the server.
func StartCluster(dir string, port int, extraOpts ...string) (stop func() error, dsn string, err error) {
	return startCluster(dir, port, false, extraOpts)
}

// ---- server lifecycle ----

func startServer() {
	pid := os.Getpid()
	srvPrefix = fmt.Sprintf("pgtest_%d_", pid)
	if u := os.Getenv(EnvDatabaseURL); u != "" {
		if _, err := url.Parse(u); err != nil || !strings.HasPrefix(u, "postgres") {
			srvErr = fmt.Errorf("%s must be a postgres:// URL", EnvDatabaseURL)
			return
		}
		srvDSN = u
	} else {
		parent := os.TempDir()
		if os.Geteuid() == 0 && !worldSearchable(parent) {
			parent = "/tmp" // the postgres user must be able to reach the data directory
		}
		dir, err := os.MkdirTemp(parent, "pgtest-")
		if err != nil {
			srvErr = err
			return
		}
		stop, dsn, err := startCluster(dir, 0, true, FastOpts)
		if err != nil {
			os.RemoveAll(dir)
			srvErr = err
			return
		}
		srvDSN, srvStop = dsn, stop
	}
	db, err := sql.Open("postgres", srvDSN)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		srvErr = fmt.Errorf("connecting to %s: %v", redact(srvDSN), err)
		if db != nil {
			db.Close()
		}
		if srvStop != nil {
			srvStop()
			srvStop = nil
		}
		return
	}
	srvAdmin = db
}

func shutdown() error {
	var errs []error
	if srvAdmin != nil {
		if srvStop == nil {
			// External server: drop the templates this process made (test databases are dropped
			// by their tests' cleanups).
			tmplMu.Lock()
			for _, tpl := range tmpls {
				if tpl.name != "" {
					if err := dropDatabase(tpl.name); err != nil {
						errs = append(errs, err)
					}
				}
			}
			tmplMu.Unlock()
		}
		srvAdmin.Close()
	}
	if srvStop != nil {
		errs = append(errs, srvStop())
	}
	return errors.Join(errs...)
}

func startCluster(dir string, port int, remove bool, extraOpts []string) (func() error, string, error) {
	bin, err := findBinDir()
	if err != nil {
		return nil, "", err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	asRoot, err := clusterDir(dir)
	if err != nil {
		return nil, "", err
	}
	data := filepath.Join(dir, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err != nil {
		out, err := run(asRoot, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres",
			"--auth=trust", "-E", "UTF8", "--locale=C", "--lc-ctype=C.UTF-8", "--no-sync")
		if err != nil {
			return nil, "", fmt.Errorf("initdb: %v\n%s", err, out)
		}
	}
	logFile := filepath.Join(dir, "server.log")
	pgctl := filepath.Join(bin, "pg_ctl")

	// A port picked by binding :0 can be taken by someone else before the server binds it: retry.
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		p := port
		if p == 0 {
			if p, err = freePort(); err != nil {
				return nil, "", err
			}
		}
		opts := []string{"-p", strconv.Itoa(p), "-k", dir, "-c", "listen_addresses=127.0.0.1"}
		opts = append(opts, extraOpts...)
		quoted := make([]string, len(opts))
		for i, o := range opts {
			quoted[i] = shellQuote(o)
		}
		out, err := run(asRoot, pgctl, "-D", data, "-l", logFile, "-o", strings.Join(quoted, " "), "-w", "-t", "60", "start")
		if err != nil {
			lastErr = fmt.Errorf("pg_ctl start on port %d: %v\n%s\n%s", p, err, out, tail(logFile, 20))
			if port != 0 {
				break
			}
			continue
		}
		stopCmd := []string{pgctl, "-D", data, "-m", "fast", "-w", "-t", "60", "stop"}
		w, watcher := startWatchdog(asRoot, stopCmd, dir, remove)
		var once sync.Once
		var stopErr error
		stop := func() error {
			once.Do(func() {
				if watcher != nil {
					watcher.Process.Kill()
					watcher.Wait()
					w.Close()
				}
				if out, err := run(asRoot, stopCmd...); err != nil {
					stopErr = fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
				}
				if remove {
					if err := os.RemoveAll(dir); err != nil && stopErr == nil {
						stopErr = err
					}
				}
			})
			return stopErr
		}
		dsn := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p)
		return stop, dsn, nil
	}
	return nil, "", lastErr
}

// startWatchdog starts a shell that waits for EOF on a pipe whose write end only this process
// holds: when this process dies, however it dies, the shell stops the server (and removes dir). It
// runs in its own process group so that a Ctrl-C of the test run does not kill it first. On a
// normal stop the watchdog is killed before the server is stopped.
func startWatchdog(asRoot bool, stopCmd []string, dir string, remove bool) (*os.File, *exec.Cmd) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil
	}
	script := "trap '' INT HUP TERM; read x; " + shellJoin(asCmd(asRoot, stopCmd)) + " >/dev/null 2>&1"
	if remove {
		script += "; rm -rf " + shellQuote(dir)
	}
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Stdin = r // *os.File: handed over as is, no copying goroutine
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, nil
	}
	r.Close()
	watchdogPipes = append(watchdogPipes, w) // keep the write end open (and out of the GC's reach)
	return w, cmd
}

var watchdogPipes []*os.File

// clusterDir makes dir (if missing) a directory the cluster's owner may use as its own: mode 0700
// and, when we are root, owned by the postgres user. It reports whether we are root (and so run
// the server's programs as postgres).
func clusterDir(dir string) (asRoot bool, err error) {
	asRoot = os.Geteuid() == 0
	var uid, gid int
	if asRoot {
		u, err := user.Lookup("postgres")
		if err != nil {
			return asRoot, fmt.Errorf("running as root, initdb must run as the postgres user: %v", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return asRoot, err
	}
	if asRoot {
		if err := os.Chown(dir, uid, gid); err != nil {
			return asRoot, err
		}
	}
	return asRoot, os.Chmod(dir, 0o700)
}

func findBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if isExecutable(filepath.Join(d, "initdb")) && isExecutable(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		d := filepath.Dir(p)
		if isExecutable(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on PATH, and %s is not set (Debian: apt-get install postgresql)", EnvDatabaseURL)
}

func pgVersion(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

func worldSearchable(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func asCmd(asRoot bool, argv []string) []string {
	if asRoot {
		return append([]string{"runuser", "-u", "postgres", "--"}, argv...)
	}
	return argv
}

// run runs a command (as postgres when we are root) with its output going to a file, not a pipe:
// pg_ctl start leaves the server running, and a server holding a pipe open would make the wait hang.
func run(asRoot bool, argv ...string) (string, error) {
	argv = asCmd(asRoot, argv)
	f, err := os.CreateTemp("", "pgtest-out-")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Dir = "/" // runuser keeps the cwd, which postgres may not be able to read
	err = cmd.Run()
	out, _ := os.ReadFile(f.Name())
	return strings.TrimSpace(string(out)), err
}

func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "server log:\n" + strings.Join(lines, "\n")
}

// ---- databases ----

func templateFor(key string, migrate func(string) error) (*template, error) {
	var fn uintptr
	if migrate != nil {
		fn = reflect.ValueOf(migrate).Pointer()
	}
	tmplMu.Lock()
	tpl, ok := tmpls[key]
	if !ok {
		tpl = &template{migrate: fn}
		tmpls[key] = tpl
	}
	tmplMu.Unlock()
	if tpl.migrate != fn {
		return nil, errors.New("key already used with another migrate function: use one key per migrate function")
	}
	tpl.once.Do(func() {
		name := fmt.Sprintf("%stpl_%s", srvPrefix, sanitize(key))
		if len(name) > 55 {
			name = name[:55]
		}
		tmplMu.Lock()
		name = fmt.Sprintf("%s_%d", name, len(tmpls)) // distinct even when keys sanitize alike
		tmplMu.Unlock()
		if err := createDatabase(name, ""); err != nil {
			tpl.err = err
			return
		}
		tpl.name = name // from here on shutdown drops it
		if migrate != nil {
			if err := migrate(dsnFor(srvDSN, name)); err != nil {
				tpl.err = fmt.Errorf("migrate: %w", err)
				return
			}
		}
		// Nobody may connect to the template any more; end what migrate left open.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := srvAdmin.ExecContext(ctx, "ALTER DATABASE "+quoteIdent(name)+" WITH ALLOW_CONNECTIONS false"); err != nil {
			tpl.err = err
			return
		}
		terminate(ctx, name)
	})
	return tpl, tpl.err
}

func createDatabase(name, template string) error {
	q := "CREATE DATABASE " + quoteIdent(name)
	if template != "" {
		q += " TEMPLATE " + quoteIdent(template)
	}
	createMu.Lock()
	defer createMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for attempt := 0; ; attempt++ {
		_, err := srvAdmin.ExecContext(ctx, q)
		if err == nil {
			return nil
		}
		// A backend whose client has gone may still be on its way out.
		if template != "" && strings.Contains(err.Error(), "being accessed by other users") && attempt < 50 {
			terminate(ctx, template)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		return fmt.Errorf("%s: %v", q, err)
	}
}

func dropDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	q := "DROP DATABASE IF EXISTS " + quoteIdent(name) + " WITH (FORCE)"
	if _, err := srvAdmin.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("%s: %v", q, err)
	}
	return nil
}

func terminate(ctx context.Context, db string) {
	srvAdmin.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", db)
}

// dsnFor returns base (a URL DSN) with its database replaced by db.
func dsnFor(base, db string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + db
	u.RawPath = ""
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}

var nonIdent = regexp.MustCompile(`[^a-z0-9_]+`)

func sanitize(s string) string {
	return strings.Trim(nonIdent.ReplaceAllString(strings.ToLower(s), "_"), "_")
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shellJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}
