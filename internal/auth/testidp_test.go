package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

const testAudience = "meldpunt-api"

// testIDP is a minimal OIDC provider: a discovery document and a JWKS with
// one RSA (kid "rsa-1") and one ECDSA (kid "ec-1") public key.
type testIDP struct {
	srv    *httptest.Server
	rsaKey *rsa.PrivateKey
	ecKey  *ecdsa.PrivateKey
}

func newTestIDP(t *testing.T) *testIDP {
	t.Helper()
	idp := &testIDP{rsaKey: newRSAKey(t)}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	idp.ecKey = ec
	jwks := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idp.rsaKey.PublicKey, KeyID: "rsa-1", Algorithm: "RS256", Use: "sig"},
		{Key: &idp.ecKey.PublicKey, KeyID: "ec-1", Algorithm: "ES256", Use: "sig"},
	}}
	mux := http.NewServeMux()
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(jwks)
	})
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer":                                idp.issuer(),
			"jwks_uri":                              idp.issuer() + "/jwks",
			"authorization_endpoint":                idp.issuer() + "/authorize",
			"token_endpoint":                        idp.issuer() + "/token",
			"id_token_signing_alg_values_supported": []string{"RS256", "ES256"},
		})
	})
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

func (idp *testIDP) issuer() string { return idp.srv.URL }

func newRSAKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// claims returns a valid claim set for idp; tests mutate it.
func (idp *testIDP) claims() map[string]any {
	now := time.Now()
	return map[string]any{
		"iss":   idp.issuer(),
		"aud":   testAudience,
		"sub":   "staff-42",
		"name":  "Anna de Vries",
		"iat":   now.Unix(),
		"exp":   now.Add(time.Hour).Unix(),
		"roles": []string{"intake", "adviser", "intake", "coffee-maker"},
	}
}

// sign serialises claims as a compact JWS with the given key and kid.
func sign(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims map[string]any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// unsignedToken builds an alg "none" token by hand (go-jose cannot sign it).
func unsignedToken(t *testing.T, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT","kid":"rsa-1"}`)) + "." + enc(payload) + "."
}

// publicKeyBytes is what an attacker would use as an HMAC secret in an
// algorithm-confusion attack.
func publicKeyBytes(t *testing.T, pub any) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// assertRejected checks the error contract of Verify for a bad token.
func assertRejected(t *testing.T, token string, staff *Staff, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("Verify accepted bad token; staff = %+v", staff)
	}
	if staff != nil {
		t.Errorf("Verify returned staff %+v alongside error", staff)
	}
	if !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("error %q does not wrap ErrUnauthenticated", err)
	}
	msg := err.Error()
	if token != "" && strings.Contains(msg, token) {
		t.Errorf("error text contains the token: %q", msg)
	}
	for part := range strings.SplitSeq(token, ".") {
		if len(part) >= 8 && strings.Contains(msg, part) {
			t.Errorf("error text contains a token segment: %q", msg)
		}
	}
}
