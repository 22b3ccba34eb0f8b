package evidence

import (
	"mime"
	"net/http"
	"testing"
)

func TestTheDownloadNameComesFromTheDetectedType(t *testing.T) {
	const id = "3f2a9c1e-7b44-4d1a-9d2e-0c5b6a7e8f90"
	for _, c := range []struct{ uploaded, mediaType, want string }{
		{"bewijs.html", "image/jpeg", "bewijs.jpg"},
		{"IMG_0042.jpg", "image/jpeg", "IMG_0042.jpg"},
		{"brief.pdf", "application/pdf", "brief.pdf"},
		{"scan.PDF", "application/pdf", "scan.pdf"},
		{"foto.png.exe", "image/png", "foto-png.png"},
		{"evil.html.jpg", "image/jpeg", "evil-html.jpg"},
		{"bewijs.svg", "image/png", "bewijs.png"},
		{"../../etc/passwd", "image/png", "passwd.png"},
		{`C:\Users\jan\Desktop\foto.jpeg`, "image/jpeg", "foto.jpg"},
		{".htaccess", "image/jpeg", "bewijs-3f2a9c1e.jpg"},
		{"<script>.html", "image/jpeg", "script.jpg"},
		{"", "application/pdf", "bewijs-3f2a9c1e.pdf"},
		{"...", "image/png", "bewijs-3f2a9c1e.png"},
		{"verslag \"eind\"\r\n.pdf", "application/pdf", "verslag -eind.pdf"},
		{"Überstunden café.jpg", "image/jpeg", "Überstunden café.jpg"},
		{"x.html", "text/html", "x.bin"},
		{"con.html", "image/jpeg", "bewijs-con.jpg"},
		{"LPT1.pdf", "application/pdf", "bewijs-LPT1.pdf"},
		{"console.png", "image/png", "console.png"},
	} {
		if got := DownloadName(c.uploaded, c.mediaType, id); got != c.want {
			t.Errorf("DownloadName(%q, %s) = %q, want %q", c.uploaded, c.mediaType, got, c.want)
		}
	}
}

func TestADownloadIsAnAttachmentInASandbox(t *testing.T) {
	h := http.Header{}
	SetDownloadHeaders(h, "Überstunden café.jpg", "image/jpeg")
	if h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Security-Policy") != "sandbox; default-src 'none'" {
		t.Errorf("headers: %v", h)
	}
	cd := h.Get("Content-Disposition")
	if want := `attachment; filename="_berstunden caf_.jpg"; filename*=UTF-8''%C3%9Cberstunden%20caf%C3%A9.jpg`; cd != want {
		t.Errorf("Content-Disposition %s, want %s", cd, want)
	}
	disp, params, err := mime.ParseMediaType(cd)
	if err != nil || disp != "attachment" || params["filename"] != "Überstunden café.jpg" {
		t.Errorf("parsed: %s %v %v", disp, params, err)
	}
	if got := ContentDisposition("bewijs.jpg"); got != `attachment; filename="bewijs.jpg"` {
		t.Errorf("plain name: %s", got)
	}
}
