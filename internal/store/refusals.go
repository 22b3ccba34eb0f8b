package store

import (
	"context"
	"regexp"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/auditevent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/internal/audit"
)

// RecordRefusal writes the event of a refused attempt to open a case (audit.RefusedEvent) in its
// own transaction. An event without a case is for the case with reference ref when there is one,
// else for the organisation trail, with the reference among its fields. The event is sealed and
// linked like any other, and coalesced: when the trail already has a refusal of the same actor
// within audit.RefusalWindow before it, nothing is written (the trail's head is held first, so
// that concurrent refusals do not both slip through). It reports whether the event was written.
func (s *Store) RecordRefusal(ctx context.Context, ref string, ev audit.Event) (bool, error) {
	if err := checkAudit(ev); err != nil || ev.Action != audit.ActionRefused {
		return false, err
	}
	if !referencePattern.MatchString(ref) {
		ref = "" // not a reference (a refusal by role comes before validation): not kept
	}
	written := false
	err := s.WithTx(ctx, func(tx *ent.Tx) error {
		if ev.CaseID == nil && ref != "" && ref != audit.OrgTrailReference {
			id, err := tx.CaseFile.Query().Where(casefile.Reference(ref)).OnlyID(ctx)
			switch {
			case err == nil:
				ev.CaseID = &id
			case !ent.IsNotFound(err):
				return err
			}
		}
		if ev.CaseID == nil {
			id := audit.OrgTrailID
			ev.CaseID = &id
			if ref != "" {
				ev.Fields = append(ev.Fields, "ref="+ref)
			}
		}
		if s.seal != nil {
			if _, _, _, err := s.lockAuditHead(ctx, tx, *ev.CaseID); err != nil {
				return err
			}
		}
		seen, err := tx.AuditEvent.Query().Where(
			auditevent.CaseID(*ev.CaseID),
			auditevent.ActorID(ev.Actor.ID),
			auditevent.Action(audit.ActionRefused),
			auditevent.AtGT(audit.StoredTime(ev.At.Add(-audit.RefusalWindow))),
		).Exist(ctx)
		if err != nil || seen {
			return err
		}
		written = true
		return s.writeAudit(ctx, tx, ev)
	})
	return written && err == nil, err
}

// referencePattern is the form of a case reference (as the API validates it).
var referencePattern = regexp.MustCompile(`^MP-[0-9A-HJKMNP-TV-Z]{8}$`)
