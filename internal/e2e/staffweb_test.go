package e2e

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

// staffBrowser is a minimal browser for the staff pages: it keeps cookies itself (the
// production server marks them Secure, and the test talks plain HTTP to it), follows redirects
// only within what the test asks, and remembers the last page.
type staffBrowser struct {
	t       *testing.T
	s       *server
	cookies map[string]*http.Cookie
}

func newStaffBrowser(t *testing.T, s *server) *staffBrowser {
	return &staffBrowser{t: t, s: s, cookies: map[string]*http.Cookie{}}
}

// do sends one request (no redirects followed) and records Set-Cookie.
func (b *staffBrowser) do(method, rawURL string, form url.Values, headers ...string) (*http.Response, string) {
	b.t.Helper()
	if strings.HasPrefix(rawURL, "/") {
		rawURL = b.s.baseURL + rawURL
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(b.t.Context(), method, rawURL, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if strings.HasPrefix(rawURL, b.s.baseURL) {
		for _, c := range b.cookies {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if strings.HasPrefix(rawURL, b.s.baseURL) {
		for _, c := range res.Cookies() {
			if c.MaxAge < 0 {
				delete(b.cookies, c.Name)
			} else {
				b.cookies[c.Name] = c
			}
		}
	}
	return res, string(data)
}

// follow sends the request and follows redirects (to the identity provider and back).
func (b *staffBrowser) follow(method, rawURL string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	res, body := b.do(method, rawURL, form)
	for i := 0; i < 10 && res.StatusCode >= 300 && res.StatusCode < 400; i++ {
		loc, err := res.Request.URL.Parse(res.Header.Get("Location"))
		if err != nil {
			b.t.Fatal(err)
		}
		// The production server's address is its --public-url (TLS ends at the proxy in front
		// of it); the test talks to it directly.
		res, body = b.do("GET", strings.Replace(loc.String(), "https://meldpunt.example", b.s.baseURL, 1), nil)
	}
	return res, body
}

// TestStaffSignInWithTheIdentityProvider: in production configuration (no dev mode), a staff
// member signs in to the workspace through the OpenID Connect provider with the
// authorization-code flow and PKCE; the provider's group names map onto roles; the session
// cookie is HttpOnly and SameSite=Strict; sign-out ends the session on the server; an idle
// session ends; the dev sign-in does not exist; someone without a role gets no session.
func TestStaffSignInWithTheIdentityProvider(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	keys := filepath.Join(t.TempDir(), "keys.json")
	if out, err := exec.Command(meldpuntBin, "keys", "init", "--keys-file", keys).CombinedOutput(); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	s := startServerWith(t, t.TempDir(), "", "--keys-file", keys, "--oidc-issuer", idp.Issuer(), "--public-url", "https://meldpunt.example",
		"--oidc-client-id", "meldpunt-web", "--oidc-role-map", "GG-Meldpunt-Intake=intake", "--staff-idle-timeout", "3s")

	b := newStaffBrowser(t, s)
	res, _ := b.do("GET", "/medewerkers/", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/medewerkers/inloggen" {
		t.Fatalf("signed out, the workspace should send to the sign-in page: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := b.do("GET", "/medewerkers/inloggen", nil)
	if res.StatusCode != 200 || !strings.Contains(body, "/medewerkers/inloggen/start") || strings.Contains(body, "Ontwikkelmodus") {
		t.Fatalf("sign-in page: %d\n%s", res.StatusCode, body)
	}
	if res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("the sign-in page lacks the safety headers: %v", res.Header)
	}
	if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"mallory"}, "role": {"hr"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("the dev sign-in answers outside dev mode: %d", res.StatusCode)
	}

	// To the provider: PKCE S256, state and nonce; the state travels in a Lax cookie.
	res, _ = b.do("GET", "/medewerkers/inloggen/start", nil)
	auth, err := url.Parse(res.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(auth.String(), idp.Issuer()+"/authorize") {
		t.Fatalf("start: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	q := auth.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" ||
		q.Get("redirect_uri") != "https://meldpunt.example/medewerkers/inloggen/terug" {
		t.Fatalf("authorization request: %v", q)
	}
	var login *http.Cookie
	for _, c := range res.Cookies() {
		if strings.Contains(c.Name, "inlog") {
			login = c
		}
	}
	if login == nil || !login.HttpOnly || login.SameSite != http.SameSiteLaxMode || !login.Secure || !strings.HasPrefix(login.Name, "__Host-") {
		t.Fatalf("login state cookie: %+v", login)
	}
	// Coming back with another state (a sign-in started elsewhere) is refused.
	idp.SignInNext(authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}})
	forged := *auth
	fq := forged.Query()
	fq.Set("state", "someone-elses")
	forged.RawQuery = fq.Encode()
	res, _ = b.follow("GET", forged.String(), nil)
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a foreign state is accepted: %d", res.StatusCode)
	}

	idp.SignInNext(authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake", "Unrelated-Group", "admin"}})
	res, body = b.follow("GET", "/medewerkers/inloggen/start", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("callback: %d\n%s", res.StatusCode, body)
	}
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if strings.Contains(c.Name, "medewerker") {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || !session.Secure || session.Name != "__Host-meldpunt_medewerker" {
		t.Fatalf("session cookie: %+v", session)
	}
	res, body = b.do("GET", "/medewerkers/", nil)
	if res.StatusCode != 200 || !strings.Contains(body, "Ines Intake") || !strings.Contains(body, "Intake") || !strings.Contains(body, "Nieuwe meldingen") {
		t.Fatalf("workspace after sign-in: %d\n%s", res.StatusCode, body)
	}
	if strings.Contains(body, "Jaarverslag") || strings.Contains(body, "Accounts") {
		t.Fatal("an intake officer is offered HR's or the administrator's pages (a group spelled \"admin\" must not count when a role map is set)")
	}
	if res, _ := b.do("GET", "/medewerkers/jaarverslag", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("intake opens the annual report: %d", res.StatusCode)
	}
	// The pages call the services as this person: the case list is the intake's.
	s.fileReport(t, anonymousReport("A report to see in the workspace."))
	res, body = b.do("GET", "/medewerkers/zaken", nil)
	if res.StatusCode != 200 || !strings.Contains(body, "MP-") {
		t.Fatalf("case list: %d\n%s", res.StatusCode, body)
	}

	// Sign-out needs the form's token, and ends the session on the server (the old cookie no
	// longer works).
	old := *b.cookies["__Host-meldpunt_medewerker"]
	if res, _ := b.do("POST", "/medewerkers/uitloggen", url.Values{"csrf": {"forged"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("sign-out without the form's token: %d", res.StatusCode)
	}
	// (The provider has an end-session endpoint: a page that moves on to it; see
	// TestStaffSignOutAtTheProvider.)
	res, out := b.do("POST", "/medewerkers/uitloggen", url.Values{"csrf": {csrfOf(t, body)}})
	if res.StatusCode != http.StatusOK || !strings.Contains(out, idp.Issuer()+"/logout?") {
		t.Fatalf("sign-out: %d\n%s", res.StatusCode, out)
	}
	b.cookies["__Host-meldpunt_medewerker"] = &old
	if res, _ := b.do("GET", "/medewerkers/", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the session survives sign-out: %d", res.StatusCode)
	}

	// A user whose groups map to no role gets no session.
	idp.SignInNext(authtest.User{Subject: "emp-8", Name: "Nora", Roles: []string{"Unrelated-Group"}})
	res, body = b.follow("GET", "/medewerkers/inloggen/start", nil)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "geen rol") {
		t.Fatalf("no role: %d\n%s", res.StatusCode, body)
	}

	// An idle session ends. (Roles here come only through the map.)
	idp.SignInNext(authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}})
	if res, _ := b.follow("GET", "/medewerkers/inloggen/start", nil); res.StatusCode != 200 {
		t.Fatalf("second sign-in: %d", res.StatusCode)
	}
	if res, _ := b.do("GET", "/medewerkers/", nil); res.StatusCode != 200 {
		t.Fatalf("after the second sign-in: %d", res.StatusCode)
	}
	time.Sleep(3500 * time.Millisecond)
	// A form that arrives after the session ended saves nothing, and gives its text back to copy.
	sessionCookie := *b.cookies["__Host-meldpunt_medewerker"]
	res, body = b.do("POST", "/medewerkers/zaken/MP-0000000A/bericht", url.Values{"csrf": {"x"}, "body": {"Een lang bericht dat ik niet opnieuw wil typen."}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "niets opgeslagen") || !strings.Contains(body, "Een lang bericht dat ik niet opnieuw wil typen.") {
		t.Fatalf("a form after the session ended: %d\n%s", res.StatusCode, body)
	}
	b.cookies["__Host-meldpunt_medewerker"] = &sessionCookie
	if res, _ := b.do("GET", "/medewerkers/", nil); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "reden=verlopen") {
		t.Fatalf("an idle session is still open: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := b.do("GET", "/medewerkers/inloggen?reden=verlopen", nil); !strings.Contains(body, "Je sessie is verlopen") {
		t.Fatal("the sign-in page does not say the session ended")
	}
}

// TestStaffPagesRefuseForgedForms: every workspace form needs the session's token, and a
// cross-site post is refused before anything runs.
func TestStaffPagesRefuseForgedForms(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	b := newStaffBrowser(t, s)
	res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"ines"}, "name": {"Ines"}, "role": {"intake"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dev sign-in: %d", res.StatusCode)
	}
	filed := s.fileReport(t, anonymousReport("Something to acknowledge."))
	ref := filed.GetCaseReference()
	res, body := b.do("GET", "/medewerkers/zaken/"+ref, nil)
	if res.StatusCode != 200 || !strings.Contains(body, "Something to acknowledge.") {
		t.Fatalf("case page: %d\n%s", res.StatusCode, body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("case page lacks %s", h)
		}
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("case page is cacheable: %q", res.Header.Get("Cache-Control"))
	}
	res, _ = b.do("POST", "/medewerkers/zaken/"+ref+"/ontvangst", url.Values{"csrf": {"nope"}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a form without the token: %d", res.StatusCode)
	}
	res, _ = b.do("POST", "/medewerkers/zaken/"+ref+"/ontvangst", url.Values{"csrf": {csrfOf(t, body)}}, "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-site post: %d", res.StatusCode)
	}
	if _, body := b.do("GET", "/medewerkers/zaken/"+ref, nil); !strings.Contains(body, "Ontvangst bevestigen") {
		t.Fatal("a refused form changed the case")
	}
	res, _ = b.do("POST", "/medewerkers/zaken/"+ref+"/ontvangst", url.Values{"csrf": {csrfOf(t, body)}, "message": {"Dank voor je melding."}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "gedaan=ontvangst") {
		t.Fatalf("acknowledge: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := b.do("GET", res.Header.Get("Location"), nil); !strings.Contains(body, "De ontvangst is bevestigd") || !strings.Contains(body, "Dank voor je melding.") {
		t.Fatalf("after acknowledging:\n%s", body)
	}

	// Reading the case in the pages is in the audit trail as the staff member's read, as over
	// the API; the refused forms left nothing.
	args := []string{"audit", "list", "--case", ref, "--data-dir", s.dataDir}
	out, err := exec.Command(meldpuntBin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("audit list: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "staff:ines") || strings.Count(string(out), "case.acknowledge ") != 1 {
		t.Fatalf("the audit trail of the pages' reads and the one acknowledgement:\n%s", out)
	}

	// The case list pages: 30 more reports, 25 a page, the next page links back to the first.
	for range 30 {
		s.fileReport(t, anonymousReport("One of many reports."))
	}
	res, body = b.do("GET", "/medewerkers/zaken?status=CASE_STATUS_RECEIVED", nil)
	if res.StatusCode != 200 || strings.Count(body, `scope="row"><a class="utrecht-link" href="/medewerkers/zaken/MP-`) != 25 || !strings.Contains(body, "Volgende pagina") {
		t.Fatalf("first page: %d, %d cases", res.StatusCode, strings.Count(body, `scope="row"><a class="utrecht-link" href="/medewerkers/zaken/MP-`))
	}
	next := regexp.MustCompile(`href="(/medewerkers/zaken\?[^"]+)" rel="next"`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	_, body = b.do("GET", html.UnescapeString(next[1]), nil)
	if n := strings.Count(body, `scope="row"><a class="utrecht-link" href="/medewerkers/zaken/MP-`); n != 5 || !strings.Contains(body, "Eerste pagina") || strings.Contains(body, "Volgende pagina") {
		t.Fatalf("second page: %d cases\n%s", n, body)
	}
}
