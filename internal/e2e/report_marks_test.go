package e2e

import (
	"fmt"
	"slices"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestAnnualReportAPIShowsTheMarksNeverASuppressedNumber: the annual report over gRPC and REST
// says of each suppressed count whether it is small ("< 5") or shields another ("afgeschermd",
// so at least 5), as the page does, and carries the relations the disclosure control protects
// against — and a suppressed count has no number in either.
func TestAnnualReportAPIShowsTheMarksNeverASuppressedNumber(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		for i := range 12 {
			req := anonymousReport(fmt.Sprintf("SECRET-CONTENT-%d: a report for the annual report.", i))
			req.Category = pb.Category_CATEGORY_DISCRIMINATION
			if i >= 9 {
				req.Category = pb.Category_CATEGORY_BULLYING // 3: small
			}
			s.fileReport(t, req)
		}
		hanna := s.tokenFor(t, "hanna", "hr")
		year := time.Now().UTC().Year()
		truth := map[string]int{"DISCRIMINATION": 9, "BULLYING": 3}

		got, err := s.reports.GetAnnualReport(ctx(t, hanna), &pb.GetAnnualReportRequest{Year: int32(year)})
		if err != nil {
			t.Fatal(err)
		}
		var rows []*pb.ReportRow
		for _, sec := range got.GetReport().GetSections() {
			for _, tb := range sec.GetTables() {
				if tb.GetId() == "reports.category" {
					rows = tb.GetRows()
				}
			}
		}
		if len(rows) == 0 {
			t.Fatal("no table of reports by category")
		}
		grpcRows := map[string]*pb.ReportRow{}
		for _, row := range rows {
			grpcRows[row.GetCode()] = row
			n := truth[row.GetCode()]
			switch {
			case row.Count != nil && n < 5:
				t.Errorf("gRPC: %s published as %d, below the threshold", row.GetCode(), row.GetCount())
			case row.Count == nil && row.GetSmall() != (n < 5):
				t.Errorf("gRPC: %s (%d) suppressed with small=%v", row.GetCode(), n, row.GetSmall())
			}
		}
		if b := grpcRows["BULLYING"]; b.Count != nil || !b.GetSmall() {
			t.Errorf("gRPC: bullying (3 reports) is %v, small %v; want suppressed and marked small", b.Count, b.GetSmall())
		}
		rels := got.GetReport().GetRelations()
		if !slices.ContainsFunc(rels, func(r *pb.ReportRelation) bool {
			return r.GetKind() == "eq" && slices.Equal(r.GetLeft(), []string{"reports.category.total"}) && slices.Equal(r.GetRight(), []string{"reports.channel.total"})
		}) {
			t.Errorf("gRPC: no relation of the category total to the channel total among %d", len(rels))
		}

		// REST: the same marks, and no number where a count is suppressed.
		var doc struct {
			Report struct {
				Sections []struct {
					Tables []struct {
						ID   string           `json:"id"`
						Rows []map[string]any `json:"rows"`
					} `json:"tables"`
				} `json:"sections"`
				Relations []map[string]any `json:"relations"`
			} `json:"report"`
		}
		s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d", year), hanna, nil).want(t, 200, &doc)
		compared := 0
		for _, sec := range doc.Report.Sections {
			for _, tb := range sec.Tables {
				for _, row := range tb.Rows {
					count, hasCount := row["count"]
					small, _ := row["small"].(bool)
					if hasCount && count != nil && small {
						t.Errorf("REST: %s.%v is marked small and has a number: %v", tb.ID, row["code"], count)
					}
					if tb.ID != "reports.category" {
						continue
					}
					g := grpcRows[row["code"].(string)]
					if (count != nil) != (g.Count != nil) || small != g.GetSmall() {
						t.Errorf("REST: %v is %v (small %v); gRPC %v (small %v)", row["code"], count, small, g.Count, g.GetSmall())
					}
					compared++
				}
			}
		}
		if compared != len(rows) {
			t.Errorf("REST: %d category rows compared, gRPC has %d", compared, len(rows))
		}
		if len(doc.Report.Relations) != len(rels) {
			t.Errorf("REST: %d relations, gRPC %d", len(doc.Report.Relations), len(rels))
		}
	})
}
