package e2e

import (
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

// TestStartsWithoutTheIdentityProvider: the real binary starts with --oidc-issuer pointing at an
// address where nothing listens yet. It serves the reporter pages and filing; a staff token on
// the API gets Unavailable (not Unauthenticated); the staff sign-in page says the identity
// provider is unreachable. Then the provider starts on that address, and staff sign in without a
// restart. The outage and the recovery are each logged once.
func TestStartsWithoutTheIdentityProvider(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	issuer := "http://" + addr

	keys := filepath.Join(t.TempDir(), "keys.json")
	if out, err := exec.Command(meldpuntBin, "keys", "init", "--keys-file", keys).CombinedOutput(); err != nil {
		t.Fatalf("keys init: %v\n%s", err, out)
	}
	s := startServerWith(t, t.TempDir(), "", "--keys-file", keys, "--oidc-issuer", issuer, "--public-url", "https://meldpunt.example",
		"--oidc-client-id", "meldpunt-web", "--oidc-role-map", "GG-Meldpunt-Intake=intake")

	b := newStaffBrowser(t, s)
	if res, body := b.do("GET", "/nl/", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("reporter start page without the provider: %d\n%s", res.StatusCode, body)
	}
	filed := s.fileReport(t, anonymousReport("filed while the identity provider is down"))
	if filed.GetReceiptCode() == "" {
		t.Fatal("no receipt code")
	}
	if _, err := s.reporter.GetMyCase(ctx(t, s.openSession(t, filed.GetReceiptCode())), &pb.GetMyCaseRequest{}); err != nil {
		t.Fatalf("reporter session without the provider: %v", err)
	}

	// A staff token cannot be checked now: Unavailable, so clients retry rather than sign out.
	devDir := t.TempDir()
	if err := auth.InitDevKey(filepath.Join(devDir, "dev-signing-key.json")); err != nil {
		t.Fatal(err)
	}
	dev, err := exec.Command(meldpuntBin, "dev", "token", "--dev", "--data-dir", devDir, "--role", "intake", "--user", "alice").Output()
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.cases.ListCases(ctx(t, strings.TrimSpace(string(dev))), &pb.ListCasesRequest{})
	wantCode(t, err, codes.Unavailable)
	if res := s.rest(t, "GET", "/v1/cases", strings.TrimSpace(string(dev)), nil); res.Status != http.StatusServiceUnavailable {
		t.Fatalf("REST with a staff token while the provider is down: %d, want 503", res.Status)
	}

	const downNL = "De identiteitsprovider is nu niet bereikbaar"
	res, body := b.do("GET", "/medewerkers/inloggen", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, downNL) {
		t.Fatalf("sign-in page while the provider is down: %d\n%s", res.StatusCode, body)
	}
	res, body = b.do("GET", "/medewerkers/inloggen", nil, "Accept-Language", "en")
	if !strings.Contains(body, "The identity provider cannot be reached") {
		t.Fatalf("English sign-in page while the provider is down: %d\n%s", res.StatusCode, body)
	}
	if res, body := b.do("GET", "/medewerkers/inloggen/start", nil); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, downNL) {
		t.Fatalf("starting a sign-in while the provider is down: %d\n%s", res.StatusCode, body)
	}

	// The provider comes up on that address.
	var idp *authtest.IDP
	for deadline := time.Now().Add(10 * time.Second); ; {
		if idp, err = authtest.NewAt("meldpunt-web", addr); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cannot start the provider on %s: %v", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Cleanup(idp.Close)
	if idp.Issuer() != issuer {
		t.Fatalf("provider at %s, want %s", idp.Issuer(), issuer)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		res, body = b.do("GET", "/medewerkers/inloggen", nil)
		if res.StatusCode == http.StatusOK && !strings.Contains(body, downNL) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sign-in page still says the provider is down: %d\n%s", res.StatusCode, body)
		}
		time.Sleep(250 * time.Millisecond)
	}
	idp.SignInNext(authtest.User{Subject: "emp-7", Name: "Ines Intake", Roles: []string{"GG-Meldpunt-Intake"}})
	res, body = b.follow("GET", "/medewerkers/inloggen/start", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("sign-in after the provider came back: %d\n%s", res.StatusCode, body)
	}
	if res, body := b.do("GET", "/medewerkers/", nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Ines Intake") {
		t.Fatalf("workspace after sign-in: %d\n%s", res.StatusCode, body)
	}
	// And the API now answers Unauthenticated for a token the provider did not sign.
	_, err = s.cases.ListCases(ctx(t, strings.TrimSpace(string(dev))), &pb.ListCasesRequest{})
	wantCode(t, err, codes.Unauthenticated)

	logs := s.logs.String()
	if n := strings.Count(logs, "identity provider unreachable"); n != 1 {
		t.Errorf("the outage is logged %d times, want once:\n%s", n, logs)
	}
	if n := strings.Count(logs, "identity provider reachable again"); n != 1 {
		t.Errorf("the recovery is logged %d times, want once:\n%s", n, logs)
	}
}
