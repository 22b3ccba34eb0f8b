// Package web serves the reporter pages (issue 7): server-rendered HTML in the municipality of
// Utrecht's NL Design System, working without JavaScript, in Dutch and English. The pages call
// the same gRPC services as the API, over the in-process connection, so every rule, validation,
// rate limit and audit applies unchanged.
//
// Safety, for a frightened employee at 23:00 on a phone:
//   - a strict Content-Security-Policy (no inline script or style, nothing from elsewhere),
//     Referrer-Policy no-referrer, frame denial, and Cache-Control no-store on every page;
//   - no cookie at all for anonymous visitors; the follow-up session is the only cookie
//     (HttpOnly, SameSite=Strict, Secure over TLS, as short-lived as the session);
//   - every form carries a cross-site request token (HMAC, stateless: no cookie needed, keyed
//     from the keys file so that any replica accepts it) and a cross-site POST is refused by its
//     Origin / Sec-Fetch-Site headers as well (net/http's CrossOriginProtection);
//   - the language is part of the path (/nl/, /en/): choosing one stores nothing;
//   - a quick-exit button on every page.
package web

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

//go:embed templates
var templateFS embed.FS

// Config wires the pages to the services.
type Config struct {
	Reporter pb.ReporterServiceClient
	Rules    pb.RuleSetServiceClient
	Advisers pb.AdviserServiceClient
	// Outgoing returns the context for a service call made for r: with the rate-limit source
	// of the request (never the address itself) and, when token is not empty, the reporter's
	// session as bearer token.
	Outgoing func(r *http.Request, token string) context.Context
	// Secure marks the session cookie Secure (the site is served over TLS, directly or behind
	// a proxy that terminates it).
	Secure bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// FormKey (at least 32 bytes) keys the form tokens. It is derived from the keys file, so
	// that a form rendered by one replica is accepted by every other.
	FormKey []byte
	// Logo is the organisation's logo in the page header (nil: its name only).
	Logo *Logo
}

// Server is the reporter site.
type Server struct {
	cfg   Config
	pages map[string]*template.Template
	csrf  *csrf
}

// sessionCookie names the follow-up session's cookie (its value is the session token). Over
// TLS it carries the __Host- prefix, so that no other site of the domain can plant one.
func (s *Server) sessionCookie() string {
	if s.cfg.Secure {
		return "__Host-meldpunt_sessie"
	}
	return "meldpunt_sessie"
}

// New parses the templates and returns the site.
func New(cfg Config) (*Server, error) {
	if cfg.Reporter == nil || cfg.Outgoing == nil {
		return nil, fmt.Errorf("web: Reporter and Outgoing are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.FormKey) < 32 {
		return nil, fmt.Errorf("web: FormKey of at least 32 bytes is required")
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}, csrf: newCSRF(cfg.FormKey, cfg.Now)}
	pages, err := fs.Glob(templateFS, "templates/page_*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/page_"), ".html")
		t, err := template.New("layout.html").Funcs(funcs).Funcs(template.FuncMap{"logo": cfg.Logo.URL}).ParseFS(templateFS, "templates/layout.html", p)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return s, nil
}

// Handler returns the site's routes, under / (the API keeps /v1/).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", Static()))
	mux.Handle("GET /favicon.ico", Favicon())
	if s.cfg.Logo != nil {
		mux.Handle("GET "+LogoPath, s.cfg.Logo)
	}
	mux.HandleFunc("GET /{$}", s.root)
	for _, l := range languages {
		p := "/" + l.Code
		mux.HandleFunc("GET "+p+"/{$}", s.page(l.Code, "start", s.start))
		mux.HandleFunc("GET "+p+"/vertrouwenspersonen", s.page(l.Code, "advisers", s.advisers))
		mux.HandleFunc("GET "+p+"/regels", s.page(l.Code, "rules", s.rules))
		mux.HandleFunc("GET "+p+"/melden", s.page(l.Code, "report", s.reportForm))
		mux.HandleFunc("POST "+p+"/melden", s.page(l.Code, "report", s.reportPost))
		mux.HandleFunc("POST "+p+"/ontvangstcode.txt", s.receiptDownload(l.Code))
		mux.HandleFunc("GET "+p+"/opvolgen", s.page(l.Code, "login", s.loginForm))
		mux.HandleFunc("POST "+p+"/opvolgen", s.page(l.Code, "login", s.loginPost))
		mux.HandleFunc("GET "+p+"/mijn-melding", s.page(l.Code, "mycase", s.myCase))
		mux.HandleFunc("POST "+p+"/mijn-melding/bericht", s.page(l.Code, "mycase", s.sendMessage))
		mux.HandleFunc("POST "+p+"/mijn-melding/bestand", s.page(l.Code, "mycase", s.uploadEvidence))
		mux.HandleFunc("POST "+p+"/mijn-melding/email", s.page(l.Code, "mycase", s.setNotifyEmail))
		mux.HandleFunc("GET "+p+escrowPath, s.page(l.Code, "escrow", s.escrowPage))
		mux.HandleFunc("POST "+p+escrowPath, s.page(l.Code, "escrow", s.escrowPost))
		mux.HandleFunc("POST "+p+"/uitloggen", s.logout(l.Code))
	}
	return Headers(mux)
}

// csp allows the page's own styles, scripts (files only) and images; nothing else, no framing,
// forms only to this site.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; font-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Headers sets the pages' security headers (CSP, no-referrer, no framing, no-store) and refuses
// cross-site posts; the staff workspace uses it too. The cross-site check is the standard
// library's CrossOriginProtection: a browser's Sec-Fetch-Site must say same-origin (or none, for
// a user's own navigation), and a browser that sends no Sec-Fetch-Site must send an Origin whose
// host is the request's. "Origin: null" — which browsers send with no-referrer — counts only
// from a browser that also sends Sec-Fetch-Site. Clients that are not browsers send neither and
// pass; the form tokens stop them.
func Headers(next http.Handler, bypass ...string) http.Handler {
	cop := http.NewCrossOriginProtection()
	for _, pattern := range bypass {
		cop.AddInsecureBypassPattern(pattern)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "cross-site request refused", http.StatusForbidden)
	}))
	guarded := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		guarded.ServeHTTP(w, r)
	})
}

// root sends a visitor to the language the browser prefers (Dutch unless it asks for another
// of ours); nothing is stored.
func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/"+preferred(r.Header.Get("Accept-Language"))+"/", http.StatusSeeOther)
}
