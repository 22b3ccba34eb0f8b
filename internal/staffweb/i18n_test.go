package staffweb

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/precedents/anonymize"
)

var (
	// templateKey finds the texts a template uses: {{.T.key}}, {{$.T.key}}, {{index .T "key"}}.
	templateKey = regexp.MustCompile(`\.T\.([A-Za-z0-9_]+)|index \$?\.T "([A-Za-z0-9_]+)"`)
	// codeKey finds the texts the code uses by a literal key: v.t("key"), tr(lang, "key"), the
	// navigation's add("key", ...) and the date fields' labels.
	codeKey = regexp.MustCompile(`\bv\.t\("([A-Za-z0-9_]+)"\)|\btr\([^,()]+(?:\(r\))?, "([A-Za-z0-9_]+)"\)|\badd\("([A-Za-z0-9_]+)"|[dD]ateField\(r, v, "[a-z_]+", "[a-z_-]+", "([A-Za-z0-9_]+)"\)`)
	// verbs are the formatting verbs of a text, which both languages must have alike.
	verbs = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
)

// dynamicPrefixes are the keys the code composes from a code ("status_" + "CLOSED").
// The names of codes (statuses, sanctions, …) are not texts of the pages: they are in the
// catalogue of codes, which has its own test.
var dynamicPrefixes = []string{"removed_", "language_", "origin_", "notice_", "draftnotice_", "adminnotice_", "libnotice_",
	"notify_mode_", "notify_notice_", "lib_sugg_", "lib_circ_", "lib_findings_", "lib_source_", "lib_diff_", "sanc_shared_", "sanc_differ_"}

func keysOf(re *regexp.Regexp, text string, into map[string]bool) {
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		for _, k := range m[1:] {
			if k != "" {
				into[k] = true
			}
		}
	}
}

// TestEveryTextIsTranslated: both languages have the same keys and no empty text, a formatted
// text has the same verbs in both; every key a template or the code uses is in the catalogue, and
// every key of the catalogue is used (directly, or composed from a code).
func TestEveryTextIsTranslated(t *testing.T) {
	inTemplates, inCode := map[string]bool{}, map[string]bool{}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		keysOf(templateKey, string(b), inTemplates)
	}
	if len(inTemplates) < 300 {
		t.Fatalf("only %d texts found in the templates", len(inTemplates))
	}
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sources {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		keysOf(codeKey, string(b), inCode)
	}
	for _, m := range []map[string]string{fieldKeys, libFieldKeys, fileKeys} {
		for _, k := range m {
			inCode[k] = true
		}
	}
	if len(inCode) < 100 {
		t.Fatalf("only %d texts found in the code", len(inCode))
	}

	nl := catalogue["nl"]
	for _, l := range languages {
		cat := catalogue[l.Code]
		if cat == nil {
			t.Fatalf("%s: no catalogue", l.Code)
		}
		for k, v := range cat {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %q is empty", l.Code, k)
			}
			if _, ok := nl[k]; !ok {
				t.Errorf("%s: has %q, which Dutch lacks", l.Code, k)
			}
			if a, b := verbs.FindAllString(nl[k], -1), verbs.FindAllString(v, -1); !slices.Equal(a, b) {
				t.Errorf("%s: %q formats %q, Dutch %q", l.Code, k, b, a)
			}
		}
		for k := range nl {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s: lacks %q, which Dutch has", l.Code, k)
			}
		}
		for k := range inTemplates {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s: no text for %q, which a template uses", l.Code, k)
			}
		}
		for k := range inCode {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s: no text for %q, which the code uses", l.Code, k)
			}
		}
	}
	for k := range nl {
		if !inTemplates[k] && !inCode[k] && !slices.ContainsFunc(dynamicPrefixes, func(p string) bool { return strings.HasPrefix(k, p) }) {
			t.Errorf("%q is used nowhere", k)
		}
	}
}

// TestEveryCodeHasALabel: the codes the pages name have a label in both languages (not the code
// itself, nor the fallback for an unknown one).
func TestEveryCodeHasALabel(t *testing.T) {
	for _, l := range languages {
		lang := l.Code
		want := func(what, got, not string) {
			t.Helper()
			if got == "" || got == not {
				t.Errorf("%s: %s has no label (%q)", lang, what, got)
			}
		}
		for _, s := range allStatuses {
			want(s.String(), statusLabel(lang, s), tr(lang, "status_unknown"))
		}
		for _, r := range auth.AllRoles() {
			want(string(r), roleLabel(lang, string(r)), string(r))
		}
		for n := range pb.Channel_name {
			if n != 0 {
				want(pb.Channel(n).String(), channelLabel(lang, pb.Channel(n)), "")
			}
		}
		for n := range pb.Anonymity_name {
			if n != 0 {
				want(pb.Anonymity(n).String(), anonymityLabel(lang, pb.Anonymity(n)), "")
			}
		}
		for n := range pb.ConsentPurpose_name {
			if n != 0 {
				want(pb.ConsentPurpose(n).String(), consentLabel(lang, pb.ConsentPurpose(n)), "")
			}
		}
		for n := range pb.Severity_name {
			if n != 0 {
				want(pb.Severity(n).String(), severityLabel(lang, pb.Severity(n)), pb.Severity(n).String())
			}
		}
		for n := range pb.Sanction_name {
			if n != 0 {
				want(pb.Sanction(n).String(), sanctionLabel(lang, pb.Sanction(n).String()), pb.Sanction(n).String())
			}
		}
		for _, s := range precedentSanctions {
			want(s, sanctionLabel(lang, s), s)
		}
		for _, f := range precedentFindings {
			want(f, findingLabel(lang, f), tr(lang, "finding_unknown"))
		}
		for n := range pb.Finding_name {
			if n != 0 {
				want(pb.Finding(n).String(), findingLabel(lang, pb.Finding(n).String()), tr(lang, "finding_unknown"))
			}
		}
		for n := range pb.SupportOutcome_name {
			if n != 0 {
				o := strings.TrimPrefix(pb.SupportOutcome(n).String(), "SUPPORT_OUTCOME_")
				want(o, outcomeLabel(lang, o), o)
			}
		}
		for _, o := range []string{"NO_REASONABLE_SUSPICION", "NOT_PROVEN", "PROVEN_WITHOUT_SANCTION", "PROVEN_WITH_SANCTION"} {
			want(o, outcomeLabel(lang, o), o)
		}
		for n := range pb.DiscriminationGround_name {
			if n != 0 {
				g := pb.DiscriminationGround(n)
				want(g.String(), groundLabel(lang, g), strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(g.String(), "DISCRIMINATION_GROUND_"), "_", " ")))
			}
		}
		for n := range pb.Category_name {
			if n != 0 {
				c := pb.Category(n)
				want(c.String(), categoryLabel(lang, c), strings.TrimPrefix(c.String(), "CATEGORY_"))
			}
		}
		for _, k := range []string{"acknowledgement", "feedback", "weighing"} {
			want(k, deadlineLabel(lang, k), k)
		}
		for _, k := range []string{anonymize.KindEmail, anonymize.KindURL, anonymize.KindIBAN, anonymize.KindBSN, anonymize.KindPhone,
			anonymize.KindCaseReference, anonymize.KindReceiptCode, anonymize.KindIPAddress, anonymize.KindLicencePlate,
			anonymize.KindPostcode, anonymize.KindAddress, anonymize.KindDate, anonymize.KindTime, anonymize.KindEmployeeNumber,
			anonymize.KindUnit, anonymize.KindPlace, anonymize.KindName, anonymize.KindHandle, anonymize.KindNumber} {
			want(k, lookup(lang, "removed_"+k, ""), "")
		}
	}
	if got := categoryLabel("en", pb.Category_CATEGORY_DISCRIMINATION); got != "Discrimination" {
		t.Errorf("the English label of discrimination: %q", got)
	}
	if got := statusLabel("nl", pb.CaseStatus_CASE_STATUS_CLOSED); got != "Afgesloten" {
		t.Errorf("the Dutch label of closed: %q", got)
	}
}

func TestTheBrowsersLanguageIsOnlyAPreference(t *testing.T) {
	for accept, want := range map[string]string{
		"": "nl", "en-US,en;q=0.9": "en", "en-GB": "en", "nl-NL,nl;q=0.9,en;q=0.8": "nl", "en;q=0.5,nl;q=0.9": "nl",
		"de-DE,de;q=0.9,en;q=0.5": "en", "fr": "nl", "nl-BE": "nl", "en;q=0": "nl", "*": "nl", "de, nl;q=0.8, en;q=0.7": "nl",
		"en, nl": "en", "nl, en": "nl", "EN-us": "en", "en;q=abc": "en",
	} {
		if got := preferred(accept); got != want {
			t.Errorf("%q: %s, want %s", accept, got, want)
		}
	}
	r := httptest.NewRequest("GET", "/medewerkers/", nil)
	r.Header.Set("Accept-Language", "en-GB")
	if got := langOf(r); got != "en" {
		t.Errorf("an English browser without a choice: %s", got)
	}
	r.AddCookie(&http.Cookie{Name: langCookie, Value: "nl"})
	if got := langOf(r); got != "nl" {
		t.Errorf("an English browser that chose Dutch: %s", got)
	}
	r = httptest.NewRequest("GET", "/medewerkers/", nil)
	r.AddCookie(&http.Cookie{Name: langCookie, Value: "fr"})
	if got := langOf(r); got != "nl" {
		t.Errorf("a cookie with an unknown language: %s", got)
	}
}

// nowhere is a connection that is never used (the pages tested here call no service).
type nowhere struct{}

func (nowhere) Invoke(context.Context, string, any, any, ...grpc.CallOption) error {
	return context.Canceled
}

func (nowhere) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, context.Canceled
}

// noSessions: nobody is signed in.
type noSessions struct{}

func (noSessions) StaffSignIn(context.Context, auth.StaffSession, []byte) error { return nil }
func (noSessions) StaffSessionFor(context.Context, []byte, time.Time, time.Duration) (*auth.StaffSession, error) {
	return nil, nil
}
func (noSessions) EndStaffSession(context.Context, []byte) error { return nil }
func (noSessions) EndStaffSessionsOf(context.Context, string, string) (int, error) {
	return 0, nil
}

func testServer(t *testing.T, secure bool) http.Handler {
	t.Helper()
	s, err := New(Config{Conn: nowhere{}, Sessions: noSessions{}, DevSignIn: true, Secure: secure,
		Mint:     func(*auth.Staff) (string, error) { return "", nil },
		Outgoing: func(r *http.Request, _ string) context.Context { return r.Context() }})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// TestTheLanguageSwitch: the switch stores the choice for a year in a cookie of the workspace
// and returns to the page, never to another site.
func TestTheLanguageSwitch(t *testing.T) {
	for _, secure := range []bool{false, true} {
		h := testServer(t, secure)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/medewerkers/taal?naar=en&terug=%2Fmedewerkers%2Fzaken%3Fstatus%3DCASE_STATUS_RECEIVED", nil))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/medewerkers/zaken?status=CASE_STATUS_RECEIVED" {
			t.Fatalf("the switch: %d to %q", w.Code, w.Header().Get("Location"))
		}
		cs := w.Result().Cookies()
		if len(cs) != 1 {
			t.Fatalf("cookies: %v", cs)
		}
		c := cs[0]
		if c.Name != "meldpunt_taal" || c.Value != "en" || c.Path != "/medewerkers/" || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode ||
			c.MaxAge != 365*24*60*60 || c.Secure != secure {
			t.Errorf("the language cookie (secure %v): %+v", secure, c)
		}
	}
	h := testServer(t, false)
	for _, back := range []string{"https://evil.example/", "//evil.example/medewerkers/", "/\\evil.example", "/medewerkers/../nl/", "/medewerkers/%2e%2e/x",
		"javascript:alert(1)", "/nl/", "", "/medewerkers", "/medewerkers/\r\nSet-Cookie: x=y", "/medewerkers//evil.example", "https://evil.example/medewerkers/"} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/medewerkers/taal", nil)
		r.URL.RawQuery = "naar=nl&terug=" + urlQueryEscape(back)
		h.ServeHTTP(w, r)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/medewerkers/" {
			t.Errorf("terug=%q: %d to %q", back, w.Code, w.Header().Get("Location"))
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/medewerkers/taal?naar=fr&terug=/medewerkers/", nil))
	if w.Code != http.StatusBadRequest || len(w.Result().Cookies()) != 0 {
		t.Errorf("an unknown language: %d, cookies %v", w.Code, w.Result().Cookies())
	}
}

func urlQueryEscape(s string) string {
	r := httptest.NewRequest("GET", "/", nil)
	q := r.URL.Query()
	q.Set("x", s)
	return strings.TrimPrefix(q.Encode(), "x=")
}

// TestTheSignInPageSpeaksTheChosenLanguage: Dutch by default, English for an English browser
// or after the choice, Dutch again when chosen; <html lang> and the switch follow.
func TestTheSignInPageSpeaksTheChosenLanguage(t *testing.T) {
	h := testServer(t, false)
	for _, c := range []struct {
		accept, cookie, lang, heading string
	}{
		{"", "", "nl", "Inloggen voor medewerkers"},
		{"en-US,en;q=0.9", "", "en", "Sign in for staff"},
		{"", "en", "en", "Sign in for staff"},
		{"en-US,en;q=0.9", "nl", "nl", "Inloggen voor medewerkers"},
	} {
		r := httptest.NewRequest("GET", "/medewerkers/inloggen?reden=uitgelogd", nil)
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if c.cookie != "" {
			r.AddCookie(&http.Cookie{Name: langCookie, Value: c.cookie})
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, `<html lang="`+c.lang+`"`) || !strings.Contains(body, c.heading) ||
			!strings.Contains(body, tr(c.lang, "signin_signed_out")) || w.Header().Get("Content-Language") != c.lang {
			t.Errorf("%+v: %d\n%s", c, w.Code, body)
		}
		for _, l := range languages {
			if !strings.Contains(body, `href="/medewerkers/taal?naar=`+l.Code+`&amp;terug=%2Fmedewerkers%2Finloggen"`) {
				t.Errorf("%+v: no switch to %s:\n%s", c, l.Code, body)
			}
		}
	}
	// A page that does not exist, for someone not signed in: plain text in their language.
	r := httptest.NewRequest("GET", "/medewerkers/nergens", nil)
	r.AddCookie(&http.Cookie{Name: langCookie, Value: "en"})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 404 || !strings.Contains(w.Body.String(), "This page does not exist.") {
		t.Errorf("404 in English: %d %q", w.Code, w.Body.String())
	}
}

// TestAPostsAnswerSwitchesToItsPage: the switch on the answer to a form leads to the form's page.
func TestAPostsAnswerSwitchesToItsPage(t *testing.T) {
	mux := http.NewServeMux()
	var got string
	for _, c := range []struct{ pattern, page, path, want string }{
		{"POST /medewerkers/zaken/{ref}/gesprek/{id}", "case", "/medewerkers/zaken/MP-7K3QX9AB/gesprek/42", "/medewerkers/zaken/MP-7K3QX9AB"},
		{"POST /medewerkers/zaken/{ref}/onderzoek/interview/{id}/goedgekeurd", "investigation", "/medewerkers/zaken/MP-7K3QX9AB/onderzoek/interview/1/goedgekeurd", "/medewerkers/zaken/MP-7K3QX9AB/onderzoek"},
		{"POST /medewerkers/precedenten/concepten/{id}/bewerken", "draft", "/medewerkers/precedenten/concepten/abc/bewerken", "/medewerkers/precedenten/concepten/abc"},
		{"POST /medewerkers/precedenten/importeren", "precedents", "/medewerkers/precedenten/importeren", "/medewerkers/precedenten"},
		{"POST /medewerkers/audit/controle", "audit", "/medewerkers/audit/controle?zaak=mp-7k3qx9ab", "/medewerkers/audit?zaak=MP-7K3QX9AB"},
	} {
		mux.HandleFunc(c.pattern, func(_ http.ResponseWriter, r *http.Request) { got = pagePath(c.page, r) })
		r := httptest.NewRequest("POST", c.path, strings.NewReader(""))
		if strings.Contains(c.path, "zaak=") {
			r = httptest.NewRequest("POST", "/medewerkers/audit/controle", strings.NewReader("zaak=mp-7k3qx9ab"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		mux.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.path, got, c.want)
		}
		if _, ok := localPath(got); !ok {
			t.Errorf("%s: %q is refused by the switch", c.path, got)
		}
	}
}

// TestProviderErrorsAreLoggedWithoutPersons: of a provider's error text only what describes the
// request is logged; texts about the person keep only the provider's error number.
func TestProviderErrorsAreLoggedWithoutPersons(t *testing.T) {
	for _, tc := range []struct{ code, desc, want string }{
		{"access_denied", "AADSTS50105: The signed in user 'jane.doe@utrecht.nl' (Jane Doe) is not assigned to a role", "AADSTS50105"},
		{"access_denied", "Jane Doe cancelled", ""},
		{"invalid_scope", "AADSTS70011: scope 'groups' is not valid for jane@utrecht.nl", "AADSTS70011: scope […] is not valid for […]"},
		{"invalid_request", `redirect_uri "https://x/terug" is not registered`, "redirect_uri […] is not registered"},
	} {
		if got := describedError(tc.code, tc.desc); got != tc.want {
			t.Errorf("describedError(%q, %q) = %q, want %q", tc.code, tc.desc, got, tc.want)
		}
	}
}
