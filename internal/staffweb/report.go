package staffweb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/report"
)

// hrRoutes: the annual report (here) and the rule set and precedent library (library.go).
func (s *Server) hrRoutes(mux *http.ServeMux) {
	s.reportRoutes(mux)
	s.libraryRoutes(mux)
}

func (s *Server) reportRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+Prefix+"/jaarverslag", s.page("report", s.reportPage, auth.RoleHR))
	mux.HandleFunc("GET "+Prefix+"/jaarverslag/{file}", s.reportDocument)
	mux.HandleFunc("POST "+Prefix+"/jaarverslag/publiceren", s.action("report", s.reportPage, s.publishEdition, auth.RoleHR))
}

type reportData struct {
	Year  int
	Years []int
	// Steps, while the report is made slowly: the step under way, as it starts.
	Steps <-chan *pb.GetAnnualReportWithProgressResponse
	done  *reportDone
	// Editions of the year published so far, oldest first.
	Editions []*pb.AnnualReportEdition
	// Notice confirms an edition just published.
	Notice string
}

// EditionsFull says the year has all the editions it may have: no further one can be published.
func (d reportData) EditionsFull() bool { return len(d.Editions) >= report.MaxEditionsPerYear }

// MaxEditions is how many editions a year may have.
func (d reportData) MaxEditions() int { return report.MaxEditionsPerYear }

type reportDone struct {
	report *pb.AnnualReport
	failed string
}

// Finished is the report, once the steps are done.
func (d reportData) Finished() *pb.AnnualReport { return d.done.report }

// Failed says why there is no report.
func (d reportData) Failed() string { return d.done.failed }

func reportReady(m *pb.GetAnnualReportWithProgressResponse) bool { return m.GetResult() != nil }

// reportPage shows the annual report of a year in the workspace: every table with its
// suppressed counts marked, the zero-tolerance figures and the years compared, with the
// document itself (HTML) and the data (CSV, JSON) to open or download. Generating it is
// audited by the service; it contains no case content.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	now := v.Now.In(amsterdam).Year()
	d := reportData{Year: now - 1}
	if v.Now.In(amsterdam).Month() >= 10 {
		d.Year = now // late in the year the current year's figures are wanted too
	}
	if y, ok := parseInt32(r.FormValue("jaar"), 2000, int32(now)); ok { // the form's year when publishing was refused
		d.Year = int(y)
	}
	if r.URL.Query().Get("gedaan") == "editie" {
		if n, ok := parseInt32(r.URL.Query().Get("editie"), 1, 10000); ok {
			d.Notice = fmt.Sprintf(v.t("report_published"), n, d.Year)
		}
	}
	for y := now; y >= now-9; y-- {
		d.Years = append(d.Years, y)
	}
	v.Title = fmt.Sprintf(v.t("report_title_short"), d.Year)
	d.done = &reportDone{}
	eds, err := s.reports.ListAnnualReportEditions(s.ctx(r, v), &pb.ListAnnualReportEditionsRequest{Year: int32(d.Year)})
	if err != nil {
		return nil, err
	}
	d.Editions = eds.GetAnnualReportEditions()
	ctx, cancel := context.WithCancel(s.ctx(r, v))
	defer cancel()
	stream, err := s.reports.GetAnnualReportWithProgress(ctx, &pb.GetAnnualReportWithProgressRequest{Report: &pb.GetAnnualReportRequest{Year: int32(d.Year)}})
	if err != nil {
		return nil, err
	}
	msgs := receive(ctx, stream.Recv, reportReady, cancel)
	last, latest, slow, err := await(msgs, s.cfg.ProgressAfter, reportReady)
	switch {
	case err != nil:
		return nil, err
	case !slow:
		d.done.report = last.GetResult().GetReport()
		return d, nil
	}
	// Slower than ProgressAfter: the page shows each step as it starts, then the report.
	done := d.done
	d.Steps = relay(r, latest, msgs, reportReady,
		func(m *pb.GetAnnualReportWithProgressResponse) { done.report = m.GetResult().GetReport() },
		func(err error) { done.failed = strings.Join(errorLines(v.Lang, err), " ") })
	v.Data = d
	s.render(streamPage(w), r, v, "report")
	return nil, errWritten
}

// reportDocument sends the report of a year as a document: "2026.html" to read (it carries its
// own styles, so its policy allows inline style and nothing else), "2026.csv" and "2026.json"
// as downloads.
func (s *Server) reportDocument(w http.ResponseWriter, r *http.Request) {
	v, ok := s.begin(w, r)
	if !ok {
		return
	}
	if !v.staff.Has(auth.RoleHR) {
		s.renderError(w, r, v, http.StatusForbidden, v.t("error_role_report"))
		return
	}
	yearText, format, _ := strings.Cut(r.PathValue("file"), ".")
	year, ok := parseInt32(yearText, 2000, 2200)
	if !ok || (format != "html" && format != "csv" && format != "json") {
		s.renderError(w, r, v, http.StatusNotFound, v.t("error_report_file"))
		return
	}
	res, err := s.reports.GetAnnualReport(s.ctx(r, v), &pb.GetAnnualReportRequest{Year: year, Format: format})
	if err != nil {
		s.renderServiceError(w, r, v, err)
		return
	}
	content, ctype := res.GetContent(), res.GetContentType()
	if format == "json" {
		content, err = jsonReport(res.GetReport())
		if err != nil {
			s.renderServiceError(w, r, v, err)
			return
		}
		ctype = "application/json"
	}
	name := fmt.Sprintf("jaarverslag-integriteit-%d.%s", year, format)
	if format == "html" {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	} else {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	_, _ = w.Write(content)
}

// publishEdition publishes the next edition of the year's report, once HR has confirmed that an
// edition cannot be changed or withdrawn afterwards.
func (s *Server) publishEdition(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	year, ok := parseInt32(r.PostFormValue("jaar"), 2000, 2200)
	if !ok {
		return "", formErr(v.t("report_publish_no_year"))
	}
	if r.PostFormValue("bevestigd") != "ja" {
		return "", formErr(v.t("report_publish_unconfirmed"))
	}
	res, err := s.reports.PublishAnnualReport(s.ctx(r, v), &pb.PublishAnnualReportRequest{Year: year})
	if err != nil {
		return "", err
	}
	return Prefix + "/jaarverslag?" + url.Values{"jaar": {strconv.Itoa(int(year))}, "gedaan": {"editie"},
		"editie": {strconv.Itoa(int(res.GetAnnualReportEdition().GetNumber()))}}.Encode(), nil
}
