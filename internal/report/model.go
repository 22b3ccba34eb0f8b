// Package report produces the annual integrity report (jaarverslag integriteit en ongewenst
// gedrag, domain.md §8): aggregates computed in the database per calendar year, disclosure
// control so that no count small enough to identify anyone can be read or recovered, and the
// outputs — JSON (API), CSV and a self-contained HTML page in Dutch with charts.
package report

import "time"

// Report is one year's report, after disclosure control. A nil count is suppressed.
type Report struct {
	Year         int       `json:"year"`
	Organisation string    `json:"organisation"`
	GeneratedAt  time.Time `json:"generated_at"`
	// Threshold: counts below it (and the cells that would give them away) are suppressed.
	Threshold int `json:"threshold"`
	// Sections in reading order; each holds tables and figures.
	Sections []Section `json:"sections"`
	// ZeroTolerance: proven discrimination and how much of it was sanctioned.
	ZeroTolerance ZeroTolerance `json:"zero_tolerance"`
	// Years compares the main totals with earlier years (oldest first, this year last).
	Years []YearTotals `json:"years"`
	// Relations between the counts that any reader knows — every table's total and rows, the
	// same total under several breakdowns, a figure's N and the table it is computed over, the
	// lifecycle of a case — declared next to each table and figure (relations.go), published so
	// that anyone can check the disclosure control against them. They name counts by cell id
	// (see cells).
	Relations []Relation `json:"relations"`
}

// Section is a chapter of the report.
type Section struct {
	ID      string   `json:"id"`
	TitleNL string   `json:"title_nl"`
	IntroNL string   `json:"intro_nl,omitempty"`
	Tables  []Table  `json:"tables,omitempty"`
	Figures []Figure `json:"figures,omitempty"`
}

// Table is a breakdown of one total into categories (a partition: every counted item is in
// exactly one row). Total is the count of everything, published unless suppressed.
type Table struct {
	ID      string `json:"id"`
	TitleNL string `json:"title_nl"`
	// Unit is what is counted, in Dutch plural ("meldingen", "gesprekken").
	UnitNL string `json:"unit_nl"`
	Rows   []Row  `json:"rows"`
	Total  *int   `json:"total"`
	// TotalSmall: the total is suppressed because it is below the threshold (see Row.Small).
	TotalSmall bool `json:"total_small,omitempty"`
	// ShareBandNL, for deadline tables: the share met in time, in a broad band derived only from
	// what the table publishes (see shareBand); empty for other tables.
	ShareBandNL string `json:"share_band_nl,omitempty"`
}

// Row is one category of a table.
type Row struct {
	Code    string `json:"code"`
	LabelNL string `json:"label_nl"`
	Count   *int   `json:"count"` // nil: suppressed
	// Small: suppressed because the count is below the threshold (zero included). A count
	// suppressed only to protect another one is not small: it is at least the threshold.
	Small bool `json:"small,omitempty"`
}

// Figure is a single measure: a duration statistic or a share.
type Figure struct {
	ID      string   `json:"id"`
	LabelNL string   `json:"label_nl"`
	N       *int     `json:"n"`                 // how many items it is computed over; nil: suppressed
	NSmall  bool     `json:"n_small,omitempty"` // N is suppressed because it is below the threshold
	Value   *float64 `json:"value,omitempty"`   // nil when suppressed or when there is nothing to compute
	// Unit of Value: "dagen" (days) or "%".
	UnitNL string `json:"unit_nl"`
	// For durations: the 90th percentile next to the median (Value).
	P90 *float64 `json:"p90,omitempty"`
	// HeldBackNL says, in Dutch, why a handling time is not (yet) given although N is: it is
	// published only once the year is over (see heldBack).
	HeldBackNL string `json:"held_back_nl,omitempty"`
}

// ZeroTolerance is the council's check: every proven discrimination case is sanctioned.
type ZeroTolerance struct {
	ProvenDiscrimination *int `json:"proven_discrimination"`
	Sanctioned           *int `json:"sanctioned"`
	NotSanctioned        *int `json:"not_sanctioned"`
	// Flagged is true when not every proven discrimination case was sanctioned. It is published
	// even when the counts are suppressed: that the rule was broken is the point of the report.
	Flagged bool `json:"flagged"`
	// LighterThanGuidance counts sanction decisions lighter than the rule set recommended.
	LighterThanGuidance *int `json:"lighter_than_guidance"`
	// HeavierThanGuidance counts sanction decisions heavier than the rule set recommended.
	HeavierThanGuidance *int `json:"heavier_than_guidance"`
	DecisionsTotal      *int `json:"decisions_total"`
	// Small names (by their JSON names) the counts above that are suppressed because they are
	// below the threshold; the other suppressed ones protect those.
	Small []string `json:"small,omitempty"`
}

// YearTotals are one year's main totals.
type YearTotals struct {
	Year           int  `json:"year"`
	Reports        *int `json:"reports"`
	Conversations  *int `json:"conversations"`
	Investigations *int `json:"investigations"`
	Sanctions      *int `json:"sanctions"`
	// Small names (by their JSON names) the counts of the year suppressed for being small.
	Small []string `json:"small,omitempty"`
}

// Int returns a pointer to n, for building reports.
func Int(n int) *int { return &n }

// Float returns a pointer to f.
func Float(f float64) *float64 { return &f }
