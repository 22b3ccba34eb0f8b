package sanctions

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Finding is the outcome of one allegation, tied to a norm.
type Finding struct {
	NormID   string
	Outcome  Outcome
	Severity Severity
}

// Facts are the assessed facts of a case.
type Facts struct {
	Findings []Finding
	// Aggravating and Mitigating hold circumstance ids of the rule set. Order and duplicates do
	// not matter.
	Aggravating, Mitigating []string
	// PriorViolations is the number of earlier proven violations by the same employee.
	PriorViolations int
}

// FiredRule is a rule that contributed to a Result.
type FiredRule struct {
	ID          string
	Explanation string
}

// Result is the evaluation of Facts against a rule set.
type Result struct {
	RuleSetVersion string
	// Allowed holds the allowed sanctions, lightest first; empty when nothing is proven.
	Allowed []Sanction
	// Recommended is nil when nothing is proven.
	Recommended *Sanction
	// NoSanctionAllowed: nothing is proven, so no sanction may be imposed.
	NoSanctionAllowed bool
	// ZeroTolerance: a zero-tolerance norm is proven violated.
	ZeroTolerance bool
	// Governing is the norm whose guidance set the starting point ("" when nothing is proven).
	Governing string
	Fired     []FiredRule
}

// Errors of Evaluate; match with errors.Is.
var (
	ErrUnknownNorm         = errors.New("unknown norm")
	ErrUnknownCircumstance = errors.New("unknown circumstance")
	ErrInvalidFacts        = errors.New("invalid facts")
)

// FactsError reports what is wrong with Facts; Kind is one of the errors above, IDs the offending
// values, sorted.
type FactsError struct {
	Kind error
	IDs  []string
}

func (e *FactsError) Error() string { return fmt.Sprintf("%v: %s", e.Kind, strings.Join(e.IDs, ", ")) }

// Unwrap returns Kind.
func (e *FactsError) Unwrap() error { return e.Kind }

type provenFinding struct {
	norm     *Norm
	severity Severity // after repetition escalation
	given    Severity
	partly   bool
}

// Evaluate maps the facts to the allowed sanctions and a recommended one. It is deterministic and
// independent of the order of findings and circumstances. See the package documentation for the
// model.
func (rs *RuleSet) Evaluate(f Facts) (Result, error) {
	if err := rs.validateFacts(f); err != nil {
		return Result{}, err
	}
	res := Result{RuleSetVersion: rs.f.Version}
	fire := func(id, format string, args ...any) {
		res.Fired = append(res.Fired, FiredRule{ID: id, Explanation: fmt.Sprintf(format, args...)})
	}

	// Proven findings, one per (norm, severity), in a canonical order. PARTLY_PROVEN counts as proven.
	type key struct {
		norm string
		sev  Severity
	}
	merged := map[key]*provenFinding{}
	for _, fd := range f.Findings {
		if !fd.Outcome.proven() {
			continue
		}
		k := key{fd.NormID, fd.Severity}
		pf := merged[k]
		if pf == nil {
			pf = &provenFinding{norm: rs.norms[fd.NormID], given: fd.Severity, severity: fd.Severity, partly: true}
			merged[k] = pf
		}
		// A norm and severity also found fully proven is not "only partly" proven.
		pf.partly = pf.partly && fd.Outcome == PartlyProven
	}
	proven := make([]*provenFinding, 0, len(merged))
	for _, pf := range merged {
		proven = append(proven, pf)
	}
	slices.SortFunc(proven, func(a, b *provenFinding) int {
		return cmp.Or(cmp.Compare(a.norm.ID, b.norm.ID), cmp.Compare(a.given.rank(), b.given.rank()))
	})

	if len(proven) == 0 {
		res.NoSanctionAllowed = true
		fire("NOTHING_PROVEN", "No finding is proven or partly proven, so no sanction may be imposed.")
		return res, nil
	}

	for _, pf := range proven {
		if pf.partly {
			fire("PARTLY_PROVEN:"+pf.norm.ID,
				"The finding on %s is partly proven; it counts as proven for the facts that were found, at the severity assessed for those facts.", pf.norm.ID)
		}
	}

	rep := rs.f.Repetition
	if rep.SeverityEscalationAt > 0 && f.PriorViolations >= rep.SeverityEscalationAt {
		var raised []string
		for _, pf := range proven {
			if r := pf.given.rank(); r < len(severityOrder)-1 {
				pf.severity = severityOrder[r+1]
				raised = append(raised, fmt.Sprintf("%s %s→%s", pf.norm.ID, pf.given, pf.severity))
			}
		}
		if len(raised) > 0 {
			fire("REPETITION_SEVERITY",
				"%d prior proven violations (threshold %d): the severity of each finding is raised one level (%s).",
				f.PriorViolations, rep.SeverityEscalationAt, strings.Join(raised, ", "))
		}
	}

	// Guidance per finding; union of allowed sets; heaviest recommendation governs.
	allowed := map[Sanction]bool{}
	var governing *provenFinding
	var base Sanction
	seenFire := map[string]bool{}
	for _, pf := range proven {
		g := pf.norm.Guidance[pf.severity]
		id := fmt.Sprintf("GUIDANCE:%s/%s", pf.norm.ID, pf.severity)
		if !seenFire[id] {
			seenFire[id] = true
			fire(id, "Guidance for %s (%s) at severity %s: allowed %s, recommended %s.",
				pf.norm.ID, pf.norm.SummaryEN, pf.severity, joinSanctions(g.Allowed), g.Recommended)
		}
		for _, s := range g.Allowed {
			allowed[s] = true
		}
		if pf.norm.ZeroTolerance {
			res.ZeroTolerance = true
		}
	}
	// The starting point: the heaviest recommendation; under zero tolerance, only among
	// zero-tolerance findings' recommendations and sanctions in the zero-tolerance set.
	for _, pf := range proven {
		if res.ZeroTolerance && !pf.norm.ZeroTolerance {
			continue
		}
		rec := pf.norm.Guidance[pf.severity].Recommended
		if governing == nil || rec.Weight() > base.Weight() {
			governing, base = pf, rec
		}
	}
	if res.ZeroTolerance {
		var dropped []string
		for s := range allowed {
			if !slices.Contains(zeroToleranceSet, s) {
				delete(allowed, s)
				dropped = append(dropped, string(s))
			}
		}
		slices.Sort(dropped)
		msg := ""
		if len(dropped) > 0 {
			msg = fmt.Sprintf(" Removed from the allowed set: %s.", strings.Join(dropped, ", "))
		}
		fire("ZERO_TOLERANCE",
			"%s is proven: zero tolerance applies. A sanction is mandatory and must be one of %s; dismissal (%s) is the starting point unless a zero-tolerance mitigating circumstance applies.%s",
			governing.norm.ID, joinSanctions(zeroToleranceSet), base, msg)
	}
	for _, pf := range proven {
		if !res.ZeroTolerance || pf.norm.ZeroTolerance {
			continue
		}
		// Non-zero-tolerance findings next to a zero-tolerance one: their heavier recommendation
		// still governs when it is in the zero-tolerance set.
		rec := pf.norm.Guidance[pf.severity].Recommended
		if allowed[rec] && rec.Weight() > base.Weight() {
			governing, base = pf, rec
		}
	}
	for _, s := range sanctionOrder {
		if allowed[s] {
			res.Allowed = append(res.Allowed, s)
		}
	}
	res.Governing = governing.norm.ID
	if len(proven) > 1 {
		fire("COMBINED_FINDINGS",
			"%d proven findings: the allowed set is the union of their allowed sets (%s) and the heaviest recommendation governs: %s from %s/%s.",
			len(proven), joinSanctions(res.Allowed), base, governing.norm.ID, governing.severity)
	}

	// Circumstances and repetition move the recommendation along the allowed set.
	steps := 0
	for _, id := range sortedUnique(f.Aggravating) {
		c := rs.circumstances[id]
		steps += c.Steps
		fire("AGGRAVATING:"+id, "Aggravating circumstance: %s Moves the recommendation %d step(s) heavier.", c.DescriptionEN, c.Steps)
	}
	if f.PriorViolations > 0 && rep.StepsPerPriorViolation > 0 {
		n := min(f.PriorViolations*rep.StepsPerPriorViolation, rep.MaxSteps)
		if n > 0 {
			steps += n
			fire("REPETITION", "%d prior proven violation(s): the recommendation moves %d step(s) heavier (at most %d).",
				f.PriorViolations, n, rep.MaxSteps)
		}
	}
	for _, id := range sortedUnique(f.Mitigating) {
		c := rs.circumstances[id]
		if res.ZeroTolerance && !c.ZeroToleranceMitigating {
			fire("MITIGATING_NOT_APPLICABLE:"+id,
				"Mitigating circumstance not applied: %s Under zero tolerance only the rule set's zero-tolerance mitigating circumstances may lower the recommendation.", c.DescriptionEN)
			continue
		}
		steps -= c.Steps
		fire("MITIGATING:"+id, "Mitigating circumstance: %s Moves the recommendation %d step(s) lighter.", c.DescriptionEN, c.Steps)
	}

	idx := slices.Index(res.Allowed, base)
	target := idx + steps
	clamped := min(max(target, 0), len(res.Allowed)-1)
	rec := res.Allowed[clamped]
	res.Recommended = &rec
	if steps != 0 {
		extra := ""
		if clamped != target {
			extra = " (limited by the allowed set)"
		}
		fire("ADJUSTED", "Net adjustment of %+d step(s) along the allowed set %s: recommendation %s → %s%s.",
			steps, joinSanctions(res.Allowed), base, rec, extra)
	}
	return res, nil
}

func (rs *RuleSet) validateFacts(f Facts) error {
	var unknownNorms, unknownCirc, invalid []string
	for i, fd := range f.Findings {
		if _, ok := rs.norms[fd.NormID]; !ok {
			unknownNorms = append(unknownNorms, fmt.Sprintf("%q", fd.NormID))
		}
		if !fd.Outcome.Valid() {
			invalid = append(invalid, fmt.Sprintf("finding %d (%s): outcome %q", i+1, fd.NormID, fd.Outcome))
		}
		// The severity of an unproven finding is irrelevant, but must still be a known value.
		if !fd.Severity.Valid() {
			invalid = append(invalid, fmt.Sprintf("finding %d (%s): severity %q", i+1, fd.NormID, fd.Severity))
		}
	}
	check := func(ids []string, kind CircumstanceKind) {
		for _, id := range ids {
			c, ok := rs.circumstances[id]
			switch {
			case !ok:
				unknownCirc = append(unknownCirc, fmt.Sprintf("%q", id))
			case c.Kind != kind:
				invalid = append(invalid, fmt.Sprintf("circumstance %s is %s, given as %s", id, c.Kind, kind))
			}
		}
	}
	check(f.Aggravating, Aggravating)
	check(f.Mitigating, Mitigating)
	if f.PriorViolations < 0 {
		invalid = append(invalid, fmt.Sprintf("prior violations %d is negative", f.PriorViolations))
	}
	var errs []error
	for _, e := range []struct {
		kind error
		ids  []string
	}{{ErrUnknownNorm, unknownNorms}, {ErrUnknownCircumstance, unknownCirc}, {ErrInvalidFacts, invalid}} {
		if len(e.ids) > 0 {
			ids := sortedUnique(e.ids)
			errs = append(errs, &FactsError{Kind: e.kind, IDs: ids})
		}
	}
	return errors.Join(errs...)
}

func sortedUnique(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

func joinSanctions(ss []Sanction) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
