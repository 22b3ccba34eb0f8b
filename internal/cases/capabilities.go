package cases

import (
	"context"
	"slices"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// Action is something staff do to one case. The capability table says, for each, who may do it
// in which state: the commands check through it, the server's authorization takes the roles of
// each case RPC from it, and the API returns a case's allowed actions so that the staff pages
// show exactly those forms and keep no copy of the rules.
type Action string

// The case actions.
const (
	ActionAcknowledge          Action = "ACKNOWLEDGE"
	ActionSendMessage          Action = "SEND_MESSAGE"
	ActionAssignAdviser        Action = "ASSIGN_ADVISER"
	ActionLinkSubject          Action = "LINK_SUBJECT"
	ActionRecordConsent        Action = "RECORD_CONSENT"
	ActionLogConversation      Action = "LOG_CONVERSATION" // log a new one or correct one
	ActionRecordOralReport     Action = "RECORD_ORAL_REPORT"
	ActionEscalate             Action = "ESCALATE"
	ActionReroute              Action = "REROUTE" // pass a signal waiting to be weighed on again
	ActionEndSupport           Action = "END_SUPPORT"
	ActionCloseCase            Action = "CLOSE_CASE"
	ActionWeigh                Action = "WEIGH"
	ActionStartInvestigation   Action = "START_INVESTIGATION"
	ActionAddAllegation        Action = "ADD_ALLEGATION"
	ActionRecordInterview      Action = "RECORD_INTERVIEW"
	ActionApproveInterview     Action = "APPROVE_INTERVIEW"
	ActionUploadEvidence       Action = "UPLOAD_EVIDENCE"
	ActionRecordHearing        Action = "RECORD_HEARING"
	ActionSetFindings          Action = "SET_FINDINGS"
	ActionRecordAssessment     Action = "RECORD_ASSESSMENT"
	ActionSetSuspension        Action = "SET_SUSPENSION"
	ActionEvaluateSanction     Action = "EVALUATE_SANCTION"
	ActionDecideSanction       Action = "DECIDE_SANCTION"
	ActionCloseAfterAssessment Action = "CLOSE_AFTER_ASSESSMENT"
	ActionDraftPrecedent       Action = "DRAFT_PRECEDENT"
)

// Role is a staff role that works on cases, spelled as the roles of internal/auth.
type Role string

// The roles that work on cases.
const (
	RoleIntake        Role = "intake"
	RoleAdviser       Role = "adviser"
	RoleManager       Role = "manager"
	RoleIntegrityTeam Role = "integrity_team"
)

// Relation is how a member of staff stands to one case. A conflict of interest (the actor is a
// subject of the case, or manages one) is no relation: it excludes every action.
type Relation string

// The relations to a case.
const (
	// RelIntakeHandler: intake staff, and the case came in through the web form.
	RelIntakeHandler Relation = "INTAKE_HANDLER"
	// RelAssignedAdviser: the case's assigned adviser.
	RelAssignedAdviser Relation = "ASSIGNED_ADVISER"
	// RelEscalatedManager: the manager of the unit the case was escalated to.
	RelEscalatedManager Relation = "ESCALATED_MANAGER"
	// RelInvestigator: a member of the case's fact-finding team.
	RelInvestigator Relation = "INVESTIGATOR"
)

// Guard is a fact about the case, beyond its state, that an action needs.
type Guard string

// The guards.
const (
	GuardNotAcknowledged      Guard = "NOT_ACKNOWLEDGED"      // receipt not yet acknowledged
	GuardFormalConsent        Guard = "FORMAL_CONSENT"        // the reporter consents to a formal report
	GuardInvestigationPending Guard = "INVESTIGATION_PENDING" // the fact-finding has not started
	GuardNotHeard             Guard = "NOT_HEARD"             // the subject was not yet heard
	GuardHeard                Guard = "HEARD"                 // the subject was heard on the draft findings
	GuardNotAssessed          Guard = "NOT_ASSESSED"          // the assessment is not yet recorded
	GuardAssessed             Guard = "ASSESSED"              // the assessment is recorded
)

// Capability is one row of the table: who may take the action (one of Roles, standing to the
// case in one of Relations, never conflicted), in which States, when every one of Guards holds.
// What the action's input must be (a reason, a date, allegations to hear the subject on) is the
// command's own validation, not a capability.
type Capability struct {
	Action    Action
	Roles     []Role
	Relations []Relation
	States    []Status
	Guards    []Guard
}

var (
	handlers      = []Relation{RelIntakeHandler, RelAssignedAdviser}
	handlerRoles  = []Role{RoleIntake, RoleAdviser}
	factFinders   = []Relation{RelEscalatedManager, RelInvestigator}
	factRoles     = []Role{RoleManager, RoleIntegrityTeam}
	openStates    = []Status{StatusReceived, StatusInSupport, StatusWeighing, StatusFactFinding, StatusAssessment, StatusSanction}
	allStates     = append(slices.Clone(openStates), StatusClosed)
	supportStates = []Status{StatusReceived, StatusInSupport}
)

// capabilities is the table (domain.md §3 and §5), in the order the pages show the actions.
var capabilities = []Capability{
	{ActionAcknowledge, handlerRoles, handlers, openStates, []Guard{GuardNotAcknowledged}},
	{ActionSendMessage, handlerRoles, handlers, openStates, nil},
	{ActionAssignAdviser, []Role{RoleIntake}, handlers, openStates, nil},
	{ActionLinkSubject, []Role{RoleIntake, RoleAdviser, RoleManager}, []Relation{RelIntakeHandler, RelAssignedAdviser, RelEscalatedManager}, allStates, nil},
	{ActionRecordConsent, []Role{RoleAdviser}, []Relation{RelAssignedAdviser}, allStates, nil},
	{ActionLogConversation, []Role{RoleAdviser}, []Relation{RelAssignedAdviser}, openStates, nil},
	{ActionRecordOralReport, handlerRoles, handlers, openStates, nil},
	{ActionEscalate, handlerRoles, handlers, supportStates, []Guard{GuardFormalConsent}},
	{ActionReroute, []Role{RoleIntake, RoleAdviser, RoleManager}, []Relation{RelIntakeHandler, RelAssignedAdviser, RelEscalatedManager}, []Status{StatusWeighing}, nil},
	{ActionEndSupport, []Role{RoleAdviser}, []Relation{RelAssignedAdviser}, allStates, nil},
	{ActionCloseCase, handlerRoles, handlers, supportStates, nil},
	{ActionWeigh, []Role{RoleManager}, []Relation{RelEscalatedManager}, []Status{StatusWeighing}, nil},
	{ActionStartInvestigation, []Role{RoleManager}, []Relation{RelEscalatedManager}, []Status{StatusFactFinding}, []Guard{GuardInvestigationPending}},
	{ActionAddAllegation, factRoles, factFinders, []Status{StatusFactFinding}, []Guard{GuardNotHeard}},
	{ActionRecordInterview, factRoles, factFinders, []Status{StatusFactFinding}, nil},
	{ActionApproveInterview, factRoles, factFinders, []Status{StatusFactFinding, StatusAssessment}, nil},
	{ActionUploadEvidence, factRoles, factFinders, openStates, nil},
	{ActionRecordHearing, factRoles, factFinders, []Status{StatusFactFinding}, []Guard{GuardNotHeard}},
	{ActionSetFindings, factRoles, factFinders, []Status{StatusFactFinding}, []Guard{GuardHeard}},
	{ActionRecordAssessment, factRoles, factFinders, []Status{StatusAssessment}, []Guard{GuardNotAssessed}},
	{ActionSetSuspension, []Role{RoleManager}, []Relation{RelEscalatedManager}, []Status{StatusFactFinding, StatusAssessment, StatusSanction}, nil},
	{ActionEvaluateSanction, factRoles, factFinders, []Status{StatusAssessment, StatusSanction}, nil},
	{ActionDecideSanction, []Role{RoleManager}, []Relation{RelEscalatedManager}, []Status{StatusAssessment}, []Guard{GuardAssessed}},
	{ActionCloseAfterAssessment, []Role{RoleManager}, []Relation{RelEscalatedManager}, []Status{StatusAssessment, StatusSanction}, nil},
	{ActionDraftPrecedent, factRoles, factFinders, []Status{StatusClosed}, nil},
}

// Statuses are the lifecycle states, in lifecycle order.
func Statuses() []Status { return slices.Clone(allStates) }

// Capabilities returns the table, one row per action.
func Capabilities() []Capability {
	out := make([]Capability, len(capabilities))
	copy(out, capabilities)
	return out
}

// Actions are the case actions, in the table's order.
func Actions() []Action {
	out := make([]Action, 0, len(capabilities))
	for _, c := range capabilities {
		out = append(out, c.Action)
	}
	return out
}

// CapabilityOf returns the action's row of the table; ok is false for an unknown action.
func CapabilityOf(a Action) (Capability, bool) {
	for _, c := range capabilities {
		if c.Action == a {
			return c, true
		}
	}
	return Capability{}, false
}

// may returns the action's row; an action missing from the table is a programming error.
func may(a Action) Capability {
	c, ok := CapabilityOf(a)
	if !ok {
		panic("cases: no capability for " + string(a))
	}
	return c
}

// RolesFor returns the roles that may take any of the actions: what the server's authorization
// lets through to the domain, which then checks the relation, the state and the guards.
func RolesFor(actions ...Action) []Role {
	var out []Role
	for _, a := range actions {
		for _, r := range may(a).Roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// CaseView is what the table needs to know of a case.
type CaseView struct {
	Status               Status
	Acknowledged         bool
	FormalConsent        bool // an active consent to a formal report
	InvestigationStarted bool
	Heard                bool
	Assessed             bool
}

// Actor is a member of staff as the table sees them: their case roles and their relations to
// the case.
type Actor struct {
	Roles      []Role
	Relations  []Relation
	Conflicted bool
}

// In reports whether the action is allowed in state s.
func (c Capability) In(s Status) bool { return slices.Contains(c.States, s) }

// Permits reports whether who may take the action on any case, whatever its state: one of the
// roles, one of the relations, no conflict.
func (c Capability) Permits(who Actor) bool {
	return !who.Conflicted &&
		slices.ContainsFunc(c.Roles, func(r Role) bool { return slices.Contains(who.Roles, r) }) &&
		slices.ContainsFunc(c.Relations, func(r Relation) bool { return slices.Contains(who.Relations, r) })
}

// Holds reports whether every guard holds for the case.
func (c Capability) Holds(v CaseView) bool {
	for _, g := range c.Guards {
		if !g.holds(v) {
			return false
		}
	}
	return true
}

// Allows is the whole row: who, in which state, with every guard.
func (c Capability) Allows(v CaseView, who Actor) bool {
	return c.Permits(who) && c.In(v.Status) && c.Holds(v)
}

func (g Guard) holds(v CaseView) bool {
	switch g {
	case GuardNotAcknowledged:
		return !v.Acknowledged
	case GuardFormalConsent:
		return v.FormalConsent
	case GuardInvestigationPending:
		return !v.InvestigationStarted
	case GuardNotHeard:
		return !v.Heard
	case GuardHeard:
		return v.Heard
	case GuardNotAssessed:
		return !v.Assessed
	case GuardAssessed:
		return v.Assessed
	}
	return false
}

// AllowedActions lists, in the table's order, the actions who may take on the case now.
func AllowedActions(view CaseView, who Actor) []Action {
	var out []Action
	for _, c := range capabilities {
		if c.Allows(view, who) {
			out = append(out, c.Action)
		}
	}
	return out
}

// actorOf turns a staff member and their computed relation to a case into the table's actor.
func actorOf(a StaffActor, rel relation) Actor {
	who := Actor{Conflicted: rel.conflicted}
	for _, x := range []struct {
		has  bool
		role Role
	}{{a.Intake, RoleIntake}, {a.Adviser, RoleAdviser}, {a.Manager, RoleManager}, {a.IntegrityTeam, RoleIntegrityTeam}} {
		if x.has {
			who.Roles = append(who.Roles, x.role)
		}
	}
	for _, x := range []struct {
		is  bool
		rel Relation
	}{{rel.intakeHandler, RelIntakeHandler}, {rel.assignedAdviser, RelAssignedAdviser}, {rel.escalatedManager, RelEscalatedManager}, {rel.investigator, RelInvestigator}} {
		if x.is {
			who.Relations = append(who.Relations, x.rel)
		}
	}
	return who
}

// permits: the action's roles and relations, for the staff member a with relation rel.
func (c Capability) permits(a StaffActor, rel relation) bool { return c.Permits(actorOf(a, rel)) }

// moves checks a command that moves the case from one state to another: the action's row allows
// it in that state and the state machine allows the move; refused as the state machine refuses.
func moves(a Action, from, to Status) error {
	if !may(a).In(from) {
		return apperr.FailedPrecondition("a case in status %s cannot move to %s", from, to)
	}
	return checkTransition(from, to)
}

// caseView reads what the table needs to know of the case, beyond what GetCase read already
// (its consents and whether the fact-finding started): whether the subject was heard and the
// assessment recorded, each only in the state where it decides an action.
func (s *OverviewService) caseView(ctx context.Context, rec *CaseRecord, consents []Consent, started bool) (CaseView, error) {
	v := CaseView{
		Status: rec.Status, Acknowledged: rec.AcknowledgedAt != nil,
		FormalConsent:        activeConsent(consents, PurposeFormalReport) != nil,
		InvestigationStarted: started,
	}
	var err error
	switch rec.Status {
	case StatusFactFinding:
		v.Heard, err = s.invRepo.Heard(ctx, rec.ID)
	case StatusAssessment:
		v.Assessed, err = s.invRepo.Assessed(ctx, rec.ID)
	}
	return v, err
}
