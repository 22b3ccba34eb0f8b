// Package atomicfile creates and replaces secret files so that no reader ever sees one
// half-written. CreateNew never overwrites an existing file — also when several processes
// (replicas starting at once on one data directory) create it at the same moment: one wins, the
// others get fs.ErrExist and can read the winner's complete file. Replace puts a new version in
// place of a file and keeps the old one under another name.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// CreateNew writes data to a new file at path with mode perm. It writes and syncs a temporary
// file beside it first, then links it into place, which fails when path exists. The error then
// wraps fs.ErrExist and path is left untouched.
func CreateNew(path string, data []byte, perm os.FileMode) error {
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(name)
	if err := os.Link(name, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return le.Err // fs.ErrExist when another made it first
		}
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// Replace writes data to path in place of the file there: a reader opens either the old file or
// the new one, whole, never a mix, and after a crash path holds one of the two. The new file gets
// the old one's owner, group and mode (a service that could read the old file reads the new one;
// perm when there is no old file). The old file is kept at backup (a hard link to it), which must
// not exist yet (the error then wraps fs.ErrExist and nothing is changed), and is then readable by
// its owner only (0600); backup "" keeps no copy. backup must be in the same directory as path, or
// at least on the same file system.
func Replace(path string, data []byte, perm os.FileMode, backup string) error {
	old, statErr := os.Stat(path)
	if statErr == nil {
		perm = old.Mode().Perm()
	}
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(name) // gone already after the rename
	if statErr == nil {
		if err := keepOwner(name, old); err != nil {
			return fmt.Errorf("give %s the owner of %s: %w", name, path, err)
		}
	}
	if backup != "" {
		if err := os.Link(path, backup); err != nil {
			var le *os.LinkError
			if errors.As(err, &le) {
				return fmt.Errorf("keep %s as %s: %w", path, backup, le.Err)
			}
			return err
		}
	}
	if err := os.Rename(name, path); err != nil {
		return err
	}
	if backup != "" {
		// The backup holds the old keys: nobody but its owner reads it, whatever group could
		// read the file it was.
		if err := os.Chmod(backup, 0o600); err != nil {
			return fmt.Errorf("restrict %s to its owner: %w", backup, err)
		}
	}
	syncDir(filepath.Dir(path))
	return nil
}

// writeTemp writes and syncs data to a new temporary file beside path, with mode perm, and
// returns its name.
func writeTemp(path string, data []byte, perm os.FileMode) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	err = tmp.Chmod(perm)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	return name, nil
}

// syncDir makes a new directory entry durable (best effort: not every system can sync one).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
