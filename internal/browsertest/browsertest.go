// Package browsertest holds what the tests that drive headless Chromium share: finding the
// browser (skipping without it locally, failing without it in CI), the artefacts directory for
// screenshots, and a buffer for the browser's output. Only tests import it.
package browsertest

import (
	"bytes"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// InstallHint is how a Debian machine (and CI, in .ci/run) gets the browser.
const InstallHint = "apt-get update && apt-get install -y chromium fonts-liberation"

// Find returns the path of a Chromium-like browser, or "" when there is none. MELDPUNT_CHROMIUM
// names one explicitly.
func Find() string {
	if p := os.Getenv("MELDPUNT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Require returns the browser's path; without one the test skips, or fails with CI=true (CI must
// run the browser tests).
func Require(t testing.TB) string {
	t.Helper()
	exe := Find()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is not installed; CI must install it: %s", InstallHint)
		}
		t.Skipf("Chromium is not installed (%s)", InstallHint)
	}
	return exe
}

// ArtefactDir is where screenshots and prints go: $MELDPUNT_ARTEFACTS (kept by CI), or a
// temporary directory of the test.
func ArtefactDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("MELDPUNT_ARTEFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatalf("artefact directory: %v", err)
		}
		return d
	}
	return t.TempDir()
}

// SyncBuffer collects the browser's output, written from another goroutine.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Len returns how many bytes were written.
func (b *SyncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}
