package observe

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/utrecht/meldpunt/internal/reqctx"
)

func TestLogLinesOfATracedRequestCarryItsTraceID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(TraceLogHandler{slog.NewJSONHandler(&buf, nil)})
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("t").Start(context.Background(), "x")
	defer span.End()
	log.InfoContext(ctx, "traced")
	log.InfoContext(context.Background(), "untraced")
	log.InfoContext(reqctx.WithReporterFacing(ctx), "reporter")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	id := span.SpanContext().TraceID().String()
	if !strings.Contains(lines[0], `"trace_id":"`+id+`"`) {
		t.Errorf("traced line: %s", lines[0])
	}
	if strings.Contains(lines[1], "trace_id") || strings.Contains(lines[2], "trace_id") {
		t.Errorf("untraced or reporter lines carry a trace id:\n%s\n%s", lines[1], lines[2])
	}
}

func TestOverdueCountsAreCachedBetweenScrapes(t *testing.T) {
	calls := 0
	fail := false
	c := NewOverdueCollector(func(context.Context) (Overdue, error) {
		calls++
		if fail {
			return Overdue{}, errors.New("database away")
		}
		return Overdue{Cases: 3, ByDeadline: map[string]int{"acknowledgement": 2, "feedback": 1, "weighing": 0}}, nil
	}, time.Minute)
	now := time.Unix(1_800_000_000, 0)
	c.now = func() time.Time { return now }
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	want := `
# HELP meldpunt_open_cases_overdue Open cases with at least one overdue deadline (the same number on every replica: the database's).
# TYPE meldpunt_open_cases_overdue gauge
meldpunt_open_cases_overdue 3
# HELP meldpunt_overdue_deadlines Overdue deadlines of open cases by kind of deadline.
# TYPE meldpunt_overdue_deadlines gauge
meldpunt_overdue_deadlines{deadline="acknowledgement"} 2
meldpunt_overdue_deadlines{deadline="feedback"} 1
meldpunt_overdue_deadlines{deadline="weighing"} 0
`
	for range 3 {
		if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Errorf("three scrapes within the ttl counted %d times", calls)
	}
	now = now.Add(2 * time.Minute)
	fail = true
	if _, err := reg.Gather(); err == nil {
		t.Error("a failed count is not reported to the scrape")
	}
}

func TestJobRunsAreCountedByOutcome(t *testing.T) {
	m := NewMetrics()
	j := m.Job("retention")
	end := time.Unix(1_800_000_000, 0)
	j.Ran(OutcomeOK, time.Second, end)
	j.Ran(OutcomeSkipped, time.Millisecond, end.Add(time.Hour))
	j.Ran(OutcomeError, time.Millisecond, end.Add(2*time.Hour))
	j.Destroyed("adviser_notes", 4)
	j.Destroyed("case_content", 0)
	for _, c := range []struct {
		c    prometheus.Collector
		want float64
	}{
		{m.jobRuns.WithLabelValues("retention", OutcomeOK), 1},
		{m.jobRuns.WithLabelValues("retention", OutcomeSkipped), 1},
		{m.jobRuns.WithLabelValues("retention", OutcomeError), 1},
		{m.jobLastSuccess.WithLabelValues("retention"), float64(end.Unix())},
		{m.jobDestroyed.WithLabelValues("adviser_notes"), 4},
	} {
		if got := testutil.ToFloat64(c.c); got != c.want {
			t.Errorf("%v = %v, want %v", c.c, got, c.want)
		}
	}
	var nilJob *Job
	nilJob.Ran(OutcomeOK, 0, end) // metrics off: no panic
	if (*Metrics)(nil).Job("x") != nil {
		t.Error("a nil registry made a job recorder")
	}
}

// The staff pages stream a long import line by line through http.ResponseController (flush, and
// lift the write deadline): the metrics and the span must not hide the connection from it.
func TestInstrumentedHandlersStillFlushAndLiftDeadlines(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	m := NewMetrics()
	var errs []error
	mux := http.NewServeMux()
	mux.HandleFunc("POST /medewerkers/import/{id}", func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		errs = append(errs, rc.SetWriteDeadline(time.Time{}))
		_, _ = io.WriteString(w, "line 1\n")
		errs = append(errs, rc.Flush())
		w.(http.Flusher).Flush()
		w.WriteHeader(http.StatusTeapot) // too late: stays 200
	})
	srv := httptest.NewServer(m.InstrumentGroup("staff_pages", TraceHTTP(tp, mux)))
	defer srv.Close()
	res, err := http.Post(srv.URL+"/medewerkers/import/42", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err := errors.Join(errs...); err != nil {
		t.Errorf("through the instrumentation: %v", err)
	}
	spans := rec.Ended()
	if len(spans) != 1 || spans[0].Name() != "POST /medewerkers/import/{id}" {
		t.Fatalf("spans %v", spans)
	}
	got := map[string]string{}
	for _, a := range spans[0].Attributes() {
		got[string(a.Key)] = a.Value.String()
	}
	want := map[string]string{"http.request.method": "POST", "http.route": "/medewerkers/import/{id}", "http.response.status_code": "200"}
	if len(got) != len(want) {
		t.Errorf("span attributes %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("span attribute %s = %q, want %q", k, got[k], v)
		}
	}
	if n := testutil.ToFloat64(m.httpRequests.WithLabelValues("staff_pages", "post", "200")); n != 1 {
		t.Errorf("requests counted: %v", n)
	}
}

func TestMetricsAreServedOnTheirOwnListener(t *testing.T) {
	m := NewMetrics()
	m.Job("retention")
	s, err := ListenMetrics("127.0.0.1:0", m)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve() }()
	res, err := http.Get("http://" + s.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, name := range []string{"meldpunt_build_info{", "go_goroutines ", "process_start_time_seconds ", "meldpunt_job_runs_total"} {
		if !bytes.Contains(body, []byte(name)) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if res, err := http.Get("http://" + s.Addr() + "/"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("/ on the metrics listener: %v %v", res, err)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve after Shutdown: %v", err)
	}
}

func TestOTLPEndpointMustBeAURL(t *testing.T) {
	for ep, ok := range map[string]bool{
		"http://127.0.0.1:4317": true, "https://otel.example:4317": true,
		"127.0.0.1:4317": false, "grpc://x:4317": false, "http://": false,
	} {
		if err := CheckOTLPEndpoint(ep); (err == nil) != ok {
			t.Errorf("%q: %v", ep, err)
		}
	}
}

// The Go runtime's and the process's counters move with every request, a reporter's too: a
// scrape sees them as they stood at the start of the hour, not as they move.
func TestRuntimeMetricsAreHourly(t *testing.T) {
	now := time.Date(2026, 12, 7, 23, 10, 0, 0, time.UTC)
	m := NewMetricsWithClock(func() time.Time { return now })
	alloc := func() float64 {
		t.Helper()
		families, err := m.Gatherer().Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			if f.GetName() == "go_memstats_alloc_bytes_total" {
				return f.GetMetric()[0].GetCounter().GetValue()
			}
		}
		t.Fatal("no go_memstats_alloc_bytes_total")
		return 0
	}
	before := alloc()
	garbage := make([][]byte, 0, 1000)
	for range 1000 {
		garbage = append(garbage, make([]byte, 4096))
	}
	_ = garbage
	if got := alloc(); got != before {
		t.Errorf("allocated bytes moved within the hour: %v -> %v", before, got)
	}
	now = now.Add(time.Hour)
	if got := alloc(); got <= before {
		t.Errorf("the next hour shows no allocation: %v -> %v", before, got)
	}
}
