package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
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
	// RolesClaim names the top-level claim holding a JSON array of role
	// strings. Defaults to DefaultRolesClaim ("roles"). Dotted paths are
	// not interpreted: "realm_access.roles" is a claim literally named so.
	RolesClaim string
	// RoleMap maps the claim's values onto roles (optional).
	RoleMap RoleMap
	// HTTPClient is used for discovery and JWKS fetches. Optional; the
	// default client has a 10s timeout.
	HTTPClient *http.Client
}

// OIDCVerifier verifies staff bearer tokens issued by an OIDC provider. It
// is safe for concurrent use; create one at startup and share it, since it
// caches the provider's signing keys.
type OIDCVerifier struct {
	verifier   *oidc.IDTokenVerifier
	rolesClaim string
	roleMap    RoleMap
}

var _ Verifier = (*OIDCVerifier)(nil)

// NewOIDCVerifier builds a verifier for cfg. With an empty JWKSURL it
// performs OIDC discovery of cfg.Issuer now (honouring ctx); otherwise no
// network request is made until the first Verify. Signing keys are fetched
// lazily and re-fetched when a token names an unknown key. Remote URLs must
// be https, except on loopback hosts (local development IdPs).
//
// ctx also carries configuration for later background key fetches, which
// outlive it: its cancellation is ignored for those.
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
	ctx = oidc.ClientContext(ctx, client)
	occfg := &oidc.Config{ClientID: cfg.Audience, SupportedSigningAlgs: allowedAlgs()}

	if cfg.JWKSURL != "" {
		if err := checkFetchURL(cfg.JWKSURL); err != nil {
			return nil, fmt.Errorf("auth: JWKS URL: %w", err)
		}
		keys := oidc.NewRemoteKeySet(ctx, cfg.JWKSURL)
		return &OIDCVerifier{verifier: oidc.NewVerifier(cfg.Issuer, keys, occfg), rolesClaim: rolesClaim, roleMap: cfg.RoleMap}, nil
	}

	if err := checkFetchURL(cfg.Issuer); err != nil {
		return nil, fmt.Errorf("auth: OIDC issuer (used for discovery): %w", err)
	}
	provider, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery for %s: %w", cfg.Issuer, err)
	}
	var meta struct {
		JWKSURL string `json:"jwks_uri"`
	}
	if err := provider.Claims(&meta); err != nil {
		return nil, fmt.Errorf("auth: OIDC discovery for %s: %w", cfg.Issuer, err)
	}
	if meta.JWKSURL == "" {
		return nil, fmt.Errorf("auth: OIDC discovery for %s: no jwks_uri", cfg.Issuer)
	}
	if err := checkFetchURL(meta.JWKSURL); err != nil {
		return nil, fmt.Errorf("auth: discovered jwks_uri: %w", err)
	}
	return &OIDCVerifier{verifier: provider.VerifierContext(ctx, occfg), rolesClaim: rolesClaim, roleMap: cfg.RoleMap}, nil
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
// expiry and not-before, then maps its claims to a Staff. It rejects tokens
// without "sub" and tokens carrying no known role. Every error wraps
// ErrUnauthenticated and never contains the token; this includes failures
// to reach the JWKS endpoint, which go-oidc does not let us tell apart.
func (v *OIDCVerifier) Verify(ctx context.Context, rawToken string) (*Staff, error) {
	if rawToken == "" {
		return nil, unauthenticated(rawToken, "missing token")
	}
	if len(rawToken) > maxTokenLen {
		return nil, unauthenticated(rawToken, "token too large")
	}
	tok, err := v.verifier.Verify(ctx, rawToken)
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

// staffFromClaims maps verified claims onto a Staff, or says why it cannot.
func staffFromClaims(subject string, claims map[string]json.RawMessage, rolesClaim string, m RoleMap) (*Staff, string) {
	var values []string
	if raw, ok := claims[rolesClaim]; ok {
		if err := json.Unmarshal(raw, &values); err != nil {
			return nil, fmt.Sprintf("claim %q is not an array of strings", rolesClaim)
		}
	}
	roles := knownRoles(values, m)
	if len(roles) == 0 {
		return nil, fmt.Sprintf("claim %q carries no known role", rolesClaim)
	}
	name := stringClaim(claims, "name")
	if name == "" {
		name = stringClaim(claims, "preferred_username")
	}
	return &Staff{Subject: subject, Name: name, Roles: roles}, ""
}

// stringClaim returns claims[key] if it is a JSON string, else "".
func stringClaim(claims map[string]json.RawMessage, key string) string {
	var s string
	if raw, ok := claims[key]; ok && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}
