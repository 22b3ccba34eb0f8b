package notify

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Digest queues the daily e-mail that counts each person's deadlines due within 7 days or
// overdue (no content: a number). It goes to everyone who did not turn notifications off and
// has at least one such deadline; those who chose IMMEDIATE get it too, as deadlines have no
// event of their own. Each replica runs it once a day after the hour; the Message-ID, made of
// the day and the person, makes every run after the first queue nothing.
type Digest struct {
	// People lists who gets the digest (the store: DigestRecipients).
	People func(ctx context.Context) ([]Person, error)
	// Count is the person's number of deadlines due within 7 days or overdue, as their own
	// "Mijn termijnen" shows it (need to know: only cases they handle).
	Count func(ctx context.Context, p Person) (int, error)
	// Queue queues one person's digest of the day (the store: QueueDigest).
	Queue func(ctx context.Context, subject string, count int, day time.Time) error
	Hour  int // UTC hour from which the day's digest is queued; negative: never
	Log   *slog.Logger
}

// RunDigest queues the digest of day for everyone who gets one and reports how many were queued.
func (d *Digest) RunDigest(ctx context.Context, day time.Time) (people, queued int, err error) {
	if d.People == nil || d.Count == nil || d.Queue == nil {
		return 0, 0, errors.New("notify: the digest needs People, Count and Queue")
	}
	ps, err := d.People(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range ps {
		n, err := d.Count(ctx, p)
		if err != nil {
			return len(ps), queued, err
		}
		if n == 0 {
			continue
		}
		if err := d.Queue(ctx, p.Subject, n, day); err != nil {
			return len(ps), queued, err
		}
		queued++
	}
	return len(ps), queued, nil
}

// due reports whether the digest of now's day is due and not yet run here (last: the day it last ran).
func (d *Digest) due(now time.Time, last string) (string, bool) {
	day := now.UTC().Format(time.DateOnly)
	return day, d.Hour >= 0 && now.UTC().Hour() >= d.Hour && day != last
}
