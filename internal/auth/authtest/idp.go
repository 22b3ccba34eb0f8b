// Package authtest is a small OpenID Connect provider for tests: discovery, a JWKS, an
// authorization endpoint that signs in whoever the test chose (no page), and a token endpoint
// that checks the client, the redirect address, single use of the code and the PKCE verifier
// (S256) before it issues an ES256 ID token with the nonce and the provider session's sid.
//
// With RememberSignIn the provider keeps one browser session, as a real provider does with its
// cookie: the next authorization signs the same person in silently, without the password. Its
// end-session endpoint (RP-initiated logout) ends that session, so the next authorization asks
// for the password again; PasswordPrompts counts the authorizations that asked. LogoutToken
// mints a back-channel logout token signed with the provider's key.
package authtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// User is who signs in next.
type User struct {
	Subject, Name string
	Roles         []string // the "roles" claim, as the provider sends it (group names, say)
	// Claims are added to the ID token as they are (a nested "realm_access", say).
	Claims map[string]any
	// UserInfo are the user-info endpoint's claims besides "sub".
	UserInfo map[string]any
}

type grant struct {
	user                                      User
	clientID, redirect, challenge, nonce, sid string
}

// IDP is the provider.
type IDP struct {
	srv      *httptest.Server
	key      *ecdsa.PrivateKey
	ClientID string

	mu       sync.Mutex
	next     *User
	codes    map[string]grant
	access   map[string]User // access token → user, for the user-info endpoint
	Tokens   int             // ID tokens issued
	lastAuth url.Values

	remember   bool   // keep a provider session (silent sign-in)
	noEnd      bool   // discovery names no end_session_endpoint
	session    *User  // the provider session's person, nil: none
	sid        string // its sid
	prompts    int    // authorizations that asked for the password
	endSession url.Values
	ended      int // provider sessions ended at the end-session endpoint
}

// RememberSignIn makes the provider keep a session after a sign-in: the next authorization
// signs the same person in without asking for the password, until the end-session endpoint
// ends it.
func (p *IDP) RememberSignIn() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.remember = true
}

// WithoutEndSession leaves end_session_endpoint out of the discovery document (call it before
// the server discovers the provider).
func (p *IDP) WithoutEndSession() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.noEnd = true
}

// PasswordPrompts is how many authorizations asked for the password (found no provider session).
func (p *IDP) PasswordPrompts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.prompts
}

// EndedSessions is how many provider sessions the end-session endpoint ended, and the query of
// its last request.
func (p *IDP) EndedSessions() (int, url.Values) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ended, p.endSession
}

// SessionID is the sid of the provider's current session ("" when none).
func (p *IDP) SessionID() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sid
}

// LastAuthorization is the query of the last authorization request.
func (p *IDP) LastAuthorization() url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastAuth
}

// New starts a provider for client clientID.
func New(clientID string) *IDP {
	p := build(clientID)
	p.srv.Start()
	return p
}

// NewAt starts a provider for client clientID listening on addr (host:port), for a test that
// points the server at an address before anything listens there.
func NewAt(clientID, addr string) (*IDP, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := build(clientID)
	_ = p.srv.Listener.Close()
	p.srv.Listener = l
	p.srv.Start()
	return p, nil
}

func build(clientID string) *IDP {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	p := &IDP{key: key, ClientID: clientID, codes: map[string]grant{}, access: map[string]User{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		doc := map[string]any{
			"issuer": p.Issuer(), "jwks_uri": p.Issuer() + "/jwks",
			"authorization_endpoint": p.Issuer() + "/authorize", "token_endpoint": p.Issuer() + "/token",
			"userinfo_endpoint":                     p.Issuer() + "/userinfo",
			"id_token_signing_alg_values_supported": []string{"ES256"},
			"code_challenge_methods_supported":      []string{"S256"},
		}
		p.mu.Lock()
		if !p.noEnd {
			doc["end_session_endpoint"] = p.Issuer() + "/logout"
			doc["backchannel_logout_supported"] = true
			doc["backchannel_logout_session_supported"] = true
		}
		p.mu.Unlock()
		writeJSON(w, doc)
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /userinfo", p.userinfo)
	mux.HandleFunc("GET /logout", p.logout)
	p.srv = httptest.NewUnstartedServer(mux)
	return p
}

// Issuer is the provider's address.
func (p *IDP) Issuer() string { return p.srv.URL }

// Close stops it.
func (p *IDP) Close() { p.srv.Close() }

// SignInNext makes u the user of the next authorization: u types the password (even when the
// provider has a session of someone else, as with "use another account").
func (p *IDP) SignInNext(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = &u
}

func (p *IDP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	p.lastAuth = q
	p.mu.Unlock()
	if q.Get("response_type") != "code" || q.Get("client_id") != p.ClientID || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("redirect_uri") == "" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	u := p.next
	p.next = nil
	switch {
	case u == nil && p.session != nil && q.Get("prompt") != "login":
		u = p.session // silent sign-in with the provider's session
	default:
		p.prompts++ // the password is asked; the user of SignInNext, if any, types it
		if u != nil && p.remember {
			p.session, p.sid = u, random()
		}
	}
	code := random()
	if u != nil {
		p.codes[code] = grant{user: *u, clientID: q.Get("client_id"), redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), sid: p.sid}
	}
	p.mu.Unlock()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	v := back.Query()
	if u == nil {
		v.Set("error", "access_denied")
	} else {
		v.Set("code", code)
	}
	v.Set("state", q.Get("state"))
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *IDP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	g, ok := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code")) // single use
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case !ok, r.PostForm.Get("grant_type") != "authorization_code":
		oauthError(w, "invalid_grant")
		return
	case r.PostForm.Get("client_id") != g.clientID, r.PostForm.Get("redirect_uri") != g.redirect:
		oauthError(w, "invalid_client")
		return
	case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		oauthError(w, "invalid_grant") // PKCE: the verifier does not match the challenge
		return
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: p.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	now := time.Now()
	claims := map[string]any{"nonce": g.nonce}
	if g.sid != "" {
		claims["sid"] = g.sid
	}
	if g.user.Name != "" {
		claims["name"] = g.user.Name
	}
	if g.user.Roles != nil {
		claims["roles"] = g.user.Roles
	}
	for k, v := range g.user.Claims {
		claims[k] = v
	}
	idt, err := jwt.Signed(signer).Claims(jwt.Claims{Issuer: p.Issuer(), Audience: jwt.Audience{g.clientID}, Subject: g.user.Subject,
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute))}).Claims(claims).Serialize()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	access := random()
	p.mu.Lock()
	p.Tokens++
	p.access[access] = g.user
	p.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": idt})
}

func (p *IDP) userinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	u, known := p.access[tok]
	p.mu.Unlock()
	if !ok || !known {
		http.Error(w, "unknown access token", http.StatusUnauthorized)
		return
	}
	out := map[string]any{"sub": u.Subject}
	for k, v := range u.UserInfo {
		out[k] = v
	}
	writeJSON(w, out)
}

// logout is the end-session endpoint: it checks id_token_hint (signed here, for this client),
// client_id and post_logout_redirect_uri, ends the provider session and sends the browser back
// with the state.
func (p *IDP) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("post_logout_redirect_uri"))
	if err != nil || back.Scheme == "" || q.Get("client_id") != p.ClientID {
		http.Error(w, "bad logout request", http.StatusBadRequest)
		return
	}
	tok, err := jwt.ParseSigned(q.Get("id_token_hint"), []jose.SignatureAlgorithm{jose.ES256})
	var c jwt.Claims
	if err != nil || tok.Claims(&p.key.PublicKey, &c) != nil || !c.Audience.Contains(p.ClientID) || c.Issuer != p.Issuer() {
		http.Error(w, "bad id_token_hint", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.endSession = q
	if p.session != nil && p.session.Subject == c.Subject {
		p.session, p.sid = nil, ""
		p.ended++
	}
	p.mu.Unlock()
	v := back.Query()
	if q.Has("state") {
		v.Set("state", q.Get("state"))
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// LogoutToken is a back-channel logout token for subject and/or sid, signed with the
// provider's key (or, with forge, with a key of its own), with changes applied to its claims
// last (a nil value removes a claim).
func (p *IDP) LogoutToken(subject, sid string, forge bool, changes map[string]any) string {
	key := p.key
	if forge {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		key = k
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType("logout+jwt").WithHeader("kid", "k1"))
	if err != nil {
		panic(err)
	}
	now := time.Now()
	claims := map[string]any{"iss": p.Issuer(), "aud": p.ClientID, "iat": now.Unix(), "exp": now.Add(2 * time.Minute).Unix(), "jti": random(),
		"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}}}
	if subject != "" {
		claims["sub"] = subject
	}
	if sid != "" {
		claims["sid"] = sid
	}
	for k, v := range changes {
		if v == nil {
			delete(claims, k)
		} else {
			claims[k] = v
		}
	}
	out, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		panic(err)
	}
	return out
}

func oauthError(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func random() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
