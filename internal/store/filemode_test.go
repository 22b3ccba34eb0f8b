package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/utrecht/meldpunt/internal/store"
)

// A fresh SQLite database in a directory group and others may enter, under the common umask
// 022: the directory ends 0700 and the database with its -wal and -shm files 0600.
func TestFileModeSQLiteOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.SQLiteURL(dir), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(nil); err != nil { // writes: WAL and shared memory exist now
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(context.Background(), "CREATE TABLE mode_probe (x INTEGER); INSERT INTO mode_probe VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o700)
	db := filepath.Join(dir, "meldpunt.db")
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		assertMode(t, p, 0o600)
	}
}

// Files left 0644 by an earlier run are tightened at the next open.
func TestFileModeSQLiteTightensExisting(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "meldpunt.db")
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.Open(context.Background(), store.SQLiteURL(dir), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	assertMode(t, dir, 0o700)
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		assertMode(t, p, 0o600)
	}
}

func assertMode(t *testing.T, p string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %#o, want %#o", filepath.Base(p), got, want)
	}
}
