package transport

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/escrow"
)

// The matching escrow ("not alone"): reporter calls only. No staff service has any call that
// reads entries.

var errNoEscrow = apperr.Unavailable("matching entries are not available on this server")

func (s *reporterServer) SearchEscrowPeople(ctx context.Context, req *pb.SearchEscrowPeopleRequest) (*pb.SearchEscrowPeopleResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	ps, err := s.escrow.SearchPeople(ctx, s.source.of(ctx), req.GetQuery())
	if err != nil {
		return nil, err
	}
	out := &pb.SearchEscrowPeopleResponse{People: make([]*pb.EscrowPerson, len(ps))}
	for i, p := range ps {
		out.People[i] = &pb.EscrowPerson{Handle: p.Handle, Name: p.Name, UnitName: p.UnitName}
	}
	return out, nil
}

func (s *reporterServer) DepositEscrow(ctx context.Context, req *pb.DepositEscrowRequest) (*pb.DepositEscrowResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	adv, err := parseUUID("adviser_id", req.GetAdviserId())
	if err != nil {
		return nil, err
	}
	if adv == nil {
		return nil, apperr.Invalid("adviser_id", "choose an adviser")
	}
	d, err := s.escrow.Deposit(ctx, reporterFrom(ctx), s.source.of(ctx),
		escrow.Deposit{PersonHandle: req.GetPersonHandle(), Account: req.GetAccount(), AdviserID: *adv})
	if err != nil {
		return nil, err
	}
	return &pb.DepositEscrowResponse{EntryId: d.ID.String(), ExpiresAt: timestamppb.New(d.ExpiresAt)}, nil
}

func (s *reporterServer) DepositEscrowWithoutReport(ctx context.Context, req *pb.DepositEscrowWithoutReportRequest) (*pb.DepositEscrowWithoutReportResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	adv, err := parseUUID("adviser_id", req.GetAdviserId())
	if err != nil {
		return nil, err
	}
	if adv == nil {
		return nil, apperr.Invalid("adviser_id", "choose an adviser")
	}
	code, d, err := s.escrow.DepositWithoutReport(ctx, s.source.of(ctx),
		escrow.Deposit{PersonHandle: req.GetPersonHandle(), Account: req.GetAccount(), AdviserID: *adv})
	if err != nil {
		return nil, err
	}
	return &pb.DepositEscrowWithoutReportResponse{ReceiptCode: code, EntryId: d.ID.String(), ExpiresAt: timestamppb.New(d.ExpiresAt)}, nil
}

func escrowStateToProto(s escrow.State) pb.EscrowState {
	switch s {
	case escrow.Waiting:
		return pb.EscrowState_ESCROW_STATE_WAITING
	case escrow.Matched:
		return pb.EscrowState_ESCROW_STATE_MATCHED
	case escrow.Accepted:
		return pb.EscrowState_ESCROW_STATE_ACCEPTED
	}
	return pb.EscrowState_ESCROW_STATE_UNSPECIFIED
}

func myEscrowToProto(m escrow.Mine) *pb.MyEscrowEntry {
	return &pb.MyEscrowEntry{EntryId: m.ID.String(), State: escrowStateToProto(m.State),
		ExpiresAt: timestamppb.New(m.ExpiresAt), OtherCaseReferences: m.Others}
}

func (s *reporterServer) ListMyEscrow(ctx context.Context, _ *pb.ListMyEscrowRequest) (*pb.ListMyEscrowResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	ms, err := s.escrow.Mine(ctx, reporterFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := &pb.ListMyEscrowResponse{Entries: make([]*pb.MyEscrowEntry, len(ms))}
	for i, m := range ms {
		out.Entries[i] = myEscrowToProto(m)
	}
	return out, nil
}

func (s *reporterServer) WithdrawEscrow(ctx context.Context, req *pb.WithdrawEscrowRequest) (*pb.WithdrawEscrowResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	id, err := parseUUID("entry_id", req.GetEntryId())
	if err != nil || id == nil {
		return nil, apperr.Invalid("entry_id", "is not an entry id")
	}
	if err := s.escrow.Withdraw(ctx, reporterFrom(ctx), *id); err != nil {
		return nil, err
	}
	return &pb.WithdrawEscrowResponse{}, nil
}

func (s *reporterServer) AnswerEscrowMatch(ctx context.Context, req *pb.AnswerEscrowMatchRequest) (*pb.AnswerEscrowMatchResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	id, err := parseUUID("entry_id", req.GetEntryId())
	if err != nil || id == nil {
		return nil, apperr.Invalid("entry_id", "is not an entry id")
	}
	m, err := s.escrow.Answer(ctx, reporterFrom(ctx), *id, req.GetGoAhead())
	if err != nil {
		return nil, err
	}
	out := &pb.AnswerEscrowMatchResponse{}
	if m != nil {
		out.Entry = myEscrowToProto(*m)
	}
	return out, nil
}

func (s *caseServer) DepositEscrowForReporter(ctx context.Context, req *pb.DepositEscrowForReporterRequest) (*pb.DepositEscrowForReporterResponse, error) {
	if s.escrow == nil {
		return nil, errNoEscrow
	}
	// Held to the deposit budget per adviser (and overall), besides the reporter's own.
	a := staffActor(ctx)
	d, err := s.escrow.DepositForReporter(ctx, a, "adviser\x00"+a.Subject, req.GetCaseReference(), req.GetPersonHandle(), req.GetAccount())
	if err != nil {
		return nil, err
	}
	return &pb.DepositEscrowForReporterResponse{ExpiresAt: timestamppb.New(d.ExpiresAt)}, nil
}

func (s *caseServer) GetCaseMatch(ctx context.Context, req *pb.GetCaseMatchRequest) (*pb.GetCaseMatchResponse, error) {
	if s.escrow == nil {
		// Without the escrow there are no matches; the case's access is still checked.
		if _, err := s.svc.AdviserCaseID(ctx, staffActor(ctx), req.GetCaseReference()); err != nil {
			return nil, err
		}
		return &pb.GetCaseMatchResponse{}, nil
	}
	went, others, err := s.escrow.CaseMatch(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	return &pb.GetCaseMatchResponse{WentAheadTogether: went, OtherCaseReferences: others}, nil
}
