package deploytest

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// TestComposeKeepsSecretsInFiles: deploy/compose.yaml gives the database password, like the keys
// file, as a Docker secret file to both services, never in a URL or an environment value; the
// postgres image is pinned by its version; the service gets time to drain. (It needs no Docker:
// the file is read as YAML.)
func TestComposeKeepsSecretsInFiles(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c object
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	fileSecrets := map[string]bool{}
	for name, v := range c.obj("secrets") {
		if m, ok := asMap(v); ok && m["file"] != nil {
			fileSecrets[name] = true
		}
	}
	// secretFile checks that the path is a secret file the service mounts, and returns its name.
	secretFile := func(service, path string) string {
		t.Helper()
		name, ok := strings.CutPrefix(path, "/run/secrets/")
		if !ok || !fileSecrets[name] || !slices.Contains(c.strs("services", service, "secrets"), name) {
			t.Errorf("%s: %q is not a file secret mounted in the service", service, path)
		}
		return name
	}

	mp := c.labels("services", "meldpunt", "environment")
	pg := c.labels("services", "postgres", "environment")
	for service, env := range map[string]map[string]string{"meldpunt": mp, "postgres": pg} {
		for k, v := range env {
			if urlWithPassword.MatchString(v) || strings.Contains(v, "password=") {
				t.Errorf("%s: %s carries a password", service, k)
			}
			if strings.Contains(strings.ToUpper(k), "PASSWORD") && !strings.HasSuffix(k, "_FILE") {
				t.Errorf("%s: %s puts a password into the environment: give it as a file", service, k)
			}
		}
	}
	if !strings.HasPrefix(mp["MELDPUNT_DATABASE_URL"], "postgres://meldpunt@postgres:5432/") {
		t.Errorf("MELDPUNT_DATABASE_URL %q: the user without a password", mp["MELDPUNT_DATABASE_URL"])
	}
	if a, b := secretFile("meldpunt", mp["MELDPUNT_DATABASE_PASSWORD_FILE"]), secretFile("postgres", pg["POSTGRES_PASSWORD_FILE"]); a != b {
		t.Errorf("meldpunt reads the password from secret %q, postgres sets it from %q", a, b)
	}
	secretFile("meldpunt", mp["MELDPUNT_KEYS_FILE"])

	if img := c.str("services", "postgres", "image"); !regexp.MustCompile(`^postgres:\d+\.\d+[-.\w]*(@sha256:[0-9a-f]{64})?$`).MatchString(img) {
		t.Errorf("postgres image %q: pin it by its minor version (and a digest where the registry can be reached)", img)
	}
	if c.get("services", "meldpunt", "build") == nil {
		t.Error("the meldpunt image is built from this repository")
	}
	if c.get("services", "meldpunt", "read_only") != true || !slices.Equal(c.strs("services", "meldpunt", "cap_drop"), []string{"ALL"}) {
		t.Error("meldpunt runs with a read-only root filesystem and no capabilities")
	}
	grace, err := time.ParseDuration(c.str("services", "meldpunt", "stop_grace_period"))
	if err != nil || grace < 20*time.Second {
		t.Errorf("stop_grace_period %v (%v): at least the 5 s shutdown delay + 15 s drain", grace, err)
	}
}
