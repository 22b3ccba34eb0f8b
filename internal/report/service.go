package report

import (
	"context"
	"fmt"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// ActionGenerate is the audit action of generating a report.
const ActionGenerate = "report.annual.generate"

// DefaultThreshold is the smallest count published (domain.md §8).
const DefaultThreshold = 5

// Service produces annual reports.
type Service struct {
	src          Source
	organisation string
	threshold    int
	now          func() time.Time
}

// New returns the report service; threshold 0 means DefaultThreshold, now nil means time.Now.
func New(src Source, organisation string, threshold int, now func() time.Time) *Service {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	if now == nil {
		now = time.Now
	}
	return &Service{src: src, organisation: organisation, threshold: threshold, now: now}
}

// Actor is who asks; only HR (or the command line, as HR) may.
type Actor struct {
	Subject   string
	HR        bool
	RequestID string
}

// comparedYears is how many earlier years the report compares with.
const comparedYears = 4

// Annual computes the report of a calendar year: the counts in the database, then disclosure
// control. Generating it is audited (who, which year — the report has no case to name).
func (s *Service) Annual(ctx context.Context, a Actor, year int, progress func(step string)) (Report, error) {
	if !a.HR {
		return Report{}, apperr.Forbidden("the annual report is HR's")
	}
	now := s.now().UTC()
	if year < 2000 || year > now.Year() {
		return Report{}, apperr.Invalid("year", "must be between 2000 and %d", now.Year())
	}
	if progress == nil {
		progress = func(string) {}
	}
	progress(fmt.Sprintf("counting %d in the database", year))
	raw, err := s.src.AnnualCounts(ctx, year, now)
	if err != nil {
		return Report{}, err
	}
	progress(fmt.Sprintf("comparing with %d-%d", year-comparedYears, year-1))
	years, err := s.src.YearTotals(ctx, year-comparedYears, year)
	if err != nil {
		return Report{}, err
	}
	progress("suppressing small counts")
	r := Build(raw, years, s.threshold, s.organisation, now)
	ev := audit.Event{At: now, Actor: audit.Staff(a.Subject), Action: ActionGenerate, Fields: []string{fmt.Sprintf("year:%d", year)}, RequestID: a.RequestID}
	if err := s.src.Audit(ctx, ev); err != nil {
		return Report{}, err
	}
	return r, nil
}
