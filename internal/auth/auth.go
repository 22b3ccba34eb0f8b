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
// credentials that must never be logged. Only [Discovery] logs (the
// provider's outage and recovery, with the issuer), and every error returned
// by [Verifier.Verify] wraps [ErrUnauthenticated] (or, while the provider
// cannot be reached, [ErrProviderUnavailable]) with a message that never
// echoes the token (see redact). Callers must likewise
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
// [Verifier.Verify] except ErrProviderUnavailable. Handlers should map it to
// HTTP 401 without detail.
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

// RoleMap maps claim values (an identity provider's group or role names) onto Meldpunt roles;
// one value may give several roles. When a map is given, values not in it are ignored, also
// those spelled like a role.
type RoleMap map[string][]Role

// ParseRoleMap reads a role map as --oidc-role-map takes it:
//
//	GG-Meldpunt-Advisers=adviser,GG-HR=hr
//	GG-Meldpunt-Advisers=adviser+intake          one group, several roles
//	GG-Meldpunt-Advisers=adviser,GG-Meldpunt-Advisers=intake   the same
//	CN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl=adviser;CN=GG-HR,OU=Groepen,DC=utrecht,DC=nl=hr
//
// Entries are separated by commas, or by semicolons when the text holds a semicolon (then
// commas belong to the group names, as in LDAP distinguished names). Each entry is split at
// its last "=": the group name may itself hold "=" (role names never do). Roles are joined
// with "+". A value named twice collects the roles of both entries. An empty string is an
// empty map.
func ParseRoleMap(s string) (RoleMap, error) {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	m := RoleMap{}
	for entry := range strings.SplitSeq(s, sep) {
		if err := m.add(entry); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ParseRoleMapLines reads a role map file: one "group=role[+role]" per line, split at the
// last "=", so a group name may hold "=" and ","; empty lines and lines starting with "#" are
// skipped. Errors name the line.
func ParseRoleMapLines(text string) (RoleMap, error) {
	m := RoleMap{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := m.add(line); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
	}
	return m, nil
}

// Merge adds other's mappings to m.
func (m RoleMap) Merge(other RoleMap) {
	for v, roles := range other {
		m[v] = sortedRoles(append(m[v], roles...))
	}
}

func (m RoleMap) add(entry string) error {
	entry = strings.TrimSpace(entry)
	if entry == "" {
		return nil
	}
	i := strings.LastIndex(entry, "=")
	if i < 0 {
		return fmt.Errorf("auth: role mapping %q: write group=role (several roles as role+role)", entry)
	}
	value, list := strings.TrimSpace(entry[:i]), strings.TrimSpace(entry[i+1:])
	if value == "" {
		return fmt.Errorf("auth: role mapping %q: the group (claim value) is empty", entry)
	}
	var roles []Role
	for name := range strings.SplitSeq(list, "+") {
		r, err := ParseRole(strings.TrimSpace(name))
		if err != nil {
			return fmt.Errorf("auth: role mapping %q: %w", entry, err)
		}
		roles = append(roles, r)
	}
	m[value] = sortedRoles(append(m[value], roles...))
	return nil
}

// String writes the map back as ParseRoleMap reads it, sorted (";"-terminated when a group
// name holds a comma).
func (m RoleMap) String() string {
	pairs := make([]string, 0, len(m))
	sep := ","
	for v, roles := range m {
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		if strings.ContainsAny(v, ",;") {
			sep = ";"
		}
		pairs = append(pairs, v+"="+strings.Join(names, "+"))
	}
	slices.Sort(pairs)
	if sep == ";" {
		return strings.Join(pairs, sep) + sep // a trailing ";" keeps a single entry in this syntax
	}
	return strings.Join(pairs, sep)
}

func sortedRoles(roles []Role) []Role {
	slices.Sort(roles)
	return slices.Compact(roles)
}

// knownRoles maps claim values to known roles, ignoring unknown strings, and returns them
// de-duplicated and sorted. With a mapping, only mapped values count: a directory group that
// happens to be called "admin" must not make its members administrators. Without one, a value
// counts when it is a role's name.
func knownRoles(values []string, m RoleMap) []Role {
	var roles []Role
	for _, v := range values {
		if len(m) > 0 {
			roles = append(roles, m[v]...)
		} else if r, err := ParseRole(v); err == nil {
			roles = append(roles, r)
		}
	}
	return sortedRoles(roles)
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
// ErrUnauthenticated, or ErrProviderUnavailable when the token cannot be
// checked now, and never contains the token.
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
