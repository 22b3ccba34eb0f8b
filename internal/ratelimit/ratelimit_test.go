package ratelimit

import (
	"testing"
	"time"
)

func TestFailuresBlockOnlyThatSourceAndRecover(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := New(Config{PerSourceBurst: 3, PerSourceEvery: time.Minute})
	l.now = func() time.Time { return now }

	for i := 0; i < 3; i++ {
		if l.Blocked("a") {
			t.Fatalf("attempt %d: blocked before budget used", i)
		}
		l.Fail("a")
	}
	if !l.Blocked("a") {
		t.Fatal("source a not blocked after 3 failures")
	}
	if l.Blocked("b") {
		t.Fatal("source b blocked by a's failures")
	}
	now = now.Add(61 * time.Second)
	if l.Blocked("a") {
		t.Fatal("source a still blocked after refill interval")
	}
}

func TestGlobalBudgetBlocksEveryone(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := New(Config{GlobalBurst: 10, GlobalEvery: time.Second})
	l.now = func() time.Time { return now }
	for i := 0; i < 10; i++ {
		l.Fail(string(rune('a' + i)))
	}
	if !l.Blocked("fresh") {
		t.Fatal("a fresh source is not blocked when the global budget is spent")
	}
}

func TestMemoryIsBounded(t *testing.T) {
	t.Parallel()
	l := New(Config{MaxSources: 100})
	for i := 0; i < 1000; i++ {
		l.Fail(string(rune(i + 1000)))
	}
	if n := len(l.sources); n > 100 {
		t.Fatalf("sources table grew to %d, want at most 100", n)
	}
}
