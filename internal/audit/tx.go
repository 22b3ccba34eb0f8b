package audit

import (
	"context"
	"errors"
)

// Recorder writes events into the transaction a context carries (see Log).
type Recorder interface {
	RecordEvent(ctx context.Context, ev Event) error
}

type recorderKey struct{}

// WithRecorder returns ctx carrying r: the unit of work a store opens puts its transaction's
// recorder there, so that the domain records an event in the same transaction as the change (or
// the read) it records without handing it to every repository method.
func WithRecorder(ctx context.Context, r Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// ErrNoTransaction is returned by Log outside a unit of work: an event that cannot land in the
// same transaction as what it records is refused rather than written on its own.
var ErrNoTransaction = errors.New("audit: no transaction in the context to record the event in")

// Log records ev in the transaction ctx carries; when Log fails the unit of work fails, and the
// change it records is rolled back with it.
func Log(ctx context.Context, ev Event) error {
	r, _ := ctx.Value(recorderKey{}).(Recorder)
	if r == nil {
		return ErrNoTransaction
	}
	return r.RecordEvent(ctx, ev)
}
