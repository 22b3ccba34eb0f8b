package transport

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/escrow"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/sanctions"
)

// caseServer implements pb.CaseServiceServer.
type caseServer struct {
	pb.UnimplementedCaseServiceServer
	svc *cases.Service
	// precedents, when configured, puts the comparable precedents beside a sanction evaluation.
	precedents *precedents.Service
	// escrow, when configured, shows the case's adviser a consented match ("not alone").
	escrow *escrow.Service
}

var _ pb.CaseServiceServer = (*caseServer)(nil)

// pageToken is the opaque cursor of ListCases.
type pageToken struct {
	ReceivedAt time.Time `json:"r"`
	ID         uuid.UUID `json:"i"`
}

func encodePageToken(s *cases.Summary) string {
	if s == nil {
		return ""
	}
	b, _ := json.Marshal(pageToken{ReceivedAt: s.ReceivedAt, ID: s.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageToken(tok string, f *cases.ListFilter) error {
	if tok == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	var pt pageToken
	if err == nil {
		err = json.Unmarshal(b, &pt)
	}
	if err != nil || pt.ID == uuid.Nil {
		return apperr.Invalid("page_token", "is not a token from a previous page")
	}
	f.AfterReceivedAt, f.AfterID = &pt.ReceivedAt, pt.ID
	return nil
}

func (s *caseServer) ListCases(ctx context.Context, req *pb.ListCasesRequest) (*pb.ListCasesResponse, error) {
	f := cases.ListFilter{Status: statusToDomain(req.GetStatus()), Limit: int(req.GetPageSize())}
	if err := decodePageToken(req.GetPageToken(), &f); err != nil {
		return nil, err
	}
	page, err := s.svc.ListCases(ctx, staffActor(ctx), f)
	if err != nil {
		return nil, err
	}
	now := s.svc.Now()
	out := &pb.ListCasesResponse{NextPageToken: encodePageToken(page.Next)}
	for _, c := range page.Cases {
		out.Cases = append(out.Cases, summaryToProto(c, s.svc.Policy(), now))
	}
	return out, nil
}

func (s *caseServer) GetCase(ctx context.Context, req *pb.GetCaseRequest) (*pb.GetCaseResponse, error) {
	d, err := s.svc.GetCase(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	out := &pb.CaseDetail{
		Summary:               summaryToProto(d.Summary, s.svc.Policy(), s.svc.Now()),
		Description:           d.Content.Description,
		OccurredWhen:          d.Content.OccurredWhen,
		OccurredWhere:         d.Content.OccurredWhere,
		Subjects:              d.Content.Subjects,
		Witnesses:             d.Content.Witnesses,
		DesiredOutcome:        d.Content.DesiredOutcome,
		Version:               d.Version,
		Consents:              consentsToProto(d.Consents),
		Pseudonymous:          d.Pseudonymous,
		Weighing:              weighingToProto(d.Weighing),
		DiscriminationGrounds: groundsToProto(d.Grounds),
		InvestigationStarted:  d.InvestigationStarted,
		AllowedActions:        actionsToProto(d.Allowed),
	}
	if d.Identity != nil {
		out.Identity = &pb.ReporterIdentity{Name: d.Identity.Name, Contact: d.Identity.Contact, Department: d.Identity.Department}
	}
	return &pb.GetCaseResponse{Case: out}, nil
}

func (s *caseServer) AcknowledgeCase(ctx context.Context, req *pb.AcknowledgeCaseRequest) (*pb.AcknowledgeCaseResponse, error) {
	sum, err := s.svc.Acknowledge(ctx, staffActor(ctx), req.GetCaseReference(), req.GetMessage())
	if err != nil {
		return nil, err
	}
	return &pb.AcknowledgeCaseResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func (s *caseServer) ListCaseMessages(ctx context.Context, req *pb.ListCaseMessagesRequest) (*pb.ListCaseMessagesResponse, error) {
	ms, err := s.svc.CaseMessages(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	return &pb.ListCaseMessagesResponse{Messages: messagesToProto(ms)}, nil
}

func (s *caseServer) SendCaseMessage(ctx context.Context, req *pb.SendCaseMessageRequest) (*pb.SendCaseMessageResponse, error) {
	m, err := s.svc.SendCaseMessage(ctx, staffActor(ctx), req.GetCaseReference(), req.GetBody())
	if err != nil {
		return nil, err
	}
	return &pb.SendCaseMessageResponse{Message: messageToProto(m)}, nil
}

func (s *caseServer) AssignAdviser(ctx context.Context, req *pb.AssignAdviserRequest) (*pb.AssignAdviserResponse, error) {
	id, err := parseUUID("adviser_id", req.GetAdviserId())
	if err != nil {
		return nil, err
	}
	if id == nil {
		return nil, apperr.Invalid("adviser_id", "choose an adviser")
	}
	sum, err := s.svc.AssignAdviser(ctx, staffActor(ctx), req.GetCaseReference(), *id, req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.AssignAdviserResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func (s *caseServer) LinkSubject(ctx context.Context, req *pb.LinkSubjectRequest) (*pb.LinkSubjectResponse, error) {
	n, err := s.svc.LinkSubject(ctx, staffActor(ctx), req.GetCaseReference(), req.GetEmployeeNumber())
	if err != nil {
		return nil, err
	}
	return &pb.LinkSubjectResponse{SubjectCount: int32(n)}, nil
}

func (s *caseServer) RecordConsent(ctx context.Context, req *pb.RecordConsentRequest) (*pb.RecordConsentResponse, error) {
	cs, err := s.svc.RecordConsent(ctx, staffActor(ctx), req.GetCaseReference(), purposeToDomain(req.GetPurpose()))
	if err != nil {
		return nil, err
	}
	return &pb.RecordConsentResponse{Consents: consentsToProto(cs)}, nil
}

func (s *caseServer) Escalate(ctx context.Context, req *pb.EscalateRequest) (*pb.EscalateResponse, error) {
	sum, err := s.svc.Escalate(ctx, staffActor(ctx), req.GetCaseReference(), req.GetUnitCode(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.EscalateResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func (s *caseServer) Weigh(ctx context.Context, req *pb.WeighRequest) (*pb.WeighResponse, error) {
	cl := req.GetChecklist()
	w := cases.Weighing{
		Outcome:   cases.WeighingOutcome(enumToDomain(req.GetOutcome().String(), "WEIGHING_OUTCOME_")),
		Rationale: req.GetRationale(),
		Checklist: cases.Checklist{
			ConcreteFacts: cl.GetConcreteFacts(),
			Norm:          cl.GetNorm(),
			Severity:      enumToDomain(cl.GetSeverity().String(), "SEVERITY_"),
			Repetition:    cl.GetRepetition(),
		},
	}
	sum, err := s.svc.Weigh(ctx, staffActor(ctx), req.GetCaseReference(), w, req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.WeighResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func (s *caseServer) MyDeadlines(ctx context.Context, _ *pb.MyDeadlinesRequest) (*pb.MyDeadlinesResponse, error) {
	items, err := s.svc.MyDeadlines(ctx, staffActor(ctx))
	if err != nil {
		return nil, err
	}
	out := &pb.MyDeadlinesResponse{}
	for _, it := range items {
		out.Items = append(out.Items, &pb.DueItem{
			CaseReference: it.Summary.Reference,
			Status:        statusToProto(it.Summary.Status),
			Deadline:      deadlinesToProto([]cases.Deadline{it.Deadline})[0],
		})
	}
	return out, nil
}

func (s *caseServer) CloseCase(ctx context.Context, req *pb.CloseCaseRequest) (*pb.CloseCaseResponse, error) {
	outcome := enumToDomain(req.GetOutcome().String(), "SUPPORT_OUTCOME_")
	sum, err := s.svc.CloseCase(ctx, staffActor(ctx), req.GetCaseReference(), outcome, req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.CloseCaseResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func (s *caseServer) RecordSignal(ctx context.Context, req *pb.RecordSignalRequest) (*pb.RecordSignalResponse, error) {
	nr, err := newReport(req.GetReport())
	if err != nil {
		return nil, err
	}
	f, err := s.svc.RecordSignal(ctx, staffActor(ctx), nr, req.GetUnitCode(), req.GetReporterConsented(), req.GetSubjectEmployeeNumbers())
	if err != nil {
		return nil, err
	}
	return &pb.RecordSignalResponse{Case: summaryToProto(f.Summary, s.svc.Policy(), s.svc.Now()), ReceiptCode: f.ReceiptCode}, nil
}

func (s *caseServer) EndSupport(ctx context.Context, req *pb.EndSupportRequest) (*pb.EndSupportResponse, error) {
	sum, err := s.svc.EndSupport(ctx, staffActor(ctx), req.GetCaseReference(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.EndSupportResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func investigationToProto(inv cases.Investigation) *pb.Investigation {
	return &pb.Investigation{
		Plan:      &pb.InvestigationPlan{Scope: inv.Plan.Scope, Questions: inv.Plan.Questions},
		Team:      inv.Team,
		StartedBy: inv.StartedBy,
		StartedAt: timestamppb.New(inv.StartedAt),
	}
}

func (s *caseServer) StartInvestigation(ctx context.Context, req *pb.StartInvestigationRequest) (*pb.StartInvestigationResponse, error) {
	plan := cases.Plan{Scope: req.GetPlan().GetScope(), Questions: req.GetPlan().GetQuestions()}
	inv, err := s.svc.StartInvestigation(ctx, staffActor(ctx), req.GetCaseReference(), plan, req.GetTeam(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.StartInvestigationResponse{Investigation: investigationToProto(inv)}, nil
}

func (s *caseServer) GetInvestigation(ctx context.Context, req *pb.GetInvestigationRequest) (*pb.GetInvestigationResponse, error) {
	inv, err := s.svc.GetInvestigation(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	return &pb.GetInvestigationResponse{Investigation: investigationToProto(inv)}, nil
}

func findingToProto(f cases.Finding) pb.Finding {
	return pb.Finding(pb.Finding_value["FINDING_"+string(f)])
}

func (s *caseServer) AddAllegation(ctx context.Context, req *pb.AddAllegationRequest) (*pb.AddAllegationResponse, error) {
	al, err := s.svc.AddAllegation(ctx, staffActor(ctx), req.GetCaseReference(), req.GetNormId(),
		enumToDomain(req.GetSeverity().String(), "SEVERITY_"), req.GetDescription())
	if err != nil {
		return nil, err
	}
	return &pb.AddAllegationResponse{Allegation: allegationToProto(al)}, nil
}

func allegationToProto(al cases.Allegation) *pb.Allegation {
	return &pb.Allegation{
		AllegationId: al.ID.String(), NormId: al.NormID,
		Severity:    pb.Severity(pb.Severity_value["SEVERITY_"+al.Severity]),
		Description: al.Description, Finding: findingToProto(al.Finding), Reasoning: al.Reasoning,
	}
}

func (s *caseServer) ListAllegations(ctx context.Context, req *pb.ListAllegationsRequest) (*pb.ListAllegationsResponse, error) {
	als, heard, err := s.svc.Allegations(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	out := &pb.ListAllegationsResponse{Heard: heard}
	for _, al := range als {
		out.Allegations = append(out.Allegations, allegationToProto(al))
	}
	return out, nil
}

func (s *caseServer) RecordHearing(ctx context.Context, req *pb.RecordHearingRequest) (*pb.RecordHearingResponse, error) {
	if err := s.svc.RecordHearing(ctx, staffActor(ctx), req.GetCaseReference(), req.GetHeldOn().AsTime(), req.GetResponse(), req.GetDeclined()); err != nil {
		return nil, err
	}
	return &pb.RecordHearingResponse{}, nil
}

func (s *caseServer) SetFindings(ctx context.Context, req *pb.SetFindingsRequest) (*pb.SetFindingsResponse, error) {
	in := make([]cases.FindingInput, 0, len(req.GetFindings()))
	for i, f := range req.GetFindings() {
		id, err := uuid.Parse(f.GetAllegationId())
		if err != nil {
			return nil, apperr.Invalid(fmt.Sprintf("findings[%d].allegation_id", i), "is not an id")
		}
		in = append(in, cases.FindingInput{
			AllegationID: id, Finding: cases.Finding(enumToDomain(f.GetFinding().String(), "FINDING_")), Reasoning: f.GetReasoning(),
		})
	}
	sum, err := s.svc.SetFindings(ctx, staffActor(ctx), req.GetCaseReference(), in, req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.SetFindingsResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func circumstancesToDomain(c *pb.Circumstances) cases.Circumstances {
	return cases.Circumstances{Aggravating: c.GetAggravating(), Mitigating: c.GetMitigating(), PriorViolations: int(c.GetPriorViolations())}
}

func sanctionToProto(sa sanctions.Sanction) pb.Sanction {
	return pb.Sanction(pb.Sanction_value["SANCTION_"+string(sa)])
}

func evaluationToProto(r sanctions.Result) *pb.SanctionEvaluation {
	out := &pb.SanctionEvaluation{RuleSetVersion: r.RuleSetVersion, ZeroTolerance: r.ZeroTolerance, NoSanctionAllowed: r.NoSanctionAllowed}
	for _, a := range r.Allowed {
		out.Allowed = append(out.Allowed, sanctionToProto(a))
	}
	if r.Recommended != nil {
		out.Recommended = sanctionToProto(*r.Recommended)
	}
	for _, f := range r.Fired {
		out.Fired = append(out.Fired, &pb.FiredRule{Id: f.ID, Explanation: f.Explanation})
	}
	return out
}

func (s *caseServer) EvaluateSanction(ctx context.Context, req *pb.EvaluateSanctionRequest) (*pb.EvaluateSanctionResponse, error) {
	adv, err := s.svc.AdviseSanction(ctx, staffActor(ctx), req.GetCaseReference(), circumstancesToDomain(req.GetCircumstances()), s.precedents)
	if err != nil {
		return nil, err
	}
	out := &pb.EvaluateSanctionResponse{Evaluation: evaluationToProto(adv.Evaluation)}
	if adv.Comparable != nil {
		o := lookupToProto(*adv.Comparable)
		out.ComparablePrecedents = &pb.LookupPrecedentsForCaseResponse{Hits: o.hits, SanctionDistribution: o.dist, Comparison: o.comp, Candidates: o.cands}
	}
	return out, nil
}

func (s *caseServer) DecideSanction(ctx context.Context, req *pb.DecideSanctionRequest) (*pb.DecideSanctionResponse, error) {
	chosen := sanctions.Sanction(enumToDomain(req.GetSanction().String(), "SANCTION_"))
	sum, res, warning, err := s.svc.DecideSanction(ctx, staffActor(ctx), req.GetCaseReference(), chosen, req.GetMotivation(),
		circumstancesToDomain(req.GetCircumstances()), req.GetFactsKnownAt().AsTime(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.DecideSanctionResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now()), Evaluation: evaluationToProto(res), Warning: warning}, nil
}

func (s *caseServer) CloseAfterAssessment(ctx context.Context, req *pb.CloseAfterAssessmentRequest) (*pb.CloseAfterAssessmentResponse, error) {
	sum, err := s.svc.CloseAfterAssessment(ctx, staffActor(ctx), req.GetCaseReference(), req.GetFeedback(), req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.CloseAfterAssessmentResponse{Case: summaryToProto(sum, s.svc.Policy(), s.svc.Now())}, nil
}

func interviewToProto(iv cases.Interview) *pb.Interview {
	return &pb.Interview{
		InterviewId: iv.ID.String(), Role: pb.IntervieweeRole(pb.IntervieweeRole_value["INTERVIEWEE_ROLE_"+iv.Role]),
		HeldOn: timestamppb.New(iv.HeldOn), Interviewer: iv.Interviewer, Interviewee: iv.Interviewee,
		Minutes: iv.Minutes, ApprovedAt: ts(iv.ApprovedAt),
	}
}

func (s *caseServer) RecordInterview(ctx context.Context, req *pb.RecordInterviewRequest) (*pb.RecordInterviewResponse, error) {
	iv, err := s.svc.RecordInterview(ctx, staffActor(ctx), req.GetCaseReference(), enumToDomain(req.GetRole().String(), "INTERVIEWEE_ROLE_"),
		req.GetHeldOn().AsTime(), req.GetInterviewee(), req.GetMinutes())
	if err != nil {
		return nil, err
	}
	return &pb.RecordInterviewResponse{Interview: interviewToProto(iv)}, nil
}

func (s *caseServer) ListInterviews(ctx context.Context, req *pb.ListInterviewsRequest) (*pb.ListInterviewsResponse, error) {
	ivs, err := s.svc.Interviews(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	out := &pb.ListInterviewsResponse{}
	for _, iv := range ivs {
		out.Interviews = append(out.Interviews, interviewToProto(iv))
	}
	return out, nil
}

func (s *caseServer) ApproveInterview(ctx context.Context, req *pb.ApproveInterviewRequest) (*pb.ApproveInterviewResponse, error) {
	id, err := uuid.Parse(req.GetInterviewId())
	if err != nil {
		return nil, apperr.Invalid("interview_id", "is not an id")
	}
	iv, err := s.svc.ApproveInterview(ctx, staffActor(ctx), req.GetCaseReference(), id)
	if err != nil {
		return nil, err
	}
	return &pb.ApproveInterviewResponse{Interview: interviewToProto(iv)}, nil
}

func (s *caseServer) SetSuspension(ctx context.Context, req *pb.SetSuspensionRequest) (*pb.SetSuspensionResponse, error) {
	on, since, err := s.svc.SetSuspension(ctx, staffActor(ctx), req.GetCaseReference(), req.GetSuspended(), req.GetReason())
	if err != nil {
		return nil, err
	}
	return &pb.SetSuspensionResponse{Suspended: on, Since: ts(since)}, nil
}

func evidenceToProto(e cases.EvidenceInfo) *pb.EvidenceInfo {
	return &pb.EvidenceInfo{
		EvidenceId: e.ID.String(), FileName: e.FileName, MediaType: e.MediaType, Size: int32(e.Size),
		UploadedBy: string(e.UploadedBy), UploadedAt: timestamppb.New(e.UploadedAt),
	}
}

func (s *caseServer) UploadEvidence(ctx context.Context, req *pb.UploadEvidenceRequest) (*pb.UploadEvidenceResponse, error) {
	e, err := s.svc.UploadEvidence(ctx, staffActor(ctx), req.GetCaseReference(), req.GetFileName(), req.GetContent())
	if err != nil {
		return nil, err
	}
	return &pb.UploadEvidenceResponse{Evidence: evidenceToProto(e)}, nil
}

func (s *caseServer) ListEvidence(ctx context.Context, req *pb.ListEvidenceRequest) (*pb.ListEvidenceResponse, error) {
	es, err := s.svc.ListEvidence(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	out := &pb.ListEvidenceResponse{}
	for _, e := range es {
		out.Evidence = append(out.Evidence, evidenceToProto(e))
	}
	return out, nil
}

func (s *caseServer) DownloadEvidence(ctx context.Context, req *pb.DownloadEvidenceRequest) (*pb.DownloadEvidenceResponse, error) {
	id, err := uuid.Parse(req.GetEvidenceId())
	if err != nil {
		return nil, apperr.Invalid("evidence_id", "is not an id")
	}
	e, content, err := s.svc.DownloadEvidence(ctx, staffActor(ctx), req.GetCaseReference(), id)
	if err != nil {
		return nil, err
	}
	return &pb.DownloadEvidenceResponse{Evidence: evidenceToProto(e), Content: content}, nil
}

func (s *caseServer) RecordAssessment(ctx context.Context, req *pb.RecordAssessmentRequest) (*pb.RecordAssessmentResponse, error) {
	if err := s.svc.RecordAssessment(ctx, staffActor(ctx), req.GetCaseReference(), req.GetQualification(), groundsToDomain(req.GetDiscriminationGrounds())); err != nil {
		return nil, err
	}
	return &pb.RecordAssessmentResponse{}, nil
}
