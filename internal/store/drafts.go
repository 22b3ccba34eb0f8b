package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/adviser"
	"github.com/utrecht/meldpunt/ent/assessment"
	"github.com/utrecht/meldpunt/ent/casesubject"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/ent/investigationmember"
	"github.com/utrecht/meldpunt/ent/orgunit"
	"github.com/utrecht/meldpunt/ent/precedentdraft"
	"github.com/utrecht/meldpunt/ent/sanctiondecision"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/precedents"
)

// AssessmentSealed returns the sealed qualification, or nil.
func (r *Cases) AssessmentSealed(ctx context.Context, caseID uuid.UUID) ([]byte, error) {
	a, err := r.s.client.Assessment.Query().Where(assessment.CaseID(caseID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a.QualificationSealed, nil
}

// SanctionDecision returns the case's sanction decision, or nil.
func (r *Cases) SanctionDecision(ctx context.Context, caseID uuid.UUID) (*cases.SanctionRecord, error) {
	d, err := r.s.client.SanctionDecision.Query().Where(sanctiondecision.CaseID(caseID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sr := &cases.SanctionRecord{
		CaseID: caseID, Sanction: d.Sanction, Recommended: d.Recommended, RuleSetVersion: d.RuleSetVersion,
		Lighter: d.LighterThanRecommended, FactsKnownAt: d.FactsKnownAt, DecidedAt: d.DecidedAt, DecidedBy: d.DecidedBy,
		Late: d.Late, Circumstances: d.Circumstances, FiredRules: d.FiredRules,
	}
	if d.MotivationSealed != nil {
		sr.MotivationSealed = *d.MotivationSealed
	}
	return sr, nil
}

// PeopleOf returns the people the case names in the organisation data.
func (r *Cases) PeopleOf(ctx context.Context, caseID uuid.UUID) (cases.CasePeople, error) {
	var p cases.CasePeople
	addEmp := func(e *ent.Employee) {
		if e == nil {
			return
		}
		p.Names = append(p.Names, e.Name)
		p.EmployeeNumbers = append(p.EmployeeNumbers, e.Number)
		if e.StaffSubject != nil {
			p.StaffSubjects = append(p.StaffSubjects, *e.StaffSubject)
		}
	}
	subjects, err := r.s.client.CaseSubject.Query().Where(casesubject.CaseID(caseID)).
		QueryEmployee().WithUnit(func(q *ent.OrgUnitQuery) { q.WithManager() }).All(ctx)
	if err != nil {
		return p, err
	}
	for _, e := range subjects {
		addEmp(e)
		if u := e.Edges.Unit; u != nil {
			p.Units = append(p.Units, u.Name)
			addEmp(u.Edges.Manager)
		}
	}
	c, err := r.s.client.CaseFile.Get(ctx, caseID)
	if err != nil {
		return p, err
	}
	if c.UnitID != nil {
		u, err := r.s.client.OrgUnit.Query().Where(orgunit.ID(*c.UnitID)).WithManager().Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return p, err
		}
		if u != nil {
			p.Units = append(p.Units, u.Name)
			addEmp(u.Edges.Manager)
		}
	}
	if c.AdviserID != nil {
		a, err := r.s.client.Adviser.Query().Where(adviser.ID(*c.AdviserID)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return p, err
		}
		if a != nil {
			p.Names = append(p.Names, a.Name)
			p.StaffSubjects = append(p.StaffSubjects, a.StaffSubject)
		}
	}
	team, err := r.s.client.InvestigationMember.Query().Where(investigationmember.CaseID(caseID)).
		Select(investigationmember.FieldStaffSubject).Strings(ctx)
	if err != nil {
		return p, err
	}
	if len(team) > 0 {
		emps, err := r.s.client.Employee.Query().Where(employee.StaffSubjectIn(team...)).All(ctx)
		if err != nil {
			return p, err
		}
		for _, e := range emps {
			addEmp(e)
		}
		p.StaffSubjects = append(p.StaffSubjects, team...)
	}
	return p, nil
}

// SmallUnits returns the names of the units with fewer than n employees.
func (r *Cases) SmallUnits(ctx context.Context, n int) ([]string, error) {
	// One grouped query: counting, not loading, the members of every unit.
	rows, err := r.s.db.QueryContext(ctx, placeholders(r.s.dialect, `SELECT u.name FROM org_units u
LEFT JOIN employees e ON e.employee_unit = u.id GROUP BY u.id, u.name HAVING count(e.id) < ?`), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

func toDraftRecord(d *ent.PrecedentDraft) *cases.PrecedentDraftRecord {
	return &cases.PrecedentDraftRecord{ID: d.ID, CaseID: d.CaseID, Status: string(d.Status), ContentSealed: d.ContentSealed,
		CreatedBy: d.CreatedBy, UpdatedAt: d.UpdatedAt.UTC(), Version: d.Version}
}

// CreatePrecedentDraft stores a new draft; cases.ErrDraftExists when the case has one.
func (r *Cases) CreatePrecedentDraft(ctx context.Context, d cases.PrecedentDraftRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		err := tx.PrecedentDraft.Create().SetID(d.ID).SetCaseID(d.CaseID).SetStatus(precedentdraft.Status(d.Status)).
			SetContentSealed(d.ContentSealed).SetCreatedBy(d.CreatedBy).SetCreatedAt(d.UpdatedAt).SetUpdatedAt(d.UpdatedAt).
			OnConflictColumns(precedentdraft.FieldCaseID).DoNothing().Exec(ctx)
		if isNoRows(err) {
			return cases.ErrDraftExists
		}
		if err != nil {
			return err
		}
		return nil
	})
}

// PrecedentDraft returns a draft; cases.ErrNoDraft when there is none.
func (r *Cases) PrecedentDraft(ctx context.Context, id uuid.UUID) (*cases.PrecedentDraftRecord, error) {
	d, err := r.s.client.PrecedentDraft.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, cases.ErrNoDraft
	}
	if err != nil {
		return nil, err
	}
	return toDraftRecord(d), nil
}

// SubmittedPrecedentDrafts lists the drafts waiting for HR, oldest first.
func (r *Cases) SubmittedPrecedentDrafts(ctx context.Context) ([]cases.PrecedentDraftRecord, error) {
	ds, err := r.s.client.PrecedentDraft.Query().Where(precedentdraft.StatusEQ(precedentdraft.StatusSUBMITTED)).
		Order(ent.Asc(precedentdraft.FieldCreatedAt)).Limit(500).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]cases.PrecedentDraftRecord, len(ds))
	for i, d := range ds {
		out[i] = *toDraftRecord(d)
	}
	return out, nil
}

// UpdatePrecedentDraft replaces the sealed content and status if still at version.
func (r *Cases) UpdatePrecedentDraft(ctx context.Context, id uuid.UUID, version int64, sealed []byte, status string, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.PrecedentDraft.Get(ctx, id)
		if ent.IsNotFound(err) {
			return cases.ErrVersionConflict
		}
		if err != nil {
			return err
		}
		n, err := tx.PrecedentDraft.Update().Where(precedentdraft.ID(id), precedentdraft.Version(version)).
			SetContentSealed(sealed).SetStatus(precedentdraft.Status(status)).SetUpdatedAt(at).AddVersion(1).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return cases.ErrVersionConflict
		}
		if old.Status == precedentdraft.StatusSUBMITTED && precedentdraft.Status(status) == precedentdraft.StatusDRAFT {
			// Returned by HR to the handler who made it.
			if err := r.s.notifyCase(ctx, tx, notify.KindDraftReturned, old.CaseID, old.CreatedBy); err != nil {
				return err
			}
		}
		return nil
	})
}

// PublishPrecedentDraft stores the precedent and deletes the draft if still at version.
func (r *Cases) PublishPrecedentDraft(ctx context.Context, id uuid.UUID, version int64, p precedents.Prepared) (uuid.UUID, error) {
	var pid uuid.UUID
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		n, err := tx.PrecedentDraft.Delete().Where(precedentdraft.ID(id), precedentdraft.Version(version),
			precedentdraft.StatusEQ(precedentdraft.StatusSUBMITTED)).Exec(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return cases.ErrVersionConflict
		}
		if pid, err = r.s.Precedents().InsertTx(ctx, tx, p); err != nil {
			return err
		}
		return nil
	})
	r.s.libCache.invalidate() // committed (or not): lookups read the library again
	return pid, err
}
