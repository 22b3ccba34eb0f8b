package notify

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"time"
)

// Outbox is the store's side of the job (internal/store implements it).
type Outbox interface {
	// ClaimNotifications leases up to limit due messages until now+lease, counting the attempt.
	ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Outgoing, error)
	// MarkNotificationSent records the hand-over to the mail server.
	MarkNotificationSent(ctx context.Context, id string, at time.Time) error
	// MarkNotificationFailed records a failed attempt: due again at next; zero next gives up.
	MarkNotificationFailed(ctx context.Context, id, errKind string, next, at time.Time) error
	// PruneNotifications deletes messages sent before sentBefore and given up before failedBefore.
	PruneNotifications(ctx context.Context, sentBefore, failedBefore time.Time) (int, error)
	// ReleaseNotifications makes claimed messages that were not tried due again at once.
	ReleaseNotifications(ctx context.Context, ids []string, at time.Time) error
	// NotificationStatus counts the outbox (sent: since the time given).
	NotificationStatus(ctx context.Context, since time.Time) (Status, error)
}

// How long the outbox keeps a message sent, and one given up (the administrator sees it meanwhile).
const (
	KeepSent   = 7 * 24 * time.Hour
	KeepFailed = 30 * 24 * time.Hour
)

// Config sets the job.
type Config struct {
	Outbox       Outbox
	SMTP         SMTP
	From         string // the sender's address, e.g. meldpunt@utrecht.nl
	WorkspaceURL string // the link in every e-mail to staff, e.g. https://meldpunt.utrecht.nl/medewerkers/
	// ReporterURL is the link in a reporter's "there is a reply", e.g. https://meldpunt.utrecht.nl/
	// (the reporter pages; never with the receipt code). Default: WorkspaceURL's scheme and host.
	ReporterURL string
	// IncludeReference shows the case reference in the e-mail (the administrator's choice;
	// default off).
	IncludeReference bool
	Every            time.Duration // how often the outbox is polled (default 5 s)
	Batch            int           // messages claimed at a time (default 50)
	Lease            time.Duration // how long a claim holds before another replica may retry (default 5 min)
	MaxAttempts      int           // attempts before giving up (default 10)
	Backoff          time.Duration // the first retry's delay, doubled each time up to 6 h (default 1 min)
	Log              *slog.Logger
	Now              func() time.Time
	// Unavailable tells a database outage from a fault (store.IsUnavailable); nil: none is.
	Unavailable func(error) bool
	// Digest, if set, queues the daily digest of deadlines.
	Digest *Digest
}

// Job sends the outbox.
type Job struct{ cfg Config }

// New checks the configuration.
func New(cfg Config) (*Job, error) {
	if cfg.Outbox == nil || cfg.Log == nil {
		return nil, errors.New("notify: Outbox and Log are required")
	}
	if cfg.SMTP.Host == "" || cfg.SMTP.Port <= 0 || cfg.From == "" || cfg.WorkspaceURL == "" {
		return nil, errors.New("notify: the SMTP host and port, the sender's address and the workspace URL are required")
	}
	if cfg.ReporterURL == "" {
		if u, err := url.Parse(cfg.WorkspaceURL); err == nil {
			cfg.ReporterURL = u.Scheme + "://" + u.Host + "/"
		}
	}
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Second
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 50
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 10
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Unavailable == nil {
		cfg.Unavailable = func(error) bool { return false }
	}
	return &Job{cfg: cfg}, nil
}

// backoff is the delay before attempt n+1 after n failed ones.
func (j *Job) backoff(n int) time.Duration {
	d := j.cfg.Backoff
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// RunOnce claims one batch and sends it; it reports how many were sent and failed.
func (j *Job) RunOnce(ctx context.Context) (sent, failed int, err error) {
	now := j.cfg.Now().UTC()
	batch, err := j.cfg.Outbox.ClaimNotifications(ctx, now, j.cfg.Lease, j.cfg.Batch)
	if err != nil || len(batch) == 0 {
		return 0, 0, err
	}
	var sess *session
	defer func() {
		if sess != nil {
			sess.close()
		}
	}()
	// A message handed over is marked sent even when shutdown has begun meanwhile: a message sent
	// but not marked would go again after its lease.
	mark, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	for i, m := range batch {
		if ctx.Err() != nil {
			// Shutdown: the rest of the batch goes back at once, for another replica.
			ids := make([]string, 0, len(batch)-i)
			for _, r := range batch[i:] {
				ids = append(ids, r.ID)
			}
			return sent, failed, j.cfg.Outbox.ReleaseNotifications(mark, ids, j.cfg.Now().UTC())
		}
		var serr error
		switch {
		case m.To == "" && m.Kind == KindReporterReply:
			serr = sendError{kind: "the reporter's address could not be opened", permanent: true}
		case m.To == "":
			serr = sendError{kind: "no e-mail address for the recipient in the organisation register", permanent: true}
		default:
			if sess == nil {
				sess, serr = j.cfg.SMTP.dial(ctx)
			}
			if serr == nil {
				var msg []byte
				if msg, serr = compose(j.cfg.From, m, j.cfg.WorkspaceURL, j.cfg.ReporterURL, j.cfg.IncludeReference, j.cfg.Now()); serr == nil {
					serr = sess.send(j.cfg.From, m.To, msg, time.Now().Add(time.Minute))
				}
				if serr != nil {
					// The connection may be in any state: the next message gets a new one.
					sess.close()
					sess = nil
				}
			}
		}
		at := j.cfg.Now().UTC()
		if serr == nil {
			sent++
			if err := j.cfg.Outbox.MarkNotificationSent(mark, m.ID, at); err != nil {
				// Sent, but not marked: after the lease it goes again, with the same
				// Message-ID, which the mail system recognises.
				return sent, failed, err
			}
			continue
		}
		failed++
		var next time.Time
		var se sendError
		permanent := errors.As(serr, &se) && se.Permanent()
		if !permanent && m.Attempts < j.cfg.MaxAttempts {
			next = at.Add(j.backoff(m.Attempts))
		}
		if err := j.cfg.Outbox.MarkNotificationFailed(mark, m.ID, serr.Error(), next, at); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

// Run sends what is due at start and then every interval until ctx ends; a full batch is
// followed at once by the next.
func (j *Job) Run(ctx context.Context) error {
	t := time.NewTicker(j.cfg.Every)
	defer t.Stop()
	var digestDay string
	var pruned time.Time
	for {
		if now := j.cfg.Now(); now.Sub(pruned) >= time.Hour {
			if n, err := j.cfg.Outbox.PruneNotifications(ctx, now.Add(-KeepSent), now.Add(-KeepFailed)); err == nil {
				pruned = now
				if n > 0 {
					j.cfg.Log.Info("notifications past their keeping time deleted", "count", n)
				}
			}
		}
		if d := j.cfg.Digest; d != nil {
			if day, due := d.due(j.cfg.Now(), digestDay); due {
				start := time.Now()
				people, queued, err := d.RunDigest(ctx, j.cfg.Now())
				switch {
				case err == nil:
					digestDay = day
					j.cfg.Log.Info("daily digest of deadlines queued", "people", people, "queued", queued, "took", time.Since(start).Round(time.Millisecond).String())
				case ctx.Err() != nil:
				case j.cfg.Unavailable(err):
					j.cfg.Log.Warn("daily digest not queued: the database is unavailable; it is tried again")
				default:
					j.cfg.Log.Error("daily digest failed; it is tried again", "error", err.Error())
				}
			}
		}
		sent, failed, err := j.RunOnce(ctx)
		switch {
		case err == nil || ctx.Err() != nil:
		case j.cfg.Unavailable(err):
			j.cfg.Log.Warn("notifications not sent: the database is unavailable; the job tries again at the next interval")
		default:
			j.cfg.Log.Error("notification job failed; it tries again at the next interval", "error", err.Error())
		}
		if failed > 0 {
			j.cfg.Log.Warn("notifications could not be sent; they are retried", "failed", failed, "sent", sent)
		}
		if err == nil && sent+failed == j.cfg.Batch {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
