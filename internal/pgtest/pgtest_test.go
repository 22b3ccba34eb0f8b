package pgtest

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/utrecht/meldpunt/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestDatabasesAreIsolated(t *testing.T) {
	var calls atomic.Int32
	migrate := func(dsn string) error {
		calls.Add(1)
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Exec(`CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)`)
		return err
	}

	a := open(t, NewDatabase(t, "isolation", migrate))
	b := open(t, NewDatabase(t, "isolation", migrate))

	if _, err := a.Exec(`INSERT INTO note (body) VALUES ('only in a')`); err != nil {
		t.Fatal(err)
	}
	var na, nb int
	if err := a.QueryRow(`SELECT count(*) FROM note`).Scan(&na); err != nil {
		t.Fatal(err)
	}
	if err := b.QueryRow(`SELECT count(*) FROM note`).Scan(&nb); err != nil {
		t.Fatal(err)
	}
	if na != 1 || nb != 0 {
		t.Fatalf("rows: a=%d b=%d, want a=1 b=0", na, nb)
	}
	var dba, dbb string
	a.QueryRow(`SELECT current_database()`).Scan(&dba)
	b.QueryRow(`SELECT current_database()`).Scan(&dbb)
	if dba == dbb {
		t.Fatalf("both DSNs point at database %q", dba)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("migrate called %d times, want 1", n)
	}
}

// Many parallel tests copying one template at once: the template is built once and no CREATE
// DATABASE trips over "source database is being accessed by other users" — even though migrate
// here leaks its connection pool.
func TestParallelCopies(t *testing.T) {
	var calls atomic.Int32
	migrate := func(dsn string) error {
		calls.Add(1)
		db, err := sql.Open("postgres", dsn) // deliberately never closed
		if err != nil {
			return err
		}
		_, err = db.Exec(`CREATE TABLE item (n int)`)
		return err
	}
	t.Run("group", func(t *testing.T) {
		for i := 0; i < 12; i++ {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				db := open(t, NewDatabase(t, "parallel", migrate))
				if _, err := db.Exec(`INSERT INTO item VALUES ($1)`, i); err != nil {
					t.Fatal(err)
				}
				var n int
				if err := db.QueryRow(`SELECT count(*) FROM item`).Scan(&n); err != nil || n != 1 {
					t.Fatalf("count=%d err=%v, want 1", n, err)
				}
			})
		}
	})
	if n := calls.Load(); n != 1 {
		t.Fatalf("migrate called %d times, want 1", n)
	}
}

func TestEmptyDatabaseAndCleanup(t *testing.T) {
	var name string
	t.Run("inner", func(t *testing.T) {
		db := open(t, NewDatabase(t, "empty", nil))
		if err := db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		var tables int
		db.QueryRow(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables)
		if tables != 0 {
			t.Fatalf("%d tables in a fresh empty database", tables)
		}
	})
	admin := open(t, ServerDSN())
	var exists bool
	if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Fatalf("database %q still exists after its test's cleanup", name)
	}
}

func TestKeyWithAnotherMigrateFails(t *testing.T) {
	if ok, why := Available(); !ok {
		testenv.Missing(t, "postgresql", why, InstallHint)
	}
	f := func(string) error { return nil }
	g := func(string) error { return fmt.Errorf("never") }
	if _, err := templateFor("mixed", f); err != nil {
		t.Fatal(err)
	}
	if _, err := templateFor("mixed", g); err == nil {
		t.Fatal("same key with another migrate function was accepted")
	}
}

// StartCluster adds no speed-over-safety settings: a benchmark's cluster is durable by default.
func TestStartClusterIsDurable(t *testing.T) {
	if os.Getenv(EnvDatabaseURL) != "" {
		t.Skip("uses an external server")
	}
	if _, err := findBinDir(); err != nil {
		testenv.Missing(t, "postgresql", err.Error(), InstallHint)
	}
	dir, err := os.MkdirTemp("", "pgtest-start-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	stop, dsn, err := StartCluster(dir, 0, "-c", "work_mem=8MB")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()
	db := open(t, dsn)
	for setting, want := range map[string]string{"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on", "work_mem": "8MB"} {
		var got string
		if err := db.QueryRow("SHOW " + setting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %s, want %s", setting, got, want)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// With PostgreSQL unreachable, NewDatabase fails, naming how to get it — and skips only when the
// developer allowed that by name (MELDPUNT_ALLOW_MISSING=postgresql or all), never with CI=true.
func TestUnavailableFailsUnlessSkippingIsAllowed(t *testing.T) {
	if os.Getenv("PGTEST_HELPER") == "1" {
		return
	}
	for _, tc := range []struct{ ci, allow, want string }{
		{"", "", "--- FAIL: TestHelperUnavailable"},
		{"", "chromium,haproxy", "--- FAIL: TestHelperUnavailable"},
		{"", "chromium,postgresql", "--- SKIP: TestHelperUnavailable"},
		{"", "all", "--- SKIP: TestHelperUnavailable"},
		{"true", "all", "--- FAIL: TestHelperUnavailable"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperUnavailable$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "PGTEST_HELPER=1", "CI="+tc.ci, testenv.EnvAllowMissing+"="+tc.allow,
			EnvDatabaseURL+"=postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=5")
		out, err := cmd.CombinedOutput()
		if !strings.Contains(string(out), tc.want) || (err == nil) != strings.Contains(tc.want, "SKIP") {
			t.Errorf("CI=%q %s=%q: want %q, got err=%v\n%s", tc.ci, testenv.EnvAllowMissing, tc.allow, tc.want, err, out)
		}
		if strings.Contains(tc.want, "FAIL") && tc.ci == "" && !strings.Contains(string(out), testenv.EnvAllowMissing+"=postgresql") {
			t.Errorf("the failure does not say how to skip on purpose:\n%s", out)
		}
	}
}

func TestHelperUnavailable(t *testing.T) {
	if os.Getenv("PGTEST_HELPER") != "1" {
		t.Skip("helper for TestUnavailableSkipsOrFailsInCI")
	}
	NewDatabase(t, "x", nil)
	t.Log("NewDatabase returned although PostgreSQL is unreachable")
}
