package sanctions

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ptr(s Sanction) *Sanction { return &s }

func firedIDs(r Result) []string {
	ids := make([]string, len(r.Fired))
	for i, f := range r.Fired {
		ids[i] = f.ID
	}
	return ids
}

func TestEvaluateExamples(t *testing.T) {
	four := []Sanction{WrittenWarning, FinalWarning, TerminationByCourt, SummaryDismissal}
	tests := []struct {
		name      string
		facts     Facts
		allowed   []Sanction
		rec       *Sanction
		zt, none  bool
		mustFire  []string
		governing string
	}{
		{
			name:    "discrimination proven HIGH starts at summary dismissal",
			facts:   Facts{Findings: []Finding{{"GC-1.2", Proven, High}}},
			allowed: four, rec: ptr(SummaryDismissal), zt: true, governing: "GC-1.2",
			mustFire: []string{"GUIDANCE:GC-1.2/HIGH", "ZERO_TOLERANCE"},
		},
		{
			name:    "discrimination proven MEDIUM starts at termination by court",
			facts:   Facts{Findings: []Finding{{"CAT-DISCRIMINATION", Proven, Medium}}},
			allowed: four, rec: ptr(TerminationByCourt), zt: true, governing: "CAT-DISCRIMINATION",
		},
		{
			name: "discrimination with zero-tolerance mitigating circumstances: lighter, within the four",
			facts: Facts{Findings: []Finding{{"GC-1.2", Proven, High}},
				Mitigating: []string{"SELF_REPORT", "REMORSE_AND_REPAIR"}},
			allowed: four, rec: ptr(FinalWarning), zt: true, governing: "GC-1.2",
			mustFire: []string{"MITIGATING:REMORSE_AND_REPAIR", "MITIGATING:SELF_REPORT", "ADJUSTED"},
		},
		{
			name: "discrimination: provocation does not mitigate under zero tolerance",
			facts: Facts{Findings: []Finding{{"GC-1.2", Proven, High}},
				Mitigating: []string{"PROVOCATION", "LONG_UNBLEMISHED_SERVICE"}},
			allowed: four, rec: ptr(SummaryDismissal), zt: true, governing: "GC-1.2",
			mustFire: []string{"MITIGATING_NOT_APPLICABLE:LONG_UNBLEMISHED_SERVICE", "MITIGATING_NOT_APPLICABLE:PROVOCATION"},
		},
		{
			name:    "discrimination next to abuse of authority: transfer removed from the union",
			facts:   Facts{Findings: []Finding{{"CAT-ABUSE_OF_AUTHORITY", Proven, Medium}, {"GC-1.2", PartlyProven, Low}}},
			allowed: four, rec: ptr(TerminationByCourt), zt: true, governing: "GC-1.2",
			mustFire: []string{"PARTLY_PROVEN:GC-1.2", "ZERO_TOLERANCE", "COMBINED_FINDINGS"},
		},
		{
			name:  "discrimination not proven: no sanction",
			facts: Facts{Findings: []Finding{{"GC-1.2", NotProven, High}}, Aggravating: []string{"ABUSE_OF_POSITION"}},
			none:  true, mustFire: []string{"NOTHING_PROVEN"},
		},
		{
			name:  "no findings: no sanction",
			facts: Facts{},
			none:  true, mustFire: []string{"NOTHING_PROVEN"},
		},
		{
			name:    "gifts LOW: written warning",
			facts:   Facts{Findings: []Finding{{"CAT-GIFTS", Proven, Low}}},
			allowed: []Sanction{WrittenWarning, FinalWarning}, rec: ptr(WrittenWarning), governing: "CAT-GIFTS",
		},
		{
			name:    "gifts LOW, one prior violation: final warning",
			facts:   Facts{Findings: []Finding{{"CAT-GIFTS", Proven, Low}}, PriorViolations: 1},
			allowed: []Sanction{WrittenWarning, FinalWarning}, rec: ptr(FinalWarning), governing: "CAT-GIFTS",
			mustFire: []string{"REPETITION", "ADJUSTED"},
		},
		{
			name:    "gifts LOW, two prior violations: severity raised to MEDIUM, two steps heavier",
			facts:   Facts{Findings: []Finding{{"CAT-GIFTS", Proven, Low}}, PriorViolations: 2},
			allowed: []Sanction{WrittenWarning, FinalWarning, Transfer}, rec: ptr(Transfer), governing: "CAT-GIFTS",
			mustFire: []string{"REPETITION_SEVERITY", "GUIDANCE:CAT-GIFTS/MEDIUM", "REPETITION"},
		},
		{
			name: "gifts and fraud: union, heaviest governs",
			facts: Facts{Findings: []Finding{{"CAT-GIFTS", Proven, Low}, {"CAT-FRAUD_THEFT_EMBEZZLEMENT", Proven, Low}},
				Mitigating: []string{"REMORSE_AND_REPAIR"}},
			allowed: []Sanction{WrittenWarning, FinalWarning, TerminationByCourt, SummaryDismissal},
			rec:     ptr(FinalWarning), governing: "CAT-FRAUD_THEFT_EMBEZZLEMENT",
			mustFire: []string{"COMBINED_FINDINGS", "MITIGATING:REMORSE_AND_REPAIR"},
		},
		{
			name: "violence HIGH with aggravation clamps at summary dismissal",
			facts: Facts{Findings: []Finding{{"GC-1.3", Proven, High}},
				Aggravating: []string{"VULNERABLE_VICTIM", "ABUSE_OF_POSITION"}},
			allowed: []Sanction{TerminationByCourt, SummaryDismissal}, rec: ptr(SummaryDismissal), governing: "GC-1.3",
			mustFire: []string{"AGGRAVATING:ABUSE_OF_POSITION", "AGGRAVATING:VULNERABLE_VICTIM", "ADJUSTED"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Default().Evaluate(tt.facts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.allowed, r.Allowed); diff != "" {
				t.Errorf("Allowed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.rec, r.Recommended); diff != "" {
				t.Errorf("Recommended (-want +got):\n%s", diff)
			}
			if r.ZeroTolerance != tt.zt || r.NoSanctionAllowed != tt.none || r.Governing != tt.governing {
				t.Errorf("ZeroTolerance=%v NoSanctionAllowed=%v Governing=%q, want %v %v %q",
					r.ZeroTolerance, r.NoSanctionAllowed, r.Governing, tt.zt, tt.none, tt.governing)
			}
			if r.RuleSetVersion != "v1" {
				t.Errorf("RuleSetVersion = %q", r.RuleSetVersion)
			}
			ids := firedIDs(r)
			for _, id := range tt.mustFire {
				if !slices.Contains(ids, id) {
					t.Errorf("rule %s did not fire; fired %v", id, ids)
				}
			}
			for _, f := range r.Fired {
				if strings.TrimSpace(f.Explanation) == "" {
					t.Errorf("rule %s has no explanation", f.ID)
				}
			}
		})
	}
}

func TestEvaluateErrors(t *testing.T) {
	tests := []struct {
		name  string
		facts Facts
		is    error
		want  []string
	}{
		{"unknown norms", Facts{Findings: []Finding{{"GC-9.9", Proven, Low}, {"CAT-NOPE", NotProven, Low}}},
			ErrUnknownNorm, []string{`"CAT-NOPE"`, `"GC-9.9"`}},
		{"unknown circumstances", Facts{Aggravating: []string{"FULL_MOON"}, Mitigating: []string{"SORRY"}},
			ErrUnknownCircumstance, []string{`"FULL_MOON"`, `"SORRY"`}},
		{"wrong kind", Facts{Aggravating: []string{"SELF_REPORT"}}, ErrInvalidFacts, []string{"SELF_REPORT is MITIGATING"}},
		{"bad outcome", Facts{Findings: []Finding{{"GC-1.1", "MAYBE", Low}}}, ErrInvalidFacts, []string{`outcome "MAYBE"`}},
		{"bad severity", Facts{Findings: []Finding{{"GC-1.1", Proven, "HUGE"}}}, ErrInvalidFacts, []string{`severity "HUGE"`}},
		{"negative priors", Facts{PriorViolations: -1}, ErrInvalidFacts, []string{"negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().Evaluate(tt.facts)
			if !errors.Is(err, tt.is) {
				t.Fatalf("error %v, want %v", err, tt.is)
			}
			var fe *FactsError
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *FactsError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

func TestCheck(t *testing.T) {
	rs := Default()
	zt, _ := rs.Evaluate(Facts{Findings: []Finding{{"GC-1.2", Proven, High}}})
	gifts, _ := rs.Evaluate(Facts{Findings: []Finding{{"CAT-GIFTS", Proven, Medium}}})
	none, _ := rs.Evaluate(Facts{Findings: []Finding{{"CAT-GIFTS", NotProven, Medium}}})
	const why = "Excuses aangeboden en aanvaard; eerste incident."
	tests := []struct {
		name       string
		r          Result
		chosen     Sanction
		motivation string
		want       error
	}{
		{"zt recommended", zt, SummaryDismissal, "", nil},
		{"zt lighter without motivation", zt, TerminationByCourt, "", ErrMotivationRequired},
		{"zt lighter with short motivation", zt, WrittenWarning, "   te kort          ", ErrMotivationRequired},
		{"zt lighter with motivation", zt, WrittenWarning, why, nil},
		{"zt final warning counts as written", zt, FinalWarning, why, nil},
		{"zt transfer refused even motivated", zt, Transfer, why, ErrOutsideAllowed},
		{"gifts recommended", gifts, FinalWarning, "", nil},
		{"gifts heavier within allowed", gifts, Transfer, "", nil},
		{"gifts lighter needs motivation", gifts, WrittenWarning, "", ErrMotivationRequired},
		{"gifts outside allowed needs motivation", gifts, SummaryDismissal, "", ErrMotivationRequired},
		{"gifts outside allowed motivated", gifts, SummaryDismissal, why, nil},
		{"nothing proven", none, WrittenWarning, why, ErrNoSanctionAllowed},
		{"unknown sanction", gifts, "FINE", why, ErrUnknownSanction},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Check(tt.chosen, tt.motivation)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Check(%s) = %v, want %v", tt.chosen, err, tt.want)
			}
			if err != nil {
				var ce *CheckError
				if !errors.As(err, &ce) || ce.Chosen != tt.chosen {
					t.Errorf("error %#v is not a *CheckError for %s", err, tt.chosen)
				}
			}
		})
	}
	if err := zt.Check(Transfer, ""); err == nil || !strings.Contains(err.Error(), "zero tolerance") {
		t.Errorf("zero-tolerance refusal %v does not say so", err)
	}
}

// randomFacts draws facts over the default rule set, including duplicates and every outcome.
func randomFacts(rng *rand.Rand, rs *RuleSet) Facts {
	norms := rs.Norms()
	var agg, mit []string
	for _, c := range rs.Circumstances() {
		if c.Kind == Aggravating {
			agg = append(agg, c.ID)
		} else {
			mit = append(mit, c.ID)
		}
	}
	outcomes := []Outcome{Proven, PartlyProven, NotProven}
	var f Facts
	for range rng.IntN(5) {
		f.Findings = append(f.Findings, Finding{
			NormID:   norms[rng.IntN(len(norms))].ID,
			Outcome:  outcomes[rng.IntN(len(outcomes))],
			Severity: severityOrder[rng.IntN(len(severityOrder))],
		})
	}
	// Bias towards discrimination so the zero-tolerance properties get many cases.
	if rng.IntN(3) == 0 {
		f.Findings = append(f.Findings, Finding{NormID: []string{"GC-1.2", "CAT-DISCRIMINATION"}[rng.IntN(2)],
			Outcome: outcomes[rng.IntN(2)], Severity: severityOrder[rng.IntN(3)]})
	}
	for range rng.IntN(4) {
		f.Aggravating = append(f.Aggravating, agg[rng.IntN(len(agg))])
	}
	for range rng.IntN(4) {
		f.Mitigating = append(f.Mitigating, mit[rng.IntN(len(mit))])
	}
	f.PriorViolations = rng.IntN(4)
	return f
}

func shuffled(rng *rand.Rand, f Facts) Facts {
	g := Facts{
		Findings:        slices.Clone(f.Findings),
		Aggravating:     slices.Clone(f.Aggravating),
		Mitigating:      slices.Clone(f.Mitigating),
		PriorViolations: f.PriorViolations,
	}
	rng.Shuffle(len(g.Findings), func(i, j int) { g.Findings[i], g.Findings[j] = g.Findings[j], g.Findings[i] })
	rng.Shuffle(len(g.Aggravating), func(i, j int) { g.Aggravating[i], g.Aggravating[j] = g.Aggravating[j], g.Aggravating[i] })
	rng.Shuffle(len(g.Mitigating), func(i, j int) { g.Mitigating[i], g.Mitigating[j] = g.Mitigating[j], g.Mitigating[i] })
	return g
}

func TestEvaluateProperties(t *testing.T) {
	const cases = 5000
	rng := rand.New(rand.NewPCG(4, 2026))
	rs := Default()
	var ztCases, provenCases int
	for i := range cases {
		f := randomFacts(rng, rs)
		r, err := rs.Evaluate(f)
		if err != nil {
			t.Fatalf("case %d: %v (facts %+v)", i, err, f)
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("case %d, facts %+v, result %+v: "+format, append([]any{i, f, r}, args...)...)
		}

		// Determinism and order independence.
		r2, err := rs.Evaluate(shuffled(rng, f))
		if err != nil {
			fail("shuffled: %v", err)
		}
		if diff := cmp.Diff(r, r2); diff != "" {
			fail("result depends on input order (-first +shuffled):\n%s", diff)
		}

		var anyProven, discrimination, ztMitigating bool
		for _, fd := range f.Findings {
			if fd.Outcome == Proven || fd.Outcome == PartlyProven {
				anyProven = true
				if n, _ := rs.Norm(fd.NormID); n.ZeroTolerance {
					discrimination = true
				}
			}
		}
		for _, id := range f.Mitigating {
			if c := rs.circumstances[id]; c.ZeroToleranceMitigating {
				ztMitigating = true
			}
		}
		if !anyProven {
			if !r.NoSanctionAllowed || r.Recommended != nil || len(r.Allowed) != 0 || r.ZeroTolerance {
				fail("nothing proven but a sanction is possible")
			}
			if err := r.Check(WrittenWarning, strings.Repeat("x", 40)); !errors.Is(err, ErrNoSanctionAllowed) {
				fail("Check allowed a sanction without proven findings: %v", err)
			}
			continue
		}
		provenCases++
		if r.NoSanctionAllowed || r.Recommended == nil || len(r.Allowed) == 0 {
			fail("proven but no sanction")
		}
		if len(r.Fired) == 0 {
			fail("proven but no rule fired")
		}
		if !slices.Contains(r.Allowed, *r.Recommended) {
			fail("recommended %s not in allowed %v", *r.Recommended, r.Allowed)
		}
		if !slices.IsSortedFunc(r.Allowed, func(a, b Sanction) int { return a.Weight() - b.Weight() }) ||
			len(slices.Compact(slices.Clone(r.Allowed))) != len(r.Allowed) {
			fail("allowed %v not strictly ordered by weight", r.Allowed)
		}
		if r.ZeroTolerance != discrimination {
			fail("ZeroTolerance=%v, proven discrimination=%v", r.ZeroTolerance, discrimination)
		}
		if discrimination {
			ztCases++
			for _, s := range r.Allowed {
				if !slices.Contains(zeroToleranceSet, s) {
					fail("zero tolerance allows %s", s)
				}
			}
			if !ztMitigating && !r.Recommended.IsDismissal() {
				fail("zero tolerance without zero-tolerance mitigation recommends %s, not dismissal", *r.Recommended)
			}
			// Anything outside the allowed set is refused, motivated or not.
			for _, s := range sanctionOrder {
				if !slices.Contains(r.Allowed, s) {
					if err := r.Check(s, strings.Repeat("motivation ", 5)); !errors.Is(err, ErrOutsideAllowed) {
						fail("Check(%s) = %v, want ErrOutsideAllowed", s, err)
					}
				}
			}
		}
		// Lighter than recommended demands a motivation; the recommendation and heavier allowed
		// sanctions do not.
		for _, s := range r.Allowed {
			err := r.Check(s, "")
			switch {
			case s.Weight() < r.Recommended.Weight():
				if !errors.Is(err, ErrMotivationRequired) {
					fail("Check(%s, \"\") = %v, want ErrMotivationRequired", s, err)
				}
				if err := r.Check(s, "De betrokkene heeft oprecht berouw getoond."); err != nil {
					fail("Check(%s, motivated) = %v", s, err)
				}
			default:
				if err != nil {
					fail("Check(%s) = %v, want nil", s, err)
				}
			}
		}
	}
	if ztCases < 500 || provenCases < 2000 {
		t.Fatalf("generator too weak: %d proven, %d zero-tolerance cases of %d", provenCases, ztCases, cases)
	}
	t.Logf("%d cases: %d proven, %d zero tolerance", cases, provenCases, ztCases)
}
