package e2e

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// The callers of the need-to-know matrix: every role, and for the roles that relate to a case,
// each relation to the matrix case — which is escalated to unit BO (manager Bert), assigned to
// adviser Anna, and about Sam (managed by Wim in SO-WIJ and by Marieke in SO above him).
var matrixCallers = []struct{ name, user, role string }{
	{"anonymous", "", ""},
	{"reporter:own", "", "reporter"},
	{"reporter:other-case", "", "reporter"},
	{"intake", "ivo", "intake"},
	{"intake:conflicted(subject)", "sam", "intake"},
	{"adviser:assigned", "anna", "adviser"},
	{"adviser:unassigned", "bas", "adviser"},
	{"adviser:conflicted(manager)", "mgr-wij", "adviser"},
	{"manager:escalated-to", "mgr-bo", "manager"},
	{"manager:unrelated", "mgr-x", "manager"},
	{"manager:conflicted(manager's manager)", "mgr-so", "manager"},
	{"integrity_team", "ita", "integrity_team"},
	{"hr", "hanna", "hr"},
	{"admin", "admin-1", "admin"},
	{"auditor", "aud", "auditor"},
}

// allowed is the spec (domain.md §3) for each RPC: which callers get through. Written out here,
// apart from the server's table and the domain's relation checks, so that both are tested.
var allowed = map[string][]string{
	"ReporterService/FileReport":        {"*"},
	"ReporterService/OpenSession":       {"*"},
	"ReporterService/ListCategories":    {"*"},
	"ReporterService/CloseSession":      {"reporter:own", "reporter:other-case"},
	"ReporterService/GetMyCase":         {"reporter:own", "reporter:other-case"},
	"ReporterService/ListMyMessages":    {"reporter:own", "reporter:other-case"},
	"ReporterService/SendMyMessage":     {"reporter:own", "reporter:other-case"},
	"ReporterService/ChooseAdviser":     {"reporter:own", "reporter:other-case"},
	"ReporterService/UploadMyEvidence":  {"reporter:own", "reporter:other-case"},
	"ReporterService/GiveConsent":       {"reporter:own", "reporter:other-case"},
	"ReporterService/RevokeConsent":     {"reporter:own", "reporter:other-case"},
	"ReporterService/GetOralReport":     {"reporter:own", "reporter:other-case"},
	"ReporterService/CorrectOralReport": {"reporter:own", "reporter:other-case"},
	"ReporterService/ApproveOralReport": {"reporter:own", "reporter:other-case"},
	// The reporter's own address for "there is a reply": each session on its own case.
	"ReporterService/SetMyNotificationEmail": {"reporter:own", "reporter:other-case"},
	// Matching entries: each reporter's own, through their session; no staff role at all. By
	// entry id the matrix reporters have none, so every caller is refused ("-"); the escrow
	// test covers who gets through.
	// Searching the register and depositing without a report are public (someone not ready to
	// report has no session); neither answers anything about entries.
	"ReporterService/SearchEscrowPeople":         {"*"},
	"ReporterService/DepositEscrowWithoutReport": {"*"},
	"ReporterService/DepositEscrow":              {"reporter:own", "reporter:other-case"},
	"ReporterService/ListMyEscrow":               {"reporter:own", "reporter:other-case"},
	"ReporterService/WithdrawEscrow":             {"-"},
	"ReporterService/AnswerEscrowMatch":          {"-"},

	// Lists are per person: allowed to the roles that hold cases, each seeing only their own.
	"CaseService/ListCases":   {"intake", "intake:conflicted(subject)", "adviser:assigned", "adviser:unassigned", "adviser:conflicted(manager)", "manager:escalated-to", "manager:unrelated", "manager:conflicted(manager's manager)", "integrity_team"},
	"CaseService/MyDeadlines": {"intake", "intake:conflicted(subject)", "adviser:assigned", "adviser:unassigned", "adviser:conflicted(manager)", "manager:escalated-to", "manager:unrelated", "manager:conflicted(manager's manager)", "integrity_team"},
	// Case content: only who handles it, never a conflicted person.
	"CaseService/GetCase":              {"intake", "adviser:assigned", "manager:escalated-to"},
	"CaseService/AcknowledgeCase":      {"intake", "adviser:assigned"},
	"CaseService/ListCaseMessages":     {"intake", "adviser:assigned"},
	"CaseService/SendCaseMessage":      {"intake", "adviser:assigned"},
	"CaseService/LinkSubject":          {"intake", "adviser:assigned", "manager:escalated-to"},
	"CaseService/AssignAdviser":        {"intake"},
	"CaseService/RecordConsent":        {"adviser:assigned"},
	"CaseService/Escalate":             {"intake", "adviser:assigned", "manager:escalated-to"},
	"CaseService/StartInvestigation":   {"manager:escalated-to"},
	"CaseService/AddAllegation":        {"manager:escalated-to"},
	"CaseService/ListAllegations":      {"manager:escalated-to"},
	"CaseService/RecordHearing":        {"manager:escalated-to"},
	"CaseService/SetFindings":          {"manager:escalated-to"},
	"CaseService/RecordAssessment":     {"manager:escalated-to"},
	"CaseService/UploadEvidence":       {"manager:escalated-to"},
	"CaseService/ListEvidence":         {"manager:escalated-to"},
	"CaseService/DownloadEvidence":     {"manager:escalated-to"},
	"CaseService/SetSuspension":        {"manager:escalated-to"},
	"CaseService/RecordInterview":      {"manager:escalated-to"},
	"CaseService/ListInterviews":       {"manager:escalated-to"},
	"CaseService/ApproveInterview":     {"manager:escalated-to"},
	"CaseService/EvaluateSanction":     {"manager:escalated-to"},
	"CaseService/DecideSanction":       {"manager:escalated-to"},
	"CaseService/CloseAfterAssessment": {"manager:escalated-to"},
	"CaseService/GetInvestigation":     {"manager:escalated-to"},
	"CaseService/Weigh":                {"manager:escalated-to"},
	"CaseService/CloseCase":            {"intake", "adviser:assigned"},
	"CaseService/EndSupport":           {"adviser:assigned"},
	"CaseService/GetCaseOralReport":    {"intake", "adviser:assigned", "manager:escalated-to"},
	// Recording a new signal received directly is not about the matrix case.
	"CaseService/RecordSignal":       {"manager:escalated-to", "manager:unrelated", "manager:conflicted(manager's manager)", "hr"},
	"CaseService/LogConversation":    {"adviser:assigned"},
	"CaseService/UpdateConversation": {"adviser:assigned"},
	"CaseService/ListConversations":  {"adviser:assigned"},
	// A consented match ("not alone"): the case's adviser only (the matrix case has none).
	"CaseService/GetCaseMatch": {"adviser:assigned"},
	// The case's adviser makes a matching entry for its reporter (refused without their
	// consent, after the access check).
	"CaseService/DepositEscrowForReporter": {"adviser:assigned"},
	"CaseService/RecordOralReport":         {"intake", "adviser:assigned"},

	"RuleSetService/GetRuleSet":     {"*"},
	"RuleSetService/ListRuleSets":   {"*"},
	"RuleSetService/PublishRuleSet": {"hr"},

	// The library: the integrity team and HR consult it; a manager only from their case; HR
	// maintains it. Drafts by id: the matrix case has none, so every caller is refused ("-");
	// the draft workflow test covers who gets through.
	"PrecedentService/LookupPrecedents":             {"integrity_team", "hr"},
	"PrecedentService/LookupPrecedentsForCase":      {"manager:escalated-to"},
	"PrecedentService/ListPrecedents":               {"integrity_team", "hr"},
	"PrecedentService/GetPrecedent":                 {"integrity_team", "hr"},
	"PrecedentService/ImportPrecedents":             {"hr"},
	"PrecedentService/ImportPrecedentsWithProgress": {"hr"},
	"PrecedentService/ExportPrecedents":             {"hr"},
	"PrecedentService/WithdrawPrecedent":            {"hr"},
	"PrecedentService/CreatePrecedentDraft":         {"manager:escalated-to"},
	"PrecedentService/ListPrecedentDrafts":          {"hr"},
	"PrecedentService/GetPrecedentDraft":            {"-"},
	"PrecedentService/UpdatePrecedentDraft":         {"-"},
	"PrecedentService/SubmitPrecedentDraft":         {"-"},
	"PrecedentService/ReturnPrecedentDraft":         {"-"},
	"PrecedentService/ApprovePrecedentDraft":        {"-"},

	// The annual report: aggregates, for HR only.
	"ReportService/GetAnnualReport":             {"hr"},
	"ReportService/GetAnnualReportWithProgress": {"hr"},
	"ReportService/PublishAnnualReport":         {"hr"},
	"ReportService/ListAnnualReportEditions":    {"hr"},
	"ReportService/GetAnnualReportEdition":      {"hr"},

	"AdviserService/ListAdvisers":    {"*"},
	"AdviserService/CreateAdviser":   {"admin"},
	"AdviserService/ListAllAdvisers": {"admin"},
	"AdviserService/UpdateAdviser":   {"admin"},

	// The trail (who touched the case when, never content): the auditor only.
	"AuditService/ListAuditEvents":    {"auditor"},
	"AuditService/VerifyAuditTrail":   {"auditor"},
	"AuditService/GetAuditCheckpoint": {"auditor"},

	// Accounts and the organisation: the administrator only.
	"AdminService/ListAccounts":       {"admin"},
	"AdminService/SetAccountBlocked":  {"admin"},
	"AdminService/ImportOrganisation": {"admin"},

	// Each member of staff their own notification settings; the outbox's counts (no content,
	// no addresses) the administrator.
	"NotificationService/GetMyNotificationSettings": {"intake", "intake:conflicted(subject)", "adviser:assigned", "adviser:unassigned", "adviser:conflicted(manager)", "manager:escalated-to", "manager:unrelated", "manager:conflicted(manager's manager)", "integrity_team", "hr", "admin", "auditor"},
	"NotificationService/SetMyNotificationSettings": {"intake", "intake:conflicted(subject)", "adviser:assigned", "adviser:unassigned", "adviser:conflicted(manager)", "manager:escalated-to", "manager:unrelated", "manager:conflicted(manager's manager)", "integrity_team", "hr", "admin", "auditor"},
	"NotificationService/GetNotificationStatus":     {"admin"},
}

// denied are the codes that mean "you may not": no credentials, no permission, or (for a case
// one may not see) no such case.
func denied(c codes.Code) bool {
	return c == codes.Unauthenticated || c == codes.PermissionDenied || c == codes.NotFound
}

// TestNeedToKnowMatrix calls every RPC of every Meldpunt service as every caller over gRPC and
// checks allow or deny against the spec above; then one REST call per service.
func TestNeedToKnowMatrix(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	s.importOrg(t)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	s.createAdviser(t, "bas", "Bas Jansen")
	s.createAdviser(t, "mgr-wij", "Wim Wijkteams")
	s.importOrgExtra(t)

	// The matrix case: filed to Anna, about Sam, consented, escalated to BO.
	req := anonymousReport("A matrix case about Sam's conduct in the Wijkteams.")
	req.AdviserId = annaID
	filed := s.fileReport(t, req)
	ref := filed.GetCaseReference()
	anna := s.tokenFor(t, "anna", "adviser")
	if _, err := s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.reporter.GiveConsent(ctx(t, s.openSession(t, filed.GetReceiptCode())), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
		t.Fatal(err)
	}
	cur, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: cur.GetCase().GetVersion()}); err != nil {
		t.Fatal(err)
	}
	other := s.fileReport(t, anonymousReport("another reporter's case"))
	logged, err := s.cases.LogConversation(ctx(t, anna), &pb.LogConversationRequest{CaseReference: ref,
		HeldOn: timestamppb.New(time.Now().Add(-2 * time.Hour)), Form: pb.ConversationForm_CONVERSATION_FORM_PHONE,
		DurationMinutes: 15, Notes: "Anna's notes of the matrix case."})
	if err != nil {
		t.Fatal(err)
	}

	// One precedent in the library, imported by HR.
	precedentLine := []byte(`{"external_id":"matrix-1","source_organisation":"Gemeente Utrecht","year":2025,"language":"nl","category":"DISCRIMINATION","discrimination_grounds":["ORIGIN_ETHNICITY"],"norms":["GC-1.2"],"findings":"PROVEN","qualification":"Discriminatie.","aggravating":[],"mitigating":[],"sanction":"WRITTEN_WARNING","summary":"Een medewerker maakte opmerkingen over de afkomst van een collega.","considerations":"Eerste keer."}` + "\n")
	hanna := s.tokenFor(t, "hanna", "hr")
	if _, err := s.precedents.ImportPrecedents(ctx(t, hanna), &pb.ImportPrecedentsRequest{Format: "jsonl", Content: precedentLine}); err != nil {
		t.Fatalf("import a precedent: %v", err)
	}
	lib, err := s.precedents.ListPrecedents(ctx(t, hanna), &pb.ListPrecedentsRequest{})
	if err != nil || len(lib.GetPrecedents()) != 1 {
		t.Fatalf("list precedents: %v %v", lib, err)
	}
	precedentID := lib.GetPrecedents()[0].GetId()
	noDraft := "00000000-0000-4000-8000-000000000001"

	// A request for each RPC. Changes are made harmless: stale versions, the same adviser again.
	stale := int64(999)
	requests := map[string]func() proto.Message{
		"ReporterService/FileReport":     func() proto.Message { return anonymousReport("filed during the matrix test") },
		"ReporterService/OpenSession":    func() proto.Message { return &pb.OpenSessionRequest{ReceiptCode: filed.GetReceiptCode()} },
		"ReporterService/ListCategories": func() proto.Message { return &pb.ListCategoriesRequest{} },
		"ReporterService/CloseSession":   func() proto.Message { return &pb.CloseSessionRequest{} },
		"ReporterService/GetMyCase":      func() proto.Message { return &pb.GetMyCaseRequest{} },
		"ReporterService/ListMyMessages": func() proto.Message { return &pb.ListMyMessagesRequest{} },
		"ReporterService/SendMyMessage":  func() proto.Message { return &pb.SendMyMessageRequest{Body: "hello"} },
		"ReporterService/ChooseAdviser":  func() proto.Message { return &pb.ChooseAdviserRequest{AdviserId: annaID} },
		"ReporterService/GiveConsent": func() proto.Message {
			return &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_PASS_ON}
		},
		"ReporterService/RevokeConsent": func() proto.Message {
			return &pb.RevokeConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_PASS_ON}
		},
		"ReporterService/GetOralReport":     func() proto.Message { return &pb.GetOralReportRequest{} },
		"ReporterService/CorrectOralReport": func() proto.Message { return &pb.CorrectOralReportRequest{Text: "corrected"} },
		"ReporterService/ApproveOralReport": func() proto.Message { return &pb.ApproveOralReportRequest{Version: 99} },
		// Removing (an empty address) is harmless on any case.
		"ReporterService/SetMyNotificationEmail": func() proto.Message { return &pb.SetMyNotificationEmailRequest{} },
		"ReporterService/SearchEscrowPeople":     func() proto.Message { return &pb.SearchEscrowPeopleRequest{Query: "Sam"} },
		"ReporterService/DepositEscrow": func() proto.Message {
			return &pb.DepositEscrowRequest{PersonHandle: "not-a-handle", Account: "an account of what happened", AdviserId: annaID}
		},
		"ReporterService/DepositEscrowWithoutReport": func() proto.Message {
			return &pb.DepositEscrowWithoutReportRequest{PersonHandle: "not-a-handle", Account: "an account of what happened", AdviserId: annaID}
		},
		"ReporterService/ListMyEscrow":      func() proto.Message { return &pb.ListMyEscrowRequest{} },
		"ReporterService/WithdrawEscrow":    func() proto.Message { return &pb.WithdrawEscrowRequest{EntryId: noDraft} },
		"ReporterService/AnswerEscrowMatch": func() proto.Message { return &pb.AnswerEscrowMatchRequest{EntryId: noDraft, GoAhead: true} },

		"CaseService/ListCases":        func() proto.Message { return &pb.ListCasesRequest{} },
		"CaseService/MyDeadlines":      func() proto.Message { return &pb.MyDeadlinesRequest{} },
		"CaseService/GetCase":          func() proto.Message { return &pb.GetCaseRequest{CaseReference: ref} },
		"CaseService/AcknowledgeCase":  func() proto.Message { return &pb.AcknowledgeCaseRequest{CaseReference: ref} },
		"CaseService/ListCaseMessages": func() proto.Message { return &pb.ListCaseMessagesRequest{CaseReference: ref} },
		"CaseService/SendCaseMessage":  func() proto.Message { return &pb.SendCaseMessageRequest{CaseReference: ref, Body: "hello"} },
		"CaseService/LinkSubject": func() proto.Message {
			return &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"}
		},
		"CaseService/AssignAdviser": func() proto.Message {
			return &pb.AssignAdviserRequest{CaseReference: ref, AdviserId: annaID, Version: stale}
		},
		"CaseService/RecordConsent": func() proto.Message {
			return &pb.RecordConsentRequest{CaseReference: ref, Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_PASS_ON}
		},
		"CaseService/Escalate": func() proto.Message {
			return &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: stale}
		},
		"CaseService/Weigh": func() proto.Message {
			return &pb.WeighRequest{CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
				Rationale: "A rationale long enough to be accepted.", Version: stale,
				Checklist: &pb.WeighingChecklist{Severity: pb.Severity_SEVERITY_LOW}}
		},
		"CaseService/RecordSignal": func() proto.Message {
			return &pb.RecordSignalRequest{Report: anonymousReport("told to a manager in person"), UnitCode: "BO", ReporterConsented: true}
		},
		"CaseService/GetCaseOralReport": func() proto.Message { return &pb.GetCaseOralReportRequest{CaseReference: ref} },
		"CaseService/StartInvestigation": func() proto.Message {
			return &pb.StartInvestigationRequest{CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: "scope"}, Team: []string{"ita"}, Version: stale}
		},
		"CaseService/GetInvestigation": func() proto.Message { return &pb.GetInvestigationRequest{CaseReference: ref} },
		"CaseService/AddAllegation": func() proto.Message {
			return &pb.AddAllegationRequest{CaseReference: ref, NormId: "GC-1.2", Severity: pb.Severity_SEVERITY_LOW, Description: "x"}
		},
		"CaseService/ListAllegations": func() proto.Message { return &pb.ListAllegationsRequest{CaseReference: ref} },
		"CaseService/RecordAssessment": func() proto.Message {
			return &pb.RecordAssessmentRequest{CaseReference: ref, Qualification: "A qualification long enough to pass."}
		},
		"CaseService/UploadEvidence": func() proto.Message {
			return &pb.UploadEvidenceRequest{CaseReference: ref, FileName: "x.txt", Content: []byte("not a photo")}
		},
		"CaseService/ListEvidence": func() proto.Message { return &pb.ListEvidenceRequest{CaseReference: ref} },
		"CaseService/DownloadEvidence": func() proto.Message {
			return &pb.DownloadEvidenceRequest{CaseReference: ref, EvidenceId: annaID}
		},
		"ReporterService/UploadMyEvidence": func() proto.Message {
			return &pb.UploadMyEvidenceRequest{FileName: "x.txt", Content: []byte("not a photo")}
		},
		"CaseService/SetSuspension": func() proto.Message {
			return &pb.SetSuspensionRequest{CaseReference: ref, Suspended: false}
		},
		"CaseService/RecordInterview": func() proto.Message {
			return &pb.RecordInterviewRequest{CaseReference: ref, Role: pb.IntervieweeRole_INTERVIEWEE_ROLE_WITNESS,
				HeldOn: timestamppb.Now(), Interviewee: "a witness", Minutes: "minutes"}
		},
		"CaseService/ListInterviews": func() proto.Message { return &pb.ListInterviewsRequest{CaseReference: ref} },
		"CaseService/ApproveInterview": func() proto.Message {
			return &pb.ApproveInterviewRequest{CaseReference: ref, InterviewId: annaID}
		},
		"CaseService/EvaluateSanction": func() proto.Message { return &pb.EvaluateSanctionRequest{CaseReference: ref} },
		"CaseService/DecideSanction": func() proto.Message {
			return &pb.DecideSanctionRequest{CaseReference: ref, Sanction: pb.Sanction_SANCTION_WRITTEN_WARNING,
				FactsKnownAt: timestamppb.Now(), Version: stale}
		},
		"CaseService/CloseAfterAssessment": func() proto.Message {
			return &pb.CloseAfterAssessmentRequest{CaseReference: ref, Feedback: "feedback to the reporter", Version: stale}
		},
		"CaseService/RecordHearing": func() proto.Message {
			return &pb.RecordHearingRequest{CaseReference: ref, HeldOn: timestamppb.Now(), Declined: true}
		},
		"CaseService/SetFindings": func() proto.Message {
			return &pb.SetFindingsRequest{CaseReference: ref, Version: stale, Findings: []*pb.FindingInput{{
				AllegationId: annaID, Finding: pb.Finding_FINDING_PROVEN, Reasoning: "r"}}}
		},
		"CaseService/EndSupport": func() proto.Message {
			return &pb.EndSupportRequest{CaseReference: ref, Version: stale}
		},
		"CaseService/CloseCase": func() proto.Message {
			return &pb.CloseCaseRequest{CaseReference: ref, Outcome: pb.SupportOutcome_SUPPORT_OUTCOME_WITHDRAWN, Version: stale}
		},
		"CaseService/LogConversation": func() proto.Message {
			return &pb.LogConversationRequest{CaseReference: ref, HeldOn: timestamppb.New(time.Now().Add(-time.Hour)),
				Form: pb.ConversationForm_CONVERSATION_FORM_PHONE, DurationMinutes: 20, Notes: "notes"}
		},
		"CaseService/UpdateConversation": func() proto.Message {
			return &pb.UpdateConversationRequest{CaseReference: ref, ConversationId: logged.GetConversation().GetId(), Notes: "Anna's notes, corrected."}
		},
		"CaseService/ListConversations": func() proto.Message { return &pb.ListConversationsRequest{CaseReference: ref} },
		"CaseService/GetCaseMatch":      func() proto.Message { return &pb.GetCaseMatchRequest{CaseReference: ref} },
		"CaseService/DepositEscrowForReporter": func() proto.Message {
			return &pb.DepositEscrowForReporterRequest{CaseReference: ref, PersonHandle: "not-a-handle", Account: "an account of what happened"}
		},
		"CaseService/RecordOralReport": func() proto.Message {
			return &pb.RecordOralReportRequest{CaseReference: ref, Text: "oral report", ReporterConsented: true}
		},

		"RuleSetService/GetRuleSet":     func() proto.Message { return &pb.GetRuleSetRequest{} },
		"RuleSetService/ListRuleSets":   func() proto.Message { return &pb.ListRuleSetsRequest{} },
		"RuleSetService/PublishRuleSet": func() proto.Message { return &pb.PublishRuleSetRequest{Document: `{"version":"broken"}`} },
		"PrecedentService/LookupPrecedents": func() proto.Message {
			return &pb.LookupPrecedentsRequest{Query: &pb.PrecedentQuery{Text: "opmerkingen over afkomst"}}
		},
		"PrecedentService/LookupPrecedentsForCase": func() proto.Message {
			return &pb.LookupPrecedentsForCaseRequest{CaseReference: ref}
		},
		"PrecedentService/ListPrecedents": func() proto.Message { return &pb.ListPrecedentsRequest{} },
		"PrecedentService/GetPrecedent":   func() proto.Message { return &pb.GetPrecedentRequest{Id: precedentID} },
		"PrecedentService/ImportPrecedents": func() proto.Message {
			return &pb.ImportPrecedentsRequest{Format: "jsonl", Content: precedentLine}
		},
		"PrecedentService/ImportPrecedentsWithProgress": func() proto.Message {
			return &pb.ImportPrecedentsWithProgressRequest{Import: &pb.ImportPrecedentsRequest{Format: "jsonl", Content: precedentLine}}
		},
		"PrecedentService/ExportPrecedents": func() proto.Message { return &pb.ExportPrecedentsRequest{Format: "csv"} },
		"PrecedentService/WithdrawPrecedent": func() proto.Message {
			return &pb.WithdrawPrecedentRequest{Id: precedentID, Reason: "matrix test"}
		},
		"PrecedentService/CreatePrecedentDraft": func() proto.Message {
			return &pb.CreatePrecedentDraftRequest{CaseReference: ref} // not closed: refused as premature
		},
		"PrecedentService/ListPrecedentDrafts": func() proto.Message { return &pb.ListPrecedentDraftsRequest{} },
		"PrecedentService/GetPrecedentDraft":   func() proto.Message { return &pb.GetPrecedentDraftRequest{Id: noDraft} },
		"PrecedentService/UpdatePrecedentDraft": func() proto.Message {
			return &pb.UpdatePrecedentDraftRequest{Id: noDraft, Version: 1, Precedent: &pb.Precedent{Summary: "x"}}
		},
		"PrecedentService/SubmitPrecedentDraft": func() proto.Message {
			return &pb.SubmitPrecedentDraftRequest{Id: noDraft, Version: 1}
		},
		"PrecedentService/ReturnPrecedentDraft": func() proto.Message {
			return &pb.ReturnPrecedentDraftRequest{Id: noDraft, Version: 1, Remark: "x"}
		},
		"PrecedentService/ApprovePrecedentDraft": func() proto.Message {
			return &pb.ApprovePrecedentDraftRequest{Id: noDraft, Version: 1}
		},
		"ReportService/GetAnnualReport": func() proto.Message {
			return &pb.GetAnnualReportRequest{Year: int32(time.Now().Year())}
		},
		"ReportService/GetAnnualReportWithProgress": func() proto.Message {
			return &pb.GetAnnualReportWithProgressRequest{Report: &pb.GetAnnualReportRequest{Year: int32(time.Now().Year())}}
		},
		"ReportService/PublishAnnualReport": func() proto.Message {
			return &pb.PublishAnnualReportRequest{Year: int32(time.Now().Year())}
		},
		"ReportService/ListAnnualReportEditions": func() proto.Message {
			return &pb.ListAnnualReportEditionsRequest{Year: int32(time.Now().Year())}
		},
		// Edition 1 is published by HR before the matrix runs (below), so HR reads it.
		"ReportService/GetAnnualReportEdition": func() proto.Message {
			return &pb.GetAnnualReportEditionRequest{Year: int32(time.Now().Year()), Number: 1}
		},
		"AdviserService/ListAdvisers":    func() proto.Message { return &pb.ListAdvisersRequest{} },
		"AdviserService/ListAllAdvisers": func() proto.Message { return &pb.ListAllAdvisersRequest{} },
		"AdviserService/CreateAdviser": func() proto.Message {
			return &pb.CreateAdviserRequest{StaffSubject: "new-" + randHex(4),
				Profile: &pb.AdviserProfile{Name: "New Adviser", Kind: pb.AdviserKind_ADVISER_KIND_EXTERNAL}}
		},
		"AuditService/ListAuditEvents":    func() proto.Message { return &pb.ListAuditEventsRequest{CaseReference: ref} },
		"AuditService/VerifyAuditTrail":   func() proto.Message { return &pb.VerifyAuditTrailRequest{CaseReference: ref} },
		"AuditService/GetAuditCheckpoint": func() proto.Message { return &pb.GetAuditCheckpointRequest{} },
		"AdminService/ListAccounts":       func() proto.Message { return &pb.ListAccountsRequest{} },
		// No account has signed in to the staff pages here: blocking oneself is what an
		// administrator gets past authorization to be refused (FailedPrecondition).
		"AdminService/SetAccountBlocked": func() proto.Message {
			return &pb.SetAccountBlockedRequest{Subject: "admin-1", Blocked: true}
		},
		"AdminService/ImportOrganisation": func() proto.Message {
			return &pb.ImportOrganisationRequest{DryRun: true,
				UnitsCsv: []byte("unit_code;unit_name;parent_code;manager_number\nX;Elders;;1009\n")}
		},
		"NotificationService/GetMyNotificationSettings": func() proto.Message { return &pb.GetMyNotificationSettingsRequest{} },
		"NotificationService/SetMyNotificationSettings": func() proto.Message {
			return &pb.SetMyNotificationSettingsRequest{Mode: pb.NotificationMode_NOTIFICATION_MODE_DIGEST}
		},
		"NotificationService/GetNotificationStatus": func() proto.Message { return &pb.GetNotificationStatusRequest{} },
		"AdviserService/UpdateAdviser": func() proto.Message {
			return &pb.UpdateAdviserRequest{AdviserId: annaID, Version: stale, Active: proto.Bool(true),
				Profile: &pb.AdviserProfile{Name: "Anna de Vries", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL}}
		},
	}

	tokens := map[string]string{}
	for _, c := range matrixCallers {
		if c.user != "" {
			tokens[c.name] = s.tokenFor(t, c.user, c.role)
		}
	}
	if _, err := pb.NewReportServiceClient(s.conn).PublishAnnualReport(ctx(t, tokens["hr"]),
		&pb.PublishAnnualReportRequest{Year: int32(time.Now().Year())}); err != nil {
		t.Fatalf("HR publishes the first edition: %v", err)
	}
	token := func(caller string) string {
		switch caller {
		case "reporter:own":
			return s.openSession(t, filed.GetReceiptCode()) // fresh: CloseSession ends one
		case "reporter:other-case":
			return s.openSession(t, other.GetReceiptCode())
		}
		return tokens[caller]
	}

	var methods []string
	for _, svc := range []string{"ReporterService", "CaseService", "AdviserService", "RuleSetService", "PrecedentService", "ReportService", "AuditService", "AdminService", "NotificationService"} {
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName("meldpunt.v1." + svc))
		if err != nil {
			t.Fatal(err)
		}
		ms := d.(protoreflect.ServiceDescriptor).Methods()
		for i := 0; i < ms.Len(); i++ {
			methods = append(methods, svc+"/"+string(ms.Get(i).Name()))
		}
	}
	sort.Strings(methods)

	var cells, allows int
	for _, m := range methods {
		build, ok := requests[m]
		spec, specOK := allowed[m]
		if !ok || !specOK {
			t.Errorf("RPC %s is not in the need-to-know matrix: add its request and its allowed callers", m)
			continue
		}
		md := methodDescriptor(t, m)
		for _, c := range matrixCallers {
			want := spec[0] == "*" || contains(spec, c.name)
			resp := dynamicpb.NewMessage(md.Output())
			var err error
			if md.IsStreamingServer() {
				err = firstOfStream(ctx(t, token(c.name)), s.conn, "/meldpunt.v1."+m, build(), resp)
			} else {
				err = s.conn.Invoke(ctx(t, token(c.name)), "/meldpunt.v1."+m, build(), resp)
			}
			code := status.Code(err)
			cells++
			if want {
				allows++
			}
			switch {
			case want && denied(code):
				t.Errorf("%s as %s: refused with %s (%v), want allowed", m, c.name, code, err)
			case !want && !denied(code):
				t.Errorf("%s as %s: got %s, want refused (Unauthenticated, PermissionDenied or NotFound)", m, c.name, code)
			}
		}
	}
	t.Logf("need-to-know matrix: %d RPCs x %d callers = %d cells, %d allowed", len(methods), len(matrixCallers), cells, allows)

	// One REST call per service, through the gateway and the same checks.
	s.rest(t, "GET", "/v1/categories", "", nil).want(t, 200, nil)
	s.rest(t, "GET", "/v1/ruleset", "", nil).want(t, 200, nil)
	s.rest(t, "GET", "/v1/cases/"+ref, tokens["hr"], nil).wantError(t, 403)
	s.rest(t, "GET", "/v1/cases/"+ref, tokens["adviser:unassigned"], nil).wantError(t, 404)
	s.rest(t, "GET", "/v1/cases/"+ref, tokens["manager:escalated-to"], nil).want(t, 200, nil)
	s.rest(t, "POST", "/v1/advisers", tokens["intake"], map[string]any{
		"staffSubject": "x", "profile": map[string]any{"name": "X", "kind": "ADVISER_KIND_INTERNAL"},
	}).wantError(t, 403)
	s.rest(t, "GET", "/v1/cases/"+ref+"/audit", tokens["auditor"], nil).want(t, 200, nil)
	s.rest(t, "GET", "/v1/cases/"+ref+"/audit", tokens["manager:escalated-to"], nil).wantError(t, 403)
	s.rest(t, "GET", "/v1/accounts", tokens["admin"], nil).want(t, 200, nil)
	s.rest(t, "GET", "/v1/accounts", tokens["auditor"], nil).wantError(t, 403)
}

// importOrgExtra adds an unrelated unit X with manager "mgr-x".
func (s *server) importOrgExtra(t *testing.T) {
	t.Helper()
	s.importOrgCSV(t, "unit_code;unit_name;parent_code;manager_number\nX;Elders;;1009\n",
		"number;name;email;unit_code;staff_subject\n1009;Xander;;X;mgr-x\n")
}

func methodDescriptor(t *testing.T, m string) protoreflect.MethodDescriptor {
	t.Helper()
	svc, name, _ := strings.Cut(m, "/")
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName("meldpunt.v1." + svc))
	if err != nil {
		t.Fatal(err)
	}
	md := d.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(name))
	if md == nil {
		t.Fatalf("no method %s", m)
	}
	return md
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// firstOfStream calls a server-streaming method and receives its first message (or its refusal).
func firstOfStream(c context.Context, conn *grpc.ClientConn, method string, req, resp proto.Message) error {
	st, err := conn.NewStream(c, &grpc.StreamDesc{ServerStreams: true}, method)
	if err != nil {
		return err
	}
	if err := st.SendMsg(req); err != nil {
		return err
	}
	if err := st.CloseSend(); err != nil {
		return err
	}
	return st.RecvMsg(resp)
}
