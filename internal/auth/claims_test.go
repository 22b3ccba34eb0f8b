package auth

import (
	"encoding/json"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"
)

func claimsOf(t *testing.T, js string) map[string]json.RawMessage {
	t.Helper()
	var c map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// The roles claim in the shapes the providers send it.
func TestRolesClaimShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, claim, claims string
		roleMap             string
		want                []Role
	}{
		{"Keycloak realm roles", "realm_access.roles",
			`{"realm_access":{"roles":["offline_access","meldpunt-intake","uma_authorization"]}}`, "meldpunt-intake=intake", []Role{RoleIntake}},
		{"Keycloak client roles", "resource_access.meldpunt.roles",
			`{"resource_access":{"account":{"roles":["manage-account"]},"meldpunt":{"roles":["adviser","hr"]}}}`, "", []Role{RoleAdviser, RoleHR}},
		{"Entra ID app roles", "roles",
			`{"roles":["Meldpunt.Intake","Meldpunt.Auditor"],"groups":["0b5c5c2e-1111-2222-3333-444455556666"]}`, "Meldpunt.Intake=intake,Meldpunt.Auditor=auditor", []Role{RoleIntake, RoleAuditor}},
		{"ADFS single role string", "role",
			`{"role":"GG-Meldpunt-HR"}`, "GG-Meldpunt-HR=hr", []Role{RoleHR}},
		{"ADFS several roles as an array", "role",
			`{"role":["GG-Meldpunt-HR","GG-Other"]}`, "GG-Meldpunt-HR=hr", []Role{RoleHR}},
		{"ADFS role under its URI (a claim name with dots)", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
			`{"http://schemas.microsoft.com/ws/2008/06/identity/claims/role":"CN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl"}`,
			"CN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl=adviser+intake;", []Role{RoleIntake, RoleAdviser}},
		{"ZITADEL project roles (object keys)", "urn:zitadel:iam:org:project:roles",
			`{"urn:zitadel:iam:org:project:roles":{"manager":{"2481":"utrecht.zitadel.cloud"},"integrity_team":{"2481":"utrecht.zitadel.cloud"}}}`, "", []Role{RoleManager, RoleIntegrityTeam}},
		{"one group several roles", "groups",
			`{"groups":["GG-Meldpunt-Adviseurs"]}`, "GG-Meldpunt-Adviseurs=adviser,GG-Meldpunt-Adviseurs=intake", []Role{RoleIntake, RoleAdviser}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := ParseRoleMap(tc.roleMap)
			if err != nil {
				t.Fatal(err)
			}
			st, reason := staffFromClaims("sub-1", claimsOf(t, tc.claims), tc.claim, m)
			if st == nil {
				t.Fatalf("refused: %s", reason)
			}
			if diff := cmp.Diff(sortedRoles(tc.want), st.Roles); diff != "" {
				t.Errorf("roles (-want +got):\n%s", diff)
			}
		})
	}

	for _, tc := range []struct{ name, claim, claims, reason string }{
		{"path missing", "realm_access.roles", `{"realm_access":{}}`, "no known role"},
		{"path through a non-object", "realm_access.roles", `{"realm_access":"x"}`, "no known role"},
		{"number", "roles", `{"roles":7}`, "not a string, an array of strings or an object"},
		{"array of numbers", "roles", `{"roles":[1,2]}`, "not a string"},
	} {
		t.Run("refused/"+tc.name, func(t *testing.T) {
			t.Parallel()
			st, reason := staffFromClaims("sub-1", claimsOf(t, tc.claims), tc.claim, nil)
			if st != nil || !strings.Contains(reason, tc.reason) {
				t.Fatalf("got %+v, %q; want refusal mentioning %q", st, reason, tc.reason)
			}
		})
	}
}

// A Keycloak token through the real verifier: the dotted path reaches the realm roles.
func TestOIDCVerifierRolesClaimPath(t *testing.T) {
	t.Parallel()
	idp := newTestIDP(t)
	v, err := NewOIDCVerifier(t.Context(), OIDCConfig{Issuer: idp.issuer(), Audience: testAudience, RolesClaim: "realm_access.roles"})
	if err != nil {
		t.Fatal(err)
	}
	c := idp.claims()
	delete(c, "roles")
	c["realm_access"] = map[string]any{"roles": []string{"manager", "default-roles-utrecht"}}
	got, err := v.Verify(t.Context(), sign(t, jose.ES256, idp.ecKey, "ec-1", c))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Role{RoleManager}, got.Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}

func TestParseRoleMapSyntaxes(t *testing.T) {
	t.Parallel()
	dn := "CN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl"
	tests := []struct {
		in   string
		want RoleMap
	}{
		{"GG-A=adviser,GG-HR=hr", RoleMap{"GG-A": {RoleAdviser}, "GG-HR": {RoleHR}}},
		{"GG-A=adviser+intake", RoleMap{"GG-A": {RoleAdviser, RoleIntake}}},
		{"GG-A=adviser, GG-A=intake", RoleMap{"GG-A": {RoleAdviser, RoleIntake}}},
		{dn + "=adviser;CN=GG-HR,OU=Groepen,DC=utrecht,DC=nl=hr", RoleMap{dn: {RoleAdviser}, "CN=GG-HR,OU=Groepen,DC=utrecht,DC=nl": {RoleHR}}},
		{dn + "=adviser+intake;", RoleMap{dn: {RoleAdviser, RoleIntake}}},
		{"", RoleMap{}},
	}
	for _, tc := range tests {
		got, err := ParseRoleMap(tc.in)
		if err != nil {
			t.Errorf("ParseRoleMap(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseRoleMap(%q) (-want +got):\n%s", tc.in, diff)
		}
		if again, err := ParseRoleMap(got.String()); err != nil || !cmp.Equal(got, again) {
			t.Errorf("String() %q does not read back: %v %v", got.String(), again, err)
		}
	}
	// A DN in the comma syntax is not silently cut into pieces.
	for _, bad := range []string{dn + "=adviser", "GG-A=adviser+", "GG-A=adviser+root", "GG-A"} {
		if m, err := ParseRoleMap(bad); err == nil {
			t.Errorf("ParseRoleMap(%q) accepted: %v", bad, m)
		}
	}

	file := "# Meldpunt roles\n\n" + dn + " = adviser+intake\nCN=GG-HR,OU=Groepen,DC=utrecht,DC=nl=hr\n  " + dn + "=auditor\n"
	got, err := ParseRoleMapLines(file)
	if err != nil {
		t.Fatal(err)
	}
	want := RoleMap{dn: {RoleAdviser, RoleAuditor, RoleIntake}, "CN=GG-HR,OU=Groepen,DC=utrecht,DC=nl": {RoleHR}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseRoleMapLines (-want +got):\n%s", diff)
	}
	if _, err := ParseRoleMapLines("GG-A=adviser\nGG-B=root\n"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad line is not named: %v", err)
	}
}
