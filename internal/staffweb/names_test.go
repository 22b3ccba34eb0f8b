package staffweb

import (
	"strings"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/report"
)

// TestTheAnnualReportAndTheStaffPagesNameCodesAlike: a sanction, a channel, a finding, an
// outcome or an anonymity choice has one Dutch name, in the annual report as on the staff pages
// (a sanction once had two: "Ontbinding via de kantonrechter" in the report, "Opzegging via de
// kantonrechter" on the pages — different procedures in Dutch employment law).
func TestTheAnnualReportAndTheStaffPagesNameCodesAlike(t *testing.T) {
	r := report.Build(report.Raw{Year: 2026}, nil, 5, "Gemeente Utrecht", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC))
	rows := map[string]map[string]string{}
	for _, s := range r.Sections {
		for _, tb := range s.Tables {
			rows[tb.ID] = map[string]string{}
			for _, row := range tb.Rows {
				rows[tb.ID][row.Code] = row.LabelNL
			}
		}
	}
	check := func(table, code, staff string) {
		t.Helper()
		got, ok := rows[table][code]
		switch {
		case !ok:
			t.Errorf("the report's table %s has no row %s", table, code)
		case got != staff:
			t.Errorf("%s %s: the annual report says %q, the staff pages %q", table, code, got, staff)
		}
	}
	for n := range pb.Sanction_name {
		if s := pb.Sanction(n); n != 0 {
			check("sanctions.type", strings.TrimPrefix(s.String(), "SANCTION_"), sanctionLabel("nl", s.String()))
		}
	}
	for n := range pb.Channel_name {
		if c := pb.Channel(n); n != 0 {
			check("reports.channel", strings.TrimPrefix(c.String(), "CHANNEL_"), channelLabel("nl", c))
		}
	}
	for n := range pb.Anonymity_name {
		if a := pb.Anonymity(n); n != 0 {
			check("reports.anonymity", strings.TrimPrefix(a.String(), "ANONYMITY_"), anonymityLabel("nl", a))
		}
	}
	for n := range pb.Finding_name {
		if f := pb.Finding(n); n != 0 {
			check("findings.result", strings.TrimPrefix(f.String(), "FINDING_"), findingLabel("nl", f.String()))
		}
	}
	for n := range pb.WeighingOutcome_name {
		if w := pb.WeighingOutcome(n); n != 0 {
			check("weighings.outcome", strings.TrimPrefix(w.String(), "WEIGHING_OUTCOME_"), weighingLabel("nl", w))
		}
	}
	for n := range pb.Category_name {
		if c := pb.Category(n); n != 0 {
			check("reports.category", strings.TrimPrefix(c.String(), "CATEGORY_"), categoryLabel("nl", c))
		}
	}
	for n := range pb.DiscriminationGround_name {
		if g := pb.DiscriminationGround(n); n != 0 {
			check("reports.grounds", strings.TrimPrefix(g.String(), "DISCRIMINATION_GROUND_"), groundLabel("nl", g))
		}
	}
	for code := range rows["outcomes"] {
		check("outcomes", code, outcomeLabel("nl", code))
	}
	if len(rows["outcomes"]) < 8 {
		t.Errorf("the report lists %d outcomes", len(rows["outcomes"]))
	}
}
