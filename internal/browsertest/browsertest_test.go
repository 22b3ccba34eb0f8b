package browsertest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/testenv"
)

// TestMissingChromiumFailsUnlessSkippingIsAllowed: without Chromium a browser test fails, saying
// how to install it and how to skip on purpose; it skips only with MELDPUNT_ALLOW_MISSING naming
// chromium (or all), and never with CI=true. A run that lacks the browser can no longer pass
// quietly with fewer tests than CI.
func TestMissingChromiumFailsUnlessSkippingIsAllowed(t *testing.T) {
	if os.Getenv("BROWSERTEST_HELPER") == "1" {
		return
	}
	for _, tc := range []struct{ ci, allow, want string }{
		{"", "", "--- FAIL: TestHelperNeedsChromium"},
		{"", "haproxy", "--- FAIL: TestHelperNeedsChromium"},
		{"", "haproxy,chromium", "--- SKIP: TestHelperNeedsChromium"},
		{"", "all", "--- SKIP: TestHelperNeedsChromium"},
		{"true", "chromium", "--- FAIL: TestHelperNeedsChromium"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperNeedsChromium$", "-test.v", "-test.count=1")
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "MELDPUNT_CHROMIUM=") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env, "PATH="+t.TempDir(), "BROWSERTEST_HELPER=1", "CI="+tc.ci, testenv.EnvAllowMissing+"="+tc.allow)
		out, err := cmd.CombinedOutput()
		if !strings.Contains(string(out), tc.want) || (err == nil) != strings.Contains(tc.want, "SKIP") {
			t.Errorf("CI=%q %s=%q: want %q, got err=%v\n%s", tc.ci, testenv.EnvAllowMissing, tc.allow, tc.want, err, out)
		}
		if tc.want == "--- FAIL: TestHelperNeedsChromium" && tc.ci == "" &&
			(!strings.Contains(string(out), InstallHint) || !strings.Contains(string(out), "--allow-missing=chromium")) {
			t.Errorf("the failure does not say how to install Chromium or skip on purpose:\n%s", out)
		}
	}
}

func TestHelperNeedsChromium(t *testing.T) {
	if os.Getenv("BROWSERTEST_HELPER") != "1" {
		t.Skip("helper for TestMissingChromiumFailsUnlessSkippingIsAllowed")
	}
	Require(t)
	t.Log("Require returned without a browser")
}
