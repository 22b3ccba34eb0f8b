package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/pgtest"
)

// shutdownDelay is the replicas' --shutdown-delay in TestLoadBalancedShutdown: four of HAProxy's
// 500 ms health checks, so the load balancer has taken a terminating replica out well before it
// stops accepting requests.
const shutdownDelay = 2 * time.Second

// TestLoadBalancedShutdown: one replica gets SIGTERM while reporters file continuously through
// the load balancer (a rolling update, a scale-in). Not one filing fails: the replica turns
// not-ready first, HAProxy takes it out, it serves on for --shutdown-delay, then finishes what
// it has and exits 0; the other two carry on.
func TestLoadBalancedShutdown(t *testing.T) {
	t.Parallel()
	haproxyPath(t)
	tp := startTopology(t, pgtest.NewDatabase(t, "empty", nil), "--shutdown-delay", shutdownDelay.String())

	load := startFilers(tp.lb, 4, 1, 10*time.Millisecond)
	var halted []filing
	var haltOnce sync.Once
	halt := func() []filing { haltOnce.Do(func() { halted = load.halt() }); return halted }
	t.Cleanup(func() { halt() })
	time.Sleep(1500 * time.Millisecond)

	name, victim := tp.names[1], tp.replicas[1]
	termAt := time.Now()
	exited := make(chan struct{})
	go func() { victim.stop(t); close(exited) }() // SIGTERM; asserts exit 0 in time
	// Watch HAProxy take it out while it shuts down.
	var downAt time.Time
	deadline := time.After(stopTimeout + 5*time.Second)
watch:
	for {
		select {
		case <-exited:
			break watch
		case <-deadline:
			t.Fatalf("replica %s did not exit", name)
		case <-time.After(50 * time.Millisecond):
		}
		if st, err := tp.lb.serverStates(); downAt.IsZero() && err == nil && strings.HasPrefix(st[name], "DOWN") {
			downAt = time.Now()
		}
	}
	exitAt := time.Now()
	time.Sleep(time.Second) // the other two carry the load
	results := halt()

	if downAt.IsZero() {
		t.Errorf("replica %s exited %.2f s after SIGTERM, before HAProxy saw it as not ready", name, exitAt.Sub(termAt).Seconds())
	} else {
		t.Logf("SIGTERM to %s: out of HAProxy after %.2f s, exited after %.2f s", name, downAt.Sub(termAt).Seconds(), exitAt.Sub(termAt).Seconds())
	}
	if exitAt.Sub(termAt) < shutdownDelay {
		t.Errorf("replica %s exited %.2f s after SIGTERM, before its shutdown delay of %s", name, exitAt.Sub(termAt).Seconds(), shutdownDelay)
	}
	var failed []string
	var last time.Time // the victim's last answer
	for _, f := range results {
		if f.status != 200 || f.err != "" {
			failed = append(failed, f.String())
		}
		if f.backend == name {
			last = f.at
		}
	}
	t.Logf("%d filings: %v by status, %v by replica; %s answered its last %.2f s after SIGTERM", len(results),
		countBy(results, func(f filing) string { return fmt.Sprint(f.status) }),
		countBy(results, func(f filing) string { return f.backend }), name, last.Sub(termAt).Seconds())
	if len(failed) > 0 {
		t.Errorf("%d of %d filings failed around the SIGTERM:\n%s", len(failed), len(results), firstLines(failed, 20))
	}
	if last.IsZero() || !last.Before(exitAt) {
		t.Errorf("replica %s answered no filing before it exited (last %v)", name, last)
	}
}
