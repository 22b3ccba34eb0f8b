package sanctions

import "slices"

// Sanction is a sanction available under Dutch municipal employment law (domain.md §6).
type Sanction string

// The sanctions, lightest first.
const (
	WrittenWarning     Sanction = "WRITTEN_WARNING"
	FinalWarning       Sanction = "FINAL_WARNING"
	Transfer           Sanction = "TRANSFER"
	TerminationByCourt Sanction = "TERMINATION_BY_COURT"
	SummaryDismissal   Sanction = "SUMMARY_DISMISSAL"
)

var sanctionOrder = []Sanction{WrittenWarning, FinalWarning, Transfer, TerminationByCourt, SummaryDismissal}

// zeroToleranceSet is fixed by the zero-tolerance policy (source document §1.2.3, council motion
// 269): written warning (a final warning counts as one), termination through the subdistrict court
// and summary dismissal. A rule set cannot widen it.
var zeroToleranceSet = []Sanction{WrittenWarning, FinalWarning, TerminationByCourt, SummaryDismissal}

// Sanctions returns all sanctions ordered by weight, lightest first.
func Sanctions() []Sanction { return slices.Clone(sanctionOrder) }

// ZeroToleranceSanctions returns the only sanctions allowed for zero-tolerance norms, by weight.
func ZeroToleranceSanctions() []Sanction { return slices.Clone(zeroToleranceSet) }

// Weight orders sanctions: 1 for the lightest, 5 for summary dismissal, 0 for an unknown value.
func (s Sanction) Weight() int { return slices.Index(sanctionOrder, s) + 1 }

// Valid reports whether s is a known sanction.
func (s Sanction) Valid() bool { return s.Weight() > 0 }

// IsDismissal reports whether s ends the employment.
func (s Sanction) IsDismissal() bool { return s == TerminationByCourt || s == SummaryDismissal }

// Severity is the seriousness of a proven violation.
type Severity string

// The severities, lightest first.
const (
	Low    Severity = "LOW"
	Medium Severity = "MEDIUM"
	High   Severity = "HIGH"
)

var severityOrder = []Severity{Low, Medium, High}

func (s Severity) rank() int { return slices.Index(severityOrder, s) }

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return s.rank() >= 0 }

// Outcome is the finding on one allegation.
type Outcome string

// The outcomes.
const (
	Proven       Outcome = "PROVEN"
	PartlyProven Outcome = "PARTLY_PROVEN"
	NotProven    Outcome = "NOT_PROVEN"
)

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return o == Proven || o == PartlyProven || o == NotProven }

// proven: a partly proven finding counts as proven for the facts that were found.
func (o Outcome) proven() bool { return o == Proven || o == PartlyProven }

// CircumstanceKind says which way a circumstance moves the recommendation.
type CircumstanceKind string

// The kinds.
const (
	Aggravating CircumstanceKind = "AGGRAVATING"
	Mitigating  CircumstanceKind = "MITIGATING"
)

// Source says where a norm's text comes from.
type Source struct {
	// Kind is QUOTED (verbatim from the document) or PARAPHRASE.
	Kind     string `json:"kind"`
	Document string `json:"document"`
}

// Guidance is the sanction guidance for one severity of one norm.
type Guidance struct {
	Allowed     []Sanction `json:"allowed"`
	Recommended Sanction   `json:"recommended"`
}

// Norm is one rule of conduct with its sanction guidance.
type Norm struct {
	ID            string                `json:"id"`
	TextNL        string                `json:"text_nl"`
	SummaryEN     string                `json:"summary_en"`
	Categories    []string              `json:"categories"`
	ZeroTolerance bool                  `json:"zero_tolerance"`
	Source        Source                `json:"source"`
	Guidance      map[Severity]Guidance `json:"guidance"`
}

// Circumstance is an aggravating or mitigating circumstance.
type Circumstance struct {
	ID   string           `json:"id"`
	Kind CircumstanceKind `json:"kind"`
	// Steps is how far the circumstance moves the recommendation along the allowed set.
	Steps int `json:"steps"`
	// ZeroToleranceMitigating: this mitigating circumstance may lower a zero-tolerance
	// recommendation below dismissal.
	ZeroToleranceMitigating bool   `json:"zero_tolerance_mitigating,omitempty"`
	DescriptionEN           string `json:"description_en"`
	DescriptionNL           string `json:"description_nl"`
}

// Repetition is the rule for prior proven violations.
type Repetition struct {
	// StepsPerPriorViolation moves the recommendation heavier per prior violation ...
	StepsPerPriorViolation int `json:"steps_per_prior_violation"`
	// ... up to MaxSteps in total.
	MaxSteps int `json:"max_steps"`
	// SeverityEscalationAt: from this many prior violations on, every finding's severity is raised
	// one level (0 disables).
	SeverityEscalationAt int `json:"severity_escalation_at"`
}
