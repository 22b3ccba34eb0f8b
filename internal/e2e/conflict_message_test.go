package e2e

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// conflictRefusal is the whole answer to anything a conflict of interest excludes.
const conflictRefusal = "refused because of a conflict of interest in this case"

// TestAConflictRefusalNamesNoOne: Sam (2001) is linked to a case; Wim ("mgr-wij") manages Sam and
// is also a confidential adviser. Handing the case to Wim — as adviser (by intake or by the
// reporter), by escalating to his unit or the one above it, or by putting him on the
// fact-finding team — is refused, over gRPC and REST alike, with the same words that name no
// one: not Wim, not his unit, not his place in the team list. Who is conflicted would tell who
// the case is about.
func TestAConflictRefusalNamesNoOne(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		s.importOrg(t)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		wimID := s.createAdviser(t, "mgr-wij", "Wim Wijkteams")
		anna := s.tokenFor(t, "anna", "adviser")
		ivo := s.tokenFor(t, "ivo", "intake")
		bert := s.tokenFor(t, "mgr-bo", "manager")
		forbidden := []string{"Wim", "Wijkteams", "mgr-wij", wimID, "SO-WIJ", "SO", "Sam", "2001", "team member", "2", "manager of unit", "adviser"}
		want := func(what string, err error, rest restResp) {
			t.Helper()
			st := wantCode(t, err, codes.FailedPrecondition)
			e := rest.wantError(t, 400)
			for _, msg := range []string{st.Message(), e.Message} {
				if msg != conflictRefusal {
					t.Errorf("%s: refusal %q, want %q", what, msg, conflictRefusal)
				}
				for _, f := range forbidden {
					if strings.Contains(msg, f) {
						t.Errorf("%s: refusal %q names %q", what, msg, f)
					}
				}
			}
		}

		req := anonymousReport("Sam, a team lead in the Wijkteams, mocks my accent in front of residents.")
		req.AdviserId = annaID
		filed := s.fileReport(t, req)
		ref := filed.GetCaseReference()
		session := s.openSession(t, filed.GetReceiptCode())
		if _, err := s.reporter.GiveConsent(ctx(t, session), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"}); err != nil {
			t.Fatalf("link subject: %v", err)
		}
		version := func(tok string) int64 {
			t.Helper()
			c, err := s.cases.GetCase(ctx(t, tok), &pb.GetCaseRequest{CaseReference: ref})
			if err != nil {
				t.Fatal(err)
			}
			return c.GetCase().GetVersion()
		}

		// Intake assigns Wim as adviser.
		v := version(ivo)
		_, err := s.cases.AssignAdviser(ctx(t, ivo), &pb.AssignAdviserRequest{CaseReference: ref, AdviserId: wimID, Version: v})
		want("intake assigns the subject's manager", err,
			s.rest(t, "POST", "/v1/cases/"+ref+":assignAdviser", ivo, map[string]any{"adviserId": wimID, "version": v}))

		// The reporter chooses Wim.
		_, err = s.reporter.ChooseAdviser(ctx(t, session), &pb.ChooseAdviserRequest{AdviserId: wimID})
		want("the reporter chooses the subject's manager", err,
			s.rest(t, "POST", "/v1/reporter/case:chooseAdviser", session, map[string]any{"adviserId": wimID}))

		// Anna escalates to Wim's unit, and to the unit above it.
		for _, unit := range []string{"SO-WIJ", "SO"} {
			v := version(anna)
			_, err = s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: unit, Version: v})
			want("escalation to "+unit, err,
				s.rest(t, "POST", "/v1/cases/"+ref+":escalate", anna, map[string]any{"unitCode": unit, "version": v}))
		}

		// Bert, to whom it goes, puts Wim on the fact-finding team (second of two).
		if _, err := s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version(anna)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.Weigh(ctx(t, bert), &pb.WeighRequest{
			CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
			Rationale: "Concrete remarks about origin, witnessed by residents.", Version: version(bert),
			Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Severity: pb.Severity_SEVERITY_HIGH},
		}); err != nil {
			t.Fatal(err)
		}
		v = version(bert)
		_, err = s.cases.StartInvestigation(ctx(t, bert), &pb.StartInvestigationRequest{
			CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: "What was said, to whom, when."}, Team: []string{"ita-1", "mgr-wij"}, Version: v,
		})
		want("Wim on the team", err, s.rest(t, "POST", "/v1/cases/"+ref+"/investigation", bert, map[string]any{
			"plan": map[string]any{"scope": "What was said, to whom, when."}, "team": []string{"ita-1", "mgr-wij"}, "version": v,
		}))
	})
}
