package e2e

import (
	"fmt"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// category returns a table row's published count in an edition (nil when suppressed).
func category(r *pb.AnnualReport, table, code string) *int32 {
	for _, s := range r.GetSections() {
		for _, t := range s.GetTables() {
			if t.GetId() != table {
				continue
			}
			for _, row := range t.GetRows() {
				if row.GetCode() == code {
					return row.Count
				}
			}
		}
	}
	return nil
}

// TestHRPublishesNumberedEditionsThatTogetherRevealNoNewReport: HR publishes an edition over
// REST, one more report comes in, HR publishes again over gRPC; both are listed and readable as
// published, and the second does not show the new report's category next to the first. Others
// than HR are refused.
func TestHRPublishesNumberedEditionsThatTogetherRevealNoNewReport(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		file := func(cat pb.Category, i int) {
			req := anonymousReport(fmt.Sprintf("SECRET-CONTENT-%d: a report for the editions.", i))
			req.Category = cat
			s.fileReport(t, req)
		}
		for i := range 9 {
			file(pb.Category_CATEGORY_DISCRIMINATION, i)
		}
		for i := range 3 {
			file(pb.Category_CATEGORY_BULLYING, 9+i)
		}
		hanna := s.tokenFor(t, "hanna", "hr")
		year := time.Now().UTC().Year()
		var first struct {
			AnnualReportEdition struct {
				Year   int `json:"year"`
				Number int `json:"number"`
			} `json:"annualReportEdition"`
		}
		path := fmt.Sprintf("/v1/reports/annual/%d/editions", year)
		s.rest(t, "POST", path, hanna, map[string]any{}).want(t, 200, &first)
		if first.AnnualReportEdition.Number != 1 || first.AnnualReportEdition.Year != year {
			t.Fatalf("first edition: %+v", first)
		}
		file(pb.Category_CATEGORY_DISCRIMINATION, 20)
		time.Sleep(10 * time.Millisecond)
		second, err := s.reports.PublishAnnualReport(ctx(t, hanna), &pb.PublishAnnualReportRequest{Year: int32(year)})
		if err != nil {
			t.Fatal(err)
		}
		if second.GetAnnualReportEdition().GetNumber() != 2 {
			t.Fatalf("second edition numbered %d", second.GetAnnualReportEdition().GetNumber())
		}
		one, err := s.reports.GetAnnualReportEdition(ctx(t, hanna), &pb.GetAnnualReportEditionRequest{Year: int32(year), Number: 1})
		if err != nil {
			t.Fatal(err)
		}
		a := category(one.GetAnnualReportEdition().GetReport(), "reports.category", "DISCRIMINATION")
		b := category(second.GetAnnualReportEdition().GetReport(), "reports.category", "DISCRIMINATION")
		if a == nil || *a != 9 {
			t.Errorf("edition 1 shows discrimination as %v, want 9", a)
		}
		if a != nil && b != nil && *a != *b {
			t.Errorf("discrimination %d in edition 1 and %d in edition 2: the new report's category shows", *a, *b)
		}
		var list struct {
			AnnualReportEditions []struct {
				Number      int    `json:"number"`
				PublishedBy string `json:"publishedBy"`
			} `json:"annualReportEditions"`
		}
		s.rest(t, "GET", path, hanna, nil).want(t, 200, &list)
		if len(list.AnnualReportEditions) != 2 || list.AnnualReportEditions[0].Number != 1 || list.AnnualReportEditions[1].Number != 2 {
			t.Fatalf("editions: %+v", list)
		}
		s.rest(t, "GET", path+"/3", hanna, nil).wantError(t, 404)
		s.rest(t, "POST", path, s.tokenFor(t, "mgr-bo", "manager"), map[string]any{}).wantError(t, 403)
		_, err = s.reports.ListAnnualReportEditions(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.ListAnnualReportEditionsRequest{Year: int32(year)})
		wantCode(t, err, codes.PermissionDenied)
		s.rest(t, "POST", fmt.Sprintf("/v1/reports/annual/%d/editions", year+1), hanna, map[string]any{}).wantError(t, 400)
	})
}
