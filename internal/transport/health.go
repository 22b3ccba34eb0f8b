package transport

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// readiness tells load balancers the truth: a replica is ready while its database answers and it
// is not shutting down. A bounded ping runs every interval (so an answer is at most that old);
// /readyz and the gRPC health service, overall ("") and per service name, follow it, and a change
// is logged once. When the database returns, the replica is ready again by itself.
type readiness struct {
	check    func(context.Context) error
	health   *health.Server
	services []string
	log      *slog.Logger
	interval time.Duration
	timeout  time.Duration

	mu       sync.Mutex
	up       atomic.Bool // the last ping succeeded
	draining atomic.Bool // shutting down: not ready, for good
}

// ready reports whether the replica should get traffic.
func (r *readiness) ready() bool { return r.up.Load() && !r.draining.Load() }

// probe pings the database once, bounded by the timeout, and records the answer.
func (r *readiness) probe(ctx context.Context) {
	c, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := r.check(c)
	if ctx.Err() != nil {
		return // stopping: not a database outage
	}
	r.set(err == nil)
}

// set records reachability and, on a change, tells the health service and the log.
func (r *readiness) set(up bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.draining.Load() {
		return
	}
	was := r.up.Swap(up)
	st := healthpb.HealthCheckResponse_SERVING
	if !up {
		st = healthpb.HealthCheckResponse_NOT_SERVING
	}
	for _, name := range r.services {
		r.health.SetServingStatus(name, st)
	}
	switch {
	case was && !up:
		r.log.Warn("database unreachable: not ready until it answers again")
	case !was && up:
		r.log.Info("database reachable: ready")
	}
}

// run probes until ctx ends.
func (r *readiness) run(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.probe(ctx)
		}
	}
}

// drain marks the replica not ready for the rest of its life: the start of a graceful shutdown.
func (r *readiness) drain() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.draining.Store(true)
	r.health.Shutdown() // every service NOT_SERVING, and it stays so
}
