package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// Circumstances are the assessed circumstances of a case, as rule-set ids.
type Circumstances struct {
	Aggravating, Mitigating []string
	PriorViolations         int
}

// SanctionRecord is a sanction decision as stored.
type SanctionRecord struct {
	CaseID           uuid.UUID
	Version          int64 // the case version read
	Sanction         string
	Recommended      string
	RuleSetVersion   string
	Lighter          bool
	MotivationSealed []byte
	FactsKnownAt     time.Time
	DecidedAt        time.Time
	DecidedBy        string
	Late             bool
	Circumstances    string // JSON of the assessed circumstances, to explain the decision later
	FiredRules       string // JSON of the rules that fired
}

// ErrSanctionExists is returned when the case has a sanction decision already.
var ErrSanctionExists = errors.New("sanction decision exists")

// evaluate evaluates the case's findings against the current rule set.
func (s *SanctionService) evaluate(ctx context.Context, rec *CaseRecord, c Circumstances, ev audit.Event) (sanctions.Result, []AllegationRecord, error) {
	if s.ruleSet == nil {
		return sanctions.Result{}, nil, errors.New("cases: no rule set configured")
	}
	// The case is assessed under the rules in force when its findings were set.
	rs, err := s.ruleSet(ctx, rec.RuleSetVersion)
	if err != nil {
		return sanctions.Result{}, nil, err
	}
	recs, _, err := s.allegations(ctx, s.invRepo, rec.ID, ev)
	if err != nil {
		return sanctions.Result{}, nil, err
	}
	f := sanctions.Facts{Aggravating: c.Aggravating, Mitigating: c.Mitigating, PriorViolations: c.PriorViolations}
	for _, r := range recs {
		if r.Finding == "" {
			continue
		}
		f.Findings = append(f.Findings, sanctions.Finding{
			NormID: r.NormID, Outcome: sanctions.Outcome(r.Finding), Severity: sanctions.Severity(r.Severity),
		})
	}
	res, err := rs.Evaluate(f)
	if err != nil {
		return sanctions.Result{}, nil, apperr.Invalid("circumstances", "%s", err.Error())
	}
	return res, recs, nil
}

// EvaluateSanction shows the manager and the team what the rules allow and recommend.
func (s *SanctionService) EvaluateSanction(ctx context.Context, a StaffActor, ref string, c Circumstances) (sanctions.Result, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return sanctions.Result{}, err
	}
	if !may(ActionEvaluateSanction).In(rec.Status) {
		return sanctions.Result{}, apperr.FailedPrecondition("case %s has no findings to evaluate yet (status %s)", ref, rec.Status).Because(apperr.ReasonCaseStatus)
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "findings")
	res, _, err := s.evaluate(ctx, rec, c, ev)
	return res, err
}

// DecideSanction records the accountable manager's sanction under the current rule set. Under
// zero tolerance a sanction outside the allowed set is refused; a lighter sanction than the one
// recommended needs a written motivation. A summary dismissal long after the facts became known
// is recorded with a warning (it must be given without delay).
func (s *SanctionService) DecideSanction(ctx context.Context, a StaffActor, ref string, chosen sanctions.Sanction, motivation string, c Circumstances, factsKnownAt time.Time, version int64) (Summary, sanctions.Result, string, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Summary{}, sanctions.Result{}, "", err
	}
	if !may(ActionDecideSanction).permits(a, rel) {
		return Summary{}, sanctions.Result{}, "", apperr.Forbidden("only the accountable manager decides the sanction").Because(apperr.ReasonNotAccountableManager)
	}
	if rec.Version != version {
		return Summary{}, sanctions.Result{}, "", errStale(ref)
	}
	if err := moves(ActionDecideSanction, rec.Status, StatusSanction); err != nil {
		return Summary{}, sanctions.Result{}, "", err
	}
	assessed, err := s.invRepo.Assessed(ctx, rec.ID)
	if err != nil {
		return Summary{}, sanctions.Result{}, "", err
	}
	if !assessed {
		return Summary{}, sanctions.Result{}, "", apperr.FailedPrecondition("record the assessment (the proven facts qualified against the norms) before deciding the sanction").Because(apperr.ReasonAssessmentMissing)
	}
	now := s.clock()
	// Facts become known with the report at the earliest. A date without a time (the staff page
	// takes noon) may lie hours before the report on the day it came in, so a day's slack.
	if factsKnownAt.IsZero() || factsKnownAt.After(now.Add(5*time.Minute)) || factsKnownAt.Before(rec.ReceivedAt.Add(-24*time.Hour)) {
		return Summary{}, sanctions.Result{}, "", apperr.Invalid("facts_known_at", "give when the facts became known: after the report, not in the future").Because(apperr.ReasonFactsKnownAtOutOfRange)
	}
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "findings")
	res, _, err := s.evaluate(ctx, rec, c, ev)
	if err != nil {
		return Summary{}, sanctions.Result{}, "", err
	}
	if err := res.Check(chosen, motivation); err != nil {
		switch {
		case errors.Is(err, sanctions.ErrOutsideAllowed):
			return Summary{}, res, "", apperr.FailedPrecondition("zero tolerance: proven discrimination allows only %v; %s is not among them", res.Allowed, chosen).Because(apperr.ReasonSanctionOutsideAllowed)
		case errors.Is(err, sanctions.ErrMotivationRequired):
			return Summary{}, res, "", apperr.Invalid("motivation", "a sanction lighter than the recommended %s needs a written motivation of a few sentences", *res.Recommended).Because(apperr.ReasonMotivationRequired)
		case errors.Is(err, sanctions.ErrNoSanctionAllowed):
			return Summary{}, res, "", apperr.FailedPrecondition("nothing is proven, so no sanction may be imposed; close the case instead").Because(apperr.ReasonNoSanctionAllowed)
		}
		return Summary{}, res, "", apperr.Invalid("sanction", "%s", err.Error())
	}
	circ, err := json.Marshal(c)
	if err != nil {
		return Summary{}, res, "", err
	}
	fired, err := json.Marshal(res.Fired)
	if err != nil {
		return Summary{}, res, "", err
	}
	sr := SanctionRecord{
		CaseID: rec.ID, Version: version, Sanction: string(chosen), RuleSetVersion: res.RuleSetVersion,
		FactsKnownAt: factsKnownAt.UTC(), DecidedAt: now, DecidedBy: a.Subject,
		Circumstances: string(circ), FiredRules: string(fired),
	}
	if res.Recommended != nil {
		sr.Recommended = string(*res.Recommended)
		sr.Lighter = chosen.Weight() < res.Recommended.Weight()
	}
	if motivation != "" {
		ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
		if err != nil {
			return Summary{}, res, "", err
		}
		if sr.MotivationSealed, err = ck.Seal("sanction/motivation", []byte(motivation)); err != nil {
			return Summary{}, res, "", err
		}
	}
	var warning string
	prompt := s.policy.DismissPromptly
	if prompt <= 0 {
		prompt = DefaultPolicy().DismissPromptly
	}
	if chosen == sanctions.SummaryDismissal && now.Sub(factsKnownAt) > prompt {
		sr.Late = true
		warning = fmt.Sprintf("summary dismissal decided %d days after the facts became known: the Civil Code (7:677) requires it without delay; this is recorded", int(now.Sub(factsKnownAt).Hours()/24))
	}
	ev = audit.New(now, audit.Staff(a.Subject), audit.ActionDecideSanction, rec.ID, requestID(ctx), "sanction", "status")
	switch err := s.logged(ctx, ev, func(ctx context.Context) error { return s.sanctionRepo.DecideSanction(ctx, sr) }); {
	case errors.Is(err, ErrVersionConflict):
		return Summary{}, res, "", errStale(ref)
	case errors.Is(err, ErrSanctionExists):
		return Summary{}, res, "", apperr.Conflict("case %s has a sanction decision already", ref).Because(apperr.ReasonSanctionDecided)
	case err != nil:
		return Summary{}, res, "", err
	}
	out := rec.Summary
	out.Status = StatusSanction
	out.Version++
	return out, res, warning, nil
}

// CloseAfterAssessment closes an assessed (or sanctioned) case with its outcome and the
// feedback to the reporter. Proven discrimination cannot be closed without a sanction decision.
func (s *SanctionService) CloseAfterAssessment(ctx context.Context, a StaffActor, ref, feedback string, version int64) (Summary, error) {
	rec, rel, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return Summary{}, err
	}
	if !may(ActionCloseAfterAssessment).permits(a, rel) {
		return Summary{}, apperr.Forbidden("only the accountable manager closes the case")
	}
	if rec.Version != version {
		return Summary{}, errStale(ref)
	}
	if !may(ActionCloseAfterAssessment).In(rec.Status) {
		return Summary{}, apperr.FailedPrecondition("case %s is not assessed yet (status %s)", ref, rec.Status).Because(apperr.ReasonCaseStatus)
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionReadAllegations, rec.ID, requestID(ctx), "findings")
	res, _, err := s.evaluate(ctx, rec, Circumstances{}, ev)
	if err != nil {
		return Summary{}, err
	}
	sanctioned := rec.Status == StatusSanction
	if res.ZeroTolerance && !sanctioned {
		return Summary{}, apperr.FailedPrecondition("zero tolerance: proven discrimination is always sanctioned; decide the sanction before closing")
	}
	outcome := "NOT_PROVEN"
	switch {
	case sanctioned:
		outcome = "PROVEN_WITH_SANCTION"
	case !res.NoSanctionAllowed:
		outcome = "PROVEN_WITHOUT_SANCTION"
	}
	msg, err := s.sealMessage(rec, AuthorStaff, a.Subject, feedback, now)
	if err != nil {
		return Summary{}, err
	}
	ev = audit.New(now, audit.Staff(a.Subject), audit.ActionClose, rec.ID, requestID(ctx), "status", "outcome", "message")
	if err := s.logged(ctx, ev, func(ctx context.Context) error {
		return s.sanctionRepo.CloseCase(ctx, Closing{
			CaseID: rec.ID, Version: version, Outcome: outcome, At: now,
			From: may(ActionCloseAfterAssessment).States, Feedback: &msg,
		})
	}); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return Summary{}, errStale(ref)
		}
		return Summary{}, err
	}
	out := rec.Summary
	out.Status, out.Outcome = StatusClosed, outcome
	out.Version++
	return out, nil
}
