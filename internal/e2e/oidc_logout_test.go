package e2e

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

// refreshTo is where a page that moves on by itself goes.
var refreshTo = regexp.MustCompile(`http-equiv="refresh" content="0;url=([^"]*)"`)

// startWithProvider runs the server in production configuration against idp.
func startWithProvider(t *testing.T, idp *authtest.IDP) *server {
	t.Helper()
	return startServerWith(t, t.TempDir(), "", "--keys-file", productionKeys(t), "--oidc-issuer", idp.Issuer(), "--public-url", "https://meldpunt.example",
		"--oidc-client-id", "meldpunt-web", "--oidc-role-map", "GG-Meldpunt-Intake=intake")
}

// signInAt signs the browser in through the provider (with SignInNext when u is given: the
// person types the password) and returns the workspace's start page.
func signInAt(t *testing.T, s *server, b *staffBrowser, idp *authtest.IDP, u *authtest.User) string {
	t.Helper()
	if u != nil {
		idp.SignInNext(*u)
	}
	if res, body := b.follow("GET", "/medewerkers/inloggen/start", nil); res.StatusCode != http.StatusOK || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("sign-in: %d\n%s", res.StatusCode, body)
	}
	res, body := b.do("GET", "/medewerkers/", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("workspace after the sign-in: %d", res.StatusCode)
	}
	return body
}

// TestStaffSignOutAtTheProvider: with the provider's end-session endpoint, "Uitloggen" ends the
// session here and sends the browser to the provider with id_token_hint, client_id,
// post_logout_redirect_uri and state; the provider ends its session and sends the browser to
// the signed-out page; the next sign-in asks for the password again (before the sign-out, the
// provider's session signed a second browser in silently). The ID token never reaches the log.
func TestStaffSignOutAtTheProvider(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	idp.RememberSignIn()
	s := startWithProvider(t, idp)
	ines := &authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}}

	b := newStaffBrowser(t, s)
	home := signInAt(t, s, b, idp, ines)
	if n := idp.PasswordPrompts(); n != 1 {
		t.Fatalf("password prompts after the first sign-in: %d", n)
	}
	// The provider's session signs another browser in without the password.
	signInAt(t, s, newStaffBrowser(t, s), idp, nil)
	if n := idp.PasswordPrompts(); n != 1 {
		t.Fatalf("the provider's session did not sign in silently: %d prompts", n)
	}

	res, body := b.do("POST", "/medewerkers/uitloggen", url.Values{"csrf": {csrfOf(t, home)}})
	m := refreshTo.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("sign-out: %d\n%s", res.StatusCode, body)
	}
	to, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || to.Scheme+"://"+to.Host+to.Path != idp.Issuer()+"/logout" {
		t.Fatalf("sign-out goes to %q, want the provider's end-session endpoint", m[1])
	}
	q := to.Query()
	hint := q.Get("id_token_hint")
	if strings.Count(hint, ".") != 2 || q.Get("client_id") != "meldpunt-web" || q.Get("post_logout_redirect_uri") != "https://meldpunt.example/medewerkers/uitgelogd" || len(q.Get("state")) < 16 {
		t.Fatalf("end-session request %v", q)
	}
	res, body = b.follow("GET", to.String(), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Je bent uitgelogd bij Meldpunt en bij de identiteitsprovider") ||
		!strings.Contains(body, `href="/medewerkers/inloggen"`) || !strings.Contains(res.Request.URL.Path, "/medewerkers/uitgelogd") {
		t.Fatalf("back from the provider's sign-out: %d %s\n%s", res.StatusCode, res.Request.URL, body)
	}
	if ended, _ := idp.EndedSessions(); ended != 1 {
		t.Fatalf("the provider ended %d sessions, want 1", ended)
	}
	if res, _ := b.do("GET", "/medewerkers/", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the session survives sign-out: %d", res.StatusCode)
	}

	// Signing in again asks for the password: without it (nobody types it), no sign-in.
	res, body = b.follow("GET", "/medewerkers/inloggen/start", nil)
	if res.StatusCode != http.StatusUnauthorized || idp.PasswordPrompts() != 2 {
		t.Fatalf("sign-in after sign-out without the password: %d, %d prompts\n%s", res.StatusCode, idp.PasswordPrompts(), body)
	}
	signInAt(t, s, b, idp, ines)
	if n := idp.PasswordPrompts(); n != 3 {
		t.Fatalf("password prompts: %d, want 3", n)
	}

	logs := s.logs.String()
	for part := range strings.SplitSeq(hint, ".") {
		if strings.Contains(logs, part) {
			t.Fatalf("the ID token reached the log:\n%s", logs)
		}
	}
	if strings.Contains(logs, "Ines Intake") {
		t.Fatalf("a name reached the log:\n%s", logs)
	}
}

// TestStaffSignOutWithoutProviderLogout: a provider without an end-session endpoint: sign-out
// ends the session here, and the signed-out page says the provider's session may still be
// active and that closing the browser ends it.
func TestStaffSignOutWithoutProviderLogout(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	idp.WithoutEndSession()
	s := startWithProvider(t, idp)
	b := newStaffBrowser(t, s)
	home := signInAt(t, s, b, idp, &authtest.User{Subject: "emp-8", Roles: []string{"GG-Meldpunt-Intake"}})
	res, _ := b.do("POST", "/medewerkers/uitloggen", url.Values{"csrf": {csrfOf(t, home)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/medewerkers/uitgelogd?lokaal=1" {
		t.Fatalf("sign-out: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := b.do("GET", res.Header.Get("Location"), nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "kan nog actief zijn") || !strings.Contains(body, "Sluit de browser") {
		t.Fatalf("signed-out page: %d\n%s", res.StatusCode, body)
	}
	if res, _ := b.do("GET", "/medewerkers/", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the session survives sign-out: %d", res.StatusCode)
	}
	if ended, _ := idp.EndedSessions(); ended != 0 {
		t.Fatalf("the provider was asked to end a session")
	}
}

// TestStaffBackChannelLogout: the provider posts a logout token server to server; a forged,
// unsigned, wrong-audience or otherwise wrong token is refused with 400 (no details) and ends
// nothing; a good one ends the sessions of its sid — the next page asks to sign in — and not
// those of someone else; a replay is harmless.
func TestStaffBackChannelLogout(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	idp.RememberSignIn()
	s := startWithProvider(t, idp)

	other := newStaffBrowser(t, s)
	signInAt(t, s, other, idp, &authtest.User{Subject: "emp-9", Roles: []string{"GG-Meldpunt-Intake"}})
	b := newStaffBrowser(t, s)
	signInAt(t, s, b, idp, &authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}})
	sid := idp.SessionID()
	if sid == "" {
		t.Fatal("the provider has no session")
	}

	post := func(form url.Values) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), "POST", s.baseURL+"/medewerkers/uitloggen/backchannel", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// As a provider's server might: an Origin of another site.
		req.Header.Set("Origin", idp.Issuer())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(data)
	}
	alive := func(b *staffBrowser) bool {
		t.Helper()
		res, _ := b.do("GET", "/medewerkers/", nil)
		return res.StatusCode == http.StatusOK
	}

	unsigned := func(tok string) string {
		return "eyJhbGciOiJub25lIiwidHlwIjoibG9nb3V0K2p3dCJ9." + strings.Split(tok, ".")[1] + "."
	}
	bad := map[string]url.Values{
		"forged":         {"logout_token": {idp.LogoutToken("emp-7", sid, true, nil)}},
		"unsigned":       {"logout_token": {unsigned(idp.LogoutToken("emp-7", sid, false, nil))}},
		"wrong audience": {"logout_token": {idp.LogoutToken("emp-7", sid, false, map[string]any{"aud": "another-client"})}},
		"no event":       {"logout_token": {idp.LogoutToken("emp-7", sid, false, map[string]any{"events": nil})}},
		"a nonce":        {"logout_token": {idp.LogoutToken("emp-7", sid, false, map[string]any{"nonce": "n"})}},
		"no jti":         {"logout_token": {idp.LogoutToken("emp-7", sid, false, map[string]any{"jti": nil})}},
		"no token":       {"token": {"x"}},
	}
	for name, form := range bad {
		code, body := post(form)
		if code != http.StatusBadRequest || strings.TrimSpace(body) != "bad request" {
			t.Errorf("%s: %d %q, want 400 without details", name, code, body)
		}
	}
	if !alive(b) || !alive(other) {
		t.Fatal("a refused logout token ended a session")
	}

	good := idp.LogoutToken("emp-7", sid, false, nil)
	if code, body := post(url.Values{"logout_token": {good}}); code != http.StatusOK {
		t.Fatalf("a good logout token: %d %q", code, body)
	}
	res, _ := b.do("GET", "/medewerkers/", nil)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/medewerkers/inloggen") {
		t.Fatalf("after the back-channel logout the workspace answers %d %q, want the sign-in", res.StatusCode, res.Header.Get("Location"))
	}
	if !alive(other) {
		t.Fatal("someone else's session ended")
	}
	// A replay ends nothing more, and is no error.
	if code, _ := post(url.Values{"logout_token": {good}}); code != http.StatusOK || !alive(other) {
		t.Fatalf("replayed logout token: %d", code)
	}

	logs := s.logs.String()
	if !strings.Contains(logs, "back-channel logout refused") || !strings.Contains(logs, "sessions_ended") {
		t.Errorf("the log lacks the refusals or the logout:\n%s", logs)
	}
	for part := range strings.SplitSeq(good, ".") {
		if len(part) >= 8 && strings.Contains(logs, part) {
			t.Fatalf("a logout token reached the log:\n%s", logs)
		}
	}
}
