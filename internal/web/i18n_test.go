package web

import (
	"io/fs"
	"regexp"
	"testing"
	"time"
)

// TestEveryTextIsTranslated: every {{.T.key}} a template uses is in every language's catalogue,
// and every language has the same keys (a missing text would render as nothing).
func TestEveryTextIsTranslated(t *testing.T) {
	used := map[string]bool{}
	re := regexp.MustCompile(`\.T\.([a-z0-9_]+)`)
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 50 {
		t.Fatalf("only %d texts found in the templates", len(used))
	}
	for _, l := range languages {
		cat := catalogue[l.Code]
		for k := range used {
			if cat[k] == "" {
				t.Errorf("%s: no text for %q", l.Code, k)
			}
		}
		for k := range catalogue["nl"] {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s: lacks %q, which Dutch has", l.Code, k)
			}
		}
	}
}

func TestTheBrowsersLanguageIsOnlyAPreference(t *testing.T) {
	for accept, want := range map[string]string{"": "nl", "en-GB,en;q=0.9": "en", "de-DE,de;q=0.9,en;q=0.5": "en", "fr": "nl", "nl-BE": "nl"} {
		if got := preferred(accept); got != want {
			t.Errorf("%q: %s, want %s", accept, got, want)
		}
	}
}

func TestFormTokensExpireAndBindToTheirForm(t *testing.T) {
	at := time.Date(2026, 11, 28, 23, 0, 0, 0, time.UTC)
	c := newCSRF([]byte("0123456789abcdef0123456789abcdef"), func() time.Time { return at })
	tok := c.token("mycase", "session-a")
	if !c.valid(tok, "mycase", "session-a") {
		t.Fatal("a fresh token is refused")
	}
	if c.valid(tok, "mycase", "session-b") || c.valid(tok, "report", "session-a") || c.valid(tok+"x", "mycase", "session-a") {
		t.Fatal("a token is accepted for another session or form, or altered")
	}
	at = at.Add(3 * time.Hour)
	if !c.valid(tok, "mycase", "session-a") {
		t.Fatal("a form left open for three hours is refused")
	}
	at = at.Add(2 * time.Hour)
	if c.valid(tok, "mycase", "session-a") {
		t.Fatal("a token older than four hours is accepted")
	}
}
