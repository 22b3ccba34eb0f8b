package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/internal/audit"
)

// The audit events of reads (a precedent lookup, a listing) are the only write those calls make.
// Written one transaction each, concurrent reads queue behind the database's writer — on SQLite
// one writer for the whole file, each commit a sync of the log — and that queue was most of a
// lookup's time under load. Instead a writer goroutine of the store (one on SQLite, see
// auditWriters) writes them in group commits: it takes every event queued while the previous
// transaction ran and writes them in one transaction, then answers each caller. A caller still returns only once its own event is committed, or fails with
// the error that kept it from being written: no read is answered unaudited.

// auditWriters is how many transactions of such events run at once: one on SQLite, which has one
// writer anyway; a few on PostgreSQL, which commits concurrent transactions together itself, so
// that an event does not wait for the transaction before it unless the load is high.
func auditWriters(d string) int {
	if d == dialect.Postgres {
		return 4
	}
	return 1
}

// auditBatchMax bounds the events of one transaction.
const auditBatchMax = 128

// auditBatchTimeout bounds one transaction of the writer (callers wait on their own context).
const auditBatchTimeout = 30 * time.Second

// errStoreClosed answers events queued when the store is closed.
var errStoreClosed = errors.New("store closed: audit event not written")

type auditReq struct {
	ctx  context.Context
	ev   audit.Event
	done chan error // buffered: the writer never waits for a caller that gave up
}

type auditQueue struct {
	reqs    chan auditReq
	stop    chan struct{}
	stopped chan struct{}
}

// auditGrouped writes ev with the events other callers queued at the same time, in one
// transaction, and returns once it is committed (or could not be).
func (s *Store) auditGrouped(ctx context.Context, ev audit.Event) error {
	if err := checkAudit(ev); err != nil {
		return err
	}
	q := s.auditWriter()
	if q == nil { // closed before any was written
		return errStoreClosed
	}
	r := auditReq{ctx: ctx, ev: ev, done: make(chan error, 1)}
	select {
	case q.reqs <- r:
	case <-q.stopped:
		return errStoreClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-r.done:
		return err
	case <-q.stopped: // closed meanwhile: answered by a writer on its way out, or never written
		select {
		case err := <-r.done:
			return err
		default:
			return errStoreClosed
		}
	case <-ctx.Done():
		// The event may still be written; the call fails all the same (audited, not answered).
		return ctx.Err()
	}
}

// auditWriter starts the store's audit writer on first use (nil once the store is closed).
func (s *Store) auditWriter() *auditQueue {
	s.auditOnce.Do(func() {
		q := &auditQueue{reqs: make(chan auditReq, 1024), stop: make(chan struct{}), stopped: make(chan struct{})}
		s.auditQ = q
		var wg sync.WaitGroup
		for range auditWriters(s.dialect) {
			wg.Go(func() { s.runAuditWriter(q) })
		}
		go func() { wg.Wait(); close(q.stopped) }()
	})
	return s.auditQ
}

// stopAuditWriter ends the writer after the transaction it is in; events still queued fail.
func (s *Store) stopAuditWriter() {
	s.auditOnce.Do(func() {}) // none started: none will be
	if s.auditQ == nil {
		return
	}
	s.auditStop.Do(func() { close(s.auditQ.stop) })
	<-s.auditQ.stopped
}

func (s *Store) runAuditWriter(q *auditQueue) {
	for {
		select {
		case <-q.stop:
			for {
				select {
				case r := <-q.reqs:
					r.done <- errStoreClosed
				default:
					return
				}
			}
		case r := <-q.reqs:
			batch := []auditReq{r}
		more:
			for len(batch) < auditBatchMax {
				select {
				case r := <-q.reqs:
					batch = append(batch, r)
				default:
					break more
				}
			}
			s.writeAuditBatch(batch)
		}
	}
}

// writeAuditBatch writes the events of batch in one transaction and answers their callers. When
// the transaction fails, each event is tried on its own, so that one event that cannot be written
// fails its own call only.
func (s *Store) writeAuditBatch(batch []auditReq) {
	live := batch[:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil { // the caller is gone: no answer to audit
			r.done <- err
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	// Events of a case are chained on its head, locked until commit: taken in case order (and
	// in queue order within a case), so that writers of several replicas cannot deadlock.
	slices.SortStableFunc(live, func(a, b auditReq) int {
		switch {
		case a.ev.CaseID == nil && b.ev.CaseID == nil:
			return 0
		case a.ev.CaseID == nil:
			return -1
		case b.ev.CaseID == nil:
			return 1
		}
		return bytes.Compare(a.ev.CaseID[:], b.ev.CaseID[:])
	})
	err := s.writeAuditEvents(live)
	if err != nil && len(live) > 1 {
		for _, r := range live {
			r.done <- s.writeAuditEvents([]auditReq{r})
		}
		return
	}
	for _, r := range live {
		r.done <- err
	}
}

// writeAuditEvents writes the events at once: those without a chain (no sealer, or no case) in
// one statement, those of a case each linked to the one before (writeAudit), all in one
// transaction — or, when none is chained, the one statement alone (atomic by itself).
func (s *Store) writeAuditEvents(reqs []auditReq) error {
	ctx, cancel := context.WithTimeout(context.Background(), auditBatchTimeout)
	defer cancel()
	chained := func(ev audit.Event) bool { return s.seal != nil && ev.CaseID != nil }
	loose := func(c *ent.AuditEventClient) error {
		var creates []*ent.AuditEventCreate
		for _, r := range reqs {
			if !chained(r.ev) {
				rec := audit.Record{ID: uuid.New(), Event: r.ev}
				rec.At = audit.StoredTime(r.ev.At)
				creates = append(creates, s.auditCreate(c, rec))
			}
		}
		if len(creates) == 0 {
			return nil
		}
		return c.CreateBulk(creates...).Exec(ctx)
	}
	if !slices.ContainsFunc(reqs, func(r auditReq) bool { return chained(r.ev) }) {
		return loose(s.client.AuditEvent)
	}
	return s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := loose(tx.AuditEvent); err != nil {
			return err
		}
		for _, r := range reqs {
			if chained(r.ev) {
				if err := s.writeAudit(ctx, tx, r.ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// auditWriterState is the part of Store the writer keeps.
type auditWriterState struct {
	auditOnce sync.Once
	auditStop sync.Once
	auditQ    *auditQueue
}
