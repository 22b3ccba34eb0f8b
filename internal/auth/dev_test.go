package auth

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"
)

// newDevIssuer initialises a key in a fresh nested directory and loads it.
func newDevIssuer(t *testing.T) (*DevIssuer, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "meldpunt", "dev-signing-key.jwk")
	if err := InitDevKey(path); err != nil {
		t.Fatalf("InitDevKey: %v", err)
	}
	d, err := LoadDevIssuer(path)
	if err != nil {
		t.Fatalf("LoadDevIssuer: %v", err)
	}
	return d, path
}

func TestDevIssuerRoundTrip(t *testing.T) {
	t.Parallel()
	d, _ := newDevIssuer(t)
	tests := []struct {
		name      string
		sub, user string
		roles     []Role
		want      *Staff
	}{
		{"single role", "dev-1", "Dev One", []Role{RoleIntake}, &Staff{Subject: "dev-1", Name: "Dev One", Roles: []Role{RoleIntake}}},
		{"duplicates sorted", "dev-2", "", []Role{RoleHR, RoleAdmin, RoleHR}, &Staff{Subject: "dev-2", Roles: []Role{RoleAdmin, RoleHR}}},
		{"all roles", "dev-3", "Dev Three", AllRoles(), &Staff{Subject: "dev-3", Name: "Dev Three", Roles: []Role{
			RoleAdmin, RoleAdviser, RoleAuditor, RoleHR, RoleIntake, RoleIntegrityTeam, RoleManager,
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok, err := d.Token(tc.sub, tc.user, tc.roles, time.Hour)
			if err != nil {
				t.Fatalf("Token: %v", err)
			}
			assertDevHeader(t, tok)
			got, err := d.Verifier().Verify(t.Context(), tok)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Staff (-want +got):\n%s", diff)
			}
		})
	}
}

// assertDevHeader checks the token is ES256 and carries the expected claims.
func assertDevHeader(t *testing.T, tok string) {
	t.Helper()
	jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatalf("ParseSignedCompact: %v", err)
	}
	if kid := jws.Signatures[0].Header.KeyID; kid == "" {
		t.Error("dev token has no kid")
	}
	payload := string(jws.UnsafePayloadWithoutVerification())
	for _, want := range []string{`"iss":"meldpunt-dev"`, `"aud":"meldpunt"`, `"exp":`, `"iat":`, `"sub":`, `"roles":`} {
		if !strings.Contains(payload, want) {
			t.Errorf("payload %s lacks %s", payload, want)
		}
	}
}

func TestDevVerifierRejects(t *testing.T) {
	t.Parallel()
	d, _ := newDevIssuer(t)
	other, _ := newDevIssuer(t)
	idp := newTestIDP(t)
	tests := []struct {
		name  string
		token func(t *testing.T) string
	}{
		{"other dev key", func(t *testing.T) string { return mustToken(t, other, time.Hour) }},
		{"expired", func(t *testing.T) string { return mustToken(t, d, time.Nanosecond) }},
		{"OIDC provider token", func(t *testing.T) string {
			c := idp.claims()
			c["iss"], c["aud"] = DevIssuerName, DevAudience
			return sign(t, jose.RS256, idp.rsaKey, "", c)
		}},
		{"alg none", func(t *testing.T) string {
			c := idp.claims()
			c["iss"], c["aud"] = DevIssuerName, DevAudience
			return unsignedToken(t, c)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok := tc.token(t)
			time.Sleep(2 * time.Millisecond) // let the nanosecond token lapse
			got, err := d.Verifier().Verify(t.Context(), tok)
			assertRejected(t, tok, got, err)
		})
	}
}

func mustToken(t *testing.T, d *DevIssuer, ttl time.Duration) string {
	t.Helper()
	tok, err := d.Token("dev-1", "Dev", []Role{RoleAdviser}, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestDevTokenArgs(t *testing.T) {
	t.Parallel()
	d, _ := newDevIssuer(t)
	tests := []struct {
		name  string
		sub   string
		roles []Role
		ttl   time.Duration
		want  string
	}{
		{"no subject", "", []Role{RoleIntake}, time.Hour, "subject"},
		{"no roles", "u", nil, time.Hour, "role"},
		{"unknown role", "u", []Role{"janitor"}, time.Hour, "valid roles"},
		{"zero ttl", "u", []Role{RoleIntake}, 0, "ttl"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := d.Token(tc.sub, "", tc.roles, tc.ttl); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Token error = %v, want mention of %q", err, tc.want)
			}
		})
	}
}

func TestInitDevKeyFileModesAndNoOverwrite(t *testing.T) {
	t.Parallel()
	_, path := newDevIssuer(t)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("key file mode = %#o, want 0600", got)
	}
	dir, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if got := dir.Mode().Perm(); got != 0o700 {
		t.Errorf("key dir mode = %#o, want 0700", got)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := InitDevKey(path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second InitDevKey error = %v, want fs.ErrExist", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("InitDevKey overwrote an existing key")
	}
}

func TestLoadDevIssuerErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	_, good := newDevIssuer(t)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing", filepath.Join(dir, "absent.jwk"), "InitDevKey"},
		{"world readable", write("loose.jwk", string(data), 0o644), "chmod 600"},
		{"not a JWK", write("junk.jwk", "hello", 0o600), "not a valid JWK"},
		{"public key only", write("pub.jwk", publicOnly(t, data), 0o600), "private key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := LoadDevIssuer(tc.path); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("LoadDevIssuer error = %v, want mention of %q", err, tc.want)
			}
		})
	}
}

func publicOnly(t *testing.T, privJWK []byte) string {
	t.Helper()
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON(privJWK); err != nil {
		t.Fatal(err)
	}
	out, err := k.Public().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
