package e2e

import (
	"bytes"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

// devToken runs `meldpunt dev token --dev` in the working directory dir with extra arguments.
func devToken(t *testing.T, dir string, args ...string) (token, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(meldpuntBin, append([]string{"dev", "token", "--dev", "--role", "intake", "--user", "alice"}, args...)...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	var eb bytes.Buffer
	cmd.Stderr = &eb
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), eb.String(), err
}

// TestDevTokenFromAnotherDirectory: a developer runs `meldpunt dev token` in another directory
// than the dev server. It makes no key of its own there but says where it looked and what to do;
// with the server's --data-dir it signs with the server's key and says which. A token signed by
// another key (made with another data directory) is refused with 401, and the dev server's log
// says why — naming the key ids, never the token.
func TestDevTokenFromAnotherDirectory(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	elsewhere := t.TempDir()

	_, stderr, err := devToken(t, elsewhere)
	if err == nil || !strings.Contains(stderr, "no dev signing key in "+filepath.Join(elsewhere, "data")) || !strings.Contains(stderr, "meldpunt serve --dev") {
		t.Fatalf("dev token in another directory: %v, stderr %q; want a refusal naming the directory and serve --dev", err, stderr)
	}

	tok, stderr, err := devToken(t, elsewhere, "--data-dir", s.dataDir)
	if err != nil {
		t.Fatalf("dev token --data-dir: %v\n%s", err, stderr)
	}
	serverKey := filepath.Join(s.dataDir, "dev-signing-key.json")
	if !strings.Contains(stderr, serverKey) {
		t.Errorf("dev token does not say which key it used: %q", stderr)
	}
	if _, err := s.cases.ListCases(ctx(t, tok), &pb.ListCasesRequest{}); err != nil {
		t.Fatalf("a token from the server's key: %v", err)
	}

	// A key of another data directory.
	other := t.TempDir()
	otherKey := filepath.Join(other, "dev-signing-key.json")
	if err := auth.InitDevKey(otherKey); err != nil {
		t.Fatal(err)
	}
	iss, err := auth.LoadDevIssuer(otherKey)
	if err != nil {
		t.Fatal(err)
	}
	foreign, stderr, err := devToken(t, elsewhere, "--data-dir", other)
	if err != nil {
		t.Fatalf("dev token --data-dir other: %v\n%s", err, stderr)
	}
	s.rest(t, http.MethodGet, "/v1/cases", foreign, nil).wantError(t, http.StatusUnauthorized)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(s.logs.String(), "which this server does not know") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	logs := s.logs.String()
	var hint string
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "which this server does not know") {
			hint = line
		}
	}
	if hint == "" || !strings.Contains(hint, iss.KeyID()) || !strings.Contains(hint, "another data directory") || !strings.Contains(hint, serverKey) {
		t.Fatalf("no hint in the server log about the unknown key %s:\n%s", iss.KeyID(), s.logs.tail(20))
	}
	for _, part := range append(strings.Split(foreign, "."), strings.Split(tok, ".")...) {
		if strings.Contains(logs, part) {
			t.Fatal("the server log carries (part of) a token")
		}
	}
}
