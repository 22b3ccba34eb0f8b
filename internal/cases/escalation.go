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

// UnitRef is what the case domain needs to know of an organisational unit.
type UnitRef struct {
	ID             uuid.UUID
	Code           string
	Name           string
	ParentCode     string
	ManagerSubject string // staff subject of the unit's manager; "" when none can sign in
}

// Escalation is the change Escalate makes.
type Escalation struct {
	CaseID        uuid.UUID
	Version       int64
	UnitID        uuid.UUID
	At            time.Time
	WeighingDueAt time.Time
	Pseudonymous  bool
	ActOn         []uuid.UUID // consents relied upon, marked acted upon
}

// WeighingOutcome is the manager's decision.
type WeighingOutcome string

// The weighing outcomes.
const (
	NoReasonableSuspicion WeighingOutcome = "NO_REASONABLE_SUSPICION"
	ReasonableSuspicion   WeighingOutcome = "REASONABLE_SUSPICION"
	ReferElsewhere        WeighingOutcome = "REFER_ELSEWHERE"
	ResolvedInformally    WeighingOutcome = "RESOLVED_INFORMALLY"
)

// closingOutcome is the case outcome (domain.md §9) a weighing outcome closes the case with.
var closingOutcome = map[WeighingOutcome]string{
	NoReasonableSuspicion: "NO_REASONABLE_SUSPICION",
	ReferElsewhere:        "REFERRED",
	ResolvedInformally:    "RESOLVED_INFORMALLY",
}

// ClosingOutcome returns the case outcome a weighing outcome closes the case with, at the
// moment of the weighing, and false for the outcome that leads to fact-finding instead.
func ClosingOutcome(o WeighingOutcome) (string, bool) {
	out, ok := closingOutcome[o]
	return out, ok
}

// Checklist is the structured part of a weighing.
type Checklist struct {
	ConcreteFacts bool   `json:"concrete_facts"`
	Norm          string `json:"norm,omitempty"`
	Severity      string `json:"severity"` // LOW, MEDIUM, HIGH
	Repetition    bool   `json:"repetition"`
}

// Weighing is a recorded weighing decision.
type Weighing struct {
	Outcome   WeighingOutcome
	Rationale string
	Checklist Checklist
	DecidedBy string
	DecidedAt time.Time
}

// WeighingRecord is a weighing as stored: content sealed.
type WeighingRecord struct {
	CaseID        uuid.UUID
	Version       int64 // the case version read
	Outcome       WeighingOutcome
	DecidedBy     string
	DecidedAt     time.Time
	ContentSealed []byte
	NewStatus     Status
	CaseOutcome   string // set when the weighing closes the case
}

const fieldWeighing = "weighing"

// Escalate passes the signal to the accountable manager of a unit, who must weigh it. It needs
// the reporter's active consent to a formal report; without consent to disclose their identity
// the manager gets a pseudonymous case and the identity stays with the adviser.
func (s *SupportService) Escalate(ctx context.Context, a StaffActor, ref, unitCode string, version int64) (Summary, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	// Passing on again (re-routing) a signal already waiting to be weighed: by who handles it,
	// or by its manager passing it up (say, to the unit above when it is too close to them).
	reroute := may(ActionReroute).In(rec.Status)
	action := ActionEscalate
	if reroute {
		action = ActionReroute
	}
	if !may(action).permits(a, rel) {
		return Summary{}, refused(a, ref, rec, rel)
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	var cs []Consent
	var formal *Consent
	if !reroute {
		if err := moves(ActionEscalate, rec.Status, StatusWeighing); err != nil {
			return Summary{}, err
		}
		if cs, err = s.supportRepo.Consents(ctx, rec.ID); err != nil {
			return Summary{}, err
		}
		if formal = activeConsent(cs, PurposeFormalReport); formal == nil {
			return Summary{}, apperr.FailedPrecondition("the reporter has not consented to a formal report; nothing leaves the adviser without that consent")
		}
	}
	unit, err := s.orgRepo.UnitByCode(ctx, strings.TrimSpace(unitCode))
	if err != nil {
		return Summary{}, err
	}
	if unit == nil {
		return Summary{}, apperr.Invalid("unit_code", "no organisational unit has this code")
	}
	if unit.ManagerSubject == "" {
		return Summary{}, apperr.FailedPrecondition("unit %s has no manager who can sign in; escalate to the unit above it", unit.Code)
	}
	if reroute && rec.UnitID != nil && *rec.UnitID == unit.ID {
		return Summary{}, apperr.FailedPrecondition("case %s is already with the manager of unit %s", ref, unit.Code)
	}
	conflicted, err := s.orgRepo.ConflictedSubjects(ctx, rec.ID)
	if err != nil {
		return Summary{}, err
	}
	if slices.Contains(conflicted, unit.ManagerSubject) {
		return Summary{}, errConflictOfInterest
	}
	now := s.clock()
	e := Escalation{CaseID: rec.ID, Version: version, UnitID: unit.ID, At: now, WeighingDueAt: now.Add(s.policy.WeighWithin)}
	if reroute {
		// The consents were acted upon at the first escalation; the deadline keeps running.
		e.At, e.WeighingDueAt, e.Pseudonymous = *rec.EscalatedAt, *rec.WeighingDueAt, rec.Pseudonymous
	} else {
		e.ActOn = []uuid.UUID{formal.ID}
		if c := activeConsent(cs, PurposePassOn); c != nil {
			e.ActOn = append(e.ActOn, c.ID)
		}
		if c := activeConsent(cs, PurposeDiscloseIdentity); c != nil && rec.Anonymity != Anonymous {
			e.ActOn = append(e.ActOn, c.ID)
		} else {
			e.Pseudonymous = true
		}
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionEscalate, rec.ID, requestID(ctx), "status", "unit", "consents")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.supportRepo.Escalate(ctx, e) }); err != nil {
		switch {
		case errors.Is(err, ErrVersionConflict):
			return Summary{}, errStale(ref)
		case errors.Is(err, ErrConsentActedUpon):
			return Summary{}, apperr.Aborted("the reporter's consent changed just now; reload the case")
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.Status, out.UnitID, out.EscalatedAt, out.WeighingDueAt = StatusWeighing, &unit.ID, &e.At, &e.WeighingDueAt
	out.Pseudonymous = e.Pseudonymous
	out.Version++
	return out, nil
}

// Weigh records the accountable manager's decision with its rationale and checklist. A reasonable
// suspicion moves the case to fact-finding; every other outcome closes it with that outcome.
func (s *WeighingService) Weigh(ctx context.Context, a StaffActor, ref string, w Weighing, version int64) (Summary, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if !may(ActionWeigh).permits(a, rel) {
		return Summary{}, apperr.Forbidden("only the accountable manager the case was escalated to weighs it")
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	next := StatusClosed
	if w.Outcome == ReasonableSuspicion {
		next = StatusFactFinding
	} else if _, ok := closingOutcome[w.Outcome]; !ok {
		return Summary{}, apperr.Invalid("outcome", "choose one of the weighing outcomes")
	}
	if !may(ActionWeigh).In(rec.Status) {
		return Summary{}, apperr.FailedPrecondition("case %s is not waiting to be weighed (status %s)", ref, rec.Status)
	}
	if err := checkTransition(rec.Status, next); err != nil {
		return Summary{}, err
	}
	if len(strings.TrimSpace(w.Rationale)) < 20 {
		return Summary{}, apperr.Invalid("rationale", "write down why: at least a few sentences")
	}
	switch w.Checklist.Severity {
	case "LOW", "MEDIUM", "HIGH":
	default:
		return Summary{}, apperr.Invalid("checklist.severity", "choose low, medium or high")
	}
	now := s.clock()
	w.DecidedBy, w.DecidedAt = a.Subject, now
	payload, err := json.Marshal(struct {
		Rationale string    `json:"rationale"`
		Checklist Checklist `json:"checklist"`
	}{w.Rationale, w.Checklist})
	if err != nil {
		return Summary{}, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Summary{}, err
	}
	sealed, err := ck.Seal(fieldWeighing, payload)
	if err != nil {
		return Summary{}, err
	}
	wr := WeighingRecord{
		CaseID: rec.ID, Version: version, Outcome: w.Outcome, DecidedBy: a.Subject, DecidedAt: now,
		ContentSealed: sealed, NewStatus: next, CaseOutcome: closingOutcome[w.Outcome],
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionWeigh, rec.ID, requestID(ctx), "weighing", "status")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.weighingRepo.SaveWeighing(ctx, wr) }); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, errStale(ref)
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.Status, out.WeighedAt, out.Outcome = next, &now, wr.CaseOutcome
	out.Version++
	return out, nil
}

func (s *core) openWeighing(rec *CaseRecord, wr *WeighingRecord) (*Weighing, error) {
	if wr == nil {
		return nil, nil
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return nil, err
	}
	pt, err := ck.Open(fieldWeighing, wr.ContentSealed)
	if err != nil {
		return nil, err
	}
	var c struct {
		Rationale string    `json:"rationale"`
		Checklist Checklist `json:"checklist"`
	}
	if err := json.Unmarshal(pt, &c); err != nil {
		return nil, err
	}
	return &Weighing{Outcome: wr.Outcome, Rationale: c.Rationale, Checklist: c.Checklist, DecidedBy: wr.DecidedBy, DecidedAt: wr.DecidedAt}, nil
}
