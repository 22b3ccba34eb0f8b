package cases_test

import (
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/ent/migrate"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/catalogue"
)

// enumCodes are the values of an API enum without its prefix, in order, UNSPECIFIED left out.
func enumCodes(e protoreflect.EnumDescriptor, prefix string) []string {
	var out []string
	values := e.Values()
	for i := range values.Len() {
		name := string(values.Get(i).Name())
		if !strings.HasSuffix(name, "_UNSPECIFIED") {
			out = append(out, strings.TrimPrefix(name, prefix))
		}
	}
	return out
}

func statusCodes() []string {
	var out []string
	for _, s := range cases.Statuses() {
		out = append(out, string(s))
	}
	return out
}

// TestEveryStateIsKnownEverywhere fails when a lifecycle state is added (or renamed) in one
// place and not in every other that must know it — the checklist of the package doc:
// the domain's list and state machine, the capability table, the API's CaseStatus, the database
// enum (ent schema), and the catalogue's names for staff and for reporters in every language.
// The staff pages list the API's statuses and name them from the catalogue.
func TestEveryStateIsKnownEverywhere(t *testing.T) {
	states := statusCodes()
	if api := enumCodes(pb.CaseStatus(0).Descriptor(), "CASE_STATUS_"); !slices.Equal(api, states) {
		t.Errorf("the API's CaseStatus is %v, the domain's states %v (api/meldpunt/v1/common.proto)", api, states)
	}
	var db []string
	for _, c := range migrate.CasesColumns {
		if c.Name == "status" {
			db = c.Enums
		}
	}
	if !slices.Equal(db, states) {
		t.Errorf("the database enum is %v, the domain's states %v (ent/schema/case.go, then scripts/generate)", db, states)
	}
	for _, s := range cases.Statuses() {
		// The state machine: every state but CLOSED leads somewhere (at least to CLOSED), and
		// every state but the first is reached from another.
		if closed := s == cases.StatusClosed; cases.CanTransition(s, cases.StatusClosed) == closed {
			t.Errorf("the state machine (lifecycle.go) has no row for %s", s)
		}
		if s != cases.StatusReceived && !slices.ContainsFunc(cases.Statuses(), func(from cases.Status) bool { return cases.CanTransition(from, s) }) {
			t.Errorf("no state leads to %s (lifecycle.go)", s)
		}
		// The capability table: something can be done in every state.
		if !slices.ContainsFunc(cases.Capabilities(), func(c cases.Capability) bool { return c.In(s) }) {
			t.Errorf("the capability table (capabilities.go) allows nothing in %s", s)
		}
		for _, k := range []catalogue.Kind{catalogue.Status, catalogue.ReporterStatus} {
			for _, lang := range catalogue.Languages(k) {
				if _, ok := catalogue.Lookup(k, string(s), lang); !ok {
					t.Errorf("the catalogue (internal/catalogue) has no %s name for %s", k, s)
					break
				}
			}
		}
	}
}

// TestEveryActionIsKnownEverywhere fails when an action is added to the capability table and
// not to the API's CaseAction (in the same order), or with a row that nobody could use.
func TestEveryActionIsKnownEverywhere(t *testing.T) {
	var actions []string
	for _, a := range cases.Actions() {
		actions = append(actions, string(a))
	}
	if api := enumCodes(pb.CaseAction(0).Descriptor(), "CASE_ACTION_"); !slices.Equal(api, actions) {
		t.Errorf("the API's CaseAction is %v, the capability table's actions %v (api/meldpunt/v1/case.proto)", api, actions)
	}
	implied := map[cases.Relation]cases.Role{
		cases.RelIntakeHandler: cases.RoleIntake, cases.RelAssignedAdviser: cases.RoleAdviser,
		cases.RelEscalatedManager: cases.RoleManager, cases.RelInvestigator: cases.RoleIntegrityTeam,
	}
	seen := map[cases.Action]bool{}
	for _, c := range cases.Capabilities() {
		if seen[c.Action] {
			t.Errorf("two rows for %s", c.Action)
		}
		seen[c.Action] = true
		if len(c.Roles) == 0 || len(c.Relations) == 0 || len(c.States) == 0 {
			t.Errorf("%s: a row needs roles, relations and states: %+v", c.Action, c)
		}
		for _, s := range c.States {
			if !slices.Contains(cases.Statuses(), s) {
				t.Errorf("%s: %s is no state", c.Action, s)
			}
		}
		// A relation comes with its role: a row whose relations none of its roles can have
		// allows nobody.
		if !slices.ContainsFunc(c.Relations, func(r cases.Relation) bool { return slices.Contains(c.Roles, implied[r]) }) {
			t.Errorf("%s: none of the roles %v can stand in the relations %v", c.Action, c.Roles, c.Relations)
		}
	}
}

// TestAllowedActions: the table as a whole, on a few cases a person would recognise.
func TestAllowedActions(t *testing.T) {
	intake := cases.Actor{Roles: []cases.Role{cases.RoleIntake}, Relations: []cases.Relation{cases.RelIntakeHandler}}
	adviser := cases.Actor{Roles: []cases.Role{cases.RoleAdviser}, Relations: []cases.Relation{cases.RelAssignedAdviser}}
	manager := cases.Actor{Roles: []cases.Role{cases.RoleManager}, Relations: []cases.Relation{cases.RelEscalatedManager}}
	conflicted := adviser
	conflicted.Conflicted = true
	received := cases.CaseView{Status: cases.StatusReceived}
	for _, tc := range []struct {
		name string
		view cases.CaseView
		who  cases.Actor
		want []cases.Action
	}{
		{"intake on a new web-form case", received, intake, []cases.Action{cases.ActionAcknowledge, cases.ActionSendMessage,
			cases.ActionAssignAdviser, cases.ActionLinkSubject, cases.ActionRecordOralReport, cases.ActionCloseCase}},
		{"the adviser, before the reporter consents", received, adviser, []cases.Action{cases.ActionAcknowledge, cases.ActionSendMessage,
			cases.ActionLinkSubject, cases.ActionRecordConsent, cases.ActionLogConversation, cases.ActionRecordOralReport,
			cases.ActionEndSupport, cases.ActionCloseCase}},
		{"the adviser once the reporter consents to a formal report",
			cases.CaseView{Status: cases.StatusInSupport, Acknowledged: true, FormalConsent: true}, adviser,
			[]cases.Action{cases.ActionSendMessage, cases.ActionLinkSubject, cases.ActionRecordConsent, cases.ActionLogConversation,
				cases.ActionRecordOralReport, cases.ActionEscalate, cases.ActionEndSupport, cases.ActionCloseCase}},
		{"a conflicted adviser", received, conflicted, nil},
		{"the manager before the case reaches them", received, cases.Actor{Roles: []cases.Role{cases.RoleManager}}, nil},
		{"the manager, assessed", cases.CaseView{Status: cases.StatusAssessment, Assessed: true}, manager,
			[]cases.Action{cases.ActionLinkSubject, cases.ActionApproveInterview, cases.ActionUploadEvidence, cases.ActionSetSuspension,
				cases.ActionEvaluateSanction, cases.ActionDecideSanction, cases.ActionCloseAfterAssessment}},
		{"the manager, not yet assessed", cases.CaseView{Status: cases.StatusAssessment}, manager,
			[]cases.Action{cases.ActionLinkSubject, cases.ActionApproveInterview, cases.ActionUploadEvidence, cases.ActionRecordAssessment, cases.ActionSetSuspension,
				cases.ActionEvaluateSanction, cases.ActionCloseAfterAssessment}},
	} {
		if got := cases.AllowedActions(tc.view, tc.who); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
