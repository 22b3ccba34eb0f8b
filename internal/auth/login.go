package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// LoginConfig configures the staff pages' sign-in with an OpenID Connect provider.
type LoginConfig struct {
	// Issuer is the provider (discovery at Issuer + "/.well-known/openid-configuration").
	Issuer string
	// ClientID is Meldpunt's client at the provider; ID tokens must name it as audience.
	ClientID string
	// ClientSecret is empty for a public client (PKCE alone).
	ClientSecret string
	// RolesClaim and RoleMap: as for OIDCConfig.
	RolesClaim string
	RoleMap    RoleMap
	// HTTPClient for discovery, the token and user-info endpoints (default: 10 s timeout).
	HTTPClient *http.Client
	// Discovery, when set, is the issuer's (shared) lazy discovery.
	Discovery *Discovery
	// Scopes asked for; default "openid profile".
	Scopes []string
	// PromptLogin adds prompt=login: the provider asks for the password every time.
	PromptLogin bool
}

// Login runs the authorization-code flow with PKCE (RFC 7636, S256) and a nonce, with
// golang.org/x/oauth2 for the protocol and go-oidc for the ID token: its signature (RS256 or
// ES256 only), issuer, audience, expiry and nonce. Roles come from the ID token's roles claim
// or, when the ID token has none, from the user-info endpoint. The provider is discovered
// lazily (see Discovery): until it answers, Begin and Finish return ErrProviderUnavailable.
type Login struct {
	discovery  *Discovery
	cfg        LoginConfig
	rolesClaim string
	roleMap    RoleMap
	client     *http.Client

	mu    sync.Mutex
	ready *loginReady
}

// loginReady is what discovery gives the sign-in.
type loginReady struct {
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	// logout verifies back-channel logout tokens: as ID tokens, but exp is checked apart
	// (VerifyLogoutToken).
	logout *oidc.IDTokenVerifier
}

// LoginState is what the browser keeps between leaving for the provider and coming back
// (in a short-lived cookie): never sent to the provider except as the state and the hashes.
type LoginState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
}

// NewLogin prepares the sign-in; it makes no network request (see Discovery).
func NewLogin(ctx context.Context, cfg LoginConfig) (*Login, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" {
		return nil, errors.New("auth: sign-in needs the OIDC issuer and a client id")
	}
	if err := checkFetchURL(cfg.Issuer); err != nil {
		return nil, fmt.Errorf("auth: OIDC issuer: %w", err)
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout}
	}
	d := cfg.Discovery
	if d == nil {
		var err error
		if d, err = NewDiscovery(cfg.Issuer, client, nil); err != nil {
			return nil, err
		}
	} else if d.Issuer() != cfg.Issuer {
		return nil, errors.New("auth: the discovery is for another issuer")
	}
	rolesClaim := cfg.RolesClaim
	if rolesClaim == "" {
		rolesClaim = DefaultRolesClaim
	}
	return &Login{discovery: d, cfg: cfg, rolesClaim: rolesClaim, roleMap: cfg.RoleMap, client: client}, nil
}

// Ready discovers the provider if need be; an error wraps ErrProviderUnavailable.
func (l *Login) Ready(ctx context.Context) error {
	_, err := l.prepared(ctx)
	return err
}

func (l *Login) prepared(ctx context.Context) (*loginReady, error) {
	l.mu.Lock()
	r := l.ready
	l.mu.Unlock()
	if r != nil {
		return r, nil
	}
	provider, err := l.discovery.Provider(ctx)
	if err != nil {
		return nil, err
	}
	ep := provider.Endpoint()
	if l.cfg.ClientSecret == "" {
		ep.AuthStyle = oauth2.AuthStyleInParams
	}
	scopes := []string{oidc.ScopeOpenID, "profile"}
	if len(l.cfg.Scopes) > 0 {
		scopes = l.cfg.Scopes
	}
	r = &loginReady{
		provider: provider,
		oauth:    oauth2.Config{ClientID: l.cfg.ClientID, ClientSecret: l.cfg.ClientSecret, Endpoint: ep, Scopes: scopes},
		verifier: provider.VerifierContext(l.discovery.clientContext(), &oidc.Config{ClientID: l.cfg.ClientID, SupportedSigningAlgs: allowedAlgs()}),
		logout:   provider.VerifierContext(l.discovery.clientContext(), &oidc.Config{ClientID: l.cfg.ClientID, SupportedSigningAlgs: allowedAlgs(), SkipExpiryCheck: true}),
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ready == nil {
		l.ready = r
	}
	return l.ready, nil
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Begin returns the provider's sign-in address for a browser coming back to redirectURL, and
// the state the browser must keep.
func (l *Login) Begin(ctx context.Context, redirectURL string) (string, LoginState, error) {
	r, err := l.prepared(ctx)
	if err != nil {
		return "", LoginState{}, err
	}
	st := LoginState{State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier()}
	c := r.oauth
	c.RedirectURL = redirectURL
	opts := []oauth2.AuthCodeOption{oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)}
	if l.cfg.PromptLogin {
		opts = append(opts, oauth2.SetAuthURLParam("prompt", "login"))
	}
	return c.AuthCodeURL(st.State, opts...), st, nil
}

// Finish exchanges the code for tokens and returns the staff member. state is the state
// parameter the browser came back with, st what it kept.
func (l *Login) Finish(ctx context.Context, st LoginState, state, code, redirectURL string) (*Staff, error) {
	si, err := l.FinishSignIn(ctx, st, state, code, redirectURL)
	if err != nil {
		return nil, err
	}
	return si.Staff, nil
}

// SignIn is a finished sign-in: the staff member, and what sign-out needs of it.
type SignIn struct {
	Staff *Staff
	// IDToken is the verified ID token as the provider sent it, for id_token_hint at sign-out.
	// A credential: keep it sealed, never log it.
	IDToken string
	// SID is the ID token's sid claim (the provider's session), "" when it has none.
	SID string
}

// String never shows the ID token.
func (s SignIn) String() string { return "auth.SignIn{…}" }

// FinishSignIn is Finish, returning the ID token and its sid too.
func (l *Login) FinishSignIn(ctx context.Context, st LoginState, state, code, redirectURL string) (*SignIn, error) {
	if st.State == "" || state != st.State {
		return nil, fmt.Errorf("%w: the sign-in does not belong to this browser (state)", ErrUnauthenticated)
	}
	if code == "" {
		return nil, fmt.Errorf("%w: the provider returned no code", ErrUnauthenticated)
	}
	r, err := l.prepared(ctx)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, l.client)
	c := r.oauth
	c.RedirectURL = redirectURL
	tok, err := c.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		if _, network := errors.AsType[*url.Error](err); network {
			return nil, fmt.Errorf("%w: exchanging the code: %s", ErrProviderUnavailable, redact(code, err.Error()))
		}
		return nil, fmt.Errorf("%w: exchanging the code: %s", ErrUnauthenticated, redact(code, err.Error()))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: the provider returned no ID token", ErrUnauthenticated)
	}
	idt, err := r.verifier.Verify(ctx, raw)
	if keysUnreachable(err) {
		return nil, fmt.Errorf("%w: %s", ErrProviderUnavailable, redact(raw, err.Error()))
	}
	if err != nil {
		return nil, unauthenticated(raw, err.Error())
	}
	if issuedInFuture(idt.IssuedAt) {
		return nil, fmt.Errorf("%w: the ID token was issued in the future (iat)", ErrUnauthenticated)
	}
	if idt.Nonce != st.Nonce {
		return nil, fmt.Errorf("%w: the ID token's nonce does not match", ErrUnauthenticated)
	}
	if idt.Subject == "" {
		return nil, fmt.Errorf("%w: the ID token has no subject", ErrUnauthenticated)
	}
	var claims map[string]json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: malformed claims", ErrUnauthenticated)
	}
	// Roles or the display name missing from the ID token: the user-info answer may have them
	// (many providers put groups and profile there only).
	_, haveRoles := lookupClaim(claims, l.rolesClaim)
	if (!haveRoles || displayName(claims) == "") && r.provider.UserInfoEndpoint() != "" {
		if ui, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil && ui.Subject == idt.Subject {
			var more map[string]json.RawMessage
			if ui.Claims(&more) == nil {
				if !haveRoles {
					if v, ok := lookupClaim(more, l.rolesClaim); ok {
						claims[l.rolesClaim] = v // found by its literal name from now on
					}
				}
				if displayName(claims) == "" {
					for _, k := range []string{"name", "preferred_username"} {
						if more[k] != nil {
							claims[k] = more[k]
						}
					}
				}
			}
		}
	}
	s, reason := staffFromClaims(idt.Subject, claims, l.rolesClaim, l.roleMap)
	if s == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnauthenticated, reason)
	}
	var sid string
	if v, ok := claims["sid"]; ok {
		_ = json.Unmarshal(v, &sid)
	}
	return &SignIn{Staff: s, IDToken: raw, SID: sid}, nil
}
