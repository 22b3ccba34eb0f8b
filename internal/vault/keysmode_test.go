package vault

import (
	"io/fs"
	"testing"
)

func TestKeysFileModes(t *testing.T) {
	t.Parallel()
	// The service: uid/gid 65532, as in the container image, and a pod's fsGroup of 65532.
	const svc = 65532
	k8s := func(fileUID, fileGID uint32) *owner {
		return &owner{fileUID: fileUID, fileGID: fileGID, euid: svc, egid: svc}
	}
	tests := []struct {
		name string
		perm fs.FileMode
		o    *owner
		want bool
	}{
		{"the service's own 0600", 0o600, k8s(svc, svc), true},
		{"the service's own 0400", 0o400, k8s(svc, svc), true},
		{"owner unknown, 0600", 0o600, nil, true},
		{"a Kubernetes Secret with fsGroup: root's, 0440 for the service's group", 0o440, k8s(0, svc), true},
		{"root's, 0640 for the service's group", 0o640, k8s(0, svc), true},
		{"root's, but for a group the service is not in", 0o440, k8s(0, 1000), false},
		{"root's, for a supplementary group of the service's (say users)", 0o440, &owner{fileUID: 0, fileGID: 100, euid: svc, egid: svc}, false},
		{"root's, the service's group may write", 0o460, k8s(0, svc), false},
		{"root's, others may read", 0o444, k8s(0, svc), false},
		{"the service's own, group readable", 0o640, k8s(svc, svc), false},
		{"another user's, group readable", 0o440, k8s(1000, svc), false},
		{"root reading a group readable file of root's", 0o640, &owner{fileUID: 0, fileGID: 0, euid: 0, egid: 0}, false},
		{"owner unknown, group readable", 0o440, nil, false},
	}
	for _, tc := range tests {
		if got := modeAllowed(tc.perm, tc.o); got != tc.want {
			t.Errorf("%s (%04o): allowed = %v, want %v", tc.name, tc.perm, got, tc.want)
		}
	}
}
