package transport

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/escrow"
)

// reporterServer implements pb.ReporterServiceServer.
type reporterServer struct {
	pb.UnimplementedReporterServiceServer
	svc    *cases.Service
	escrow *escrow.Service
	source *sourceKeyer
}

var _ pb.ReporterServiceServer = (*reporterServer)(nil)

func (s *reporterServer) FileReport(ctx context.Context, req *pb.FileReportRequest) (*pb.FileReportResponse, error) {
	nr, err := newReport(req)
	if err != nil {
		return nil, err
	}
	nr.Source = s.source.of(ctx) // for the filing budget
	f, err := s.svc.FileReport(ctx, nr)
	if err != nil {
		return nil, err
	}
	return &pb.FileReportResponse{
		CaseReference: f.Summary.Reference,
		ReceiptCode:   f.ReceiptCode,
		ReceivedAt:    timestamppb.New(f.Summary.ReceivedAt),
		Deadlines:     deadlinesToProto(s.svc.Policy().Deadlines(f.Summary, s.svc.Now())),
		Replayed:      f.Replayed,
	}, nil
}

// newReport maps a report request to the domain.
func newReport(req *pb.FileReportRequest) (cases.NewReport, error) {
	nr := cases.NewReport{
		IdempotencyKey: req.GetIdempotencyKey(),
		Category:       categoryToDomain(req.GetCategory()),
		Anonymity:      anonymityToDomain(req.GetAnonymity()),
		Grounds:        groundsToDomain(req.GetDiscriminationGrounds()),
		Content: cases.ReportContent{
			Description:    req.GetDescription(),
			OccurredWhen:   req.GetOccurredWhen(),
			OccurredWhere:  req.GetOccurredWhere(),
			Subjects:       req.GetSubjects(),
			Witnesses:      req.GetWitnesses(),
			DesiredOutcome: req.GetDesiredOutcome(),
		},
	}
	if id := req.GetIdentity(); id != nil {
		nr.Identity = &cases.Identity{Name: id.GetName(), Contact: id.GetContact(), Department: id.GetDepartment()}
	}
	adviserID, err := parseUUID("adviser_id", req.GetAdviserId())
	if err != nil {
		return nr, err
	}
	nr.AdviserID = adviserID
	if nr.Notify, err = cases.ParseNotifyAddress("notify_email", req.GetNotifyEmail(), req.GetNotifyLanguage()); err != nil {
		return nr, err
	}
	return nr, nil
}

func (s *reporterServer) SetMyNotificationEmail(ctx context.Context, req *pb.SetMyNotificationEmailRequest) (*pb.SetMyNotificationEmailResponse, error) {
	a, err := cases.ParseNotifyAddress("email", req.GetEmail(), req.GetLanguage())
	if err != nil {
		return nil, err
	}
	if err := s.svc.SetMyNotifyAddress(ctx, reporterFrom(ctx), a); err != nil {
		return nil, err
	}
	return &pb.SetMyNotificationEmailResponse{NotifyEmailSet: a != nil}, nil
}

func (s *reporterServer) OpenSession(ctx context.Context, req *pb.OpenSessionRequest) (*pb.OpenSessionResponse, error) {
	if s.escrow != nil {
		// The code of matching entries made without a report opens a session on those.
		tok, exp, ok, err := s.escrow.OpenEntrySession(ctx, req.GetReceiptCode())
		if err != nil {
			return nil, err
		}
		if ok {
			return &pb.OpenSessionResponse{SessionToken: tok, ExpiresAt: timestamppb.New(exp)}, nil
		}
	}
	tok, exp, err := s.svc.OpenSession(ctx, s.source.of(ctx), req.GetReceiptCode())
	if err != nil {
		return nil, err
	}
	return &pb.OpenSessionResponse{SessionToken: tok, ExpiresAt: timestamppb.New(exp)}, nil
}

func (s *reporterServer) CloseSession(ctx context.Context, _ *pb.CloseSessionRequest) (*pb.CloseSessionResponse, error) {
	if err := s.svc.CloseSession(ctx, reporterFrom(ctx)); err != nil {
		return nil, err
	}
	return &pb.CloseSessionResponse{}, nil
}

func (s *reporterServer) GetMyCase(ctx context.Context, _ *pb.GetMyCaseRequest) (*pb.GetMyCaseResponse, error) {
	v, err := s.svc.MyCase(ctx, reporterFrom(ctx))
	if err != nil {
		return nil, err
	}
	consents, err := s.svc.MyConsents(ctx, reporterFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &pb.GetMyCaseResponse{Case: &pb.ReporterCaseView{
		CaseReference:  v.Reference,
		Status:         statusToProto(v.Status),
		Category:       categoryToProto(v.Category),
		Anonymity:      anonymityToProto(v.Anonymity),
		ReceivedAt:     timestamppb.New(v.ReceivedAt),
		AcknowledgedAt: ts(v.AcknowledgedAt),
		Deadlines:      deadlinesToProto(s.svc.Policy().Deadlines(v.Summary, s.svc.Now())),
		Description:    v.Description,
		AdviserName:    v.AdviserName,
		Consents:       consentsToProto(consents),
		NotifyEmailSet: v.NotifySet,
	}}, nil
}

func (s *reporterServer) GiveConsent(ctx context.Context, req *pb.GiveConsentRequest) (*pb.GiveConsentResponse, error) {
	cs, err := s.svc.GiveConsent(ctx, reporterFrom(ctx), purposeToDomain(req.GetPurpose()))
	if err != nil {
		return nil, err
	}
	return &pb.GiveConsentResponse{Consents: consentsToProto(cs)}, nil
}

func (s *reporterServer) RevokeConsent(ctx context.Context, req *pb.RevokeConsentRequest) (*pb.RevokeConsentResponse, error) {
	cs, err := s.svc.RevokeConsent(ctx, reporterFrom(ctx), purposeToDomain(req.GetPurpose()))
	if err != nil {
		return nil, err
	}
	return &pb.RevokeConsentResponse{Consents: consentsToProto(cs)}, nil
}

func (s *reporterServer) ChooseAdviser(ctx context.Context, req *pb.ChooseAdviserRequest) (*pb.ChooseAdviserResponse, error) {
	id, err := parseUUID("adviser_id", req.GetAdviserId())
	if err != nil {
		return nil, err
	}
	if id == nil {
		return nil, apperr.Invalid("adviser_id", "choose an adviser")
	}
	adv, err := s.svc.ChooseAdviser(ctx, reporterFrom(ctx), *id)
	if err != nil {
		return nil, err
	}
	return &pb.ChooseAdviserResponse{AdviserName: adv.Name}, nil
}

func (s *reporterServer) ListMyMessages(ctx context.Context, _ *pb.ListMyMessagesRequest) (*pb.ListMyMessagesResponse, error) {
	ms, err := s.svc.MyMessages(ctx, reporterFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &pb.ListMyMessagesResponse{Messages: messagesToProto(ms)}, nil
}

func (s *reporterServer) SendMyMessage(ctx context.Context, req *pb.SendMyMessageRequest) (*pb.SendMyMessageResponse, error) {
	m, err := s.svc.SendMyMessage(ctx, reporterFrom(ctx), req.GetBody())
	if err != nil {
		return nil, err
	}
	return &pb.SendMyMessageResponse{Message: messageToProto(m)}, nil
}

func (s *reporterServer) ListCategories(context.Context, *pb.ListCategoriesRequest) (*pb.ListCategoriesResponse, error) {
	cs := cases.Categories()
	out := make([]*pb.CategoryInfo, len(cs))
	for i, c := range cs {
		out[i] = &pb.CategoryInfo{Category: categoryToProto(c.Code), Family: string(c.Family), LabelNl: c.LabelNL, LabelEn: c.LabelEN}
	}
	return &pb.ListCategoriesResponse{Categories: out}, nil
}

func (s *reporterServer) UploadMyEvidence(ctx context.Context, req *pb.UploadMyEvidenceRequest) (*pb.UploadMyEvidenceResponse, error) {
	e, err := s.svc.UploadMyEvidence(ctx, reporterFrom(ctx), req.GetFileName(), req.GetContent())
	if err != nil {
		return nil, err
	}
	return &pb.UploadMyEvidenceResponse{EvidenceId: e.ID.String(), Size: int32(e.Size)}, nil
}
