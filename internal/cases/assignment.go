package cases

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

var (
	errNoSuchAdviser = apperr.Invalid("adviser_id", "is not an adviser who can be chosen; pick one from the list of advisers")
	// errConflictOfInterest is the one refusal for a conflict of interest, whoever has it: it
	// names no one — not the adviser, team member or unit manager chosen, nor their place in a
	// list — since who is conflicted tells who the case is about (a subject, or their manager).
	errConflictOfInterest = apperr.FailedPrecondition("refused because of a conflict of interest in this case")
)

// AssignAdviser assigns or reassigns a case to an adviser (intake). version is the case version
// the caller read: a concurrent change gets Aborted rather than being overwritten.
func (s *SupportService) AssignAdviser(ctx context.Context, a StaffActor, ref string, adviserID uuid.UUID, version int64) (Summary, error) {
	if !a.Intake {
		return Summary{}, apperr.Forbidden("assigning advisers needs the intake role")
	}
	rec, err := s.staffCase(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	if !may(ActionAssignAdviser).In(rec.Status) {
		return Summary{}, apperr.FailedPrecondition("case %s is closed; it gets no adviser any more", ref)
	}
	adv, err := s.adviserFor(ctx, &rec.ID, adviserID)
	if err != nil {
		return Summary{}, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionAssignAdviser, rec.ID, requestID(ctx), "adviser")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.supportRepo.SetAdviser(ctx, rec.ID, version, adv.ID, ev.Actor.ID, ev.At)
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, errStale(ref)
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.AdviserID, out.AdviserName = &adv.ID, adv.Name
	out.Version++
	return out, nil
}

// ChooseAdviser lets the reporter choose or change the adviser of their own case.
func (s *SupportService) ChooseAdviser(ctx context.Context, rs *ReporterSession, adviserID uuid.UUID) (AdviserRef, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return AdviserRef{}, err
	}
	if rec.Status == StatusClosed {
		return AdviserRef{}, apperr.FailedPrecondition("your case is closed; it gets no adviser any more")
	}
	adv, err := s.adviserFor(ctx, &rec.ID, adviserID)
	if err != nil {
		return AdviserRef{}, err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionChooseAdviser, rec.ID, requestID(ctx), "adviser")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.supportRepo.SetAdviser(ctx, rec.ID, rec.Version, adv.ID, ev.Actor.ID, ev.At)
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return AdviserRef{}, apperr.Aborted("your case was changed just now; try again")
		}
		return AdviserRef{}, err
	}
	return *adv, nil
}

// LinkSubject links the case to the employee with this personnel number, as a subject. It is
// idempotent. From then on, that employee and the managers above them are conflicted. A link
// that would conflict the caller themselves is refused: they hand the case on first, so that it
// never ends up with nobody who may handle it.
func (s *SupportService) LinkSubject(ctx context.Context, a StaffActor, ref, employeeNumber string) (int, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return 0, err
	}
	if !may(ActionLinkSubject).permits(a, rel) {
		return 0, refused(a, ref, rec, rel)
	}
	number := strings.TrimSpace(employeeNumber)
	if number == "" {
		return 0, apperr.Invalid("employee_number", "is empty")
	}
	_, conflicts, err := s.orgRepo.SubjectConflicts(ctx, number)
	if errors.Is(err, ErrNoSuchEmployee) {
		return 0, errNoSuchEmployee
	}
	if err != nil {
		return 0, err
	}
	if slices.Contains(conflicts, a.Subject) {
		return 0, apperr.FailedPrecondition("you are this employee or one of their managers: hand the case on (escalate it to a unit above) before linking them")
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionLinkSubject, rec.ID, requestID(ctx), "subjects")
	n, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (int, error) {
		return s.supportRepo.LinkSubject(ctx, rec.ID, number, a.Subject, ev.At)
	})
	if errors.Is(err, ErrNoSuchEmployee) {
		return 0, errNoSuchEmployee
	}
	return n, err
}

var errNoSuchEmployee = apperr.Invalid("employee_number", "no employee has this personnel number; check it against the HR system")

func errStale(ref string) error {
	return apperr.Aborted("case %s was changed by someone else just now; reload it and try again", ref)
}
