package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// keysInit makes a keys file with `meldpunt keys init`.
func keysInit(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys.json")
	if out, err := exec.Command(meldpuntBin, "keys", "init", "--keys-file", path).CombinedOutput(); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	return path
}

// runMeldpunt runs the binary to its end (serve included: a serve that does not stop on its
// own is killed after startTimeout) and returns its output and exit code.
func runMeldpunt(t *testing.T, dataDir, dbURL string, args ...string) (string, int) {
	t.Helper()
	args = append(args, "--data-dir", dataDir)
	if dbURL != "" {
		args = append(args, "--database-url", dbURL)
	}
	c, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cmd := exec.CommandContext(c, meldpuntBin, args...)
	cmd.Env = cleanEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case c.Err() != nil:
		t.Fatalf("meldpunt %s did not end within %s:\n%s", strings.Join(args, " "), startTimeout, out.String())
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	default:
		t.Fatalf("meldpunt %s: %v", strings.Join(args, " "), err)
	}
	return "", 0
}

// keyValues returns the base64 key values in a keys file, to assert they are never printed.
func keyValues(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var vals []string
	for _, m := range regexp.MustCompile(`"value":\s*"([^"]{16,})"`).FindAllStringSubmatch(string(b), -1) {
		vals = append(vals, m[1])
	}
	if len(vals) < 2 {
		t.Fatalf("found %d key values in the keys file, want one per keyset", len(vals))
	}
	return vals
}

// TestServeRefusesAKeysFileOfAnotherDatabase: a database is bound to the keys file of its
// first start. A replica started with another keys file exits 1 with a message that says what
// is wrong and what to do, before it serves anything, and `meldpunt keys check` gives the same
// answer beforehand. A database from before the binding is checked against its cases.
func TestServeRefusesAKeysFileOfAnotherDatabase(t *testing.T) {
	t.Parallel()
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			var dbURL string
			if db == "postgres" {
				dbURL = pgtest.NewDatabase(t, "empty", nil)
			}
			dataDir := t.TempDir()
			mine, theirs := keysInit(t), keysInit(t)
			serveWith := func(keys string) []string {
				return []string{"serve", "--dev", "--keys-file", keys, "--log-format", "json",
					"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0"}
			}
			check := func(keys string) (string, int) {
				return runMeldpunt(t, dataDir, dbURL, "keys", "check", "--keys-file", keys)
			}
			wantRefused := func(what, out string, code int) {
				t.Helper()
				if code == 0 {
					t.Fatalf("%s: exit 0, want a refusal:\n%s", what, out)
				}
				for _, want := range []string{"the keys file " + theirs + " does not belong to this database",
					"Start every replica with the same keys file", "meldpunt keys check"} {
					if !strings.Contains(out, want) {
						t.Errorf("%s: the message lacks %q:\n%s", what, want, out)
					}
				}
				if strings.Contains(out, `"msg":"serving"`) {
					t.Errorf("%s: the refused server served first:\n%s", what, out)
				}
				for _, k := range append(keyValues(t, mine), keyValues(t, theirs)...) {
					if strings.Contains(out, k) {
						t.Fatalf("%s: key material in the output", what)
					}
				}
			}

			// The first start records the keys' fingerprint; a restart with them works.
			s := startServerWith(t, dataDir, dbURL, "--dev", "--keys-file", mine)
			filed := s.fileReport(t, anonymousReport("filed on a database bound to its keys"))
			s.stop(t)
			if out, code := check(mine); code != 0 || !strings.Contains(out, "belongs to this database") {
				t.Fatalf("keys check with the first start's keys file: exit %d\n%s", code, out)
			}
			s = startServerWith(t, dataDir, dbURL, "--dev", "--keys-file", mine)
			s.openSession(t, filed.GetReceiptCode())
			s.stop(t)

			// Another keys file: refused by check and by serve, which exits 1.
			out, code := check(theirs)
			wantRefused("keys check with another keys file", out, code)
			out, code = runMeldpunt(t, dataDir, dbURL, serveWith(theirs)...)
			wantRefused("serve with another keys file", out, code)
			if code != 1 {
				t.Errorf("serve with another keys file exited %d, want 1", code)
			}

			// A database from before the fingerprint: cases, but no key_checks row.
			if _, err := s.rawDB(t).Exec("DELETE FROM key_checks"); err != nil {
				t.Fatal(err)
			}
			out, code = check(theirs)
			wantRefused("keys check of an old database with another keys file", out, code)
			out, code = runMeldpunt(t, dataDir, dbURL, serveWith(theirs)...)
			wantRefused("serve on an old database with another keys file", out, code)
			if out, code := check(mine); code != 0 || !strings.Contains(out, "no keys fingerprint yet") {
				t.Fatalf("keys check of an old database with its keys file: exit %d\n%s", code, out)
			}
			s = startServerWith(t, dataDir, dbURL, "--dev", "--keys-file", mine)
			s.openSession(t, filed.GetReceiptCode())
			s.stop(t)
			if out, code := check(mine); code != 0 || !strings.Contains(out, "belongs to this database") {
				t.Fatalf("the start on the old database did not record the fingerprint: exit %d\n%s", code, out)
			}
		})
	}
}
