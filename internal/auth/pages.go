package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Identity of the tokens the staff pages mint for their own calls to the services.
const (
	PagesIssuerName = "meldpunt-pages"
	pagesAudience   = "meldpunt-pages"
	pagesTokenTTL   = 2 * time.Minute
)

// PagesIssuer signs the short-lived tokens with which the staff pages call the services over
// the in-process connection, on behalf of the signed-in staff member: the pages hold a session,
// not the identity provider's token, and every call still passes the same authentication,
// need-to-know rules and audit as an API call.
//
// Its key is made in memory when the process starts and never leaves it: no file, no
// configuration, nothing to steal from disk. A token is valid for two minutes, and only in the
// process that made it.
type PagesIssuer struct {
	key    *ecdsa.PrivateKey
	signer jose.Signer
}

// NewPagesIssuer makes a fresh key.
func NewPagesIssuer() (*PagesIssuer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, err
	}
	return &PagesIssuer{key: key, signer: signer}, nil
}

// Token signs a token for s.
func (p *PagesIssuer) Token(s *Staff) (string, error) {
	if s == nil || s.Subject == "" || len(s.Roles) == 0 {
		return "", errors.New("auth: a pages token needs a subject and a role")
	}
	values := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		values[i] = string(r)
	}
	now := time.Now()
	tok, err := jwt.Signed(p.signer).Claims(devClaims{
		Claims: jwt.Claims{
			Issuer: PagesIssuerName, Audience: jwt.Audience{pagesAudience}, Subject: s.Subject,
			IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(pagesTokenTTL)),
		},
		Name: s.Name, Roles: values,
	}).Serialize()
	if err != nil {
		return "", fmt.Errorf("auth: signing a pages token: %w", err)
	}
	return tok, nil
}

// Verifier accepts only this issuer's tokens.
func (p *PagesIssuer) Verifier() Verifier {
	keys := &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{&p.key.PublicKey}}
	return &OIDCVerifier{
		verifier:   oidc.NewVerifier(PagesIssuerName, keys, &oidc.Config{ClientID: pagesAudience, SupportedSigningAlgs: []string{oidc.ES256}}),
		rolesClaim: DefaultRolesClaim,
	}
}
