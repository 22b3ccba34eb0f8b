package staffweb

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestIDTokenSealing: the sealed ID token opens only with its session's token, and the sealed
// bytes do not contain it.
func TestIDTokenSealing(t *testing.T) {
	const tok, other, idt = "session-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "session-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "header.payload-of-the-id-token.signature"
	sealed, err := sealIDToken(tok, idt)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("payload-of-the-id-token")) {
		t.Fatal("the sealed bytes hold the ID token")
	}
	if got := openIDToken(tok, sealed); got != idt {
		t.Fatalf("opened %q", got)
	}
	if got := openIDToken(other, sealed); got != "" {
		t.Fatalf("another session's token opened it: %q", got)
	}
	if s, err := sealIDToken(tok, ""); err != nil || s != nil || openIDToken(tok, nil) != "" {
		t.Fatalf("no ID token: %v %v", s, err)
	}
}

// TestBackChannelIsExemptFromTheCrossSiteCheckOnly: the provider's server-to-server post is not
// refused as cross-site (here: no provider configured, so 404), while the browser's sign-out
// still is.
func TestBackChannelIsExemptFromTheCrossSiteCheckOnly(t *testing.T) {
	h := testServer(t, false)
	post := func(path string) int {
		r := httptest.NewRequest("POST", path, strings.NewReader("logout_token=x"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if code := post(BackChannelPath); code != http.StatusNotFound {
		t.Errorf("back-channel logout, cross-site: %d, want 404 (not refused as cross-site)", code)
	}
	for _, p := range []string{Prefix + "/uitloggen", BackChannelPath + "x", Prefix + "/inloggen/dev"} {
		if code := post(p); code != http.StatusForbidden {
			t.Errorf("%s cross-site: %d, want 403", p, code)
		}
	}
}
