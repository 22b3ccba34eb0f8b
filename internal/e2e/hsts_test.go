package e2e

import (
	"net/http"
	"testing"

	"github.com/utrecht/meldpunt/internal/auth/authtest"
)

// TestProductionSendsHSTSAndDevDoesNot: in production configuration every answer — reporter
// pages, staff pages, the API, health — tells the browser to use HTTPS only, for a year and on
// subdomains; a dev server on http://localhost does not (a browser would then refuse plain
// http://localhost for a year).
func TestProductionSendsHSTSAndDevDoesNot(t *testing.T) {
	t.Parallel()
	idp := authtest.New("meldpunt-web")
	t.Cleanup(idp.Close)
	prod := startWithProvider(t, idp)
	dev := startServer(t, "sqlite")
	paths := []string{"/nl/", "/nl/melden", "/medewerkers/inloggen", "/v1/rulesets/current", "/v1/cases", "/healthz", "/openapi.json", "/static/nope"}
	get := func(s *server, p string) http.Header {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), "GET", s.baseURL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.http.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		res.Body.Close()
		return res.Header
	}
	for _, p := range paths {
		if got := get(prod, p).Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("production GET %s: Strict-Transport-Security %q", p, got)
		}
		if got := get(dev, p).Values("Strict-Transport-Security"); len(got) != 0 {
			t.Errorf("dev GET %s: Strict-Transport-Security %q, want none", p, got)
		}
	}
}
