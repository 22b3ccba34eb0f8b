package transport

import (
	"context"
	"log/slog"
	"time"

	"github.com/utrecht/meldpunt/internal/reqctx"
)

// LogHandler wraps a slog.Handler so that records logged for a reporter's request carry no time
// stamp: precise times in logs could be lined up with network or badge logs to identify an
// anonymous reporter (domain.md §4).
type LogHandler struct{ slog.Handler }

// Handle drops the time of reporter-facing records.
func (h LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if reqctx.ReporterFacing(ctx) {
		r.Time = time.Time{}
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the wrapper.
func (h LogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return LogHandler{h.Handler.WithAttrs(as)}
}

// WithGroup keeps the wrapper.
func (h LogHandler) WithGroup(name string) slog.Handler { return LogHandler{h.Handler.WithGroup(name)} }
