package cases

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// Finding is the outcome of one allegation.
type Finding string

// The findings.
const (
	Proven       Finding = "PROVEN"
	PartlyProven Finding = "PARTLY_PROVEN"
	NotProven    Finding = "NOT_PROVEN"
)

// Allegation is one allegation, opened.
type Allegation struct {
	ID          uuid.UUID
	NormID      string
	Severity    string
	Description string
	Finding     Finding // "" until the findings are set
	Reasoning   string
}

// AllegationRecord is an allegation as stored: texts sealed.
type AllegationRecord struct {
	ID                uuid.UUID
	CaseID            uuid.UUID
	NormID            string
	Severity          string
	DescriptionSealed []byte
	Finding           Finding
	ReasoningSealed   []byte
	AddedBy           string
	AddedAt           time.Time
}

// HearingRecord is hoor en wederhoor as stored.
type HearingRecord struct {
	CaseID         uuid.UUID
	HeldOn         time.Time
	Declined       bool
	ResponseSealed []byte
	RecordedBy     string
}

// FindingInput is the final finding of one allegation.
type FindingInput struct {
	AllegationID uuid.UUID
	Finding      Finding
	Reasoning    string
}

// ErrHearingExists is returned when the hearing was recorded already.
var ErrHearingExists = errors.New("hearing exists")

func allegationField(id uuid.UUID, part string) string {
	return "allegation/" + id.String() + "/" + part
}

// factFinder loads a case in fact-finding for its manager or a member of its team.
func (s *core) factFinder(ctx context.Context, a StaffActor, ref string) (*CaseRecord, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	if !rel.escalatedManager && !rel.investigator {
		return nil, refusedWith(a, ref, rec, rel, apperr.Forbidden("the fact-finding is for the manager and its team"))
	}
	return rec, nil
}

// AddAllegation adds an allegation tied to a norm of the current rule set.
func (s *InvestigationService) AddAllegation(ctx context.Context, a StaffActor, ref, normID, severity, description string) (Allegation, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return Allegation{}, err
	}
	if !may(ActionAddAllegation).In(rec.Status) {
		return Allegation{}, apperr.FailedPrecondition("allegations are added during fact-finding; case %s is %s", ref, rec.Status)
	}
	if s.normExists == nil {
		return Allegation{}, errors.New("cases: no rule set to check norms against")
	}
	if heard, err := s.invRepo.Heard(ctx, rec.ID); err != nil {
		return Allegation{}, err
	} else if heard {
		return Allegation{}, apperr.FailedPrecondition("the subject was already heard on the draft findings; a new allegation needs a new fact-finding")
	}
	ok, err := s.normExists(ctx, normID)
	if err != nil {
		return Allegation{}, err
	}
	if !ok {
		return Allegation{}, apperr.Invalid("norm_id", "is not a norm of the current rule set (see GET /v1/ruleset)")
	}
	switch severity {
	case "LOW", "MEDIUM", "HIGH":
	default:
		return Allegation{}, apperr.Invalid("severity", "choose low, medium or high")
	}
	if strings.TrimSpace(description) == "" {
		return Allegation{}, apperr.Invalid("description", "describe the alleged conduct")
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Allegation{}, err
	}
	id := uuid.New()
	sealed, err := ck.Seal(allegationField(id, "description"), []byte(description))
	if err != nil {
		return Allegation{}, err
	}
	now := s.clock()
	ar := AllegationRecord{ID: id, CaseID: rec.ID, NormID: normID, Severity: severity, DescriptionSealed: sealed, AddedBy: a.Subject, AddedAt: now}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionAddAllegation, rec.ID, requestID(ctx), "allegation")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.invRepo.AddAllegation(ctx, ar) }); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Allegation{}, apperr.Aborted("case %s moved on just now (hearing or findings); reload it", ref)
		}
		return Allegation{}, err
	}
	return Allegation{ID: id, NormID: normID, Severity: severity, Description: description}, nil
}

// Allegations lists the allegations with their findings, and whether the subject was heard.
func (s *InvestigationService) Allegations(ctx context.Context, a StaffActor, ref string) ([]Allegation, bool, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return nil, false, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "allegations")
	recs, heard, err := s.allegations(ctx, s.invRepo, rec.ID, ev)
	if err != nil {
		return nil, false, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return nil, false, err
	}
	out := make([]Allegation, 0, len(recs))
	for _, r := range recs {
		d, err := ck.Open(allegationField(r.ID, "description"), r.DescriptionSealed)
		if err != nil {
			return nil, false, err
		}
		al := Allegation{ID: r.ID, NormID: r.NormID, Severity: r.Severity, Description: string(d), Finding: r.Finding}
		if r.ReasoningSealed != nil {
			pt, err := ck.Open(allegationField(r.ID, "reasoning"), r.ReasoningSealed)
			if err != nil {
				return nil, false, err
			}
			al.Reasoning = string(pt)
		}
		out = append(out, al)
	}
	return out, heard, nil
}

// RecordHearing records hoor en wederhoor: the subject was heard on the draft findings, with
// their response, or declined to respond.
func (s *InvestigationService) RecordHearing(ctx context.Context, a StaffActor, ref string, heldOn time.Time, response string, declined bool) error {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return err
	}
	if !may(ActionRecordHearing).In(rec.Status) {
		return apperr.FailedPrecondition("the hearing belongs to the fact-finding; case %s is %s", ref, rec.Status)
	}
	if !declined && strings.TrimSpace(response) == "" {
		return apperr.Invalid("response", "record the subject's response, or that they declined to respond")
	}
	now := s.clock()
	if heldOn.IsZero() || heldOn.After(now.Add(5*time.Minute)) {
		return apperr.Invalid("held_on", "give the date the hearing took place (not in the future)")
	}
	evRead := audit.New(now, audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "allegations")
	if als, _, err := s.allegations(ctx, s.invRepo, rec.ID, evRead); err != nil {
		return err
	} else if len(als) == 0 {
		return apperr.FailedPrecondition("the subject is heard on the draft findings: add the allegations first")
	}
	h := HearingRecord{CaseID: rec.ID, HeldOn: heldOn.UTC(), Declined: declined, RecordedBy: a.Subject}
	if !declined {
		ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
		if err != nil {
			return err
		}
		if h.ResponseSealed, err = ck.Seal("hearing/response", []byte(response)); err != nil {
			return err
		}
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionRecordHearing, rec.ID, requestID(ctx), "hearing")
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.invRepo.RecordHearing(ctx, h) }); err != nil {
		if errors.Is(err, ErrHearingExists) {
			return apperr.Conflict("the hearing of case %s was recorded already", ref)
		}
		return err
	}
	return nil
}

// SetFindings sets the final finding of every allegation and moves the case to ASSESSMENT. It is
// refused before the subject was heard on the draft findings.
func (s *InvestigationService) SetFindings(ctx context.Context, a StaffActor, ref string, in []FindingInput, version int64) (Summary, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	if err := moves(ActionSetFindings, rec.Status, StatusAssessment); err != nil {
		return Summary{}, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "allegations")
	recs, heard, err := s.allegations(ctx, s.invRepo, rec.ID, ev)
	if err != nil {
		return Summary{}, err
	}
	if !heard {
		return Summary{}, apperr.FailedPrecondition("the subject has not been heard on the draft findings (hoor en wederhoor); record the hearing first")
	}
	if len(recs) == 0 {
		return Summary{}, apperr.FailedPrecondition("case %s has no allegations", ref)
	}
	byID := map[uuid.UUID]FindingInput{}
	for i, f := range in {
		switch f.Finding {
		case Proven, PartlyProven, NotProven:
		default:
			return Summary{}, apperr.Invalid("findings", "finding %d: choose proven, partly proven or not proven", i+1)
		}
		if strings.TrimSpace(f.Reasoning) == "" {
			return Summary{}, apperr.Invalid("findings", "finding %d: give the reasoning", i+1)
		}
		byID[f.AllegationID] = f
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return Summary{}, err
	}
	var out []AllegationRecord
	for _, r := range recs {
		f, ok := byID[r.ID]
		if !ok {
			return Summary{}, apperr.Invalid("findings", "every allegation needs a finding; allegation %s has none", r.ID)
		}
		delete(byID, r.ID)
		sealed, err := ck.Seal(allegationField(r.ID, "reasoning"), []byte(f.Reasoning))
		if err != nil {
			return Summary{}, err
		}
		r.Finding, r.ReasoningSealed = f.Finding, sealed
		out = append(out, r)
	}
	if len(byID) > 0 {
		return Summary{}, apperr.Invalid("findings", "a finding names an allegation that is not in this case")
	}
	if s.ruleSet == nil {
		return Summary{}, errors.New("cases: no rule set configured")
	}
	rs, err := s.ruleSet(ctx, "")
	if err != nil {
		return Summary{}, err
	}
	now := s.clock()
	ev = audit.New(now, audit.Staff(a.Subject), audit.ActionSetFindings, rec.ID, requestID(ctx), "findings", "status", "rule_set_version")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.invRepo.SetFindings(ctx, rec.ID, version, out, rs.Version(), now)
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, errStale(ref)
		}
		return Summary{}, err
	}
	sum := rec.Summary
	sum.Status, sum.RuleSetVersion = StatusAssessment, rs.Version()
	sum.Version++
	return sum, nil
}

// ErrAssessmentExists is returned when the assessment was recorded already.
var ErrAssessmentExists = errors.New("assessment exists")

// RecordAssessment records how the proven facts qualify under the norms. It belongs to the
// ASSESSMENT phase, after the findings; a sanction is decided only after it.
func (s *InvestigationService) RecordAssessment(ctx context.Context, a StaffActor, ref, qualification string, grounds []string) error {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return err
	}
	if !may(ActionRecordAssessment).In(rec.Status) {
		return apperr.FailedPrecondition("the assessment follows the findings; case %s is %s", ref, rec.Status)
	}
	if len(strings.TrimSpace(qualification)) < 20 {
		return apperr.Invalid("qualification", "qualify the proven facts against the norms in a few sentences")
	}
	if err := validateGrounds(rec.Category, grounds); err != nil {
		return err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return err
	}
	sealed, err := ck.Seal("assessment", []byte(qualification))
	if err != nil {
		return err
	}
	now := s.clock()
	fields := []string{"assessment"}
	if len(grounds) > 0 {
		fields = append(fields, "grounds")
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionRecordAssessment, rec.ID, requestID(ctx), fields...)
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.invRepo.RecordAssessment(ctx, rec.ID, sealed, normalGrounds(grounds), a.Subject, now)
	}); err != nil {
		if errors.Is(err, ErrAssessmentExists) {
			return apperr.Conflict("the assessment of case %s was recorded already", ref)
		}
		return err
	}
	return nil
}
