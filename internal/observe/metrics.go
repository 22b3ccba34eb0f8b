// Package observe is Meldpunt's telemetry with the ecosystem's own tools: Prometheus metrics
// (client_golang, served on a listener of their own), OpenTelemetry traces sent over OTLP, and a
// slog handler that puts the trace id into log lines.
//
// What it records is aggregate or about staff, never about a reporter: metrics carry method
// names, fixed route groups, status codes and counts, never a path, a case reference or an
// address; traces are made only for staff calls and staff pages (the transport decides which),
// with method and route names only. A reporter's request leaves no per-request record at all,
// and the metrics of reporters' and anonymous visitors' requests are published by the clock
// hour (hourly.go), so that a scrape cannot time a filing or a login either.
package observe

import (
	"net/http"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes Meldpunt's own metrics.
const namespace = "meldpunt"

// latencyBuckets span a fast read (a millisecond) to a slow annual report or import (a minute).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

// Metrics is the registry of one process and the collectors the transport and the jobs feed.
// A nil *Metrics is valid everywhere it is accepted and records nothing.
type Metrics struct {
	reg *prometheus.Registry

	// GRPC counts and times every staff call per full method and status code
	// (grpc_server_handled_total, grpc_server_handling_seconds, ...).
	GRPC *grpcprom.ServerMetrics
	// ReporterGRPC does the same for reporters' and anonymous callers' calls, published by the
	// hour: call TouchReporter before a call it counts.
	ReporterGRPC *grpcprom.ServerMetrics

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec

	// reporterReg holds the reporter side's collectors; hourly publishes them.
	reporterReg          *prometheus.Registry
	hourly               *hourly
	reporterHTTPRequests *prometheus.CounterVec
	reporterHTTPDuration *prometheus.HistogramVec

	jobRuns        *prometheus.CounterVec
	jobDuration    *prometheus.HistogramVec
	jobLastSuccess *prometheus.GaugeVec
	jobDestroyed   *prometheus.CounterVec
	notifications  *prometheus.CounterVec
}

// NewMetrics returns a registry holding the standard Go and process collectors, the build info,
// and Meldpunt's gRPC, HTTP and job metrics. More collectors (the database pool, the overdue
// deadlines) are added with Register.
func NewMetrics() *Metrics { return newMetrics(time.Now) }

func newGRPCMetrics() *grpcprom.ServerMetrics {
	return grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
		grpcprom.WithHistogramBuckets(latencyBuckets)))
}

func newHTTPMetrics() (*prometheus.CounterVec, *prometheus.HistogramVec) {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests by route group (never the path), method and status code; the groups of reporters and anonymous visitors as they stood at the start of the hour.",
		}, []string{"group", "method", "code"}),
		prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route group, method and status code.",
			Buckets: latencyBuckets,
		}, []string{"group", "method", "code"})
}

// NewMetricsWithClock is NewMetrics with the clock that places requests in hours (tests).
func NewMetricsWithClock(now func() time.Time) *Metrics { return newMetrics(now) }

func newMetrics(now func() time.Time) *Metrics {
	httpRequests, httpDuration := newHTTPMetrics()
	reporterRequests, reporterDuration := newHTTPMetrics()
	m := &Metrics{
		reg:                  prometheus.NewRegistry(),
		GRPC:                 newGRPCMetrics(),
		ReporterGRPC:         newGRPCMetrics(),
		httpRequests:         httpRequests,
		httpDuration:         httpDuration,
		reporterReg:          prometheus.NewRegistry(),
		reporterHTTPRequests: reporterRequests,
		reporterHTTPDuration: reporterDuration,
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "job_runs_total",
			Help: "Runs of a background job by outcome: ok, skipped (another replica holds the job's lock) or error.",
		}, []string{"job", "outcome"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "job_duration_seconds",
			Help:    "Duration of a background job's runs.",
			Buckets: latencyBuckets,
		}, []string{"job"}),
		jobLastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Name: "job_last_success_timestamp_seconds",
			Help: "Unix time of a background job's last successful run in this process (skipped runs do not count).",
		}, []string{"job"}),
		jobDestroyed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "retention_destroyed_total",
			Help: "What the retention job destroyed: adviser conversation notes, or the content of closed cases (their keys).",
		}, []string{"what"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "notifications_total",
			Help: "E-mail notifications by outcome of the attempt: sent, retry (failed, tried again later) or given_up.",
		}, []string{"outcome"}),
	}
	for _, o := range []string{NotificationSent, NotificationRetry, NotificationGivenUp} {
		m.notifications.WithLabelValues(o)
	}
	m.reg.MustRegister(
		newBuildInfoCollector(),
		m.GRPC, m.httpRequests, m.httpDuration,
		m.jobRuns, m.jobDuration, m.jobLastSuccess, m.jobDestroyed, m.notifications,
	)
	// The Go runtime and the process move with every request too (bytes allocated, CPU seconds,
	// goroutines, open files): on a quiet night one filing is a step in them. They are published
	// by the hour with the reporters' requests.
	m.reporterReg.MustRegister(m.ReporterGRPC, m.reporterHTTPRequests, m.reporterHTTPDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.hourly = newHourly(m.reporterReg, now)
	return m
}

// TouchReporter must be called before a reporter's or anonymous visitor's request is counted:
// at a new hour it first fixes what the scrapes show for the hour (hourly.go).
func (m *Metrics) TouchReporter() {
	if m != nil {
		m.hourly.touch()
	}
}

// Register adds collectors to the registry.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// RegisterHourly adds collectors whose values move with reporters' requests (the database
// pool: connections opened, waits, in use) to those published by the hour. Call it before the
// server serves: the state published for the current hour is taken anew, and must hold no
// request yet.
func (m *Metrics) RegisterHourly(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reporterReg.Register(c); err != nil {
			return err
		}
	}
	m.hourly.retake()
	return nil
}

// Gatherer returns what a scrape sees: the live metrics and the reporter side's as they stood at
// the start of the hour.
func (m *Metrics) Gatherer() prometheus.Gatherer { return prometheus.Gatherers{m.reg, m.hourly} }

// Handler serves the registry in the Prometheus exposition formats. A collector that fails does
// not fail the scrape: the others are still served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Gatherer(), promhttp.HandlerOpts{
		ErrorHandling:     promhttp.ContinueOnError,
		Registry:          m.reg, // promhttp_metric_handler_errors_total
		EnableOpenMetrics: true,
	})
}
