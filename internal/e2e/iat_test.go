package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

// TestAStaffSignInIssuedInTheFutureIsRefused: the provider signs an ID token whose iat lies an
// hour ahead; the sign-in is refused and gives no session. One issued 30 s ahead (clock skew) is
// accepted.
func TestAStaffSignInIssuedInTheFutureIsRefused(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	s := startWithProvider(t, idp)

	b := newStaffBrowser(t, s)
	idp.SignInNext(authtest.User{Subject: "emp-9", Name: "Ivo Intake", Roles: []string{"GG-Meldpunt-Intake"},
		Claims: map[string]any{"iat": time.Now().Add(time.Hour).Unix()}})
	if res, body := b.follow("GET", "/medewerkers/inloggen/start", nil); res.StatusCode < 400 {
		t.Fatalf("sign-in with iat an hour ahead: %d\n%.1500s", res.StatusCode, body)
	}
	if res, body := b.do("GET", "/medewerkers/", nil); res.StatusCode == http.StatusOK && strings.Contains(body, "Ivo Intake") {
		t.Fatal("a token issued an hour ahead gave a session")
	}

	name, _ := signInThrough(t, s, idp, authtest.User{Subject: "emp-9", Name: "Ivo Intake", Roles: []string{"GG-Meldpunt-Intake"},
		Claims: map[string]any{"iat": time.Now().Add(30 * time.Second).Unix()}})
	if name != "Ivo Intake" {
		t.Errorf("sign-in with iat 30 s ahead: signed in as %q", name)
	}
}
