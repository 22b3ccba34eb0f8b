package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// DefaultRolesClaim is the claim read for roles when OIDCConfig.RolesClaim
// is empty.
const DefaultRolesClaim = "roles"

// defaultHTTPTimeout bounds discovery and JWKS requests when the caller does
// not supply an HTTP client (http.DefaultClient has no timeout at all).
const defaultHTTPTimeout = 10 * time.Second

// maxTokenLen bounds the work spent on attacker-supplied bearer values.
const maxTokenLen = 16 << 10

// allowedAlgs returns the only JWS algorithms accepted: never "none" and
// never HS*, so a public key can never double as an HMAC secret.
func allowedAlgs() []string { return []string{oidc.RS256, oidc.ES256} }

// OIDCConfig configures an OIDCVerifier.
type OIDCConfig struct {
	// Issuer must equal the token's "iss" claim exactly. Required. When
	// JWKSURL is empty it is also the base of OIDC discovery
	// (Issuer + "/.well-known/openid-configuration").
	Issuer string
	// Audience must be one of the token's "aud" values. Required.
	Audience string
	// JWKSURL, if set, is used directly and discovery is skipped.
	JWKSURL string
	// RolesClaim names the claim holding the roles: a top-level claim of
	// that exact name, else a dotted path through nested objects
	// ("realm_access.roles"). Its value may be a string, an array of strings
	// or an object whose keys are the values. Defaults to DefaultRolesClaim
	// ("roles").
	RolesClaim string
	// RoleMap maps the claim's values onto roles (optional).
	RoleMap RoleMap
	// HTTPClient is used for discovery and JWKS fetches. Optional; the
	// default client has a 10s timeout.
	HTTPClient *http.Client
	// Discovery, when set, is the issuer's (shared) lazy discovery.
	Discovery *Discovery
}

// OIDCVerifier verifies staff bearer tokens issued by an OIDC provider. It
// is safe for concurrent use; create one at startup and share it, since it
// caches the provider's signing keys.
type OIDCVerifier struct {
	discovery  *Discovery // nil with a JWKS URL
	occfg      *oidc.Config
	rolesClaim string
	roleMap    RoleMap

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier // set once discovery succeeded (at once with a JWKS URL)
}

var _ Verifier = (*OIDCVerifier)(nil)

// NewOIDCVerifier builds a verifier for cfg. It makes no network request: with
// an empty JWKSURL, discovery of cfg.Issuer happens through cfg.Discovery (or
// one made here) when first needed, and Verify answers ErrProviderUnavailable
// until it succeeds. Signing keys are fetched lazily and re-fetched when a
// token names an unknown key. Remote URLs must be https, except on loopback
// hosts (local development IdPs).
func NewOIDCVerifier(ctx context.Context, cfg OIDCConfig) (*OIDCVerifier, error) {
	if cfg.Issuer == "" {
		return nil, errors.New("auth: OIDC issuer is required")
	}
	if cfg.Audience == "" {
		return nil, errors.New("auth: OIDC audience is required")
	}
	rolesClaim := cfg.RolesClaim
	if rolesClaim == "" {
		rolesClaim = DefaultRolesClaim
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: defaultHTTPTimeout}
	}
	occfg := &oidc.Config{ClientID: cfg.Audience, SupportedSigningAlgs: allowedAlgs()}
	v := &OIDCVerifier{occfg: occfg, rolesClaim: rolesClaim, roleMap: cfg.RoleMap}

	if cfg.JWKSURL != "" {
		if err := checkFetchURL(cfg.JWKSURL); err != nil {
			return nil, fmt.Errorf("auth: JWKS URL: %w", err)
		}
		keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.WithoutCancel(ctx), client), cfg.JWKSURL)
		v.verifier = oidc.NewVerifier(cfg.Issuer, keys, occfg)
		return v, nil
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
	v.discovery = d
	return v, nil
}

// idTokenVerifier returns go-oidc's verifier, discovering the provider if need be.
func (v *OIDCVerifier) idTokenVerifier(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	v.mu.Lock()
	iv := v.verifier
	v.mu.Unlock()
	if iv != nil {
		return iv, nil
	}
	p, err := v.discovery.Provider(ctx)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.verifier == nil {
		v.verifier = p.VerifierContext(v.discovery.clientContext(), v.occfg)
	}
	return v.verifier, nil
}

// keysUnreachable reports whether go-oidc failed to fetch the signing keys (rather than
// refusing the token): its messages say "fetching keys".
func keysUnreachable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "fetching keys")
}

// checkFetchURL requires https, allowing plain http only for loopback hosts.
func checkFetchURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback()) {
			return nil
		}
	}
	return fmt.Errorf("%q must use https (plain http only for loopback hosts)", raw)
}

// Verify checks rawToken's signature (RS256/ES256 only), issuer, audience,
// expiry, not-before and issued-at (not more than clockSkew ahead), then maps its claims to a Staff. It rejects tokens
// without "sub" and tokens carrying no known role. While the provider's
// discovery document or keys cannot be fetched the error wraps
// ErrProviderUnavailable; every other error wraps ErrUnauthenticated. No
// error contains the token.
func (v *OIDCVerifier) Verify(ctx context.Context, rawToken string) (*Staff, error) {
	if rawToken == "" {
		return nil, unauthenticated(rawToken, "missing token")
	}
	if len(rawToken) > maxTokenLen {
		return nil, unauthenticated(rawToken, "token too large")
	}
	iv, err := v.idTokenVerifier(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := iv.Verify(ctx, rawToken)
	if keysUnreachable(err) {
		return nil, fmt.Errorf("%w: %s", ErrProviderUnavailable, redact(rawToken, err.Error()))
	}
	if err != nil {
		var expired *oidc.TokenExpiredError
		if errors.As(err, &expired) {
			if expired.Expiry.IsZero() {
				return nil, unauthenticated(rawToken, "token has no expiry")
			}
			return nil, unauthenticated(rawToken, "token expired at "+expired.Expiry.UTC().Format(time.RFC3339))
		}
		return nil, unauthenticated(rawToken, err.Error())
	}
	if issuedInFuture(tok.IssuedAt) {
		return nil, unauthenticated(rawToken, "token issued in the future (iat)")
	}
	if tok.Subject == "" {
		return nil, unauthenticated(rawToken, "token has no subject")
	}
	var claims map[string]json.RawMessage
	if err := tok.Claims(&claims); err != nil {
		return nil, unauthenticated(rawToken, "malformed claims")
	}
	s, reason := staffFromClaims(tok.Subject, claims, v.rolesClaim, v.roleMap)
	if s == nil {
		return nil, unauthenticated(rawToken, reason)
	}
	return s, nil
}

// issuedInFuture reports whether a token's "iat" lies further ahead than the clock skew allowed.
// A token issued in the future comes from a provider whose clock is wrong, or was minted to
// outlive the checks on its age; go-oidc checks exp and nbf but not iat, so every staff token —
// bearer tokens and the ID token of a sign-in — is checked here.
func issuedInFuture(iat time.Time) bool { return iat.After(time.Now().Add(clockSkew)) }

// staffFromClaims maps verified claims onto a Staff, or says why it cannot.
func staffFromClaims(subject string, claims map[string]json.RawMessage, rolesClaim string, m RoleMap) (*Staff, string) {
	var values []string
	if raw, ok := lookupClaim(claims, rolesClaim); ok {
		var err error
		if values, err = claimValues(raw); err != nil {
			return nil, fmt.Sprintf("claim %q: %v", rolesClaim, err)
		}
	}
	roles := knownRoles(values, m)
	// In the roles' own order, whatever order the claim had (an object's keys have none).
	slices.Sort(roles)
	roles = slices.Compact(roles)
	if len(roles) == 0 {
		return nil, fmt.Sprintf("claim %q carries no known role", rolesClaim)
	}
	return &Staff{Subject: subject, Name: displayName(claims), Roles: roles}, ""
}

// displayName is the "name" claim, else "preferred_username".
func displayName(claims map[string]json.RawMessage) string {
	if name := stringClaim(claims, "name"); name != "" {
		return name
	}
	return stringClaim(claims, "preferred_username")
}

// lookupClaim finds the claim named path: a top-level claim of exactly that name (which may
// hold dots, as in "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"), else the
// dotted path through nested objects ("realm_access.roles", "resource_access.meldpunt.roles").
func lookupClaim(claims map[string]json.RawMessage, path string) (json.RawMessage, bool) {
	if raw, ok := claims[path]; ok {
		return raw, true
	}
	first, rest, ok := strings.Cut(path, ".")
	if !ok {
		return nil, false
	}
	raw, ok := claims[first]
	if !ok {
		return nil, false
	}
	var inner map[string]json.RawMessage
	if json.Unmarshal(raw, &inner) != nil {
		return nil, false
	}
	return lookupClaim(inner, rest)
}

// claimValues reads a roles claim as providers send it: a string (ADFS with one role), an
// array of strings (Entra ID, Keycloak, Okta, Dex), or an object whose keys are the values
// (ZITADEL's "urn:zitadel:iam:org:project:roles"). null is no value.
func claimValues(raw json.RawMessage) ([]string, error) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys, nil
	}
	return nil, errors.New("not a string, an array of strings or an object")
}

// stringClaim returns claims[key] if it is a JSON string, else "".
func stringClaim(claims map[string]json.RawMessage, key string) string {
	var s string
	if raw, ok := claims[key]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}
