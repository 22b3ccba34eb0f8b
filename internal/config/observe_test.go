package config

import (
	"strings"
	"testing"
)

func TestTelemetryIsOffUnlessAsked(t *testing.T) {
	c, err := parse(t, "--dev")
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != "" || c.OTLPEndpoint != "" {
		t.Errorf("telemetry on by default: metrics %q, otlp %q", c.MetricsAddr, c.OTLPEndpoint)
	}
	t.Setenv("MELDPUNT_OTLP_ENDPOINT", "https://otel.example:4317")
	if c, err = parse(t, "--dev", "--metrics-addr", "127.0.0.1:9464"); err != nil || c.MetricsAddr != "127.0.0.1:9464" || c.OTLPEndpoint != "https://otel.example:4317" {
		t.Errorf("flags: %v %+v", err, c)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--dev", "--metrics-addr", "9464"}, "--metrics-addr"},
		{[]string{"--dev", "--otlp-endpoint", "otel.example:4317"}, "--otlp-endpoint"},
	} {
		if _, err := parse(t, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error naming %s", tc.args, err, tc.want)
		}
	}
}
