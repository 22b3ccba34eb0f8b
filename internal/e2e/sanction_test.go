package e2e

import (
	"encoding/base64"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestProvenDiscriminationIsAlwaysSanctioned follows a case from weighing to closure over gRPC:
// fact-finding with the integrity team, the hearing before the findings, the evaluation against
// the published rules, a motivated lighter sanction, and the closure with feedback — with the
// refusals of zero tolerance along the way.
func TestProvenDiscriminationIsAlwaysSanctioned(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		s.importOrg(t)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		anna := s.tokenFor(t, "anna", "adviser")
		bert := s.tokenFor(t, "mgr-bo", "manager")
		ita := s.tokenFor(t, "ita-1", "integrity_team")
		hanna := s.tokenFor(t, "hanna", "hr")

		// HR fills the precedent library from another body's export (the evaluation set), over
		// REST; a second import of the same file changes nothing; a file with a bad row imports
		// nothing and names the line and field.
		library, err := os.ReadFile("../precedents/testdata/eval/precedents.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		var imported struct{ Rows, Created, Updated, Unchanged int }
		s.rest(t, "POST", "/v1/precedents:import", hanna, map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString(library)}).want(t, 200, &imported)
		if imported.Created != imported.Rows || imported.Rows < 40 {
			t.Fatalf("first import: %+v", imported)
		}
		s.rest(t, "POST", "/v1/precedents:import", hanna, map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString(library)}).want(t, 200, &imported)
		if imported.Unchanged != imported.Rows || imported.Created+imported.Updated != 0 {
			t.Fatalf("second import is not idempotent: %+v", imported)
		}
		bad := regexp.MustCompile(`"year": ?20`).ReplaceAllString(string(library), `"year":18`) + "{not json}\n"
		e := s.rest(t, "POST", "/v1/precedents:import", hanna, map[string]any{"format": "jsonl", "content": base64.StdEncoding.EncodeToString([]byte(bad))}).wantError(t, 400)
		if !strings.Contains(e.Message, "line 1") || !strings.Contains(e.Message, "year") || !strings.Contains(e.Message, "nothing was imported") {
			t.Fatalf("bad import: %q", e.Message)
		}

		req := anonymousReport("Sam calls a colleague names because of her origin, in front of the team.")
		req.Category, req.AdviserId = pb.Category_CATEGORY_DISCRIMINATION, annaID
		filed := s.fileReport(t, req)
		ref := filed.GetCaseReference()
		session := s.openSession(t, filed.GetReceiptCode())
		if _, err := s.reporter.GiveConsent(ctx(t, session), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
			t.Fatal(err)
		}
		version := func(tok string) int64 {
			t.Helper()
			c, err := s.cases.GetCase(ctx(t, tok), &pb.GetCaseRequest{CaseReference: ref})
			if err != nil {
				t.Fatal(err)
			}
			return c.GetCase().GetVersion()
		}
		if _, err := s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"}); err != nil {
			t.Fatalf("link subject: %v", err)
		}
		if _, err := s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version(anna)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.Weigh(ctx(t, bert), &pb.WeighRequest{
			CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
			Rationale: "Concrete remarks about origin, witnessed by the team.", Version: version(bert),
			Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Severity: pb.Severity_SEVERITY_HIGH},
		}); err != nil {
			t.Fatal(err)
		}
		// Sam's own manager cannot investigate Sam, nor can Sam: the start is refused and changes nothing.
		for _, conflicted := range []string{"mgr-wij", "sam"} {
			_, err := s.cases.StartInvestigation(ctx(t, bert), &pb.StartInvestigationRequest{
				CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: "What was said, to whom, when."},
				Team: []string{"ita-1", conflicted}, Version: version(bert),
			})
			wantCode(t, err, codes.FailedPrecondition)
		}
		if _, err := s.cases.StartInvestigation(ctx(t, bert), &pb.StartInvestigationRequest{
			CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: "What was said, to whom, when."},
			Team: []string{"ita-1"}, Version: version(bert),
		}); err != nil {
			t.Fatalf("start investigation: %v", err)
		}
		al, err := s.cases.AddAllegation(ctx(t, ita), &pb.AddAllegationRequest{
			CaseReference: ref, NormId: "GC-1.2", Severity: pb.Severity_SEVERITY_HIGH,
			Description: "Sam maakte op 12 maart 2026 in het teamoverleg denigrerende opmerkingen over de afkomst van een collega en noemde haar een scheldnaam.",
		})
		if err != nil {
			t.Fatalf("add allegation: %v", err)
		}
		findings := &pb.SetFindingsRequest{CaseReference: ref, Findings: []*pb.FindingInput{{
			AllegationId: al.GetAllegation().GetAllegationId(), Finding: pb.Finding_FINDING_PROVEN,
			Reasoning: "Four witnesses; the subject confirms the words.",
		}}}
		findings.Version = version(bert)
		_, err = s.cases.SetFindings(ctx(t, bert), findings)
		wantCode(t, err, codes.FailedPrecondition) // not before the hearing
		if _, err := s.cases.RecordHearing(ctx(t, ita), &pb.RecordHearingRequest{
			CaseReference: ref, HeldOn: timestamppb.New(time.Now().Add(-time.Hour)), Response: "I did not mean it like that.",
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.SetFindings(ctx(t, bert), findings); err != nil {
			t.Fatalf("set findings: %v", err)
		}

		ev, err := s.cases.EvaluateSanction(ctx(t, ita), &pb.EvaluateSanctionRequest{CaseReference: ref})
		if err != nil || !ev.GetEvaluation().GetZeroTolerance() || len(ev.GetEvaluation().GetFired()) == 0 {
			t.Fatalf("evaluation: %v %v", ev, err)
		}
		// The rules and the comparable precedents side by side, the recommendation placed among them.
		if cp := ev.GetComparablePrecedents(); len(cp.GetHits()) == 0 || len(cp.GetSanctionDistribution()) == 0 || cp.GetComparison().GetVerdict() == "" {
			t.Fatalf("the evaluation lacks the comparable precedents: %v", cp)
		}
		_, err = s.cases.CloseAfterAssessment(ctx(t, bert), &pb.CloseAfterAssessmentRequest{CaseReference: ref, Feedback: "Your report was handled.", Version: version(bert)})
		wantCode(t, err, codes.FailedPrecondition) // proven discrimination: no closure without sanction
		if _, err := s.cases.RecordAssessment(ctx(t, ita), &pb.RecordAssessmentRequest{
			CaseReference: ref, Qualification: "Proven remarks about origin: a violation of GC-1.2, zero tolerance.",
		}); err != nil {
			t.Fatalf("record assessment: %v", err)
		}
		// Before deciding, the manager compares the case with the library: comparable
		// discrimination precedents, why they match, and how a written warning compares.
		cmp, err := s.precedents.LookupPrecedentsForCase(ctx(t, bert), &pb.LookupPrecedentsForCaseRequest{CaseReference: ref, ProposedSanction: "WRITTEN_WARNING"})
		if err != nil || len(cmp.GetHits()) < 3 || cmp.GetComparison().GetVerdict() == "" {
			t.Fatalf("comparable precedents: %v %v", cmp, err)
		}
		top := cmp.GetHits()[0]
		if top.GetPrecedent().GetCategory() != "DISCRIMINATION" || !hasReason(top, "NORMS", "GC-1.2") {
			t.Fatalf("the best match is not a comparable discrimination case: %v", top)
		}
		_, err = s.precedents.LookupPrecedentsForCase(ctx(t, s.tokenFor(t, "mgr-x", "manager")), &pb.LookupPrecedentsForCaseRequest{CaseReference: ref})
		wantCode(t, err, codes.NotFound) // a manager of another unit
		decide := &pb.DecideSanctionRequest{
			CaseReference: ref, Sanction: pb.Sanction_SANCTION_TRANSFER,
			FactsKnownAt: timestamppb.Now(), Version: version(bert),
		}
		_, err = s.cases.DecideSanction(ctx(t, bert), decide)
		wantCode(t, err, codes.FailedPrecondition) // outside the allowed set under zero tolerance
		decide.Sanction = pb.Sanction_SANCTION_WRITTEN_WARNING
		_, err = s.cases.DecideSanction(ctx(t, bert), decide)
		wantCode(t, err, codes.InvalidArgument) // lighter than recommended without a motivation
		decide.Motivation = "A first offence; the subject apologised and follows a training on inclusion."
		decide.Circumstances = &pb.Circumstances{Mitigating: []string{"REMORSE_AND_REPAIR"}}
		dec, err := s.cases.DecideSanction(ctx(t, bert), decide)
		if err != nil || dec.GetCase().GetStatus() != pb.CaseStatus_CASE_STATUS_SANCTION || dec.GetEvaluation().GetRuleSetVersion() == "" {
			t.Fatalf("decide sanction: %v %v", dec, err)
		}
		closed, err := s.cases.CloseAfterAssessment(ctx(t, bert), &pb.CloseAfterAssessmentRequest{
			CaseReference: ref, Feedback: "Your report was investigated; measures were taken.", Version: version(bert),
		})
		if err != nil || closed.GetCase().GetStatus() != pb.CaseStatus_CASE_STATUS_CLOSED || closed.GetCase().GetOutcome() != "PROVEN_WITH_SANCTION" {
			t.Fatalf("closure: %v %v", closed, err)
		}
		msgs, err := s.reporter.ListMyMessages(ctx(t, s.openSession(t, filed.GetReceiptCode())), &pb.ListMyMessagesRequest{})
		if err != nil || len(msgs.GetMessages()) == 0 || msgs.GetMessages()[len(msgs.GetMessages())-1].GetBody() != "Your report was investigated; measures were taken." {
			t.Fatalf("the reporter's feedback: %v %v", msgs, err)
		}

		// The closed case becomes a precedent: the manager drafts it (personal data removed), HR
		// cannot see it before it is submitted, reviews it without learning the case, edits and
		// approves it; the published precedent has no link to the case.
		dr, err := s.precedents.CreatePrecedentDraft(ctx(t, bert), &pb.CreatePrecedentDraftRequest{CaseReference: ref})
		if err != nil {
			t.Fatalf("create draft: %v", err)
		}
		draft := dr.GetDraft()
		p := draft.GetPrecedent()
		if strings.Contains(p.GetSummary(), "Sam") || strings.Contains(p.GetSummary(), "12 maart") || !strings.Contains(p.GetSummary(), "afkomst") {
			t.Fatalf("the draft's summary is not anonymised: %q", p.GetSummary())
		}
		if p.GetFindings() != "PROVEN" || p.GetSanction() != "WRITTEN_WARNING" || strings.Join(p.GetNorms(), ",") != "GC-1.2" ||
			strings.Join(p.GetMitigating(), ",") != "REMORSE_AND_REPAIR" || p.GetCategory() != "DISCRIMINATION" {
			t.Fatalf("the draft's facts: %v", p)
		}
		removed := map[string]int32{}
		for _, r := range draft.GetRemoved() {
			removed[r.GetKind()] = r.GetCount()
		}
		if removed["name"] == 0 || removed["date"] == 0 {
			t.Fatalf("the draft does not say what was removed: %v", draft.GetRemoved())
		}
		_, err = s.precedents.GetPrecedentDraft(ctx(t, hanna), &pb.GetPrecedentDraftRequest{Id: draft.GetId()})
		wantCode(t, err, codes.NotFound) // not submitted yet
		// ... and the attempt is in the case's trail for the auditor.
		trail, err := pb.NewAuditServiceClient(s.conn).ListAuditEvents(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		wantRefusal(t, trail.GetEvents(), "hanna", "refused=PrecedentService/GetPrecedentDraft", "reason=not_assigned")
		sub, err := s.precedents.SubmitPrecedentDraft(ctx(t, bert), &pb.SubmitPrecedentDraftRequest{Id: draft.GetId(), Version: draft.GetVersion()})
		if err != nil || sub.GetDraft().GetStatus() != "SUBMITTED" {
			t.Fatalf("submit: %v %v", sub, err)
		}
		queue, err := s.precedents.ListPrecedentDrafts(ctx(t, hanna), &pb.ListPrecedentDraftsRequest{})
		if err != nil || len(queue.GetDrafts()) != 1 || queue.GetDrafts()[0].GetCaseReference() != "" {
			t.Fatalf("HR's review queue (without case references): %v %v", queue, err)
		}
		edit := queue.GetDrafts()[0].GetPrecedent()
		edit.Summary = "Een medewerker maakte in een teamoverleg denigrerende opmerkingen over de afkomst van een collega."
		upd, err := s.precedents.UpdatePrecedentDraft(ctx(t, hanna), &pb.UpdatePrecedentDraftRequest{Id: draft.GetId(), Version: sub.GetDraft().GetVersion(), Precedent: edit})
		if err != nil {
			t.Fatalf("HR edits the draft: %v", err)
		}
		_, err = s.precedents.UpdatePrecedentDraft(ctx(t, bert), &pb.UpdatePrecedentDraftRequest{Id: draft.GetId(), Version: upd.GetDraft().GetVersion(), Precedent: edit})
		wantCode(t, err, codes.FailedPrecondition) // with HR now
		_, err = s.precedents.ApprovePrecedentDraft(ctx(t, hanna), &pb.ApprovePrecedentDraftRequest{Id: draft.GetId(), Version: sub.GetDraft().GetVersion()})
		wantCode(t, err, codes.Aborted) // a stale version
		pub, err := s.precedents.ApprovePrecedentDraft(ctx(t, hanna), &pb.ApprovePrecedentDraftRequest{Id: draft.GetId(), Version: upd.GetDraft().GetVersion()})
		if err != nil || pub.GetPrecedent().GetOrigin() != "OWN" || pub.GetPrecedent().GetSummary() != edit.Summary {
			t.Fatalf("approve: %v %v", pub, err)
		}
		_, err = s.precedents.GetPrecedentDraft(ctx(t, bert), &pb.GetPrecedentDraftRequest{Id: draft.GetId()})
		wantCode(t, err, codes.NotFound) // the draft is gone once published

		// After the retention period (here: a second, via `meldpunt retention run`) the content is
		// gone — the case key is erased — and the case still counts.
		time.Sleep(1100 * time.Millisecond)
		args := []string{"retention", "run", "--data-dir", s.dataDir, "--case-retention", "1s", "--adviser-notes-retention", "1s"}
		if s.dbURL != "" {
			args = append(args, "--database-url", s.dbURL)
		}
		cmd := exec.Command(meldpuntBin, args...)
		cmd.Env = cleanEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("retention run: %v\n%s", err, out)
		}
		_, err = s.cases.GetCase(ctx(t, bert), &pb.GetCaseRequest{CaseReference: ref})
		wantCode(t, err, codes.FailedPrecondition)
		_, err = s.reporter.OpenSession(ctx(t, ""), &pb.OpenSessionRequest{ReceiptCode: filed.GetReceiptCode()})
		wantCode(t, err, codes.Unauthenticated)
		list, err := s.cases.ListCases(ctx(t, bert), &pb.ListCasesRequest{})
		if err != nil || len(list.GetCases()) != 1 || list.GetCases()[0].GetOutcome() != "PROVEN_WITH_SANCTION" {
			t.Fatalf("the destroyed case no longer counts: %v %v", list, err)
		}
		// The precedent outlives the case.
		if got, err := s.precedents.GetPrecedent(ctx(t, ita), &pb.GetPrecedentRequest{Id: pub.GetPrecedent().GetId()}); err != nil || got.GetPrecedent().GetSummary() != edit.Summary {
			t.Fatalf("the precedent after the case's destruction: %v %v", got, err)
		}
	})
}

func hasReason(h *pb.PrecedentHit, kind, code string) bool {
	for _, r := range h.GetReasons() {
		if r.GetKind() == kind && (code == "" || strings.Contains(strings.Join(r.GetCodes(), ","), code)) {
			return true
		}
	}
	return false
}
