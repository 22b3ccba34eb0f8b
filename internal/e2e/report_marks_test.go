package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
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

// TestHRPublishesAnEditionFromTheStaffPage: the annual report page lists the year's editions and
// offers "Publiceren als editie" behind a confirmation; without it, or with a forged form
// token, nothing is published; with it, edition 1 is published, confirmed and listed.
func TestHRPublishesAnEditionFromTheStaffPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		for i := range 6 {
			s.fileReport(t, anonymousReport(fmt.Sprintf("SECRET-CONTENT-%d: a report for the staff page.", i)))
		}
		year := time.Now().In(amsterdamTZ(t)).Year()
		b := newStaffBrowser(t, s)
		if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"hanna"}, "name": {"Hanna"}, "role": {"hr"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("dev sign-in: %d", res.StatusCode)
		}
		page := fmt.Sprintf("/medewerkers/jaarverslag?jaar=%d", year)
		res, body := b.do("GET", page, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "Publiceren als editie") || !strings.Contains(body, fmt.Sprintf("Van %d is nog geen editie gepubliceerd.", year)) {
			t.Fatalf("report page: %d\n%s", res.StatusCode, body)
		}
		editions := func() int {
			list, err := s.reports.ListAnnualReportEditions(ctx(t, s.tokenFor(t, "hanna", "hr")), &pb.ListAnnualReportEditionsRequest{Year: int32(year)})
			if err != nil {
				t.Fatal(err)
			}
			return len(list.GetAnnualReportEditions())
		}
		form := func(csrf string, confirmed bool) url.Values {
			f := url.Values{"csrf": {csrf}, "jaar": {fmt.Sprint(year)}}
			if confirmed {
				f.Set("bevestigd", "ja")
			}
			return f
		}
		const publish = "/medewerkers/jaarverslag/publiceren"
		if res, _ := b.do("POST", publish, form("forged", true)); res.StatusCode != http.StatusForbidden {
			t.Errorf("publishing with a forged form token: %d", res.StatusCode)
		}
		res, out := b.do("POST", publish, form(csrfOf(t, body), false))
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(out, "Bevestig dat je het jaarverslag als editie wilt publiceren") {
			t.Errorf("publishing unconfirmed: %d\n%s", res.StatusCode, out)
		}
		if n := editions(); n != 0 {
			t.Fatalf("%d editions published without confirmation", n)
		}
		res, _ = b.do("POST", publish, form(csrfOf(t, body), true))
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "editie=1") {
			t.Fatalf("publishing: %d, to %q", res.StatusCode, res.Header.Get("Location"))
		}
		res, body = b.do("GET", res.Header.Get("Location"), nil)
		if res.StatusCode != 200 || !strings.Contains(body, fmt.Sprintf("Editie 1 van het jaarverslag %d is gepubliceerd.", year)) ||
			!strings.Contains(body, `id="edities-tabel"`) || !strings.Contains(body, "<code>hanna</code>") {
			t.Fatalf("after publishing: %d\n%s", res.StatusCode, body)
		}
		if n := editions(); n != 1 {
			t.Fatalf("%d editions after publishing once", n)
		}
		if strings.Contains(body, "SECRET-CONTENT") {
			t.Fatal("the report page shows report content")
		}
		// Someone other than HR cannot publish.
		o := newStaffBrowser(t, s)
		o.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"ines"}, "name": {"Ines"}, "role": {"intake"}})
		_, own := o.do("GET", "/medewerkers/zaken", nil)
		if res, _ := o.do("POST", publish, form(csrfOf(t, own), true)); res.StatusCode != http.StatusForbidden {
			t.Errorf("intake publishing: %d", res.StatusCode)
		}
		if n := editions(); n != 1 {
			t.Fatalf("%d editions after intake tried to publish", n)
		}
	})
}
