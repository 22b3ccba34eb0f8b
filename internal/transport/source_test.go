package transport

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// sourceOf returns the rate-limit key scrub derives for a request, and what the gateway gets.
func sourceOf(t *testing.T, src *sourceKeyer, proxies []netip.Prefix, remote string, xff ...string) (key string, seen *http.Request) {
	t.Helper()
	h := scrub(src, proxies, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
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
	a1, seen := sourceOf(t, src, nil, "192.0.2.1:5000")
	a2, _ := sourceOf(t, src, nil, "192.0.2.1:6000")
	b, _ := sourceOf(t, src, nil, "192.0.2.2:5000")
	if a1 != a2 || a1 == b || a1 == "" {
		t.Fatalf("keys: same host %q/%q, other host %q", a1, a2, b)
	}
	if seen.RemoteAddr != "" || seen.Header.Get("X-Forwarded-For") != "" || seen.Host != "" {
		t.Fatalf("the gateway still sees the address: remote=%q xff=%q host=%q", seen.RemoteAddr, seen.Header.Get("X-Forwarded-For"), seen.Host)
	}
	// Without trust, a client cannot pick its own rate-limit bucket with a forged header.
	forged, _ := sourceOf(t, src, nil, "192.0.2.1:5000", "198.51.100.7")
	if forged != a1 {
		t.Fatal("an untrusted X-Forwarded-For changed the source")
	}
}

func TestBehindAProxyTheProxiedAddressIsTheSource(t *testing.T) {
	src := newSourceKeyer()
	const proxy = "10.0.0.5:443"
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")}
	alice, _ := sourceOf(t, src, trusted, proxy, "203.0.113.9")
	bob, _ := sourceOf(t, src, trusted, proxy, "203.0.113.10")
	// A client-supplied first entry does not matter: the proxy's appended (last) entry does.
	aliceForging, _ := sourceOf(t, src, trusted, proxy, "1.2.3.4, 203.0.113.9")
	// A client reaching the port directly cannot pick a bucket with the header.
	direct1, _ := sourceOf(t, src, trusted, "198.51.100.1:1000", "203.0.113.50")
	direct2, _ := sourceOf(t, src, trusted, "198.51.100.1:1000", "203.0.113.51")
	if direct1 != direct2 {
		t.Fatal("X-Forwarded-For from a client that is not a trusted proxy changed the source")
	}
	if alice == bob {
		t.Fatal("two reporters behind one proxy share a rate-limit source")
	}
	if aliceForging != alice {
		t.Fatal("a forged leading X-Forwarded-For entry changed the source")
	}
}

func TestIPv6ClientsAreKeyedByTheirSlash64(t *testing.T) {
	src := newSourceKeyer()
	if src.ofAddr("[2001:db8:1:2::1]:443") != src.ofAddr("[2001:db8:1:2:ffff::9]:443") {
		t.Fatal("two addresses of one /64 are different sources")
	}
	if src.ofAddr("[2001:db8:1:2::1]:443") == src.ofAddr("[2001:db8:1:3::1]:443") {
		t.Fatal("two /64s are one source")
	}
}
