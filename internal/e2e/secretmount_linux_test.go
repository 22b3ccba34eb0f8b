//go:build linux

package e2e

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/utrecht/meldpunt/internal/testenv"
)

// TestKeysFileAsKubernetesMountsIt: a Kubernetes Secret's file belongs to root, mode 0440, group
// the pod's fsGroup. The service, running as uid/gid 65532 as in the image, reads such a keys file;
// one that others may read, or one of a group the service is not in, it does not. Needs root (to
// make the files and run the service as another user); skipped otherwise.
func TestKeysFileAsKubernetesMountsIt(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "root", "needs root to give the keys file to root and run meldpunt as uid 65532", "run the tests as root, as CI does")
	}
	const svc = 65532
	// A directory uid 65532 can reach, with a copy of the binary it may run.
	dir, err := os.MkdirTemp("/tmp", "meldpunt-secretmount-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "meldpunt")
	copyFile(t, meldpuntBin, bin, 0o755)

	keys := keysInit(t)
	cases := []struct {
		name string
		mode os.FileMode
		gid  int
		want string // in the output of `keys check`
	}{
		// Loaded: the check goes on to the (absent) database.
		{"a Secret's file with fsGroup", 0o440, svc, "no database at"},
		{"readable by others", 0o444, svc, "group or others can access it"},
		{"another group's", 0o440, 12345, "permission denied"},
	}
	for i, tc := range cases {
		sub := filepath.Join(dir, "secret"+string(rune('a'+i)))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(sub, "keys.json")
		copyFile(t, keys, path, tc.mode)
		if err := os.Chown(path, 0, tc.gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil { // chown may clear bits; set them again
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "keys", "check", "--keys-file", path, "--data-dir", filepath.Join(sub, "data"))
		cmd.Env = cleanEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: svc, Gid: svc, Groups: []uint32{svc}}}
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("%s (root:%d %04o): want %q in\n%s", tc.name, tc.gid, tc.mode, tc.want, out)
		}
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
