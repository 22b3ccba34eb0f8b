package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/observe"
)

// oneStaff verifies the token "good" as the intake member staff-7.
type oneStaff struct{}

func (oneStaff) Verify(_ context.Context, tok string) (*auth.Staff, error) {
	if tok != "good" {
		return nil, errors.New("bad token")
	}
	return &auth.Staff{Subject: "staff-7", Roles: []auth.Role{auth.RoleIntake}}, nil
}

const secretRef = "MP-7QKX4N2D"

// tracedEdge is an edge logging JSON into buf, with its spans recorded.
func tracedEdge(buf io.Writer) (*edge, *tracetest.SpanRecorder) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	log := slog.New(LogHandler{observe.TraceLogHandler{Handler: slog.NewJSONHandler(buf, nil)}})
	return &edge{log: log, auth: &authenticator{staff: oneStaff{}}, tracer: tracer(tp)}, rec
}

func staffCtx(parent context.Context) context.Context {
	return metadata.NewIncomingContext(parent, metadata.Pairs("authorization", "Bearer good"))
}

// A staff call gets a span named by its method, with nothing but the RPC's names and code, and an
// access-log line with the actor and the trace id. A reporter's call gets neither. An error's
// message (which names the case) reaches neither the log nor the span.
func TestStaffCallsAreTracedAndLoggedReporterCallsAreNot(t *testing.T) {
	var buf bytes.Buffer
	e, rec := tracedEdge(&buf)
	ok := func(context.Context, any) (any, error) { return "ok", nil }
	notFound := func(context.Context, any) (any, error) {
		return nil, apperr.NotFound("no case %s that you handle", secretRef)
	}
	call := func(ctx context.Context, method string, h grpc.UnaryHandler) {
		_, _ = e.unary(ctx, nil, &grpc.UnaryServerInfo{FullMethod: method}, h)
	}
	call(staffCtx(context.Background()), caseSvc+"ListCases", ok)
	call(staffCtx(context.Background()), caseSvc+"GetCase", notFound)
	call(context.Background(), reporterSvc+"FileReport", notFound)
	call(context.Background(), reporterSvc+"ListCategories", ok)
	call(context.Background(), "/meldpunt.v1.AdviserService/ListAdvisers", ok)
	call(context.Background(), "/grpc.health.v1.Health/Check", ok)

	spans := rec.Ended()
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
		for _, a := range s.Attributes() {
			switch a.Key {
			case "rpc.system", "rpc.service", "rpc.method", "rpc.grpc.status_code":
			default:
				t.Errorf("span %s has attribute %s=%s", s.Name(), a.Key, a.Value.String())
			}
			if strings.Contains(a.Value.String(), secretRef) {
				t.Errorf("span %s names the case", s.Name())
			}
		}
		if strings.Contains(s.Status().Description, secretRef) || len(s.Events()) > 0 {
			t.Errorf("span %s records the error: %+v %v", s.Name(), s.Status(), s.Events())
		}
	}
	want := []string{"meldpunt.v1.CaseService/ListCases", "meldpunt.v1.CaseService/GetCase"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("spans %v, want %v", names, want)
	}

	logs := buf.String()
	if strings.Contains(logs, secretRef) || strings.Contains(logs, "ReporterService") || strings.Contains(logs, "ListAdvisers") {
		t.Errorf("the log names the case or a reporter's call:\n%s", logs)
	}
	lines := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		lines[rec["method"].(string)] = rec
	}
	list := lines[caseSvc+"ListCases"]
	if list["actor"] != "staff-7" || list["trace_id"] != spans[0].SpanContext().TraceID().String() {
		t.Errorf("the staff line lacks the actor or the trace id: %v", list)
	}
	get := lines[caseSvc+"GetCase"]
	if get["code"] != "NotFound" || get["error_kind"] != "not_found" || get["actor"] != "staff-7" {
		t.Errorf("the refused call's line: %v", get)
	}
	if h := lines["/grpc.health.v1.Health/Check"]; h == nil || h["trace_id"] != nil || h["actor"] != nil {
		t.Errorf("the health check's line: %v", h)
	}
}

// The staff pages' span is passed on over the in-process connection: the server span of the call
// a page makes is its child.
func TestStaffPagesPassTheirTraceOn(t *testing.T) {
	e, rec := tracedEdge(io.Discard)
	pageCtx, page := e.tracer.Start(context.Background(), "GET /medewerkers/")
	out := withTraceContext(pageCtx)
	md, _ := metadata.FromOutgoingContext(out)
	md.Set("authorization", "Bearer good")
	_, _ = e.unary(metadata.NewIncomingContext(context.Background(), md), nil,
		&grpc.UnaryServerInfo{FullMethod: caseSvc + "MyDeadlines"},
		func(context.Context, any) (any, error) { return nil, nil })
	page.End()
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	call := spans[0]
	if call.Parent().SpanID() != page.SpanContext().SpanID() || call.SpanContext().TraceID() != page.SpanContext().TraceID() {
		t.Errorf("the call's span is not the page's child: parent %v", call.Parent())
	}
	if got := withTraceContext(context.Background()); got != context.Background() {
		t.Error("metadata was added to a call without a span")
	}
}

func TestRouteGroupsAreFixedNames(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/cases/" + secretRef:                groupPublicAPI, // no staff token
		"/v1/reports":                           groupPublicAPI,
		"/medewerkers/zaken/" + secretRef:       groupStaffPages,
		"/medewerkers":                          groupStaffPages,
		"/medewerkersx":                         groupReporterPages,
		"/static/site.css":                      groupStatic,
		"/nl/melden":                            groupReporterPages,
		"/":                                     groupReporterPages,
		"/healthz":                              groupHealth,
		"/readyz":                               groupHealth,
		"/openapi.json":                         groupOpenAPI,
		"/nl/mijn-melding?ref=" + secretRef:     groupReporterPages,
		"/v1/reporter/case/messages":            groupPublicAPI,
		"/medewerkers/zaken/" + secretRef + "/": groupStaffPages,
	} {
		r := httptest.NewRequest("GET", path, nil)
		if got := routeGroup(r); got != want {
			t.Errorf("%s: group %q, want %q", path, got, want)
		}
	}
	for header, want := range map[string]string{
		"Bearer eyJhbGciOiJFUzI1NiJ9.x.y":             groupAPI,
		"Bearer " + cases.SessionTokenPrefix + "abc":  groupPublicAPI,
		"Bearer  " + cases.SessionTokenPrefix + "abc": groupPublicAPI, // as authentication trims it
		"bearer " + cases.SessionTokenPrefix + "abc":  groupPublicAPI,
		"Bearer ": groupPublicAPI,
	} {
		tok := header
		r := httptest.NewRequest("GET", "/v1/cases", nil)
		r.Header.Set("Authorization", header)
		if got := routeGroup(r); got != want {
			t.Errorf("/v1/cases with Authorization %q: group %q, want %q", tok, got, want)
		}
	}
}

// Over HTTP: every request is counted by group, method and code — staff's at once, reporters'
// and anonymous visitors' from the next clock hour; a staff page gets a span named by its route
// pattern; a reporter page gets none; no label or span holds the path.
func TestObserveHTTPCountsByGroupAndTracesStaffPagesOnly(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	now := time.Date(2026, 12, 7, 23, 4, 0, 0, time.UTC)
	m := observe.NewMetricsWithClock(func() time.Time { return now })
	inner := http.NewServeMux()
	inner.HandleFunc("GET /medewerkers/zaken/{ref}", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "case") })
	mux := http.NewServeMux()
	mux.Handle("/medewerkers/", inner)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := observeHTTP(Config{Metrics: m, Tracing: tp}, mux)

	for _, p := range []string{"/medewerkers/zaken/" + secretRef, "/nl/melden?x=" + secretRef, "/v1/cases/" + secretRef} {
		req := httptest.NewRequest("GET", p, nil)
		req.Header.Set("User-Agent", "agent-canary")
		req.RemoteAddr = "203.0.113.9:4711"
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	spans := rec.Ended()
	if len(spans) != 1 || spans[0].Name() != "GET /medewerkers/zaken/{ref}" {
		t.Fatalf("spans: %v", spans)
	}
	for _, a := range spans[0].Attributes() {
		if v := a.Value.String(); strings.Contains(v, secretRef) || strings.Contains(v, "agent-canary") || strings.Contains(v, "203.0.113.9") {
			t.Errorf("span attribute %s=%s", a.Key, v)
		}
	}
	counts := func() map[string]float64 {
		t.Helper()
		families, err := m.Gatherer().Gather()
		if err != nil {
			t.Fatal(err)
		}
		groups := map[string]float64{}
		for _, f := range families {
			for _, mt := range f.GetMetric() {
				for _, l := range mt.GetLabel() {
					isHTTP := strings.HasPrefix(f.GetName(), "meldpunt_http_")
					if strings.Contains(l.GetValue(), secretRef) || (isHTTP && strings.Contains(l.GetValue(), "/")) {
						t.Errorf("%s has label %s=%q", f.GetName(), l.GetName(), l.GetValue())
					}
				}
				if f.GetName() == "meldpunt_http_requests_total" {
					labels := map[string]string{}
					for _, l := range mt.GetLabel() {
						labels[l.GetName()] = l.GetValue()
					}
					groups[labels["group"]+" "+labels["method"]+" "+labels["code"]] += mt.GetCounter().GetValue()
				}
			}
		}
		return groups
	}
	if diff := cmp.Diff(map[string]float64{"staff_pages get 200": 1}, counts()); diff != "" {
		t.Errorf("within the hour, only the staff page counts (-want +got):\n%s", diff)
	}
	now = now.Add(time.Hour)
	want := map[string]float64{"staff_pages get 200": 1, "reporter_pages get 418": 1, "api_public get 418": 1}
	if diff := cmp.Diff(want, counts()); diff != "" {
		t.Errorf("the next hour (-want +got):\n%s", diff)
	}
}

// BenchmarkEdge measures what the telemetry adds to a staff call's interceptors: the edge alone
// (request id, authorization, access log), with the gRPC metrics in front, and with a span too
// (exported in batches to a discarding exporter). On the 2-core development machine: about 4.8 µs,
// 6.4 µs and 11 µs a call.
func BenchmarkEdge(b *testing.B) {
	log := slog.New(LogHandler{observe.TraceLogHandler{Handler: slog.NewJSONHandler(io.Discard, nil)}})
	info := &grpc.UnaryServerInfo{FullMethod: caseSvc + "ListCases"}
	handler := func(context.Context, any) (any, error) { return "ok", nil }
	ctx := staffCtx(context.Background())
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	for _, c := range []struct {
		name    string
		metrics bool
		tracing bool
	}{{"edge", false, false}, {"edge+metrics", true, false}, {"edge+metrics+span", true, true}} {
		b.Run(c.name, func(b *testing.B) {
			e := &edge{log: log, auth: &authenticator{staff: oneStaff{}}}
			if c.tracing {
				e.tracer = tracer(tp)
			}
			call := grpc.UnaryServerInterceptor(e.unary)
			if c.metrics {
				m := observe.NewMetrics()
				front := m.GRPC.UnaryServerInterceptor()
				call = func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
					return front(ctx, req, info, func(ctx context.Context, req any) (any, error) { return e.unary(ctx, req, info, h) })
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := call(ctx, nil, info, handler); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A reporter's gRPC call is counted, but a scrape sees it only from the next clock hour; a staff
// call at once.
func TestReporterCallsAreCountedByTheHour(t *testing.T) {
	now := time.Date(2026, 12, 7, 23, 59, 30, 0, time.UTC)
	m := observe.NewMetricsWithClock(func() time.Time { return now })
	interceptor := metricsUnary(m)
	call := func(method string) {
		_, _ = interceptor(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: method}, func(context.Context, any) (any, error) { return nil, nil })
	}
	handled := func() map[string]float64 {
		t.Helper()
		families, err := m.Gatherer().Gather()
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, f := range families {
			if f.GetName() != "grpc_server_handled_total" {
				continue
			}
			for _, mt := range f.GetMetric() {
				for _, l := range mt.GetLabel() {
					if l.GetName() == "grpc_method" {
						out[l.GetValue()] += mt.GetCounter().GetValue()
					}
				}
			}
		}
		return out
	}
	call("/meldpunt.v1.ReporterService/FileReport")
	call(caseSvc + "ListCases")
	if diff := cmp.Diff(map[string]float64{"ListCases": 1}, handled()); diff != "" {
		t.Errorf("within the hour (-want +got):\n%s", diff)
	}
	now = now.Add(time.Minute) // 00:00:30: the filing of 23:59 is published, a new one is not
	call("/meldpunt.v1.ReporterService/FileReport")
	if diff := cmp.Diff(map[string]float64{"ListCases": 1, "FileReport": 1}, handled()); diff != "" {
		t.Errorf("the next hour (-want +got):\n%s", diff)
	}
}
