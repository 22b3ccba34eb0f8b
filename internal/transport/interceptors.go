package transport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// edge is the first interceptor (behind the metrics, observe.go): it gives the call a request id
// (returned in the x-request-id header), a span if it is a staff call and tracing is on,
// authenticates and authorizes it against the table, turns panics and errors into statuses, and
// writes one access-log line — method, code, duration and the staff actor; without bodies,
// addresses, user agents or error texts, and none at all for reporter calls.
type edge struct {
	log  *slog.Logger
	auth *authenticator
	// unavailable recognises errors of a database that cannot serve right now (nil: none).
	unavailable func(error) bool
	// tracer starts the spans of staff calls; nil: no tracing.
	tracer trace.Tracer
	// faults holds reporters' internal errors for the hourly summary (faults.go).
	faults reporterFaults
	// refusals records refused attempts to open a case in the audit trail (refusals.go); nil:
	// not recorded.
	refusals RefusalRecorder
}

func (e *edge) begin(ctx context.Context, method string) (context.Context, trace.Span, error) {
	id := newRequestID()
	ctx = reqctx.WithRequestID(ctx, id)
	_ = grpc.SetHeader(ctx, metadata.Pairs("x-request-id", id))
	var span trace.Span
	if r, ok := authzTable[method]; ok {
		if r.reporterFacing {
			ctx = reqctx.WithReporterFacing(ctx)
		}
		ctx, span = e.startSpan(ctx, method, r)
	}
	ctx, _, err := e.auth.authorize(ctx, method)
	return ctx, span, err
}

func (e *edge) finish(ctx context.Context, span trace.Span, method string, start time.Time, err error) error {
	e.recordRefusal(ctx, method, err)
	if err != nil && e.unavailable != nil && e.unavailable(err) {
		// Logged without the driver's words, which may quote a query's parameters; and for a
		// reporter's call not at all (the readiness check logs the outage itself).
		if !reqctx.ReporterFacing(ctx) {
			e.log.WarnContext(ctx, "database unavailable", "method", method, "request_id", reqctx.RequestID(ctx))
		}
		err = apperr.Unavailable("the service is briefly unavailable; try again in a few seconds")
	}
	st, internal := toStatus(ctx, err)
	defer endSpan(span, st.Code())
	attrs := []any{"method", method, "code", st.Code().String(), "request_id", reqctx.RequestID(ctx)}
	if s := staffFrom(ctx); s != nil {
		attrs = append(attrs, "actor", s.Subject)
	}
	switch {
	case internal && reqctx.ReporterFacing(ctx):
		// Held for the hourly summary: a line now would time the reporter's call.
		e.faults.add(method + ": " + redact(err.Error()))
	case internal:
		// The details are needed to fix it; what could name a case or a reporter is blanked.
		e.log.ErrorContext(ctx, "internal error", append(attrs, "error", redact(err.Error()))...)
	case reqctx.ReporterFacing(ctx):
		// No access log for reporters: even a time stamp and a method can help single one out.
	default:
		// The kind of error only: messages of domain errors name the case they are about.
		attrs = append(attrs, errorAttrs(err)...)
		e.log.InfoContext(ctx, "rpc", append(attrs, "duration_ms", time.Since(start).Milliseconds())...)
	}
	return st.Err()
}

func (e *edge) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	start := time.Now()
	ctx, span, err := e.begin(ctx, info.FullMethod)
	if err == nil {
		resp, err = callUnary(ctx, req, handler)
	} else {
		withCaseReference(err, req)
	}
	if err != nil {
		return nil, e.finish(ctx, span, info.FullMethod, start, err)
	}
	return resp, e.finish(ctx, span, info.FullMethod, start, nil)
}

func callUnary(ctx context.Context, req any, handler grpc.UnaryHandler) (resp any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return handler(ctx, req)
}

type wrappedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (w *wrappedStream) Context() context.Context { return w.ctx }

func (e *edge) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	start := time.Now()
	ctx, span, err := e.begin(ss.Context(), info.FullMethod)
	if err == nil {
		func() {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
				}
			}()
			err = handler(srv, &wrappedStream{ServerStream: ss, ctx: ctx})
		}()
	}
	return e.finish(ctx, span, info.FullMethod, start, err)
}
