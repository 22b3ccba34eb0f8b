package e2e

// What every page of both page sets does with forms and its icon, checked in the browser tests
// (TestEveryPageIsAccessible and the staff workspace's):
//
//   - a refused form's error summary takes the focus, says "Fout: " (or the page's language's
//     word) at the start of the title, and links each error about a field to that field's
//     control, which following the link focuses (the NL Design System's and GOV.UK's pattern);
//   - no <option> is without a label (an empty one is invalid HTML);
//   - the page links an icon that loads, and /favicon.ico does not answer 404.

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/utrecht/meldpunt/internal/browsertest"
)

// titleErrorPrefix is how a page's title starts when its form was refused, by language.
var titleErrorPrefix = map[string]string{"nl": "Fout: ", "en": "Error: ", "ar": "خطأ: ", "pl": "Błąd: ", "tr": "Hata: "}

// errorSummaryJS finds the page's error summary.
const errorSummaryJS = `document.querySelector('main .utrecht-alert--error[role="alert"]')`

// wantPageBasics asserts what every page must have: every <option> labelled, and a linked icon
// that loads.
func (b *tab) wantPageBasics() {
	b.t.Helper()
	if empty := eval[[]string](b, `[...document.querySelectorAll("option")].filter(o => o.label.trim() === "").map(o => o.parentElement.id + ": " + o.outerHTML)`); len(empty) > 0 {
		b.t.Errorf("%s: options without a label (invalid HTML): %s", b.page, strings.Join(empty, ", "))
	}
	href := eval[string](b, `(document.querySelector('link[rel~="icon"]') || {}).href || ""`)
	if href == "" {
		b.t.Errorf("%s: the page links no icon", b.page)
		return
	}
	if ct := b.wantOK(href); !strings.HasPrefix(ct, "image/") {
		b.t.Errorf("%s: the icon %s is %q, want an image", b.page, href, ct)
	}
}

// wantOK fetches url outside the browser (the pages' CSP lets no script fetch), following
// redirects, and asserts a 200; it returns the Content-Type.
func (b *tab) wantOK(url string) string {
	b.t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		b.t.Errorf("%s: GET %s: %v", b.page, url, err)
		return ""
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || len(body) == 0 {
		b.t.Errorf("%s: GET %s answered %d with %d bytes, want 200 with the file", b.page, url, res.StatusCode, len(body))
	}
	return res.Header.Get("Content-Type")
}

// wantFaviconICO asserts that /favicon.ico, which browsers ask for on their own, leads to an
// image.
func (b *tab) wantFaviconICO() {
	b.t.Helper()
	if ct := b.wantOK(b.s.baseURL + "/favicon.ico"); !strings.HasPrefix(ct, "image/") {
		b.t.Errorf("/favicon.ico is %q, want an image", ct)
	}
}

// wantErrorSummary asserts a refused form's page: the error summary has the focus, the title
// starts with the word for "error" in the page's language, and every link in the summary leads
// to a form control on the page. It returns the links' targets (ids), in order.
func (b *tab) wantErrorSummary() []string {
	b.t.Helper()
	if !eval[bool](b, `!!`+errorSummaryJS) {
		b.t.Fatalf("%s: no error summary:\n%s", b.page, b.text())
	}
	lang := eval[string](b, `document.documentElement.lang`)
	if title := eval[string](b, `document.title`); !strings.HasPrefix(title, titleErrorPrefix[lang]) {
		b.t.Errorf("%s: the title is %q, want it to start with %q", b.page, title, titleErrorPrefix[lang])
	}
	// The focus moves to the summary as the page loads (its script runs before the load event).
	var focused bool
	for range 20 {
		if focused = eval[bool](b, `document.activeElement === `+errorSummaryJS); focused {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !focused {
		b.t.Errorf("%s: the focus is on %s, not on the error summary", b.page,
			eval[string](b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "nothing"`))
	}
	links := eval[[]string](b, `[...`+errorSummaryJS+`.querySelectorAll("a")].map(a => a.getAttribute("href"))`)
	var ids []string
	for _, href := range links {
		id, ok := strings.CutPrefix(href, "#")
		if !ok || id == "" {
			b.t.Errorf("%s: the summary links to %q, not to a field on the page", b.page, href)
			continue
		}
		if !eval[bool](b, `(e => !!e && e.matches("input:not([type=hidden]), select, textarea"))(document.getElementById(`+jsString(id)+`))`) {
			b.t.Errorf("%s: the summary links to #%s, which is no form control on the page", b.page, id)
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// followSummaryLink clicks the summary's link to the field with id and asserts that the field
// then has the focus.
func (b *tab) followSummaryLink(id string) {
	b.t.Helper()
	sel := `main .utrecht-alert--error a[href="#` + id + `"]`
	if !eval[bool](b, `!!document.querySelector(`+jsString(sel)+`)`) {
		b.t.Errorf("%s: the error summary has no link to #%s", b.page, id)
		return
	}
	b.do("follow the summary's link to #"+id, chromedp.Click(sel))
	var got string
	for range 20 {
		if got = eval[string](b, `document.activeElement ? document.activeElement.id : ""`); got == id {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Errorf("%s: after following the summary's link to #%s the focus is on %q", b.page, id, got)
}

// TestRefusedStaffFormsLeadToTheirFields refuses the signal form (no consent, no name) and a
// case's message form (empty) in the staff workspace, in Dutch: each time the error summary has
// the focus, the title starts with "Fout: ", the summary links to exactly the fields that are
// wrong, and following a link puts the focus in its field. Every page on the way has labelled
// options and a linked icon that loads; /favicon.ico leads to it.
func TestRefusedStaffFormsLeadToTheirFields(t *testing.T) {
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	ref := s.fileReport(t, anonymousReport("A report whose message form is sent empty.")).GetCaseReference()
	b := &staffTab{checker: &checker{tab: startBrowser(t, s, 120*time.Second), axe: string(axeJS), dir: browsertest.ArtefactDir(t),
		found: &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}}, checked: map[string]bool{}}
	b.dutch()
	b.wantFaviconICO()

	b.signIn("hanna", "Hanna de Groot", "hr")
	b.open("staff/signal", "/medewerkers/signaal", 200)
	b.axe()
	b.set("#category", "BULLYING")
	b.set("#description", "Een medewerker vertelt dat een collega haar al weken buitensluit.")
	b.set("#unit_code", "BO")
	b.submit("staff/signal-refused", "/medewerkers/signaal", 400)
	if !slices.Equal(b.lastSummary, []string{"consented", "name"}) {
		t.Errorf("%s: the error summary links to %q, want consented and name", b.page, b.lastSummary)
	}
	b.followSummaryLink("name")
	b.followSummaryLink("consented")

	b.signIn("ivo", "Ivo Intake", "intake")
	b.open("staff/case", "/medewerkers/zaken/"+ref, 200)
	b.axe()
	b.submit("staff/case-message-refused", "/medewerkers/zaken/"+ref+"/bericht", 400)
	if !slices.Equal(b.lastSummary, []string{"body"}) {
		t.Errorf("%s: the error summary links to %q, want the message", b.page, b.lastSummary)
	}
	b.followSummaryLink("body")
}
