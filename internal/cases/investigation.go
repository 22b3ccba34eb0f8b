package cases

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Plan is the plan of a fact-finding: scope and questions.
type Plan struct {
	Scope     string   `json:"scope"`
	Questions []string `json:"questions,omitempty"`
}

// Investigation is a fact-finding, opened.
type Investigation struct {
	Plan      Plan
	Team      []string // staff subjects of the integrity team members
	StartedBy string
	StartedAt time.Time
}

// InvestigationRecord is an investigation as stored: the plan sealed.
type InvestigationRecord struct {
	CaseID     uuid.UUID
	Version    int64 // the case version read
	StartedBy  string
	StartedAt  time.Time
	PlanSealed []byte
	Team       []string
}

// ErrInvestigationExists is returned when the case's fact-finding was started already.
var ErrInvestigationExists = errors.New("investigation exists")

const fieldPlan = "investigation_plan"

// StartInvestigation starts the fact-finding of a case weighed as a reasonable suspicion, by the
// manager it was escalated to, with integrity team members none of whom is conflicted in it.
func (s *InvestigationService) StartInvestigation(ctx context.Context, a StaffActor, ref string, plan Plan, team []string, version int64) (Investigation, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Investigation{}, err
	}
	if !may(ActionStartInvestigation).permits(a, rel) {
		return Investigation{}, apperr.Forbidden("only the accountable manager starts the fact-finding")
	}
	if !may(ActionStartInvestigation).In(rec.Status) {
		return Investigation{}, apperr.FailedPrecondition("case %s is not in fact-finding (status %s): a fact-finding follows a weighing of reasonable suspicion", ref, rec.Status)
	}
	if rec.Version != version {
		return Investigation{}, errStale(ref)
	}
	if strings.TrimSpace(plan.Scope) == "" {
		return Investigation{}, apperr.Invalid("plan.scope", "describe what the fact-finding is to establish")
	}
	if len(team) == 0 {
		return Investigation{}, apperr.Invalid("team", "name at least one member of the integrity team")
	}
	conflicted, err := s.orgRepo.ConflictedSubjects(ctx, rec.ID)
	if err != nil {
		return Investigation{}, err
	}
	for _, m := range team {
		if slices.Contains(conflicted, m) {
			return Investigation{}, errConflictOfInterest
		}
		if m == a.Subject {
			return Investigation{}, apperr.Invalid("team", "the manager directs the fact-finding; the team is the integrity team's members")
		}
	}
	payload, err := json.Marshal(plan)
	if err != nil {
		return Investigation{}, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Investigation{}, err
	}
	sealed, err := ck.Seal(fieldPlan, payload)
	if err != nil {
		return Investigation{}, err
	}
	now := s.clock()
	ir := InvestigationRecord{CaseID: rec.ID, Version: version, StartedBy: a.Subject, StartedAt: now, PlanSealed: sealed, Team: team}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionStartInvestigation, rec.ID, requestID(ctx), "investigation", "team")
	switch err := s.logged(ctx, ev, func(ctx context.Context) error { return s.invRepo.StartInvestigation(ctx, ir) }); {
	case errors.Is(err, ErrVersionConflict):
		return Investigation{}, errStale(ref)
	case errors.Is(err, ErrInvestigationExists):
		return Investigation{}, apperr.Conflict("the fact-finding of case %s was started already", ref)
	case err != nil:
		return Investigation{}, err
	}
	return Investigation{Plan: plan, Team: team, StartedBy: a.Subject, StartedAt: now}, nil
}

// GetInvestigation shows the fact-finding to the manager and its team; the read is audited.
func (s *InvestigationService) GetInvestigation(ctx context.Context, a StaffActor, ref string) (Investigation, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Investigation{}, err
	}
	if !rel.escalatedManager && !rel.investigator {
		return Investigation{}, refusedWith(a, ref, rec, rel, apperr.Forbidden("the fact-finding is for the manager and its team"))
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadInvestigation, rec.ID, requestID(ctx), "investigation")
	ir, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (*InvestigationRecord, error) { return s.invRepo.Investigation(ctx, rec.ID) })
	if err != nil {
		return Investigation{}, err
	}
	if ir == nil {
		return Investigation{}, apperr.FailedPrecondition("the fact-finding of case %s has not been started yet", ref)
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Investigation{}, err
	}
	pt, err := ck.Open(fieldPlan, ir.PlanSealed)
	if err != nil {
		return Investigation{}, err
	}
	var p Plan
	if err := json.Unmarshal(pt, &p); err != nil {
		return Investigation{}, err
	}
	return Investigation{Plan: p, Team: ir.Team, StartedBy: ir.StartedBy, StartedAt: ir.StartedAt}, nil
}
