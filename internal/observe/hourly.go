package observe

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// hourly publishes the metrics of reporters' and anonymous visitors' requests by the clock hour,
// and those that move with them (the Go runtime, the process, the database pool).
// Their collectors count as usual, but a scrape sees them as they stood at the start of the
// current hour: a count that went up tells that something happened in an earlier hour, never
// when within it. Live counters scraped every 15 seconds would time each filing or login to
// within 15 seconds, which the audit trail (reporters' events timed to the hour) and the logs
// (none for reporters) take care never to do.
//
// The state at the hour's start is taken at the first event after it — a reporter's request
// beginning (touch) or a scrape — before that event is counted, so it holds exactly what was
// counted before the hour began (up to a request that straddles the hour, counted when it ends).
type hourly struct {
	src prometheus.Gatherer
	now func() time.Time

	mu   sync.Mutex
	hour time.Time
	snap []*dto.MetricFamily
	err  error
}

func newHourly(src prometheus.Gatherer, now func() time.Time) *hourly {
	h := &hourly{src: src, now: now}
	h.touch()
	return h
}

// touch takes the hour's state if the hour turned since the last one was taken. Call it before
// counting a request.
func (h *hourly) touch() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if cur := h.now().Truncate(time.Hour); cur.After(h.hour) {
		h.snap, h.err = h.src.Gather()
		h.hour = cur
	}
}

// retake takes the current hour's state anew (after collectors were added, before serving).
func (h *hourly) retake() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.snap, h.err = h.src.Gather()
	h.hour = h.now().Truncate(time.Hour)
}

// Gather returns the state at the start of the current hour.
func (h *hourly) Gather() ([]*dto.MetricFamily, error) {
	h.touch()
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.snap, h.err
}
