package auth_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

func newLogin(t *testing.T, idp *authtest.IDP) *auth.Login {
	t.Helper()
	l, err := auth.NewLogin(context.Background(), auth.LoginConfig{Issuer: idp.Issuer(), ClientID: idp.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestLogoutTokenChecks: a back-channel logout token is accepted only when signed by the
// provider, for this client, recent, with a jti, the logout event, no nonce, and a sub or a sid;
// the reason of a refusal never quotes the token.
func TestLogoutTokenChecks(t *testing.T) {
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	l := newLogin(t, idp)
	ctx := context.Background()
	now := time.Now()

	lo, err := l.VerifyLogoutToken(ctx, idp.LogoutToken("emp-1", "sid-1", false, nil), now)
	if err != nil || lo.Subject != "emp-1" || lo.SID != "sid-1" {
		t.Fatalf("a good token: %+v %v", lo, err)
	}
	if lo, err := l.VerifyLogoutToken(ctx, idp.LogoutToken("", "sid-2", false, nil), now); err != nil || lo.SID != "sid-2" || lo.Subject != "" {
		t.Fatalf("a sid-only token: %+v %v", lo, err)
	}
	// The replay of a token is accepted again (ending twice ends nothing more).
	tok := idp.LogoutToken("emp-1", "", false, map[string]any{"exp": nil})
	for range 2 {
		if _, err := l.VerifyLogoutToken(ctx, tok, now); err != nil {
			t.Fatalf("a token without exp, replayed: %v", err)
		}
	}

	bad := map[string]string{
		"forged signature": idp.LogoutToken("emp-1", "", true, nil),
		"wrong audience":   idp.LogoutToken("emp-1", "", false, map[string]any{"aud": "another-client"}),
		"wrong issuer":     idp.LogoutToken("emp-1", "", false, map[string]any{"iss": "https://evil.example"}),
		"no iat":           idp.LogoutToken("emp-1", "", false, map[string]any{"iat": nil}),
		"old iat":          idp.LogoutToken("emp-1", "", false, map[string]any{"iat": now.Add(-time.Hour).Unix(), "exp": nil}),
		"future iat":       idp.LogoutToken("emp-1", "", false, map[string]any{"iat": now.Add(time.Hour).Unix()}),
		"expired":          idp.LogoutToken("emp-1", "", false, map[string]any{"exp": now.Add(-5 * time.Minute).Unix()}),
		"no jti":           idp.LogoutToken("emp-1", "", false, map[string]any{"jti": nil}),
		"no events":        idp.LogoutToken("emp-1", "", false, map[string]any{"events": nil}),
		"other event":      idp.LogoutToken("emp-1", "", false, map[string]any{"events": map[string]any{"http://example/other": map[string]any{}}}),
		"event not object": idp.LogoutToken("emp-1", "", false, map[string]any{"events": map[string]any{auth.BackChannelLogoutEvent: "yes"}}),
		"nonce":            idp.LogoutToken("emp-1", "", false, map[string]any{"nonce": "n"}),
		"no sub nor sid":   idp.LogoutToken("", "", false, nil),
		"unsigned":         unsigned(idp.LogoutToken("emp-1", "", false, nil)),
		"garbage":          "not-a-token",
	}
	for name, tok := range bad {
		_, err := l.VerifyLogoutToken(ctx, tok, now)
		if !errors.Is(err, auth.ErrBadLogoutToken) {
			t.Errorf("%s: %v, want ErrBadLogoutToken", name, err)
			continue
		}
		for part := range strings.SplitSeq(tok, ".") {
			if len(part) >= 8 && strings.Contains(err.Error(), part) {
				t.Errorf("%s: the reason quotes the token: %v", name, err)
			}
		}
	}
}

// unsigned turns a token into one with alg "none" and no signature.
func unsigned(tok string) string {
	parts := strings.Split(tok, ".")
	return "eyJhbGciOiJub25lIiwidHlwIjoibG9nb3V0K2p3dCJ9." + parts[1] + "."
}

// TestEndSessionURL: with the provider's end_session_endpoint, the address carries
// id_token_hint, post_logout_redirect_uri, client_id and state; without one it is "".
func TestEndSessionURL(t *testing.T) {
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	to, err := newLogin(t, idp).EndSessionURL(context.Background(), "the.id.token", "https://meldpunt.example/medewerkers/uitgelogd", "st-1")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(to)
	if err != nil || u.Scheme+"://"+u.Host+u.Path != idp.Issuer()+"/logout" {
		t.Fatalf("end-session address %q", to)
	}
	q := u.Query()
	if q.Get("id_token_hint") != "the.id.token" || q.Get("post_logout_redirect_uri") != "https://meldpunt.example/medewerkers/uitgelogd" ||
		q.Get("client_id") != "meldpunt-web" || q.Get("state") != "st-1" {
		t.Errorf("end-session query %v", q)
	}

	none := authtest.New("meldpunt-web")
	t.Cleanup(none.Close)
	none.WithoutEndSession()
	if to, err := newLogin(t, none).EndSessionURL(context.Background(), "x", "https://meldpunt.example/medewerkers/uitgelogd", "st"); err != nil || to != "" {
		t.Errorf("without end_session_endpoint: %q %v", to, err)
	}
}
