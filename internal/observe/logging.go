package observe

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"

	"github.com/utrecht/meldpunt/internal/reqctx"
)

// TraceLogHandler adds the trace id ("trace_id") to a record logged in the context of a traced
// request, so that a staff call's log lines and its trace can be found from each other. Records
// of a reporter's request get none (they have no trace anyway).
type TraceLogHandler struct{ slog.Handler }

// Handle adds trace_id when ctx holds a valid span.
func (h TraceLogHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() && !reqctx.ReporterFacing(ctx) {
		r = r.Clone()
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper.
func (h TraceLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return TraceLogHandler{h.Handler.WithAttrs(as)}
}

// WithGroup keeps the wrapper.
func (h TraceLogHandler) WithGroup(name string) slog.Handler {
	return TraceLogHandler{h.Handler.WithGroup(name)}
}
