package store

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/investigation"
	"github.com/utrecht/meldpunt/ent/investigationmember"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
)

// StartInvestigation stores the fact-finding and its team if the case is still at the version.
func (r *Cases) StartInvestigation(ctx context.Context, ir cases.InvestigationRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().Where(casefile.ID(ir.CaseID), casefile.Version(ir.Version)).
			SetUpdatedAt(ir.StartedAt)); err != nil {
			return err
		}
		err := tx.Investigation.Create().SetCaseID(ir.CaseID).SetStartedBy(ir.StartedBy).SetStartedAt(ir.StartedAt).
			SetPlanSealed(ir.PlanSealed).OnConflictColumns(investigation.FieldCaseID).DoNothing().Exec(ctx)
		if isNoRows(err) {
			return cases.ErrInvestigationExists
		}
		if err != nil {
			return err
		}
		for _, m := range ir.Team {
			if err := tx.InvestigationMember.Create().SetCaseID(ir.CaseID).SetStaffSubject(m).
				SetAssignedBy(ir.StartedBy).SetAssignedAt(ir.StartedAt).Exec(ctx); err != nil {
				return err
			}
		}
		team := slices.DeleteFunc(slices.Clone(ir.Team), func(m string) bool { return m == ir.StartedBy })
		if err := r.s.notifyCase(ctx, tx, notify.KindInvestigationAdded, ir.CaseID, team...); err != nil {
			return err
		}
		return nil
	})
}

// HasInvestigation implements cases.Repository.
func (r *Cases) HasInvestigation(ctx context.Context, caseID uuid.UUID) (bool, error) {
	return r.s.client.Investigation.Query().Where(investigation.CaseID(caseID)).Exist(ctx)
}

// Investigation reads the fact-finding and its team, and records the read.
func (r *Cases) Investigation(ctx context.Context, caseID uuid.UUID) (*cases.InvestigationRecord, error) {
	var out *cases.InvestigationRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		inv, err := tx.Investigation.Query().Where(investigation.CaseID(caseID)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		team, err := tx.InvestigationMember.Query().Where(investigationmember.CaseID(caseID)).
			Order(ent.Asc(investigationmember.FieldStaffSubject)).
			Select(investigationmember.FieldStaffSubject).Strings(ctx)
		if err != nil {
			return err
		}
		out = &cases.InvestigationRecord{
			CaseID: caseID, StartedBy: inv.StartedBy, StartedAt: inv.StartedAt.UTC(), PlanSealed: inv.PlanSealed, Team: team,
		}
		return nil
	})
	return out, err
}

// InvestigatorOf reports whether staffSubject is on the case's fact-finding team.
func (r *Cases) InvestigatorOf(ctx context.Context, caseID uuid.UUID, staffSubject string) (bool, error) {
	return r.s.client.InvestigationMember.Query().
		Where(investigationmember.CaseID(caseID), investigationmember.StaffSubject(staffSubject)).Exist(ctx)
}
