package store

import (
	"context"
	stdsql "database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/ent/audithead"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/investigationmember"
	"github.com/utrecht/meldpunt/ent/message"
	"github.com/utrecht/meldpunt/ent/notification"
	"github.com/utrecht/meldpunt/ent/report"
	"github.com/utrecht/meldpunt/ent/reporteridentity"
	"github.com/utrecht/meldpunt/ent/reportersession"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
)

// Cases implements cases.Repository.
type Cases struct{ s *Store }

var _ cases.Repository = (*Cases)(nil)

// Cases returns the case repository.
func (s *Store) Cases() *Cases { return &Cases{s: s} }

// InTx runs fn as one unit of work (cases.UnitOfWork; see Store.InTx).
func (r *Cases) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return r.s.InTx(ctx, fn)
}

// checkAudit refuses an event that would not say who did what.
func checkAudit(ev audit.Event) error {
	if ev.Action == "" || ev.Actor.Kind == "" {
		return errors.New("audit event without action or actor")
	}
	return nil
}

// writeAudit adds ev to the transaction, sealed when the store has a sealer: chained to the
// case's latest event as its head (audit_heads) records it, and the head moved on. Every audit
// event goes through it except those that need no predecessor and seal theirs directly
// (sealRecord): a case's first event (writeFirstAudit, the filing on PostgreSQL in one statement,
// the demo seeding) and a precedent lookup without a case.
func (s *Store) writeAudit(ctx context.Context, tx *ent.Tx, ev audit.Event) error {
	if err := checkAudit(ev); err != nil {
		return err
	}
	rec := audit.Record{ID: uuid.New(), Event: ev}
	rec.At = audit.StoredTime(ev.At)
	if s.seal == nil || ev.CaseID == nil {
		return s.auditCreate(tx.AuditEvent, rec).Exec(ctx)
	}
	prev, _, restart, err := s.lockAuditHead(ctx, tx, *ev.CaseID)
	if err != nil {
		return err
	}
	if restart {
		rec.Fields = append(slices.Clone(rec.Fields), audit.HeadMissingField)
	}
	rec.PrevMAC = prev
	s.sealRecord(&rec)
	if err := s.auditCreate(tx.AuditEvent, rec).Exec(ctx); err != nil {
		return err
	}
	return tx.AuditHead.UpdateOneID(*ev.CaseID).SetMAC(rec.MAC).Exec(ctx)
}

// writeFirstAudit writes the first event of a new case (created in this transaction) and its
// head: the event links to nothing, and the head names it.
func (s *Store) writeFirstAudit(ctx context.Context, tx *ent.Tx, ev audit.Event) error {
	if err := checkAudit(ev); err != nil {
		return err
	}
	rec := audit.Record{ID: uuid.New(), Event: ev}
	rec.At = audit.StoredTime(ev.At)
	s.sealRecord(&rec)
	if err := s.auditCreate(tx.AuditEvent, rec).Exec(ctx); err != nil {
		return err
	}
	if s.seal == nil || ev.CaseID == nil {
		return nil
	}
	return tx.AuditHead.Create().SetID(*ev.CaseID).SetMAC(rec.MAC).Exec(ctx)
}

// lockAuditHead returns the seal of the case's latest event and holds its head for this
// transaction (PostgreSQL: the row locked until commit; SQLite: write transactions are serial
// anyway), so that no two events ever link to the same one. found is the head as it was.
//
// Every case gets its head with its first event, so a head that is missing or holds no seal was
// removed or emptied — with, perhaps, the latest events it named. The trail is then not trusted
// for a link: prev is nil and restart true, and the caller marks its event (HeadMissingField), so
// that the removal stays visible in a sealed event. The one exception is a case whose events were
// all written before sealing existed (none sealed, some unsealed): its first sealed event starts
// the line.
func (s *Store) lockAuditHead(ctx context.Context, tx *ent.Tx, caseID uuid.UUID) (prev []byte, found audit.Head, restart bool, err error) {
	lock := func() (*ent.AuditHead, error) {
		q := tx.AuditHead.Query().Where(audithead.ID(caseID))
		if s.dialect == dialect.Postgres {
			q = q.ForUpdate()
		}
		return q.Only(ctx)
	}
	h, err := lock()
	if ent.IsNotFound(err) {
		insert := "INSERT INTO audit_heads (id, mac) VALUES (?, NULL) ON CONFLICT (id) DO NOTHING"
		if s.dialect == dialect.Postgres {
			insert = "INSERT INTO audit_heads (id, mac) VALUES ($1, NULL) ON CONFLICT (id) DO NOTHING"
		}
		if _, err := tx.ExecContext(ctx, insert, caseID); err != nil {
			return nil, found, false, err
		}
		if h, err = lock(); err != nil { // a writer that made it first may have moved it on since
			return nil, found, false, err
		}
	} else if err != nil {
		return nil, found, false, err
	} else {
		found.Recorded = true
	}
	if h.MAC != nil && len(*h.MAC) > 0 {
		if found.Recorded {
			found.MAC = *h.MAC
		}
		return *h.MAC, found, false, nil
	}
	q := tx.AuditEvent.Query().Where(auditevent.CaseID(caseID))
	sealed, err := q.Clone().Where(auditevent.MACNotNil()).Exist(ctx)
	if err != nil {
		return nil, found, false, err
	}
	if !sealed {
		legacy, err := q.Exist(ctx)
		if err != nil {
			return nil, found, false, err
		}
		if legacy {
			return nil, found, false, nil
		}
		if caseID == audit.OrgTrailID {
			// The organisation trail has no filing: its first event (a refusal, or the auditor
			// verifying it) starts it. Its removal as a whole is found against a checkpoint.
			return nil, found, false, nil
		}
	}
	return nil, found, true, nil
}

// AuditHeadMAC returns the seal the case's latest event must have (nil when none is recorded).
func (s *Store) AuditHeadMAC(ctx context.Context, caseID uuid.UUID) ([]byte, error) {
	h, err := s.client.AuditHead.Get(ctx, caseID)
	if ent.IsNotFound(err) || (err == nil && h.MAC == nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return *h.MAC, nil
}

// sealRecord sets rec's seal over its content and rec.PrevMAC (nothing without a sealer).
func (s *Store) sealRecord(rec *audit.Record) {
	if s.seal == nil {
		rec.PrevMAC, rec.MAC = nil, nil
		return
	}
	rec.MAC = s.seal(rec.Canonical())
}

// auditCreate seals rec and returns its insert.
func (s *Store) auditCreate(c *ent.AuditEventClient, rec audit.Record) *ent.AuditEventCreate {
	s.sealRecord(&rec)
	q := c.Create().
		SetID(rec.ID).
		SetAt(rec.At).
		SetActorKind(auditActorKind(rec.Actor.Kind)).
		SetActorID(rec.Actor.ID).
		SetAction(rec.Action).
		SetNillableCaseID(rec.CaseID).
		SetFields(strings.Join(rec.Fields, ",")).
		SetRequestID(rec.RequestID)
	if len(rec.PrevMAC) > 0 {
		q.SetPrevMAC(rec.PrevMAC)
	}
	if rec.MAC != nil {
		q.SetMAC(rec.MAC)
	}
	return q
}

// CreateCase inserts the case, its report, its identity (if any) and the audit event at once.
func (r *Cases) CreateCase(ctx context.Context, rec cases.NewCaseRecord, ev audit.Event) error {
	if r.s.dialect == dialect.Postgres && len(rec.SubjectIDs) == 0 {
		return r.createCasePostgres(ctx, rec, ev)
	}
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		c := tx.CaseFile.Create().
			SetID(rec.ID).
			SetReference(rec.Reference).
			SetStatus(casefile.Status(rec.Status)).
			SetCategory(string(rec.Category)).
			SetChannel(string(rec.Channel)).
			SetAnonymity(casefile.Anonymity(rec.Anonymity)).
			SetReceivedAt(rec.ReceivedAt).
			SetAckDueAt(rec.AckDueAt).
			SetWrappedKey(rec.WrappedKey).
			SetReceiptLookup(rec.ReceiptLookup).
			SetIdempotencyLookup(rec.IdempotencyLookup).
			SetRequestFingerprint(rec.RequestFingerprint).
			SetReplaySealed(rec.ReplaySealed).
			SetReplayUntil(rec.ReplayUntil).
			SetCreatedAt(rec.ReceivedAt).
			SetUpdatedAt(rec.ReceivedAt).
			SetNillableAdviserID(rec.AdviserID).
			SetNillableUnitID(rec.UnitID).
			SetNillableAcknowledgedAt(rec.AcknowledgedAt).
			SetNillableFeedbackDueAt(rec.FeedbackDueAt).
			SetNillableEscalatedAt(rec.EscalatedAt).
			SetNillableWeighingDueAt(rec.WeighingDueAt).
			SetPseudonymous(rec.Pseudonymous).
			SetReporterNotifySealed(rec.NotifySealed).
			// DO NOTHING instead of a unique-violation error: PostgreSQL would log such an error
			// with the conflicting key value and a time stamp, pointing at one case at one moment.
			OnConflict(entsql.DoNothing())
		if err := c.Exec(ctx); isNoRows(err) {
			return errNothingInserted
		} else if err != nil {
			return err
		}
		if err := tx.Report.Create().SetCaseID(rec.ID).SetContentSealed(rec.ReportSealed).SetCreatedAt(rec.ReceivedAt).Exec(ctx); err != nil {
			return err
		}
		if err := insertGrounds(ctx, tx, rec.ID, rec.Grounds); err != nil {
			return err
		}
		for _, id := range rec.SubjectIDs {
			if err := tx.CaseSubject.Create().SetCaseID(rec.ID).SetEmployeeID(id).SetLinkedBy(rec.LinkedBy).
				SetLinkedAt(rec.ReceivedAt).Exec(ctx); err != nil {
				return err
			}
		}
		if rec.IdentitySealed != nil {
			if err := tx.ReporterIdentity.Create().SetCaseID(rec.ID).SetIdentitySealed(rec.IdentitySealed).SetCreatedAt(rec.ReceivedAt).Exec(ctx); err != nil {
				return err
			}
		}
		if rec.AdviserID != nil {
			adv, err := tx.Adviser.Get(ctx, *rec.AdviserID)
			if err != nil {
				return err
			}
			if adv.StaffSubject != ev.Actor.ID {
				if err := r.s.notifyCase(ctx, tx, notify.KindCaseAssigned, rec.ID, adv.StaffSubject); err != nil {
					return err
				}
			}
		}
		return r.s.writeFirstAudit(ctx, tx, ev)
	})
	if errors.Is(err, errNothingInserted) {
		return r.conflict(ctx, rec.IdempotencyLookup)
	}
	return err
}

var errNothingInserted = errors.New("nothing inserted")

// isNoRows reports an ON CONFLICT DO NOTHING insert that inserted nothing.
func isNoRows(err error) bool { return errors.Is(err, stdsql.ErrNoRows) }

// conflict tells why a case insert that conflicted inserted nothing: its idempotency key is
// taken (a retry), or else its random reference (try another).
func (r *Cases) conflict(ctx context.Context, idemLookup []byte) error {
	taken, err := r.s.client.CaseFile.Query().Where(casefile.IdempotencyLookup(idemLookup)).Exist(ctx)
	if err != nil {
		return err
	}
	if taken {
		return cases.ErrIdempotencyTaken
	}
	return cases.ErrReferenceTaken
}

func toRecord(c *ent.CaseFile) *cases.CaseRecord {
	return &cases.CaseRecord{
		Summary:            toSummary(c),
		ContentDestroyedAt: utcPtr(c.ContentDestroyedAt),
		WrappedKey:         c.WrappedKey,
		RequestFingerprint: derefBytes(c.RequestFingerprint),
		ReplaySealed:       derefBytes(c.ReplaySealed),
		ReplayUntil:        c.ReplayUntil,
		NotifySealed:       derefBytes(c.ReporterNotifySealed),
	}
}

func derefBytes(b *[]byte) []byte {
	if b == nil {
		return nil
	}
	return *b
}

func toSummary(c *ent.CaseFile) cases.Summary {
	return cases.Summary{
		ID:             c.ID,
		Reference:      c.Reference,
		Status:         cases.Status(c.Status),
		Category:       cases.Category(c.Category),
		Anonymity:      cases.Anonymity(c.Anonymity),
		Channel:        cases.Channel(c.Channel),
		ReceivedAt:     c.ReceivedAt.UTC(),
		AckDueAt:       c.AckDueAt.UTC(),
		AcknowledgedAt: utcPtr(c.AcknowledgedAt),
		FeedbackDueAt:  utcPtr(c.FeedbackDueAt),
		AdviserID:      c.AdviserID,
		AdviserName:    adviserName(c),
		UnitID:         c.UnitID,
		EscalatedAt:    utcPtr(c.EscalatedAt),
		WeighingDueAt:  utcPtr(c.WeighingDueAt),
		WeighedAt:      utcPtr(c.WeighedAt),
		Pseudonymous:   c.Pseudonymous,
		Outcome:        c.Outcome,
		RuleSetVersion: c.RuleSetVersion,
		Version:        c.Version,
	}
}

func adviserName(c *ent.CaseFile) string {
	if c.Edges.Adviser != nil {
		return c.Edges.Adviser.Name
	}
	return ""
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (r *Cases) one(ctx context.Context, q *ent.CaseFileQuery) (*cases.CaseRecord, error) {
	c, err := q.WithAdviser().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return toRecord(c), nil
}

// CaseByIdempotency finds a case by the keyed hash of its idempotency key.
func (r *Cases) CaseByIdempotency(ctx context.Context, lookup []byte) (*cases.CaseRecord, error) {
	return r.one(ctx, r.s.client.CaseFile.Query().Where(casefile.IdempotencyLookup(lookup)))
}

// CaseByReceipt finds a case by the keyed hash of its receipt code.
func (r *Cases) CaseByReceipt(ctx context.Context, lookup []byte) (*cases.CaseRecord, error) {
	return r.one(ctx, r.s.client.CaseFile.Query().Where(casefile.ReceiptLookup(lookup)))
}

// CaseByID finds a case by id.
func (r *Cases) CaseByID(ctx context.Context, id uuid.UUID) (*cases.CaseRecord, error) {
	return r.one(ctx, r.s.client.CaseFile.Query().Where(casefile.ID(id)))
}

// CaseByReference finds a case by its reference.
func (r *Cases) CaseByReference(ctx context.Context, ref string) (*cases.CaseRecord, error) {
	return r.one(ctx, r.s.client.CaseFile.Query().Where(casefile.Reference(ref)))
}

// ListCases lists cases newest first, with keyset pagination.
func (r *Cases) ListCases(ctx context.Context, f cases.ListFilter) ([]cases.Summary, error) {
	q := r.s.client.CaseFile.Query()
	if f.Status != "" {
		q = q.Where(casefile.StatusEQ(casefile.Status(f.Status)))
	}
	if f.Channel != "" {
		q = q.Where(casefile.Channel(string(f.Channel)))
	}
	if f.AdviserID != nil {
		q = q.Where(casefile.AdviserID(*f.AdviserID))
	}
	if f.InvestigatorSubject != "" {
		q = q.Where(casefile.HasInvestigatorsWith(investigationmember.StaffSubject(f.InvestigatorSubject)))
	}
	if f.EscalatedOnly {
		q = q.Where(casefile.UnitIDIn(f.UnitIDs...), casefile.EscalatedAtNotNil())
	}
	if f.ExcludeConflictsOf != "" {
		ids, err := r.s.conflictedCaseIDs(ctx, f.ExcludeConflictsOf)
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			q = q.Where(casefile.IDNotIn(ids...))
		}
	}
	if f.DueBy != nil {
		q = q.Where(casefile.StatusNEQ(casefile.StatusCLOSED), casefile.Or(
			casefile.And(casefile.AcknowledgedAtIsNil(), casefile.AckDueAtLTE(*f.DueBy)),
			casefile.And(casefile.FeedbackDueAtNotNil(), casefile.FeedbackDueAtLTE(*f.DueBy)),
			casefile.And(casefile.StatusEQ(casefile.StatusWEIGHING), casefile.WeighingDueAtLTE(*f.DueBy)),
		))
	}
	if f.AfterReceivedAt != nil {
		q = q.Where(casefile.Or(
			casefile.ReceivedAtLT(*f.AfterReceivedAt),
			casefile.And(casefile.ReceivedAtEQ(*f.AfterReceivedAt), casefile.IDLT(f.AfterID)),
		))
	}
	rows, err := q.WithAdviser().Order(ent.Desc(casefile.FieldReceivedAt), ent.Desc(casefile.FieldID)).Limit(f.Limit).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]cases.Summary, len(rows))
	for i, c := range rows {
		out[i] = toSummary(c)
	}
	return out, nil
}

// ReadContent reads the sealed report (and identity) and records the read.
func (r *Cases) ReadContent(ctx context.Context, caseID uuid.UUID, withIdentity bool) (rep, ident []byte, err error) {
	err = r.s.WithTx(ctx, func(tx *ent.Tx) error {
		rp, err := tx.Report.Query().Where(report.CaseID(caseID)).Only(ctx)
		if err != nil {
			return err
		}
		rep = rp.ContentSealed
		if withIdentity {
			id, err := tx.ReporterIdentity.Query().Where(reporteridentity.CaseID(caseID)).Only(ctx)
			if err != nil && !ent.IsNotFound(err) {
				return err
			}
			if id != nil {
				ident = id.IdentitySealed
			}
		}
		return nil
	})
	return rep, ident, err
}

// CreateSession stores a reporter session and clears the case's retry data.
func (r *Cases) CreateSession(ctx context.Context, caseID uuid.UUID, tokenHash []byte, expires, now time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.ReporterSession.Create().SetCaseID(caseID).SetTokenHash(tokenHash).SetExpiresAt(expires).Exec(ctx); err != nil {
			return err
		}
		// Expired sessions are of no use to anyone, and each one records when someone logged in.
		if _, err := tx.ReporterSession.Delete().Where(reportersession.ExpiresAtLT(now)).Exec(ctx); err != nil {
			return err
		}
		if err := tx.CaseFile.UpdateOneID(caseID).ClearReplaySealed().ClearReplayUntil().Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// SessionCase returns the case of a live session, or uuid.Nil.
func (r *Cases) SessionCase(ctx context.Context, tokenHash []byte, now time.Time) (uuid.UUID, error) {
	s, err := r.s.client.ReporterSession.Query().
		Where(reportersession.TokenHash(tokenHash), reportersession.ExpiresAtGT(now)).Only(ctx)
	if ent.IsNotFound(err) {
		return uuid.Nil, nil
	}
	if err != nil {
		return uuid.Nil, err
	}
	return s.CaseID, nil
}

// DeleteSession ends a session.
func (r *Cases) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.ReporterSession.Delete().Where(reportersession.TokenHash(tokenHash)).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// Acknowledge records the acknowledgement if the case is still at the version read.
func (r *Cases) Acknowledge(ctx context.Context, a cases.Acknowledgement) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(a.CaseID), casefile.Version(a.Version), casefile.AcknowledgedAtIsNil()).
			SetStatus(casefile.Status(a.NewStatus)).
			SetAcknowledgedAt(a.At).
			SetAcknowledgedBy(a.By).
			SetFeedbackDueAt(a.FeedbackDueAt).
			SetUpdatedAt(a.At)); err != nil {
			return err
		}
		if a.Message != nil {
			if err := createMessage(ctx, tx, *a.Message); err != nil {
				return err
			}
		}
		// The acknowledgement is what the reporter waits for first: one "there is a reply",
		// with or without a message.
		if err := r.s.notifyReporter(ctx, tx, a.CaseID); err != nil {
			return err
		}
		return nil
	})
}

func createMessage(ctx context.Context, tx *ent.Tx, m cases.MessageRecord) error {
	return tx.Message.Create().
		SetID(m.ID).
		SetCaseID(m.CaseID).
		SetAuthor(message.Author(m.Author)).
		SetAuthorSubject(m.AuthorSubject).
		SetBodySealed(m.BodySealed).
		SetSentAt(m.SentAt).
		Exec(ctx)
}

// AddMessage stores a message.
func (r *Cases) AddMessage(ctx context.Context, m cases.MessageRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := createMessage(ctx, tx, m); err != nil {
			return err
		}
		if m.Author == cases.AuthorReporter {
			if err := r.s.notifyFollowers(ctx, tx, notify.KindReporterMessage, m.CaseID, ""); err != nil {
				return err
			}
		} else if err := r.s.notifyReporter(ctx, tx, m.CaseID); err != nil {
			return err
		}
		return nil
	})
}

// SetReporterNotify stores the reporter's sealed address for "there is a reply", or removes it
// (nil) together with every such message not yet sent.
func (r *Cases) SetReporterNotify(ctx context.Context, caseID uuid.UUID, sealed []byte) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		u := tx.CaseFile.Update().Where(casefile.ID(caseID), casefile.ContentDestroyedAtIsNil())
		if sealed == nil {
			u = u.ClearReporterNotifySealed()
			if _, err := tx.Notification.Delete().Where(notification.CaseID(caseID), notification.SentAtIsNil()).Exec(ctx); err != nil {
				return err
			}
		} else {
			u = u.SetReporterNotifySealed(sealed)
		}
		n, err := u.Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errCaseDestroyed
		}
		return nil
	})
}

// Messages lists a case's messages, oldest first, and records the read.
func (r *Cases) Messages(ctx context.Context, caseID uuid.UUID) ([]cases.MessageRecord, error) {
	var out []cases.MessageRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.Message.Query().Where(message.CaseID(caseID)).
			Order(ent.Asc(message.FieldSentAt), ent.Asc(message.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		out = make([]cases.MessageRecord, len(rows))
		for i, m := range rows {
			out[i] = cases.MessageRecord{
				ID: m.ID, CaseID: m.CaseID, Author: cases.Author(m.Author), AuthorSubject: m.AuthorSubject,
				BodySealed: m.BodySealed, SentAt: m.SentAt.UTC(),
			}
		}
		return nil
	})
	return out, err
}
