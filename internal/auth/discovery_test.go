package auth

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDiscoveryWaitsForTheProvider: nothing is fetched at construction; while the provider
// answers 503 the verifier and the sign-in say it is unavailable (not that the token is bad);
// once it answers they work, without being made anew. The outage and the recovery are logged
// once each, never with the token. Keys that cannot be fetched count as unavailable too.
func TestDiscoveryWaitsForTheProvider(t *testing.T) {
	t.Parallel()
	idp := newTestIDP(t)
	var up, keysUp atomic.Bool
	keysUp.Store(true)
	var requests atomic.Int32
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if !up.Load() || (r.URL.Path == "/jwks" && !keysUp.Load()) {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		idp.srv.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	idp.srv.URL = front.URL // the documents name the front as issuer

	var logs syncBuffer
	d, err := NewDiscovery(front.URL, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewOIDCVerifier(t.Context(), OIDCConfig{Issuer: front.URL, Audience: testAudience, Discovery: d})
	if err != nil {
		t.Fatal(err)
	}
	login, err := NewLogin(t.Context(), LoginConfig{Issuer: front.URL, ClientID: "meldpunt-web", Discovery: d})
	if err != nil {
		t.Fatal(err)
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests at construction, want none", n)
	}

	tok := sign(t, jose.RS256, idp.rsaKey, "rsa-1", idp.claims())
	for range 3 {
		_, err := v.Verify(t.Context(), tok)
		if !errors.Is(err, ErrProviderUnavailable) || errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("Verify while down = %v", err)
		}
	}
	if _, _, err := login.Begin(t.Context(), "https://meldpunt.example/medewerkers/inloggen/terug"); !errors.Is(err, ErrProviderUnavailable) {
		t.Fatalf("Begin while down = %v", err)
	}
	if n := requests.Load(); n > 2 {
		t.Errorf("%d discovery requests within the on-demand interval, want at most 2", n)
	}

	up.Store(true)
	deadline := time.Now().Add(10 * time.Second)
	for login.Ready(t.Context()) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the sign-in did not pick up the provider")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if st, err := v.Verify(t.Context(), tok); err != nil || st.Subject != "staff-42" {
		t.Fatalf("Verify once up = %+v, %v", st, err)
	}
	to, _, err := login.Begin(t.Context(), "https://meldpunt.example/medewerkers/inloggen/terug")
	if err != nil || !strings.HasPrefix(to, idp.issuer()+"/authorize?") {
		t.Fatalf("Begin once up = %q, %v", to, err)
	}

	// Keys that cannot be fetched (a token naming an unknown key makes go-oidc fetch them).
	keysUp.Store(false)
	other := sign(t, jose.RS256, newRSAKey(t), "rsa-new", idp.claims())
	if _, err := v.Verify(t.Context(), other); !errors.Is(err, ErrProviderUnavailable) || strings.Contains(err.Error(), other) {
		t.Fatalf("Verify with the keys down = %v", err)
	}

	out := logs.String()
	if strings.Count(out, "identity provider unreachable") != 1 || strings.Count(out, "identity provider reachable again") != 1 {
		t.Errorf("want the outage and the recovery logged once each:\n%s", out)
	}
	if strings.Contains(out, tok) || strings.Contains(out, other) {
		t.Error("a token reached the log")
	}
}
