package staffweb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"html"
	"net/http"
	"time"

	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/vault"
)

// The ID token of a sign-in is kept with the session for one use: id_token_hint at sign-out.
// It is a credential-like value, so the database holds it sealed (AES-256-GCM) under a key
// derived from the session token — which only the browser holds; the database has its SHA-256
// hash, a different derivation. A copy of the database therefore reveals no ID token, and
// sign-out, which has the browser's cookie, can open it. Back-channel logout needs only the
// subject and the provider's sid, which are stored in the clear.

// idTokenKey derives the sealing key from the session token (domain-separated from hashToken).
func idTokenKey(sessionToken string) []byte {
	k := sha256.Sum256([]byte("meldpunt staff session id_token seal v1\x00" + sessionToken))
	return k[:]
}

// sealIDToken seals the ID token for the session of sessionToken; nil for no token.
func sealIDToken(sessionToken, idToken string) ([]byte, error) {
	if idToken == "" {
		return nil, nil
	}
	return vault.SealUnderKey(idTokenKey(sessionToken), []byte(idToken), []byte("id_token"))
}

// openIDToken opens what sealIDToken sealed; "" when there is nothing or it does not open.
func openIDToken(sessionToken string, sealed []byte) string {
	if len(sealed) == 0 {
		return ""
	}
	out, err := vault.OpenUnderKey(idTokenKey(sessionToken), sealed, []byte("id_token"))
	if err != nil {
		return ""
	}
	return string(out)
}

// signOut ends the session here, then — when the provider has an end-session endpoint
// (RP-initiated logout) — at the provider too: the browser goes there with id_token_hint,
// client_id, post_logout_redirect_uri (<public-url>/medewerkers/uitgelogd) and a random state
// (by a page that moves on by itself: see below),
// and comes back to the signed-out page. The state is not checked on return: that page changes
// nothing and shows nothing of anyone. Without an end-session endpoint the signed-out page says
// the provider's session may still be active. In dev mode without a provider, as before: the
// sign-in page.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	vis, err := s.current(r)
	var idToken string
	if err == nil && vis != nil {
		_ = r.ParseForm()
		v := &view{CSRF: csrfToken(vis.token)}
		if !s.csrfValid(r.PostForm.Get("csrf"), v) {
			http.Error(w, tr(langOf(r), "signout_expired"), http.StatusForbidden)
			return
		}
		if err := s.cfg.Sessions.EndStaffSession(r.Context(), vis.hash); err != nil {
			http.Error(w, tr(langOf(r), "signout_failed"), http.StatusServiceUnavailable)
			return
		}
		idToken = openIDToken(vis.token, vis.sealed)
	}
	s.clearCookie(w, sessionCookie)
	if s.cfg.Login == nil {
		http.Redirect(w, r, Prefix+"/inloggen?reden=uitgelogd", http.StatusSeeOther)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	to, err := s.cfg.Login.EndSessionURL(ctx, idToken, s.baseURL(r)+Prefix+"/uitgelogd", randomState())
	if err != nil || to == "" {
		http.Redirect(w, r, Prefix+"/uitgelogd?lokaal=1", http.StatusSeeOther)
		return
	}
	// Not a redirect: the sign-out is a form post, and the pages' CSP (form-action 'self') makes
	// browsers refuse a form's redirect to another site. The page moves on by itself, as the
	// sign-in's return does. (no-store and no-referrer hold for it as for every page.)
	lang := langOf(r)
	to = html.EscapeString(to)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="` + lang + `"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=` + to + `"><title>` +
		html.EscapeString(tr(lang, "signed_out_title")) + ` — Meldpunt</title></head><body><main><p><a href="` + to + `">` +
		html.EscapeString(tr(lang, "signed_out_continue")) + `</a></p></main></body></html>`))
}

func randomState() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hexString(b)
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

// signedOutData is the signed-out page.
type signedOutData struct {
	// Local: only Meldpunt's session ended; the provider's may still be active.
	Local bool
}

// signedOutPage is where the provider sends the browser after its end-session endpoint (the
// post-logout redirect address), and where a sign-out without one ends.
func (s *Server) signedOutPage(w http.ResponseWriter, r *http.Request) {
	v := newView(r)
	v.staff, v.Title = &auth.Staff{}, v.t("signed_out_title")
	v.Data = signedOutData{Local: r.URL.Query().Has("lokaal")}
	v.Languages = languageLinks(v.Lang, v.here)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang)
	w.WriteHeader(http.StatusOK)
	_ = s.pages[v.Lang]["signedout"].Execute(w, v)
}

// BackChannelPath is where the identity provider posts logout tokens (register
// <public-url>/medewerkers/uitloggen/backchannel as the client's back-channel logout URI).
const BackChannelPath = Prefix + "/uitloggen/backchannel"

// backChannelLogout is OpenID Connect Back-Channel Logout 1.0: the provider posts a
// logout_token server to server; a valid one ends every staff session of its sid (or of its
// subject). No cookie and no form token: it is exempt from the cross-site check (web.Headers)
// because the provider, not a browser, calls it; the token's signature is its authentication.
// Anything wrong is answered 400 without details (the reason goes to the log, never the
// token). A replayed token within its ten minutes ends what already ended: nothing.
func (s *Server) backChannelLogout(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.cfg.Login == nil {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("logout_token") == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	lo, err := s.cfg.Login.VerifyLogoutToken(ctx, r.PostForm.Get("logout_token"), s.cfg.Now())
	if errors.Is(err, auth.ErrProviderUnavailable) {
		s.log().Warn("back-channel logout: the identity provider's keys are unreachable", "reason", err.Error())
		w.Header().Set("Retry-After", "5")
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	if err != nil {
		s.log().Warn("back-channel logout refused", "reason", err.Error())
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	n, err := s.cfg.Sessions.EndStaffSessionsOf(ctx, lo.Subject, lo.SID)
	if err != nil {
		s.log().Error("back-channel logout: ending the sessions failed", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	s.log().Info("back-channel logout", "sessions_ended", n)
	w.WriteHeader(http.StatusOK)
}
