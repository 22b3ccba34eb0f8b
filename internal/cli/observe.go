package cli

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/utrecht/meldpunt/internal/config"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/observe"
	"github.com/utrecht/meldpunt/internal/retention"
	"github.com/utrecht/meldpunt/internal/store"
)

// overdueCacheTTL is how long the overdue-deadline counts are remembered between scrapes.
const overdueCacheTTL = 30 * time.Second

// telemetry is what serve runs for observability: the metrics registry and its listener
// (--metrics-addr) and the trace exporter (--otlp-endpoint). Each is nil when off.
type telemetry struct {
	metrics *observe.Metrics
	server  *observe.MetricsServer
	served  chan struct{}
	tracing *observe.Tracing
	log     *slog.Logger
}

// startTelemetry binds the metrics listener and starts serving it, and sets up the exporter.
// stop ends both.
func startTelemetry(ctx context.Context, cfg *config.Config, st *store.Store, log *slog.Logger) (*telemetry, error) {
	t := &telemetry{log: log}
	if cfg.MetricsAddr != "" {
		t.metrics = observe.NewMetrics()
		overdue := observe.NewOverdueCollector(func(ctx context.Context) (observe.Overdue, error) {
			n, byKind, err := st.OverdueCounts(ctx, time.Now())
			return observe.Overdue{Cases: n, ByDeadline: byKind}, err
		}, overdueCacheTTL)
		if err := t.metrics.Register(overdue); err != nil {
			return nil, err
		}
		if err := t.metrics.RegisterHourly(collectors.NewDBStatsCollector(st.DB(), "meldpunt")); err != nil {
			return nil, err
		}
		srv, err := observe.ListenMetrics(cfg.MetricsAddr, t.metrics)
		if err != nil {
			return nil, err
		}
		t.server, t.served = srv, make(chan struct{})
		go func() {
			defer close(t.served)
			if err := srv.Serve(); err != nil {
				log.Error("metrics server stopped", "error", err.Error())
			}
		}()
		log.Info("metrics", "addr", srv.Addr())
	}
	if cfg.OTLPEndpoint != "" {
		// The SDK reports export failures (a collector that is away) here, as log lines of ours.
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
			log.Warn("tracing: the span exporter failed", "error", err.Error())
		}))
		tr, err := observe.StartTracing(ctx, cfg.OTLPEndpoint, observe.ReadBuildInfo())
		if err != nil {
			t.stop()
			return nil, err
		}
		t.tracing = tr
		log.Info("tracing: staff calls and staff pages are traced over OTLP", "endpoint", cfg.OTLPEndpoint)
	}
	return t, nil
}

// stop shuts the metrics server down and sends the spans still queued.
func (t *telemetry) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	if t.server != nil {
		errs = append(errs, t.server.Shutdown(ctx))
		<-t.served
	}
	errs = append(errs, t.tracing.Shutdown(ctx))
	if err := errors.Join(errs...); err != nil {
		t.log.Warn("telemetry did not stop cleanly", "error", err.Error())
	}
}

// tracer is the transport's tracer provider: nil when tracing is off.
func (t *telemetry) tracer() trace.TracerProvider {
	if t.tracing == nil {
		return nil
	}
	return t.tracing
}

// job is the recorder of a background job's runs: nil when metrics are off.
func (t *telemetry) job(name string) retention.Observer {
	if t.metrics == nil {
		return nil
	}
	return t.metrics.Job(name)
}

// notifier is the recorder of the notification sender: nil when metrics are off.
func (t *telemetry) notifier() notify.Observer {
	if t.metrics == nil {
		return nil
	}
	return t.metrics.Job("notify")
}
