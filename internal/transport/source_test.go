package transport

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// sourceOf returns the rate-limit key scrub derives for a request, and what the gateway gets.
func sourceOf(t *testing.T, src *sourceKeyer, trust bool, remote string, xff ...string) (key string, seen *http.Request) {
	t.Helper()
	h := scrub(src, trust, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		key, _ = r.Context().Value(sourceCtxKey{}).(string)
		seen = r
	}))
	r := httptest.NewRequest("POST", "/v1/reporter/sessions", nil)
	r.RemoteAddr = remote
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	r.Header.Set("User-Agent", "reporter-phone")
	h.ServeHTTP(httptest.NewRecorder(), r)
	return key, seen
}

func TestScrubHidesTheAddressAndKeysBySource(t *testing.T) {
	src := newSourceKeyer()
	a1, seen := sourceOf(t, src, false, "192.0.2.1:5000")
	a2, _ := sourceOf(t, src, false, "192.0.2.1:6000")
	b, _ := sourceOf(t, src, false, "192.0.2.2:5000")
	if a1 != a2 || a1 == b || a1 == "" {
		t.Fatalf("keys: same host %q/%q, other host %q", a1, a2, b)
	}
	if seen.RemoteAddr != "" || seen.Header.Get("X-Forwarded-For") != "" || seen.Host != "" {
		t.Fatalf("the gateway still sees the address: remote=%q xff=%q host=%q", seen.RemoteAddr, seen.Header.Get("X-Forwarded-For"), seen.Host)
	}
	// Without trust, a client cannot pick its own rate-limit bucket with a forged header.
	forged, _ := sourceOf(t, src, false, "192.0.2.1:5000", "198.51.100.7")
	if forged != a1 {
		t.Fatal("an untrusted X-Forwarded-For changed the source")
	}
}

func TestBehindAProxyTheProxiedAddressIsTheSource(t *testing.T) {
	src := newSourceKeyer()
	const proxy = "10.0.0.5:443"
	alice, _ := sourceOf(t, src, true, proxy, "203.0.113.9")
	bob, _ := sourceOf(t, src, true, proxy, "203.0.113.10")
	// A client-supplied first entry does not matter: the proxy's appended (last) entry does.
	aliceForging, _ := sourceOf(t, src, true, proxy, "1.2.3.4, 203.0.113.9")
	if alice == bob {
		t.Fatal("two reporters behind one proxy share a rate-limit source")
	}
	if aliceForging != alice {
		t.Fatal("a forged leading X-Forwarded-For entry changed the source")
	}
}
