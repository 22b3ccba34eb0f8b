package e2e

import (
	"bytes"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/catalogue"
)

// page fetches a page of the reporter site without following redirects.
func (s *server) page(t *testing.T, method, path string, form url.Values, cookie *http.Cookie, headers ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.baseURL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	c := &http.Client{Transport: s.http.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, html string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no csrf token in the page:\n%.500s", html)
	}
	return m[1]
}

// TestAReporterUsesTheWebPages: an employee files an anonymous report through the pages (form,
// review, send), keeps the receipt code, logs in with it, reads a message from staff and replies —
// all without JavaScript, without a cookie until the follow-up session, and with the safety
// headers on every page. Cross-site and stale forms are refused.
func TestAReporterUsesTheWebPages(t *testing.T) {
	s := startServer(t, "sqlite")
	res, _ := s.page(t, "GET", "/", nil, nil, "Accept-Language", "en-GB,en;q=0.8")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/" {
		t.Fatalf("root: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, p := range []string{"/nl/", "/en/", "/nl/vertrouwenspersonen", "/nl/regels", "/en/regels", "/nl/melden", "/nl/opvolgen"} {
		res, body := s.page(t, "GET", p, nil, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d\n%.300s", p, res.StatusCode, body)
		}
		h := res.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("Referrer-Policy") != "no-referrer" ||
			h.Get("Cache-Control") != "no-store" || len(res.Cookies()) != 0 {
			t.Errorf("%s: headers %v, cookies %v", p, h, res.Cookies())
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, "style=") || strings.Contains(body, `src="http`) {
			t.Errorf("%s: inline script, inline style or a third-party resource", p)
		}
		if !strings.Contains(body, `id="quick-exit"`) || !strings.Contains(body, `href="#inhoud"`) {
			t.Errorf("%s: no quick exit or skip link", p)
		}
	}
	_, en := s.page(t, "GET", "/en/", nil, nil)
	if !strings.Contains(en, `lang="en"`) || !strings.Contains(en, "Make a report") {
		t.Error("the English start page is not in English")
	}

	_, form := s.page(t, "GET", "/nl/melden", nil, nil)
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
	report := url.Values{"csrf": {csrfOf(t, form)}, "key": {key}, "category": {"DISCRIMINATION"},
		"description": {"kort"}, "anonymity": {"ANONYMOUS"}, "step": {"review"}}
	res, body := s.page(t, "POST", "/nl/melden", report, nil)
	if res.StatusCode != 400 || !strings.Contains(body, "minstens 10 tekens") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("a too short description: %d\n%.400s", res.StatusCode, body)
	}
	report.Set("description", "Mijn collega maakt steeds grappen over mijn afkomst in het teamoverleg.")
	res, body = s.page(t, "POST", "/nl/melden", report, nil)
	if res.StatusCode != 200 || !strings.Contains(body, "Kijk uw melding na") || !strings.Contains(body, "grappen over mijn afkomst") {
		t.Fatalf("review: %d\n%.400s", res.StatusCode, body)
	}
	// A form posted from another site is refused; so is one with a forged token.
	res, _ = s.page(t, "POST", "/nl/melden", report, nil, "Origin", "https://evil.example")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d", res.StatusCode)
	}
	if res, _ = s.page(t, "POST", "/nl/melden", report, nil, "Origin", "null"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a post from a sandboxed frame (Origin: null, no Sec-Fetch-Site): %d", res.StatusCode)
	}
	if res, _ = s.page(t, "POST", "/nl/melden", report, nil, "Origin", "null", "Sec-Fetch-Site", "same-origin"); res.StatusCode == http.StatusForbidden {
		t.Errorf("the browser's own post under no-referrer (Origin: null, same-origin) is refused")
	}
	forged := url.Values{}
	for k, v := range report {
		forged[k] = v
	}
	forged.Set("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	forged.Set("step", "send")
	if res, body = s.page(t, "POST", "/nl/melden", forged, nil); res.StatusCode != 400 || !strings.Contains(body, "verlopen") {
		t.Errorf("forged token: %d", res.StatusCode)
	}
	report.Set("csrf", csrfOf(t, body))
	report.Set("step", "send")
	res, body = s.page(t, "POST", "/nl/melden", report, nil)
	code := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).FindString(body)
	ref := regexp.MustCompile(`MP-[0-9A-Z]{8}`).FindString(body)
	if res.StatusCode != 200 || code == "" || ref == "" || len(res.Cookies()) != 0 {
		t.Fatalf("receipt: %d, code %q, ref %q, cookies %v\n%.600s", res.StatusCode, code, ref, res.Cookies(), body)
	}
	// Back and "resubmit" (a shared computer): the report is not filed twice, and the code is not
	// shown again.
	if res2, again := s.page(t, "POST", "/nl/melden", report, nil); res2.StatusCode != 200 || strings.Contains(again, code) || !strings.Contains(again, "al verstuurd") {
		t.Fatalf("a resubmitted report shows its code again (%d)", res2.StatusCode)
	}
	if strings.Contains(body, `hreflang="en"`) {
		t.Error("the receipt page offers the language switch, which would lose the code")
	}
	res, txt := s.page(t, "POST", "/nl/ontvangstcode.txt", url.Values{"csrf": {csrfOf(t, body)}, "code": {code}, "reference": {ref}}, nil)
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || !strings.Contains(txt, code) {
		t.Errorf("receipt download: %v\n%s", res.Header, txt)
	}

	// Follow-up: a wrong code, then the right one.
	_, login := s.page(t, "GET", "/nl/opvolgen", nil, nil)
	res, body = s.page(t, "POST", "/nl/opvolgen", url.Values{"csrf": {csrfOf(t, login)}, "code": {"AAAAA-AAAAA-AAAAA-AAAAA"}}, nil)
	if res.StatusCode != 400 || !strings.Contains(body, "Deze code klopt niet") || len(res.Cookies()) != 0 {
		t.Fatalf("a wrong code: %d", res.StatusCode)
	}
	res, body = s.page(t, "POST", "/nl/opvolgen", url.Values{"csrf": {csrfOf(t, login)}, "code": {strings.ToLower(code)}}, nil)
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 || strings.Contains(body, "<form") {
		t.Fatalf("login: %d %v (a redirect, not a page: %t)", res.StatusCode, res.Cookies(), !strings.Contains(body, "<form"))
	}
	cookie := res.Cookies()[0]
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.MaxAge <= 0 || cookie.MaxAge > 1800 {
		t.Errorf("session cookie: %+v", cookie)
	}
	intake := s.tokenFor(t, "ivo", "intake")
	if _, err := s.cases.AcknowledgeCase(ctx(t, intake), &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: "Wij hebben uw melding ontvangen en nemen contact op."}); err != nil {
		t.Fatal(err)
	}
	_, mine := s.page(t, "GET", "/nl/mijn-melding", nil, cookie)
	if !strings.Contains(mine, ref) || !strings.Contains(mine, "Wij hebben uw melding ontvangen") || !strings.Contains(mine, "In behandeling") {
		t.Fatalf("my report:\n%.800s", mine)
	}
	// Every reporter language names the status by the catalogue of codes, not by its code.
	for _, lang := range catalogue.ReporterLanguages {
		_, page := s.page(t, "GET", "/"+lang+"/mijn-melding", nil, cookie)
		want := catalogue.Name(catalogue.ReporterStatus, "IN_SUPPORT", lang)
		if !strings.Contains(page, want) || strings.Contains(page, "IN_SUPPORT") {
			t.Errorf("my report in %s does not say %q:\n%.800s", lang, want, page)
		}
	}
	res, _ = s.page(t, "POST", "/nl/mijn-melding/bericht", url.Values{"csrf": {csrfOf(t, mine)}, "message": {"Dank u. Ik ben bereikbaar via deze berichten."}}, cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	msgs, err := s.cases.ListCaseMessages(ctx(t, intake), &pb.ListCaseMessagesRequest{CaseReference: ref})
	if err != nil || len(msgs.GetMessages()) != 2 || msgs.GetMessages()[1].GetBody() != "Dank u. Ik ben bereikbaar via deze berichten." {
		t.Fatalf("staff sees the reply: %v %v", msgs, err)
	}
	// Evidence: a photo is added (its GPS position removed by the service); a text file is refused.
	upload := func(name string, content []byte) (*http.Response, string) {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf", csrfOf(t, mine))
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
		_ = mw.Close()
		req, _ := http.NewRequestWithContext(t.Context(), "POST", s.baseURL+"/nl/mijn-melding/bestand", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(cookie)
		c := &http.Client{Transport: s.http.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	if res, _ := upload("screenshot.jpg", img.Bytes()); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "toegevoegd") {
		t.Fatalf("photo upload: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := s.page(t, "GET", "/nl/mijn-melding?bestand=toegevoegd", nil, cookie); !strings.Contains(body, "Uw bestand is toegevoegd") {
		t.Error("no confirmation of the added file")
	}
	if res, body := upload("notes.txt", []byte("just text")); res.StatusCode != 400 || !strings.Contains(body, "kan niet worden toegevoegd") {
		t.Errorf("a text file: %d", res.StatusCode)
	}

	// Another session's token does not fit this session's forms; logging out ends the session.
	res, _ = s.page(t, "POST", "/nl/uitloggen", url.Values{"csrf": {csrfOf(t, mine)}}, cookie)
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 || res.Cookies()[0].MaxAge >= 0 {
		t.Fatalf("logout: %d %v", res.StatusCode, res.Cookies())
	}
	res, body = s.page(t, "GET", "/nl/mijn-melding", nil, cookie)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "uitgelogd") {
		t.Errorf("after logout the old cookie opens nothing: %d", res.StatusCode)
	}
}

// TestTheReportFormGoesStepByStep: three short steps (what happened; when, where, who; how you
// report), each checked before the next, with the text carried along in the page and nothing lost
// going back; the optional step can be skipped straight to the review.
func TestTheReportFormGoesStepByStep(t *testing.T) {
	s := startServer(t, "sqlite")
	_, form := s.page(t, "GET", "/nl/melden", nil, nil)
	if !strings.Contains(form, "Stap 1 van 3") || !strings.Contains(form, `id="description"`) || strings.Contains(form, `id="anonymity-anonymous"`) {
		t.Fatalf("step 1 shows the wrong fields:\n%.600s", form)
	}
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)[1]
	f := url.Values{"csrf": {csrfOf(t, form)}, "key": {key}, "at": {"1"}, "step": {"next"}, "category": {"BULLYING"}, "description": {""},
		"anonymity": {"ANONYMOUS"}} // as step 1 carries it, hidden
	res, body := s.page(t, "POST", "/nl/melden", f, nil)
	if res.StatusCode != 400 || !strings.Contains(body, "Stap 1 van 3") || !strings.Contains(body, "minstens 10 tekens") {
		t.Fatalf("an empty description does not stop step 1: %d", res.StatusCode)
	}
	f.Set("description", "Ik word al maanden gepest door een collega.")
	res, body = s.page(t, "POST", "/nl/melden", f, nil)
	if res.StatusCode != 200 || !strings.Contains(body, "Stap 2 van 3") || !strings.Contains(body, `name="description" value="Ik word al maanden gepest door een collega."`) {
		t.Fatalf("step 2: %d\n%.600s", res.StatusCode, body)
	}
	f.Set("at", "2")
	f.Set("step", "back")
	f.Set("when", "sinds januari")
	if _, body = s.page(t, "POST", "/nl/melden", f, nil); !strings.Contains(body, "Stap 1 van 3") || !strings.Contains(body, "gepest door een collega") || !strings.Contains(body, `name="when" value="sinds januari"`) {
		t.Fatalf("back to step 1 lost something:\n%.600s", body)
	}
	f.Set("step", "review") // the optional step skipped; how one reports keeps its default, anonymous
	if _, body = s.page(t, "POST", "/nl/melden", f, nil); !strings.Contains(body, "Kijk uw melding na") || !strings.Contains(body, "Anoniem") || !strings.Contains(body, "sinds januari") {
		t.Fatalf("straight to the review:\n%.600s", body)
	}

	// Sent from the review step with two files: the photo is added, the text file is refused — and
	// the report is filed either way, saying which file to add later.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	f.Set("csrf", csrfOf(t, body))
	f.Set("step", "send")
	for k, vs := range f {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4)), nil); err != nil {
		t.Fatal(err)
	}
	fw, _ := mw.CreateFormFile("files", "foto.jpg")
	_, _ = fw.Write(img.Bytes())
	fw, _ = mw.CreateFormFile("files", "aantekeningen.txt")
	_, _ = fw.Write([]byte("just text"))
	_ = mw.Close()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", s.baseURL+"/nl/melden", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	receipt := string(b)
	code := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).FindString(receipt)
	if res.StatusCode != 200 || code == "" || !strings.Contains(receipt, "konden niet worden toegevoegd") ||
		!strings.Contains(receipt, "aantekeningen.txt") || strings.Contains(receipt, "<li>foto.jpg</li>") {
		t.Fatalf("receipt with files: %d\n%.1200s", res.StatusCode, receipt)
	}
	// The code still opens the case (the pages' own session for the upload was closed again).
	_, login := s.page(t, "GET", "/nl/opvolgen", nil, nil)
	if res, _ := s.page(t, "POST", "/nl/opvolgen", url.Values{"csrf": {csrfOf(t, login)}, "code": {code}}, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the code no longer opens the case: %d", res.StatusCode)
	}
}
