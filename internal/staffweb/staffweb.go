// Package staffweb serves the staff workspace under /medewerkers/: server-rendered pages in the
// municipality of Utrecht's NL Design System for intake, confidential advisers, managers, the
// Standby Team Integriteit, HR, administrators and auditors. The pages speak Dutch, and English
// to the staff member who chooses it with the language switch (i18n.go).
//
// The pages hold no rights of their own. A signed-in staff member has a session (a random token
// in an HttpOnly, SameSite=Strict cookie; its hash, subject and roles in the database); for each
// service call the pages mint a two-minute token for that person with an in-process key
// (auth.PagesIssuer) and call the same gRPC services as the API over the in-process connection.
// Authentication, need-to-know, validation and the audit trail therefore apply exactly as over
// the API: a page shows what its services return and a refusal as a refusal.
//
// Safety is that of the reporter pages (internal/web): the same Content-Security-Policy and
// headers, no-store on every page, a cross-site request token on every form, cross-site posts
// refused. Sessions end after an idle time and at an absolute end, at sign-out (at the identity
// provider too, when it has an end-session endpoint), and when the provider's back-channel
// logout names them (logout.go).
package staffweb

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/web"
)

//go:embed templates
var templateFS embed.FS

// Prefix is where the workspace lives.
const Prefix = "/medewerkers"

// Sessions keeps staff sessions (implemented by the store).
type Sessions interface {
	StaffSignIn(ctx context.Context, sess auth.StaffSession, tokenHash []byte) error
	StaffSessionFor(ctx context.Context, tokenHash []byte, now time.Time, idle time.Duration) (*auth.StaffSession, error)
	EndStaffSession(ctx context.Context, tokenHash []byte) error
	// EndStaffSessionsOf ends the sessions a back-channel logout names (see store).
	EndStaffSessionsOf(ctx context.Context, subject, sid string) (int, error)
}

// Config wires the workspace.
type Config struct {
	// Conn is the in-process connection to the services.
	Conn grpc.ClientConnInterface
	// Sessions stores the sessions.
	Sessions Sessions
	// Login is the OpenID Connect sign-in; nil when none is configured.
	Login *auth.Login
	// DevSignIn offers the local sign-in page (choose a role and a user). Dev mode only.
	DevSignIn bool
	// Mint signs the in-process token for a call made for s.
	Mint func(s *auth.Staff) (string, error)
	// Outgoing returns the context for a service call made for r with the bearer token.
	Outgoing func(r *http.Request, token string) context.Context
	// Secure: the site is served over TLS (cookies get Secure and the __Host- prefix).
	Secure bool
	// PublicURL is the site's address as the identity provider redirects back to it (e.g.
	// https://meldpunt.utrecht.nl); empty: taken from the request.
	PublicURL string
	// IdleTimeout ends a session without activity (default 30 minutes); MaxSession ends it
	// anyway (default 10 hours).
	IdleTimeout, MaxSession time.Duration
	Now                     func() time.Time
	// RolesClaim and RoleMap are shown to the administrator: how the identity provider's claim
	// becomes roles.
	RolesClaim string
	RoleMap    auth.RoleMap
	// Log receives failures a staff member cannot see the cause of (nil: discarded).
	Log *slog.Logger
	// ProgressAfter: an operation that takes longer than this (an import) shows its progress
	// on the page instead of simply waiting for the result (0: always).
	ProgressAfter time.Duration
	// Logo is the organisation's logo in the page header (nil: its name only); the reporter
	// site serves it.
	Logo *web.Logo
}

// Server is the workspace.
type Server struct {
	cfg Config
	// pages are the page templates per language, then per name.
	pages      map[string]map[string]*template.Template
	cases      pb.CaseServiceClient
	advisers   pb.AdviserServiceClient
	precedents pb.PrecedentServiceClient
	reports    pb.ReportServiceClient
	rules      pb.RuleSetServiceClient
	audit      pb.AuditServiceClient
	admin      pb.AdminServiceClient
	notify     pb.NotificationServiceClient
}

// New parses the templates.
func New(cfg Config) (*Server, error) {
	if cfg.Conn == nil || cfg.Sessions == nil || cfg.Mint == nil || cfg.Outgoing == nil {
		return nil, errors.New("staffweb: Conn, Sessions, Mint and Outgoing are required")
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.MaxSession <= 0 {
		cfg.MaxSession = 10 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.ProgressAfter = max(cfg.ProgressAfter, 0)
	s := &Server{
		cfg: cfg, pages: map[string]map[string]*template.Template{},
		cases: pb.NewCaseServiceClient(cfg.Conn), advisers: pb.NewAdviserServiceClient(cfg.Conn),
		precedents: pb.NewPrecedentServiceClient(cfg.Conn), reports: pb.NewReportServiceClient(cfg.Conn),
		rules: pb.NewRuleSetServiceClient(cfg.Conn), audit: pb.NewAuditServiceClient(cfg.Conn), admin: pb.NewAdminServiceClient(cfg.Conn),
		notify: pb.NewNotificationServiceClient(cfg.Conn),
	}
	pages, err := fs.Glob(templateFS, "templates/page_*.html")
	if err != nil {
		return nil, err
	}
	// Each language has its own set, whose functions name codes in that language.
	for _, l := range languages {
		s.pages[l.Code] = map[string]*template.Template{}
		for _, p := range pages {
			name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/page_"), ".html")
			t, err := template.New("layout.html").Funcs(funcsFor(l.Code)).Funcs(template.FuncMap{"logo": cfg.Logo.URL}).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", p)
			if err != nil {
				return nil, fmt.Errorf("staffweb: template %s: %w", name, err)
			}
			s.pages[l.Code][name] = t
		}
	}
	return s, nil
}

// Handler returns the workspace's routes (mount it at Prefix + "/").
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	p := Prefix
	mux.HandleFunc("GET "+p+"/inloggen", s.signInPage)
	mux.HandleFunc("GET "+p+"/inloggen/start", s.signInStart)
	mux.HandleFunc("GET "+p+"/inloggen/terug", s.signInReturn)
	mux.HandleFunc("POST "+p+"/inloggen/dev", s.signInDev)
	mux.HandleFunc("POST "+p+"/uitloggen", s.signOut)
	mux.HandleFunc("GET "+p+"/uitgelogd", s.signedOutPage)
	mux.HandleFunc("POST "+BackChannelPath, s.backChannelLogout)
	mux.HandleFunc("GET "+p+"/taal", s.switchLanguage)
	mux.HandleFunc("GET "+p+"/{$}", s.page("home", s.home))
	s.caseRoutes(mux)
	s.signalRoutes(mux)
	s.hrRoutes(mux)
	s.adminRoutes(mux)
	s.auditRoutes(mux)
	s.notifyRoutes(mux)
	mux.HandleFunc(p+"/", func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, nil, http.StatusNotFound, tr(langOf(r), "error_no_page"))
	})
	// The provider posts back-channel logout tokens server to server: that one route is exempt
	// from the cross-site check (it has no form token either; the signed token authenticates).
	return web.Headers(mux, "POST "+BackChannelPath)
}

// cookie names: over TLS with the __Host- prefix, so no other site of the domain can plant one.
func (s *Server) cookieName(base string) string {
	if s.cfg.Secure {
		return "__Host-" + base
	}
	return base
}

const (
	sessionCookie = "meldpunt_medewerker"
	loginCookie   = "meldpunt_inlog"
)

// visit is the signed-in staff member of one request.
type visit struct {
	staff *auth.Staff
	token string
	hash  []byte
	// sealed is the sign-in's sealed ID token (nil: none), opened only at sign-out.
	sealed []byte
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// current returns the request's live session, or nil.
func (s *Server) current(r *http.Request) (*visit, error) {
	c, err := r.Cookie(s.cookieName(sessionCookie))
	if err != nil || len(c.Value) < 40 || len(c.Value) > 64 {
		return nil, nil
	}
	h := hashToken(c.Value)
	sess, err := s.cfg.Sessions.StaffSessionFor(r.Context(), h, s.cfg.Now(), s.cfg.IdleTimeout)
	if err != nil || sess == nil {
		return nil, err
	}
	roles := make([]auth.Role, 0, len(sess.Roles))
	for _, x := range sess.Roles {
		if role, err := auth.ParseRole(x); err == nil {
			roles = append(roles, role)
		}
	}
	return &visit{staff: &auth.Staff{Subject: sess.Subject, Name: sess.Name, Roles: roles}, token: c.Value, hash: h, sealed: sess.IDTokenSealed}, nil
}

// ctx is the context for a service call on behalf of the visit's staff member.
func (s *Server) ctx(r *http.Request, v *view) context.Context {
	tok, err := s.cfg.Mint(v.staff)
	if err != nil {
		tok = "" // the call is then refused as unauthenticated
	}
	return s.cfg.Outgoing(r, tok)
}

// view is what every page template gets.
type view struct {
	staff *auth.Staff
	// Lang is the page's language, T its texts (the catalogue of that language).
	Lang string
	T    map[string]string
	// Languages is the language switch; here is the page's own address it leads back to ("": no
	// switch on this page).
	Languages []langLink
	here      string
	Title     string
	Name      string
	Roles     []string
	Nav       []navItem
	Deadlines []*pb.DueItem
	// MoreDeadlines are not shown beside the page (the case list has them all).
	MoreDeadlines int
	// Errors is the error summary at the top of the page (its title then starts with "Fout: ").
	Errors []problem
	Notice string
	CSRF   string
	Data   any
	Form   url.Values
	Status int
	Now    time.Time
}

type navItem struct {
	Label, Href string
	Current     bool
}

// newView starts the view of a request in its language.
func newView(r *http.Request) *view {
	lang := langOf(r)
	return &view{Lang: lang, T: catalogue[lang], here: here(r)}
}

// t is a text of the page's language.
func (v *view) t(key string) string { return tr(v.Lang, key) }

// Has reports whether the staff member holds the role.
func (v *view) Has(role string) bool { return v.staff.Has(auth.Role(role)) }

// Value is a posted form value, to fill a form in again after an error.
func (v *view) Value(name string) string { return v.Form.Get(name) }

// handler returns the data for its page's template, or answers itself and returns errWritten.
type handler func(w http.ResponseWriter, r *http.Request, v *view) (any, error)

var errWritten = errors.New("staffweb: response written")

// maxDeadlines are shown beside every page, the most urgent first.
const maxDeadlines = 10

// caseRoles are the roles that work on cases and have deadlines.
var caseRoles = []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam}

// page wraps a page handler: a signed-in staff member (else to the sign-in page), holding one of
// roles when given (else refused), their deadlines, the navigation.
func (s *Server) page(name string, h handler, roles ...auth.Role) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.begin(w, r)
		if !ok {
			return
		}
		if len(roles) > 0 && !slices.ContainsFunc(roles, v.staff.Has) {
			s.renderError(w, r, v, http.StatusForbidden, v.t("error_role_page"))
			return
		}
		s.serve(w, r, v, name, h)
	}
}

// begin finds the session; without one it sends the browser to the sign-in page.
func (s *Server) begin(w http.ResponseWriter, r *http.Request) (*view, bool) {
	vis, err := s.current(r)
	switch {
	case err == nil:
	case unavailable(err):
		// The database is briefly out: worth a retry.
		s.log().Warn("reading a staff session: database unavailable")
		w.Header().Set("Retry-After", "2")
		http.Error(w, tr(langOf(r), "error_session_read"), http.StatusServiceUnavailable)
		return nil, false
	case badSession(err):
		vis = nil // a session the store cannot make sense of: sign in again, as for none
	default:
		// A fault, not an outage: no retry will help. Logged by its kind only (the driver's
		// words may quote the query's parameters).
		s.log().Error("reading a staff session failed", "error", errSummary(err))
		http.Error(w, tr(langOf(r), "error_internal"), http.StatusInternalServerError)
		return nil, false
	}
	if vis == nil {
		to := Prefix + "/inloggen"
		q := url.Values{}
		// A deep link (a case's address in a mail, say) comes back after the sign-in.
		if back, ok := returnPath(r.URL.RequestURI()); ok && r.Method == http.MethodGet && back != Prefix+"/" {
			q.Set("terug", back)
		}
		if _, err := r.Cookie(s.cookieName(sessionCookie)); err == nil {
			q.Set("reden", "verlopen")
			s.clearCookie(w, sessionCookie)
			if r.Method == http.MethodPost {
				// The session ended while a form was being filled in (an adviser's long notes):
				// nothing was saved, and the text comes back to copy before signing in again.
				s.renderSignInKeeping(w, r, keptTexts(r))
				return nil, false
			}
		}
		if len(q) > 0 {
			to += "?" + q.Encode()
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil, false
	}
	v := newView(r)
	v.staff, v.Name, v.Now = vis.staff, vis.staff.Name, s.cfg.Now()
	for _, role := range vis.staff.Roles {
		v.Roles = append(v.Roles, roleLabel(v.Lang, string(role)))
	}
	if v.Name == "" {
		v.Name = vis.staff.Subject
	}
	v.CSRF = csrfToken(vis.token)
	v.Nav = s.nav(r, v)
	return v, true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, v *view, name string, h handler) {
	data, err := h(w, r, v)
	if errors.Is(err, errWritten) {
		return
	}
	if err != nil {
		s.renderServiceError(w, r, v, err)
		return
	}
	v.Data = data
	s.render(w, r, v, name)
}

// render executes a page with the staff member's deadlines.
func (s *Server) render(w http.ResponseWriter, r *http.Request, v *view, name string) {
	if slices.ContainsFunc(caseRoles, v.staff.Has) {
		if res, err := s.cases.MyDeadlines(s.ctx(r, v), &pb.MyDeadlinesRequest{}); err == nil {
			v.Deadlines = sortDeadlines(res.GetItems())
			if len(v.Deadlines) > maxDeadlines {
				v.MoreDeadlines = len(v.Deadlines) - maxDeadlines
				v.Deadlines = v.Deadlines[:maxDeadlines]
			}
		}
	}
	v.Languages = languageLinks(v.Lang, v.here)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang)
	code := http.StatusOK
	switch {
	case v.Status != 0:
		code = v.Status
	case len(v.Errors) > 0:
		code = http.StatusBadRequest
	}
	if fw, ok := w.(flushingWriter); ok {
		// A page that goes out while an operation runs cannot be held back.
		fw.WriteHeader(code)
		if err := s.pages[v.Lang][name].Execute(fw, v); err != nil {
			s.log().Error("staff page broke off", "page", name, "err", err)
		}
		return
	}
	// Made whole first: a page that fails halfway is a failure, never half a page with a 200.
	var buf bytes.Buffer
	if err := s.pages[v.Lang][name].Execute(&buf, v); err != nil {
		s.log().Error("staff page failed", "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(v.t("error_internal") + "\n"))
		return
	}
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w)
}

// log is the workspace's logger: pages, sign-in failures and session-store errors — never a
// token, a name or case content.
func (s *Server) log() *slog.Logger {
	if s.cfg.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.cfg.Log
}

// renderError shows a refusal or failure in the workspace's layout.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, v *view, code int, msg string) {
	if v == nil {
		vis, _ := s.current(r)
		if vis == nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(code)
			_, _ = w.Write([]byte(msg + "\n"))
			return
		}
		v = newView(r)
		v.staff, v.Name, v.CSRF, v.Now = vis.staff, vis.staff.Name, csrfToken(vis.token), s.cfg.Now()
		v.Nav = s.nav(r, v)
	}
	switch code {
	case http.StatusForbidden:
		v.Title = v.t("error_forbidden")
	case http.StatusNotFound:
		v.Title = v.t("error_not_found")
	default:
		v.Title = v.t("errors_title")
	}
	v.Status = code
	v.Errors = nil
	v.Data = struct {
		Code    int
		Message string
	}{code, msg}
	s.render(w, r, v, "error")
}

// renderServiceError shows a service's refusal.
func (s *Server) renderServiceError(w http.ResponseWriter, r *http.Request, v *view, err error) {
	st, _ := status.FromError(err)
	lang := langOf(r)
	if v != nil {
		lang = v.Lang
	}
	switch st.Code() {
	case codes.PermissionDenied:
		s.renderError(w, r, v, http.StatusForbidden, tr(lang, "error_no_access_case"))
	case codes.NotFound:
		s.renderError(w, r, v, http.StatusNotFound, tr(lang, "error_not_found_or_denied"))
	case codes.Unauthenticated:
		s.renderError(w, r, v, http.StatusUnauthorized, tr(lang, "error_unauthenticated"))
	case codes.InvalidArgument, codes.FailedPrecondition, codes.Aborted, codes.AlreadyExists, codes.OutOfRange:
		s.renderError(w, r, v, http.StatusBadRequest, strings.Join(errorLines(lang, err), " "))
	case codes.Unavailable:
		w.Header().Set("Retry-After", "2")
		s.renderError(w, r, v, http.StatusServiceUnavailable, tr(lang, "error_unavailable"))
	default:
		s.renderError(w, r, v, http.StatusInternalServerError, tr(lang, "error_internal"))
	}
}

// correctable reports a service answer the staff member can act on (fill in, reload): shown
// above the form, which keeps what they typed.
func correctable(err error) bool {
	switch status.Code(err) {
	case codes.InvalidArgument, codes.FailedPrecondition, codes.Aborted, codes.AlreadyExists, codes.OutOfRange:
		return true
	}
	return false
}

// errorLines says a service's refusal in lang, one line per field it is about (see
// refusalProblems).
func errorLines(lang string, err error) []string {
	ps := refusalProblems(lang, err)
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Text
	}
	return lines
}

// action handles a form post: the cross-site token, then act. On success the browser goes to
// the address act returns (303); an error the staff member can correct shows the page of get
// again with the error and the form as posted; anything else the refusal page.
func (s *Server) action(page string, get handler, act func(w http.ResponseWriter, r *http.Request, v *view) (string, error), roles ...auth.Role) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.begin(w, r)
		if !ok {
			return
		}
		if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			s.renderError(w, r, v, http.StatusBadRequest, v.t("error_form_unreadable"))
			return
		}
		v.here = pagePath(page, r)
		if !s.csrfValid(r.PostFormValue("csrf"), v) {
			s.renderError(w, r, v, http.StatusForbidden, v.t("error_form_expired"))
			return
		}
		if len(roles) > 0 && !slices.ContainsFunc(roles, v.staff.Has) {
			s.renderError(w, r, v, http.StatusForbidden, v.t("error_role_action"))
			return
		}
		var to string
		err := checkVersion(r, v)
		if err == nil {
			to, err = act(w, r, v)
		}
		if errors.Is(err, errWritten) {
			return
		}
		if err == nil {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		fe := formError{}
		if !errors.As(err, &fe) {
			if !correctable(err) {
				s.renderServiceError(w, r, v, err)
				return
			}
			fe = refusal(err, refusalProblems(v.Lang, err))
		}
		v.Errors, v.Form, v.Status = fe.problems, r.PostForm, cmp.Or(fe.status, http.StatusBadRequest)
		s.serve(w, r, v, page, get)
	}
}

// refusal is a correctable service refusal as the form shows it: its problems, and 409 when
// somebody else changed the thing meanwhile.
func refusal(err error, problems []problem) formError {
	fe := formError{problems: problems}
	if status.Code(err) == codes.Aborted {
		fe.status = http.StatusConflict
	}
	return fe
}

// formError is what the form shows above itself: a problem found before any service was called,
// or a refusal the staff member can act on (status: 400 unless set).
type formError struct {
	problems []problem
	status   int
}

func (e formError) Error() string {
	lines := make([]string, len(e.problems))
	for i, p := range e.problems {
		lines[i] = p.Text
	}
	return strings.Join(lines, "; ")
}

// formErr is a formError of lines that are not about one field.
func formErr(lines ...string) error { return formError{problems: unlinked(lines)} }

// fieldErr is a formError about the field whose control has the id field; the error summary
// links to it.
func fieldErr(field, line string) error {
	return formError{problems: []problem{{Field: field, Text: line}}}
}

// fieldErrs is a formError of problems, each linked to its field when it names one.
func fieldErrs(problems ...problem) error { return formError{problems: problems} }

// problem is one line of a page's error summary: what is wrong and, when it is about one field,
// the id of that field's control, which the summary links to (the NL Design System's and
// GOV.UK's error summary).
type problem struct{ Field, Text string }

func unlinked(lines []string) []problem {
	out := make([]problem, len(lines))
	for i, l := range lines {
		out[i] = problem{Text: l}
	}
	return out
}

// csrfToken is the session's form token: an HMAC under the session token, which only the
// browser holds (in its HttpOnly cookie; the server keeps its hash). Another site can neither
// read nor compute it, it differs per session, and any replica can check it without a shared key.
func csrfToken(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("meldpunt staff form"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

func (s *Server) csrfValid(tok string, v *view) bool {
	if v == nil || tok == "" {
		return false
	}
	want := v.CSRF
	return subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1
}

func (s *Server) clearCookie(w http.ResponseWriter, base string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(base), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
}

// nav lists the workspace's sections for the staff member's roles.
func (s *Server) nav(r *http.Request, v *view) []navItem {
	var items []navItem
	add := func(key, href string, roles ...auth.Role) {
		if slices.ContainsFunc(roles, v.staff.Has) {
			items = append(items, navItem{Label: v.t(key), Href: href, Current: r.URL.Path == href || (href != Prefix+"/" && strings.HasPrefix(r.URL.Path, href+"/"))})
		}
	}
	add("nav_home", Prefix+"/", auth.AllRoles()...)
	add("nav_cases", Prefix+"/zaken", caseRoles...)
	add("nav_signal", Prefix+"/signaal", auth.RoleManager, auth.RoleHR)
	add("nav_report", Prefix+"/jaarverslag", auth.RoleHR)
	add("nav_rules", Prefix+"/regels", auth.RoleHR)
	add("nav_library", Prefix+"/precedenten", auth.RoleHR, auth.RoleIntegrityTeam)
	add("nav_accounts", Prefix+"/beheer/accounts", auth.RoleAdmin)
	add("nav_advisers", Prefix+"/beheer/vertrouwenspersonen", auth.RoleAdmin)
	add("nav_organisation", Prefix+"/beheer/organisatie", auth.RoleAdmin)
	add("nav_audit", Prefix+"/audit", auth.RoleAuditor)
	return items
}

func statusNotFound() error { return status.Error(codes.NotFound, "not found") }
