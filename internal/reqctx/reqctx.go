// Package reqctx carries per-request facts through a context: the request id, and whether the
// request is a reporter's (so that logs drop what could time or trace an anonymous reporter).
package reqctx

import "context"

type key int

const (
	requestIDKey key = iota
	reporterFacingKey
)

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithReporterFacing marks ctx as serving a reporter.
func WithReporterFacing(ctx context.Context) context.Context {
	return context.WithValue(ctx, reporterFacingKey, true)
}

// ReporterFacing reports whether ctx serves a reporter.
func ReporterFacing(ctx context.Context) bool {
	v, _ := ctx.Value(reporterFacingKey).(bool)
	return v
}
