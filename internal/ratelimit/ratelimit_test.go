package ratelimit

import (
	"sync"
	"testing"
	"time"
)

func fixed() (*time.Time, func() time.Time) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	return &now, func() time.Time { return now }
}

// fail makes one failed attempt and reports whether it was allowed.
func fail(l *Limiter, source string) bool {
	ok, done := l.Attempt(source)
	done(false)
	return ok
}

func TestFailuresBlockOnlyThatSourceAndRecover(t *testing.T) {
	t.Parallel()
	now, clock := fixed()
	l := New(Config{PerSourceBurst: 3, PerSourceEvery: time.Minute})
	l.now = clock
	for i := 0; i < 3; i++ {
		if !fail(l, "a") {
			t.Fatalf("attempt %d refused before the budget was used", i)
		}
	}
	if ok, _ := l.Attempt("a"); ok {
		t.Fatal("source a not blocked after 3 failures")
	}
	if ok, _ := l.Attempt("b"); !ok {
		t.Fatal("source b blocked by a's failures")
	}
	*now = now.Add(61 * time.Second)
	if ok, _ := l.Attempt("a"); !ok {
		t.Fatal("source a still blocked after the refill interval")
	}
}

func TestSuccessesCostNothing(t *testing.T) {
	t.Parallel()
	_, clock := fixed()
	l := New(Config{PerSourceBurst: 2})
	l.now = clock
	for i := 0; i < 10; i++ {
		ok, done := l.Attempt("office-nat")
		if !ok {
			t.Fatalf("right code number %d refused", i)
		}
		done(true)
	}
}

func TestAFloodElsewhereDoesNotLockOutANewReporter(t *testing.T) {
	t.Parallel()
	_, clock := fixed()
	l := New(Config{GlobalBurst: 10, GlobalEvery: time.Second})
	l.now = clock
	for i := 0; i < 10; i++ {
		fail(l, string(rune('a'+i)))
	}
	if ok, _ := l.Attempt("reporter"); !ok {
		t.Fatal("a source without failures is refused because others spent the global budget")
	}
	if ok, _ := l.Attempt("a"); ok {
		t.Fatal("a failing source is not refused once the global budget is spent")
	}
}

func TestParallelGuessesCannotOverrunTheBudget(t *testing.T) {
	t.Parallel()
	_, clock := fixed()
	l := New(Config{PerSourceBurst: 5})
	l.now = clock
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		allowed int
	)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, done := l.Attempt("attacker")
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
			done(false)
		}()
	}
	wg.Wait()
	if allowed > 5 {
		t.Fatalf("%d parallel wrong guesses allowed, want at most 5", allowed)
	}
}

func TestMemoryIsBounded(t *testing.T) {
	t.Parallel()
	l := New(Config{MaxSources: 100})
	for i := 0; i < 1000; i++ {
		fail(l, string(rune(i+1000)))
	}
	if n := len(l.sources); n > 100 {
		t.Fatalf("sources table grew to %d, want at most 100", n)
	}
}
