package auth

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// checkRoleMap checks what every parsed role map holds: trimmed, non-empty claim values, each
// with known roles, sorted and without repeats.
func checkRoleMap(t *testing.T, m RoleMap) {
	t.Helper()
	for v, roles := range m {
		if v == "" || strings.TrimSpace(v) != v {
			t.Fatalf("claim value %q in the map", v)
		}
		if len(roles) == 0 || !slices.IsSorted(roles) || len(slices.Compact(slices.Clone(roles))) != len(roles) {
			t.Fatalf("roles %v of %q are not sorted without repeats", roles, v)
		}
		for _, r := range roles {
			if _, err := ParseRole(string(r)); err != nil {
				t.Fatalf("unknown role %q in the map", r)
			}
		}
	}
}

// FuzzParseRoleMap checks that --oidc-role-map never panics, that what it accepts is a sound
// map, and that the map written back with String reads as the same map.
func FuzzParseRoleMap(f *testing.F) {
	for _, s := range []string{
		"GG-Meldpunt-Advisers=adviser,GG-HR=hr",
		"GG-Meldpunt-Advisers=adviser+intake",
		"GG-Meldpunt-Advisers=adviser,GG-Meldpunt-Advisers=intake",
		"CN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl=adviser;CN=GG-HR,OU=Groepen,DC=utrecht,DC=nl=hr",
		"a=b=admin; ;=hr",
		"x=admin+",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseRoleMap(s)
		if err != nil {
			if m != nil || !strings.HasPrefix(err.Error(), "auth: ") {
				t.Fatalf("map %v with the error %v", m, err)
			}
			return
		}
		checkRoleMap(t, m)
		again, err := ParseRoleMap(m.String())
		if err != nil {
			t.Fatalf("%q, written back as %q, does not read: %v", s, m.String(), err)
		}
		if !maps.EqualFunc(again, m, slices.Equal) {
			t.Fatalf("%q, written back as %q, reads as %v, want %v", s, m.String(), again, m)
		}
	})
}

// FuzzParseRoleMapLines checks that a role map file never panics the parser, that errors name
// the line, and that what it accepts is a sound map that has every claim value of the file's
// entries.
func FuzzParseRoleMapLines(f *testing.F) {
	f.Add("# Meldpunt\nCN=GG-Meldpunt,OU=Groepen,DC=utrecht,DC=nl=adviser\n\nGG-HR = hr + auditor\r\nGG-HR=hr\n")
	f.Add("a;b=intake\n=admin\n")
	f.Add("x\n")
	f.Fuzz(func(t *testing.T, text string) {
		m, err := ParseRoleMapLines(text)
		if err != nil {
			if m != nil || !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("map %v with the error %v", m, err)
			}
			return
		}
		checkRoleMap(t, m)
		for line := range strings.SplitSeq(text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			v := strings.TrimSpace(line[:strings.LastIndex(line, "=")])
			if len(m[v]) == 0 {
				t.Fatalf("the line %q gives %q no roles", line, v)
			}
		}
	})
}

// FuzzStaffFromClaims checks that verified claims never panic the mapping onto a staff member:
// either the member has known roles, sorted without repeats (with a role map, only roles the map
// gives), or there is a reason naming the claim.
func FuzzStaffFromClaims(f *testing.F) {
	f.Add(`{"sub":"u1","name":"Jan","roles":["adviser","hr","adviser"]}`, "roles", false)
	f.Add(`{"sub":"u1","preferred_username":"jan","realm_access":{"roles":["GG-HR","admin"]}}`, "realm_access.roles", true)
	f.Add(`{"http://schemas.microsoft.com/ws/2008/06/identity/claims/role":"GG-Meldpunt-Advisers"}`, "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", true)
	f.Add(`{"urn:zitadel:iam:org:project:roles":{"intake":{"1":"x"},"admin":{}}}`, "urn:zitadel:iam:org:project:roles", false)
	f.Add(`{"roles":null,"a":{"b":{"c":[1,2]}}}`, "a.b.c", false)
	m := RoleMap{"GG-HR": {RoleHR}, "GG-Meldpunt-Advisers": {RoleAdviser, RoleIntake}}
	f.Fuzz(func(t *testing.T, claimsJSON, rolesClaim string, mapped bool) {
		var claims map[string]json.RawMessage
		if json.Unmarshal([]byte(claimsJSON), &claims) != nil {
			return // the token library hands over only JSON objects
		}
		var rm RoleMap
		if mapped {
			rm = m
		}
		s, reason := staffFromClaims("subject", claims, rolesClaim, rm)
		if s == nil {
			if !strings.Contains(reason, fmt.Sprintf("claim %q", rolesClaim)) {
				t.Fatalf("refused with %q, which does not name the claim", reason)
			}
			return
		}
		if reason != "" || s.Subject != "subject" || len(s.Roles) == 0 {
			t.Fatalf("staff %+v with reason %q", s, reason)
		}
		checkRoleMap(t, RoleMap{"x": s.Roles})
		if mapped {
			for _, r := range s.Roles {
				if r != RoleHR && r != RoleAdviser && r != RoleIntake {
					t.Fatalf("role %s is not one the map gives", r)
				}
			}
		}
	})
}
