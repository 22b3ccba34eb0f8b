package cases

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// The outcomes a case can close with in the support phase (domain.md §9).
var supportOutcomes = map[string]bool{
	"RESOLVED_INFORMALLY": true, "MEDIATED": true, "REFERRED": true, "WITHDRAWN": true,
}

// Closing is the change CloseCase makes.
type Closing struct {
	CaseID  uuid.UUID
	Version int64
	Outcome string
	At      time.Time
	// From are the statuses the case may close from; checked again in the update itself.
	From []Status
	// Feedback is the message to the reporter sent with the closure, if any.
	Feedback *MessageRecord
}

// CloseCase closes a case in the support phase — resolved informally, mediated, referred or
// withdrawn — by intake or the assigned adviser. Once the signal has reached the employer
// (WEIGHING and later) only the accountable manager's weighing closes it: every signal that
// reaches the employer is weighed. Closing ends the adviser's part and starts the retention
// clock of their conversation notes.
func (s *SanctionService) CloseCase(ctx context.Context, a StaffActor, ref, outcome string, version int64) (Summary, error) {
	rec, err := s.staffCase(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if !supportOutcomes[outcome] {
		return Summary{}, apperr.Invalid("outcome", "choose resolved informally, mediated, referred or withdrawn")
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	if !may(ActionCloseCase).In(rec.Status) {
		return Summary{}, apperr.FailedPrecondition("case %s has reached the employer (status %s); the accountable manager decides on it", ref, rec.Status)
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionClose, rec.ID, requestID(ctx), "status", "outcome")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.sanctionRepo.CloseCase(ctx, Closing{
			CaseID: rec.ID, Version: version, Outcome: outcome, At: now, From: may(ActionCloseCase).States,
		})
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, errStale(ref)
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.Status, out.Outcome = StatusClosed, outcome
	out.Version++
	return out, nil
}

// EndSupport ends the assigned adviser's part of a case: the case loses its adviser (the reporter
// may choose another) and the retention period of the adviser's conversation notes starts.
func (s *SupportService) EndSupport(ctx context.Context, a StaffActor, ref string, version int64) (Summary, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if !may(ActionEndSupport).permits(a, rel) {
		return Summary{}, apperr.Forbidden("only the case's adviser ends their part")
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionEndSupport, rec.ID, requestID(ctx), "adviser")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.supportRepo.EndSupport(ctx, rec.ID, version, a.Subject, now) }); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, errStale(ref)
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.AdviserID, out.AdviserName = nil, ""
	out.Version++
	return out, nil
}
