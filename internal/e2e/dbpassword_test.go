package e2e

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDatabasePasswordFile: the database password comes from a file (a mounted Kubernetes or
// Docker secret), never from the URL, and reaches a PostgreSQL that checks it (scram-sha-256);
// `meldpunt migrate` and `meldpunt serve` both connect with it, a wrong one is refused, and
// neither ever prints it.
func TestDatabasePasswordFile(t *testing.T) {
	t.Parallel()
	c := startOwnCluster(t)
	// Characters that need escaping in a URL, in lib/pq's key=value form and in SQL.
	const password = `p@ss:w/rd?&password=x#% "it's"\ ünï`
	const role = "meldpunt_app"
	admin, err := sql.Open("postgres", c.adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	cx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var hbaFile string
	if err := admin.QueryRowContext(cx, "SHOW hba_file").Scan(&hbaFile); err != nil {
		t.Fatal(err)
	}
	// The superuser keeps trust (the test's own connections); every other role must give its
	// password, as CloudNativePG's and most servers' pg_hba.conf demand.
	hba := "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
	if err := os.WriteFile(hbaFile, []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SET password_encryption = 'scram-sha-256'",
		"CREATE ROLE " + role + " LOGIN PASSWORD '" + strings.ReplaceAll(password, "'", "''") + "'",
		"CREATE DATABASE meldpunt OWNER " + role,
		"SELECT pg_reload_conf()",
	} {
		if _, err := admin.ExecContext(cx, q); err != nil {
			t.Fatalf("%s: %v", strings.SplitN(q, " PASSWORD", 2)[0], err)
		}
	}
	u, err := url.Parse(c.adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	u.User, u.Path = url.User(role), "/meldpunt"
	dbURL := u.String() // no password in it

	// The reload is asynchronous: wait until the server asks this role for a password.
	waitFor(t, "pg_hba.conf to demand a password", func() bool {
		db, err := sql.Open("postgres", dbURL)
		if err != nil {
			return false
		}
		defer db.Close()
		err = db.PingContext(cx)
		return err != nil && strings.Contains(err.Error(), "password")
	})

	dir := t.TempDir()
	good := filepath.Join(dir, "password")
	if err := os.WriteFile(good, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "wrong")
	if err := os.WriteFile(bad, []byte("not-"+password), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(meldpuntBin, args...)
		cmd.Env = cleanEnv()
		out, err := cmd.CombinedOutput()
		if strings.Contains(string(out), "ss:w/rd") || strings.Contains(string(out), url.QueryEscape(password)) {
			t.Errorf("meldpunt %s printed the password:\n%s", args[0], out)
		}
		return string(out), err
	}

	if out, err := run("migrate", "--database-url", dbURL, "--database-password-file", bad); err == nil {
		t.Errorf("migrate with a wrong password succeeded:\n%s", out)
	} else if !strings.Contains(out, "password authentication failed") {
		t.Errorf("migrate with a wrong password: want an authentication error, got %v:\n%s", err, out)
	}
	if out, err := run("migrate", "--database-url", dbURL); err == nil {
		t.Errorf("migrate without a password succeeded:\n%s", out)
	}
	if out, err := run("migrate", "--database-url", dbURL, "--database-password-file", good); err != nil {
		t.Fatalf("migrate with the password file: %v\n%s", err, out)
	}

	// As the Kubernetes Deployment runs it: the schema migrated by the job beforehand.
	s := startServerWith(t, t.TempDir(), dbURL, "--dev", "--migrate=off", "--database-password-file", good)
	s.rest(t, http.MethodGet, "/readyz", "", nil).want(t, http.StatusOK, nil)
	res := s.fileReport(t, anonymousReport("Filed over a connection authenticated with a password from a file."))
	if res.GetCaseReference() == "" {
		t.Error("no case reference")
	}
	s.stop(t)
	if logs := s.logs.String(); strings.Contains(logs, "ss:w/rd") || strings.Contains(logs, url.QueryEscape(password)) {
		t.Error("the server logged the password")
	}
}
