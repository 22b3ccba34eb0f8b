package transport

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
)

// Conversations (CaseService) and the record of an oral report (CaseService and ReporterService).

func (s *caseServer) LogConversation(ctx context.Context, req *pb.LogConversationRequest) (*pb.LogConversationResponse, error) {
	c := cases.NewConversation{
		Form:            conversationFormToDomain(req.GetForm()),
		DurationMinutes: int(req.GetDurationMinutes()),
		Content: cases.ConversationContent{
			Notes:    req.GetNotes(),
			Topics:   req.GetTopics(),
			Advice:   req.GetAdviceGiven(),
			NextStep: req.GetNextStep(),
		},
	}
	if req.GetHeldOn() != nil {
		c.HeldOn = req.GetHeldOn().AsTime()
	}
	out, err := s.svc.LogConversation(ctx, staffActor(ctx), req.GetCaseReference(), c)
	if err != nil {
		return nil, err
	}
	return &pb.LogConversationResponse{Conversation: conversationToProto(out)}, nil
}

func (s *caseServer) UpdateConversation(ctx context.Context, req *pb.UpdateConversationRequest) (*pb.UpdateConversationResponse, error) {
	id, err := parseUUID("conversation_id", req.GetConversationId())
	if err != nil {
		return nil, err
	}
	if id == nil {
		return nil, apperr.Invalid("conversation_id", "name the conversation")
	}
	out, err := s.svc.UpdateConversation(ctx, staffActor(ctx), req.GetCaseReference(), *id, cases.ConversationContent{
		Notes:    req.GetNotes(),
		Topics:   req.GetTopics(),
		Advice:   req.GetAdviceGiven(),
		NextStep: req.GetNextStep(),
	})
	if err != nil {
		return nil, err
	}
	return &pb.UpdateConversationResponse{Conversation: conversationToProto(out)}, nil
}

func (s *caseServer) ListConversations(ctx context.Context, req *pb.ListConversationsRequest) (*pb.ListConversationsResponse, error) {
	cs, err := s.svc.ListConversations(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	out := &pb.ListConversationsResponse{Conversations: make([]*pb.Conversation, len(cs))}
	for i, c := range cs {
		out.Conversations[i] = conversationToProto(c)
	}
	return out, nil
}

func (s *caseServer) RecordOralReport(ctx context.Context, req *pb.RecordOralReportRequest) (*pb.RecordOralReportResponse, error) {
	v, err := s.svc.RecordOralReport(ctx, staffActor(ctx), req.GetCaseReference(), req.GetText(), req.GetReporterConsented())
	if err != nil {
		return nil, err
	}
	return &pb.RecordOralReportResponse{Version: oralReportVersionToProto(v)}, nil
}

func (s *reporterServer) GetOralReport(ctx context.Context, _ *pb.GetOralReportRequest) (*pb.GetOralReportResponse, error) {
	r, err := s.svc.GetOralReport(ctx, reporterFrom(ctx))
	if err != nil {
		return nil, err
	}
	return &pb.GetOralReportResponse{OralReport: oralReportToProto(r)}, nil
}

func (s *caseServer) GetCaseOralReport(ctx context.Context, req *pb.GetCaseOralReportRequest) (*pb.GetCaseOralReportResponse, error) {
	r, err := s.svc.CaseOralReport(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	return &pb.GetCaseOralReportResponse{OralReport: oralReportToProto(r)}, nil
}

func oralReportToProto(r cases.OralReport) *pb.OralReport {
	out := &pb.OralReport{Versions: make([]*pb.OralReportVersion, len(r.Versions))}
	if r.Latest != nil {
		out.Latest = oralReportVersionToProto(*r.Latest)
	}
	for i, v := range r.Versions {
		out.Versions[i] = oralReportVersionToProto(v)
	}
	return out
}

func (s *reporterServer) CorrectOralReport(ctx context.Context, req *pb.CorrectOralReportRequest) (*pb.CorrectOralReportResponse, error) {
	v, err := s.svc.CorrectOralReport(ctx, reporterFrom(ctx), req.GetText(), int(req.GetBasedOnVersion()))
	if err != nil {
		return nil, err
	}
	return &pb.CorrectOralReportResponse{Version: oralReportVersionToProto(v)}, nil
}

func (s *reporterServer) ApproveOralReport(ctx context.Context, req *pb.ApproveOralReportRequest) (*pb.ApproveOralReportResponse, error) {
	v, err := s.svc.ApproveOralReport(ctx, reporterFrom(ctx), int(req.GetVersion()))
	if err != nil {
		return nil, err
	}
	return &pb.ApproveOralReportResponse{Version: oralReportVersionToProto(v)}, nil
}

func conversationFormToDomain(f pb.ConversationForm) cases.ConversationForm {
	if f == pb.ConversationForm_CONVERSATION_FORM_UNSPECIFIED {
		return ""
	}
	return cases.ConversationForm(enumToDomain(f.String(), "CONVERSATION_FORM_"))
}

func conversationToProto(c cases.Conversation) *pb.Conversation {
	return &pb.Conversation{
		Id:              c.ID.String(),
		HeldOn:          timestamppb.New(c.HeldOn),
		Form:            pb.ConversationForm(pb.ConversationForm_value["CONVERSATION_FORM_"+string(c.Form)]),
		DurationMinutes: int32(c.DurationMinutes),
		Notes:           c.Content.Notes,
		Topics:          c.Content.Topics,
		AdviceGiven:     c.Content.Advice,
		NextStep:        c.Content.NextStep,
		LoggedBy:        c.LoggedBy,
		CreatedAt:       timestamppb.New(c.CreatedAt),
		UpdatedAt:       ts(c.UpdatedAt),
	}
}

func oralReportVersionToProto(v cases.OralReportVersion) *pb.OralReportVersion {
	return &pb.OralReportVersion{
		Version:    int32(v.Version),
		Author:     pb.OralReportAuthor(pb.OralReportAuthor_value["ORAL_REPORT_AUTHOR_"+string(v.Author)]),
		CreatedAt:  timestamppb.New(v.CreatedAt),
		Approved:   v.ApprovedAt != nil,
		ApprovedAt: ts(v.ApprovedAt),
		Text:       v.Text,
	}
}
