package ratelimit

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) Advance(d time.Duration) { c.now = c.now.Add(d) }

func newClock() *clock { return &clock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)} }

func take(l *Limiter, source string) bool {
	ok, _, _ := l.Take(source)
	return ok
}

func TestASourceHasItsBurstThenWaitsAsItIsTold(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := New(Config{PerSourceBurst: 3, PerSourceEvery: time.Minute, Now: c.Now})
	for i := range 3 {
		if !take(l, "a") {
			t.Fatalf("event %d refused within the burst", i+1)
		}
	}
	ok, wait, _ := l.Take("a")
	if ok || wait != time.Minute {
		t.Fatalf("after the burst: ok %t, wait %s; want refused, wait 1m", ok, wait)
	}
	if !take(l, "b") {
		t.Fatal("source b refused because of a")
	}
	c.Advance(wait - time.Second)
	if take(l, "a") {
		t.Fatal("allowed before the wait it was told")
	}
	c.Advance(time.Second)
	if !take(l, "a") {
		t.Fatal("refused after the wait it was told")
	}
	if take(l, "a") {
		t.Fatal("one refill allowed two events")
	}
}

// TestAFloodFromManySourcesIsHeldByTheGlobalBudget: 10,000 sources with one event each spend the
// global budget and are then refused, each told a wait that is accurate.
func TestAFloodFromManySourcesIsHeldByTheGlobalBudget(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := New(Config{GlobalBurst: 200, GlobalEvery: 50 * time.Millisecond, Now: c.Now})
	allowed := 0
	for i := range 10000 {
		ok, wait, _ := l.Take(fmt.Sprintf("fresh-%d", i))
		if ok {
			allowed++
			continue
		}
		if wait <= 0 || wait > 50*time.Millisecond {
			t.Fatalf("source %d refused with wait %s", i, wait)
		}
	}
	if allowed != 200 {
		t.Fatalf("%d of 10,000 simultaneous events allowed, want the global burst of 200", allowed)
	}
	c.Advance(50 * time.Millisecond)
	if !take(l, "another") || take(l, "yet-another") {
		t.Fatal("the global budget does not refill one event per interval")
	}
}

func TestGivingBackRestoresTheBudget(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := New(Config{PerSourceBurst: 2, GlobalBurst: 2, Now: c.Now})
	for range 10 {
		ok, _, giveBack := l.Take("retrying")
		if !ok {
			t.Fatal("an event given back still counts")
		}
		giveBack()
	}
	take(l, "x")
	take(l, "x")
	if take(l, "y") {
		t.Fatal("global budget not spent")
	}
}

func TestParallelEventsCannotOverrunTheBudget(t *testing.T) {
	t.Parallel()
	l := New(Config{PerSourceBurst: 5})
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
	)
	for range 50 {
		wg.Go(func() {
			if take(l, "attacker") {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != 5 {
		t.Fatalf("%d parallel events allowed, want 5", allowed)
	}
}

// TestMemoryIsBoundedAndAFullTableStillLimits: with the table full of sources that are still
// refilling, a new source is held to the global budget; once they have refilled they are
// forgotten.
func TestMemoryIsBoundedAndAFullTableStillLimits(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := New(Config{MaxSources: 100, PerSourceBurst: 1, PerSourceEvery: time.Minute, GlobalBurst: 1000, GlobalEvery: time.Millisecond, Now: c.Now})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		take(l, fmt.Sprintf("v6-%x", rng.Uint64()))
		c.Advance(time.Millisecond)
		if n := len(l.sources); n > 100 {
			t.Fatalf("sources table grew to %d, want at most 100", n)
		}
	}
	c.Advance(2 * time.Minute)
	take(l, "after")
	if n := len(l.sources); n != 1 {
		t.Fatalf("%d sources remembered after all refilled, want only the new one", n)
	}
}

// TestNoSourceAndNoFloodExceedsItsBudget is a property over random traffic: many sources, some
// busy and some not, at random moments. Over any run, a source is allowed at most its burst plus
// one event per interval elapsed, and all sources together at most the global burst plus one per
// global interval; and a source refused because of its own budget is let through once it has
// waited as told, while the global budget has room.
func TestNoSourceAndNoFloodExceedsItsBudget(t *testing.T) {
	t.Parallel()
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 99))
		c := newClock()
		start := c.now
		cfg := Config{PerSourceBurst: 1 + rng.IntN(6), PerSourceEvery: time.Duration(1+rng.IntN(60)) * time.Second,
			GlobalBurst: 10 + rng.IntN(200), GlobalEvery: time.Duration(1+rng.IntN(100)) * time.Millisecond, Now: c.Now}
		l := New(cfg)
		allowed := map[string]int{}
		total := 0
		for range 20000 {
			src := fmt.Sprintf("s%d", rng.IntN(1+rng.IntN(2000)))
			ok, wait, _ := l.Take(src)
			if ok {
				allowed[src]++
				total++
			} else if wait <= 0 {
				t.Fatalf("seed %d: refused without a wait", seed)
			}
			c.Advance(time.Duration(rng.IntN(int(2 * cfg.GlobalEvery))))
		}
		elapsed := c.now.Sub(start)
		for src, n := range allowed {
			if most := cfg.PerSourceBurst + int(elapsed/cfg.PerSourceEvery); n > most {
				t.Fatalf("seed %d: source %s allowed %d events in %s, budget %d", seed, src, n, elapsed, most)
			}
		}
		if most := cfg.GlobalBurst + int(elapsed/cfg.GlobalEvery); total > most {
			t.Fatalf("seed %d: %d events allowed in %s, global budget %d", seed, total, elapsed, most)
		}
		// Liveness: spend one source's budget, wait as told (long enough for the global
		// budget to refill too), and it is let through.
		for take(l, "patient") {
		}
		_, wait, _ := l.Take("patient")
		c.Advance(max(wait, time.Duration(cfg.GlobalBurst)*cfg.GlobalEvery))
		if !take(l, "patient") {
			t.Fatalf("seed %d: refused after waiting %s as told", seed, wait)
		}
	}
}
