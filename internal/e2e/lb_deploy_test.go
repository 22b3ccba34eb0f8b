package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheShippedHAProxyConfigIsValid: the example load-balancer configuration in deploy/ is
// accepted by the real HAProxy (its certificate and error page put in place), and it keeps what
// the replicas rely on: health checks on /readyz and the client address in X-Forwarded-For — and
// no access log, which would hold every reporter's address.
func TestTheShippedHAProxyConfigIsValid(t *testing.T) {
	t.Parallel()
	bin := haproxyPath(t)
	src, err := os.ReadFile(filepath.Join("..", "..", "deploy", "haproxy", "haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ca := newTestCA(t, dir)
	cfg := strings.NewReplacer(
		"/etc/haproxy/meldpunt.pem", ca.crtKey,
		"/etc/haproxy/meldpunt-unavailable.html", filepath.Join("..", "..", "deploy", "haproxy", "meldpunt-unavailable.html"),
	).Replace(string(src))
	for _, want := range []string{"option httpchk GET /readyz", "option forwardfor"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the example lacks %q", want)
		}
	}
	for _, line := range strings.Split(cfg, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "log" {
			t.Errorf("the example logs: %q", line)
		}
	}
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c rejects deploy/haproxy/haproxy.cfg: %v\n%s", err, out)
	}
}
