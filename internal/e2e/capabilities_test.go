package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/cases"
)

// capCase is one case built up to a stage, with what later calls need of it.
type capCase struct {
	ref, code    string
	basID        string          // adviser Bas, to whom intake may reassign the case
	intake       context.Context // intake's calls, which read every web-form case
	manager      context.Context // the calls of BO's manager
	conversation string
	interview    string
	allegations  []string
}

// capStage is a point in a case's life, and what the capability table knows of it there.
type capStage struct {
	name  string
	steps int // how many of capSteps build it
	view  cases.CaseView
	// escalated: the case has reached BO's manager; investigated: ita-1 is on its team.
	escalated, investigated bool
}

var capStages = []capStage{
	{"received", 0, cases.CaseView{Status: cases.StatusReceived}, false, false},
	{"in-support+consent", 1, cases.CaseView{Status: cases.StatusInSupport, Acknowledged: true, FormalConsent: true}, false, false},
	{"weighing", 2, cases.CaseView{Status: cases.StatusWeighing, Acknowledged: true, FormalConsent: true}, true, false},
	{"fact-finding", 3, cases.CaseView{Status: cases.StatusFactFinding, Acknowledged: true, FormalConsent: true}, true, false},
	{"fact-finding+started", 4, cases.CaseView{Status: cases.StatusFactFinding, Acknowledged: true, FormalConsent: true, InvestigationStarted: true}, true, true},
	{"fact-finding+heard", 5, cases.CaseView{Status: cases.StatusFactFinding, Acknowledged: true, FormalConsent: true, InvestigationStarted: true, Heard: true}, true, true},
	{"assessment", 6, cases.CaseView{Status: cases.StatusAssessment, Acknowledged: true, FormalConsent: true, InvestigationStarted: true, Heard: true}, true, true},
	{"assessment+assessed", 7, cases.CaseView{Status: cases.StatusAssessment, Acknowledged: true, FormalConsent: true, InvestigationStarted: true, Heard: true, Assessed: true}, true, true},
	{"sanction", 8, cases.CaseView{Status: cases.StatusSanction, Acknowledged: true, FormalConsent: true, InvestigationStarted: true, Heard: true, Assessed: true}, true, true},
	{"closed", 9, cases.CaseView{Status: cases.StatusClosed, Acknowledged: true, FormalConsent: true, InvestigationStarted: true, Heard: true, Assessed: true}, true, true},
}

// capCaller is a member of staff with their role and their relation to every capability case
// (filed through the web form to adviser Anna, about Sam in SO-WIJ, escalated to BO).
type capCaller struct {
	name, user, role string
	actor            func(st capStage) cases.Actor
}

func capActor(role cases.Role, rels ...cases.Relation) cases.Actor {
	return cases.Actor{Roles: []cases.Role{role}, Relations: rels}
}

var capCallers = []capCaller{
	{"intake", "ivo", "intake", func(capStage) cases.Actor { return capActor(cases.RoleIntake, cases.RelIntakeHandler) }},
	{"intake:conflicted(subject)", "sam", "intake", func(capStage) cases.Actor {
		return cases.Actor{Roles: []cases.Role{cases.RoleIntake}, Relations: []cases.Relation{cases.RelIntakeHandler}, Conflicted: true}
	}},
	{"adviser:assigned", "anna", "adviser", func(capStage) cases.Actor { return capActor(cases.RoleAdviser, cases.RelAssignedAdviser) }},
	{"adviser:unassigned", "bas", "adviser", func(capStage) cases.Actor { return capActor(cases.RoleAdviser) }},
	{"adviser:conflicted(manager)", "mgr-wij", "adviser", func(capStage) cases.Actor {
		return cases.Actor{Roles: []cases.Role{cases.RoleAdviser}, Conflicted: true}
	}},
	{"manager:escalated-to", "mgr-bo", "manager", func(st capStage) cases.Actor {
		if st.escalated {
			return capActor(cases.RoleManager, cases.RelEscalatedManager)
		}
		return capActor(cases.RoleManager)
	}},
	{"manager:unrelated", "mgr-x", "manager", func(capStage) cases.Actor { return capActor(cases.RoleManager) }},
	{"manager:conflicted(manager's manager)", "mgr-so", "manager", func(capStage) cases.Actor {
		return cases.Actor{Roles: []cases.Role{cases.RoleManager}, Conflicted: true}
	}},
	{"integrity_team:on-the-team", "ita-1", "integrity_team", func(st capStage) cases.Actor {
		if st.investigated {
			return capActor(cases.RoleIntegrityTeam, cases.RelInvestigator)
		}
		return capActor(cases.RoleIntegrityTeam)
	}},
	{"integrity_team:not-on-the-team", "ita-2", "integrity_team", func(capStage) cases.Actor { return capActor(cases.RoleIntegrityTeam) }},
	{"hr", "hanna", "hr", func(capStage) cases.Actor { return cases.Actor{} }},
}

// capRPC is a call that takes a case action, with a request that gets past every check but the
// capability table's on a case built for it.
type capRPC struct {
	name    string
	actions []cases.Action
	call    func(ctx context.Context, s *server, k *capCase, version int64) error
}

func capRPCs(png []byte) []capRPC {
	earlier := func() *timestamppb.Timestamp { return timestamppb.New(time.Now().Add(-time.Hour)) }
	one := func(a cases.Action) []cases.Action { return []cases.Action{a} }
	return []capRPC{
		{"CaseService/AcknowledgeCase", one(cases.ActionAcknowledge), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.AcknowledgeCase(c, &pb.AcknowledgeCaseRequest{CaseReference: k.ref})
			return err
		}},
		{"CaseService/SendCaseMessage", one(cases.ActionSendMessage), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.SendCaseMessage(c, &pb.SendCaseMessageRequest{CaseReference: k.ref, Body: "A message to the reporter."})
			return err
		}},
		{"CaseService/AssignAdviser", one(cases.ActionAssignAdviser), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.AssignAdviser(c, &pb.AssignAdviserRequest{CaseReference: k.ref, AdviserId: k.basID, Version: v})
			return err
		}},
		{"CaseService/LinkSubject", one(cases.ActionLinkSubject), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.LinkSubject(c, &pb.LinkSubjectRequest{CaseReference: k.ref, EmployeeNumber: "2001"})
			return err
		}},
		{"CaseService/RecordConsent", one(cases.ActionRecordConsent), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.RecordConsent(c, &pb.RecordConsentRequest{CaseReference: k.ref, Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_PASS_ON})
			return err
		}},
		{"CaseService/LogConversation", one(cases.ActionLogConversation), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.LogConversation(c, &pb.LogConversationRequest{CaseReference: k.ref, HeldOn: earlier(),
				Form: pb.ConversationForm_CONVERSATION_FORM_PHONE, DurationMinutes: 20, Notes: "Notes of a call."})
			return err
		}},
		{"CaseService/UpdateConversation", one(cases.ActionLogConversation), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.UpdateConversation(c, &pb.UpdateConversationRequest{CaseReference: k.ref, ConversationId: k.conversation, Notes: "Notes, corrected."})
			return err
		}},
		{"CaseService/RecordOralReport", one(cases.ActionRecordOralReport), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.RecordOralReport(c, &pb.RecordOralReportRequest{CaseReference: k.ref, Text: "What the reporter told us on the phone.", ReporterConsented: true})
			return err
		}},
		// Escalating a case in support goes to BO; passing one waiting to be weighed on, to X.
		{"CaseService/Escalate", []cases.Action{cases.ActionEscalate, cases.ActionReroute}, func(c context.Context, s *server, k *capCase, v int64) error {
			unit := "BO"
			if st, _ := capStatus(s, k); st == pb.CaseStatus_CASE_STATUS_WEIGHING {
				unit = "X"
			}
			_, err := s.cases.Escalate(c, &pb.EscalateRequest{CaseReference: k.ref, UnitCode: unit, Version: v})
			return err
		}},
		{"CaseService/EndSupport", one(cases.ActionEndSupport), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.EndSupport(c, &pb.EndSupportRequest{CaseReference: k.ref, Version: v})
			return err
		}},
		{"CaseService/CloseCase", one(cases.ActionCloseCase), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.CloseCase(c, &pb.CloseCaseRequest{CaseReference: k.ref, Outcome: pb.SupportOutcome_SUPPORT_OUTCOME_WITHDRAWN, Version: v})
			return err
		}},
		{"CaseService/Weigh", one(cases.ActionWeigh), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.Weigh(c, capWeigh(k.ref, v))
			return err
		}},
		{"CaseService/StartInvestigation", one(cases.ActionStartInvestigation), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.StartInvestigation(c, capStart(k.ref, v))
			return err
		}},
		{"CaseService/AddAllegation", one(cases.ActionAddAllegation), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.AddAllegation(c, capAllegation(k.ref))
			return err
		}},
		{"CaseService/RecordInterview", one(cases.ActionRecordInterview), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.RecordInterview(c, capInterview(k.ref))
			return err
		}},
		{"CaseService/ApproveInterview", one(cases.ActionApproveInterview), func(c context.Context, s *server, k *capCase, _ int64) error {
			id := k.interview
			if id == "" {
				id = k.basID // no interview yet: the state and the caller are checked before the id
			}
			_, err := s.cases.ApproveInterview(c, &pb.ApproveInterviewRequest{CaseReference: k.ref, InterviewId: id})
			if status.Code(err) == codes.InvalidArgument && k.interview == "" {
				return nil
			}
			return err
		}},
		{"CaseService/UploadEvidence", one(cases.ActionUploadEvidence), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.UploadEvidence(c, &pb.UploadEvidenceRequest{CaseReference: k.ref, FileName: "photo.png", Content: png})
			return err
		}},
		{"CaseService/RecordHearing", one(cases.ActionRecordHearing), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.RecordHearing(c, &pb.RecordHearingRequest{CaseReference: k.ref, HeldOn: earlier(), Declined: true})
			return err
		}},
		{"CaseService/SetFindings", one(cases.ActionSetFindings), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.SetFindings(c, capFindings(k, v))
			return err
		}},
		{"CaseService/RecordAssessment", one(cases.ActionRecordAssessment), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.RecordAssessment(c, capAssessment(k.ref))
			return err
		}},
		{"CaseService/SetSuspension", one(cases.ActionSetSuspension), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.SetSuspension(c, &pb.SetSuspensionRequest{CaseReference: k.ref, Suspended: true, Reason: "To protect the witnesses."})
			return err
		}},
		{"CaseService/EvaluateSanction", one(cases.ActionEvaluateSanction), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.cases.EvaluateSanction(c, &pb.EvaluateSanctionRequest{CaseReference: k.ref})
			return err
		}},
		{"CaseService/DecideSanction", one(cases.ActionDecideSanction), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.DecideSanction(c, capDecide(s, k, v))
			return err
		}},
		{"CaseService/CloseAfterAssessment", one(cases.ActionCloseAfterAssessment), func(c context.Context, s *server, k *capCase, v int64) error {
			_, err := s.cases.CloseAfterAssessment(c, &pb.CloseAfterAssessmentRequest{CaseReference: k.ref, Feedback: "Your report was investigated.", Version: v})
			return err
		}},
		{"PrecedentService/CreatePrecedentDraft", one(cases.ActionDraftPrecedent), func(c context.Context, s *server, k *capCase, _ int64) error {
			_, err := s.precedents.CreatePrecedentDraft(c, &pb.CreatePrecedentDraftRequest{CaseReference: k.ref})
			return err
		}},
	}
}

// refusal: the call was stopped by who the caller is or by the case's state (no such case for
// them, no permission, not in this state, done already).
func refusal(err error) bool {
	switch status.Code(err) {
	case codes.Unauthenticated, codes.PermissionDenied, codes.NotFound, codes.FailedPrecondition, codes.AlreadyExists:
		return true
	}
	return false
}

// TestEnforcementEqualsTheCapabilityTable takes every case action's RPC as every kind of caller
// (each role, related to the case or not, conflicted) on a case in every stage of its life, and
// checks that the server lets it through exactly when the domain's capability table allows it;
// and that the allowed actions GetCase reports are exactly the table's.
func TestEnforcementEqualsTheCapabilityTable(t *testing.T) {
	forEachDB(t, testEnforcementEqualsTheCapabilityTable)
}

func testEnforcementEqualsTheCapabilityTable(t *testing.T, s *server) {
	s.importOrg(t)
	s.importOrgExtra(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	basID := s.createAdviser(t, "bas", "Bas Jansen")
	s.createAdviser(t, "mgr-wij", "Wim Wijkteams")
	rpcs := capRPCs(tinyPNG(t))

	// Every action has a call that takes it.
	for _, a := range cases.Actions() {
		if !slices.ContainsFunc(rpcs, func(r capRPC) bool { return slices.Contains(r.actions, a) }) {
			t.Errorf("no RPC in this test takes the action %s", a)
		}
	}

	tokens := map[string]context.Context{}
	for _, c := range capCallers {
		tokens[c.name] = metadata.AppendToOutgoingContext(t.Context(), "authorization", "Bearer "+s.tokenFor(t, c.user, c.role))
	}
	as := func(user string) context.Context {
		for _, c := range capCallers {
			if c.user == user {
				return tokens[c.name]
			}
		}
		t.Fatalf("no caller %s", user)
		return nil
	}
	build := func(st capStage) *capCase {
		t.Helper()
		k, err := capBuild(s, as, annaID, basID, st.steps)
		if err != nil {
			t.Fatalf("building a case to %s: %v", st.name, err)
		}
		return k
	}

	checked, through := 0, 0
	for _, st := range capStages {
		shared := build(st)
		if got, err := capStatus(s, shared); err != nil || got.String() != "CASE_STATUS_"+string(st.view.Status) {
			t.Fatalf("the case built to %s is %v (%v)", st.name, got, err)
		}
		for _, caller := range capCallers {
			who := caller.actor(st)
			want := cases.AllowedActions(st.view, who)
			// What GetCase reports to the caller is the table.
			res, err := s.cases.GetCase(tokens[caller.name], &pb.GetCaseRequest{CaseReference: shared.ref})
			var reported []cases.Action
			for _, a := range res.GetCase().GetAllowedActions() {
				reported = append(reported, cases.Action(strings.TrimPrefix(a.String(), "CASE_ACTION_")))
			}
			if err != nil && !refusal(err) {
				t.Fatalf("%s reads the %s case: %v", caller.name, st.name, err)
			}
			if !slices.Equal(reported, want) {
				t.Errorf("%s, %s case: GetCase reports %v, the table allows %v (read: %v)", st.name, caller.name, reported, want, err)
			}
			for _, rpc := range rpcs {
				allowed := slices.ContainsFunc(rpc.actions, func(a cases.Action) bool {
					c, _ := cases.CapabilityOf(a)
					return c.Allows(st.view, who)
				})
				k := shared
				if allowed {
					k = build(st) // a call that gets through changes the case: each on its own
				}
				v, _ := capVersion(s, k)
				err := rpc.call(tokens[caller.name], s, k, v)
				checked++
				switch {
				case allowed && err != nil:
					t.Errorf("%s, %s case: %s is refused (%v), but the table allows it", rpc.name, st.name, caller.name, err)
				case allowed:
					through++
				case !allowed && !refusal(err):
					t.Errorf("%s, %s case: %s gets through (%v), but the table does not allow it", rpc.name, st.name, caller.name, err)
				}
			}
		}
	}
	t.Logf("%d calls checked against the table, %d of them allowed", checked, through)

	// Over REST the same: intake may close a new web-form case, and is told so.
	k := build(capStages[0])
	var got struct {
		Case struct {
			AllowedActions []string `json:"allowedActions"`
		} `json:"case"`
	}
	s.rest(t, "GET", "/v1/cases/"+k.ref, s.tokenFor(t, "ivo", "intake"), nil).want(t, 200, &got)
	want := []string{"CASE_ACTION_ACKNOWLEDGE", "CASE_ACTION_SEND_MESSAGE", "CASE_ACTION_ASSIGN_ADVISER", "CASE_ACTION_LINK_SUBJECT",
		"CASE_ACTION_RECORD_ORAL_REPORT", "CASE_ACTION_CLOSE_CASE"}
	if !slices.Equal(got.Case.AllowedActions, want) {
		t.Errorf("GET /v1/cases/%s as intake: allowedActions %v, want %v", k.ref, got.Case.AllowedActions, want)
	}
	v, _ := capVersion(s, k)
	s.rest(t, "POST", "/v1/cases/"+k.ref+":close", s.tokenFor(t, "ivo", "intake"),
		map[string]any{"outcome": "SUPPORT_OUTCOME_WITHDRAWN", "version": v}).want(t, 200, nil)
}

// capVersion and capStatus read the case as intake (who may read every web-form case).
func capVersion(s *server, k *capCase) (int64, error) {
	res, err := s.cases.GetCase(k.intake, &pb.GetCaseRequest{CaseReference: k.ref})
	return res.GetCase().GetVersion(), err
}

func capStatus(s *server, k *capCase) (pb.CaseStatus, error) {
	res, err := s.cases.GetCase(k.intake, &pb.GetCaseRequest{CaseReference: k.ref})
	return res.GetCase().GetSummary().GetStatus(), err
}

// capBuild files a case and takes it through the first steps of its life:
//
//	0: filed through the web form to Anna, Sam linked as its subject, a conversation logged
//	1: the reporter consents to a formal report; intake acknowledges (IN_SUPPORT)
//	2: Anna escalates it to BO (WEIGHING)
//	3: BO's manager weighs a reasonable suspicion (FACT_FINDING) and adds an allegation
//	4: he starts the fact-finding with ita-1, who records an interview
//	5: ita-1 records the hearing
//	6: the manager sets the findings (ASSESSMENT)
//	7: ita-1 records the assessment
//	8: the manager decides the sanction (SANCTION)
//	9: the manager closes the case (CLOSED)
func capBuild(s *server, as func(string) context.Context, annaID, basID string, steps int) (*capCase, error) {
	anna, bert, ita := as("anna"), as("mgr-bo"), as("ita-1")
	req := anonymousReport("Sam shouts at a colleague in every team meeting and calls her names.")
	req.AdviserId = annaID
	filed, err := s.reporter.FileReport(context.Background(), req)
	if err != nil {
		return nil, err
	}
	k := &capCase{ref: filed.GetCaseReference(), code: filed.GetReceiptCode(), basID: basID, intake: as("ivo"), manager: bert}
	version := func() int64 { v, _ := capVersion(s, k); return v }
	step := func(n int, f func() error) error {
		if err != nil || steps < n {
			return err
		}
		if err = f(); err != nil {
			err = fmt.Errorf("step %d: %w", n, err)
		}
		return err
	}
	_ = step(0, func() error {
		if _, err := s.cases.LinkSubject(anna, &pb.LinkSubjectRequest{CaseReference: k.ref, EmployeeNumber: "2001"}); err != nil {
			return err
		}
		c, err := s.cases.LogConversation(anna, &pb.LogConversationRequest{CaseReference: k.ref, HeldOn: timestamppb.New(time.Now().Add(-2 * time.Hour)),
			Form: pb.ConversationForm_CONVERSATION_FORM_PHONE, DurationMinutes: 15, Notes: "Anna's notes."})
		k.conversation = c.GetConversation().GetId()
		return err
	})
	_ = step(1, func() error {
		open, err := s.reporter.OpenSession(context.Background(), &pb.OpenSessionRequest{ReceiptCode: k.code})
		if err != nil {
			return err
		}
		rc := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+open.GetSessionToken())
		if _, err := s.reporter.GiveConsent(rc, &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
			return err
		}
		_, err = s.cases.AcknowledgeCase(k.intake, &pb.AcknowledgeCaseRequest{CaseReference: k.ref})
		return err
	})
	_ = step(2, func() error {
		_, err := s.cases.Escalate(anna, &pb.EscalateRequest{CaseReference: k.ref, UnitCode: "BO", Version: version()})
		return err
	})
	_ = step(3, func() error {
		if _, err := s.cases.Weigh(bert, capWeigh(k.ref, version())); err != nil {
			return err
		}
		al, err := s.cases.AddAllegation(bert, capAllegation(k.ref))
		k.allegations = append(k.allegations, al.GetAllegation().GetAllegationId())
		return err
	})
	_ = step(4, func() error {
		if _, err := s.cases.StartInvestigation(bert, capStart(k.ref, version())); err != nil {
			return err
		}
		iv, err := s.cases.RecordInterview(ita, capInterview(k.ref))
		k.interview = iv.GetInterview().GetInterviewId()
		return err
	})
	_ = step(5, func() error {
		_, err := s.cases.RecordHearing(ita, &pb.RecordHearingRequest{CaseReference: k.ref, HeldOn: timestamppb.New(time.Now().Add(-time.Hour)), Response: "I did not mean it."})
		return err
	})
	_ = step(6, func() error {
		_, err := s.cases.SetFindings(bert, capFindings(k, version()))
		return err
	})
	_ = step(7, func() error {
		_, err := s.cases.RecordAssessment(ita, capAssessment(k.ref))
		return err
	})
	_ = step(8, func() error {
		_, err := s.cases.DecideSanction(bert, capDecide(s, k, version()))
		return err
	})
	_ = step(9, func() error {
		_, err := s.cases.CloseAfterAssessment(bert, &pb.CloseAfterAssessmentRequest{CaseReference: k.ref, Feedback: "Your report was investigated.", Version: version()})
		return err
	})
	return k, err
}

func capWeigh(ref string, v int64) *pb.WeighRequest {
	return &pb.WeighRequest{CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
		Rationale: "Concrete behaviour, witnessed by the team, repeatedly.", Version: v,
		Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Severity: pb.Severity_SEVERITY_MEDIUM}}
}

func capStart(ref string, v int64) *pb.StartInvestigationRequest {
	return &pb.StartInvestigationRequest{CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: "What was said, to whom, when."},
		Team: []string{"ita-1"}, Version: v}
}

func capAllegation(ref string) *pb.AddAllegationRequest {
	return &pb.AddAllegationRequest{CaseReference: ref, NormId: "CAT-BULLYING", Severity: pb.Severity_SEVERITY_LOW,
		Description: "Sam shouts at a colleague in team meetings."}
}

func capInterview(ref string) *pb.RecordInterviewRequest {
	return &pb.RecordInterviewRequest{CaseReference: ref, Role: pb.IntervieweeRole_INTERVIEWEE_ROLE_WITNESS,
		HeldOn: timestamppb.New(time.Now().Add(-time.Hour)), Interviewee: "A witness from the team", Minutes: "The witness confirms it."}
}

func capFindings(k *capCase, v int64) *pb.SetFindingsRequest {
	r := &pb.SetFindingsRequest{CaseReference: k.ref, Version: v}
	ids := k.allegations
	if len(ids) == 0 {
		ids = []string{k.basID} // none yet: the caller and the state are checked before the ids
	}
	for _, id := range ids {
		r.Findings = append(r.Findings, &pb.FindingInput{AllegationId: id, Finding: pb.Finding_FINDING_PROVEN, Reasoning: "Witnesses confirm it."})
	}
	return r
}

func capAssessment(ref string) *pb.RecordAssessmentRequest {
	return &pb.RecordAssessmentRequest{CaseReference: ref, Qualification: "The proven shouting is bullying under the code of conduct."}
}

// capDecide decides the sanction the rules recommend (as the case's manager reads them), else a
// written warning.
func capDecide(s *server, k *capCase, v int64) *pb.DecideSanctionRequest {
	ref := k.ref
	r := &pb.DecideSanctionRequest{CaseReference: ref, Sanction: pb.Sanction_SANCTION_WRITTEN_WARNING, FactsKnownAt: timestamppb.Now(),
		Motivation: "A first offence; the subject apologised.", Version: v}
	if ev, err := s.cases.EvaluateSanction(k.manager, &pb.EvaluateSanctionRequest{CaseReference: ref}); err == nil {
		if rec := ev.GetEvaluation().GetRecommended(); rec != pb.Sanction_SANCTION_UNSPECIFIED {
			r.Sanction = rec
		} else if al := ev.GetEvaluation().GetAllowed(); len(al) > 0 {
			r.Sanction = al[0]
		}
	}
	return r
}
