package e2e

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

// signedInAs is the "signed in as" line of a workspace page: the name and the role labels.
var signedInAs = regexp.MustCompile(`<strong>([^<]*)</strong> \(([^)]*)\)`)

// signInThrough signs u in through the provider and returns the name and roles the workspace shows.
func signInThrough(t *testing.T, s *server, idp *authtest.IDP, u authtest.User) (name, roles string) {
	t.Helper()
	b := newStaffBrowser(t, s)
	idp.SignInNext(u)
	res, body := b.follow("GET", "/medewerkers/inloggen/start", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("sign-in of %s: %d\n%s", u.Subject, res.StatusCode, body)
	}
	res, body = b.do("GET", "/medewerkers/", nil)
	m := signedInAs.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("workspace of %s: %d\n%s", u.Subject, res.StatusCode, body)
	}
	return m[1], m[2]
}

func productionKeys(t *testing.T) string {
	t.Helper()
	keys := filepath.Join(t.TempDir(), "keys.json")
	if out, err := exec.Command(meldpuntBin, "keys", "init", "--keys-file", keys).CombinedOutput(); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	return keys
}

// TestStaffSignInClaimShapes: roles arrive through the real sign-in in the shapes providers
// send them — Keycloak's client roles in a nested array (a dotted --oidc-roles-claim), one group
// mapped onto two roles, the display name only in the user-info answer, extra scopes and
// prompt=login in the authorization request; and ADFS's single-string role claim holding an LDAP
// distinguished name, mapped through --oidc-role-map-file.
func TestStaffSignInClaimShapes(t *testing.T) {
	t.Parallel()
	t.Run("Keycloak client roles", func(t *testing.T) {
		t.Parallel()
		idp := authtest.New("meldpunt-web")
		t.Cleanup(idp.Close)
		s := startServerWith(t, t.TempDir(), "", "--keys-file", productionKeys(t), "--oidc-issuer", idp.Issuer(), "--public-url", "https://meldpunt.example",
			"--oidc-client-id", "meldpunt-web", "--oidc-roles-claim", "resource_access.meldpunt-web.roles",
			"--oidc-role-map", "meldpunt-adviseur=adviser+intake,admin=auditor", "--oidc-scopes", "openid profile groups", "--oidc-prompt-login")
		name, roles := signInThrough(t, s, idp, authtest.User{Subject: "kc-1",
			Claims: map[string]any{
				"realm_access":    map[string]any{"roles": []string{"admin", "offline_access"}},
				"resource_access": map[string]any{"account": map[string]any{"roles": []string{"manage-account"}}, "meldpunt-web": map[string]any{"roles": []string{"meldpunt-adviseur"}}},
			},
			UserInfo: map[string]any{"name": "Ada Adviseur"},
		})
		if name != "Ada Adviseur" || roles != "Vertrouwenspersoon, Intake" {
			t.Errorf("signed in as %q (%s), want Ada Adviseur (Vertrouwenspersoon, Intake)", name, roles)
		}
		q := idp.LastAuthorization()
		if q.Get("scope") != "openid profile groups" || q.Get("prompt") != "login" {
			t.Errorf("authorization request: scope %q prompt %q, want \"openid profile groups\" and login", q.Get("scope"), q.Get("prompt"))
		}
	})
	t.Run("ADFS single role with a distinguished name", func(t *testing.T) {
		t.Parallel()
		idp := authtest.New("meldpunt-web")
		t.Cleanup(idp.Close)
		mapFile := filepath.Join(t.TempDir(), "roles.map")
		if err := os.WriteFile(mapFile, []byte("# groups of the Utrecht directory\nCN=GG-Meldpunt-HR,OU=Groepen,DC=utrecht,DC=nl = hr\nCN=GG-Meldpunt-Audit,OU=Groepen,DC=utrecht,DC=nl = auditor\nCN=GG-Meldpunt-Beheer,OU=Groepen,DC=utrecht,DC=nl = admin+auditor\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		s := startServerWith(t, t.TempDir(), "", "--keys-file", productionKeys(t), "--oidc-issuer", idp.Issuer(), "--public-url", "https://meldpunt.example",
			"--oidc-client-id", "meldpunt-web", "--oidc-roles-claim", "role", "--oidc-role-map-file", mapFile)
		name, roles := signInThrough(t, s, idp, authtest.User{Subject: "adfs-1", Name: "Hanna HR",
			Claims: map[string]any{"role": "CN=GG-Meldpunt-HR,OU=Groepen,DC=utrecht,DC=nl"}})
		if name != "Hanna HR" || roles != "HR / integriteitscoördinator" {
			t.Errorf("signed in as %q (%s), want Hanna HR (HR / integriteitscoördinator)", name, roles)
		}
		if q := idp.LastAuthorization(); q.Get("scope") != "openid profile" || q.Has("prompt") {
			t.Errorf("default authorization request: scope %q prompt %q", q.Get("scope"), q.Get("prompt"))
		}

		// The administrator's accounts page says what the code does with a map: only mapped
		// values count.
		b := newStaffBrowser(t, s)
		idp.SignInNext(authtest.User{Subject: "adfs-2", Name: "Bert Beheer", Claims: map[string]any{"role": "CN=GG-Meldpunt-Beheer,OU=Groepen,DC=utrecht,DC=nl"}})
		if res, body := b.follow("GET", "/medewerkers/inloggen/start", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("administrator's sign-in: %d\n%s", res.StatusCode, body)
		}
		res, body := b.do("GET", "/medewerkers/beheer/accounts", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Alleen de waarden in de tabel hieronder tellen") || strings.Contains(body, "telt als die rol") ||
			!strings.Contains(body, "<code>CN=GG-Meldpunt-Beheer,OU=Groepen,DC=utrecht,DC=nl</code>") || !strings.Contains(body, "Beheerder, Auditor") {
			t.Errorf("accounts page with a role map: %d\n%s", res.StatusCode, body)
		}
	})
}
