// Package authtest is a small OpenID Connect provider for tests: discovery, a JWKS, an
// authorization endpoint that signs in whoever the test chose (no page), and a token endpoint
// that checks the client, the redirect address, single use of the code and the PKCE verifier
// (S256) before it issues an ES256 ID token with the nonce.
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
	user                                 User
	clientID, redirect, challenge, nonce string
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
		writeJSON(w, map[string]any{
			"issuer": p.Issuer(), "jwks_uri": p.Issuer() + "/jwks",
			"authorization_endpoint": p.Issuer() + "/authorize", "token_endpoint": p.Issuer() + "/token",
			"userinfo_endpoint":                     p.Issuer() + "/userinfo",
			"id_token_signing_alg_values_supported": []string{"ES256"},
			"code_challenge_methods_supported":      []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /userinfo", p.userinfo)
	p.srv = httptest.NewUnstartedServer(mux)
	return p
}

// Issuer is the provider's address.
func (p *IDP) Issuer() string { return p.srv.URL }

// Close stops it.
func (p *IDP) Close() { p.srv.Close() }

// SignInNext makes u the user of the next authorization.
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
	code := random()
	if u != nil {
		p.codes[code] = grant{user: *u, clientID: q.Get("client_id"), redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), nonce: q.Get("nonce")}
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
