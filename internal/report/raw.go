package report

import (
	"context"
	"time"

	"github.com/utrecht/meldpunt/internal/audit"
)

// Raw are one year's counts as the database computed them, before disclosure control. They
// never leave this package unprotected: Build turns them into a Report.
type Raw struct {
	Year int
	// Reports received in the year, by channel, category, anonymity choice and top-level unit
	// ("" for reports not (yet) tied to a unit). Grounds count mentions: a report can name several.
	Reports            int
	ReportsByChannel   map[string]int
	ReportsByCategory  map[string]int
	ReportsByAnonymity map[string]int
	ReportsByUnit      map[string]int
	GroundMentions     map[string]int
	// Directorates are the names of all top-level units of the organisation register. The unit
	// tables list every one of them, with zero cases too: a directorate missing from a table
	// would tell the reader it had exactly none.
	Directorates []string
	// Adviser conversations held in the year, by the adviser's kind (INTERNAL, EXTERNAL), and the
	// number of distinct reporters (cases) they were held with, by kind.
	Conversations           map[string]int
	ReportersInConversation map[string]int
	// Escalations to the employer in the year; weighings by outcome; investigations started.
	Escalations          int
	WeighingsByOutcome   map[string]int
	Investigations       int
	InvestigationsByUnit map[string]int
	// Findings per allegation (PROVEN, PARTLY_PROVEN, NOT_PROVEN) of cases closed in the year;
	// sanction decisions in the year by sanction; closures in the year by outcome.
	FindingsByResult  map[string]int
	SanctionsByType   map[string]int
	OutcomesByOutcome map[string]int
	// Handling times per stage, in days.
	Durations map[string]Duration
	// Deadlines that fell in the year: how many were due and how many met in time.
	Deadlines map[string]Compliance
	// Zero tolerance: cases closed in the year with a proven (or partly proven) discrimination
	// finding, and how many of them have a sanction decision.
	ProvenDiscrimination           int
	ProvenDiscriminationSanctioned int
	// Sanction decisions in the year and how many were lighter than the guidance recommended.
	Decisions int
	Lighter   int
	Heavier   int
	// Matching entries ("not alone") made in the year, entries that became matched in the year,
	// and matched entries whose reporter went ahead in the year.
	EscrowMade, EscrowMatched, EscrowAccepted int
}

// Duration is a handling-time statistic over N items.
type Duration struct {
	N           int
	Median, P90 float64
}

// Compliance counts one kind of deadline.
type Compliance struct{ Due, Met int }

// YearRaw are one year's main totals, for the comparison with earlier years.
type YearRaw struct {
	Year                                              int
	Reports, Conversations, Investigations, Sanctions int
}

// Source computes the counts in the database (grouped queries; nothing is loaded case by case).
type Source interface {
	AnnualCounts(ctx context.Context, year int, now time.Time) (Raw, error)
	YearTotals(ctx context.Context, from, to int) ([]YearRaw, error)
	// Audit writes the event of generating a report.
	Audit(ctx context.Context, ev audit.Event) error
}
