package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// importOrg loads the organisation used by the weighing tests with `meldpunt org import`:
// Sociaal Domein (SO, manager Marieke "mgr-so"), its team Wijkteams (SO-WIJ, manager Wim
// "mgr-wij") where Sam works, and Bedrijfsvoering (BO, manager Bert "mgr-bo").
func (s *server) importOrg(t *testing.T) {
	t.Helper()
	s.importOrgCSV(t, "unit_code;unit_name;parent_code;manager_number\nSO;Sociaal Domein;;1001\nSO-WIJ;Wijkteams;SO;1002\nBO;Bedrijfsvoering;;1003\n",
		"number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1002;Wim;;SO-WIJ;mgr-wij\n1003;Bert;;BO;mgr-bo\n2001;Sam;;SO-WIJ;sam\n")
}

// importOrgCSV runs `meldpunt org import` with these two files' contents.
func (s *server) importOrgCSV(t *testing.T, units, emps string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"units.csv": units, "employees.csv": emps} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"org", "import", "--data-dir", s.dataDir, "--units", filepath.Join(dir, "units.csv"), "--employees", filepath.Join(dir, "employees.csv")}
	if s.dbURL != "" {
		args = append(args, "--database-url", s.dbURL)
	}
	cmd := exec.Command(meldpuntBin, args...)
	cmd.Env = cleanEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("org import: %v\n%s", err, out)
	}
}

// createAdviser registers an adviser profile for a staff sign-in, as an administrator does.
func (s *server) createAdviser(t *testing.T, subject, name string) string {
	t.Helper()
	resp, err := pb.NewAdviserServiceClient(s.conn).CreateAdviser(ctx(t, s.tokenFor(t, "admin-1", "admin")), &pb.CreateAdviserRequest{
		StaffSubject: subject,
		Profile:      &pb.AdviserProfile{Name: name, Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL, Languages: []string{"nl"}},
	})
	if err != nil {
		t.Fatalf("create adviser %s: %v", name, err)
	}
	return resp.GetAdviser().GetAdviserId()
}

// TestAnonymousSignalToReasonableSuspicion: an anonymous report to a chosen adviser, a subject
// linked, consent to escalate without identity, a conflicted manager refused, the accountable
// manager weighs "reasonable suspicion" seeing a pseudonymous reporter only, and the case is
// ready for fact-finding.
func TestAnonymousSignalToReasonableSuspicion(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		s.importOrg(t)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		s.createAdviser(t, "bas", "Bas Jansen")
		anna := s.tokenFor(t, "anna", "adviser")
		bas := s.tokenFor(t, "bas", "adviser")
		bert := s.tokenFor(t, "mgr-bo", "manager")
		marieke := s.tokenFor(t, "mgr-so", "manager")
		intake := s.tokenFor(t, "ivo", "intake")
		admin := s.tokenFor(t, "admin-1", "admin")

		// The reporter picks Anna from the public list and reports anonymously to her.
		list, err := pb.NewAdviserServiceClient(s.conn).ListAdvisers(ctx(t, ""), &pb.ListAdvisersRequest{})
		if err != nil || len(list.GetAdvisers()) != 2 {
			t.Fatalf("public adviser list: %v %v", list, err)
		}
		req := anonymousReport("Sam, a team lead in the Wijkteams, mocks my accent in front of residents.")
		req.Category, req.AdviserId = pb.Category_CATEGORY_DISCRIMINATION, annaID
		filed := s.fileReport(t, req)
		ref := filed.GetCaseReference()
		session := s.openSession(t, filed.GetReceiptCode())
		mine, err := s.reporter.GetMyCase(ctx(t, session), &pb.GetMyCaseRequest{})
		if err != nil || mine.GetCase().GetAdviserName() != "Anna de Vries" {
			t.Fatalf("the reporter does not see her adviser: %v %v", mine, err)
		}

		// Anna has it; Bas does not; an administrator reads no content.
		my, err := s.cases.ListCases(ctx(t, anna), &pb.ListCasesRequest{})
		if err != nil || len(my.GetCases()) != 1 {
			t.Fatalf("Anna's cases: %v %v", my, err)
		}
		_, err = s.cases.GetCase(ctx(t, bas), &pb.GetCaseRequest{CaseReference: ref})
		wantCode(t, err, codes.NotFound)
		_, err = s.cases.GetCase(ctx(t, admin), &pb.GetCaseRequest{CaseReference: ref})
		wantCode(t, err, codes.PermissionDenied)

		// Two conversations with Anna, logged by her.
		for i, form := range []pb.ConversationForm{pb.ConversationForm_CONVERSATION_FORM_PHONE, pb.ConversationForm_CONVERSATION_FORM_IN_PERSON} {
			if _, err := s.cases.LogConversation(ctx(t, anna), &pb.LogConversationRequest{
				CaseReference: ref, HeldOn: timestamppb.New(time.Now().Add(-time.Duration(2-i) * 24 * time.Hour)),
				Form: form, DurationMinutes: 45, Notes: "Talked through what happened and the options.",
				AdviceGiven: "Write down dates and witnesses.", NextStep: "Think about a formal report.",
			}); err != nil {
				t.Fatalf("log conversation %d: %v", i+1, err)
			}
		}
		convs, err := s.cases.ListConversations(ctx(t, anna), &pb.ListConversationsRequest{CaseReference: ref})
		if err != nil || len(convs.GetConversations()) != 2 {
			t.Fatalf("Anna's conversations: %v %v", convs, err)
		}

		if _, err := s.cases.LinkSubject(ctx(t, intake), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"}); err != nil {
			t.Fatalf("link subject: %v", err)
		}
		cur, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
		if err != nil {
			t.Fatal(err)
		}
		version := cur.GetCase().GetVersion()

		// No escalation without consent.
		_, err = s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version})
		wantCode(t, err, codes.FailedPrecondition)
		if _, err := s.reporter.GiveConsent(ctx(t, session), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
			t.Fatalf("give consent: %v", err)
		}
		// Not to Sam's own manager, and not with a stale version.
		_, err = s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "SO-WIJ", Version: version})
		wantCode(t, err, codes.FailedPrecondition)
		_, err = s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version + 7})
		wantCode(t, err, codes.Aborted)
		esc, err := s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version})
		if err != nil {
			t.Fatalf("escalate: %v", err)
		}
		if esc.GetCase().GetStatus() != pb.CaseStatus_CASE_STATUS_WEIGHING || deadline(t, esc.GetCase().GetDeadlines(), "weighing").GetDueAt() == nil {
			t.Fatalf("after escalation: %v", esc.GetCase())
		}
		_, err = s.reporter.RevokeConsent(ctx(t, session), &pb.RevokeConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT})
		wantCode(t, err, codes.FailedPrecondition)

		// Bert weighs, seeing a pseudonymous reporter; Marieke manages Sam and sees nothing.
		_, err = s.cases.GetCase(ctx(t, marieke), &pb.GetCaseRequest{CaseReference: ref})
		wantCode(t, err, codes.NotFound)
		view, err := s.cases.GetCase(ctx(t, bert), &pb.GetCaseRequest{CaseReference: ref})
		if err != nil {
			t.Fatalf("the accountable manager cannot read the escalated case: %v", err)
		}
		if !view.GetCase().GetPseudonymous() || view.GetCase().GetIdentity() != nil {
			t.Fatalf("the manager sees the reporter: %v", view.GetCase())
		}
		// The adviser's notes stay with the adviser.
		_, err = s.cases.ListConversations(ctx(t, bert), &pb.ListConversationsRequest{CaseReference: ref})
		if c := status.Code(err); c != codes.PermissionDenied && c != codes.NotFound {
			t.Fatalf("the manager reads the adviser's conversation notes: %v", err)
		}
		weigh := &pb.WeighRequest{
			CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
			Rationale: "Concrete, repeated remarks about origin by a team lead, in front of residents.",
			Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Norm: "Gedragscode: respect", Severity: pb.Severity_SEVERITY_HIGH, Repetition: true},
			Version:   view.GetCase().GetVersion() - 1,
		}
		_, err = s.cases.Weigh(ctx(t, bert), weigh)
		wantCode(t, err, codes.Aborted)
		weigh.Version++
		done, err := s.cases.Weigh(ctx(t, bert), weigh)
		if err != nil {
			t.Fatalf("weigh: %v", err)
		}
		if done.GetCase().GetStatus() != pb.CaseStatus_CASE_STATUS_FACT_FINDING {
			t.Fatalf("after a reasonable suspicion: %v, want FACT_FINDING", done.GetCase().GetStatus())
		}
		after, err := s.reporter.GetMyCase(ctx(t, session), &pb.GetMyCaseRequest{})
		if err != nil || after.GetCase().GetStatus() != pb.CaseStatus_CASE_STATUS_FACT_FINDING {
			t.Fatalf("the reporter's view after the weighing: %v %v", after, err)
		}

		// One REST call: the manager's deadlines over the gateway.
		var dl struct {
			Items []struct {
				CaseReference string `json:"caseReference"`
			} `json:"items"`
		}
		s.rest(t, "GET", "/v1/my/deadlines", anna, nil).want(t, 200, &dl)
	})
}
