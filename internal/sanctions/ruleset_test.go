package sanctions

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestDefaultLoads(t *testing.T) {
	rs := Default()
	if rs.Version() != "v1" {
		t.Errorf("version = %q, want v1", rs.Version())
	}
	if rs.EffectiveDate().IsZero() {
		t.Error("effective date is zero")
	}
	for i := 1; i <= 6; i++ {
		id := "GC-1." + string(rune('0'+i))
		n, ok := rs.Norm(id)
		if !ok {
			t.Fatalf("norm %s missing", id)
		}
		if n.Source.Kind != "QUOTED" {
			t.Errorf("%s: source kind %q, want QUOTED", id, n.Source.Kind)
		}
	}
	for _, id := range []string{"GC-1.2", "CAT-DISCRIMINATION"} {
		if n, _ := rs.Norm(id); !n.ZeroTolerance {
			t.Errorf("%s is not zero tolerance", id)
		}
	}
	// Only discrimination-related norms are zero tolerance.
	for _, n := range rs.Norms() {
		if n.ZeroTolerance != slices.Contains(n.Categories, "DISCRIMINATION") {
			t.Errorf("%s: zero_tolerance=%v but categories %v", n.ID, n.ZeroTolerance, n.Categories)
		}
	}
	// Accessors return copies.
	n, _ := rs.Norm("CAT-GIFTS")
	n.Guidance[Low].Allowed[0] = SummaryDismissal
	if again, _ := rs.Norm("CAT-GIFTS"); again.Guidance[Low].Allowed[0] != WrittenWarning {
		t.Error("Norm returned shared state")
	}
	if !bytes.Equal(DefaultJSON(), defaultJSON) {
		t.Error("DefaultJSON differs from the embedded file")
	}
}

func TestMustLoadPanicsOnBrokenFile(t *testing.T) {
	if got := mustLoad(defaultJSON); got == nil {
		t.Fatal("mustLoad(default) = nil")
	}
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "embedded rule set is invalid") {
			t.Fatalf("recover() = %v, want a panic naming the embedded rule set", r)
		}
	}()
	mustLoad([]byte(`{"version":"v1"`))
}

func mutate(t *testing.T, fn func(f *file)) []byte {
	t.Helper()
	var f file
	if err := json.Unmarshal(defaultJSON, &f); err != nil {
		t.Fatal(err)
	}
	fn(&f)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func norm(f *file, id string) *Norm {
	for i := range f.Norms {
		if f.Norms[i].ID == id {
			return &f.Norms[i]
		}
	}
	panic("no norm " + id)
}

func setGuidance(f *file, id string, sev Severity, g Guidance) {
	norm(f, id).Guidance[sev] = g
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name string
		mut  func(f *file)
		raw  string
		want []string // substrings of the error
	}{
		{name: "unknown sanction", mut: func(f *file) {
			setGuidance(f, "CAT-GIFTS", Low, Guidance{Allowed: []Sanction{WrittenWarning, "PILLORY"}, Recommended: WrittenWarning})
		}, want: []string{"norm CAT-GIFTS", "severity LOW", `unknown sanction "PILLORY"`}},
		{name: "unknown recommended", mut: func(f *file) {
			setGuidance(f, "CAT-GIFTS", Medium, Guidance{Allowed: []Sanction{WrittenWarning}, Recommended: "FINE"})
		}, want: []string{"norm CAT-GIFTS", `unknown recommended sanction "FINE"`}},
		{name: "recommended not allowed", mut: func(f *file) {
			setGuidance(f, "CAT-CORRUPTION", High, Guidance{Allowed: []Sanction{TerminationByCourt}, Recommended: SummaryDismissal})
		}, want: []string{"norm CAT-CORRUPTION", "severity HIGH", "recommended SUMMARY_DISMISSAL is not in the allowed set"}},
		{name: "zero tolerance allows transfer", mut: func(f *file) {
			setGuidance(f, "GC-1.2", High, Guidance{Allowed: []Sanction{Transfer, SummaryDismissal}, Recommended: SummaryDismissal})
		}, want: []string{"norm GC-1.2", "zero-tolerance norm allows TRANSFER"}},
		{name: "zero tolerance not starting from dismissal", mut: func(f *file) {
			setGuidance(f, "CAT-DISCRIMINATION", Low, Guidance{Allowed: []Sanction{WrittenWarning, TerminationByCourt}, Recommended: WrittenWarning})
		}, want: []string{"norm CAT-DISCRIMINATION", "must recommend dismissal"}},
		{name: "empty allowed set", mut: func(f *file) {
			setGuidance(f, "CAT-BULLYING", Medium, Guidance{Allowed: nil, Recommended: WrittenWarning})
		}, want: []string{"norm CAT-BULLYING", "severity MEDIUM", "allowed set is empty"}},
		{name: "zero tolerance empty allowed set", mut: func(f *file) {
			setGuidance(f, "GC-1.2", Medium, Guidance{Allowed: []Sanction{}, Recommended: TerminationByCourt})
		}, want: []string{"norm GC-1.2", "allowed set is empty"}},
		{name: "missing severity", mut: func(f *file) {
			delete(norm(f, "CAT-OTHER").Guidance, High)
		}, want: []string{"norm CAT-OTHER", "no guidance for severity HIGH"}},
		{name: "unknown severity", mut: func(f *file) {
			norm(f, "CAT-OTHER").Guidance["EXTREME"] = Guidance{Allowed: []Sanction{WrittenWarning}, Recommended: WrittenWarning}
		}, want: []string{"norm CAT-OTHER", `unknown severity "EXTREME"`}},
		{name: "duplicate sanction", mut: func(f *file) {
			setGuidance(f, "CAT-GIFTS", Low, Guidance{Allowed: []Sanction{WrittenWarning, WrittenWarning}, Recommended: WrittenWarning})
		}, want: []string{"norm CAT-GIFTS", "WRITTEN_WARNING listed twice"}},
		{name: "duplicate norm id", mut: func(f *file) {
			f.Norms[3].ID = "GC-1.1"
		}, want: []string{"norm GC-1.1", "duplicate norm id"}},
		{name: "duplicate circumstance id", mut: func(f *file) {
			f.Circumstances[1].ID = f.Circumstances[0].ID
		}, want: []string{"circumstance ABUSE_OF_POSITION", "duplicate circumstance id"}},
		{name: "circumstance bad kind", mut: func(f *file) {
			f.Circumstances[0].Kind = "NEUTRAL"
		}, want: []string{"circumstance ABUSE_OF_POSITION", `kind "NEUTRAL"`}},
		{name: "circumstance zero steps", mut: func(f *file) {
			f.Circumstances[0].Steps = 0
		}, want: []string{"circumstance ABUSE_OF_POSITION", "steps must be between 1 and 5"}},
		{name: "norm without categories", mut: func(f *file) {
			norm(f, "GC-1.5").Categories = nil
		}, want: []string{"norm GC-1.5", "no categories"}},
		{name: "empty version", mut: func(f *file) { f.Version = " " }, want: []string{"version is empty"}},
		{name: "bad date", mut: func(f *file) { f.EffectiveDate = "1 jan 2026" }, want: []string{"effective_date"}},
		{name: "no norms", mut: func(f *file) { f.Norms = nil }, want: []string{"no norms"}},
		{name: "malformed", raw: `{"version": `, want: []string{"malformed JSON"}},
		{name: "unknown field", raw: `{"version":"v1","sanctions":[]}`, want: []string{"malformed JSON", "sanctions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.raw)
			if tt.mut != nil {
				b = mutate(t, tt.mut)
			}
			rs, err := Load(bytes.NewReader(b))
			if err == nil {
				t.Fatalf("Load accepted the broken rule set (version %s)", rs.Version())
			}
			if !errors.Is(err, ErrInvalidRuleSet) {
				t.Errorf("error %v is not ErrInvalidRuleSet", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadRoundTrip(t *testing.T) {
	rs, err := Load(bytes.NewReader(mutate(t, func(*file) {})))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Norms()) != len(Default().Norms()) {
		t.Error("round trip lost norms")
	}
}
