package config

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func parse(t *testing.T, args ...string) (*Config, error) {
	t.Helper()
	var c Config
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := ApplyEnv(fs); err != nil {
		return nil, err
	}
	return &c, c.Resolve()
}

func TestEnvironmentFillsWhatFlagsLeaveOpen(t *testing.T) {
	t.Setenv("MELDPUNT_DATABASE_URL", "postgres://u@db:5432/meldpunt")
	t.Setenv("MELDPUNT_HTTP_ADDR", "0.0.0.0:8080")
	t.Setenv("MELDPUNT_DEV", "true")
	c, err := parse(t, "--http-addr", "127.0.0.1:9999")
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgres://u@db:5432/meldpunt" {
		t.Errorf("database url from env: got %q", c.DatabaseURL)
	}
	if c.HTTPAddr != "127.0.0.1:9999" {
		t.Errorf("a flag on the command line must win over the environment: got %q", c.HTTPAddr)
	}
	if !c.Dev || !strings.HasSuffix(c.KeysFile, "keys.json") {
		t.Errorf("dev mode from env should default the keys file: dev=%v keys=%q", c.Dev, c.KeysFile)
	}
}

func TestDefaultIsTheEmbeddedDatabase(t *testing.T) {
	c, err := parse(t, "--dev", "--data-dir", "/tmp/x")
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite:///tmp/x/meldpunt.db" {
		t.Errorf("default database: got %q", c.DatabaseURL)
	}
}

func TestProductionNeedsKeysAndIssuer(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "--keys-file is required"},
		{[]string{"--keys-file", "/k.json"}, "--oidc-issuer is required"},
		{[]string{"--dev", "--database-url", "mysql://x"}, "must start with postgres:// or sqlite://"},
		{[]string{"--dev", "--log-format", "xml"}, "--log-format"},
		{[]string{"--dev", "--trusted-proxies", "10.0.0.0/33"}, "not a CIDR"},
		{[]string{"--dev", "--feedback-months", "0"}, "must be positive"},
		{[]string{"--dev", "--filing-burst", "0"}, "--filing-burst"},
		{[]string{"--dev", "--filing-every", "-1m"}, "--filing-every"},
	}
	for _, tc := range cases {
		_, err := parse(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want error containing %q", tc.args, err, tc.want)
		}
	}
	t.Setenv("MELDPUNT_FEEDBACK_MONTHS", "three")
	if _, err := parse(t, "--dev"); err == nil || !strings.Contains(err.Error(), "MELDPUNT_FEEDBACK_MONTHS") {
		t.Errorf("bad env value: got %v, want an error naming the variable", err)
	}
}

func TestOIDCScopes(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"openid profile":        "openid profile",
		"profile, groups":       "openid profile groups",
		"openid profile groups": "openid profile groups",
		"":                      "openid",
	} {
		c := &Config{OIDCScopes: in}
		if got := strings.Join(c.Scopes(), " "); got != want {
			t.Errorf("Scopes(%q) = %q, want %q", in, got, want)
		}
	}
}
