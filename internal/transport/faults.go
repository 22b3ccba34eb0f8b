package transport

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// reporterFaults holds the internal errors of reporters' calls until the hour is over. A log line
// per failed call would carry its moment — the log collector stamps every line, whatever the
// line itself leaves out — and with it when some reporter filed or logged in. The errors are
// needed to repair the fault, not its moment: once an hour one line tells how many calls failed
// and how (method and the error's text, with references, codes and tokens blanked; no request
// id, no time of its own).
type reporterFaults struct {
	mu     sync.Mutex
	counts map[string]int
	extra  int // failures beyond the distinct texts kept
}

// maxFaultTexts bounds the distinct texts held for the hour.
const maxFaultTexts = 20

func (f *reporterFaults) add(text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.counts == nil {
		f.counts = map[string]int{}
	}
	if _, ok := f.counts[text]; !ok && len(f.counts) >= maxFaultTexts {
		f.extra++
		return
	}
	f.counts[text]++
}

// flush logs what the hour held, if anything, and starts a new hour.
func (f *reporterFaults) flush(log *slog.Logger) {
	f.mu.Lock()
	counts, extra := f.counts, f.extra
	f.counts, f.extra = nil, 0
	f.mu.Unlock()
	if len(counts) == 0 && extra == 0 {
		return
	}
	texts := make([]string, 0, len(counts))
	total := extra
	for text, n := range counts {
		texts = append(texts, text)
		total += n
	}
	slices.Sort(texts)
	attrs := []any{"failed_calls", total}
	for i, text := range texts {
		attrs = append(attrs, slog.Group("error_"+string(rune('a'+i)), "calls", counts[text], "error", text))
	}
	if extra > 0 {
		attrs = append(attrs, "other_calls", extra)
	}
	log.Error("internal errors in reporters' calls during the past hour", attrs...)
}

// run flushes at every full hour until ctx ends, and once more then.
func (f *reporterFaults) run(ctx context.Context, log *slog.Logger, now func() time.Time) {
	defer f.flush(log)
	for {
		t := now()
		next := t.Truncate(time.Hour).Add(time.Hour)
		select {
		case <-ctx.Done():
			return
		case <-time.After(next.Sub(t)):
			f.flush(log)
		}
	}
}
