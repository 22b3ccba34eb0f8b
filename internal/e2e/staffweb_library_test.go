package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// libSignIn signs a staff member in to the workspace with the dev sign-in.
func libSignIn(t *testing.T, s *server, subject, name, role string) *staffBrowser {
	t.Helper()
	b := newStaffBrowser(t, s)
	res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {subject}, "name": {name}, "role": {role}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dev sign-in as %s: %d", role, res.StatusCode)
	}
	return b
}

// libUpload posts a multipart form with one file, as a browser sends a form with a file input.
func libUpload(b *staffBrowser, path string, fields url.Values, fileField, fileName string, content []byte) (*http.Response, string) {
	b.t.Helper()
	res := libUploadStream(b, path, fields, fileField, fileName, content)
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, string(data)
}

// libUploadStream is libUpload with the answer's body left to read as it arrives.
func libUploadStream(b *staffBrowser, path string, fields url.Values, fileField, fileName string, content []byte) *http.Response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		b.t.Fatal(err)
	}
	_, _ = fw.Write(content)
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(b.t.Context(), "POST", b.s.baseURL+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	c := &http.Client{Timeout: callTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		b.t.Fatalf("POST %s: %v", path, err)
	}
	return res
}

// libGet opens a page and expects the status.
func libGet(t *testing.T, b *staffBrowser, path string, want int) string {
	t.Helper()
	res, body := b.do("GET", path, nil)
	if res.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d\n%.3000s", path, res.StatusCode, want, body)
	}
	return body
}

var (
	libPrecedentLink = regexp.MustCompile(`href="/medewerkers/precedenten/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"`)
	libNextLink      = regexp.MustCompile(`href="([^"]+)" rel="next"`)
	libDocument      = regexp.MustCompile(`(?s)<textarea[^>]*id="document"[^>]*>(.*?)</textarea>`)
	libDraftLink     = regexp.MustCompile(`href="/medewerkers/precedenten/concepten/([0-9a-f-]{36})"`)
	libVersionField  = regexp.MustCompile(`name="version" value="(\d+)"`)
)

func libLinks(body string) []string {
	var ids []string
	for _, m := range libPrecedentLink.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestStaffLibraryImportExport: HR fills the precedent library through the pages from another
// body's export, sees what the import did, and a file with bad rows is refused naming every bad
// line while nothing changes; the library pages and filters; the export downloads as a file in
// both formats (the CSV imports again unchanged); HR withdraws a precedent; the integrity team
// reads but does not maintain the library, and intake reaches none of it.
func TestStaffLibraryImportExport(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	library, err := os.ReadFile("../precedents/testdata/eval/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var records []struct {
		ExternalID string `json:"external_id"`
		Category   string `json:"category"`
	}
	for l := range strings.SplitSeq(strings.TrimSpace(string(library)), "\n") {
		var r struct {
			ExternalID string `json:"external_id"`
			Category   string `json:"category"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		records = append(records, r)
	}
	total := len(records)

	hr := libSignIn(t, s, "hanna", "Hanna HR", "hr")
	body := libGet(t, hr, "/medewerkers/precedenten", 200)
	if !strings.Contains(body, "Geen precedenten") || !strings.Contains(body, `action="/medewerkers/precedenten/importeren"`) || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatalf("empty library page:\n%s", body)
	}
	csrf := csrfOf(t, body)

	// The import: counts after the (synchronous) request; a second import changes nothing.
	res, _ := libUpload(hr, "/medewerkers/precedenten/importeren", url.Values{"csrf": {csrf}}, "file", "precedents.jsonl", library)
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "gedaan=geimporteerd") {
		t.Fatalf("import: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	body = libGet(t, hr, res.Header.Get("Location"), 200)
	if want := "<strong>" + strconv.Itoa(total) + " regels verwerkt</strong> — " + strconv.Itoa(total) + " nieuw, 0 bijgewerkt, 0 ongewijzigd"; !strings.Contains(body, want) {
		t.Fatalf("import counts: want %q in\n%s", want, body)
	}
	res, _ = libUpload(hr, "/medewerkers/precedenten/importeren", url.Values{"csrf": {csrf}, "format": {"jsonl"}}, "file", "bibliotheek.txt", library)
	body = libGet(t, hr, res.Header.Get("Location"), 200)
	if want := "0 nieuw, 0 bijgewerkt, " + strconv.Itoa(total) + " ongewijzigd"; !strings.Contains(body, want) {
		t.Fatalf("second import: want %q in\n%s", want, body)
	}

	// The export, before anything else happens.
	exportOf := func(format, ctype string) string {
		t.Helper()
		res, body := hr.do("GET", "/medewerkers/precedenten/export."+format, nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != ctype {
			t.Fatalf("export %s: %d %q", format, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, `filename=moresprudentie-`) || !strings.HasSuffix(cd, "."+format) {
			t.Fatalf("export %s is not an attachment: %q", format, cd)
		}
		if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("export %s lacks the safety headers: %v", format, res.Header)
		}
		return body
	}
	before := exportOf("jsonl", "application/jsonl; charset=utf-8")
	if n := strings.Count(strings.TrimSpace(before), "\n") + 1; n != total || !strings.Contains(before, records[0].ExternalID) {
		t.Fatalf("the export has %d lines, want %d", n, total)
	}

	// A file with bad rows (a year out of range on the first, a line that is no JSON at the end)
	// is refused with every bad line named, and imports nothing — not even its good changes.
	bad := regexp.MustCompile(`"year": ?20\d\d`).ReplaceAllString(strings.SplitN(string(library), "\n", 2)[0], `"year": 1890`) + "\n" +
		strings.SplitN(string(library), "\n", 2)[1]
	bad = strings.Replace(bad, "De medewerker erkent", "De medewerker ontkent", 1) + "{not json}\n"
	res, body = libUpload(hr, "/medewerkers/precedenten/importeren", url.Values{"csrf": {csrf}}, "file", "kapot.jsonl", []byte(bad))
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad file: %d\n%s", res.StatusCode, body)
	}
	for _, want := range []string{"Dat lukte niet", "2 regels bevatten fouten", "Er is niets geïmporteerd", "Regel 1 (year): Deze waarde valt buiten het toegestane bereik: 1990–", "Regel " + strconv.Itoa(total+1) + ": De regel is niet te lezen", "Regel " + strconv.Itoa(total+1)} {
		if !strings.Contains(body, want) {
			t.Fatalf("the refusal lacks %q:\n%s", want, body)
		}
	}
	if after := exportOf("jsonl", "application/jsonl; charset=utf-8"); after != before {
		t.Fatal("a refused import changed the library")
	}

	// The library pages: 25 a page, the next page via its link, the last without one.
	body = libGet(t, hr, "/medewerkers/precedenten", 200)
	seen := map[string]bool{}
	for page := 1; ; page++ {
		ids := libLinks(body)
		if len(ids) == 0 || len(ids) > 25 {
			t.Fatalf("page %d has %d precedents", page, len(ids))
		}
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("page %d repeats precedent %s", page, id)
			}
			seen[id] = true
		}
		m := libNextLink.FindStringSubmatch(body)
		if m == nil {
			if len(ids) == 25 && len(seen) != total {
				t.Fatalf("no next page after %d of %d", len(seen), total)
			}
			break
		}
		if page > 1 && !strings.Contains(body, "Eerste pagina") {
			t.Fatalf("page %d offers no way back to the first", page)
		}
		body = libGet(t, hr, html.UnescapeString(m[1]), 200)
	}
	if len(seen) != total {
		t.Fatalf("paging showed %d of %d precedents", len(seen), total)
	}

	// Filtered by category: only that category, all of it.
	var discrimination []string
	for _, r := range records {
		if r.Category == "DISCRIMINATION" {
			discrimination = append(discrimination, r.ExternalID)
		}
	}
	body = libGet(t, hr, "/medewerkers/precedenten?categorie=DISCRIMINATION", 200)
	rows := regexp.MustCompile(`(?s)<tr class="utrecht-table__row">\s*<th[^>]*scope="row">.*?</tr>`).FindAllString(body, -1)
	if len(rows) != min(len(discrimination), 25) || len(discrimination) == 0 {
		t.Fatalf("category filter: %d rows, want %d", len(rows), len(discrimination))
	}
	for _, row := range rows {
		if !strings.Contains(row, `<td class="utrecht-table__cell">Discriminatie</td>`) {
			t.Fatalf("the filter lets another category through: %s", row)
		}
	}
	// Free text: the best matches by comparability.
	body = libGet(t, hr, "/medewerkers/precedenten?q=paspoort+balie+afkomst", 200)
	if !strings.Contains(body, "Best passende precedenten") || !strings.Contains(body, records[0].ExternalID) || !strings.Contains(body, "overeenkomst") {
		t.Fatalf("free-text search:\n%s", body)
	}
	// What the search read from the text, to confirm or drop; how each hit is alike and differs.
	body = libGet(t, hr, "/medewerkers/precedenten?q="+url.QueryEscape("Een inwoner met een hoofddoek is aan de balie uitgescholden."), 200)
	for _, want := range []string{"Afgeleid uit de tekst", "Discriminatiegrond: godsdienst", "op grond van: <q>hoofddoek", "Overeenkomsten:", "Verschillen:", "Niet bewezen"} {
		if !strings.Contains(body, want) {
			t.Fatalf("the search page does not show %q:\n%s", want, body)
		}
	}
	link := func(body, param string) string {
		m := regexp.MustCompile(`href="([^"]*` + param + `=GROUND%3ARELIGION[^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link with %s:\n%s", param, body)
		}
		return html.UnescapeString(m[1])
	}
	confirmed := libGet(t, hr, link(body, "bevestigd"), 200)
	if !strings.Contains(confirmed, "<strong>Discriminatiegrond: godsdienst</strong> (bevestigd)") {
		t.Fatalf("the confirmed suggestion:\n%s", confirmed)
	}
	dropped := libGet(t, hr, link(body, "geschrapt"), 200)
	if !strings.Contains(dropped, "Geschrapt: Discriminatiegrond: godsdienst") || strings.Contains(dropped, "<strong>Discriminatiegrond: godsdienst</strong>") {
		t.Fatalf("the dropped suggestion:\n%s", dropped)
	}
	body = libGet(t, hr, "/medewerkers/precedenten?q=paspoort+balie+afkomst&categorie=CORRUPTION", 200)
	if strings.Contains(body, ">"+records[0].ExternalID+"<") {
		t.Fatal("the category filter does not apply to a search")
	}

	// The CSV export imports again without changing anything.
	csv := exportOf("csv", "text/csv; charset=utf-8")
	res, _ = libUpload(hr, "/medewerkers/precedenten/importeren", url.Values{"csrf": {csrf}}, "file", "export.csv", []byte(csv))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import of the CSV export: %d", res.StatusCode)
	}
	if body = libGet(t, hr, res.Header.Get("Location"), 200); !strings.Contains(body, "0 nieuw, 0 bijgewerkt, "+strconv.Itoa(total)+" ongewijzigd") {
		t.Fatalf("the CSV export did not import unchanged:\n%s", body)
	}

	// One precedent, and its withdrawal (a reason is required).
	id := libLinks(libGet(t, hr, "/medewerkers/precedenten?categorie=DISCRIMINATION", 200))[0]
	body = libGet(t, hr, "/medewerkers/precedenten/"+id, 200)
	if !strings.Contains(body, "Samenvatting van de feiten") || !strings.Contains(body, "Discriminatie") || !strings.Contains(body, "Geïmporteerd") || !strings.Contains(body, "Precedent intrekken") {
		t.Fatalf("precedent page:\n%s", body)
	}
	res, body = hr.do("POST", "/medewerkers/precedenten/"+id+"/intrekken", url.Values{"csrf": {csrf}, "reason": {"  "}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Reden:") {
		t.Fatalf("withdrawal without a reason: %d\n%s", res.StatusCode, body)
	}
	res, _ = hr.do("POST", "/medewerkers/precedenten/"+id+"/intrekken", url.Values{"csrf": {csrf}, "reason": {"Herleidbaar tot één team."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if body = libGet(t, hr, res.Header.Get("Location"), 200); !strings.Contains(body, "Het precedent is ingetrokken") {
		t.Fatalf("after the withdrawal:\n%s", body)
	}
	libGet(t, hr, "/medewerkers/precedenten/"+id, 404)
	libGet(t, hr, "/medewerkers/precedenten/not-a-uuid", 404)

	// The integrity team consults the library but does not maintain it.
	ita := libSignIn(t, s, "ita-1", "Ita", "integrity_team")
	body = libGet(t, ita, "/medewerkers/precedenten", 200)
	if len(libLinks(body)) == 0 || strings.Contains(body, "importeren") || strings.Contains(body, "export.") || strings.Contains(body, "concepten") {
		t.Fatalf("the integrity team's library page:\n%s", body)
	}
	other := libLinks(body)[0]
	if body = libGet(t, ita, "/medewerkers/precedenten/"+other, 200); strings.Contains(body, "intrekken") {
		t.Fatal("the integrity team is offered the withdrawal")
	}
	libGet(t, ita, "/medewerkers/precedenten/export.jsonl", 403)
	libGet(t, ita, "/medewerkers/precedenten/concepten", 403)
	libGet(t, ita, "/medewerkers/regels", 403)

	// Intake reaches none of it, not even with a valid form token.
	intake := libSignIn(t, s, "ivo", "Ivo", "intake")
	home := libGet(t, intake, "/medewerkers/", 200)
	if strings.Contains(home, "/medewerkers/precedenten") || strings.Contains(home, "/medewerkers/regels") {
		t.Fatal("intake is offered the library or the rules")
	}
	for _, p := range []string{"/medewerkers/regels", "/medewerkers/precedenten", "/medewerkers/precedenten/" + other,
		"/medewerkers/precedenten/concepten", "/medewerkers/precedenten/export.csv", "/medewerkers/precedenten/export.jsonl"} {
		libGet(t, intake, p, 403)
	}
	res, _ = libUpload(intake, "/medewerkers/precedenten/importeren", url.Values{"csrf": {csrfOf(t, home)}}, "file", "precedents.jsonl", library)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("intake imports: %d", res.StatusCode)
	}
	res, _ = intake.do("POST", "/medewerkers/regels/publiceren", url.Values{"csrf": {csrfOf(t, home)}, "document": {before}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("intake publishes rules: %d", res.StatusCode)
	}
}

// TestStaffLibraryRules: HR sees the rule set in force with its zero-tolerance norms, publishes
// a new version from the edited current document and sees it in force; a document that does not
// load is refused with the problem shown and the text kept; a version that exists is refused; a
// version can also be published from a file.
func TestStaffLibraryRules(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	hr := libSignIn(t, s, "hanna", "Hanna HR", "hr")
	body := libGet(t, hr, "/medewerkers/regels", 200)
	zt := regexp.MustCompile(`(?s)<th class="utrecht-table__header-cell" scope="row">GC-1\.2</th>.*?</tr>`).FindString(body)
	if !strings.Contains(body, "Geldende versie: v1") || !strings.Contains(zt, "Ja, zero tolerance") || !strings.Contains(zt, "discrimineert") {
		t.Fatalf("rules page (GC-1.2 row %q):\n%.4000s", zt, body)
	}
	m := libDocument.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no document to edit on the rules page")
	}
	doc := html.UnescapeString(m[1])
	if !strings.Contains(doc, `"version": "v1"`) || !json.Valid([]byte(doc)) {
		t.Fatalf("the text area does not hold the current document: %.300s", doc)
	}
	csrf := csrfOf(t, body)

	next := strings.Replace(doc, `"version": "v1"`, `"version": "v1.1"`, 1)
	res, _ := hr.do("POST", "/medewerkers/regels/publiceren", url.Values{"csrf": {csrf}, "document": {next}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish v1.1: %d", res.StatusCode)
	}
	body = libGet(t, hr, res.Header.Get("Location"), 200)
	if !strings.Contains(body, "Versie v1.1 is gepubliceerd. Zij is nu de geldende versie.") || !strings.Contains(body, "Geldende versie: v1.1") ||
		!strings.Contains(body, `href="/medewerkers/regels?versie=v1"`) {
		t.Fatalf("after publishing:\n%.4000s", body)
	}
	if m := libDocument.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != next {
		t.Fatal("the text area does not hold the new current document")
	}
	// The old version stays readable.
	if body := libGet(t, hr, "/medewerkers/regels?versie=v1", 200); !strings.Contains(body, "Versie v1 (niet de geldende versie)") {
		t.Fatalf("the old version:\n%.2000s", body)
	}

	// A broken document: refused, the problem shown, the text kept.
	broken := strings.Replace(next, `"version": "v1.1"`, `"version": "v1.2"`, 1)
	broken = broken[:strings.LastIndex(broken, "}")]
	res, body = hr.do("POST", "/medewerkers/regels/publiceren", url.Values{"csrf": {csrf}, "document": {broken}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Dat lukte niet") || !strings.Contains(body, "Document: ") {
		t.Fatalf("a broken document: %d\n%.3000s", res.StatusCode, body)
	}
	// The problem in the page's own words, not the service's English.
	if !strings.Contains(body, "Document: Het document is geen regelset in JSON") || strings.Contains(body, "malformed JSON") {
		t.Fatalf("a broken document is not said in Dutch: %.3000s", body)
	}
	if m := libDocument.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != broken {
		t.Fatal("the refused text is not kept in the form")
	}
	// A version that exists is refused: versions are never changed.
	res, body = hr.do("POST", "/medewerkers/regels/publiceren", url.Values{"csrf": {csrf}, "document": {next}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Deze versie bestaat al") {
		t.Fatalf("republishing v1.1: %d\n%.3000s", res.StatusCode, body)
	}
	if body := libGet(t, hr, "/medewerkers/regels", 200); !strings.Contains(body, "Geldende versie: v1.1") || strings.Contains(body, "v1.2") {
		t.Fatal("a refused document changed the rules")
	}

	// From a file.
	fromFile := strings.Replace(next, `"version": "v1.1"`, `"version": "v1.2"`, 1)
	res, _ = libUpload(hr, "/medewerkers/regels/publiceren", url.Values{"csrf": {csrf}}, "file", "regels-v1.2.json", []byte(fromFile))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish from a file: %d", res.StatusCode)
	}
	if body := libGet(t, hr, res.Header.Get("Location"), 200); !strings.Contains(body, "Versie v1.2 is gepubliceerd") || !strings.Contains(body, "Geldende versie: v1.2") {
		t.Fatalf("after publishing a file:\n%.3000s", body)
	}
	// A broken file comes back in the text area to correct.
	res, body = libUpload(hr, "/medewerkers/regels/publiceren", url.Values{"csrf": {csrf}}, "file", "kapot.json", []byte(`{"version": "v1.3"}`))
	if m := libDocument.FindStringSubmatch(body); res.StatusCode != http.StatusBadRequest || m == nil || html.UnescapeString(m[1]) != `{"version": "v1.3"}` {
		t.Fatalf("a broken file: %d\n%.3000s", res.StatusCode, body)
	}
	vs, err := pb.NewRuleSetServiceClient(s.conn).ListRuleSets(ctx(t, ""), &pb.ListRuleSetsRequest{})
	if err != nil || len(vs.GetVersions()) != 3 {
		t.Fatalf("versions: %v %v", vs, err)
	}
}

// libSubmittedDraft takes a case the short way to a closure after fact-finding (not proven) and
// has its manager draft a precedent and submit it to HR. It returns the draft and the manager's
// token.
func libSubmittedDraft(t *testing.T, s *server) (*pb.PrecedentDraft, string, string) {
	t.Helper()
	s.importOrg(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	anna := s.tokenFor(t, "anna", "adviser")
	bert := s.tokenFor(t, "mgr-bo", "manager")
	ita := s.tokenFor(t, "ita-1", "integrity_team")
	req := anonymousReport("Sam scheldt een collega uit vanwege haar afkomst, waar het team bij is.")
	req.Category, req.AdviserId = pb.Category_CATEGORY_DISCRIMINATION, annaID
	filed := s.fileReport(t, req)
	ref := filed.GetCaseReference()
	if _, err := s.reporter.GiveConsent(ctx(t, s.openSession(t, filed.GetReceiptCode())), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
		t.Fatal(err)
	}
	version := func() int64 {
		t.Helper()
		c, err := s.cases.GetCase(ctx(t, bert), &pb.GetCaseRequest{CaseReference: ref})
		if err != nil {
			t.Fatal(err)
		}
		return c.GetCase().GetVersion()
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	_, err := s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"})
	must("link subject", err)
	c, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
	must("get case", err)
	_, err = s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: c.GetCase().GetVersion()})
	must("escalate", err)
	_, err = s.cases.Weigh(ctx(t, bert), &pb.WeighRequest{
		CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
		Rationale: "Concrete remarks about origin, witnessed by the team.", Version: version(),
		Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Severity: pb.Severity_SEVERITY_HIGH},
	})
	must("weigh", err)
	_, err = s.cases.StartInvestigation(ctx(t, bert), &pb.StartInvestigationRequest{
		CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: "What was said, to whom, when."}, Team: []string{"ita-1"}, Version: version(),
	})
	must("start investigation", err)
	al, err := s.cases.AddAllegation(ctx(t, ita), &pb.AddAllegationRequest{
		CaseReference: ref, NormId: "GC-1.2", Severity: pb.Severity_SEVERITY_HIGH,
		Description: "Sam zou op 12 maart 2026 in het teamoverleg denigrerende opmerkingen hebben gemaakt over de afkomst van een collega.",
	})
	must("add allegation", err)
	_, err = s.cases.RecordHearing(ctx(t, ita), &pb.RecordHearingRequest{CaseReference: ref, HeldOn: timestamppb.New(time.Now().Add(-time.Hour)), Response: "Dat heb ik niet gezegd."})
	must("hearing", err)
	_, err = s.cases.SetFindings(ctx(t, bert), &pb.SetFindingsRequest{CaseReference: ref, Version: version(), Findings: []*pb.FindingInput{{
		AllegationId: al.GetAllegation().GetAllegationId(), Finding: pb.Finding_FINDING_NOT_PROVEN, Reasoning: "The witnesses contradict each other.",
	}}})
	must("set findings", err)
	_, err = s.cases.CloseAfterAssessment(ctx(t, bert), &pb.CloseAfterAssessmentRequest{CaseReference: ref, Feedback: "Your report was investigated.", Version: version()})
	must("close", err)
	dr, err := s.precedents.CreatePrecedentDraft(ctx(t, bert), &pb.CreatePrecedentDraftRequest{CaseReference: ref})
	must("create draft", err)
	sub, err := s.precedents.SubmitPrecedentDraft(ctx(t, bert), &pb.SubmitPrecedentDraftRequest{Id: dr.GetDraft().GetId(), Version: dr.GetDraft().GetVersion()})
	must("submit draft", err)
	return sub.GetDraft(), bert, ref
}

// TestStaffLibraryDraftReview: HR reviews a submitted draft through the pages without learning
// its case: sees what the anonymisation removed, returns it with a remark (the handlers get the
// remark and submit again), corrects it (a bad value is refused with the edit kept), a stale
// approval is refused, and approves it into the library.
func TestStaffLibraryDraftReview(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	draft, bert, ref := libSubmittedDraft(t, s)
	hr := libSignIn(t, s, "hanna", "Hanna HR", "hr")

	body := libGet(t, hr, "/medewerkers/precedenten/concepten", 200)
	if m := libDraftLink.FindStringSubmatch(body); m == nil || m[1] != draft.GetId() || strings.Contains(body, ref) {
		t.Fatalf("the review queue:\n%s", body)
	}
	page := "/medewerkers/precedenten/concepten/" + draft.GetId()
	body = libGet(t, hr, page, 200)
	removed := regexp.MustCompile(`(?s)<table class="utrecht-table" id="verwijderd">.*?</table>`).FindString(body)
	if !strings.Contains(removed, "Namen") || !strings.Contains(removed, "Datums") || strings.Contains(body, ref) || strings.Contains(body, "Sam ") {
		t.Fatalf("the draft page (removed %q):\n%s", removed, body)
	}
	csrf := csrfOf(t, body)
	ver := func(body string) string {
		t.Helper()
		m := libVersionField.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no version in the draft page:\n%s", body)
		}
		return m[1]
	}

	// Returned with a remark: gone from the queue; the handlers read the remark and submit again.
	res, body := hr.do("POST", page+"/terugsturen", url.Values{"csrf": {csrf}, "version": {ver(body)}, "remark": {""}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Opmerking:") {
		t.Fatalf("return without a remark: %d", res.StatusCode)
	}
	res, _ = hr.do("POST", page+"/terugsturen", url.Values{"csrf": {csrf}, "version": {ver(body)}, "remark": {"Noem de functie niet."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", res.StatusCode)
	}
	if body := libGet(t, hr, res.Header.Get("Location"), 200); !strings.Contains(body, "teruggestuurd") || !strings.Contains(body, "geen concepten") {
		t.Fatalf("after returning:\n%s", body)
	}
	got, err := s.precedents.GetPrecedentDraft(ctx(t, bert), &pb.GetPrecedentDraftRequest{Id: draft.GetId()})
	if err != nil || got.GetDraft().GetReturnRemark() != "Noem de functie niet." || got.GetDraft().GetStatus() != "DRAFT" {
		t.Fatalf("the handlers' draft after the return: %v %v", got, err)
	}
	if _, err := s.precedents.SubmitPrecedentDraft(ctx(t, bert), &pb.SubmitPrecedentDraftRequest{Id: draft.GetId(), Version: got.GetDraft().GetVersion()}); err != nil {
		t.Fatal(err)
	}

	// An edit with a bad year is refused, the edit kept; a good edit is saved.
	body = libGet(t, hr, page, 200)
	stale := ver(body)
	edit := url.Values{
		"csrf": {csrf}, "version": {stale}, "year": {"1800"}, "language": {"nl"}, "category": {"DISCRIMINATION"},
		"ground": {"ORIGIN_ETHNICITY"}, "norms": {"GC-1.2"}, "findings": {"NOT_PROVEN"}, "sanction": {"NONE"},
		"summary":       {"Een medewerker zou in een teamoverleg denigrerende opmerkingen over de afkomst van een collega hebben gemaakt; dat is niet bewezen."},
		"qualification": {"Niet bewezen: de verklaringen spreken elkaar tegen."},
	}
	res, body = hr.do("POST", page+"/bewerken", edit)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Jaar: ") || !strings.Contains(body, html.EscapeString(edit.Get("summary"))) ||
		!regexp.MustCompile(`value="ORIGIN_ETHNICITY" checked`).MatchString(body) {
		t.Fatalf("a bad edit: %d\n%s", res.StatusCode, body)
	}
	edit.Set("year", strconv.Itoa(time.Now().Year()))
	res, _ = hr.do("POST", page+"/bewerken", edit)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	body = libGet(t, hr, res.Header.Get("Location"), 200)
	if !strings.Contains(body, "Het concept is bijgewerkt") || !strings.Contains(body, html.EscapeString(edit.Get("summary"))) {
		t.Fatalf("after the edit:\n%s", body)
	}
	// Approving what was on the screen before the edit is refused.
	res, body = hr.do("POST", page+"/goedkeuren", url.Values{"csrf": {csrf}, "version": {stale}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "intussen gewijzigd") {
		t.Fatalf("a stale approval: %d\n%s", res.StatusCode, body)
	}
	res, _ = hr.do("POST", page+"/goedkeuren", url.Values{"csrf": {csrf}, "version": {ver(libGet(t, hr, page, 200))}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/medewerkers/precedenten/") {
		t.Fatalf("approve: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	body = libGet(t, hr, res.Header.Get("Location"), 200)
	if !strings.Contains(body, "als precedent gepubliceerd") || !strings.Contains(body, html.EscapeString(edit.Get("summary"))) || !strings.Contains(body, "Eigen zaak") || strings.Contains(body, ref) {
		t.Fatalf("the published precedent:\n%s", body)
	}
	libGet(t, hr, page, 404)
	if body := libGet(t, hr, "/medewerkers/precedenten", 200); len(libLinks(body)) != 1 {
		t.Fatalf("the library after the approval:\n%s", body)
	}
	if body := libGet(t, hr, "/medewerkers/precedenten/concepten", 200); !strings.Contains(body, "geen concepten") {
		t.Fatal("the approved draft is still in the queue")
	}
}

// bigLibrary is the evaluation library repeated under new external ids: n rows.
func bigLibrary(t *testing.T, n int) []byte {
	t.Helper()
	library, err := os.ReadFile("../precedents/testdata/eval/precedents.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for l := range strings.SplitSeq(strings.TrimSpace(string(library)), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	var out bytes.Buffer
	for i := range n {
		r := rows[i%len(rows)]
		r["external_id"] = fmt.Sprintf("groot-%05d", i)
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// TestStaffLibraryLongImportShowsProgress: an import that takes longer than a second does not
// leave HR looking at a page that waits: the page arrives while the rows are written, line by
// line as the service reports its progress, and ends with the result.
func TestStaffLibraryLongImportShowsProgress(t *testing.T) {
	t.Parallel()
	// The page shows the progress of any import, however fast this machine writes.
	s := startServerWith(t, t.TempDir(), "", "--dev", "--staff-progress-after", "0s")
	hr := libSignIn(t, s, "hanna", "Hanna HR", "hr")
	csrf := csrfOf(t, libGet(t, hr, "/medewerkers/precedenten", 200))
	start := time.Now()
	res := libUploadStream(hr, "/medewerkers/precedenten/importeren", url.Values{"csrf": {csrf}}, "file", "groot.jsonl", bigLibrary(t, 2500))
	defer res.Body.Close()
	// Read as the browser does, as it arrives: a line of progress must come before the result.
	var got strings.Builder
	progressFirst := false
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		got.Write(buf[:n])
		if strings.Contains(got.String(), "regels geschreven") && !strings.Contains(got.String(), "regels verwerkt") {
			progressFirst = true
		}
		if err != nil {
			break
		}
	}
	body := got.String()
	took := time.Since(start)
	if !progressFirst {
		t.Fatal("the progress did not arrive before the result: the page was not sent while the import ran")
	}
	if res.StatusCode != 200 || !strings.Contains(body, "Bezig met importeren") || !strings.Contains(body, "<strong>2500 regels verwerkt</strong> — 2500 nieuw, 0 bijgewerkt, 0 ongewijzigd") {
		t.Fatalf("a long import (%s): %d\n%s", took, res.StatusCode, body)
	}
	steps := regexp.MustCompile(`(\d+) van 2500 regels geschreven`).FindAllStringSubmatch(body, -1)
	if len(steps) < 3 || steps[len(steps)-1][1] != "2500" {
		t.Fatalf("the page shows %d progress steps (%v), want several ending at 2500", len(steps), steps)
	}
	t.Logf("2,500 precedents imported through the page in %s, %d progress steps shown", took.Round(10*time.Millisecond), len(steps))
	if body := libGet(t, hr, "/medewerkers/precedenten?q=&categorie=&jaar=", 200); !strings.Contains(body, "groot-0") {
		t.Fatalf("the library after the import lists none of the imported precedents:\n%.400s", body)
	}
}
