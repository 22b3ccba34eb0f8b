//go:build unix

package atomicfile

import (
	"os"
	"syscall"
)

// keepOwner gives the file name the owner and group of old. Changing them needs privileges
// unless they are the caller's already; a caller who may not gets an error, and the old file
// stays in place.
func keepOwner(name string, old os.FileInfo) error {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if int(st.Uid) == os.Geteuid() && int(st.Gid) == os.Getegid() {
		return nil
	}
	return os.Chown(name, int(st.Uid), int(st.Gid))
}
