package store

import (
	"context"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/conversation"
	"github.com/utrecht/meldpunt/ent/evidence"
	"github.com/utrecht/meldpunt/ent/interview"
	"github.com/utrecht/meldpunt/ent/message"
	"github.com/utrecht/meldpunt/ent/notification"
	"github.com/utrecht/meldpunt/ent/precedentdraft"
	"github.com/utrecht/meldpunt/ent/report"
	"github.com/utrecht/meldpunt/ent/reporteridentity"
	"github.com/utrecht/meldpunt/ent/reportersession"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/retention"
)

// retentionLockKey is the PostgreSQL advisory lock that makes the retention job run on one
// replica at a time ("MLDPRET" in ASCII, as a number).
const retentionLockKey = 0x4d4c445052455421

// ErrJobRunningElsewhere means another replica holds the job's lock; this run did nothing.
var ErrJobRunningElsewhere = retention.ErrRunningElsewhere

// DestroyExpiredNotes destroys the conversation notes whose adviser's part of the case ended
// before cutoff (the case closed, the case went to another adviser, or the adviser ended their
// part): the sealed notes are deleted, the conversation rows stay (date, form,
// duration) for the annual report's counts, and each case gets one audit event. It runs in one
// transaction under an advisory lock on PostgreSQL, so that with several replicas exactly one
// does the work and none destroys — or audits — anything twice.
func (s *Store) DestroyExpiredNotes(ctx context.Context, cutoff, now time.Time) (casesDone, notes int, err error) {
	err = s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := s.lockJob(ctx, tx, retentionLockKey); err != nil {
			return err
		}
		due, err := tx.Conversation.Query().
			Where(conversation.NotesDestroyedAtIsNil(), conversation.PartEndedAtLT(cutoff)).
			All(ctx)
		if err != nil || len(due) == 0 {
			return err
		}
		perCase := map[uuid.UUID]int{}
		ids := make([]uuid.UUID, len(due))
		for i, c := range due {
			ids[i] = c.ID
			perCase[c.CaseID]++
		}
		n, err := tx.Conversation.Update().
			Where(conversation.IDIn(ids...), conversation.NotesDestroyedAtIsNil()).
			ClearContentSealed().SetNotesDestroyedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		for caseID := range perCase {
			ev := audit.New(now, audit.Actor{Kind: audit.ActorSystem, ID: "retention"}, audit.ActionDestroyNotes, caseID, "", "conversations")
			if err := s.writeAudit(ctx, tx, ev); err != nil {
				return err
			}
		}
		casesDone, notes = len(perCase), n
		return nil
	})
	return casesDone, notes, err
}

// caseRetentionLockKey is the advisory lock of the case retention job.
const caseRetentionLockKey = 0x4d4c44504341534b

// DestroyExpiredCases crypto-shreds the cases closed before cutoff: the wrapped case key is
// erased, so the sealed report, identity, messages, notes, findings and motivations can never be
// opened again, and the reporter's sessions go, as do their address for "there is a reply" and
// every such message of the case in the outbox. The case rows stay with their metadata (category,
// channel, dates, outcome) for the counts of the annual report. One audit event per case; one
// replica at a time on PostgreSQL (advisory lock).
func (s *Store) DestroyExpiredCases(ctx context.Context, cutoff, now time.Time) (n int, err error) {
	err = s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := s.lockJob(ctx, tx, caseRetentionLockKey); err != nil {
			return err
		}
		// A re-wrap batch of a key rotation updates case rows too: one at a time.
		if err := s.lockRotation(ctx, tx); err != nil {
			return err
		}
		ids, err := tx.CaseFile.Query().
			Where(casefile.ClosedAtLT(cutoff), casefile.ContentDestroyedAtIsNil()).IDs(ctx)
		if err != nil || len(ids) == 0 {
			return err
		}
		if _, err := tx.CaseFile.Update().Where(casefile.IDIn(ids...), casefile.ContentDestroyedAtIsNil()).
			SetWrappedKey([]byte{}).SetContentDestroyedAt(now).ClearReplaySealed().ClearReporterNotifySealed().Save(ctx); err != nil {
			return err
		}
		// The key makes the rest unreadable; the bulk goes as well ("unreadable and gone"): the
		// report, the identity, messages, evidence files and interview minutes. What the counts need
		// stays: the case row, findings, sanction decisions, weighings, conversation rows.
		for _, del := range []func() error{
			func() error {
				_, err := tx.ReporterSession.Delete().Where(reportersession.CaseIDIn(ids...)).Exec(ctx)
				return err
			},
			func() error { _, err := tx.Report.Delete().Where(report.CaseIDIn(ids...)).Exec(ctx); return err },
			func() error {
				_, err := tx.ReporterIdentity.Delete().Where(reporteridentity.CaseIDIn(ids...)).Exec(ctx)
				return err
			},
			func() error { _, err := tx.Message.Delete().Where(message.CaseIDIn(ids...)).Exec(ctx); return err },
			func() error { // the reporter is told nothing more
				_, err := tx.Notification.Delete().Where(notification.CaseIDIn(ids...)).Exec(ctx)
				return err
			},
			func() error { _, err := tx.Evidence.Delete().Where(evidence.CaseIDIn(ids...)).Exec(ctx); return err },
			func() error { _, err := tx.Interview.Delete().Where(interview.CaseIDIn(ids...)).Exec(ctx); return err },
			func() error { // an unpublished precedent draft dies with its case; a published precedent has no link
				_, err := tx.PrecedentDraft.Delete().Where(precedentdraft.CaseIDIn(ids...)).Exec(ctx)
				return err
			},
			func() error {
				return tx.Conversation.Update().Where(conversation.CaseIDIn(ids...), conversation.NotesDestroyedAtIsNil()).
					ClearContentSealed().SetNotesDestroyedAt(now).Exec(ctx)
			},
		} {
			if err := del(); err != nil {
				return err
			}
		}
		for _, id := range ids {
			ev := audit.New(now, audit.Actor{Kind: audit.ActorSystem, ID: "retention"}, audit.ActionDestroyCase, id, "", "case_key")
			if err := s.writeAudit(ctx, tx, ev); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	return n, err
}

// lockJob takes a job's PostgreSQL advisory lock for the transaction, so that with several
// replicas exactly one runs the job; ErrJobRunningElsewhere when another holds it. SQLite has
// one writer at a time anyway.
func (s *Store) lockJob(ctx context.Context, tx *ent.Tx, key int64) error {
	if s.dialect != dialect.Postgres {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT pg_try_advisory_xact_lock($1)", key)
	if err != nil {
		return err
	}
	defer rows.Close()
	var got bool
	if rows.Next() {
		if err := rows.Scan(&got); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !got {
		return ErrJobRunningElsewhere
	}
	return nil
}
