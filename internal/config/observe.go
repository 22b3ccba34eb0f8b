package config

import (
	"fmt"
	"net"

	"github.com/spf13/pflag"

	"github.com/utrecht/meldpunt/internal/observe"
)

// bindObservability registers the telemetry flags: both off by default.
func (c *Config) bindObservability(fs *pflag.FlagSet) {
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", "serve Prometheus metrics at http://ADDR/metrics on a listener of their own, e.g. 127.0.0.1:9464 (default: off)")
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", "", "send traces of staff calls and staff pages over OTLP/gRPC to this collector, e.g. http://127.0.0.1:4317 (https:// for TLS; default: off). Reporters' requests are never traced")
}

// checkObservability validates the telemetry flags.
func (c *Config) checkObservability() error {
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr %q: give host:port, e.g. 127.0.0.1:9464", c.MetricsAddr)
		}
	}
	if c.OTLPEndpoint != "" {
		return observe.CheckOTLPEndpoint(c.OTLPEndpoint)
	}
	return nil
}
