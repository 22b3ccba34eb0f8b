package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/ratelimit"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), err
}

func TestMigrateCreatesTheEmbeddedDatabase(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	if out, err := run(t, "migrate", "--data-dir", dir); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "meldpunt.db")); err != nil {
		t.Fatalf("no database file after migrate: %v", err)
	}
	out, err := run(t, "migrate", "--data-dir", dir)
	if err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if !strings.Contains(out, "database schema up to date") {
		t.Errorf("migrate does not say where it got to:\n%s", out)
	}
}

func TestKeysInitWritesAPrivateFileOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secrets", "keys.json")
	if out, err := run(t, "keys", "init", "--keys-file", path); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("keys file mode %v, want 0600", fi.Mode().Perm())
	}
	before, _ := os.ReadFile(path)
	if _, err := run(t, "keys", "init", "--keys-file", path); err == nil {
		t.Fatal("a second keys init overwrote the keys file")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("keys file changed by a refused init")
	}
	if _, err := run(t, "keys", "init"); err == nil || !strings.Contains(err.Error(), "--keys-file") {
		t.Errorf("keys init without a path: got %v, want an error naming --keys-file", err)
	}
}

func TestDevTokensOnlyInDevMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := run(t, "dev", "token", "--data-dir", dir, "--role", "intake", "--user", "alice"); err == nil || !strings.Contains(err.Error(), "dev mode") {
		t.Fatalf("dev token outside dev mode: got %v, want refusal", err)
	}
	if err := auth.InitDevKey(filepath.Join(dir, "dev-signing-key.json")); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := Run(context.Background(), []string{"dev", "token", "--dev", "--data-dir", dir, "--role", "intake", "--user", "alice"}, &stdout, &stderr); err != nil {
		t.Fatalf("dev token: %v", err)
	}
	if parts := strings.Split(strings.TrimSpace(stdout.String()), "."); len(parts) != 3 {
		t.Fatalf("dev token is not a JWT: %q", stdout.String())
	}
	if _, err := run(t, "dev", "token", "--dev", "--data-dir", dir, "--role", "boss", "--user", "alice"); err == nil || !strings.Contains(err.Error(), "intake") {
		t.Errorf("unknown role: got %v, want an error listing the roles", err)
	}
}

// TestDevTokenNeverMakesAKeyTheServerDoesNotKnow: `dev token` run from another working directory
// (so ./data is another directory than the server's) refuses, naming the directory it looked in
// and what to do, and creates nothing; with the server's --data-dir it signs with the server's
// key and says on stderr which key file it used — stdout carries the token only.
func TestDevTokenNeverMakesAKeyTheServerDoesNotKnow(t *testing.T) {
	serverDir := filepath.Join(t.TempDir(), "data")
	serverKey := filepath.Join(serverDir, "dev-signing-key.json")
	if err := auth.InitDevKey(serverKey); err != nil { // as `serve --dev` makes it
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	t.Chdir(elsewhere)

	var stdout, stderr bytes.Buffer
	err := Run(context.Background(), []string{"dev", "token", "--dev", "--role", "intake", "--user", "alice"}, &stdout, &stderr)
	want := filepath.Join(elsewhere, "data")
	if err == nil || !strings.Contains(err.Error(), "no dev signing key in "+want) || !strings.Contains(err.Error(), "meldpunt serve --dev") ||
		!strings.Contains(err.Error(), "--data-dir") {
		t.Fatalf("dev token without a key: %v, want a refusal naming %s, serve --dev and --data-dir", err, want)
	}
	if stdout.Len() != 0 {
		t.Errorf("a refused dev token printed %q", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(want, "dev-signing-key.json")); !os.IsNotExist(err) {
		t.Fatalf("dev token made a key of its own: %v", err)
	}

	stdout.Reset()
	stderr.Reset()
	if err := Run(context.Background(), []string{"dev", "token", "--dev", "--data-dir", serverDir, "--role", "intake", "--user", "alice"}, &stdout, &stderr); err != nil {
		t.Fatalf("dev token with the server's data directory: %v", err)
	}
	iss, err := auth.LoadDevIssuer(serverKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := iss.Verifier().Verify(context.Background(), strings.TrimSpace(stdout.String())); err != nil {
		t.Fatalf("the token is not signed by the server's key: %v", err)
	}
	if !strings.Contains(stderr.String(), serverKey) || !strings.Contains(stderr.String(), iss.KeyID()) {
		t.Errorf("stderr does not say which key signed: %q", stderr.String())
	}
}

func TestServeRefusesToStartWithoutKeysOrIssuerOutsideDevMode(t *testing.T) {
	t.Parallel()
	_, err := run(t, "serve", "--data-dir", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "keys init") {
		t.Fatalf("serve without keys: got %v, want advice to run keys init", err)
	}
}

func TestAuditListShowsWhoTouchedACaseButNoContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(ctx, store.SQLiteURL(dir), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(nil); err != nil {
		t.Fatal(err)
	}
	v, _ := vault.NewEphemeral()
	svc, err := cases.New(cases.Config{Repo: st.Cases(), Vault: v, Limiter: ratelimit.New(ratelimit.Config{}), Policy: cases.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	f, err := svc.FileReport(ctx, cases.NewReport{
		IdempotencyKey: uuid.NewString(), Category: "BULLYING", Anonymity: cases.Anonymous,
		Content: cases.ReportContent{Description: "SECRET-CONTENT of the report"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GetCase(ctx, cases.StaffActor{Subject: "alice", Intake: true}, f.Summary.Reference); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, err := run(t, "audit", "list", "--data-dir", dir, "--case", strings.ToLower(f.Summary.Reference))
	if err != nil {
		t.Fatalf("audit list: %v\n%s", err, out)
	}
	for _, want := range []string{"reporter", "case.file", "staff:alice", "case.read", "report"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SECRET-CONTENT") {
		t.Fatal("audit list shows case content")
	}
	if _, err := run(t, "audit", "list", "--data-dir", dir, "--case", "MP-ZZZZZZZZ"); err == nil {
		t.Fatal("audit list of an unknown case succeeded")
	}
}

// HR publishes two editions of this year's report from the command line; they are listed with
// their numbers and can be printed as published.
func TestReportPublishNumbersEditions(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	year := strconv.Itoa(time.Now().Year())
	for i, want := range []string{"published edition 1 of " + year, "published edition 2 of " + year} {
		out, err := run(t, "report", "publish", "--data-dir", dir, "--year", year, "--as", "hr")
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("publish %d: %v\n%s", i+1, err, out)
		}
	}
	out, err := run(t, "report", "editions", "--data-dir", dir, "--year", year)
	if err != nil || !strings.Contains(out, year+"\t1\t") || !strings.Contains(out, year+"\t2\t") || !strings.Contains(out, "cli:hr") {
		t.Fatalf("editions: %v\n%s", err, out)
	}
	out, err = run(t, "report", "editions", "--data-dir", dir, "--year", year, "--number", "2")
	if err != nil || !strings.Contains(out, `"year": `+year) {
		t.Fatalf("edition 2: %v\n%s", err, out)
	}
	if _, err := run(t, "report", "editions", "--data-dir", dir, "--year", year, "--number", "3"); err == nil {
		t.Fatal("edition 3 printed")
	}
}
