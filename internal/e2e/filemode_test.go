package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The real binary, started under umask 022 on a data directory group and others may enter,
// leaves the directory 0700 and the database with its -wal and -shm files 0600, and nothing
// in the data directory is open to group or others.
func TestFileModeDataDir(t *testing.T) {
	old := syscall.Umask(0o022)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startServerOn(t, dir, "")
	syscall.Umask(old)
	s.fileReport(t, anonymousReport("Een melding om de bestandsrechten te controleren."))

	fi, err := os.Stat(s.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("data directory: mode %#o, want 0700", got)
	}
	db := filepath.Join(s.dataDir, "meldpunt.db")
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: mode %#o, want 0600", filepath.Base(p), got)
		}
	}
	if n := strings.Count(s.logs.String(), "data directory was open to group or others"); n != 1 {
		t.Errorf("the tightened data directory was logged %d times, want once", n)
	}
	filepath.WalkDir(s.dataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed while walking
		}
		if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %#o, open to group or others", p, fi.Mode().Perm())
		}
		return nil
	})
}
