package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/casefile"
	"github.com/utrecht/meldpunt/ent/consent"
	"github.com/utrecht/meldpunt/ent/conversation"
	"github.com/utrecht/meldpunt/ent/employee"
	"github.com/utrecht/meldpunt/ent/orgunit"
	"github.com/utrecht/meldpunt/ent/weighing"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
)

// Consents lists a case's consents, oldest first.
func (r *Cases) Consents(ctx context.Context, caseID uuid.UUID) ([]cases.Consent, error) {
	rows, err := r.s.client.Consent.Query().Where(consent.CaseID(caseID)).
		Order(ent.Asc(consent.FieldGivenAt), ent.Asc(consent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]cases.Consent, len(rows))
	for i, c := range rows {
		out[i] = cases.Consent{
			ID: c.ID, Purpose: cases.Purpose(c.Purpose), GivenAt: c.GivenAt.UTC(), RecordedBy: c.RecordedBy,
			RevokedAt: utcPtr(c.RevokedAt), ActedUponAt: utcPtr(c.ActedUponAt),
		}
	}
	return out, nil
}

// AddConsent stores a consent.
func (r *Cases) AddConsent(ctx context.Context, caseID uuid.UUID, c cases.Consent) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := tx.Consent.Create().SetID(c.ID).SetCaseID(caseID).SetPurpose(consent.Purpose(c.Purpose)).
			SetGivenAt(c.GivenAt).SetRecordedBy(c.RecordedBy).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// RevokeConsent revokes a consent that has not been acted upon.
func (r *Cases) RevokeConsent(ctx context.Context, consentID uuid.UUID, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		c, err := tx.Consent.Get(ctx, consentID)
		if err != nil {
			return err
		}
		// Every active consent of the purpose goes: the reporter and the adviser may have
		// recorded it at the same moment, and a revocation must not leave one standing.
		acted, err := tx.Consent.Query().Where(consent.CaseID(c.CaseID), consent.PurposeEQ(c.Purpose),
			consent.RevokedAtIsNil(), consent.ActedUponAtNotNil()).Exist(ctx)
		if err != nil {
			return err
		}
		if acted {
			return cases.ErrConsentActedUpon
		}
		n, err := tx.Consent.Update().
			Where(consent.CaseID(c.CaseID), consent.PurposeEQ(c.Purpose), consent.ActedUponAtIsNil(), consent.RevokedAtIsNil()).
			SetRevokedAt(at).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return cases.ErrConsentActedUpon
		}
		return nil
	})
}

func (r *Cases) unitRef(ctx context.Context, u *ent.OrgUnit) (*cases.UnitRef, error) {
	ref := &cases.UnitRef{ID: u.ID, Code: u.Code, Name: u.Name, ParentCode: u.ParentCode}
	m, err := u.QueryManager().Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if m != nil && m.StaffSubject != nil {
		ref.ManagerSubject = *m.StaffSubject
	}
	return ref, nil
}

// UnitByCode returns the unit with this code, or nil.
func (r *Cases) UnitByCode(ctx context.Context, code string) (*cases.UnitRef, error) {
	u, err := r.s.client.OrgUnit.Query().Where(orgunit.Code(code)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.unitRef(ctx, u)
}

// UnitByID returns the unit, or nil.
func (r *Cases) UnitByID(ctx context.Context, id uuid.UUID) (*cases.UnitRef, error) {
	u, err := r.s.client.OrgUnit.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.unitRef(ctx, u)
}

// UnitsManagedBy returns the units whose manager signs in as staffSubject.
func (r *Cases) UnitsManagedBy(ctx context.Context, staffSubject string) ([]uuid.UUID, error) {
	return r.s.client.OrgUnit.Query().
		Where(orgunit.HasManagerWith(employee.StaffSubject(staffSubject))).IDs(ctx)
}

// Escalate moves the case to WEIGHING and marks the consents it relied on as acted upon.
func (r *Cases) Escalate(ctx context.Context, e cases.Escalation) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(e.CaseID), casefile.Version(e.Version)).
			SetStatus(casefile.StatusWEIGHING).
			SetUnitID(e.UnitID).
			SetEscalatedAt(e.At).
			SetWeighingDueAt(e.WeighingDueAt).
			SetPseudonymous(e.Pseudonymous).
			SetUpdatedAt(e.At)); err != nil {
			return err
		}
		m, err := tx.Consent.Update().
			Where(consent.IDIn(e.ActOn...), consent.RevokedAtIsNil()).
			SetActedUponAt(e.At).Save(ctx)
		if err != nil {
			return err
		}
		if m != len(e.ActOn) {
			return cases.ErrConsentActedUpon // one was revoked meanwhile: roll back
		}
		manager, err := unitManager(ctx, tx, e.UnitID)
		if err != nil {
			return err
		}
		if err := r.s.notifyCase(ctx, tx, notify.KindCaseEscalated, e.CaseID, manager); err != nil {
			return err
		}
		return nil
	})
}

// SaveWeighing stores the decision and moves the case on, if still at the version read.
func (r *Cases) SaveWeighing(ctx context.Context, w cases.WeighingRecord) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		upd := tx.CaseFile.Update().
			Where(casefile.ID(w.CaseID), casefile.Version(w.Version), casefile.StatusEQ(casefile.StatusWEIGHING)).
			SetStatus(casefile.Status(w.NewStatus)).
			SetWeighedAt(w.DecidedAt).
			SetUpdatedAt(w.DecidedAt)
		if w.CaseOutcome != "" {
			upd = upd.SetOutcome(w.CaseOutcome).SetClosedAt(w.DecidedAt)
		}
		if err := saveVersioned(ctx, upd); err != nil {
			return err
		}
		if w.CaseOutcome != "" {
			if err := endAdviserParts(ctx, tx, w.CaseID, "", w.DecidedAt); err != nil {
				return err
			}
		}
		if err := tx.Weighing.Create().SetCaseID(w.CaseID).SetOutcome(weighing.Outcome(w.Outcome)).
			SetDecidedBy(w.DecidedBy).SetDecidedAt(w.DecidedAt).SetContentSealed(w.ContentSealed).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}

// Weighing returns the case's weighing, or nil.
func (r *Cases) Weighing(ctx context.Context, caseID uuid.UUID) (*cases.WeighingRecord, error) {
	w, err := r.s.client.Weighing.Query().Where(weighing.CaseID(caseID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &cases.WeighingRecord{
		CaseID: w.CaseID, Outcome: cases.WeighingOutcome(w.Outcome), DecidedBy: w.DecidedBy,
		DecidedAt: w.DecidedAt.UTC(), ContentSealed: w.ContentSealed,
	}, nil
}

// CloseCase closes the case if still at the version read and in one of the allowed statuses,
// with the feedback message to the reporter if there is one.
func (r *Cases) CloseCase(ctx context.Context, c cases.Closing) error {
	from := make([]casefile.Status, len(c.From))
	for i, st := range c.From {
		from[i] = casefile.Status(st)
	}
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(c.CaseID), casefile.Version(c.Version), casefile.StatusIn(from...)).
			SetStatus(casefile.StatusCLOSED).
			SetOutcome(c.Outcome).
			SetClosedAt(c.At).
			SetUpdatedAt(c.At)); err != nil {
			return err
		}
		if c.Feedback != nil {
			if err := createMessage(ctx, tx, *c.Feedback); err != nil {
				return err
			}
		}
		if err := endAdviserParts(ctx, tx, c.CaseID, "", c.At); err != nil {
			return err
		}
		return nil
	})
}

// endAdviserParts starts the retention clock of the conversation notes of a case: of every
// adviser but keep ("" for all), when the case closes or changes adviser.
func endAdviserParts(ctx context.Context, tx *ent.Tx, caseID uuid.UUID, keep string, at time.Time) error {
	q := tx.Conversation.Update().Where(conversation.CaseID(caseID), conversation.PartEndedAtIsNil())
	if keep != "" {
		q = q.Where(conversation.AdviserSubjectNEQ(keep))
	}
	return q.SetPartEndedAt(at).Exec(ctx)
}

// EndSupport unassigns the adviser and ends their part of the case.
func (r *Cases) EndSupport(ctx context.Context, caseID uuid.UUID, version int64, adviserSubject string, at time.Time) error {
	return r.s.WithTx(ctx, func(tx *ent.Tx) error {
		if err := saveVersioned(ctx, tx.CaseFile.Update().
			Where(casefile.ID(caseID), casefile.Version(version)).
			ClearAdviserID().SetUpdatedAt(at)); err != nil {
			return err
		}
		if err := tx.Conversation.Update().
			Where(conversation.CaseID(caseID), conversation.AdviserSubject(adviserSubject), conversation.PartEndedAtIsNil()).
			SetPartEndedAt(at).Exec(ctx); err != nil {
			return err
		}
		return nil
	})
}
