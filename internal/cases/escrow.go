package cases

import (
	"context"
	"errors"
	"slices"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/audit"
)

// CheckAdviser says whether adviserID is an adviser a reporter can choose (active): the same
// refusal as ChooseAdviser otherwise. For a matching entry, which names its adviser before any
// case relates to it.
func (s *SupportService) CheckAdviser(ctx context.Context, adviserID uuid.UUID) error {
	_, err := s.adviserFor(ctx, nil, adviserID)
	return err
}

// ReporterCaseID is the id of the reporter's own case, after checking that their session still
// stands (the content was not destroyed).
func (s *IntakeService) ReporterCaseID(ctx context.Context, rs *ReporterSession) (uuid.UUID, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return uuid.Nil, err
	}
	return rec.ID, nil
}

// AdviserCaseID is the id of a case the actor is the assigned adviser of (refused otherwise, as
// for the conversations), for what only the case's adviser sees.
func (s *SupportService) AdviserCaseID(ctx context.Context, a StaffActor, ref string) (uuid.UUID, error) {
	rec, err := s.adviserOnly(ctx, a, ref)
	if err != nil {
		return uuid.Nil, err
	}
	return rec.ID, nil
}

// GoAheadTogether takes a consented match into the reporter's own case, on the usual path: the
// named employee is linked as a subject (so that they and their managers are conflicted from now
// on), the adviser chosen in the entry becomes the case's adviser unless that adviser is
// conflicted (then intake assigns one, as for any case), and the account goes to the case as the
// reporter's message. It returns the case reference, which the others who go ahead see.
func (s *SupportService) GoAheadTogether(ctx context.Context, rs *ReporterSession, employeeNumber string, adviserID uuid.UUID, body string) (string, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return "", err
	}
	// The account first: a closed case takes no message, and then nothing else changes either.
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionReporterMessage, rec.ID, requestID(ctx), "message")
	if _, err := s.addMessage(ctx, rec, AuthorReporter, "", body, ev); err != nil {
		return "", err
	}
	_, conflicts, err := s.orgRepo.SubjectConflicts(ctx, employeeNumber)
	switch {
	case errors.Is(err, ErrNoSuchEmployee):
		// Gone from the register since: the account names them; staff link them by hand.
	case err != nil:
		return "", err
	default:
		ev := audit.New(s.clock(), audit.Reporter, audit.ActionLinkSubject, rec.ID, requestID(ctx), "subjects")
		if _, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (int, error) {
			return s.supportRepo.LinkSubject(ctx, rec.ID, employeeNumber, "reporter", ev.At)
		}); err != nil && !errors.Is(err, ErrNoSuchEmployee) {
			return "", err
		}
	}
	adv, err := s.adviserFor(ctx, nil, adviserID)
	if err != nil || slices.Contains(conflicts, adv.StaffSubject) {
		return rec.Reference, nil // no longer available or conflicted: intake assigns one
	}
	if rec.AdviserID != nil && *rec.AdviserID == adv.ID {
		return rec.Reference, nil
	}
	cur, err := s.caseRepo.CaseByID(ctx, rec.ID) // the link changed the version
	if err != nil || cur == nil {
		return "", err
	}
	ev = audit.New(s.clock(), audit.Reporter, audit.ActionChooseAdviser, rec.ID, requestID(ctx), "adviser")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.supportRepo.SetAdviser(ctx, cur.ID, cur.Version, adv.ID, ev.Actor.ID, ev.At)
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return rec.Reference, nil // changed by staff just now; the account is on the case
		}
		return "", err
	}
	return rec.Reference, nil
}
