package transport

import (
	"slices"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
)

// TestEveryActionIsInTheAPI: each action of the domain's capability table is taken by a call
// of the authorization table and named in the API's CaseAction enum, and the enum names no
// action the table lacks. Adding an action fails here until the API knows it.
func TestEveryActionIsInTheAPI(t *testing.T) {
	for _, a := range cases.Actions() {
		if actionToProto(a) == pb.CaseAction_CASE_ACTION_UNSPECIFIED {
			t.Errorf("the API's CaseAction has no CASE_ACTION_%s", a)
		}
		var rpcs []string
		for m, r := range authzTable {
			if slices.Contains(r.actions, a) {
				rpcs = append(rpcs, m)
			}
		}
		if len(rpcs) == 0 {
			t.Errorf("no RPC of the authorization table takes the action %s (acts)", a)
		}
	}
	values := pb.CaseAction(0).Descriptor().Values()
	for i := range values.Len() {
		name := string(values.Get(i).Name())
		if name == "CASE_ACTION_UNSPECIFIED" {
			continue
		}
		if _, ok := cases.CapabilityOf(cases.Action(strings.TrimPrefix(name, "CASE_ACTION_"))); !ok {
			t.Errorf("the API names %s, which the capability table lacks", name)
		}
	}
}

// TestCaseActionRolesComeFromTheTable: the roles of a call that takes case actions are exactly
// the table's for them, and every one is a role of the system.
func TestCaseActionRolesComeFromTheTable(t *testing.T) {
	for m, r := range authzTable {
		if len(r.actions) == 0 {
			continue
		}
		var want []auth.Role
		for _, role := range cases.RolesFor(r.actions...) {
			parsed, err := auth.ParseRole(string(role))
			if err != nil {
				t.Errorf("%s: the table's role %q is no role of the system: %v", m, role, err)
			}
			want = append(want, parsed)
		}
		if !slices.Equal(r.roles, want) {
			t.Errorf("%s lets %v through, the table gives %v", m, r.roles, want)
		}
	}
}
