package e2e

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

var startLink = regexp.MustCompile(`href="(/medewerkers/inloggen/start[^"]*)"`)

// TestStaffSignInReturnsAndExplains: a deep link visited while signed out comes back after the
// sign-in (local workspace paths only: no open redirect); an error the provider returns to the
// callback is logged and explained; a callback on another host than --public-url says so.
// Codes never reach the log.
func TestStaffSignInReturnsAndExplains(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	s := startServerWith(t, t.TempDir(), "", "--keys-file", productionKeys(t), "--oidc-issuer", idp.Issuer(), "--public-url", "https://meldpunt.example",
		"--oidc-client-id", "meldpunt-web", "--oidc-role-map", "GG-Meldpunt-Intake=intake")
	const deep = "/medewerkers/zaken/MP-0000000A"

	b := newStaffBrowser(t, s)
	res, _ := b.do("GET", deep, nil)
	loc := res.Header.Get("Location")
	wantLoc := "/medewerkers/inloggen?" + url.Values{"terug": {deep}}.Encode()
	if res.StatusCode != http.StatusSeeOther || loc != wantLoc {
		t.Fatalf("a deep link signed out: %d %q", res.StatusCode, loc)
	}
	_, body := b.do("GET", loc, nil)
	m := startLink.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no sign-in link:\n%s", body)
	}
	idp.SignInNext(authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}})
	res, body = b.follow("GET", html.UnescapeString(m[1]), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `content="0;url=`+deep+`"`) || !strings.Contains(body, `href="`+deep+`"`) {
		t.Fatalf("after the sign-in the browser does not return to the deep link: %d\n%s", res.StatusCode, body)
	}

	// Only local workspace paths: anything else returns to the workspace's start.
	for _, back := range []string{"https://evil.example/medewerkers/", "//evil.example/medewerkers/", "/\\evil.example", "/medewerkers/../nl/",
		"/nl/", "javascript:alert(1)", "/medewerkers/inloggen/start"} {
		b := newStaffBrowser(t, s)
		idp.SignInNext(authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}})
		res, body := b.follow("GET", "/medewerkers/inloggen/start?"+url.Values{"terug": {back}}.Encode(), nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `content="0;url=/medewerkers/"`) {
			t.Errorf("terug=%q: %d\n%s", back, res.StatusCode, body)
		}
	}

	// The provider refuses (no user signs in at the test provider: access_denied).
	b = newStaffBrowser(t, s)
	res, body = b.follow("GET", "/medewerkers/inloggen/start", nil)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "De identiteitsprovider heeft het inloggen geweigerd of je hebt het afgebroken") {
		t.Fatalf("access_denied from the provider: %d\n%s", res.StatusCode, body)
	}
	// Another error, with a description, straight to the callback.
	b.do("GET", "/medewerkers/inloggen/start", nil) // the login cookie
	res, body = b.do("GET", "/medewerkers/inloggen/terug?"+url.Values{"error": {"invalid_scope"}, "error_description": {"AADSTS70011: scope groups is not allowed for user 'jane.doe@utrecht.nl'"},
		"state": {"st"}, "code": {"SECRET-CODE-4711"}}.Encode(), nil)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Meldpunt is daar niet goed ingesteld") {
		t.Fatalf("invalid_scope from the provider: %d\n%s", res.StatusCode, body)
	}

	// Back on another host than --public-url: the login cookie is not sent.
	fresh := newStaffBrowser(t, s)
	res, body = fresh.do("GET", "/medewerkers/inloggen/terug?state=st&code=SECRET-CODE-4712", nil)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "ander adres") || !strings.Contains(body, "https://meldpunt.example/medewerkers/") {
		t.Fatalf("callback on another host: %d\n%s", res.StatusCode, body)
	}
	// On the right host (as the proxy forwards it) without the cookie, it is the expired sign-in.
	res, body = fresh.do("GET", "/medewerkers/inloggen/terug?state=st&code=SECRET-CODE-4713", nil, "X-Forwarded-Host", "meldpunt.example")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Het inloggen is verlopen") {
		t.Fatalf("callback without the cookie on the right host: %d\n%s", res.StatusCode, body)
	}

	logs := s.logs.String()
	for _, want := range []string{"the identity provider returned an error", "access_denied", "invalid_scope", "AADSTS70011: scope groups is not allowed for user […]", "another host than --public-url"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "SECRET-CODE") || strings.Contains(logs, "Ines Intake") || strings.Contains(logs, "jane.doe") {
		t.Errorf("a code or a name reached the log:\n%s", logs)
	}
}
