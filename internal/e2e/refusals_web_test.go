package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/catalogue"
)

// TestReporterRefusalsSpeakTheirLanguage: a reporter whose case was closed meanwhile writes a
// message on the follow-up page; the service refuses it (the case is closed) and the page says
// so in the page's language — in each of the five — instead of a general error or the
// service's English.
func TestReporterRefusalsSpeakTheirLanguage(t *testing.T) {
	s := startServer(t, "sqlite")
	s.importOrg(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	req := anonymousReport("Mijn leidinggevende schreeuwt tegen mij in het bijzijn van het team.")
	req.AdviserId = annaID
	filed := s.fileReport(t, req)
	_, login := s.page(t, "GET", "/nl/opvolgen", nil, nil)
	res, _ := s.page(t, "POST", "/nl/opvolgen", url.Values{"csrf": {csrfOf(t, login)}, "code": {filed.GetReceiptCode()}}, nil)
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 {
		t.Fatalf("login: %d", res.StatusCode)
	}
	cookie := res.Cookies()[0]
	anna := s.tokenFor(t, "anna", "adviser")
	c, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: filed.GetCaseReference()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.cases.CloseCase(ctx(t, anna), &pb.CloseCaseRequest{CaseReference: filed.GetCaseReference(),
		Outcome: pb.SupportOutcome_SUPPORT_OUTCOME_RESOLVED_INFORMALLY, Version: c.GetCase().GetVersion()}); err != nil {
		t.Fatalf("close: %v", err)
	}
	for _, lang := range catalogue.ReporterLanguages {
		_, mine := s.page(t, "GET", "/"+lang+"/mijn-melding", nil, cookie)
		res, body := s.page(t, "POST", "/"+lang+"/mijn-melding/bericht", url.Values{"csrf": {csrfOf(t, mine)}, "message": {"Is er nog nieuws?"}}, cookie)
		want, _ := catalogue.Refusal("CASE_CLOSED", lang)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("%s: %d, the page does not say %q", lang, res.StatusCode, want)
		}
		if strings.Contains(body, "no new messages") || (lang != "en" && strings.Contains(body, "is closed")) {
			t.Errorf("%s: the service's English on the page", lang)
		}
	}
}
