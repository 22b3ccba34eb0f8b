package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestHRGetsTheAnnualReportWithoutSmallCounts: twelve reports are filed; HR gets this year's
// report over REST as JSON, CSV and HTML. Counts of five and more are there, smaller ones are not
// (not as numbers, not recoverable from the totals), and no report text appears anywhere. Others
// than HR are refused, and the generation is in the audit trail.
func TestHRGetsTheAnnualReportWithoutSmallCounts(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		for i := 0; i < 12; i++ {
			req := anonymousReport(fmt.Sprintf("SECRET-CONTENT-%d: remarks about a colleague's origin.", i))
			req.Category = pb.Category_CATEGORY_DISCRIMINATION
			if i >= 9 {
				req.Category = pb.Category_CATEGORY_BULLYING // three: a small count
			}
			s.fileReport(t, req)
		}
		hanna := s.tokenFor(t, "hanna", "hr")
		year := time.Now().UTC().Year()
		var got struct {
			Report struct {
				Year     int `json:"year"`
				Sections []struct {
					Tables []struct {
						ID   string `json:"id"`
						Rows []struct {
							Code  string `json:"code"`
							Count *int   `json:"count"`
						} `json:"rows"`
						Total *int `json:"total"`
					} `json:"tables"`
				} `json:"sections"`
			} `json:"report"`
		}
		resp := s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d", year), hanna, nil)
		resp.want(t, 200, &got)
		if strings.Contains(string(resp.Body), "SECRET-CONTENT") {
			t.Fatal("report content in the annual report")
		}
		counts := map[string]*int{}
		for _, sec := range got.Report.Sections {
			for _, tb := range sec.Tables {
				for _, r := range tb.Rows {
					counts[tb.ID+"."+r.Code] = r.Count
				}
				counts[tb.ID+".total"] = tb.Total
			}
		}
		if c := counts["reports.category.DISCRIMINATION"]; c == nil || *c != 9 {
			t.Errorf("nine discrimination reports: %v", c)
		}
		if c := counts["reports.category.BULLYING"]; c != nil {
			t.Errorf("three bullying reports are published as %d", *c)
		}
		// BULLYING cannot be worked out from the total: it is not the only hidden category.
		hidden := 0
		for k, v := range counts {
			if strings.HasPrefix(k, "reports.category.") && k != "reports.category.total" && v == nil {
				hidden++
			}
		}
		if hidden < 2 {
			t.Errorf("only %d hidden categories: the hidden one follows from the total", hidden)
		}
		var csvOut struct {
			ContentType string `json:"contentType"`
			Content     []byte `json:"content"`
		}
		s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d?format=csv", year), hanna, nil).want(t, 200, &csvOut)
		if !strings.HasPrefix(csvOut.ContentType, "text/csv") || !strings.HasPrefix(string(csvOut.Content), "jaar;onderdeel;tabel") {
			t.Errorf("CSV: %q %.80q", csvOut.ContentType, csvOut.Content)
		}
		s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d?format=html", year), hanna, nil).want(t, 200, &csvOut)
		if !strings.HasPrefix(csvOut.ContentType, "text/html") || !strings.Contains(string(csvOut.Content), "<svg") {
			t.Errorf("HTML: %q", csvOut.ContentType)
		}
		s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d", year), s.tokenFor(t, "mgr-bo", "manager"), nil).wantError(t, 403)
		_, err := s.reports.GetAnnualReport(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.GetAnnualReportRequest{Year: int32(year)})
		wantCode(t, err, codes.PermissionDenied)
		_ = json.Marshal
	})
}
