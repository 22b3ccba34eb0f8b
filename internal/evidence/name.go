package evidence

import (
	"fmt"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extensions by detected media type. A download's extension is always one of these: the name
// the uploader gave is kept only as a stem, so a JPEG sent as "bewijs.html" (a JPEG's scan data
// can hold any bytes, also a page with a script) is saved as "bewijs.jpg" and opens in a
// picture viewer, never in a browser.
var extensions = map[string]string{
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
	"application/pdf": ".pdf",
}

// maxStem bounds the kept part of the uploaded name, in characters.
const maxStem = 80

// DownloadName is the name a file is offered under: a cleaned stem of the uploaded name (its
// extension dropped; letters, digits, blanks, "-", "_", "(", ")" and "," kept, anything else a
// "-") and the extension of the detected type. Without a usable stem it is
// "bewijs-<first 8 characters of id>". For a type that is not one of the accepted ones the
// extension is ".bin".
func DownloadName(uploaded, mediaType, id string) string {
	ext, ok := extensions[mediaType]
	if !ok {
		ext = ".bin"
	}
	base := uploaded
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	if !utf8.ValidString(base) {
		base = strings.ToValidUTF8(base, "-")
	}
	base = strings.TrimSuffix(base, path.Ext(base))
	var b strings.Builder
	n, dash := 0, false
	for _, r := range base {
		if n >= maxStem {
			break
		}
		keep := unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' || r == '_' || r == '(' || r == ')' || r == ','
		if !keep {
			if dash {
				continue
			}
			r, dash = '-', true
		} else {
			dash = false
		}
		b.WriteRune(r)
		n++
	}
	stem := strings.Trim(b.String(), " -_,")
	if stem == "" || !strings.ContainsFunc(stem, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		short := strings.ReplaceAll(id, "-", "")
		if len(short) > 8 {
			short = short[:8]
		}
		stem = "bewijs-" + short
	}
	if windowsReserved(stem) {
		stem = "bewijs-" + stem // "CON.jpg" cannot be saved on Windows
	}
	return stem + ext
}

// windowsReserved reports whether stem is a device name that Windows refuses as a file name,
// with whatever extension.
func windowsReserved(stem string) bool {
	switch s := strings.ToUpper(strings.TrimRight(stem, " ")); s {
	case "CON", "PRN", "AUX", "NUL":
		return true
	default:
		return len(s) == 4 && (strings.HasPrefix(s, "COM") || strings.HasPrefix(s, "LPT")) && s[3] >= '1' && s[3] <= '9'
	}
}

// SetDownloadHeaders makes a response a download of a cleaned file that a browser will neither
// show nor run: saved under name (which DownloadName made) as an attachment, with the detected
// type and no sniffing of another, and, should it be opened in the browser after all, in a
// sandbox with nothing allowed.
func SetDownloadHeaders(h http.Header, name, mediaType string) {
	h.Set("Content-Type", mediaType)
	h.Set("Content-Disposition", ContentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", DownloadCSP)
	h.Set("Cache-Control", "no-store")
}

// DownloadCSP is the Content-Security-Policy of a download: a sandbox with nothing allowed.
const DownloadCSP = "sandbox; default-src 'none'"

// ContentDisposition is "attachment" with the name twice: as a plain ASCII filename (other
// characters replaced by "_") for every client, and, when the name is not plain ASCII, as an
// RFC 5987 filename* in UTF-8, which current browsers prefer.
func ContentDisposition(name string) string {
	var ascii strings.Builder
	plain := true
	for _, r := range name {
		if r < 0x20 || r >= 0x7F || r == '"' || r == '\\' {
			r, plain = '_', false
		}
		ascii.WriteRune(r)
	}
	v := fmt.Sprintf(`attachment; filename="%s"`, ascii.String())
	if !plain {
		v += "; filename*=UTF-8''" + rfc5987(name)
	}
	return v
}

func rfc5987(s string) string {
	const attrChar = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChar, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
