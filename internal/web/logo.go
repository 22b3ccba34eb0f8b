package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strings"
)

// LogoPath is where the site serves the organisation's logo (Config.Logo).
const LogoPath = "/logo"

// maxLogoSize bounds the logo file: a logo is a few kilobytes, not a photograph.
const maxLogoSize = 512 << 10

// Logo is the organisation's logo, shown in the page header of both page sets beside the
// organisation's name. Without one (nil) the header shows the name only: no logo is built in,
// as the site cannot know which marks its operator may use.
type Logo struct {
	data        []byte
	contentType string
	url         string
}

// LoadLogo reads an SVG or PNG logo from path.
func LoadLogo(path string) (*Logo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("logo: %w", err)
	}
	return NewLogo(data)
}

// NewLogo checks that data is an SVG or PNG image of at most 512 KiB.
func NewLogo(data []byte) (*Logo, error) {
	if len(data) == 0 || len(data) > maxLogoSize {
		return nil, fmt.Errorf("logo: %d bytes; want an SVG or PNG file of 1 byte to %d KiB", len(data), maxLogoSize>>10)
	}
	var ct string
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		ct = "image/png"
	case isSVG(data):
		ct = "image/svg+xml"
	default:
		return nil, fmt.Errorf("logo: not an SVG or PNG image")
	}
	sum := sha256.Sum256(data)
	return &Logo{data: data, contentType: ct, url: LogoPath + "?v=" + hex.EncodeToString(sum[:])[:staticVersionLen]}, nil
}

// isSVG reports whether data starts (after an XML declaration, comments and whitespace) with an
// <svg> element.
func isSVG(data []byte) bool {
	s := strings.TrimSpace(string(data[:min(len(data), 4096)]))
	for {
		switch {
		case strings.HasPrefix(s, "<?xml"), strings.HasPrefix(s, "<!--"), strings.HasPrefix(s, "<!DOCTYPE"):
			end := strings.Index(s, ">")
			if end < 0 {
				return false
			}
			s = strings.TrimSpace(s[end+1:])
		default:
			return strings.HasPrefix(s, "<svg")
		}
	}
}

// URL is the logo's address (with its version, so that it is cached for good), or "" for none.
func (l *Logo) URL() string {
	if l == nil {
		return ""
	}
	return l.url
}

// ServeHTTP answers the logo. An SVG is a document of its own: it gets a policy that lets it
// run and fetch nothing.
func (l *Logo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", l.contentType)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", cacheImmutable)
	} else {
		w.Header().Set("Cache-Control", cacheRevalidate)
	}
	_, _ = w.Write(l.data)
}
