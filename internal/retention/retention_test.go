package retention_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/retention"
	"github.com/utrecht/meldpunt/internal/store"
)

func TestNewRefusesAJobThatWouldDestroyAtOnceOrNever(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	st := &store.Store{}
	for _, cfg := range []retention.Config{
		{Store: st, Log: log, Every: time.Hour},
		{Store: st, Log: log, KeepNotes: time.Hour},
		{Log: log, KeepNotes: time.Hour, Every: time.Hour},
	} {
		if _, err := retention.New(cfg); err == nil {
			t.Errorf("retention.New(%+v) accepted an incomplete configuration", cfg)
		}
	}
}

func TestRunStopsWithItsContextAndLogsNothingWhenNothingIsDue(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.SQLiteURL(t.TempDir()), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	job, err := retention.New(retention.Config{Store: st, KeepNotes: time.Hour, Every: time.Millisecond, Log: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- job.Run(runCtx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
	if buf.Len() != 0 {
		t.Fatalf("the job logged with nothing to do:\n%s", buf.String())
	}
}

// runs records what the job tells its observer.
type runs struct{ outcomes []string }

func (r *runs) Ran(outcome string, took time.Duration, _ time.Time) {
	r.outcomes = append(r.outcomes, outcome)
}
func (r *runs) Destroyed(string, int) {}

func TestEveryRunIsToldToTheObserver(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.SQLiteURL(t.TempDir()), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(nil); err != nil {
		t.Fatal(err)
	}
	obs := &runs{}
	job, err := retention.New(retention.Config{Store: st, KeepNotes: time.Hour, KeepCases: time.Hour, Every: time.Hour, Log: slog.New(slog.DiscardHandler), Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	if err := job.Observed(ctx); err != nil {
		t.Fatal(err)
	}
	st.Close() // the next run fails
	if err := job.Observed(ctx); err == nil {
		t.Fatal("a run on a closed database succeeded")
	}
	if got := strings.Join(obs.outcomes, ","); got != "ok,error" {
		t.Errorf("outcomes %q, want ok,error", got)
	}
}
