package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/adviser"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/casesubject"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/ent/orgunit"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
)

func adviserRef(a *ent.Adviser) *cases.AdviserRef {
	return &cases.AdviserRef{ID: a.ID, StaffSubject: a.StaffSubject, Name: a.Name, Active: a.Active}
}

// AdviserByID returns the adviser, or nil.
func (r *Cases) AdviserByID(ctx context.Context, id uuid.UUID) (*cases.AdviserRef, error) {
	a, err := r.s.client.Adviser.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return adviserRef(a), nil
}

// AdviserBySubject returns the adviser profile of a staff sign-in, or nil.
func (r *Cases) AdviserBySubject(ctx context.Context, staffSubject string) (*cases.AdviserRef, error) {
	a, err := r.s.client.Adviser.Query().Where(adviser.StaffSubject(staffSubject)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return adviserRef(a), nil
}

// SetAdviser assigns the case to an adviser if it is still at version.
func (r *Cases) SetAdviser(ctx context.Context, caseID uuid.UUID, version int64, adviserID uuid.UUID, by string, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(caseID), casefile.Version(version)).
			SetAdviserID(adviserID).
			SetUpdatedAt(at)); err != nil {
			return err
		}
		// The previous adviser's part ends: their notes start their retention period.
		adv, err := tx.Adviser.Get(ctx, adviserID)
		if err != nil {
			return err
		}
		if err := endAdviserParts(ctx, tx, caseID, adv.StaffSubject, at); err != nil {
			return err
		}
		if adv.StaffSubject != by {
			if err := r.s.notifyCase(ctx, tx, notify.KindCaseAssigned, caseID, adv.StaffSubject); err != nil {
				return err
			}
		}
		return nil
	})
}

// LinkSubject links an employee to the case as a subject (idempotent).
func (r *Cases) LinkSubject(ctx context.Context, caseID uuid.UUID, employeeNumber, by string, at time.Time) (int, error) {
	var n int
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		emp, err := tx.Employee.Query().Where(employee.Number(employeeNumber)).Only(ctx)
		if ent.IsNotFound(err) {
			return cases.ErrNoSuchEmployee
		}
		if err != nil {
			return err
		}
		err = tx.CaseSubject.Create().SetCaseID(caseID).SetEmployeeID(emp.ID).SetLinkedBy(by).SetLinkedAt(at).
			OnConflictColumns(casesubject.FieldCaseID, casesubject.FieldEmployeeID).DoNothing().Exec(ctx)
		if err != nil && !isNoRows(err) {
			return err
		}
		n, err = tx.CaseSubject.Query().Where(casesubject.CaseID(caseID)).Count(ctx)
		return err
	})
	return n, err
}

// ConflictedSubjects returns the staff subjects conflicted in the case (org.Chart.ConflictedAbout
// over its linked subjects): the subjects themselves and the managers of their units and of every
// unit above those.
func (r *Cases) ConflictedSubjects(ctx context.Context, caseID uuid.UUID) ([]string, error) {
	return conflictedSubjects(ctx, r.s.client, caseID)
}

// conflictedSubjects is ConflictedSubjects through c (a transaction's client sees its own links).
func conflictedSubjects(ctx context.Context, c *ent.Client, caseID uuid.UUID) ([]string, error) {
	emps, err := c.CaseSubject.Query().Where(casesubject.CaseID(caseID)).QueryEmployee().WithUnit().All(ctx)
	if err != nil || len(emps) == 0 {
		return nil, err
	}
	chart, err := loadChart(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range emps {
		out = append(out, chart.ConflictedAbout(deref(e.StaffSubject), unitCodeOf(e))...)
	}
	return out, nil
}

// conflictedCaseIDs returns the cases in which staffSubject is conflicted, by the same rule read
// the other way (org.Chart.UnitsConflictedFor): the cases about the employee who signs in as
// staffSubject, and about anyone in a unit they manage or below it.
func (s *Store) conflictedCaseIDs(ctx context.Context, staffSubject string) ([]uuid.UUID, error) {
	chart, err := loadChart(ctx, s.client)
	if err != nil {
		return nil, err
	}
	people := employee.StaffSubject(staffSubject)
	if units := chart.UnitsConflictedFor(staffSubject); len(units) > 0 {
		people = employee.Or(people, employee.HasUnitWith(orgunit.CodeIn(units...)))
	}
	var ids []uuid.UUID
	err = s.client.CaseSubject.Query().Where(casesubject.HasEmployeeWith(people)).
		Select(casesubject.FieldCaseID).Scan(ctx, &ids)
	return ids, err
}

// SubjectConflicts returns the employee with this number and who a link to them would conflict
// (org.Chart.ConflictedAbout).
func (r *Cases) SubjectConflicts(ctx context.Context, employeeNumber string) (uuid.UUID, []string, error) {
	e, err := r.s.client.Employee.Query().Where(employee.Number(employeeNumber)).WithUnit().Only(ctx)
	if ent.IsNotFound(err) {
		return uuid.Nil, nil, cases.ErrNoSuchEmployee
	}
	if err != nil {
		return uuid.Nil, nil, err
	}
	chart, err := loadChart(ctx, r.s.client)
	if err != nil {
		return uuid.Nil, nil, err
	}
	return e.ID, chart.ConflictedAbout(deref(e.StaffSubject), unitCodeOf(e)), nil
}
