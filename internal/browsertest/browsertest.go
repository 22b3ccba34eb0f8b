// Package browsertest holds what the tests that drive headless Chromium share: finding the
// browser (failing without it unless skipping was asked for, see testenv), the artefacts directory for
// screenshots, and a buffer for the browser's output. Only tests import it.
package browsertest

import (
	"bytes"
	"github.com/utrecht/meldpunt/internal/testenv"
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

// Require returns the browser's path; without one the test fails, naming how to install it — or
// skips when the developer allowed that (see testenv.Missing).
func Require(t testing.TB) string {
	t.Helper()
	exe := Find()
	if exe == "" {
		testenv.Missing(t, "chromium", "no chromium, chromium-browser, google-chrome or headless_shell on PATH, and no MELDPUNT_CHROMIUM", InstallHint)
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
