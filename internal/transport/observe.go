package transport

import (
	"context"
	"net/http"
	"regexp"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/observe"
	"github.com/utrecht/meldpunt/internal/staffweb"
	"github.com/utrecht/meldpunt/internal/web"
)

// Telemetry of the transport (internal/observe): metrics of every gRPC call and HTTP request,
// spans for staff calls and staff pages only, and the access-log fields of staff calls.
//
// A reporter's request leaves no per-request record: no access-log line (interceptors.go), no
// span, and in the metrics it is one more count in a fixed route group or method — published by
// the clock hour, like every request that is not a staff member's (observe/hourly.go).

// The HTTP route groups: fixed names, never the path (which can hold a case reference).
const (
	groupAPI           = "api"        // staff calls over REST
	groupPublicAPI     = "api_public" // reporters' and anonymous calls over REST
	groupReporterPages = "reporter_pages"
	groupStaffPages    = "staff_pages"
	groupStatic        = "static"
	groupHealth        = "health"
	groupOpenAPI       = "openapi"
)

var routeGroups = []string{groupAPI, groupPublicAPI, groupReporterPages, groupStaffPages, groupStatic, groupHealth, groupOpenAPI}

// reporterGroups are published by the hour: what a reporter or an anonymous visitor does.
var reporterGroups = map[string]bool{groupPublicAPI: true, groupReporterPages: true, groupStatic: true, observe.OtherGroup: true}

// routeGroup places a request in its route group.
func routeGroup(r *http.Request) string {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/v1/"):
		// A staff member's call carries a staff token; a reporter's carries their session
		// (or nothing, when filing).
		if tok := bearerOf(r.Header.Values("Authorization")); tok != "" && !strings.HasPrefix(tok, cases.SessionTokenPrefix) {
			return groupAPI
		}
		return groupPublicAPI
	case p == staffweb.Prefix || strings.HasPrefix(p, staffweb.Prefix+"/"):
		return groupStaffPages
	case strings.HasPrefix(p, web.StaticPrefix):
		return groupStatic
	case p == "/healthz" || p == "/readyz":
		return groupHealth
	case p == "/openapi.json":
		return groupOpenAPI
	}
	return groupReporterPages
}

// observeHTTP counts and times every request by route group, and gives the staff pages' requests
// a span (named by route pattern). Reporter pages get no span.
func observeHTTP(cfg Config, next http.Handler) http.Handler {
	if cfg.Metrics == nil && cfg.Tracing == nil {
		return next
	}
	return observe.Route(routeGroups, routeGroup, func(group string) http.Handler {
		h := next
		if group == groupStaffPages {
			h = observe.TraceHTTP(cfg.Tracing, h)
		}
		if reporterGroups[group] {
			return cfg.Metrics.InstrumentReporterGroup(group, h)
		}
		return cfg.Metrics.InstrumentGroup(group, h)
	})
}

// observedUnary chains the server's unary interceptors behind the gRPC metrics (when on), which
// come first so that they see the status the edge made of the call's error. Staff calls are
// counted live; every other call (a reporter's, an anonymous visitor's, health) in the metrics
// published by the hour.
func observedUnary(m *observe.Metrics, chain ...grpc.UnaryServerInterceptor) grpc.ServerOption {
	if m != nil {
		chain = append([]grpc.UnaryServerInterceptor{metricsUnary(m)}, chain...)
	}
	return grpc.ChainUnaryInterceptor(chain...)
}

// metricsUnary counts a staff call in the live metrics and any other in those published by the
// hour.
func metricsUnary(m *observe.Metrics) grpc.UnaryServerInterceptor {
	staff, other := m.GRPC.UnaryServerInterceptor(), m.ReporterGRPC.UnaryServerInterceptor()
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if staffMethod(info.FullMethod) {
			return staff(ctx, req, info, h)
		}
		m.TouchReporter()
		return other(ctx, req, info, h)
	}
}

// observedStream is observedUnary for streams.
func observedStream(m *observe.Metrics, chain ...grpc.StreamServerInterceptor) grpc.ServerOption {
	if m != nil {
		staff, other := m.GRPC.StreamServerInterceptor(), m.ReporterGRPC.StreamServerInterceptor()
		chain = append([]grpc.StreamServerInterceptor{func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			if staffMethod(info.FullMethod) {
				return staff(srv, ss, info, h)
			}
			m.TouchReporter()
			return other(srv, ss, info, h)
		}}, chain...)
	}
	return grpc.ChainStreamInterceptor(chain...)
}

// staffMethod reports a method only staff may call (counted live).
func staffMethod(method string) bool {
	r, ok := authzTable[method]
	return ok && r.access == accessStaff && !r.reporterFacing
}

// tracer returns the tracer of the edge, or nil when tracing is off.
func tracer(tp trace.TracerProvider) trace.Tracer {
	if tp == nil {
		return nil
	}
	return tp.Tracer("github.com/utrecht/meldpunt/internal/transport")
}

// startSpan starts the server span of a staff call: named by its method, with the RPC's service
// and method as its only attributes. Reporter-facing and public calls get none. A staff call
// continues the trace it carries (the staff pages pass theirs on).
func (e *edge) startSpan(ctx context.Context, method string, r rule) (context.Context, trace.Span) {
	if e.tracer == nil || r.access != accessStaff || r.reporterFacing {
		return ctx, nil
	}
	md, _ := metadata.FromIncomingContext(ctx)
	ctx = propagation.TraceContext{}.Extract(ctx, mdCarrier(md))
	name := strings.TrimPrefix(method, "/")
	service, short, _ := strings.Cut(name, "/")
	return e.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
		attribute.String("rpc.system", "grpc"),
		attribute.String("rpc.service", service),
		attribute.String("rpc.method", short),
	))
}

// endSpan records the status code (only the code: an error's text can name a case) and ends the
// span.
func endSpan(span trace.Span, code codes.Code) {
	if span == nil {
		return
	}
	span.SetAttributes(attribute.Int("rpc.grpc.status_code", int(code)))
	switch code {
	case codes.Unknown, codes.DeadlineExceeded, codes.Unimplemented, codes.Internal, codes.Unavailable, codes.DataLoss:
		span.SetStatus(otelcodes.Error, code.String())
	}
	span.End()
}

// propagateTrace passes the caller's span on to the server (the staff pages' span to the calls
// they make over the in-process connection). Without a span in the context nothing is added.
func propagateTrace(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(withTraceContext(ctx), method, req, reply, cc, opts...)
}

// propagateTraceStream is propagateTrace for streams.
func propagateTraceStream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return streamer(withTraceContext(ctx), desc, cc, method, opts...)
}

func withTraceContext(ctx context.Context) context.Context {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	propagation.TraceContext{}.Inject(ctx, mdCarrier(md))
	return metadata.NewOutgoingContext(ctx, md)
}

// mdCarrier carries W3C trace context in gRPC metadata.
type mdCarrier metadata.MD

func (c mdCarrier) Get(key string) string {
	if v := metadata.MD(c).Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (c mdCarrier) Set(key, value string) { metadata.MD(c).Set(key, value) }

func (c mdCarrier) Keys() []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	return out
}

// errorAttrs are the access-log fields of a refused or failed call: the kind of domain error and,
// for bad input, the field — never the message, which may name a case.
func errorAttrs(err error) []any {
	e, ok := apperr.As(err)
	if !ok {
		return nil // a status of gRPC or of validation: the code says it
	}
	out := []any{"error_kind", e.Kind.String()}
	if e.Field != "" {
		out = append(out, "field", e.Field)
	}
	return out
}

// secretLike matches what must not reach a log even inside an internal error's text: case
// references, receipt codes and reporter session tokens.
var secretLike = regexp.MustCompile(`MP-[0-9A-Z]{8}|\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}\b|mps_[A-Za-z0-9_\-]+`)

// redact blanks references, receipt codes and session tokens in an internal error's text.
func redact(s string) string { return secretLike.ReplaceAllString(s, "[redacted]") }
