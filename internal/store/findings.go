package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/allegation"
	"github.com/utrecht/meldpunt/ent/assessment"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/caseground"
	"github.com/utrecht/meldpunt/ent/evidence"
	"github.com/utrecht/meldpunt/ent/hearing"
	"github.com/utrecht/meldpunt/ent/interview"
	"github.com/utrecht/meldpunt/ent/sanctiondecision"
	"github.com/utrecht/meldpunt/ent/suspension"
	"github.com/utrecht/meldpunt/internal/cases"
)

// AddAllegation stores an allegation.
func (r *Cases) AddAllegation(ctx context.Context, a cases.AllegationRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		// The case must still be in fact-finding and unheard at insert time, not only when checked.
		ok, err := tx.CaseFile.Query().Where(casefile.ID(a.CaseID), casefile.StatusEQ(casefile.StatusFACT_FINDING),
			casefile.Not(casefile.HasHearing())).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return cases.ErrVersionConflict
		}
		if err := tx.Allegation.Create().SetID(a.ID).SetCaseID(a.CaseID).SetNormID(a.NormID).
			SetSeverity(allegation.Severity(a.Severity)).SetDescriptionSealed(a.DescriptionSealed).
			SetAddedBy(a.AddedBy).SetAddedAt(a.AddedAt).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// Allegations lists the allegations, oldest first, whether a hearing exists, and records the read.
func (r *Cases) Allegations(ctx context.Context, caseID uuid.UUID) ([]cases.AllegationRecord, bool, error) {
	var (
		out   []cases.AllegationRecord
		heard bool
	)
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.Allegation.Query().Where(allegation.CaseID(caseID)).
			Order(ent.Asc(allegation.FieldAddedAt), ent.Asc(allegation.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, a := range rows {
			ar := cases.AllegationRecord{
				ID: a.ID, CaseID: a.CaseID, NormID: a.NormID, Severity: string(a.Severity),
				DescriptionSealed: a.DescriptionSealed, ReasoningSealed: derefBytes(a.ReasoningSealed),
				AddedBy: a.AddedBy, AddedAt: a.AddedAt.UTC(),
			}
			if a.Finding != nil {
				ar.Finding = cases.Finding(*a.Finding)
			}
			out = append(out, ar)
		}
		heard, err = tx.Hearing.Query().Where(hearing.CaseID(caseID)).Exist(ctx)
		return err
	})
	return out, heard, err
}

// RecordHearing stores the hearing once.
func (r *Cases) RecordHearing(ctx context.Context, h cases.HearingRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		c := tx.Hearing.Create().SetCaseID(h.CaseID).SetHeldOn(h.HeldOn).SetDeclined(h.Declined).SetRecordedBy(h.RecordedBy)
		if h.ResponseSealed != nil {
			c = c.SetResponseSealed(h.ResponseSealed)
		}
		err := c.OnConflictColumns(hearing.FieldCaseID).DoNothing().Exec(ctx)
		if isNoRows(err) {
			return cases.ErrHearingExists
		}
		if err != nil {
			return err
		}
		return nil
	})
}

// SetFindings stores the findings and moves the case to ASSESSMENT.
func (r *Cases) SetFindings(ctx context.Context, caseID uuid.UUID, version int64, findings []cases.AllegationRecord, ruleSetVersion string, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(caseID), casefile.Version(version), casefile.StatusEQ(casefile.StatusFACT_FINDING)).
			SetStatus(casefile.StatusASSESSMENT).SetRuleSetVersion(ruleSetVersion).SetUpdatedAt(at)); err != nil {
			return err
		}
		for _, f := range findings {
			if err := tx.Allegation.UpdateOneID(f.ID).SetFinding(allegation.Finding(f.Finding)).
				SetReasoningSealed(f.ReasoningSealed).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// DecideSanction stores the decision and moves the case to SANCTION.
func (r *Cases) DecideSanction(ctx context.Context, d cases.SanctionRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(d.CaseID), casefile.Version(d.Version), casefile.StatusEQ(casefile.StatusASSESSMENT)).
			SetStatus(casefile.StatusSANCTION).SetUpdatedAt(d.DecidedAt)); err != nil {
			return err
		}
		c := tx.SanctionDecision.Create().SetCaseID(d.CaseID).SetSanction(d.Sanction).SetRecommended(d.Recommended).
			SetRuleSetVersion(d.RuleSetVersion).SetLighterThanRecommended(d.Lighter).SetFactsKnownAt(d.FactsKnownAt).
			SetDecidedAt(d.DecidedAt).SetDecidedBy(d.DecidedBy).SetLate(d.Late).
			SetCircumstances(d.Circumstances).SetFiredRules(d.FiredRules)
		if d.MotivationSealed != nil {
			c = c.SetMotivationSealed(d.MotivationSealed)
		}
		err := c.OnConflictColumns(sanctiondecision.FieldCaseID).DoNothing().Exec(ctx)
		if isNoRows(err) {
			return cases.ErrSanctionExists
		}
		if err != nil {
			return err
		}
		return nil
	})
}

// AddInterview stores an interview.
func (r *Cases) AddInterview(ctx context.Context, ir cases.InterviewRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.Interview.Create().SetID(ir.ID).SetCaseID(ir.CaseID).SetRole(interview.Role(ir.Role)).
			SetHeldOn(ir.HeldOn).SetInterviewer(ir.Interviewer).SetContentSealed(ir.ContentSealed).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// Interviews lists the interviews in the order held and records the read.
func (r *Cases) Interviews(ctx context.Context, caseID uuid.UUID) ([]cases.InterviewRecord, error) {
	var out []cases.InterviewRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		rows, err := tx.Interview.Query().Where(interview.CaseID(caseID)).
			Order(ent.Asc(interview.FieldHeldOn), ent.Asc(interview.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, iv := range rows {
			out = append(out, cases.InterviewRecord{
				ID: iv.ID, CaseID: iv.CaseID, Role: string(iv.Role), HeldOn: iv.HeldOn.UTC(), Interviewer: iv.Interviewer,
				ContentSealed: iv.ContentSealed, ApprovedAt: utcPtr(iv.ApprovedAt),
			})
		}
		return nil
	})
	return out, err
}

// ApproveInterview sets the approval once.
func (r *Cases) ApproveInterview(ctx context.Context, caseID, id uuid.UUID, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		exists, err := tx.Interview.Query().Where(interview.ID(id), interview.CaseID(caseID)).Exist(ctx)
		if err != nil {
			return err
		}
		if !exists {
			return cases.ErrNoSuchInterview
		}
		if _, err := tx.Interview.Update().Where(interview.ID(id), interview.ApprovedAtIsNil()).SetApprovedAt(at).Save(ctx); err != nil {
			return err
		}
		return nil
	})
}

// SetSuspension imposes or lifts the case's suspension (one active at a time).
func (r *Cases) SetSuspension(ctx context.Context, caseID uuid.UUID, suspended bool, reasonSealed []byte, by string, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		active, err := tx.Suspension.Query().Where(suspension.CaseID(caseID), suspension.LiftedAtIsNil()).Exist(ctx)
		if err != nil {
			return err
		}
		switch {
		case suspended && active, !suspended && !active:
			return cases.ErrSuspensionState
		case suspended:
			err = tx.Suspension.Create().SetCaseID(caseID).SetImposedAt(at).SetImposedBy(by).SetReasonSealed(reasonSealed).Exec(ctx)
		default:
			_, err = tx.Suspension.Update().Where(suspension.CaseID(caseID), suspension.LiftedAtIsNil()).
				SetLiftedAt(at).SetLiftedBy(by).Save(ctx)
		}
		if err != nil {
			return err
		}
		return nil
	})
}

// AddEvidence stores an evidence file.
func (r *Cases) AddEvidence(ctx context.Context, e cases.EvidenceRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.Evidence.Create().SetID(e.ID).SetCaseID(e.CaseID).SetUploadedByKind(evidence.UploadedByKind(e.UploadedBy)).
			SetUploadedBy(e.UploaderID).SetMediaType(e.MediaType).SetSize(e.Size).SetContentSealed(e.ContentSealed).
			SetUploadedAt(e.UploadedAt).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// Evidence lists the case's evidence, or one file, and records the read.
func (r *Cases) Evidence(ctx context.Context, caseID, id uuid.UUID) ([]cases.EvidenceRecord, error) {
	var out []cases.EvidenceRecord
	err := r.s.WithTx(ctx, func(tx *ent.Tx) error {
		q := tx.Evidence.Query().Where(evidence.CaseID(caseID))
		if id != uuid.Nil {
			q = q.Where(evidence.ID(id))
		}
		rows, err := q.Order(ent.Asc(evidence.FieldUploadedAt), ent.Asc(evidence.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, e := range rows {
			out = append(out, cases.EvidenceRecord{
				ID: e.ID, CaseID: e.CaseID, UploadedBy: cases.Author(e.UploadedByKind), UploaderID: e.UploadedBy,
				MediaType: e.MediaType, Size: e.Size, ContentSealed: e.ContentSealed, UploadedAt: e.UploadedAt.UTC(),
			})
		}
		return nil
	})
	return out, err
}

// RecordAssessment stores the sealed qualification once.
func (r *Cases) RecordAssessment(ctx context.Context, caseID uuid.UUID, sealed []byte, grounds []string, by string, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		err := tx.Assessment.Create().SetCaseID(caseID).SetQualificationSealed(sealed).SetAssessedBy(by).SetAssessedAt(at).
			OnConflictColumns(assessment.FieldCaseID).DoNothing().Exec(ctx)
		if isNoRows(err) {
			return cases.ErrAssessmentExists
		}
		if err != nil {
			return err
		}
		if grounds != nil {
			if _, err := tx.CaseGround.Delete().Where(caseground.CaseID(caseID)).Exec(ctx); err != nil {
				return err
			}
			if err := insertGrounds(ctx, tx, caseID, grounds); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertGrounds(ctx context.Context, tx *ent.Tx, caseID uuid.UUID, grounds []string) error {
	for _, g := range grounds {
		if err := tx.CaseGround.Create().SetCaseID(caseID).SetGround(g).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Grounds returns the case's discrimination grounds, sorted.
func (r *Cases) Grounds(ctx context.Context, caseID uuid.UUID) ([]string, error) {
	return r.s.client.CaseGround.Query().Where(caseground.CaseID(caseID)).
		Order(ent.Asc(caseground.FieldGround)).Select(caseground.FieldGround).Strings(ctx)
}

// Assessed reports whether the case's assessment was recorded.
func (r *Cases) Assessed(ctx context.Context, caseID uuid.UUID) (bool, error) {
	return r.s.client.Assessment.Query().Where(assessment.CaseID(caseID)).Exist(ctx)
}

// Heard reports whether the case's hearing was recorded.
func (r *Cases) Heard(ctx context.Context, caseID uuid.UUID) (bool, error) {
	return r.s.client.Hearing.Query().Where(hearing.CaseID(caseID)).Exist(ctx)
}
