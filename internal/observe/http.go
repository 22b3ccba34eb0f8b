package observe

import (
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// OtherGroup is the route group of a request that groupOf does not place.
const OtherGroup = "other"

// InstrumentGroup counts and times the requests of next as route group group (a fixed name such
// as "api" or "staff_pages"; the path itself is never a label: it can hold a case reference),
// by method and status code. Methods outside the standard ones count as "unknown". A nil m
// returns next.
func (m *Metrics) InstrumentGroup(group string, next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	l := prometheus.Labels{"group": group}
	return promhttp.InstrumentHandlerCounter(m.httpRequests.MustCurryWith(l),
		promhttp.InstrumentHandlerDuration(m.httpDuration.MustCurryWith(l), next))
}

// InstrumentReporterGroup is InstrumentGroup for a group of reporters' and anonymous visitors'
// requests: counted the same way, published by the clock hour (hourly.go).
func (m *Metrics) InstrumentReporterGroup(group string, next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	l := prometheus.Labels{"group": group}
	counted := promhttp.InstrumentHandlerCounter(m.reporterHTTPRequests.MustCurryWith(l),
		promhttp.InstrumentHandlerDuration(m.reporterHTTPDuration.MustCurryWith(l), next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.hourly.touch()
		counted.ServeHTTP(w, r)
	})
}

// Route builds one handler per group (and for OtherGroup) with build, and sends each request to
// its group's handler.
func Route(groups []string, groupOf func(*http.Request) string, build func(group string) http.Handler) http.Handler {
	handlers := make(map[string]http.Handler, len(groups)+1)
	for _, g := range append([]string{OtherGroup}, groups...) {
		handlers[g] = build(g)
	}
	other := handlers[OtherGroup]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := handlers[groupOf(r)]
		if !ok {
			h = other
		}
		h.ServeHTTP(w, r)
	})
}

// TraceHTTP gives every request of next a server span named after the route pattern that served
// it ("GET /medewerkers/zaken/{ref}": the pattern, never the path), with the method, the route
// and the status code as its only attributes — no address, user agent, query or body. The span
// is in the request's context, so calls the handler makes carry it on. A nil tp traces nothing.
func TraceHTTP(tp trace.TracerProvider, next http.Handler) http.Handler {
	if tp == nil {
		return next
	}
	tracer := tp.Tracer("github.com/utrecht/meldpunt/internal/observe")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := knownMethod(r.Method)
		ctx, span := tracer.Start(r.Context(), method, trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", method)))
		defer span.End()
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(ctx)
		next.ServeHTTP(sw, r)
		// The mux that served r wrote its pattern into r (Go 1.22 ServeMux).
		if route := routeOf(r.Pattern); route != "" {
			span.SetName(method + " " + route)
			span.SetAttributes(attribute.String("http.route", route))
		}
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		span.SetAttributes(attribute.Int("http.response.status_code", code))
		if code >= 500 {
			span.SetStatus(codes.Error, http.StatusText(code))
		}
	})
}

// routeOf strips the method from a ServeMux pattern ("GET /x/{id}" -> "/x/{id}").
func routeOf(pattern string) string {
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = strings.TrimSpace(pattern[i+1:])
	}
	return pattern
}

// knownMethod bounds the method to the standard ones.
func knownMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "_OTHER"
}

// statusWriter notes the status code. It unwraps for http.ResponseController (the staff pages
// flush progress and lift the write deadline through it) and flushes for handlers that ask
// http.Flusher directly. A status set after the header went out is dropped, as the server would
// drop it, so that the metrics around it do not count it either.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code != 0 {
		return
	}
	if code >= 200 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
