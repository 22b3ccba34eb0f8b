package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Processes creating one secret file at once: exactly one succeeds, the others are told it
// exists, and whoever reads it afterwards reads one whole file, with its mode.
func TestOneOfManyCreatesTheFileWhole(t *testing.T) {
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "keys.json")
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { errs[i] = CreateNew(path, bytes.Repeat([]byte{byte('a' + i)}, 64<<10), 0o600) })
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("round %d: writers %d and %d both created the file", round, won, i)
			case err == nil:
				won = i
			case !errors.Is(err, fs.ErrExist):
				t.Fatalf("round %d: writer %d: %v, want fs.ErrExist", round, i, err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || won < 0 || !bytes.Equal(got, bytes.Repeat([]byte{byte('a' + won)}, 64<<10)) {
			t.Fatalf("round %d: the file is not writer %d's whole content (%d bytes, %v)", round, won, len(got), err)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v", info.Mode().Perm())
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp-*")); len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
	}
}

// An existing file is never overwritten.
func TestAnExistingFileIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CreateNew(path, []byte("new"), 0o600); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("CreateNew over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("the file now holds %q", b)
	}
}

// Replace puts the new content in place with its mode and keeps the old file, whole and with
// its mode, as the backup; an existing backup is never overwritten, and then nothing changes.
func TestReplaceKeepsTheOldFileAsItsBackup(t *testing.T) {
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "keys.json"), filepath.Join(dir, "keys.json.bak")
	if err := CreateNew(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new"), 0o600, backup); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{path: "new", backup: "old"} {
		got, err := os.ReadFile(p)
		if err != nil || string(got) != want {
			t.Fatalf("%s holds %q (%v), want %q", p, got, err, want)
		}
		if info, _ := os.Stat(p); info.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %04o, want 0600", p, info.Mode().Perm())
		}
	}
	err := Replace(path, []byte("newer"), 0o600, backup)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("replace with an existing backup: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Fatalf("a refused replace changed the file to %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".keys.json.tmp-*")); len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

// A replaced file keeps the mode the service could read it with; its backup, which holds what
// was replaced, is the owner's only.
func TestReplaceKeepsTheModeAndLocksTheBackup(t *testing.T) {
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "keys.json"), filepath.Join(dir, "keys.json.bak")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new"), 0o600, backup); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o640, backup: 0o600} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %04o", filepath.Base(p), info.Mode().Perm(), err, want)
		}
	}
	if b, _ := os.ReadFile(backup); string(b) != "old" {
		t.Errorf("backup holds %q", b)
	}
}
