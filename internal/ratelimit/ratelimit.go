// Package ratelimit limits failed attempts (wrong receipt codes) per source and overall.
//
// Only failures are counted, so a reporter who types the code right is never slowed down unless
// their source has just made several wrong attempts; then every attempt from that source, the
// right code included, is refused for a while, so that a guesser cannot tell a hit from a miss.
//
// A source is an opaque key the transport derives from the network address with a per-process
// random key; the address itself is never kept, and the table lives only in memory. That is
// deliberate: the limiter is a brake, not state another replica needs — with N replicas an
// attacker gets at most N times the budget, which against a 100-bit code is still nothing.
//
// A global bucket bounds the rate of failures a replica accepts from sources that have failed
// before, so that many sources together cannot keep guessing either; a source that has never
// failed is always heard, so that a flood of guesses cannot lock out a reporter who has the right
// code. (The transport keys IPv6 clients by their /64, so a fresh source is not free.)
package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Config sets the budgets.
type Config struct {
	PerSourceBurst int           // failures a source may make at once (default 5)
	PerSourceEvery time.Duration // one more failure allowed per this interval (default 1m)
	GlobalBurst    int           // failures across all sources at once (default 200)
	GlobalEvery    time.Duration // default 50ms (20 per second)
	MaxSources     int           // bound on memory (default 100000)
}

// Limiter is safe for concurrent use.
type Limiter struct {
	cfg     Config
	mu      sync.Mutex
	sources map[string]*entry
	global  *rate.Limiter
	now     func() time.Time
}

type entry struct {
	lim      *rate.Limiter
	lastSeen time.Time
}

// New returns a limiter with defaults filled in.
func New(cfg Config) *Limiter {
	if cfg.PerSourceBurst <= 0 {
		cfg.PerSourceBurst = 5
	}
	if cfg.PerSourceEvery <= 0 {
		cfg.PerSourceEvery = time.Minute
	}
	if cfg.GlobalBurst <= 0 {
		cfg.GlobalBurst = 200
	}
	if cfg.GlobalEvery <= 0 {
		cfg.GlobalEvery = 50 * time.Millisecond
	}
	if cfg.MaxSources <= 0 {
		cfg.MaxSources = 100000
	}
	return &Limiter{
		cfg:     cfg,
		sources: make(map[string]*entry),
		global:  rate.NewLimiter(rate.Every(cfg.GlobalEvery), cfg.GlobalBurst),
		now:     time.Now,
	}
}

// Attempt asks to try one receipt code from source. It refuses (ok false) when source has used up
// its failures, or when the replica's global failure budget is spent and source has failed
// before — a source with no failures is never refused, so a flood of guesses from elsewhere
// cannot lock out a reporter who types the right code. When allowed, the attempt is counted at
// once (so parallel guesses cannot overrun the budget) and done(true) gives it back.
func (l *Limiter) Attempt(source string) (ok bool, done func(success bool)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	e, seen := l.sources[source]
	if seen && (e.lim.TokensAt(now) < 1 || l.global.TokensAt(now) < 1) {
		return false, func(bool) {}
	}
	if !seen {
		if len(l.sources) >= l.cfg.MaxSources {
			l.sweep(now)
		}
		e = &entry{lim: rate.NewLimiter(rate.Every(l.cfg.PerSourceEvery), l.cfg.PerSourceBurst)}
		l.sources[source] = e
	}
	e.lastSeen = now
	own := e.lim.ReserveN(now, 1)
	global := l.global.ReserveN(now, 1)
	return true, func(success bool) {
		if success {
			l.mu.Lock()
			defer l.mu.Unlock()
			own.CancelAt(now)
			global.CancelAt(now)
		}
	}
}

// sweep drops sources whose bucket has refilled; if that frees nothing, it drops them all
// (losing some memory of failures beats unbounded memory).
func (l *Limiter) sweep(now time.Time) {
	full := time.Duration(l.cfg.PerSourceBurst) * l.cfg.PerSourceEvery
	for k, e := range l.sources {
		if now.Sub(e.lastSeen) > full {
			delete(l.sources, k)
		}
	}
	if len(l.sources) >= l.cfg.MaxSources {
		clear(l.sources)
	}
}
