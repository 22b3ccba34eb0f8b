package observe

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// MetricsServer serves GET /metrics on a listener of its own, apart from the site: the
// metrics are for the operators' Prometheus, not for the public port.
type MetricsServer struct {
	lis net.Listener
	srv *http.Server
}

// ListenMetrics binds addr (e.g. 127.0.0.1:9464; port 0 picks a free one) for m.
func ListenMetrics(addr string, m *Metrics) (*MetricsServer, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return &MetricsServer{lis: lis, srv: &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		// The standard library's own error log could print scrapers' addresses.
		ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError),
	}}, nil
}

// Addr is the bound address.
func (s *MetricsServer) Addr() string { return s.lis.Addr().String() }

// Serve serves until Shutdown, which makes it return nil.
func (s *MetricsServer) Serve() error {
	if err := s.srv.Serve(s.lis); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops the server, letting a running scrape finish until ctx ends.
func (s *MetricsServer) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
