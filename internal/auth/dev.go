package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/utrecht/meldpunt/internal/atomicfile"
)

// Fixed identity of locally issued development tokens.
const (
	DevIssuerName = "meldpunt-dev"
	DevAudience   = "meldpunt"
)

// DevIssuer signs development staff tokens with a local ECDSA P-256 key.
// Construct it only when dev mode is explicitly enabled.
type DevIssuer struct {
	key    *ecdsa.PrivateKey
	keyID  string
	signer jose.Signer
}

// KeyID is the key id (kid, the JWK thumbprint) of the dev signing key: it is in the header of
// every token the key signs, and tells keys apart without showing them.
func (d *DevIssuer) KeyID() string { return d.keyID }

// InitDevKey generates a new ECDSA P-256 private key and writes it to path
// as a JWK with mode 0600, creating missing parent directories with mode
// 0700 (existing directories are left untouched). It never overwrites: if
// path exists the error wraps fs.ErrExist.
func InitDevKey(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("auth: creating dev key directory: %w", err)
	}
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("auth: generating dev key: %w", err)
	}
	jwk := jose.JSONWebKey{Key: priv, Algorithm: string(jose.ES256), Use: "sig"}
	thumb, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return fmt.Errorf("auth: dev key thumbprint: %w", err)
	}
	jwk.KeyID = base64.RawURLEncoding.EncodeToString(thumb)
	data, err := json.MarshalIndent(jwk, "", "  ")
	if err != nil {
		return fmt.Errorf("auth: encoding dev key: %w", err)
	}
	// Written whole, then linked into place: no overwrite, and no replica starting at the same
	// time ever reads half a key.
	if err := atomicfile.CreateNew(path, append(data, '\n'), 0o600); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("auth: dev key %s already exists; refusing to overwrite it: %w", path, err)
		}
		return fmt.Errorf("auth: writing dev key: %w", err)
	}
	return nil
}

// LoadDevIssuer reads a key written by InitDevKey. It refuses keys that are
// readable or writable by group or others.
func LoadDevIssuer(path string) (*DevIssuer, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("auth: dev signing key %s does not exist; create it first with auth.InitDevKey (the meldpunt dev CLI's key initialisation): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("auth: dev signing key: %w", err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("auth: dev signing key %s has mode %#o; it must not be accessible by group or others (chmod 600 %s)", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: reading dev signing key: %w", err)
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(data); err != nil {
		return nil, fmt.Errorf("auth: dev signing key %s is not a valid JWK: %w", path, err)
	}
	priv, ok := jwk.Key.(*ecdsa.PrivateKey)
	if !ok || !jwk.Valid() || priv.Curve != elliptic.P256() {
		return nil, fmt.Errorf("auth: dev signing key %s is not an ECDSA P-256 private key", path)
	}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if jwk.KeyID != "" {
		opts = opts.WithHeader(jose.HeaderKey("kid"), jwk.KeyID)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: priv}, opts)
	if err != nil {
		return nil, fmt.Errorf("auth: dev signer: %w", err)
	}
	return &DevIssuer{key: priv, keyID: jwk.KeyID, signer: signer}, nil
}

// devClaims is the payload of a development token.
type devClaims struct {
	jwt.Claims
	Name  string   `json:"name,omitempty"`
	Roles []string `json:"roles"`
}

// Token issues an ES256 token for subject with the given roles, valid for
// ttl from now (iss "meldpunt-dev", aud "meldpunt", sub, name, roles, iat,
// exp). subject must be non-empty, roles non-empty and all known, ttl > 0.
func (d *DevIssuer) Token(subject, name string, roles []Role, ttl time.Duration) (string, error) {
	if subject == "" {
		return "", errors.New("auth: dev token needs a subject")
	}
	if len(roles) == 0 {
		return "", errors.New("auth: dev token needs at least one role")
	}
	if ttl <= 0 {
		return "", fmt.Errorf("auth: dev token ttl must be positive, got %s", ttl)
	}
	values := make([]string, len(roles))
	for i, r := range roles {
		if _, err := ParseRole(string(r)); err != nil {
			return "", err
		}
		values[i] = string(r)
	}
	now := time.Now()
	claims := devClaims{
		Claims: jwt.Claims{
			Issuer:   DevIssuerName,
			Audience: jwt.Audience{DevAudience},
			Subject:  subject,
			IssuedAt: jwt.NewNumericDate(now),
			Expiry:   jwt.NewNumericDate(now.Add(ttl)),
		},
		Name:  name,
		Roles: values,
	}
	tok, err := jwt.Signed(d.signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("auth: signing dev token: %w", err)
	}
	return tok, nil
}

// Verifier returns a Verifier that accepts only tokens signed by this dev
// key (ES256) with issuer "meldpunt-dev" and audience "meldpunt".
func (d *DevIssuer) Verifier() Verifier {
	keys := &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{&d.key.PublicKey}}
	cfg := &oidc.Config{ClientID: DevAudience, SupportedSigningAlgs: []string{oidc.ES256}}
	return &OIDCVerifier{
		verifier:   oidc.NewVerifier(DevIssuerName, keys, cfg),
		rolesClaim: DefaultRolesClaim,
	}
}

// VerifierWithHint is Verifier for a dev server: when a token is refused because another key
// signed it (most often one made by `meldpunt dev token` with another data directory, which made
// a key of its own), the server log says so, naming both key ids and where this server's key is.
// The token itself is never logged.
func (d *DevIssuer) VerifierWithHint(log *slog.Logger, keyFile string) Verifier {
	return &hintVerifier{Verifier: d.Verifier(), keyID: d.keyID, keyFile: keyFile, log: log}
}

type hintVerifier struct {
	Verifier
	keyID, keyFile string
	log            *slog.Logger
}

func (h *hintVerifier) Verify(ctx context.Context, rawToken string) (*Staff, error) {
	st, err := h.Verifier.Verify(ctx, rawToken)
	if err == nil || !errors.Is(err, ErrUnauthenticated) || len(rawToken) > maxTokenLen {
		return st, err
	}
	tok, perr := jwt.ParseSigned(rawToken, []jose.SignatureAlgorithm{jose.ES256})
	if perr != nil || len(tok.Headers) != 1 {
		return st, err
	}
	if kid := tok.Headers[0].KeyID; kid != h.keyID {
		shown := kid
		if len(shown) > 64 {
			shown = shown[:64]
		}
		h.log.Warn(fmt.Sprintf("staff token refused: signed by key id %q, which this server does not know (its dev signing key is %s, key id %q); was it made with another data directory? Pass this server's --data-dir to `meldpunt dev token`", shown, h.keyFile, h.keyID),
			"token_key_id", shown, "server_key_id", h.keyID, "dev_key_file", h.keyFile)
	}
	return st, err
}
