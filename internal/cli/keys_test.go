package cli

import (
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// The start itself (serve refusing, the process exiting 1) is tested against the real binary
// in internal/e2e (TestServeRefusesAKeysFileOfAnotherDatabase); here the check command's
// answers and the message.
func TestKeysCheckTellsWhichKeysFileBelongsToTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	mine, theirs := filepath.Join(t.TempDir(), "mine.json"), filepath.Join(t.TempDir(), "theirs.json")
	for _, p := range []string{mine, theirs} {
		if out, err := run(t, "keys", "init", "--keys-file", p); err != nil {
			t.Fatalf("keys init: %v\n%s", err, out)
		}
	}

	if _, err := run(t, "keys", "check", "--data-dir", dir); err == nil || !strings.Contains(err.Error(), "--keys-file") {
		t.Errorf("keys check without a keys file: got %v, want an error naming --keys-file", err)
	}
	if _, err := run(t, "keys", "check", "--keys-file", mine, "--data-dir", dir); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("keys check without a database: got %v, want \"no database\"", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("keys check created the data directory (%v): it must write nothing", err)
	}

	if out, err := run(t, "migrate", "--data-dir", dir); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	out, err := run(t, "keys", "check", "--keys-file", theirs, "--data-dir", dir)
	if err != nil || !strings.Contains(out, "no keys fingerprint and no case keys yet") {
		t.Fatalf("keys check on a new database: %v\n%s", err, out)
	}

	// serve's first start binds the database to its keys file.
	st, err := store.Open(ctx, store.SQLiteURL(dir), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if fp, err := st.KeyChecks().KeyFingerprint(ctx); err != nil || fp != nil {
		t.Fatalf("keys check wrote a fingerprint (%v, %v)", fp, err)
	}
	v, err := vault.Load(mine)
	if err != nil {
		t.Fatal(err)
	}
	if err := bindKeys(ctx, st, v, mine, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("first start: %v", err)
	}

	out, err = run(t, "keys", "check", "--keys-file", mine, "--data-dir", dir)
	if err != nil || !strings.Contains(out, "belongs to this database") || !strings.Contains(out, v.ShortID()) {
		t.Fatalf("keys check with the database's keys file: %v\n%s", err, out)
	}
	_, err = run(t, "keys", "check", "--keys-file", theirs, "--data-dir", dir)
	if err == nil {
		t.Fatal("keys check accepted the keys file of another database")
	}
	msg := err.Error()
	for _, want := range []string{"the keys file " + theirs + " does not belong to this database", v.ShortID(), "Start every replica with the same keys file", "meldpunt keys check"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, msg)
		}
	}
	fp, err := st.KeyChecks().KeyFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if full := hex.EncodeToString(fp.KeyedHash); strings.Contains(msg, full[:16]) {
		t.Errorf("the refusal shows more of the fingerprint than its short id:\n%s", msg)
	}
	if err := bindKeys(ctx, st, mustLoad(t, theirs), theirs, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil ||
		!strings.Contains(err.Error(), "does not belong to this database") {
		t.Fatalf("a start with the other keys file: %v, want the refusal", err)
	}
	// The commands that seal audit events or verify seals refuse it too (its seals would read
	// as altered events).
	for _, args := range [][]string{
		{"retention", "run"},
		{"audit", "verify", "--case", "MP-00000000"},
		{"demo", "seed", "--cases", "1"},
	} {
		_, err := run(t, append(args, "--keys-file", theirs, "--data-dir", dir)...)
		if err == nil || !strings.Contains(err.Error(), "does not belong to this database") {
			t.Errorf("%s with the other keys file: %v, want the refusal", strings.Join(args, " "), err)
		}
	}
	if out, err := run(t, "retention", "run", "--keys-file", mine, "--data-dir", dir); err != nil {
		t.Errorf("retention run with the database's keys file: %v\n%s", err, out)
	}
}

func mustLoad(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
