// Package retention runs the storage-limitation jobs (domain.md §6): an adviser's conversation
// notes are destroyed a configured time (default one year) after the adviser's part of the case
// ended. The job runs in every `meldpunt serve` replica on a timer; the store's advisory lock
// makes exactly one of them do the work. It logs counts only.
package retention

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/utrecht/meldpunt/internal/dbconn"
)

// ErrRunningElsewhere is what the Store returns when another replica holds the job; that run
// did nothing.
var ErrRunningElsewhere = errors.New("the job is running on another replica")

// Store destroys what is due, in one transaction each, under a lock that only one replica holds
// at a time (implemented by the store).
type Store interface {
	// DestroyExpiredNotes destroys the adviser notes whose adviser's part of the case ended
	// before cutoff, and says in how many cases and how many conversations.
	DestroyExpiredNotes(ctx context.Context, cutoff, now time.Time) (cases, notes int, err error)
	// DestroyExpiredCases destroys the content of the cases closed before cutoff.
	DestroyExpiredCases(ctx context.Context, cutoff, now time.Time) (int, error)
}

// EscrowStore destroys matching entries (package escrow) made before cutoff, whatever their
// state: an entry that nobody else matched in time is gone, and one taken further already lives
// in its reporter's case.
type EscrowStore interface {
	DestroyMadeBefore(ctx context.Context, cutoff time.Time) (int, error)
}

// Config sets the job.
type Config struct {
	Store     Store
	KeepNotes time.Duration // how long notes are kept after the adviser's part ended
	KeepCases time.Duration // how long a closed case's content is kept (0: forever)
	Every     time.Duration // how often the job runs
	// Escrow and KeepEscrow destroy matching entries this long after they were made; nil or 0:
	// not run.
	Escrow     EscrowStore
	KeepEscrow time.Duration
	Log        *slog.Logger
	Now        func() time.Time
	// Observer is told of every run of Run and what it destroyed (metrics); nil: nobody.
	Observer Observer
}

// Observer records the job's runs (observe.Job does, for Prometheus). Counts only.
type Observer interface {
	// Ran records one run: its outcome ("ok", "skipped" when another replica holds the job,
	// "error"), its duration and when it ended.
	Ran(outcome string, took time.Duration, end time.Time)
	// Destroyed counts what a run destroyed: "adviser_notes" or "case_content".
	Destroyed(what string, n int)
}

// Job destroys expired adviser notes.
type Job struct{ cfg Config }

// New checks the configuration.
func New(cfg Config) (*Job, error) {
	if cfg.Store == nil || cfg.Log == nil {
		return nil, errors.New("retention: Store and Log are required")
	}
	if cfg.KeepNotes <= 0 || cfg.Every <= 0 {
		return nil, errors.New("retention: the retention period and the interval must be positive")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Job{cfg: cfg}, nil
}

// RunOnce destroys what is due now and reports how much.
func (j *Job) RunOnce(ctx context.Context) (cases, notes int, err error) {
	r, err := j.runOnce(ctx)
	return r.noteCases, r.notes, err
}

// result is what one run did.
type result struct {
	noteCases, notes int  // adviser notes destroyed, and in how many cases
	escrow           int  // matching entries destroyed
	content          int  // closed cases whose content was destroyed
	skipped          bool // another replica held the job
}

func (j *Job) runOnce(ctx context.Context) (r result, err error) {
	now := j.cfg.Now().UTC()
	r.noteCases, r.notes, err = j.cfg.Store.DestroyExpiredNotes(ctx, now.Add(-j.cfg.KeepNotes), now)
	switch {
	case errors.Is(err, ErrRunningElsewhere):
		j.cfg.Log.Info("retention: another replica is running the job")
		return result{skipped: true}, nil
	case err != nil:
		return result{}, err
	}
	if r.notes > 0 {
		j.cfg.Log.Info("retention: destroyed adviser notes past their retention period", "cases", r.noteCases, "conversations", r.notes)
	}
	if j.cfg.KeepCases > 0 {
		n, err := j.cfg.Store.DestroyExpiredCases(ctx, now.Add(-j.cfg.KeepCases), now)
		switch {
		case errors.Is(err, ErrRunningElsewhere):
		case err != nil:
			return r, err
		case n > 0:
			r.content = n
			j.cfg.Log.Info("retention: destroyed the content of closed cases past their retention period", "cases", n)
		}
	}
	if j.cfg.Escrow != nil && j.cfg.KeepEscrow > 0 {
		n, err := j.cfg.Escrow.DestroyMadeBefore(ctx, now.Add(-j.cfg.KeepEscrow))
		switch {
		case errors.Is(err, ErrRunningElsewhere):
		case err != nil:
			return r, err
		case n > 0:
			r.escrow = n
			j.cfg.Log.Info("retention: destroyed matching entries past their time", "entries", n)
		}
	}
	return r, nil
}

// observed runs the job once and tells the observer.
func (j *Job) observed(ctx context.Context) error {
	start := time.Now()
	r, err := j.runOnce(ctx)
	// A run cut short by shutdown is not a failure of the job.
	if o := j.cfg.Observer; o != nil && (err == nil || ctx.Err() == nil) {
		outcome := "ok"
		switch {
		case err != nil:
			outcome = "error"
		case r.skipped:
			outcome = "skipped"
		}
		end := time.Now()
		o.Ran(outcome, end.Sub(start), end)
		o.Destroyed("adviser_notes", r.notes)
		o.Destroyed("case_content", r.content)
		o.Destroyed("escrow_entries", r.escrow)
	}
	return err
}

// Run runs the job at start and then every interval until ctx ends. Errors are logged and the
// job tries again at the next tick.
func (j *Job) Run(ctx context.Context) error {
	t := time.NewTicker(j.cfg.Every)
	defer t.Stop()
	for {
		switch err := j.observed(ctx); {
		case err == nil || ctx.Err() != nil:
		case dbconn.IsUnavailable(err):
			// An outage the readiness check already reports: not a fault of the job.
			j.cfg.Log.Warn("retention job skipped: the database is unavailable; it runs again at the next interval")
		default:
			j.cfg.Log.Error("retention job failed; it runs again at the next interval", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
