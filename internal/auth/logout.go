package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// BackChannelLogoutEvent is the event a logout token carries (OpenID Connect Back-Channel
// Logout 1.0, section 2.4).
const BackChannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout"

// logoutTokenMaxAge: a logout token issued longer ago is refused. Within it a replayed token
// ends again what already ended (nothing), so the jti need not be remembered.
const logoutTokenMaxAge = 10 * time.Minute

// clockSkew is allowed between the provider's clock and ours.
const clockSkew = time.Minute

// ErrBadLogoutToken is returned for a logout token that is not valid; its message names the
// check that failed (for the log), never the token.
var ErrBadLogoutToken = errors.New("auth: invalid logout token")

// EndSessionURL is the provider's end-session address (OpenID Connect RP-Initiated Logout 1.0)
// with id_token_hint (when the sign-in kept one), post_logout_redirect_uri, client_id and state;
// "" when the provider's discovery names no end_session_endpoint. An error wraps
// ErrProviderUnavailable.
func (l *Login) EndSessionURL(ctx context.Context, idTokenHint, postLogoutRedirect, state string) (string, error) {
	r, err := l.prepared(ctx)
	if err != nil {
		return "", err
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := r.provider.Claims(&meta); err != nil || meta.EndSession == "" {
		return "", nil
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil || checkFetchURL(meta.EndSession) != nil { // https, or http on loopback
		return "", nil
	}
	q := u.Query()
	if idTokenHint != "" {
		q.Set("id_token_hint", idTokenHint)
	}
	q.Set("post_logout_redirect_uri", postLogoutRedirect)
	q.Set("client_id", l.cfg.ClientID)
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Logout is what a verified logout token names: the subject and/or the provider's session.
type Logout struct {
	Subject, SID string
}

// VerifyLogoutToken checks a back-channel logout token as section 2.6 of the specification asks:
// signed with a key of the provider's JWKS (RS256 or ES256), issuer, audience = the client id,
// iat (not in the future, not older than ten minutes), exp when present, a jti, the
// back-channel-logout event, no nonce, and a sub or a sid. Errors wrap ErrBadLogoutToken, or
// ErrProviderUnavailable when the provider or its keys cannot be reached.
func (l *Login) VerifyLogoutToken(ctx context.Context, raw string, now time.Time) (*Logout, error) {
	r, err := l.prepared(ctx)
	if err != nil {
		return nil, err
	}
	idt, err := r.logout.Verify(ctx, raw)
	if keysUnreachable(err) {
		return nil, fmt.Errorf("%w: %s", ErrProviderUnavailable, redact(raw, err.Error()))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadLogoutToken, redact(raw, err.Error()))
	}
	var c struct {
		Jti    string                     `json:"jti"`
		Sid    string                     `json:"sid"`
		Iat    *float64                   `json:"iat"`
		Exp    *float64                   `json:"exp"`
		Nonce  *json.RawMessage           `json:"nonce"`
		Events map[string]json.RawMessage `json:"events"`
	}
	if err := idt.Claims(&c); err != nil {
		return nil, fmt.Errorf("%w: malformed claims", ErrBadLogoutToken)
	}
	switch {
	case c.Iat == nil:
		return nil, fmt.Errorf("%w: no iat", ErrBadLogoutToken)
	case time.Unix(int64(*c.Iat), 0).After(now.Add(clockSkew)):
		return nil, fmt.Errorf("%w: issued in the future", ErrBadLogoutToken)
	case time.Unix(int64(*c.Iat), 0).Before(now.Add(-logoutTokenMaxAge)):
		return nil, fmt.Errorf("%w: issued too long ago", ErrBadLogoutToken)
	case c.Exp != nil && !time.Unix(int64(*c.Exp), 0).After(now.Add(-clockSkew)):
		return nil, fmt.Errorf("%w: expired", ErrBadLogoutToken)
	case c.Jti == "":
		return nil, fmt.Errorf("%w: no jti", ErrBadLogoutToken)
	case c.Nonce != nil:
		return nil, fmt.Errorf("%w: it carries a nonce", ErrBadLogoutToken)
	case c.Events[BackChannelLogoutEvent] == nil:
		return nil, fmt.Errorf("%w: no back-channel-logout event", ErrBadLogoutToken)
	case idt.Subject == "" && c.Sid == "":
		return nil, fmt.Errorf("%w: neither sub nor sid", ErrBadLogoutToken)
	}
	var ev any
	if json.Unmarshal(c.Events[BackChannelLogoutEvent], &ev) != nil {
		return nil, fmt.Errorf("%w: malformed event", ErrBadLogoutToken)
	}
	if _, ok := ev.(map[string]any); !ok {
		return nil, fmt.Errorf("%w: the event is not a JSON object", ErrBadLogoutToken)
	}
	return &Logout{Subject: idt.Subject, SID: c.Sid}, nil
}
