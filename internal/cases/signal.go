package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// RecordSignal records a signal that a manager or HR received directly from an employee
// (domain.md §4: channels MANAGER and HR). It is recorded only with the employee's consent. The
// signal has reached the employer, so the case starts in WEIGHING with the accountable manager of
// unitCode; receipt counts as acknowledged on the spot. The receipt code is for the employee.
func (s *IntakeService) RecordSignal(ctx context.Context, a StaffActor, r NewReport, unitCode string, consented bool, subjectNumbers []string) (Filed, error) {
	channel := ChannelManager
	switch {
	case a.Manager:
	case a.HR:
		channel = ChannelHR
	default:
		return Filed{}, apperr.Forbidden("recording a signal received directly needs the manager or HR role")
	}
	if !consented {
		return Filed{}, apperr.FailedPrecondition("a signal is recorded only with the employee's consent")
	}
	if r.AdviserID != nil {
		return Filed{}, apperr.Invalid("report.adviser_id", "a signal recorded by the employer goes to the manager, not to an adviser")
	}
	unit, err := s.orgRepo.UnitByCode(ctx, strings.TrimSpace(unitCode))
	if err != nil {
		return Filed{}, err
	}
	if unit == nil {
		return Filed{}, apperr.Invalid("unit_code", "no organisational unit has this code")
	}
	if unit.ManagerSubject == "" {
		return Filed{}, apperr.FailedPrecondition("unit %s has no manager who can sign in; record it for the unit above it", unit.Code)
	}
	// The subjects are linked in the same transaction as the case, after checking that the unit's
	// manager is none of them nor above them.
	var subjects []uuid.UUID
	for i, n := range subjectNumbers {
		id, conflicts, err := s.orgRepo.SubjectConflicts(ctx, strings.TrimSpace(n))
		if errors.Is(err, ErrNoSuchEmployee) {
			return Filed{}, apperr.Invalid(fmt.Sprintf("subject_employee_numbers[%d]", i), "no employee has this personnel number")
		}
		if err != nil {
			return Filed{}, err
		}
		if slices.Contains(conflicts, unit.ManagerSubject) {
			return Filed{}, errConflictOfInterest
		}
		subjects = append(subjects, id)
	}
	f, err := s.file(ctx, r, filing{channel: channel, actor: audit.Staff(a.Subject), action: audit.ActionRecordSignal, direct: unit, subjects: subjects, by: a.Subject})
	if err != nil {
		return Filed{}, prefixField(err, "report.")
	}
	return f, nil
}

// prefixField puts the nested message's name before an invalid field's name.
func prefixField(err error, prefix string) error {
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid && e.Field != "" && e.Field != "unit_code" {
		return apperr.Invalid(prefix+e.Field, "%s", e.Message)
	}
	return err
}
