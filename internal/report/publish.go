package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// ActionPublish is the audit action of publishing an edition.
const ActionPublish = "report.annual.publish"

// StoredEdition is a published edition as stored: frozen, never changed.
type StoredEdition struct {
	Year, Number int
	PublishedAt  time.Time
	PublishedBy  string
	Report       []byte         // the report as published, JSON
	Truth        map[string]int // its counts before suppression; never published
}

// ErrEditionExists is returned by EditionStore.InsertEdition when the number is taken (another
// edition of the year was published at the same moment).
var ErrEditionExists = errors.New("report: edition number taken")

// EditionStore keeps the published editions.
type EditionStore interface {
	// Editions returns the published editions of a year, oldest first.
	Editions(ctx context.Context, year int) ([]StoredEdition, error)
	// InsertEdition stores a new edition; ErrEditionExists when its number is taken.
	InsertEdition(ctx context.Context, e StoredEdition) error
}

// known collects what was published before the next edition of year: every edition of the
// year, and the final edition of each earlier year of the comparison.
func known(ctx context.Context, es EditionStore, year int) (Known, int, error) {
	var k Known
	eds, err := es.Editions(ctx, year)
	if err != nil {
		return k, 0, err
	}
	for _, e := range eds {
		var r Report
		if err := json.Unmarshal(e.Report, &r); err != nil {
			return k, 0, fmt.Errorf("edition %d/%d: %w", e.Year, e.Number, err)
		}
		k.Earlier = append(k.Earlier, Edition{Key: EditionKey(e.Number), Published: r, Truth: e.Truth})
	}
	k.Finals = map[int]Report{}
	for y := year - comparedYears; y < year; y++ {
		eds, err := es.Editions(ctx, y)
		if err != nil {
			return k, 0, err
		}
		if len(eds) == 0 {
			continue
		}
		var r Report
		if err := json.Unmarshal(eds[len(eds)-1].Report, &r); err != nil {
			return k, 0, fmt.Errorf("edition %d/%d: %w", y, eds[len(eds)-1].Number, err)
		}
		k.Finals[y] = r
	}
	return k, len(k.Earlier) + 1, nil
}

// MaxEditionsPerYear is how many editions a year's report may have. Each further edition gives a
// reader one more difference to subtract from the others, and protecting it against all of them
// grows costly fast (seconds at the sixth edition, minutes at the ninth): a few interim editions
// and a final one after the year are what the works council needs.
const MaxEditionsPerYear = 5

// errEditionsFull: the year has MaxEditionsPerYear editions.
var errEditionsFull = errors.New("report: the year has all its editions")

// edition builds the next edition of year: the report protected with every earlier edition known,
// its number, and its counts before suppression.
func (s *Service) edition(ctx context.Context, a Actor, year int, progress func(string)) (Report, int, map[string]int, error) {
	if !a.HR {
		return Report{}, 0, nil, apperr.Forbidden("the annual report is HR's")
	}
	now := s.now().UTC()
	if year < 2000 || year > now.Year() {
		return Report{}, 0, nil, apperr.Invalid("year", "must be between 2000 and %d", now.Year())
	}
	if progress == nil {
		progress = func(string) {}
	}
	var kn Known
	number := 1
	if es, ok := s.src.(EditionStore); ok {
		var err error
		if kn, number, err = known(ctx, es, year); err != nil {
			return Report{}, 0, nil, err
		}
		if number > MaxEditionsPerYear {
			return Report{}, 0, nil, errEditionsFull
		}
	}
	progress(fmt.Sprintf("counting %d in the database", year))
	raw, err := s.src.AnnualCounts(ctx, year, now)
	if err != nil {
		return Report{}, 0, nil, err
	}
	progress(fmt.Sprintf("comparing with %d-%d", year-comparedYears, year-1))
	years, err := s.src.YearTotals(ctx, year-comparedYears, year)
	if err != nil {
		return Report{}, 0, nil, err
	}
	progress("suppressing small counts")
	r, truth := BuildEdition(raw, years, s.threshold, s.organisation, now, kn)
	return r, number, truth, nil
}

// Publish publishes the next edition of year's report: built and protected as Annual builds
// the draft, numbered after the year's earlier editions, stored frozen, and audited.
func (s *Service) Publish(ctx context.Context, a Actor, year int) (StoredEdition, Report, error) {
	es, ok := s.src.(EditionStore)
	if !ok {
		return StoredEdition{}, Report{}, errors.New("report: this source keeps no editions")
	}
	r, number, truth, err := s.edition(ctx, a, year, nil)
	if errors.Is(err, errEditionsFull) {
		return StoredEdition{}, Report{}, apperr.FailedPrecondition(
			"%d already has %d editions, the most a year may have: each further edition would let readers compare one more; its last edition stands", year, MaxEditionsPerYear)
	}
	if err != nil {
		return StoredEdition{}, Report{}, err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return StoredEdition{}, Report{}, err
	}
	e := StoredEdition{Year: year, Number: number, PublishedAt: r.GeneratedAt, PublishedBy: a.Subject, Report: data, Truth: truth}
	if err := es.InsertEdition(ctx, e); errors.Is(err, ErrEditionExists) {
		return StoredEdition{}, Report{}, apperr.Conflict("another edition of %d was published at the same moment; publish again", year)
	} else if err != nil {
		return StoredEdition{}, Report{}, err
	}
	ev := audit.Event{At: r.GeneratedAt, Actor: audit.Staff(a.Subject), Action: ActionPublish,
		Fields: []string{fmt.Sprintf("year:%d", year), fmt.Sprintf("edition:%d", number)}, RequestID: a.RequestID}
	if err := s.src.Audit(ctx, ev); err != nil {
		return StoredEdition{}, Report{}, err
	}
	return e, r, nil
}

// Editions lists the published editions of a year (without their counts before suppression).
func (s *Service) Editions(ctx context.Context, a Actor, year int) ([]StoredEdition, error) {
	if !a.HR {
		return nil, apperr.Forbidden("the annual report is HR's")
	}
	es, ok := s.src.(EditionStore)
	if !ok {
		return nil, nil
	}
	eds, err := es.Editions(ctx, year)
	for i := range eds {
		eds[i].Truth = nil
	}
	return eds, err
}

// Edition returns a published edition as it was published.
func (s *Service) Edition(ctx context.Context, a Actor, year, number int) (Report, error) {
	eds, err := s.Editions(ctx, a, year)
	if err != nil {
		return Report{}, err
	}
	for _, e := range eds {
		if e.Number == number {
			var r Report
			err := json.Unmarshal(e.Report, &r)
			return r, err
		}
	}
	return Report{}, apperr.NotFound("edition %d of %d", number, year)
}
