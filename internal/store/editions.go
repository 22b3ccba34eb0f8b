package store

import (
	"context"
	"encoding/json"

	"github.com/utrecht/meldpunt/ent"
	"github.com/utrecht/meldpunt/ent/reportedition"
	"github.com/utrecht/meldpunt/internal/report"
)

var _ report.EditionStore = (*Reports)(nil)

// Editions returns the published editions of a year, oldest first.
func (r *Reports) Editions(ctx context.Context, year int) ([]report.StoredEdition, error) {
	rows, err := r.s.client.ReportEdition.Query().Where(reportedition.Year(year)).
		Order(ent.Asc(reportedition.FieldNumber)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]report.StoredEdition, 0, len(rows))
	for _, e := range rows {
		var truth map[string]int
		if err := json.Unmarshal(e.Truth, &truth); err != nil {
			return nil, err
		}
		out = append(out, report.StoredEdition{Year: e.Year, Number: e.Number, PublishedAt: e.PublishedAt.UTC(),
			PublishedBy: e.PublishedBy, Report: e.Report, Truth: truth})
	}
	return out, nil
}

// InsertEdition stores a new edition; report.ErrEditionExists when its number is taken.
func (r *Reports) InsertEdition(ctx context.Context, e report.StoredEdition) error {
	truth, err := json.Marshal(e.Truth)
	if err != nil {
		return err
	}
	err = r.s.client.ReportEdition.Create().SetYear(e.Year).SetNumber(e.Number).SetPublishedAt(e.PublishedAt).
		SetPublishedBy(e.PublishedBy).SetReport(e.Report).SetTruth(truth).Exec(ctx)
	if ent.IsConstraintError(err) {
		return report.ErrEditionExists
	}
	return err
}
