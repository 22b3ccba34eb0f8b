package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

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
}

// Login runs the authorization-code flow with PKCE (RFC 7636, S256) and a nonce, with
// golang.org/x/oauth2 for the protocol and go-oidc for the ID token: its signature (RS256 or
// ES256 only), issuer, audience, expiry and nonce. Roles come from the ID token's roles claim
// or, when the ID token has none, from the user-info endpoint.
type Login struct {
	provider   *oidc.Provider
	oauth      oauth2.Config
	verifier   *oidc.IDTokenVerifier
	rolesClaim string
	roleMap    RoleMap
	client     *http.Client
}

// LoginState is what the browser keeps between leaving for the provider and coming back
// (in a short-lived cookie): never sent to the provider except as the state and the hashes.
type LoginState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
}

// NewLogin discovers the provider.
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
	ctx = oidc.ClientContext(ctx, client)
	provider, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery for %s: %w", cfg.Issuer, err)
	}
	ep := provider.Endpoint()
	if ep.AuthURL == "" || ep.TokenURL == "" {
		return nil, fmt.Errorf("auth: OIDC discovery for %s: no authorization or token endpoint", cfg.Issuer)
	}
	rolesClaim := cfg.RolesClaim
	if rolesClaim == "" {
		rolesClaim = DefaultRolesClaim
	}
	if cfg.ClientSecret == "" {
		ep.AuthStyle = oauth2.AuthStyleInParams
	}
	return &Login{
		provider: provider,
		oauth: oauth2.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: ep,
			Scopes: []string{oidc.ScopeOpenID, "profile"},
		},
		verifier:   provider.VerifierContext(ctx, &oidc.Config{ClientID: cfg.ClientID, SupportedSigningAlgs: allowedAlgs()}),
		rolesClaim: rolesClaim, roleMap: cfg.RoleMap, client: client,
	}, nil
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Begin returns the provider's sign-in address for a browser coming back to redirectURL, and
// the state the browser must keep.
func (l *Login) Begin(redirectURL string) (string, LoginState) {
	st := LoginState{State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier()}
	c := l.oauth
	c.RedirectURL = redirectURL
	return c.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), st
}

// Finish exchanges the code for tokens and returns the staff member. state is the state
// parameter the browser came back with, st what it kept.
func (l *Login) Finish(ctx context.Context, st LoginState, state, code, redirectURL string) (*Staff, error) {
	if st.State == "" || state != st.State {
		return nil, fmt.Errorf("%w: the sign-in does not belong to this browser (state)", ErrUnauthenticated)
	}
	if code == "" {
		return nil, fmt.Errorf("%w: the provider returned no code", ErrUnauthenticated)
	}
	ctx = oidc.ClientContext(ctx, l.client)
	c := l.oauth
	c.RedirectURL = redirectURL
	tok, err := c.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return nil, fmt.Errorf("%w: exchanging the code: %s", ErrUnauthenticated, redact(code, err.Error()))
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: the provider returned no ID token", ErrUnauthenticated)
	}
	idt, err := l.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, unauthenticated(raw, err.Error())
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
	if _, ok := claims[l.rolesClaim]; !ok && l.provider.UserInfoEndpoint() != "" {
		if ui, err := l.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil && ui.Subject == idt.Subject {
			var more map[string]json.RawMessage
			if ui.Claims(&more) == nil {
				for _, k := range []string{l.rolesClaim, "name", "preferred_username"} {
					if _, have := claims[k]; !have && more[k] != nil {
						claims[k] = more[k]
					}
				}
			}
		}
	}
	s, reason := staffFromClaims(idt.Subject, claims, l.rolesClaim, l.roleMap)
	if s == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnauthenticated, reason)
	}
	return s, nil
}
