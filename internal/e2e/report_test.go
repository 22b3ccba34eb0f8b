package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
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
		// With a format, the answer is the document itself: a CSV a spreadsheet (or encoding/csv)
		// reads, and an HTML page that may not run script, each as a named attachment.
		doc := s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d?format=csv", year), hanna, nil)
		if doc.Status != 200 {
			t.Fatalf("CSV: HTTP %d: %s", doc.Status, doc.Body)
		}
		wantDocHeaders(t, doc, "text/csv; charset=utf-8", fmt.Sprintf(`attachment; filename="integriteitsverslag-%d.csv"`, year))
		cr := csv.NewReader(bytes.NewReader(doc.Body))
		cr.Comma = ';'
		records, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("the CSV body does not parse: %v\n%.200s", err, doc.Body)
		}
		if len(records) < 2 || strings.Join(records[0][:3], ";") != "jaar;onderdeel;tabel" {
			t.Fatalf("CSV header: %q (%d records)", records[0], len(records))
		}
		nine := false
		for _, rec := range records[1:] {
			if rec[0] == strconv.Itoa(year) && rec[3] == "DISCRIMINATION" && rec[5] == "9" {
				nine = true
			}
			if rec[3] == "BULLYING" && rec[5] == "3" {
				t.Errorf("three bullying reports are in the CSV: %q", rec)
			}
		}
		if !nine {
			t.Error("the CSV lacks the nine discrimination reports")
		}
		doc = s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d?format=html", year), hanna, nil)
		if doc.Status != 200 {
			t.Fatalf("HTML: HTTP %d: %s", doc.Status, doc.Body)
		}
		wantDocHeaders(t, doc, "text/html; charset=utf-8", fmt.Sprintf(`attachment; filename="integriteitsverslag-%d.html"`, year))
		if !strings.HasPrefix(string(doc.Body), "<!DOCTYPE html>") || !strings.Contains(string(doc.Body), "<svg") {
			t.Errorf("HTML body: %.80q", doc.Body)
		}
		csp := doc.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "sandbox") || strings.Contains(csp, "allow-scripts") || strings.Contains(csp, "script-src") ||
			!strings.Contains(csp, "default-src 'none'") {
			t.Errorf("the HTML report's policy lets it run script: %q", csp)
		}
		// Without a format it stays JSON.
		if ct := s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d", year), hanna, nil).Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("the report without a format: Content-Type %q", ct)
		}
		s.rest(t, "GET", fmt.Sprintf("/v1/reports/annual/%d", year), s.tokenFor(t, "mgr-bo", "manager"), nil).wantError(t, 403)
		_, err = s.reports.GetAnnualReport(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.GetAnnualReportRequest{Year: int32(year)})
		wantCode(t, err, codes.PermissionDenied)
		_ = json.Marshal
	})
}

// wantDocHeaders asserts a document answer's type, attachment name and nosniff.
func wantDocHeaders(t *testing.T, r restResp, contentType, disposition string) {
	t.Helper()
	if got := r.Header.Get("Content-Type"); got != contentType {
		t.Errorf("Content-Type %q, want %q", got, contentType)
	}
	if got := r.Header.Get("Content-Disposition"); got != disposition {
		t.Errorf("Content-Disposition %q, want %q", got, disposition)
	}
	if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", got)
	}
}
