// Package testenv decides what a test does when a tool it needs is missing on this machine
// (Chromium, HAProxy, PostgreSQL's server binaries, Helm, Jaeger, mailpit, root): it fails, naming the
// tool and how to get it — unless the developer opted out of that tool explicitly with
// MELDPUNT_ALLOW_MISSING (`scripts/test --allow-missing=...`); then it skips. With CI=true it
// always fails: CI must run every test. So a green run never hides tests that CI would have run,
// unless someone asked for that by name. Only tests import it.
package testenv

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// EnvAllowMissing lists the tools whose tests may skip when the tool is missing, comma-separated
// (chromium, haproxy, postgresql, helm, jaeger, mailpit, root, checkers), or "all".
const EnvAllowMissing = "MELDPUNT_ALLOW_MISSING"

// Tools are the names EnvAllowMissing knows.
var Tools = []string{"chromium", "haproxy", "postgresql", "helm", "jaeger", "mailpit", "root", "checkers"}

// Allowed reports whether tests needing tool may skip without it.
func Allowed(tool string) bool {
	if os.Getenv("CI") == "true" {
		return false
	}
	for _, a := range strings.Split(os.Getenv(EnvAllowMissing), ",") {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == "all" || a == tool {
			return true
		}
	}
	return false
}

// Missing ends the test because tool is missing (why: what was looked for; hint: how to get it).
// It skips only when the tool is allowed to be missing (see Allowed); otherwise it fails.
func Missing(t testing.TB, tool, why, hint string) {
	t.Helper()
	if !slices.Contains(Tools, tool) {
		t.Fatalf("testenv: unknown tool %q", tool)
	}
	if Allowed(tool) {
		t.Skipf("%s missing (%s=%s): %s", tool, EnvAllowMissing, os.Getenv(EnvAllowMissing), why)
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required (CI=true) but missing: %s; get it: %s", tool, why, hint)
	}
	t.Fatalf("%s is missing: %s. Get it (%s), or run without these tests on purpose: %s=%s (scripts/test --allow-missing=%s)",
		tool, why, hint, EnvAllowMissing, tool, tool)
}
