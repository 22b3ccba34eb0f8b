package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Role
		wantErr bool
	}{
		{"intake", RoleIntake, false},
		{"adviser", RoleAdviser, false},
		{"manager", RoleManager, false},
		{"integrity_team", RoleIntegrityTeam, false},
		{"hr", RoleHR, false},
		{"admin", RoleAdmin, false},
		{"auditor", RoleAuditor, false},
		{"", "", true},
		{"Admin", "", true},
		{" admin", "", true},
		{"vertrouwenspersoon", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRole(tc.in)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("ParseRole(%q) = %q, want error", tc.in, got)
				}
				for _, r := range AllRoles() {
					if !strings.Contains(err.Error(), string(r)) {
						t.Errorf("error %q does not list role %q", err, r)
					}
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseRole(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestAllRolesIsACopy(t *testing.T) {
	t.Parallel()
	a := AllRoles()
	if len(a) != 7 {
		t.Fatalf("AllRoles() has %d roles, want 7", len(a))
	}
	a[0] = "tampered"
	if AllRoles()[0] != RoleIntake {
		t.Error("mutating AllRoles() result changed package state")
	}
}

func TestStaffHas(t *testing.T) {
	t.Parallel()
	s := &Staff{Subject: "x", Roles: []Role{RoleAdviser, RoleIntake}}
	var nilStaff *Staff
	tests := []struct {
		name  string
		staff *Staff
		role  Role
		want  bool
	}{
		{"held", s, RoleIntake, true},
		{"also held", s, RoleAdviser, true},
		{"not held", s, RoleAdmin, false},
		{"nil staff", nilStaff, RoleIntake, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.staff.Has(tc.role); got != tc.want {
				t.Errorf("Has(%q) = %v, want %v", tc.role, got, tc.want)
			}
		})
	}
}

func TestKnownRoles(t *testing.T) {
	t.Parallel()
	got := knownRoles([]string{"manager", "ghost", "admin", "manager", "", "HR"}, nil)
	if diff := cmp.Diff([]Role{RoleAdmin, RoleManager}, got); diff != "" {
		t.Errorf("knownRoles (-want +got):\n%s", diff)
	}
}

// With a role mapping only mapped values count: a directory group that happens to be called
// "admin" does not make its members administrators.
func TestRoleMapIsTheOnlySourceOnceGiven(t *testing.T) {
	t.Parallel()
	m, err := ParseRoleMap(" GG-Meldpunt-Beheer = admin , GG-HR=hr")
	if err != nil {
		t.Fatal(err)
	}
	got := knownRoles([]string{"Afdeling-Sport", "admin", "auditor", "GG-HR"}, m)
	if diff := cmp.Diff([]Role{RoleHR}, got); diff != "" {
		t.Errorf("knownRoles with a map (-want +got):\n%s", diff)
	}
	if m.String() != "GG-HR=hr,GG-Meldpunt-Beheer=admin" {
		t.Errorf("String() = %q", m.String())
	}
	for _, bad := range []string{"GG-X", "GG-X=root", "=admin"} {
		if _, err := ParseRoleMap(bad); err == nil {
			t.Errorf("ParseRoleMap(%q) accepted", bad)
		}
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	const tok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl"
	tests := []struct {
		name, msg, want string
	}{
		{"clean", "oidc: expected audience", "oidc: expected audience"},
		{"whole token", "bad token " + tok, "invalid token"},
		{"header segment", "bad header eyJhbGciOiJSUzI1NiJ9", "invalid token"},
		{"signature segment", "sig c2lnbmF0dXJlc2lnbmF0dXJl mismatch", "invalid token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := redact(tok, tc.msg); got != tc.want {
				t.Errorf("redact = %q, want %q", got, tc.want)
			}
		})
	}
	err := unauthenticated(tok, "x")
	if !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("unauthenticated() = %v, does not wrap ErrUnauthenticated", err)
	}
}
