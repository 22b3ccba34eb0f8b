package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

// identityProvider is a minimal OIDC issuer: discovery document and JWKS over HTTP on loopback.
type identityProvider struct {
	srv *httptest.Server
	key *rsa.PrivateKey
}

func newIdentityProvider(t *testing.T) *identityProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	idp := &identityProvider{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": idp.srv.URL, "jwks_uri": idp.srv.URL + "/jwks",
			"authorization_endpoint": idp.srv.URL + "/authorize", "token_endpoint": idp.srv.URL + "/token",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
			{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"},
		}})
	})
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

func (idp *identityProvider) token(t *testing.T, subject string, roles ...string) string {
	t.Helper()
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: idp.key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tok, err := jwt.Signed(sig).Claims(jwt.Claims{
		Issuer: idp.srv.URL, Subject: subject, Audience: jwt.Audience{"meldpunt"},
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Hour)),
	}).Claims(map[string]any{"roles": roles}).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestProductionModeWithARealIssuer runs the server as production runs it — no dev mode, a keys
// file made by `meldpunt keys init`, staff tokens from an OIDC issuer — and checks that staff of
// that issuer get in and dev tokens do not.
func TestProductionModeWithARealIssuer(t *testing.T) {
	t.Parallel()
	idp := newIdentityProvider(t)
	dataDir := t.TempDir()
	keys := filepath.Join(t.TempDir(), "keys.json")
	if out, err := exec.Command(meldpuntBin, "keys", "init", "--keys-file", keys).CombinedOutput(); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	s := startServerWith(t, dataDir, "", "--keys-file", keys, "--oidc-issuer", idp.srv.URL, "--public-url", "https://meldpunt.example")

	filed := s.fileReport(t, anonymousReport("reported on the production configuration"))
	staff := idp.token(t, "employee-4711", "intake")
	list, err := s.cases.ListCases(ctx(t, staff), &pb.ListCasesRequest{})
	if err != nil {
		t.Fatalf("an intake officer of the issuer is refused: %v", err)
	}
	if len(list.GetCases()) != 1 || list.GetCases()[0].GetCaseReference() != filed.GetCaseReference() {
		t.Fatalf("staff list %v, want the one filed case", list.GetCases())
	}

	_, err = s.cases.ListCases(ctx(t, idp.token(t, "employee-4712", "hr")), &pb.ListCasesRequest{})
	wantCode(t, err, codes.PermissionDenied)

	// A dev token (signed by a dev key, as `meldpunt dev token --dev` makes it) is not accepted.
	devDir := t.TempDir()
	if err := auth.InitDevKey(filepath.Join(devDir, "dev-signing-key.json")); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(meldpuntBin, "dev", "token", "--dev", "--data-dir", devDir, "--role", "intake", "--user", "mallory").Output()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.cases.ListCases(ctx(t, string(out[:len(out)-1])), &pb.ListCasesRequest{})
	wantCode(t, err, codes.Unauthenticated)
	// The hint about another data directory is for dev servers only.
	if strings.Contains(s.logs.String(), "which this server does not know") {
		t.Error("a server with an OIDC issuer logs the dev-mode hint about signing keys")
	}
}
