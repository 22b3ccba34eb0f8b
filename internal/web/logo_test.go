package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const testLogoSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#c00"/></svg>`

// TestLogoInThePageHeader: without a logo the header shows the organisation's name only; with
// one (--logo) every page's header shows it beside the name, and the site serves it.
func TestLogoInThePageHeader(t *testing.T) {
	page := func(logo *Logo) (string, http.Handler) {
		s, err := New(Config{
			Reporter: &fakeReporter{},
			Outgoing: func(r *http.Request, _ string) context.Context { return r.Context() },
			Now:      time.Now,
			FormKey:  bytes.Repeat([]byte{7}, 32),
			Logo:     logo,
		})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/nl/", nil))
		if rec.Code != 200 {
			t.Fatalf("GET /nl/: %d", rec.Code)
		}
		return rec.Body.String(), s.Handler()
	}

	body, h := page(nil)
	if !strings.Contains(body, `<span class="meldpunt-organisation">Gemeente Utrecht</span>`) {
		t.Errorf("the header does not name the organisation:\n%s", body)
	}
	if strings.Contains(body, "meldpunt-logo") {
		t.Errorf("a logo without --logo")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", LogoPath, nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET %s without a logo: %d, want 404", LogoPath, rec.Code)
	}

	logo, err := NewLogo([]byte(testLogoSVG))
	if err != nil {
		t.Fatal(err)
	}
	body, h = page(logo)
	if !strings.Contains(body, `<img class="meldpunt-logo" src="`+logo.URL()+`" alt="">`) || !strings.HasPrefix(logo.URL(), LogoPath+"?v=") {
		t.Errorf("the header does not show the logo %s:\n%s", logo.URL(), body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", logo.URL(), nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" || rec.Body.String() != testLogoSVG {
		t.Errorf("GET %s: %d %q %q", logo.URL(), rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("the SVG logo's CSP is %q", csp)
	}

	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 20)...)
	if l, err := NewLogo(png); err != nil || l.contentType != "image/png" {
		t.Errorf("a PNG logo: %v", err)
	}
	for name, data := range map[string][]byte{
		"empty": nil, "text": []byte("hello"), "html": []byte("<html><svg></svg></html>"),
		"too large": append([]byte("<svg>"), make([]byte, maxLogoSize)...),
	} {
		if _, err := NewLogo(data); err == nil {
			t.Errorf("%s accepted as a logo", name)
		}
	}
}
