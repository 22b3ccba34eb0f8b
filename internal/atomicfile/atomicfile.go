// Package atomicfile creates a secret file so that no reader ever sees it half-written and no
// existing file is ever overwritten — also when several processes (replicas starting at once on
// one data directory) create it at the same moment: one wins, the others get fs.ErrExist and
// can read the winner's complete file.
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
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
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
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Link(name, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return le.Err // fs.ErrExist when another made it first
		}
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
