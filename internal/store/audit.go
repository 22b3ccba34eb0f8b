package store

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/internal/audit"
)

func auditActorKind(k audit.ActorKind) auditevent.ActorKind { return auditevent.ActorKind(k) }

// AuditTrail returns the audit events of a case, oldest first (for auditors and tests).
func (s *Store) AuditTrail(ctx context.Context, caseID uuid.UUID) ([]audit.Event, error) {
	rows, err := s.client.AuditEvent.Query().Where(auditevent.CaseID(caseID)).
		Order(ent.Asc(auditevent.FieldAt), ent.Asc(auditevent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]audit.Event, len(rows))
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	for i, r := range rows {
		out[i] = audit.Event{
			At: r.At.UTC(), Actor: audit.Actor{Kind: audit.ActorKind(r.ActorKind), ID: r.ActorID},
			Action: r.Action, CaseID: r.CaseID, Fields: split(r.Fields), RequestID: r.RequestID,
		}
	}
	return out, nil
}

// AuditTrailByReference returns the audit events of the case with this reference, or nil when
// there is no such case.
func (s *Store) AuditTrailByReference(ctx context.Context, ref string) ([]audit.Event, error) {
	id, err := s.client.CaseFile.Query().Where(casefile.Reference(ref)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	evs, err := s.AuditTrail(ctx, id)
	if evs == nil && err == nil {
		evs = []audit.Event{}
	}
	return evs, err
}
