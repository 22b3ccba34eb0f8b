package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"
)

func TestOIDCVerifier(t *testing.T) {
	t.Parallel()
	idp := newTestIDP(t)
	otherKey := newRSAKey(t)
	hour := time.Hour

	tests := []struct {
		name   string
		token  func(t *testing.T) string
		want   *Staff // nil means the token must be rejected ...
		reason string // ... with an error mentioning this
	}{
		{
			name:  "valid RS256",
			token: func(t *testing.T) string { return sign(t, jose.RS256, idp.rsaKey, "rsa-1", idp.claims()) },
			want:  &Staff{Subject: "staff-42", Name: "Anna de Vries", Roles: []Role{RoleAdviser, RoleIntake}},
		},
		{
			name: "valid ES256, audience array, preferred_username",
			token: func(t *testing.T) string {
				c := idp.claims()
				c["aud"] = []string{"other-client", testAudience}
				delete(c, "name")
				c["preferred_username"] = "avries"
				c["roles"] = []string{"auditor"}
				return sign(t, jose.ES256, idp.ecKey, "ec-1", c)
			},
			want: &Staff{Subject: "staff-42", Name: "avries", Roles: []Role{RoleAuditor}},
		},
		{name: "expired", token: withClaims(t, idp, func(c map[string]any) { c["exp"] = time.Now().Add(-time.Minute).Unix() }), reason: "expired"},
		{name: "missing exp", token: withClaims(t, idp, func(c map[string]any) { delete(c, "exp") }), reason: "no expiry"},
		{name: "not yet valid", token: withClaims(t, idp, func(c map[string]any) { c["nbf"] = time.Now().Add(hour).Unix() }), reason: "nbf"},
		{name: "issued an hour ahead", token: withClaims(t, idp, func(c map[string]any) { c["iat"] = time.Now().Add(hour).Unix() }), reason: "issued in the future"},
		{name: "issued two minutes ahead", token: withClaims(t, idp, func(c map[string]any) { c["iat"] = time.Now().Add(2 * time.Minute).Unix() }), reason: "issued in the future"},
		{
			name:  "issued 30 s ahead (clock skew)",
			token: withClaims(t, idp, func(c map[string]any) { c["iat"] = time.Now().Add(30 * time.Second).Unix() }),
			want:  &Staff{Subject: "staff-42", Name: "Anna de Vries", Roles: []Role{RoleAdviser, RoleIntake}},
		},
		{name: "wrong issuer", token: withClaims(t, idp, func(c map[string]any) { c["iss"] = "https://evil.example" }), reason: "different provider"},
		{name: "wrong audience", token: withClaims(t, idp, func(c map[string]any) { c["aud"] = "someone-else" }), reason: "audience"},
		{name: "missing audience", token: withClaims(t, idp, func(c map[string]any) { delete(c, "aud") }), reason: "audience"},
		{name: "missing sub", token: withClaims(t, idp, func(c map[string]any) { delete(c, "sub") }), reason: "no subject"},
		{name: "only unknown roles", token: withClaims(t, idp, func(c map[string]any) { c["roles"] = []string{"ceo", "Admin"} }), reason: "no known role"},
		{name: "empty roles", token: withClaims(t, idp, func(c map[string]any) { c["roles"] = []string{} }), reason: "no known role"},
		{name: "no roles claim", token: withClaims(t, idp, func(c map[string]any) { delete(c, "roles") }), reason: "no known role"},
		{name: "roles claim is a number", token: withClaims(t, idp, func(c map[string]any) { c["roles"] = 7 }), reason: "not a string, an array of strings or an object"},
		{
			name:   "signed by another key with a known kid",
			token:  func(t *testing.T) string { return sign(t, jose.RS256, otherKey, "rsa-1", idp.claims()) },
			reason: "signature",
		},
		{
			name:   "signed by another key without kid",
			token:  func(t *testing.T) string { return sign(t, jose.RS256, otherKey, "", idp.claims()) },
			reason: "signature",
		},
		{
			name:   "disallowed algorithm RS512 with the real key",
			token:  func(t *testing.T) string { return sign(t, jose.RS512, idp.rsaKey, "rsa-1", idp.claims()) },
			reason: "RS512",
		},
		{
			name:   "alg none",
			token:  func(t *testing.T) string { return unsignedToken(t, idp.claims()) },
			reason: "\"none\"",
		},
		{
			name: "HS256 forged with the RSA public key",
			token: func(t *testing.T) string {
				return sign(t, jose.HS256, publicKeyBytes(t, &idp.rsaKey.PublicKey), "rsa-1", idp.claims())
			},
			reason: "HS256",
		},
		{
			name: "HS256 forged with the EC public key",
			token: func(t *testing.T) string {
				return sign(t, jose.HS256, publicKeyBytes(t, &idp.ecKey.PublicKey), "ec-1", idp.claims())
			},
			reason: "HS256",
		},
		{
			name: "tampered payload",
			token: func(t *testing.T) string {
				good := strings.Split(sign(t, jose.RS256, idp.rsaKey, "rsa-1", idp.claims()), ".")
				c := idp.claims()
				c["roles"] = []string{"admin"}
				forged := strings.Split(sign(t, jose.RS256, otherKey, "rsa-1", c), ".")
				return good[0] + "." + forged[1] + "." + good[2]
			},
			reason: "signature",
		},
		{name: "empty token", token: func(*testing.T) string { return "" }, reason: "missing token"},
		{name: "garbage", token: func(*testing.T) string { return "not-a-jwt-at-all" }, reason: "malformed"},
		{name: "oversized", token: func(*testing.T) string { return strings.Repeat("a", maxTokenLen+1) }, reason: "too large"},
	}

	modes := []struct {
		name string
		cfg  OIDCConfig
	}{
		{"jwks_url", OIDCConfig{Issuer: idp.issuer(), Audience: testAudience, JWKSURL: idp.issuer() + "/jwks"}},
		{"discovery", OIDCConfig{Issuer: idp.issuer(), Audience: testAudience}},
	}
	for _, mode := range modes {
		v, err := NewOIDCVerifier(t.Context(), mode.cfg)
		if err != nil {
			t.Fatalf("%s: NewOIDCVerifier: %v", mode.name, err)
		}
		for _, tc := range tests {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				token := tc.token(t)
				got, err := v.Verify(t.Context(), token)
				if tc.want == nil {
					assertRejected(t, token, got, err)
					if !strings.Contains(err.Error(), tc.reason) {
						t.Errorf("error %q does not mention %q", err, tc.reason)
					}
					return
				}
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Staff mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// withClaims returns a token func signing idp.claims() after applying f.
func withClaims(t *testing.T, idp *testIDP, f func(map[string]any)) func(*testing.T) string {
	t.Helper()
	return func(t *testing.T) string {
		c := idp.claims()
		f(c)
		return sign(t, jose.RS256, idp.rsaKey, "rsa-1", c)
	}
}

func TestOIDCVerifierCustomRolesClaim(t *testing.T) {
	t.Parallel()
	idp := newTestIDP(t)
	v, err := NewOIDCVerifier(t.Context(), OIDCConfig{
		Issuer: idp.issuer(), Audience: testAudience, JWKSURL: idp.issuer() + "/jwks", RolesClaim: "meldpunt_roles",
	})
	if err != nil {
		t.Fatal(err)
	}
	c := idp.claims() // "roles" is present but must be ignored
	c["meldpunt_roles"] = []string{"hr", "manager", "hr"}
	got, err := v.Verify(t.Context(), sign(t, jose.RS256, idp.rsaKey, "rsa-1", c))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Role{RoleHR, RoleManager}, got.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	delete(c, "meldpunt_roles")
	tok := sign(t, jose.RS256, idp.rsaKey, "rsa-1", c)
	got, err = v.Verify(t.Context(), tok)
	assertRejected(t, tok, got, err)
}

func TestNewOIDCVerifierErrors(t *testing.T) {
	t.Parallel()
	idp := newTestIDP(t)
	mismatch := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": "https://elsewhere.example", "jwks_uri": "https://elsewhere.example/jwks"})
	}))
	t.Cleanup(mismatch.Close)
	insecureJWKS := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		iss := "http://" + r.Host
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": iss, "jwks_uri": "http://keys.example/jwks"})
	}))
	t.Cleanup(insecureJWKS.Close)

	tests := []struct {
		name string
		cfg  OIDCConfig
		want string
	}{
		{"no issuer", OIDCConfig{Audience: testAudience}, "issuer is required"},
		{"no audience", OIDCConfig{Issuer: idp.issuer()}, "audience is required"},
		{"plain http JWKS", OIDCConfig{Issuer: "x", Audience: testAudience, JWKSURL: "http://idp.example/jwks"}, "must use https"},
		{"relative JWKS", OIDCConfig{Issuer: "x", Audience: testAudience, JWKSURL: "/jwks"}, "not an absolute URL"},
		{"plain http issuer", OIDCConfig{Issuer: "http://idp.example", Audience: testAudience}, "must use https"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			v, err := NewOIDCVerifier(ctx, tc.cfg)
			if err == nil {
				t.Fatalf("NewOIDCVerifier succeeded: %+v", v)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}

	// Discovery is lazy: a provider that does not (properly) answer makes Verify say the
	// provider is unavailable, not that the token is bad.
	lazy := []struct {
		name string
		cfg  OIDCConfig
		want string
	}{
		{"issuer mismatch", OIDCConfig{Issuer: mismatch.URL, Audience: testAudience}, "discovery"},
		{"discovered plain http jwks_uri", OIDCConfig{Issuer: insecureJWKS.URL, Audience: testAudience}, "jwks_uri"},
		{"unreachable", OIDCConfig{Issuer: idp.issuer() + "/nothing-here", Audience: testAudience}, "discovery"},
	}
	for _, tc := range lazy {
		t.Run("lazy/"+tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := NewOIDCVerifier(t.Context(), tc.cfg)
			if err != nil {
				t.Fatalf("NewOIDCVerifier fetched eagerly: %v", err)
			}
			tok := sign(t, jose.RS256, idp.rsaKey, "rsa-1", idp.claims())
			_, err = v.Verify(t.Context(), tok)
			if !errors.Is(err, ErrProviderUnavailable) || errors.Is(err, ErrUnauthenticated) {
				t.Fatalf("Verify = %v, want ErrProviderUnavailable", err)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tok) {
				t.Errorf("error %q does not mention %q (or quotes the token)", err, tc.want)
			}
		})
	}
}
