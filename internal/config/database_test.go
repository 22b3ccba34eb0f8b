package config

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lib/pq"
)

func writeSecret(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The password from the file reaches lib/pq intact, whatever characters it holds, and the rest
// of the URL (TLS settings, host, user) is kept as given.
func TestDatabasePasswordFileJoinsTheURL(t *testing.T) {
	const base = "postgres://meldpunt@meldpunt-db-rw:5432/meldpunt?sslmode=verify-full&sslrootcert=/var/run/secrets/meldpunt/db-ca/ca.crt"
	for _, pw := range []string{
		"plain",
		`p@ss:w/rd?x=1&password=evil#frag %20+'\"` + "\\",
		"ünïcödé and spaces ",
		"connect_timeout=1",
	} {
		file := writeSecret(t, pw+"\n")
		c, err := parse(t, "--dev", "--database-url", base, "--database-password-file", file)
		if err != nil {
			t.Fatal(err)
		}
		if c.DatabaseURL != base {
			t.Errorf("the configured URL must stay without the password: %q", c.DatabaseURL)
		}
		dsn, err := c.DatabaseDSN()
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("DSN does not parse: %v", err)
		}
		q := u.Query()
		if got := q.Get("password"); got != pw {
			t.Errorf("password: got %q, want %q", got, pw)
		}
		if len(q["password"]) != 1 || q.Get("sslmode") != "verify-full" || q.Get("sslrootcert") != "/var/run/secrets/meldpunt/db-ca/ca.crt" ||
			u.Host != "meldpunt-db-rw:5432" || u.User.Username() != "meldpunt" || u.Path != "/meldpunt" {
			t.Errorf("the rest of the URL changed: %v", u.Redacted())
		}
		// lib/pq's own reading of the URL: the file's password, and the URL's other settings.
		pc, err := pq.NewConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if pc.Password != pw || pc.User != "meldpunt" || pc.Host != "meldpunt-db-rw" || pc.Database != "meldpunt" || pc.SSLRootCert == "" {
			t.Errorf("lib/pq reads user %q host %q db %q sslrootcert %q and password %q, want password %q",
				pc.User, pc.Host, pc.Database, pc.SSLRootCert, pc.Password, pw)
		}
	}
}

func TestDatabasePasswordFileWithoutQuery(t *testing.T) {
	c, err := parse(t, "--dev", "--database-url", "postgres://u@db/meldpunt", "--database-password-file", writeSecret(t, "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := c.DatabaseDSN()
	if err != nil {
		t.Fatal(err)
	}
	if dsn != "postgres://u@db/meldpunt?password=s3cret" {
		t.Errorf("got %q", dsn)
	}
	// Without a password file the URL is used as it is.
	c, err = parse(t, "--dev", "--database-url", "postgres://u:pw@db/meldpunt")
	if err != nil {
		t.Fatal(err)
	}
	if dsn, err := c.DatabaseDSN(); err != nil || dsn != "postgres://u:pw@db/meldpunt" {
		t.Errorf("got %q, %v", dsn, err)
	}
}

func TestDatabasePasswordFileIsChecked(t *testing.T) {
	t.Setenv("MELDPUNT_DATABASE_PASSWORD_FILE", writeSecret(t, "from-env"))
	cases := []struct {
		url  string
		want string
	}{
		{"postgres://u:other@db/meldpunt", "must not carry a password"},
		{"postgres://u@db/meldpunt?password=other", "must not carry a password"},
		{"sqlite:///tmp/x.db", "needs a postgres://"},
	}
	for _, tc := range cases {
		_, err := parse(t, "--dev", "--database-url", tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.url, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "other") {
			t.Errorf("the error repeats the URL's password: %v", err)
		}
	}
	for name, content := range map[string]string{"empty": "", "only a line break": "\n", "two lines": "a\nb\n"} {
		c, err := parse(t, "--dev", "--database-url", "postgres://u@db/meldpunt", "--database-password-file", writeSecret(t, content))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.DatabaseDSN(); err == nil {
			t.Errorf("%s password file: accepted", name)
		} else if strings.Contains(err.Error(), "a\nb") {
			t.Errorf("the error shows the file's content: %v", err)
		}
	}
	c, err := parse(t, "--dev", "--database-url", "postgres://u@db/meldpunt", "--database-password-file", "/nonexistent/password")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DatabaseDSN(); err == nil || !strings.Contains(err.Error(), "--database-password-file") {
		t.Errorf("missing file: got %v", err)
	}
	// From the environment, as a Kubernetes Deployment sets it.
	c, err = parse(t, "--dev", "--database-url", "postgres://u@db/meldpunt")
	if err != nil {
		t.Fatal(err)
	}
	if dsn, err := c.DatabaseDSN(); err != nil || !strings.HasSuffix(dsn, "?password=from-env") {
		t.Errorf("from MELDPUNT_DATABASE_PASSWORD_FILE: got %q, %v", dsn, err)
	}
}
