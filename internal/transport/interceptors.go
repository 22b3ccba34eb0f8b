package transport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

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

// edge is the first interceptor: it gives the call a request id (returned in the x-request-id
// header), authenticates and authorizes it against the table, turns panics and errors into
// statuses, and writes one access-log line — without bodies, addresses or user agents, and for
// reporter calls without a time stamp.
type edge struct {
	log  *slog.Logger
	auth *authenticator
	// unavailable recognises errors of a database that cannot serve right now (nil: none).
	unavailable func(error) bool
}

func (e *edge) begin(ctx context.Context, method string) (context.Context, rule, error) {
	id := newRequestID()
	ctx = reqctx.WithRequestID(ctx, id)
	_ = grpc.SetHeader(ctx, metadata.Pairs("x-request-id", id))
	if r, ok := authzTable[method]; ok && r.reporterFacing {
		ctx = reqctx.WithReporterFacing(ctx)
	}
	return e.auth.authorize(ctx, method)
}

func (e *edge) finish(ctx context.Context, method string, start time.Time, err error) error {
	if err != nil && e.unavailable != nil && e.unavailable(err) {
		// Logged without the driver's words, which may quote a query's parameters; and for a
		// reporter's call not at all (the readiness check logs the outage itself).
		if !reqctx.ReporterFacing(ctx) {
			e.log.WarnContext(ctx, "database unavailable", "method", method, "request_id", reqctx.RequestID(ctx))
		}
		err = apperr.Unavailable("the service is briefly unavailable; try again in a few seconds")
	}
	st, internal := toStatus(ctx, err)
	attrs := []any{"method", method, "code", st.Code().String(), "request_id", reqctx.RequestID(ctx)}
	switch {
	case internal:
		e.log.ErrorContext(ctx, "internal error", append(attrs, "error", err.Error())...)
	case reqctx.ReporterFacing(ctx):
		// No access log for reporters: even a time stamp and a method can help single one out.
	default:
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		}
		e.log.InfoContext(ctx, "rpc", append(attrs, "duration_ms", time.Since(start).Milliseconds())...)
	}
	return st.Err()
}

func (e *edge) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	start := time.Now()
	ctx, _, err = e.begin(ctx, info.FullMethod)
	if err == nil {
		resp, err = callUnary(ctx, req, handler)
	}
	if err != nil {
		return nil, e.finish(ctx, info.FullMethod, start, err)
	}
	return resp, e.finish(ctx, info.FullMethod, start, nil)
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
	ctx, _, err := e.begin(ss.Context(), info.FullMethod)
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
	return e.finish(ctx, info.FullMethod, start, err)
}
