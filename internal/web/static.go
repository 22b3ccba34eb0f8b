package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// The static files of the reporter pages: our own site.css and, under vendor/utrecht/, the
// municipality of Utrecht's NL Design System CSS (component library, design tokens, the Noto Sans
// font), copied there by scripts/fetch-design-system with their licences and a VERSIONS file.
//
//go:embed static
var staticFS embed.FS

// StaticPrefix is the URL path under which Static serves the embedded files.
const StaticPrefix = "/static/"

// The cache lifetimes. A URL with the file's own version (StaticURL) and a vendored file never
// change content under the same URL (a new vendored version comes with a new StaticURL), so they
// are cached for a year without revalidation; anything else is revalidated with its ETag.
const (
	cacheImmutable   = "public, max-age=31536000, immutable"
	cacheRevalidate  = "no-cache"
	staticVersionLen = 16 // hex digits of the sha256 in the ?v= of StaticURL and in the ETag
)

// stylesheets are the embedded stylesheets a reporter page links, in this order: the font, the
// Utrecht design tokens (they apply under `class="utrecht-theme"`, put on <html>), the Utrecht
// component library, and ours, which builds on both. (The vendored
// design-tokens/background-image-icon.css is not linked: site.css draws the one icon used, the
// select's arrow, itself; see there.)
var stylesheets = []string{
	"vendor/utrecht/noto-sans/index.css",
	"vendor/utrecht/design-tokens/index.css",
	"vendor/utrecht/component-library-css/index.css",
	"site.css",
}

// Stylesheets returns the URLs (StaticURL) of the stylesheets every reporter page links, in the
// order to link them: `<link rel="stylesheet" href="...">` each, in <head>.
func Stylesheets() []string {
	urls := make([]string, len(stylesheets))
	for i, name := range stylesheets {
		u, err := StaticURL(name)
		if err != nil {
			panic(err) // the list names embedded files; static_test.go checks each exists
		}
		urls[i] = u
	}
	return urls
}

type staticFile struct {
	data        []byte
	contentType string
	version     string // first staticVersionLen hex digits of the content's sha256
	vendor      bool
}

var staticIndex = sync.OnceValue(func() map[string]*staticFile {
	idx := map[string]*staticFile{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(data)
		idx[name] = &staticFile{
			data:        data,
			contentType: staticContentType(name),
			version:     hex.EncodeToString(sum[:])[:staticVersionLen],
			vendor:      strings.HasPrefix(name, "vendor/"),
		}
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("web: reading the embedded static files: %v", err)) // cannot happen with embed.FS
	}
	return idx
})

// staticContentType is the Content-Type of a static file, by its extension; not left to sniffing
// or to the machine's mime.types, so it is the same everywhere.
func staticContentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/vnd.microsoft.icon"
	case ".json":
		return "application/json"
	case ".md", ".txt", "":
		return "text/plain; charset=utf-8" // LICENSE.md, LICENSE, VERSIONS
	default:
		return "application/octet-stream"
	}
}

// FaviconName is the site's icon among the static files: a red (#cc0000) square with a white
// exclamation mark. Both page sets link it (FaviconURL) and /favicon.ico leads to it.
const FaviconName = "favicon.svg"

// FaviconURL is the versioned URL (StaticURL) of the site's icon.
func FaviconURL() string {
	u, err := StaticURL(FaviconName)
	if err != nil {
		panic(err) // embedded; static_test.go checks it exists
	}
	return u
}

// Favicon answers /favicon.ico, which browsers ask for whatever the page links, with a redirect
// to the icon's versioned URL (302: the target changes with the icon).
func Favicon() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, FaviconURL(), http.StatusFound)
	})
}

// StaticURL returns the URL of the embedded static file name (relative to the static folder, e.g.
// "site.css"), with the file's content version in the query: "/static/site.css?v=0123456789abcdef".
// Static serves such a URL as immutable, so a page linking its assets through StaticURL gets them
// cached for good and picks up a changed file at once. An unknown name is an error (usable as a
// html/template function).
func StaticURL(name string) (string, error) {
	f, ok := staticIndex()[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return StaticPrefix + name + "?v=" + f.version, nil
}

// Static returns an http.Handler serving the embedded static files under /static/. Mount it at
// StaticPrefix as it is (it takes "/static/site.css") or behind http.StripPrefix("/static/", ...)
// (it takes "site.css"); either way every other path is a 404. It answers GET and HEAD
// only; gives each file its Content-Type by extension, an ETag and `X-Content-Type-Options: nosniff`;
// caches vendor files and URLs carrying the file's current version (StaticURL) for a year as
// immutable and makes the rest revalidate; and answers 404 for anything that is not a file (no
// directory listings, no index pages, no redirects).
func Static() http.Handler {
	idx := staticIndex()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, StaticPrefix)
		if !ok && !strings.HasPrefix(r.URL.Path, "/") {
			name, ok = r.URL.Path, true // behind http.StripPrefix("/static/", ...)
		}
		f := idx[name]
		if !ok || f == nil || !fs.ValidPath(name) {
			http.NotFound(w, r)
			return
		}
		h.Set("Content-Type", f.contentType)
		h.Set("ETag", `"`+f.version+`"`)
		if f.vendor || r.URL.Query().Get("v") == f.version {
			h.Set("Cache-Control", cacheImmutable)
		} else {
			h.Set("Cache-Control", cacheRevalidate)
		}
		// ServeContent answers If-None-Match (304), Range and HEAD; the zero time sends no
		// Last-Modified (embedded files have none).
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
	})
}
