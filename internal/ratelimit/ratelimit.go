// Package ratelimit keeps budgets of events per source and overall: token buckets that hold up to
// a burst of events and refill at a steady rate. Meldpunt keeps two: one of wrong receipt codes,
// one of reports filed without signing in.
//
// # Wrong receipt codes
//
// A reporter who has the right code is never refused, whatever anyone else has tried: not after a
// flood of wrong codes from ten thousand addresses, not when a colleague behind the same office
// address keeps guessing. That is possible because checking a code is cheap (a keyed hash of the
// parsed code and one indexed look-up), so every code is checked: a right code opens a session and
// costs nothing; only a wrong code is counted, against its source and against the replica's
// global budget. While either is spent, a wrong code is answered "too many wrong codes, wait N
// seconds" (HTTP 429 with Retry-After, gRPC ResourceExhausted with RetryInfo) instead of "wrong
// code" (401). A guesser learns nothing from that but "wrong"; an honest client that mistyped is
// told to slow down; a reporter with the right code gets in at once.
//
// So the limiter does not bound guessing — nothing that lets right codes through can — and it
// does not need to: a code carries 100 random bits, and the bound comes from how many codes the
// service can check at all. Even at 10^5 checks a second (all replicas together, far beyond what
// one database answers) for 100 years, an attacker tries 10^5 × 3.16·10^9 s ≈ 3.2·10^14 < 2^49
// codes: the chance of hitting one given case's code is below 2^49 / 2^100 = 2^-51, and of
// hitting any of 16,384 live cases (2^14) below 2^-37. The alternative — refusing every attempt
// of a source that has failed, right codes included — adds nothing to that bound and gives every
// guesser (or every flood of fresh IPv6 prefixes) the power to lock reporters out; hence this
// design.
//
// # Reports filed
//
// Filing needs no account, so a client could fill the case list with junk (one filed 300 reports
// in two seconds). Each source may file a burst of a few reports and then one every few minutes;
// all sources together have a budget too, so that many addresses cannot bury the staff either.
// The budget is taken before anything is stored and given back when nothing new was stored (a
// retried filing, an error), so a report that is stored is never answered with "too many".
//
// # Sources and memory
//
// A source is an opaque key the transport derives from the network address with a per-process
// random key (IPv6 clients by their /64); the address itself is never kept, and the table lives
// only in memory. That is deliberate: a budget is a brake, not state another replica needs — with
// N replicas a client gets at most N times the budget. The table holds at most MaxSources
// sources: a source whose bucket is full again is forgotten (it is as good as new), and while
// the table is full of sources still refilling, a new source is held to the global budget only.
package ratelimit

import (
	"math"
	"sync"
	"time"
)

// Config sets a budget. Zero fields take the default of New (the wrong-code budget).
type Config struct {
	PerSourceBurst int           // events a source may have at once
	PerSourceEvery time.Duration // one more event for a source per this interval
	GlobalBurst    int           // events across all sources at once
	GlobalEvery    time.Duration // one more event overall per this interval
	MaxSources     int           // bound on memory: sources remembered at once
	Now            func() time.Time
}

// WrongCodes is the default budget of wrong receipt codes: 5 per source, then one a minute; 200
// overall, then 20 a second. It decides only whether a wrong code is answered 401 or 429.
var WrongCodes = Config{
	PerSourceBurst: 5, PerSourceEvery: time.Minute,
	GlobalBurst: 200, GlobalEvery: 50 * time.Millisecond,
	MaxSources: 100000,
}

// Filings is the default budget of reports filed without signing in, sized for an employer of
// about 5,000 staff, which receives a few hundred reports a year at most (about one a day): a
// source may file 5 reports at once, then one every 10 minutes — room for a reporter with several
// matters, or several colleagues behind one office address on one day; all sources together 60
// at once, then one a minute (1,440 a day, still more than a year's genuine volume), so that a
// flood from many addresses cannot bury the staff in junk faster than they can set it aside.
var Filings = Config{
	PerSourceBurst: 5, PerSourceEvery: 10 * time.Minute,
	GlobalBurst: 60, GlobalEvery: time.Minute,
	MaxSources: 100000,
}

// Limiter is safe for concurrent use.
type Limiter struct {
	cfg       Config
	mu        sync.Mutex
	sources   map[string]*bucket
	global    bucket
	lastSweep time.Time
}

// bucket holds tokens as of at; it refills at one token per every, up to burst.
type bucket struct {
	tokens float64
	at     time.Time
}

func (b *bucket) level(now time.Time, every time.Duration, burst int) float64 {
	if b.at.IsZero() {
		return float64(burst)
	}
	t := b.tokens
	if d := now.Sub(b.at); d > 0 {
		t += float64(d) / float64(every)
	}
	return math.Min(t, float64(burst))
}

func (b *bucket) set(now time.Time, tokens float64) { b.tokens, b.at = tokens, now }

// until is how long until a bucket at level holds a whole token again.
func until(level float64, every time.Duration) time.Duration {
	if level >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - level) * float64(every)))
}

// New returns a limiter; zero fields of cfg take the defaults of WrongCodes.
func New(cfg Config) *Limiter {
	d := WrongCodes
	if cfg.PerSourceBurst <= 0 {
		cfg.PerSourceBurst = d.PerSourceBurst
	}
	if cfg.PerSourceEvery <= 0 {
		cfg.PerSourceEvery = d.PerSourceEvery
	}
	if cfg.GlobalBurst <= 0 {
		cfg.GlobalBurst = d.GlobalBurst
	}
	if cfg.GlobalEvery <= 0 {
		cfg.GlobalEvery = d.GlobalEvery
	}
	if cfg.MaxSources <= 0 {
		cfg.MaxSources = d.MaxSources
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Limiter{cfg: cfg, sources: make(map[string]*bucket)}
}

// Take counts one event from source if both source's budget and the global one allow it, and
// returns ok with a function that gives the event back (it turned out not to count: a retry of a
// report already stored, a failure of the service). Otherwise nothing is counted, and wait says
// how long until both budgets allow one event again (always more than zero).
func (l *Limiter) Take(source string) (ok bool, wait time.Duration, giveBack func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.Now()
	c := l.cfg
	g := l.global.level(now, c.GlobalEvery, c.GlobalBurst)
	own, tracked := l.sources[source]
	if !tracked {
		if len(l.sources) >= c.MaxSources {
			l.sweep(now)
		}
		if len(l.sources) < c.MaxSources {
			own, tracked = &bucket{}, true
		}
	}
	s := float64(c.PerSourceBurst)
	if tracked {
		s = own.level(now, c.PerSourceEvery, c.PerSourceBurst)
	}
	if s < 1 || g < 1 {
		return false, max(until(s, c.PerSourceEvery), until(g, c.GlobalEvery)), nil
	}
	l.global.set(now, g-1)
	if tracked {
		own.set(now, s-1)
		l.sources[source] = own
	}
	return true, 0, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		now := l.cfg.Now()
		l.global.set(now, math.Min(l.global.level(now, c.GlobalEvery, c.GlobalBurst)+1, float64(c.GlobalBurst)))
		if tracked {
			own.set(now, math.Min(own.level(now, c.PerSourceEvery, c.PerSourceBurst)+1, float64(c.PerSourceBurst)))
		}
	}
}

// sweep forgets the sources whose bucket is full again, at most once a second (the table can be
// large, and a flood of fresh sources must not make every call walk it).
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Second && !l.lastSweep.IsZero() {
		return
	}
	l.lastSweep = now
	for k, b := range l.sources {
		if b.level(now, l.cfg.PerSourceEvery, l.cfg.PerSourceBurst) >= float64(l.cfg.PerSourceBurst) {
			delete(l.sources, k)
		}
	}
}
