package cases

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// ErrSuspensionState is returned when a suspension is imposed twice or lifted when none is active.
var ErrSuspensionState = errors.New("suspension state")

// SetSuspension imposes (with a reason) or lifts the suspension of the subject as an order
// measure during the fact-finding, by the accountable manager. It returns whether a suspension is
// active afterwards and since when.
func (s *InvestigationService) SetSuspension(ctx context.Context, a StaffActor, ref string, suspended bool, reason string) (bool, *time.Time, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return false, nil, err
	}
	if !may(ActionSetSuspension).permits(a, rel) {
		return false, nil, apperr.Forbidden("only the accountable manager imposes or lifts a suspension")
	}
	if !may(ActionSetSuspension).In(rec.Status) {
		return false, nil, apperr.FailedPrecondition("a suspension is an order measure during the fact-finding; case %s is %s", ref, rec.Status)
	}
	now := s.clock()
	var sealed []byte
	if suspended {
		if strings.TrimSpace(reason) == "" {
			return false, nil, apperr.Invalid("reason", "record why the suspension is needed")
		}
		ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
		if err != nil {
			return false, nil, err
		}
		if sealed, err = ck.Seal("suspension/reason", []byte(reason)); err != nil {
			return false, nil, err
		}
	}
	action := audit.ActionLiftSuspension
	if suspended {
		action = audit.ActionImposeSuspension
	}
	ev := audit.New(now, audit.Staff(a.Subject), action, rec.ID, requestID(ctx), "suspension")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.invRepo.SetSuspension(ctx, rec.ID, suspended, sealed, a.Subject, now)
	}); err != nil {
		if errors.Is(err, ErrSuspensionState) {
			if suspended {
				return false, nil, apperr.FailedPrecondition("the subject is suspended already")
			}
			return false, nil, apperr.FailedPrecondition("there is no suspension to lift")
		}
		return false, nil, err
	}
	if suspended {
		return true, &now, nil
	}
	return false, nil, nil
}
