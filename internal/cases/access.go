package cases

import (
	"context"
	"slices"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"

	"github.com/google/uuid"
)

// AdviserRef is what the case domain needs to know of an adviser.
type AdviserRef struct {
	ID           uuid.UUID
	StaffSubject string
	Name         string
	Active       bool
}

// relation is how a staff member stands to one case. It is computed per call from the case and
// the organisation data, never cached, so a new subject link takes effect at once.
type relation struct {
	conflicted      bool // the actor is a subject of the case, or manages a subject
	intakeHandler   bool // intake staff, and the case came in through the web form
	assignedAdviser bool // the actor is the case's assigned adviser
	// escalatedManager: the actor manages the unit the case was escalated to.
	escalatedManager bool
	// investigator: the actor is on the case's fact-finding team (integrity team).
	investigator bool
}

// mayHandle is the need-to-know rule for those who support the reporter: a conflict of interest
// excludes whatever the role.
func (r relation) mayHandle() bool {
	return !r.conflicted && (r.intakeHandler || r.assignedAdviser)
}

// mayRead adds the manager the case was escalated to, who reads the report (pseudonymously
// unless the reporter consented to disclose their identity) but not the conversation.
func (r relation) mayRead() bool {
	return r.mayHandle() || (!r.conflicted && (r.escalatedManager || r.investigator))
}

func (s *core) relation(ctx context.Context, a StaffActor, rec *CaseRecord) (relation, error) {
	conflicted, err := s.orgRepo.ConflictedSubjects(ctx, rec.ID)
	if err != nil {
		return relation{}, err
	}
	r := relation{
		conflicted:    slices.Contains(conflicted, a.Subject),
		intakeHandler: a.Intake && rec.Channel == ChannelWebForm,
	}
	if a.Manager && rec.UnitID != nil && rec.EscalatedAt != nil {
		unit, err := s.orgRepo.UnitByID(ctx, *rec.UnitID)
		if err != nil {
			return relation{}, err
		}
		r.escalatedManager = unit != nil && unit.ManagerSubject != "" && unit.ManagerSubject == a.Subject
	}
	if a.IntegrityTeam && rec.EscalatedAt != nil {
		on, err := s.team.InvestigatorOf(ctx, rec.ID, a.Subject)
		if err != nil {
			return relation{}, err
		}
		r.investigator = on
	}
	if a.Adviser && rec.AdviserID != nil {
		adv, err := s.orgRepo.AdviserByID(ctx, *rec.AdviserID)
		if err != nil {
			return relation{}, err
		}
		r.assignedAdviser = adv != nil && adv.StaffSubject == a.Subject
	}
	return r, nil
}

// adviserFor checks that an adviser can take this case: they exist, are active, and have no
// conflict of interest in it.
func (s *core) adviserFor(ctx context.Context, caseID *uuid.UUID, adviserID uuid.UUID) (*AdviserRef, error) {
	adv, err := s.orgRepo.AdviserByID(ctx, adviserID)
	if err != nil {
		return nil, err
	}
	if adv == nil || !adv.Active {
		return nil, errNoSuchAdviser
	}
	if caseID != nil {
		conflicted, err := s.orgRepo.ConflictedSubjects(ctx, *caseID)
		if err != nil {
			return nil, err
		}
		if slices.Contains(conflicted, adv.StaffSubject) {
			return nil, errConflictOfInterest
		}
	}
	return adv, nil
}

// staffCaseRel loads a case the actor may at least read, with the actor's relation to it.
func (s *core) staffCaseRel(ctx context.Context, a StaffActor, ref string) (*CaseRecord, relation, error) {
	rec, err := s.caseRepo.CaseByReference(ctx, ref)
	if err != nil {
		return nil, relation{}, err
	}
	if rec == nil {
		return nil, relation{}, refused(a, ref, nil, relation{})
	}
	rel, err := s.relation(ctx, a, rec)
	if err != nil {
		return nil, relation{}, err
	}
	if !rel.mayRead() {
		return nil, relation{}, refused(a, ref, rec, rel)
	}
	if rec.ContentDestroyedAt != nil {
		return nil, relation{}, errDestroyed(ref)
	}
	return rec, rel, nil
}

// refused is the answer to an actor who may not open the case ref (rec nil: no case has it):
// "no case that you handle", the same whether the case exists or not, so that references cannot
// be probed; marked as a refusal, which the server records in the audit trail (audit.Refusal)
// with the kind of reason the relation gives.
func refused(a StaffActor, ref string, rec *CaseRecord, rel relation) error {
	return refusedWith(a, ref, rec, rel, apperr.NotFound("no case %s that you handle", ref))
}

// refusedWith marks answer as the refusal of the case to a, for the audit trail.
func refusedWith(a StaffActor, ref string, rec *CaseRecord, rel relation, answer error) error {
	r := &audit.Refusal{Err: answer, Subject: a.Subject, Ref: ref, Reason: audit.RefusedNotAssigned}
	switch {
	case rec == nil:
		r.Reason = audit.RefusedUnknownCase
	case rel.conflicted:
		r.Reason = audit.RefusedConflict
	}
	if rec != nil {
		id := rec.ID
		r.CaseID = &id
	}
	return r
}

func errDestroyed(ref string) error {
	return apperr.FailedPrecondition("the content of case %s was destroyed at the end of its retention period", ref)
}
