package sanctions

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// FuzzLoad checks that a rule-set document never panics Load; that a refused one is refused with
// ErrInvalidRuleSet; and that an accepted one has identifiers that can be shown and stored (not
// blank, no surrounding spaces, no control characters) and evaluates every proven finding to
// an allowed set, lightest first, that holds the recommendation — with aggravating
// circumstances never lighter and mitigating ones never heavier than without.
func FuzzLoad(f *testing.F) {
	def := DefaultJSON()
	f.Add(def, uint8(0))
	f.Add(def, uint8(3))
	f.Add(bytes.Replace(def, []byte(`"steps": 1`), []byte(`"steps": 9223372036854775807`), 4), uint8(1))
	f.Add(bytes.Replace(def, []byte(`"version": "v1"`), []byte(`"version": "v1\u0000\n"`), 1), uint8(0))
	f.Add([]byte(`{"version":"x","effective_date":"2026-02-30","norms":[{"id":"N","guidance":{"LOW":{}}}]}{}`), uint8(0))
	f.Fuzz(func(t *testing.T, doc []byte, prior uint8) {
		rs, err := Load(bytes.NewReader(doc))
		if err != nil {
			if !errors.Is(err, ErrInvalidRuleSet) {
				t.Fatalf("error %v does not match ErrInvalidRuleSet", err)
			}
			return
		}
		ids := []string{rs.Version()}
		for _, n := range rs.Norms() {
			ids = append(ids, n.ID)
		}
		var aggravating, mitigating []string
		for _, c := range rs.Circumstances() {
			ids = append(ids, c.ID)
			if c.Kind == Aggravating {
				aggravating = append(aggravating, c.ID)
			} else {
				mitigating = append(mitigating, c.ID)
			}
		}
		for _, id := range ids {
			if strings.TrimSpace(id) != id || id == "" || strings.IndexFunc(id, unicode.IsControl) >= 0 {
				t.Fatalf("identifier %q accepted", id)
			}
		}
		for _, n := range rs.Norms() {
			for _, sev := range severityOrder {
				facts := Facts{Findings: []Finding{{NormID: n.ID, Outcome: Proven, Severity: sev}}, PriorViolations: int(prior)}
				plain := evaluate(t, rs, facts)
				facts.Aggravating = aggravating
				heavier := evaluate(t, rs, facts)
				facts.Aggravating, facts.Mitigating = nil, mitigating
				lighter := evaluate(t, rs, facts)
				if heavier.Recommended.Weight() < plain.Recommended.Weight() || lighter.Recommended.Weight() > plain.Recommended.Weight() {
					t.Fatalf("%s/%s: recommended %s, with aggravating circumstances %s, with mitigating %s",
						n.ID, sev, *plain.Recommended, *heavier.Recommended, *lighter.Recommended)
				}
			}
		}
	})
}

func evaluate(t *testing.T, rs *RuleSet, facts Facts) Result {
	t.Helper()
	res, err := rs.Evaluate(facts)
	if err != nil {
		t.Fatalf("Evaluate(%+v): %v", facts, err)
	}
	if res.Recommended == nil || !slices.Contains(res.Allowed, *res.Recommended) {
		t.Fatalf("recommended %v is not in the allowed set %v", res.Recommended, res.Allowed)
	}
	if !slices.IsSortedFunc(res.Allowed, func(a, b Sanction) int { return a.Weight() - b.Weight() }) ||
		len(slices.Compact(slices.Clone(res.Allowed))) != len(res.Allowed) {
		t.Fatalf("allowed set %v is not lightest first without repeats", res.Allowed)
	}
	return res
}
