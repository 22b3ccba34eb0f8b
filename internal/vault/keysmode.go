package vault

import "io/fs"

// owner is who a file belongs to and who is asking to read it.
type owner struct {
	fileUID, fileGID uint32
	euid             uint32 // the process's effective user
	egid             uint32 // the process's effective group
}

// modeAllowed reports whether a keys file with permission bits perm may be read: only by its
// owner (0600, 0400), or — the one exception — a file that root owns, that its group may only
// read and others not at all (0440, 0640), read by a service that is not root and whose own
// (effective) group it is — not merely a supplementary group such as "users", which would let
// every member of that group read every case.
//
// The exception is how Kubernetes mounts a Secret for a pod that runs as a user of its own: the
// kubelet writes the file as root and, with the pod's fsGroup, gives that group read access (a
// Secret's file cannot be given to another owner). Root can read every file anyway; the group is
// the service's own. Others, and a group that could write, are still refused.
func modeAllowed(perm fs.FileMode, o *owner) bool {
	if perm&0o077 == 0 {
		return true
	}
	if o == nil || perm&0o027 != 0 || perm&0o040 == 0 {
		return false
	}
	return o.fileUID == 0 && o.euid != 0 && o.fileGID == o.egid
}
