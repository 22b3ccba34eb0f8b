package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestALongNameIsCutBetweenCharacters: a name over 200 bytes is cut to fit, never inside a
// character — a name cut in half was not UTF-8, which PostgreSQL refuses, and the sign-in failed.
// Bytes that are not UTF-8 at all become U+FFFD.
func TestALongNameIsCutBetweenCharacters(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		odd := newStaffBrowser(t, s)
		if res, _ := odd.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"odd"}, "name": {"Jan\xff"}, "role": {"intake"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in with a name that is not UTF-8: %d, want 303", res.StatusCode)
		}
		if res, body := odd.do("GET", "/medewerkers/", nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Jan\uFFFD") {
			t.Fatalf("the workspace after the sign-in: %d", res.StatusCode)
		}
		b := newStaffBrowser(t, s)
		name := strings.Repeat("a", 199) + "é"
		res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"ines"}, "name": {name}, "role": {"intake"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in with a name of %d bytes: %d, want 303", len(name), res.StatusCode)
		}
		res, body := b.do("GET", "/medewerkers/", nil)
		if res.StatusCode != http.StatusOK || !utf8.ValidString(body) || !strings.Contains(body, strings.Repeat("a", 199)) {
			t.Fatalf("the workspace after the sign-in: %d, UTF-8: %v", res.StatusCode, utf8.ValidString(body))
		}
	})
}
