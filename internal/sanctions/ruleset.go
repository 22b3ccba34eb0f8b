package sanctions

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/utrecht/meldpunt/internal/apperr"
)

//go:embed ruleset/v1.json
var defaultJSON []byte

// ErrInvalidRuleSet is matched (errors.Is) by every validation error of Load.
var ErrInvalidRuleSet = errors.New("invalid sanction rule set")

// ValidationError is one problem in a rule set. Norm names the norm (or circumstance) concerned,
// empty for problems with the rule set as a whole.
type ValidationError struct {
	Norm string
	Msg  string
	// Reason is the problem's stable reason, for the reader's own sentence; Value is what that
	// sentence names (the norm or circumstance id, the severity, the sanction, a limit).
	Reason apperr.Reason
	Value  string
}

func (e *ValidationError) Error() string {
	if e.Norm == "" {
		return "rule set: " + e.Msg
	}
	return fmt.Sprintf("rule set: %s: %s", e.Norm, e.Msg)
}

// Is makes errors.Is(err, ErrInvalidRuleSet) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRuleSet }

// file is the JSON layout of a rule set.
type file struct {
	Version        string         `json:"version"`
	EffectiveDate  string         `json:"effective_date"`
	TitleNL        string         `json:"title_nl"`
	TitleEN        string         `json:"title_en"`
	PreambleNL     string         `json:"preamble_nl"`
	PreambleSource string         `json:"preamble_source"`
	Repetition     Repetition     `json:"repetition"`
	Circumstances  []Circumstance `json:"circumstances"`
	Norms          []Norm         `json:"norms"`
}

// RuleSet is a validated, immutable set of norms and sanction guidance. It is safe for concurrent
// use; accessors return copies.
type RuleSet struct {
	f             file
	effective     time.Time
	norms         map[string]*Norm
	circumstances map[string]*Circumstance
}

// Load reads and validates a rule set. All problems are reported, joined, each naming its norm.
func Load(r io.Reader) (*RuleSet, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, &ValidationError{Msg: "malformed JSON: " + err.Error(), Reason: apperr.ReasonRuleSetMalformed}
	}
	if dec.More() {
		return nil, &ValidationError{Msg: "trailing data after the rule set", Reason: apperr.ReasonRuleSetMalformed}
	}
	rs := &RuleSet{f: f, norms: map[string]*Norm{}, circumstances: map[string]*Circumstance{}}
	var errs []error
	bad := func(norm string, r apperr.Reason, value, format string, args ...any) {
		errs = append(errs, &ValidationError{Norm: norm, Msg: fmt.Sprintf(format, args...), Reason: r, Value: value})
	}
	if strings.TrimSpace(f.Version) == "" {
		bad("", apperr.ReasonRuleSetVersion, "", "version is empty")
	} else if why := badIdentifier(f.Version); why != "" {
		bad("", apperr.ReasonRuleSetVersion, "", "version %q %s", f.Version, why)
	}
	if t, err := time.Parse(time.DateOnly, f.EffectiveDate); err != nil {
		bad("", apperr.ReasonRuleSetEffectiveDate, "", "effective_date %q is not a YYYY-MM-DD date", f.EffectiveDate)
	} else {
		rs.effective = t
	}
	if f.Repetition.StepsPerPriorViolation < 0 || f.Repetition.MaxSteps < 0 || f.Repetition.SeverityEscalationAt < 0 {
		bad("", apperr.ReasonRuleSetRepetition, strconv.Itoa(len(sanctionOrder)), "repetition values must not be negative")
	}
	if f.Repetition.StepsPerPriorViolation > len(sanctionOrder) || f.Repetition.MaxSteps > len(sanctionOrder) {
		bad("", apperr.ReasonRuleSetRepetition, strconv.Itoa(len(sanctionOrder)), "repetition steps must be at most %d (the number of sanctions)", len(sanctionOrder))
	}
	for i := range f.Circumstances {
		c := &f.Circumstances[i]
		id := "circumstance " + c.ID
		switch {
		case c.ID == "":
			bad(fmt.Sprintf("circumstance #%d", i+1), apperr.ReasonRuleSetIDMissing, fmt.Sprintf("#%d", i+1), "id is empty")
			continue
		case rs.circumstances[c.ID] != nil:
			bad(id, apperr.ReasonRuleSetIDRepeated, c.ID, "duplicate circumstance id")
			continue
		}
		rs.circumstances[c.ID] = c
		if why := badIdentifier(c.ID); why != "" {
			bad(id, apperr.ReasonRuleSetIDMalformed, "", "id %s", why)
		}
		if c.Kind != Aggravating && c.Kind != Mitigating {
			bad(id, apperr.ReasonRuleSetKind, c.ID, "kind %q is neither %s nor %s", c.Kind, Aggravating, Mitigating)
		}
		if c.Steps < 1 || c.Steps > len(sanctionOrder) {
			bad(id, apperr.ReasonRuleSetSteps, c.ID+" (1–"+strconv.Itoa(len(sanctionOrder))+")", "steps must be between 1 and %d (the number of sanctions), got %d", len(sanctionOrder), c.Steps)
		}
		if c.ZeroToleranceMitigating && c.Kind != Mitigating {
			bad(id, apperr.ReasonRuleSetZTMitigating, c.ID, "zero_tolerance_mitigating is only meaningful for a mitigating circumstance")
		}
		if strings.TrimSpace(c.DescriptionEN) == "" {
			bad(id, apperr.ReasonRuleSetTextMissing, c.ID+" description_en", "description_en is empty")
		}
	}
	if len(f.Norms) == 0 {
		bad("", apperr.ReasonRuleSetNoNorms, "", "no norms")
	}
	for i := range f.Norms {
		n := &f.Norms[i]
		id := "norm " + n.ID
		switch {
		case n.ID == "":
			bad(fmt.Sprintf("norm #%d", i+1), apperr.ReasonRuleSetIDMissing, fmt.Sprintf("#%d", i+1), "id is empty")
			continue
		case rs.norms[n.ID] != nil:
			bad(id, apperr.ReasonRuleSetIDRepeated, n.ID, "duplicate norm id")
			continue
		}
		rs.norms[n.ID] = n
		if why := badIdentifier(n.ID); why != "" {
			bad(id, apperr.ReasonRuleSetIDMalformed, "", "id %s", why)
		}
		if strings.TrimSpace(n.TextNL) == "" || strings.TrimSpace(n.SummaryEN) == "" {
			bad(id, apperr.ReasonRuleSetTextMissing, n.ID+" text_nl/summary_en", "text_nl and summary_en are required")
		}
		if len(n.Categories) == 0 {
			bad(id, apperr.ReasonRuleSetNoCategories, n.ID, "no categories")
		}
		if n.Source.Kind != "QUOTED" && n.Source.Kind != "PARAPHRASE" {
			bad(id, apperr.ReasonRuleSetSourceKind, n.ID, "source kind %q is neither QUOTED nor PARAPHRASE", n.Source.Kind)
		}
		for sev := range n.Guidance {
			if !sev.Valid() {
				bad(id, apperr.ReasonRuleSetSeverityUnknown, n.ID, "unknown severity %q", sev)
			}
		}
		for _, sev := range severityOrder {
			g, ok := n.Guidance[sev]
			if !ok {
				bad(id, apperr.ReasonRuleSetGuidanceMissing, n.ID+" "+string(sev), "no guidance for severity %s", sev)
				continue
			}
			where := fmt.Sprintf("severity %s", sev)
			if len(g.Allowed) == 0 {
				bad(id, apperr.ReasonRuleSetAllowedEmpty, n.ID+" "+string(sev), "%s: allowed set is empty", where)
			}
			seen := map[Sanction]bool{}
			for _, s := range g.Allowed {
				if !s.Valid() {
					bad(id, apperr.ReasonRuleSetSanctionUnknown, n.ID+" "+string(sev), "%s: unknown sanction %q", where, s)
				}
				if seen[s] {
					bad(id, apperr.ReasonRuleSetSanctionRepeated, n.ID+" "+string(sev)+" "+string(s), "%s: sanction %s listed twice", where, s)
				}
				seen[s] = true
				if n.ZeroTolerance && !slices.Contains(zeroToleranceSet, s) {
					bad(id, apperr.ReasonRuleSetZTSanction, n.ID+" "+string(sev)+" "+string(s), "%s: zero-tolerance norm allows %s; only %v are permitted", where, s, zeroToleranceSet)
				}
			}
			switch {
			case !g.Recommended.Valid():
				bad(id, apperr.ReasonRuleSetRecommended, n.ID+" "+string(sev), "%s: unknown recommended sanction %q", where, g.Recommended)
			case !seen[g.Recommended]:
				bad(id, apperr.ReasonRuleSetRecommended, n.ID+" "+string(sev), "%s: recommended %s is not in the allowed set %v", where, g.Recommended, g.Allowed)
			case n.ZeroTolerance && !g.Recommended.IsDismissal():
				bad(id, apperr.ReasonRuleSetZTRecommended, n.ID+" "+string(sev), "%s: zero-tolerance norm must recommend dismissal as the starting point, not %s", where, g.Recommended)
			}
			// Normalise: allowed by weight.
			slices.SortFunc(g.Allowed, func(a, b Sanction) int { return a.Weight() - b.Weight() })
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rs, nil
}

// badIdentifier says what makes s unfit as a version or id, which pages show, addresses carry
// and the database stores; "" when it is fit.
func badIdentifier(s string) string {
	switch {
	case strings.TrimSpace(s) != s:
		return "has spaces around it"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains a control character"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	return ""
}

// defaultRuleSet is the embedded v1, loaded and validated once.
var defaultRuleSet = mustLoad(defaultJSON)

// mustLoad panics only when the embedded rule set is broken, which the tests rule out.
func mustLoad(b []byte) *RuleSet {
	rs, err := Load(bytes.NewReader(b))
	if err != nil {
		panic(fmt.Sprintf("sanctions: embedded rule set is invalid: %v", err))
	}
	return rs
}

// Default returns the embedded rule set (ruleset/v1.json).
func Default() *RuleSet { return defaultRuleSet }

// DefaultJSON returns the embedded rule set file, e.g. to load it into the database.
func DefaultJSON() []byte { return bytes.Clone(defaultJSON) }

// Version is the rule set's version id.
func (rs *RuleSet) Version() string { return rs.f.Version }

// EffectiveDate is the day the rule set applies from.
func (rs *RuleSet) EffectiveDate() time.Time { return rs.effective }

// Preamble returns the Dutch introduction of the code of conduct's chapter 1 and its source.
func (rs *RuleSet) Preamble() (textNL, source string) { return rs.f.PreambleNL, rs.f.PreambleSource }

// Repetition returns the repetition rule.
func (rs *RuleSet) Repetition() Repetition { return rs.f.Repetition }

// Norms returns the norms in file order.
func (rs *RuleSet) Norms() []Norm {
	out := make([]Norm, len(rs.f.Norms))
	for i, n := range rs.f.Norms {
		out[i] = cloneNorm(n)
	}
	return out
}

// Norm returns the norm with this id.
func (rs *RuleSet) Norm(id string) (Norm, bool) {
	n, ok := rs.norms[id]
	if !ok {
		return Norm{}, false
	}
	return cloneNorm(*n), true
}

// Circumstances returns the circumstances in file order.
func (rs *RuleSet) Circumstances() []Circumstance { return slices.Clone(rs.f.Circumstances) }

func cloneNorm(n Norm) Norm {
	n.Categories = slices.Clone(n.Categories)
	g := maps.Clone(n.Guidance)
	for k, v := range g {
		v.Allowed = slices.Clone(v.Allowed)
		g[k] = v
	}
	n.Guidance = g
	return n
}
