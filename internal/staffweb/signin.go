package staffweb

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/utrecht/meldpunt/internal/auth"
)

// signInData is the sign-in page.
type signInData struct {
	OIDC, Dev bool
	// Unreachable: the identity provider does not answer (the message says so).
	Unreachable bool
	// Return is the workspace page to come back to after the sign-in (a local path).
	Return  string
	Roles   []roleChoice
	Message string
	// Kept: the texts of a form posted after the session ended, to copy.
	Kept []keptText
}

type keptText struct{ Name, Label, Value string }

// keptFields are the free-text fields of the workspace's forms: what a person would hate to type
// again.
var keptFields = []string{"notes", "body", "message", "text", "rationale", "description", "minutes", "response",
	"qualification", "motivation", "feedback", "scope", "questions", "advice", "next_step", "summary", "considerations", "remark", "intro"}

// keptTexts are the free texts of a posted form, in form order of keptFields.
func keptTexts(r *http.Request) []keptText {
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return nil
	}
	lang := langOf(r)
	var out []keptText
	for _, f := range keptFields {
		if v := strings.TrimSpace(r.PostFormValue(f)); v != "" {
			out = append(out, keptText{Name: f, Label: fieldLabel(lang, f), Value: v})
		}
	}
	return out
}

// renderSignInKeeping is the sign-in page after a form arrived with an ended session.
func (s *Server) renderSignInKeeping(w http.ResponseWriter, r *http.Request, kept []keptText) {
	s.renderSignInWith(w, r, http.StatusUnauthorized, "", func(d *signInData, v *view) {
		d.Message, d.Kept = v.t("signin_expired_form"), kept
	})
}

type roleChoice struct{ Value, Label string }

// signInPage offers the identity provider and, in dev mode only, the local sign-in.
func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	s.renderSignIn(w, r, http.StatusOK, r.URL.Query().Get("reden"))
}

// renderSignIn shows the sign-in page: with code 200 reason is the ?reden= of the address (why
// the staff member is here), from 400 on the refusal, in the page's language.
func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, code int, reason string) {
	s.renderSignInWith(w, r, code, reason, nil)
}

func (s *Server) renderSignInWith(w http.ResponseWriter, r *http.Request, code int, reason string, more func(*signInData, *view)) {
	v := newView(r)
	d := signInData{OIDC: s.cfg.Login != nil, Dev: s.cfg.DevSignIn}
	d.Return, _ = returnPath(r.URL.Query().Get("terug"))
	switch reason {
	case "uitgelogd":
		d.Message = v.t("signin_signed_out")
	case "verlopen":
		d.Message = v.t("signin_expired")
	}
	if s.cfg.Login != nil && code < 400 {
		// The page does not wait long for a provider that does not answer.
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		err := s.cfg.Login.Ready(ctx)
		cancel()
		if err != nil {
			d.Message, d.Unreachable = v.t("signin_idp_unreachable"), true
		}
	}
	for _, role := range auth.AllRoles() {
		d.Roles = append(d.Roles, roleChoice{string(role), roleLabel(v.Lang, string(role))})
	}
	v.staff, v.Title, v.Data, v.Status = &auth.Staff{}, v.t("signin_title_short"), d, code
	v.here = Prefix + "/inloggen"
	if more != nil {
		more(&d, v)
		v.Data = d
	} else if code >= 400 {
		v.Errors = []problem{{Text: reason}}
		d.Message = ""
		v.Data = d
	}
	v.Languages = languageLinks(v.Lang, v.here)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang)
	w.WriteHeader(code)
	_ = s.pages[v.Lang]["signin"].Execute(w, v)
}

// signInStart sends the browser to the identity provider, with PKCE, a state and a nonce kept
// in a short-lived cookie. That cookie is SameSite=Lax: the provider's redirect back is a
// cross-site navigation, on which a Strict cookie would not be sent.
func (s *Server) signInStart(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Login == nil {
		s.renderSignIn(w, r, http.StatusNotFound, tr(langOf(r), "signin_no_oidc"))
		return
	}
	to, st, err := s.cfg.Login.Begin(r.Context(), s.callbackURL(r))
	if err != nil {
		s.renderSignIn(w, r, http.StatusServiceUnavailable, tr(langOf(r), "signin_idp_unreachable"))
		return
	}
	back, _ := returnPath(r.URL.Query().Get("terug"))
	raw, _ := json.Marshal(loginCookieValue{LoginState: st, Return: back})
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(loginCookie), Value: base64.RawURLEncoding.EncodeToString(raw), Path: "/",
		MaxAge: 600, HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// loginCookieValue is what the login cookie holds: the flow's state and the page to return to.
type loginCookieValue struct {
	auth.LoginState
	Return string `json:"r,omitempty"`
}

// returnPath accepts a workspace page to return to after the sign-in: a local path under
// /medewerkers/ only (never another site), and not the sign-in itself.
func returnPath(to string) (string, bool) {
	p, ok := localPath(to)
	if !ok || strings.HasPrefix(p, Prefix+"/inloggen") || strings.HasPrefix(p, Prefix+"/uitloggen") || strings.HasPrefix(p, Prefix+"/uitgelogd") {
		return "", false
	}
	return p, true
}

// oauthErrorText explains an error code of RFC 6749 section 4.1.2.1 or OpenID Connect Core
// 3.1.2.6 returned to the callback; unknown codes get the general explanation.
func oauthErrorText(lang, code string) string {
	switch code {
	case "access_denied":
		return tr(lang, "signin_err_access_denied")
	case "login_required", "interaction_required":
		return tr(lang, "signin_err_login_required")
	case "consent_required":
		return tr(lang, "signin_err_consent_required")
	case "invalid_scope", "unauthorized_client", "invalid_request", "unsupported_response_type", "invalid_request_uri", "registration_not_supported":
		return tr(lang, "signin_err_configuration")
	case "server_error":
		return tr(lang, "signin_err_provider")
	case "temporarily_unavailable":
		return tr(lang, "signin_idp_unreachable")
	}
	return tr(lang, "signin_refused")
}

// logText makes a provider's text fit for one log field: printable, at most 200 characters.
func logText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// quotedOrMail finds what in a provider's error text may name a person: quoted parts
// (Entra ID writes "The signed in user 'jane@…' is not assigned…") and e-mail addresses.
var quotedOrMail = regexp.MustCompile(`'[^']*'|"[^"]*"|‘[^’]*’|“[^”]*”|[^\s'"<>()]+@[^\s'"<>()]+`)

// scrubPersonal removes from a provider's error text what may name a person; the codes and
// the rest of the explanation stay.
func scrubPersonal(s string) string { return quotedOrMail.ReplaceAllString(s, "[…]") }

// providerCode is a provider's own error number at the start of its text (AADSTS50105, MSIS7012).
var providerCode = regexp.MustCompile(`^[A-Z]{2,10}[0-9]{2,6}\b`)

// describedError is what of a provider's error_description is logged. For errors in the
// request (Meldpunt's configuration at the provider) the text, without quoted parts and
// addresses; for errors about the person (access_denied, login_required, …) only the provider's
// error number, since such texts name the person.
func describedError(code, desc string) string {
	switch code {
	case "invalid_request", "invalid_scope", "unauthorized_client", "unsupported_response_type", "invalid_request_uri", "server_error", "temporarily_unavailable":
		return scrubPersonal(desc)
	}
	return providerCode.FindString(desc)
}

// requestHost is the host the browser used: the proxy's X-Forwarded-Host when there is one.
func requestHost(r *http.Request) string {
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		h, _, _ = strings.Cut(h, ",")
		return strings.TrimSpace(h)
	}
	return r.Host
}

func (s *Server) callbackURL(r *http.Request) string {
	return s.baseURL(r) + Prefix + "/inloggen/terug"
}

// baseURL is the site's public address: --public-url, or in dev mode taken from the request.
func (s *Server) baseURL(r *http.Request) string {
	base := strings.TrimSuffix(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.cfg.Secure {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base
}

// signInReturn finishes the provider's sign-in and starts the session.
func (s *Server) signInReturn(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	if s.cfg.Login == nil {
		s.renderSignIn(w, r, http.StatusNotFound, tr(lang, "signin_no_oidc"))
		return
	}
	var st loginCookieValue
	c, err := r.Cookie(s.cookieName(loginCookie))
	if err == nil {
		if raw, derr := base64.RawURLEncoding.DecodeString(c.Value); derr == nil {
			err = json.Unmarshal(raw, &st)
		} else {
			err = derr
		}
	}
	s.clearLoginCookie(w)
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		// The provider's refusal: logged (its code and description; the callback never
		// carries a token or a code with an error) and explained.
		s.log().Warn("the identity provider returned an error to the staff sign-in",
			"error", logText(e), "error_description", logText(describedError(e, q.Get("error_description"))))
		s.renderSignIn(w, r, http.StatusUnauthorized, oauthErrorText(lang, e))
		return
	}
	if err != nil {
		// No login cookie: it expired, or the browser came back to another address than the one
		// it left from (the cookie belongs to that host), which an administrator must fix.
		if pub, perr := url.Parse(s.cfg.PublicURL); perr == nil && pub.Host != "" && c == nil && !strings.EqualFold(requestHost(r), pub.Host) {
			s.log().Warn("staff sign-in came back to another host than --public-url; the login cookie was not sent",
				"host", logText(requestHost(r)), "public_url", s.cfg.PublicURL)
			s.renderSignIn(w, r, http.StatusBadRequest, strings.ReplaceAll(tr(lang, "signin_wrong_host"), "{url}", strings.TrimSuffix(s.cfg.PublicURL, "/")+Prefix+"/"))
			return
		}
		s.renderSignIn(w, r, http.StatusBadRequest, tr(lang, "signin_state"))
		return
	}
	si, err := s.cfg.Login.FinishSignIn(r.Context(), st.LoginState, q.Get("state"), q.Get("code"), s.callbackURL(r))
	if err != nil {
		// The reason, for the operator (the auth package's messages never quote a token or code).
		s.log().Warn("staff sign-in refused", "reason", err.Error())
		msg, code := tr(lang, "signin_failed"), http.StatusUnauthorized
		if errors.Is(err, auth.ErrProviderUnavailable) {
			msg, code = tr(lang, "signin_idp_unreachable"), http.StatusServiceUnavailable
		} else if strings.Contains(err.Error(), "no known role") {
			msg = tr(lang, "signin_no_role")
		}
		s.renderSignIn(w, r, code, msg)
		return
	}
	if !s.startSession(w, r, si.Staff, si.IDToken, si.SID) {
		return
	}
	// The session cookie is SameSite=Strict, and this request came from the provider's site:
	// a redirect from here would still count as cross-site and arrive without it. The page
	// moves on by itself (a same-site navigation), or with the link. (The language cookie is
	// SameSite=Strict too: this page follows the browser's Accept-Language.)
	next := Prefix + "/"
	if back, ok := returnPath(st.Return); ok {
		next = back
	}
	next = html.EscapeString(next)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=` + next + `"><title>` +
		html.EscapeString(tr(lang, "signed_in_title")) + ` — Meldpunt</title></head><body><main><p><a href="` + next + `">` +
		html.EscapeString(tr(lang, "signed_in_continue")) + `</a></p></main></body></html>`))
}

func (s *Server) clearLoginCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(loginCookie), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode})
}

// signInDev is the local sign-in of dev mode: choose a user and roles.
func (s *Server) signInDev(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.DevSignIn {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderSignIn(w, r, http.StatusBadRequest, tr(langOf(r), "signin_form_unreadable"))
		return
	}
	subject := strings.TrimSpace(r.PostForm.Get("subject"))
	var roles []auth.Role
	for _, x := range r.PostForm["role"] {
		if role, err := auth.ParseRole(x); err == nil {
			roles = append(roles, role)
		}
	}
	if subject == "" || len(subject) > 100 || len(roles) == 0 {
		s.renderSignIn(w, r, http.StatusBadRequest, tr(langOf(r), "signin_dev_invalid"))
		return
	}
	name := strings.ToValidUTF8(strings.TrimSpace(r.PostForm.Get("name")), "\uFFFD") // the database takes UTF-8 only
	if len(name) > 200 {
		name = strings.ToValidUTF8(name[:200], "") // never half a character
	}
	if !s.startSession(w, r, &auth.Staff{Subject: subject, Name: name, Roles: roles}, "", "") {
		return
	}
	http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
}

// startSession stores a new session and sets its cookie; idToken (sealed, see logout.go) and
// sid are the provider sign-in's, empty for the dev sign-in.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, st *auth.Staff, idToken, sid string) bool {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		http.Error(w, "no randomness", http.StatusInternalServerError)
		return false
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	now := s.cfg.Now()
	// A session this browser still had ends: its cookie is about to be replaced.
	if old, err := r.Cookie(s.cookieName(sessionCookie)); err == nil && old.Value != "" {
		_ = s.cfg.Sessions.EndStaffSession(r.Context(), hashToken(old.Value))
	}
	roles := make([]string, len(st.Roles))
	for i, role := range st.Roles {
		roles[i] = string(role)
	}
	sealed, err := sealIDToken(tok, idToken)
	if err != nil {
		http.Error(w, "no randomness", http.StatusInternalServerError)
		return false
	}
	// A session cookie for the browser session; the server ends it when idle or at its end.
	err = s.cfg.Sessions.StaffSignIn(r.Context(), auth.StaffSession{
		Subject: st.Subject, Name: st.Name, Roles: roles, CreatedAt: now, ExpiresAt: now.Add(s.cfg.MaxSession),
		IDTokenSealed: sealed, ProviderSID: sid,
	}, hashToken(tok))
	if errors.Is(err, auth.ErrAccountBlocked) {
		s.renderSignIn(w, r, http.StatusForbidden, tr(langOf(r), "signin_blocked"))
		return false
	}
	if err != nil {
		s.log().Error("storing a staff session failed", "err", err)
		http.Error(w, tr(langOf(r), "error_session_store"), http.StatusServiceUnavailable)
		return false
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(sessionCookie), Value: tok, Path: "/", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode,
	})
	return true
}
