package web

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"
)

const vendorDir = "static/vendor/utrecht"

// The vendored files that scripts/fetch-design-system copies and the pages rely on.
var vendorFiles = []string{
	"component-library-css/index.css",
	"component-library-css/LICENSE.md",
	"design-tokens/index.css",
	"design-tokens/background-image-icon.css",
	"design-tokens/arrow-dropdown.svg",
	"design-tokens/LICENSE.md",
	"noto-sans/index.css",
	"noto-sans/files/noto-sans-latin-wght-normal.woff2",
	"noto-sans/LICENSE",
	"VERSIONS",
}

func TestVendorFilesExist(t *testing.T) {
	for _, name := range vendorFiles {
		data, err := staticFS.ReadFile(path.Join(vendorDir, name))
		if err != nil {
			t.Errorf("%s: %v (run scripts/fetch-design-system)", name, err)
			continue
		}
		if len(data) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	// The right files: the component library's classes and the theme's custom properties.
	for name, want := range map[string]string{
		"component-library-css/index.css":  ".utrecht-form-field-error-message",
		"design-tokens/index.css":          ".utrecht-theme {",
		"design-tokens/LICENSE.md":         "Gemeente Utrecht",
		"component-library-css/LICENSE.md": "EUROPEAN UNION PUBLIC LICENCE",
		"noto-sans/LICENSE":                "SIL Open Font License",
		"noto-sans/index.css":              "font-family: 'Noto Sans Variable'",
	} {
		data, _ := staticFS.ReadFile(path.Join(vendorDir, name))
		if !strings.Contains(string(data), want) {
			t.Errorf("%s does not contain %q", name, want)
		}
	}
}

// VERSIONS names both Utrecht packages with their version and lists the sha256 of every vendored
// file, matching what is embedded (no file changed by hand, none missing from the list).
func TestVendorVersions(t *testing.T) {
	data, err := staticFS.ReadFile(path.Join(vendorDir, "VERSIONS"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, pkg := range []string{"@utrecht/component-library-css@9.0.4", "@utrecht/design-tokens@5.0.1"} {
		if !regexp.MustCompile(`(?m)^package ` + regexp.QuoteMeta(pkg) + ` `).MatchString(text) {
			t.Errorf("VERSIONS does not list %s", pkg)
		}
	}
	listed := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sumLine := regexp.MustCompile(`^([0-9a-f]{64})  (.+)$`)
	for sc.Scan() {
		if m := sumLine.FindStringSubmatch(sc.Text()); m != nil {
			listed[m[2]] = m[1]
		}
	}
	err = fs.WalkDir(staticFS, vendorDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimPrefix(p, vendorDir+"/")
		if name == "VERSIONS" {
			return nil
		}
		content, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(content)
		switch want, ok := listed[name]; {
		case !ok:
			t.Errorf("%s is not listed in VERSIONS", name)
		case want != hex.EncodeToString(sum[:]):
			t.Errorf("%s: sha256 differs from VERSIONS (changed by hand? run scripts/fetch-design-system)", name)
		}
		delete(listed, name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range listed {
		t.Errorf("VERSIONS lists %s, which is not there", name)
	}
}

var (
	cssURL     = regexp.MustCompile(`(?i)url\(\s*("[^"]*"|'[^']*'|[^)]*)\s*\)`)
	cssImport  = regexp.MustCompile(`(?i)@import`)
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
)

// No served stylesheet makes the browser ask another host for anything: no @import at all, and
// every url() is a data: URI or a relative path to a file that is embedded.
func TestStaticCSSHasNoExternalReferences(t *testing.T) {
	var sheets int
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".css" {
			return err
		}
		sheets++
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		css := cssComment.ReplaceAllString(string(data), "") // comments fetch nothing
		if loc := cssImport.FindStringIndex(css); loc != nil {
			t.Errorf("%s: @import at byte %d", p, loc[0])
		}
		for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
			ref := strings.Trim(strings.TrimSpace(m[1]), `"'`)
			lower := strings.ToLower(ref)
			switch {
			case strings.HasPrefix(lower, "data:"):
			case strings.Contains(lower, "://"), strings.HasPrefix(ref, "//"), strings.HasPrefix(ref, "/"):
				t.Errorf("%s: url(%s) refers to another host or outside the folder", p, ref)
			default:
				target := path.Join(path.Dir(p), strings.SplitN(ref, "?", 2)[0])
				if _, err := fs.Stat(staticFS, target); err != nil {
					t.Errorf("%s: url(%s): %s is not embedded", p, ref, target)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sheets < 5 {
		t.Errorf("checked %d stylesheets, want at least 5", sheets)
	}
	// The check itself sees what it must.
	bad := `@import url("https://fonts.example/x.css"); a { background: url(https://cdn.example/i.png) }`
	if !cssImport.MatchString(bad) || len(cssURL.FindAllString(bad, -1)) != 2 {
		t.Error("the external-reference check misses a plain @import or url()")
	}
}

func TestStylesheets(t *testing.T) {
	urls := Stylesheets()
	if len(urls) != len(stylesheets) {
		t.Fatalf("Stylesheets() = %v", urls)
	}
	h := Static()
	for _, u := range urls {
		if !strings.HasPrefix(u, StaticPrefix) || !strings.Contains(u, "?v=") {
			t.Errorf("%s: want /static/...?v=...", u)
		}
		rec := serve(h, http.MethodGet, u, nil)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/css; charset=utf-8" {
			t.Errorf("GET %s: %d %s", u, rec.Code, rec.Header().Get("Content-Type"))
		}
		if got := rec.Header().Get("Cache-Control"); got != cacheImmutable {
			t.Errorf("GET %s: Cache-Control %q, want %q", u, got, cacheImmutable)
		}
	}
	if _, err := StaticURL("nope.css"); err == nil {
		t.Error("StaticURL of a missing file: no error")
	}
}

func serve(h http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestStaticHandler(t *testing.T) {
	h := Static()

	t.Run("site.css", func(t *testing.T) {
		rec := serve(h, http.MethodGet, "/static/site.css", nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		hdr := rec.Header()
		if got := hdr.Get("Content-Type"); got != "text/css; charset=utf-8" {
			t.Errorf("Content-Type %q", got)
		}
		if got := hdr.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("X-Content-Type-Options %q", got)
		}
		// Unversioned: revalidated with the ETag.
		if got := hdr.Get("Cache-Control"); got != cacheRevalidate {
			t.Errorf("Cache-Control %q, want %q", got, cacheRevalidate)
		}
		want, _ := staticFS.ReadFile("static/site.css")
		if rec.Body.String() != string(want) {
			t.Error("body differs from static/site.css")
		}
		etag := hdr.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		rec = serve(h, http.MethodGet, "/static/site.css", http.Header{"If-None-Match": {etag}})
		if rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match: status %d, want 304", rec.Code)
		}
	})

	t.Run("versioned URL is immutable", func(t *testing.T) {
		u, err := StaticURL("site.css")
		if err != nil {
			t.Fatal(err)
		}
		rec := serve(h, http.MethodGet, u, nil)
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != cacheImmutable {
			t.Errorf("GET %s: %d, Cache-Control %q", u, rec.Code, rec.Header().Get("Cache-Control"))
		}
		rec = serve(h, http.MethodGet, "/static/site.css?v=0000000000000000", nil)
		if rec.Header().Get("Cache-Control") != cacheRevalidate {
			t.Errorf("stale version: Cache-Control %q, want %q", rec.Header().Get("Cache-Control"), cacheRevalidate)
		}
	})

	t.Run("vendor files", func(t *testing.T) {
		for target, ctype := range map[string]string{
			"/static/vendor/utrecht/component-library-css/index.css":                   "text/css; charset=utf-8",
			"/static/vendor/utrecht/design-tokens/index.css":                           "text/css; charset=utf-8",
			"/static/vendor/utrecht/design-tokens/arrow-dropdown.svg":                  "image/svg+xml",
			"/static/vendor/utrecht/noto-sans/files/noto-sans-latin-wght-normal.woff2": "font/woff2",
			"/static/vendor/utrecht/component-library-css/LICENSE.md":                  "text/plain; charset=utf-8",
			"/static/vendor/utrecht/VERSIONS":                                          "text/plain; charset=utf-8",
		} {
			rec := serve(h, http.MethodGet, target, nil)
			if rec.Code != http.StatusOK {
				t.Errorf("GET %s: status %d", target, rec.Code)
				continue
			}
			if got := rec.Header().Get("Content-Type"); got != ctype {
				t.Errorf("GET %s: Content-Type %q, want %q", target, got, ctype)
			}
			if got := rec.Header().Get("Cache-Control"); got != cacheImmutable {
				t.Errorf("GET %s: Cache-Control %q, want %q", target, got, cacheImmutable)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("GET %s: X-Content-Type-Options %q", target, got)
			}
		}
	})

	t.Run("HEAD", func(t *testing.T) {
		rec := serve(h, http.MethodHead, "/static/site.css", nil)
		if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "text/css; charset=utf-8" {
			t.Errorf("HEAD: %d, %d bytes, %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Type"))
		}
	})

	t.Run("not found", func(t *testing.T) {
		for _, target := range []string{
			// directories: no listings, no redirects
			"/static/", "/static", "/static/vendor", "/static/vendor/", "/static/vendor/utrecht/",
			"/static/vendor/utrecht/design-tokens",
			// unknown files
			"/static/nope.css", "/static/site.css/", "/static/SITE.CSS", "/static/site.css.map",
			// escapes and odd paths
			"/static/../static.go", "/static/./site.css", "/static//site.css", "/static/vendor/../site.css",
			"/static.go", "/site.css", "/",
		} {
			rec := serve(h, http.MethodGet, target, nil)
			if rec.Code != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", target, rec.Code)
			}
			if strings.Contains(rec.Body.String(), "<a href") || strings.Contains(rec.Body.String(), "<pre>") {
				t.Errorf("GET %s: looks like a directory listing: %q", target, rec.Body.String())
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("GET %s: X-Content-Type-Options %q", target, got)
			}
		}
	})

	t.Run("methods", func(t *testing.T) {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
			rec := serve(h, method, "/static/site.css", nil)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s: %d, Allow %q", method, rec.Code, rec.Header().Get("Allow"))
			}
		}
	})

	// Mounted at /static/ as it is, or behind http.StripPrefix: the same answers.
	for mount, handler := range map[string]http.Handler{
		"as is":       h,
		"StripPrefix": http.StripPrefix(StaticPrefix, h),
	} {
		t.Run("behind a mux, "+mount, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.Handle("GET "+StaticPrefix, handler)
			srv := httptest.NewServer(mux)
			defer srv.Close()
			for target, want := range map[string]int{
				"/static/site.css": http.StatusOK,
				"/static/vendor/utrecht/component-library-css/index.css": http.StatusOK,
				"/static/":                 http.StatusNotFound,
				"/static/vendor/utrecht/":  http.StatusNotFound,
				"/static/nope.css":         http.StatusNotFound,
				"/static/../go.mod":        http.StatusNotFound,
				"/static/%2e%2e/static.go": http.StatusNotFound,
			} {
				resp, err := srv.Client().Get(srv.URL + target)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("GET %s: %d, want %d", target, resp.StatusCode, want)
				}
				if want == http.StatusOK && resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
					t.Errorf("GET %s: Content-Type %q", target, resp.Header.Get("Content-Type"))
				}
			}
		})
	}
}

// The site's icon is served as an image under its versioned URL, and /favicon.ico, which browsers
// ask for on their own, leads there.
func TestFavicon(t *testing.T) {
	u := FaviconURL()
	rec := serve(Static(), http.MethodGet, u, nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(rec.Body.String(), "#cc0000") {
		t.Fatalf("GET %s: %d %s %.80q", u, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	rec = serve(Favicon(), http.MethodGet, "/favicon.ico", nil)
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != u {
		t.Fatalf("GET /favicon.ico: %d, Location %q, want 302 to %s", rec.Code, rec.Header().Get("Location"), u)
	}
}
