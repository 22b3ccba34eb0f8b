package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"

	"github.com/utrecht/meldpunt/internal/browsertest"
)

// The tests in this file sign in against an OpenID Provider this project did not write: the
// example provider of github.com/zitadel/oidc (testdata/zitadelop, a module of its own so that
// its dependencies stay out of go.mod), with its own login page, typed into by headless
// Chromium. Meldpunt runs with the exact flags of a recipe in deploy/README.md, and the
// provider's users carry roles in that recipe's claim shape.

var (
	zitadelOnce sync.Once
	zitadelBin  string
	zitadelErr  error
)

// zitadelOP builds testdata/zitadelop once per test binary and returns its path.
func zitadelOP(t *testing.T) string {
	t.Helper()
	zitadelOnce.Do(func() {
		// Next to the meldpunt binary: TestMain removes that directory at the end.
		zitadelBin = filepath.Join(filepath.Dir(meldpuntBin), "zitadelop")
		build := exec.Command("go", "build", "-o", zitadelBin, ".")
		build.Dir = filepath.Join("testdata", "zitadelop")
		build.Env = append(os.Environ(), "GOWORK=off")
		if out, err := build.CombinedOutput(); err != nil {
			zitadelErr = fmt.Errorf("building the zitadel/oidc example provider: %v\n%s", err, out)
		}
	})
	if zitadelErr != nil {
		t.Fatal(zitadelErr)
	}
	return zitadelBin
}

// opUser is a user of the provider: what they type on its login page, their name, and the
// claims the provider adds to their ID token, user-info answer and JWT access token.
type opUser struct {
	ID        string         `json:"id"`
	Username  string         `json:"username"`
	Password  string         `json:"password"`
	FirstName string         `json:"first_name"`
	LastName  string         `json:"last_name"`
	Claims    map[string]any `json:"claims"`
}

type opConfig struct {
	Addr            string   `json:"addr"`
	Issuer          string   `json:"issuer"`
	ClientID        string   `json:"client_id"`
	ClientSecret    string   `json:"client_secret,omitempty"`
	RedirectURI     string   `json:"redirect_uri"`
	PublicClient    bool     `json:"public_client,omitempty"`
	JWTAccessTokens bool     `json:"jwt_access_tokens,omitempty"`
	Users           []opUser `json:"users"`
}

// startZitadelOP runs the provider with cfg and returns once it listens; it is stopped at cleanup.
func startZitadelOP(t *testing.T, cfg opConfig) {
	t.Helper()
	bin := zitadelOP(t)
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "op.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr browsertest.SyncBuffer
	var cmd *exec.Cmd
	var stdout io.ReadCloser
	// The address was free a moment ago; a process that exits at once found it taken again.
	for deadline := time.Now().Add(10 * time.Second); ; {
		cmd = exec.Command(bin, "-config", path)
		cmd.Stderr = &stderr
		if stdout, err = cmd.StdoutPipe(); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if strings.TrimSpace(line) == "listening" {
			break
		}
		_ = cmd.Wait()
		if time.Now().After(deadline) {
			t.Fatalf("the provider did not start on %s:\n%s", cfg.Addr, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("provider stderr:\n%s", stderr.String())
		}
	})
}

// freeAddrs are n different loopback addresses where nothing listens (a moment ago).
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var addrs []string
	for _, p := range freePorts(t, n) {
		addrs = append(addrs, "127.0.0.1:"+strconv.Itoa(p))
	}
	return addrs
}

// realProviderSetup is a provider address and a Meldpunt address chosen before either starts:
// the client's redirect URI and --public-url must name the address the browser opens.
type realProviderSetup struct {
	opAddr, issuer string
	webAddr, site  string
}

func newRealProviderSetup(t *testing.T) realProviderSetup {
	t.Helper()
	a := freeAddrs(t, 2)
	op, web := a[0], a[1]
	return realProviderSetup{opAddr: op, issuer: "http://" + op, webAddr: web, site: "http://" + web}
}

func (r realProviderSetup) opConfig(clientID, secret string, users ...opUser) opConfig {
	return opConfig{Addr: r.opAddr, Issuer: r.issuer, ClientID: clientID, ClientSecret: secret, PublicClient: secret == "",
		RedirectURI: r.site + "/medewerkers/inloggen/terug", Users: users}
}

// meldpunt starts the server on the chosen address with the recipe's flags.
func (r realProviderSetup) meldpunt(t *testing.T, recipe ...string) *server {
	t.Helper()
	args := append([]string{"--keys-file", productionKeys(t), "--http-addr", r.webAddr, "--public-url", r.site, "--oidc-issuer", r.issuer}, recipe...)
	return startServerWith(t, t.TempDir(), "", args...)
}

func secretFile(t *testing.T, secret string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "oidc-client-secret")
	if err := os.WriteFile(p, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// signInOnProviderPage opens /medewerkers/ in a fresh headless Chromium, follows the sign-in to
// the provider's login page, types the user's name and password there, and returns the tab once
// it is back on the workspace, with the name and role labels the workspace shows.
func signInOnProviderPage(t *testing.T, s *server, issuer string, u opUser) (b *tab, name, roles string) {
	t.Helper()
	b = startBrowser(t, s, 90*time.Second)
	if _, err := chromedp.Call(b.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Accept-Language": "nl-NL,nl;q=0.9"},
	}); err != nil {
		t.Fatalf("Accept-Language: %v", err)
	}
	b.open("staff/start", "/medewerkers/", 200)
	if p := b.path(); p != "/medewerkers/inloggen" {
		t.Fatalf("a staff member who is not signed in is on %s, want the sign-in page", p)
	}
	b.navigateBy("provider/login", 200, chromedp.Click(`a[href^="/medewerkers/inloggen/start"]`))
	if host := eval[string](b, `location.host`); host != strings.TrimPrefix(issuer, "http://") {
		t.Fatalf("the sign-in went to %s, not to the provider", host)
	}
	b.do("typing the user name and password",
		chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", u.Username),
		chromedp.SendKeys("#password", u.Password))
	b.navigateBy("staff/signed-in", 200, chromedp.Click(`button[type="submit"]`))
	// The callback answers with a page that refreshes to the workspace.
	var html string
	for deadline := time.Now().Add(15 * time.Second); ; {
		if b.path() == "/medewerkers/" && eval[string](b, `document.readyState`) == "complete" {
			html = eval[string](b, `document.body.innerHTML`)
			if m := signedInAs.FindStringSubmatch(html); m != nil {
				return b, m[1], m[2]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not back on the workspace after signing in at the provider: %s\n%s", b.path(), b.text())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestRealProviderSignInRecipes: the sign-in recipes of deploy/README.md against the zitadel/oidc
// example provider, through its login page in headless Chromium. Each recipe's claim shape gives
// the mapped roles; values outside the map count for nothing.
func TestRealProviderSignInRecipes(t *testing.T) {
	t.Parallel()
	browsertest.Require(t)
	t.Run("Entra ID app roles", func(t *testing.T) {
		r := newRealProviderSetup(t)
		const secret = "entra-test-secret"
		u := opUser{ID: "entra-1", Username: "ada", Password: "ada-wachtwoord", FirstName: "Ada", LastName: "Adviseur",
			Claims: map[string]any{"roles": []string{"Meldpunt.Adviser", "Meldpunt.Intake", "Other.App.Role"}}}
		startZitadelOP(t, r.opConfig("meldpunt", secret, u))
		s := r.meldpunt(t, "--oidc-client-id", "meldpunt", "--oidc-audience", "meldpunt",
			"--oidc-client-secret-file", secretFile(t, secret),
			"--oidc-roles-claim", "roles",
			"--oidc-role-map", "Meldpunt.Intake=intake,Meldpunt.Adviser=adviser,Meldpunt.Manager=manager,Meldpunt.Team=integrity_team,Meldpunt.HR=hr,Meldpunt.Admin=admin,Meldpunt.Auditor=auditor")
		_, name, roles := signInOnProviderPage(t, s, r.issuer, u)
		if name != "Ada Adviseur" || roles != "Vertrouwenspersoon, Intake" {
			t.Errorf("signed in as %q (%s), want Ada Adviseur (Vertrouwenspersoon, Intake)", name, roles)
		}
	})
	t.Run("Keycloak realm roles", func(t *testing.T) {
		r := newRealProviderSetup(t)
		u := opUser{ID: "kc-1", Username: "hanna", Password: "hanna-wachtwoord", FirstName: "Hanna", LastName: "HR",
			Claims: map[string]any{"realm_access": map[string]any{"roles": []string{"default-roles-gemeente", "offline_access", "meldpunt-hr"}}}}
		startZitadelOP(t, r.opConfig("meldpunt", "", u))
		s := r.meldpunt(t, "--oidc-client-id", "meldpunt", "--oidc-audience", "meldpunt",
			"--oidc-roles-claim", "realm_access.roles",
			"--oidc-role-map", "meldpunt-intake=intake,meldpunt-adviser=adviser+intake,meldpunt-hr=hr,meldpunt-admin=admin")
		_, name, roles := signInOnProviderPage(t, s, r.issuer, u)
		if name != "Hanna HR" || roles != "HR / integriteitscoördinator" {
			t.Errorf("signed in as %q (%s), want Hanna HR (HR / integriteitscoördinator)", name, roles)
		}
	})
	t.Run("ZITADEL project roles object", func(t *testing.T) {
		// ZITADEL itself sends a project's roles as an object whose keys are the role names;
		// roles named as Meldpunt's need no map.
		r := newRealProviderSetup(t)
		const secret = "zitadel-test-secret"
		u := opUser{ID: "zt-1", Username: "henk", Password: "henk-wachtwoord", FirstName: "Henk", LastName: "Hoekstra",
			Claims: map[string]any{"urn:zitadel:iam:org:project:roles": map[string]any{
				"hr": map[string]any{"org-1": "gemeente.example"}, "auditor": map[string]any{"org-1": "gemeente.example"}}}}
		startZitadelOP(t, r.opConfig("meldpunt", secret, u))
		s := r.meldpunt(t, "--oidc-client-id", "meldpunt", "--oidc-audience", "meldpunt",
			"--oidc-client-secret-file", secretFile(t, secret),
			"--oidc-roles-claim", "urn:zitadel:iam:org:project:roles")
		_, name, roles := signInOnProviderPage(t, s, r.issuer, u)
		// An object's keys have no order; either order of the labels is right.
		if name != "Henk Hoekstra" || (roles != "HR / integriteitscoördinator, Auditor" && roles != "Auditor, HR / integriteitscoördinator") {
			t.Errorf("signed in as %q (%s), want Henk Hoekstra (HR / integriteitscoördinator, Auditor)", name, roles)
		}
	})
	t.Run("ADFS single role", func(t *testing.T) {
		r := newRealProviderSetup(t)
		const secret = "adfs-test-secret"
		u := opUser{ID: "adfs-1", Username: "bert", Password: "bert-wachtwoord", FirstName: "Bert", LastName: "Beheer",
			Claims: map[string]any{"role": "CN=GG-Meldpunt-Beheer,OU=Groepen,DC=utrecht,DC=nl"}}
		startZitadelOP(t, r.opConfig("adfs-client", secret, u))
		mapFile := filepath.Join(t.TempDir(), "roles.map")
		if err := os.WriteFile(mapFile, []byte("# directory group => Meldpunt role(s)\n"+
			"CN=GG-Meldpunt-Intake,OU=Groepen,DC=utrecht,DC=nl = intake\n"+
			"CN=GG-Meldpunt-Vertrouwenspersonen,OU=Groepen,DC=utrecht,DC=nl = adviser+intake\n"+
			"CN=GG-Meldpunt-HR,OU=Groepen,DC=utrecht,DC=nl = hr\n"+
			"CN=GG-Meldpunt-Beheer,OU=Groepen,DC=utrecht,DC=nl = admin\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		s := r.meldpunt(t, "--oidc-client-id", "adfs-client", "--oidc-audience", "adfs-client",
			"--oidc-client-secret-file", secretFile(t, secret),
			"--oidc-scopes", "openid profile allatclaims",
			"--oidc-roles-claim", "role",
			"--oidc-role-map-file", mapFile, "--oidc-prompt-login")
		b, name, roles := signInOnProviderPage(t, s, r.issuer, u)
		if name != "Bert Beheer" || roles != "Beheerder" {
			t.Errorf("signed in as %q (%s), want Bert Beheer (Beheerder)", name, roles)
		}
		// The administrator's accounts page shows the claim and what the person got.
		b.open("staff/accounts", "/medewerkers/beheer/accounts", 200)
		if text := b.text(); !strings.Contains(text, "CN=GG-Meldpunt-Beheer,OU=Groepen,DC=utrecht,DC=nl") || !strings.Contains(text, "Bert Beheer") {
			t.Errorf("accounts page after the real sign-in:\n%s", text)
		}
	})
}

// TestRealProviderStartsLater: Meldpunt starts while the provider is down (Keycloak recipe, a
// public client). Reporters are served and can file; the sign-in page says the provider cannot be
// reached. Then the provider starts on its address, and a staff member signs in on its login page
// without Meldpunt being restarted.
func TestRealProviderStartsLater(t *testing.T) {
	t.Parallel()
	browsertest.Require(t)
	r := newRealProviderSetup(t)
	s := r.meldpunt(t, "--oidc-client-id", "meldpunt", "--oidc-audience", "meldpunt",
		"--oidc-roles-claim", "realm_access.roles",
		"--oidc-role-map", "meldpunt-intake=intake,meldpunt-adviser=adviser+intake,meldpunt-hr=hr,meldpunt-admin=admin")

	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get(s.baseURL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if code, body := get("/nl/"); code != http.StatusOK {
		t.Fatalf("reporter start page while the provider is down: %d\n%s", code, body)
	}
	if filed := s.fileReport(t, anonymousReport("filed while the real provider is down")); filed.GetReceiptCode() == "" {
		t.Fatal("no receipt code")
	}
	const downNL = "De identiteitsprovider is nu niet bereikbaar"
	if code, body := get("/medewerkers/inloggen"); code != http.StatusOK || !strings.Contains(body, downNL) {
		t.Fatalf("sign-in page while the provider is down: %d\n%s", code, body)
	}

	u := opUser{ID: "kc-7", Username: "ines", Password: "ines-wachtwoord", FirstName: "Ines", LastName: "Intake",
		Claims: map[string]any{"realm_access": map[string]any{"roles": []string{"offline_access", "meldpunt-intake"}}}}
	startZitadelOP(t, r.opConfig("meldpunt", "", u))
	for deadline := time.Now().Add(20 * time.Second); ; {
		code, body := get("/medewerkers/inloggen")
		if code == http.StatusOK && !strings.Contains(body, downNL) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sign-in page still says the provider is down: %d\n%s", code, body)
		}
		time.Sleep(250 * time.Millisecond)
	}
	_, name, roles := signInOnProviderPage(t, s, r.issuer, u)
	if name != "Ines Intake" || roles != "Intake" {
		t.Errorf("signed in as %q (%s), want Ines Intake (Intake)", name, roles)
	}
}

// providerTokens runs the authorization code flow against the provider without a browser (the
// login page's form posted directly) and returns the access token and the ID token.
func providerTokens(t *testing.T, r realProviderSetup, clientID, secret string, u opUser) (access, id string) {
	t.Helper()
	res, err := http.Get(r.issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var disc struct {
		Auth  string `json:"authorization_endpoint"`
		Token string `json:"token_endpoint"`
	}
	err = json.NewDecoder(res.Body).Decode(&disc)
	res.Body.Close()
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	conf := oauth2.Config{ClientID: clientID, ClientSecret: secret, RedirectURL: r.site + "/medewerkers/inloggen/terug",
		Endpoint: oauth2.Endpoint{AuthURL: disc.Auth, TokenURL: disc.Token}, Scopes: []string{"openid", "profile"}}
	verifier := oauth2.GenerateVerifier()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Follow the provider's redirects, but stop at the one back to Meldpunt: it carries the code.
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), r.site) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	res, err = c.Get(conf.AuthCodeURL("st-1", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("nonce", "n-1")))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	reqID := res.Request.URL.Query().Get("authRequestID")
	if res.StatusCode != http.StatusOK || reqID == "" {
		t.Fatalf("the authorization request did not reach the login page: %d %s", res.StatusCode, res.Request.URL.Path)
	}
	res, err = c.PostForm(r.issuer+"/login/username", url.Values{"id": {reqID}, "username": {u.Username}, "password": {u.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := res.Location()
	if err != nil || !strings.HasPrefix(loc.String(), conf.RedirectURL) || loc.Query().Get("state") != "st-1" || loc.Query().Get("code") == "" {
		t.Fatalf("the login did not redirect back with a code: %d", res.StatusCode)
	}
	tok, err := conf.Exchange(t.Context(), loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("token exchange failed: %T", err)
	}
	id, _ = tok.Extra("id_token").(string)
	if tok.AccessToken == "" || id == "" {
		t.Fatal("the token answer lacks an access token or an ID token")
	}
	return tok.AccessToken, id
}

// TestRealProviderTokensOnTheAPI: the provider's JWT access tokens (audience: the client id) and
// ID tokens are accepted as bearer tokens on the REST API, with the roles of the recipe's claim
// (Entra ID's roles array, mapped); a mapped role that may not list cases is refused. The tokens
// are fetched without a browser: the login page's form is posted directly.
func TestRealProviderTokensOnTheAPI(t *testing.T) {
	t.Parallel()
	r := newRealProviderSetup(t)
	const secret = "entra-api-secret"
	intake := opUser{ID: "entra-11", Username: "ivo", Password: "ivo-wachtwoord", FirstName: "Ivo", LastName: "Intake",
		Claims: map[string]any{"roles": []string{"Meldpunt.Intake"}}}
	hr := opUser{ID: "entra-12", Username: "hanna", Password: "hanna-wachtwoord", FirstName: "Hanna", LastName: "HR",
		Claims: map[string]any{"roles": []string{"Meldpunt.HR"}}}
	cfg := r.opConfig("meldpunt", secret, intake, hr)
	cfg.JWTAccessTokens = true
	startZitadelOP(t, cfg)
	s := r.meldpunt(t, "--oidc-client-id", "meldpunt", "--oidc-audience", "meldpunt",
		"--oidc-client-secret-file", secretFile(t, secret),
		"--oidc-roles-claim", "roles",
		"--oidc-role-map", "Meldpunt.Intake=intake,Meldpunt.Adviser=adviser,Meldpunt.Manager=manager,Meldpunt.Team=integrity_team,Meldpunt.HR=hr,Meldpunt.Admin=admin,Meldpunt.Auditor=auditor")
	filed := s.fileReport(t, anonymousReport("listed with a token of the real provider"))

	access, id := providerTokens(t, r, "meldpunt", secret, intake)
	for what, tok := range map[string]string{"access token": access, "ID token": id} {
		res := s.rest(t, "GET", "/v1/cases", tok, nil)
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), filed.GetCaseReference()) {
			t.Errorf("GET /v1/cases with the intake officer's %s: %d\n%s", what, res.Status, res.Body)
		}
	}
	access, _ = providerTokens(t, r, "meldpunt", secret, hr)
	if res := s.rest(t, "GET", "/v1/cases", access, nil); res.Status != http.StatusForbidden {
		t.Errorf("GET /v1/cases with HR's access token: %d, want 403\n%s", res.Status, res.Body)
	}
}
