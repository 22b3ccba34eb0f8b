//go:build unix

package vault

import (
	"io/fs"
	"os"
	"syscall"
)

// fileOwner tells who owns the file of info and who this process is; nil when unknown.
func fileOwner(info fs.FileInfo) *owner {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	return &owner{fileUID: st.Uid, fileGID: st.Gid, euid: uint32(os.Geteuid()), egid: uint32(os.Getegid())}
}
