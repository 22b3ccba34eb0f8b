// Package auth authenticates Meldpunt staff.
//
// Staff requests carry "Authorization: Bearer <JWT>". The token is verified
// against a configured OpenID Connect issuer (discovery or an explicit JWKS
// URL) using github.com/coreos/go-oidc and github.com/go-jose/go-jose. This
// package deliberately contains no hand-rolled cryptography or JWT parsing:
// signature checks, algorithm allow-listing and exp/nbf/iss/aud validation
// are delegated to those well-reviewed libraries, and this package only maps
// verified claims onto a [Staff] value.
//
// Only RS256 and ES256 signatures are accepted; "none" and HMAC (HS*)
// algorithms are always refused, so a public key can never be abused as an
// HMAC secret.
//
// Meldpunt handles confidential integrity reports, so bearer tokens are
// credentials that must never be logged. Nothing in this package logs, and
// every error returned by [Verifier.Verify] wraps [ErrUnauthenticated] with a
// message that never echoes the token (see redact). Callers must likewise
// keep the raw header value out of logs, traces and error responses.
//
// [DevIssuer] mints locally signed tokens for development ("meldpunt dev
// token"). It must only be constructed when dev mode is explicitly on; the
// CLI/server wiring enforces that, not this package. A dev verifier only
// trusts tokens from the local dev key (issuer "meldpunt-dev").
package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrUnauthenticated is wrapped by every error returned from
// [Verifier.Verify]. Handlers should map it to HTTP 401 without detail.
var ErrUnauthenticated = errors.New("auth: unauthenticated")

// Role is a staff role, as carried in the token's roles claim.
type Role string

// Known roles. Role strings in tokens that are not listed here are ignored.
const (
	// RoleIntake receives web-form reports, acknowledges them and messages
	// reporters.
	RoleIntake Role = "intake"
	// RoleAdviser is the confidential adviser (vertrouwenspersoon).
	RoleAdviser       Role = "adviser"
	RoleManager       Role = "manager"
	RoleIntegrityTeam Role = "integrity_team"
	RoleHR            Role = "hr"
	RoleAdmin         Role = "admin"
	RoleAuditor       Role = "auditor"
)

// AllRoles returns every known role in declaration order. The returned slice
// is freshly allocated; callers may modify it.
func AllRoles() []Role {
	return []Role{
		RoleIntake,
		RoleAdviser,
		RoleManager,
		RoleIntegrityTeam,
		RoleHR,
		RoleAdmin,
		RoleAuditor,
	}
}

// ParseRole returns the Role named s (exact, case-sensitive match). Unknown
// names yield an error listing the valid roles.
func ParseRole(s string) (Role, error) {
	all := AllRoles()
	if slices.Contains(all, Role(s)) {
		return Role(s), nil
	}
	names := make([]string, len(all))
	for i, r := range all {
		names[i] = string(r)
	}
	return "", fmt.Errorf("auth: unknown role %q (valid roles: %s)", s, strings.Join(names, ", "))
}

// RoleMap maps claim values (an identity provider's group or role names) onto Meldpunt roles.
// When a map is given, values not in it are ignored, also those spelled like a role.
type RoleMap map[string]Role

// ParseRoleMap reads "value=role,value=role" (e.g. "GG-Meldpunt-Advisers=adviser"). An empty
// string is an empty map.
func ParseRoleMap(s string) (RoleMap, error) {
	m := RoleMap{}
	for pair := range strings.SplitSeq(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		value, role, ok := strings.Cut(pair, "=")
		value, role = strings.TrimSpace(value), strings.TrimSpace(role)
		if !ok || value == "" {
			return nil, fmt.Errorf("auth: role mapping %q: write claim-value=role", pair)
		}
		r, err := ParseRole(role)
		if err != nil {
			return nil, fmt.Errorf("auth: role mapping %q: %w", pair, err)
		}
		m[value] = r
	}
	return m, nil
}

// String writes the map back as ParseRoleMap reads it, sorted.
func (m RoleMap) String() string {
	pairs := make([]string, 0, len(m))
	for v, r := range m {
		pairs = append(pairs, v+"="+string(r))
	}
	slices.Sort(pairs)
	return strings.Join(pairs, ",")
}

// knownRoles maps claim values to known roles, ignoring unknown strings, and returns them
// de-duplicated and sorted. With a mapping, only mapped values count: a directory group that
// happens to be called "admin" must not make its members administrators. Without one, a value
// counts when it is a role's name.
func knownRoles(values []string, m RoleMap) []Role {
	var roles []Role
	for _, v := range values {
		if len(m) > 0 {
			if r, ok := m[v]; ok {
				roles = append(roles, r)
			}
		} else if r, err := ParseRole(v); err == nil {
			roles = append(roles, r)
		}
	}
	slices.Sort(roles)
	return slices.Compact(roles)
}

// Staff is an authenticated staff member.
type Staff struct {
	// Subject is the token's "sub" claim: the stable identifier of the
	// staff member at the identity provider. Use it (not Name) for
	// authorisation decisions and audit records.
	Subject string
	// Name is the display name from the "name" claim (falling back to
	// "preferred_username"); it may be empty.
	Name string
	// Roles are the known roles from the token, de-duplicated and sorted.
	// Never empty for a Staff returned by a Verifier.
	Roles []Role
}

// Has reports whether s holds role r. A nil Staff has no roles.
func (s *Staff) Has(r Role) bool {
	return s != nil && slices.Contains(s.Roles, r)
}

// Verifier verifies a raw bearer token (without the "Bearer " prefix) and
// returns the staff member it identifies. Every error wraps
// ErrUnauthenticated and never contains the token.
type Verifier interface {
	Verify(ctx context.Context, rawToken string) (*Staff, error)
}

// unauthenticated builds an error wrapping ErrUnauthenticated whose text is
// guaranteed not to contain rawToken.
func unauthenticated(rawToken, reason string) error {
	return fmt.Errorf("%w: %s", ErrUnauthenticated, redact(rawToken, reason))
}

// redact returns msg, or a generic message if msg contains the token or any
// non-trivial part of it. Library errors do not normally quote tokens; this
// is a belt-and-braces guard because the messages end up in logs.
func redact(rawToken, msg string) string {
	const generic = "invalid token"
	const maxLen = 300
	if rawToken != "" && strings.Contains(msg, rawToken) {
		return generic
	}
	for part := range strings.SplitSeq(rawToken, ".") {
		if len(part) >= 8 && strings.Contains(msg, part) {
			return generic
		}
	}
	if len(msg) > maxLen {
		msg = msg[:maxLen] + "…"
	}
	return msg
}
