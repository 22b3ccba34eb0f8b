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

	"github.com/utrecht/meldpunt/internal/store"
)

// Config sets the job.
type Config struct {
	Store     *store.Store
	KeepNotes time.Duration // how long notes are kept after the adviser's part ended
	KeepCases time.Duration // how long a closed case's content is kept (0: forever)
	Every     time.Duration // how often the job runs
	Log       *slog.Logger
	Now       func() time.Time
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
	now := j.cfg.Now().UTC()
	cases, notes, err = j.cfg.Store.DestroyExpiredNotes(ctx, now.Add(-j.cfg.KeepNotes), now)
	switch {
	case errors.Is(err, store.ErrJobRunningElsewhere):
		j.cfg.Log.Info("retention: another replica is running the job")
		return 0, 0, nil
	case err != nil:
		return 0, 0, err
	}
	if notes > 0 {
		j.cfg.Log.Info("retention: destroyed adviser notes past their retention period", "cases", cases, "conversations", notes)
	}
	if j.cfg.KeepCases > 0 {
		n, err := j.cfg.Store.DestroyExpiredCases(ctx, now.Add(-j.cfg.KeepCases), now)
		switch {
		case errors.Is(err, store.ErrJobRunningElsewhere):
		case err != nil:
			return cases, notes, err
		case n > 0:
			j.cfg.Log.Info("retention: destroyed the content of closed cases past their retention period", "cases", n)
		}
	}
	return cases, notes, nil
}

// Run runs the job at start and then every interval until ctx ends. Errors are logged and the
// job tries again at the next tick.
func (j *Job) Run(ctx context.Context) error {
	t := time.NewTicker(j.cfg.Every)
	defer t.Stop()
	for {
		if _, _, err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			j.cfg.Log.Error("retention job failed; it runs again at the next interval", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
