package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

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

// Annual computes the draft report of a calendar year: the counts in the database, then
// disclosure control as for the next edition (every published edition of the year known). Generating it is audited (who, which year — the report has no case to name).
func (s *Service) Annual(ctx context.Context, a Actor, year int, progress func(step string)) (Report, error) {
	// A draft shows no more than the editions: it is protected as the next edition would be.
	r, _, _, err := s.edition(ctx, a, year, progress)
	if errors.Is(err, errEditionsFull) {
		// No further edition can be published: the draft is the last edition, as published.
		r, err = s.lastEdition(ctx, year)
	}
	if err != nil {
		return Report{}, err
	}
	now := r.GeneratedAt
	ev := audit.Event{At: now, Actor: audit.Staff(a.Subject), Action: ActionGenerate, Fields: []string{fmt.Sprintf("year:%d", year)}, RequestID: a.RequestID}
	if err := s.src.Audit(ctx, ev); err != nil {
		return Report{}, err
	}
	return r, nil
}

// lastEdition is the year's latest published edition, as it was published.
func (s *Service) lastEdition(ctx context.Context, year int) (Report, error) {
	es, ok := s.src.(EditionStore)
	if !ok {
		return Report{}, errors.New("report: this source keeps no editions")
	}
	eds, err := es.Editions(ctx, year)
	if err != nil || len(eds) == 0 {
		return Report{}, err
	}
	var r Report
	err = json.Unmarshal(eds[len(eds)-1].Report, &r)
	return r, err
}
