package store

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
)

func auditActorKind(k audit.ActorKind) auditevent.ActorKind { return auditevent.ActorKind(k) }

// trailOrder is the order trails are shown in: by time, then id (a reporter's events are timed to
// the hour only, so this is not always the order they were written in; the seals' links are).
func trailOrder(q *ent.AuditEventQuery) *ent.AuditEventQuery {
	return q.Order(ent.Asc(auditevent.FieldAt), ent.Asc(auditevent.FieldID))
}

func splitFields(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func toAuditRecord(r *ent.AuditEvent) audit.Record {
	return audit.Record{
		ID: r.ID,
		Event: audit.Event{
			At: r.At.UTC(), Actor: audit.Actor{Kind: audit.ActorKind(r.ActorKind), ID: r.ActorID},
			Action: r.Action, CaseID: r.CaseID, Fields: splitFields(r.Fields), RequestID: r.RequestID,
		},
		PrevMAC: derefBytes(r.PrevMAC),
		MAC:     derefBytes(r.MAC),
	}
}

func toAuditRecords(rows []*ent.AuditEvent) []audit.Record {
	out := make([]audit.Record, len(rows))
	for i, row := range rows {
		out[i] = toAuditRecord(row)
	}
	return out
}

// AuditTrail returns the audit events of a case, oldest first (for auditors and tests).
func (s *Store) AuditTrail(ctx context.Context, caseID uuid.UUID) ([]audit.Event, error) {
	rows, err := trailOrder(s.client.AuditEvent.Query().Where(auditevent.CaseID(caseID))).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]audit.Event, len(rows))
	for i, r := range rows {
		out[i] = toAuditRecord(r).Event
	}
	return out, nil
}

// AuditTrailByReference returns the audit events of the case with this reference, or nil when
// there is no such case.
func (s *Store) AuditTrailByReference(ctx context.Context, ref string) ([]audit.Event, error) {
	id, ok, err := s.AuditTrails().CaseIDByReference(ctx, ref)
	if err != nil || !ok {
		return nil, err
	}
	evs, err := s.AuditTrail(ctx, id)
	if evs == nil && err == nil {
		evs = []audit.Event{}
	}
	return evs, err
}

// AuditTrails implements audittrail.Repository.
type AuditTrails struct{ s *Store }

var _ audittrail.Repository = (*AuditTrails)(nil)

// AuditTrails returns the auditor's repository.
func (s *Store) AuditTrails() *AuditTrails { return &AuditTrails{s: s} }

// CaseIDByReference implements audittrail.Repository. The organisation trail's reference
// (audit.OrgTrailReference) names the organisation trail.
func (r *AuditTrails) CaseIDByReference(ctx context.Context, ref string) (uuid.UUID, bool, error) {
	if ref == audit.OrgTrailReference {
		return audit.OrgTrailID, true, nil
	}
	id, err := r.s.client.CaseFile.Query().Where(casefile.Reference(ref)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return uuid.Nil, false, nil
	}
	return id, err == nil, err
}

// AuditEvents implements audittrail.Repository.
func (r *AuditTrails) AuditEvents(ctx context.Context, caseID uuid.UUID, offset, limit int, ev audit.Event) ([]audit.Record, int, error) {
	var (
		out   []audit.Record
		total int
	)
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		q := tx.AuditEvent.Query().Where(auditevent.CaseID(caseID))
		var err error
		if total, err = q.Clone().Count(ctx); err != nil {
			return err
		}
		rows, err := trailOrder(q).Offset(offset).Limit(limit).All(ctx)
		if err != nil {
			return err
		}
		out = toAuditRecords(rows)
		return r.s.writeAudit(ctx, tx, ev)
	})
	return out, total, err
}

// AuditRecords implements audittrail.Repository: the trail and its head as found, read together (the head held first, so that no event slips in between), then ev.
func (r *AuditTrails) AuditRecords(ctx context.Context, caseID uuid.UUID, ev audit.Event) ([]audit.Record, audit.Head, error) {
	var (
		out  []audit.Record
		head audit.Head
	)
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if r.s.seal != nil {
			var err error
			if _, head, _, err = r.s.lockAuditHead(ctx, tx, caseID); err != nil {
				return err
			}
		}
		rows, err := trailOrder(tx.AuditEvent.Query().Where(auditevent.CaseID(caseID))).All(ctx)
		if err != nil {
			return err
		}
		out = toAuditRecords(rows)
		return r.s.writeAudit(ctx, tx, ev)
	})
	return out, head, err
}
