package transport

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/audittrail"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

const auditSvc = "/meldpunt.v1.AuditService/"

// auditRules: the auditor, and only the auditor, reads and verifies the trail (who touched which
// case when; never content).
var auditRules = map[string]rule{
	pb.AuditService_ListAuditEvents_FullMethodName:    {access: accessStaff, roles: []auth.Role{auth.RoleAuditor}},
	pb.AuditService_VerifyAuditTrail_FullMethodName:   {access: accessStaff, roles: []auth.Role{auth.RoleAuditor}},
	pb.AuditService_GetAuditCheckpoint_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleAuditor}},
}

// auditServer serves the auditor's AuditService. Without a Service (Config.Audit nil) its calls
// answer Unavailable.
type auditServer struct {
	pb.UnimplementedAuditServiceServer
	svc *audittrail.Service
}

var _ pb.AuditServiceServer = (*auditServer)(nil)

func newAuditServer(cfg Config) *auditServer { return &auditServer{svc: cfg.Audit} }

func (s *auditServer) ready() error {
	if s.svc == nil {
		return status.Error(codes.Unavailable, "the audit trail is not served on this server")
	}
	return nil
}

func auditActor(ctx context.Context) audittrail.Actor {
	a := audittrail.Actor{RequestID: reqctx.RequestID(ctx)}
	if st := staffFrom(ctx); st != nil {
		a.Subject, a.Auditor = st.Subject, st.Has(auth.RoleAuditor)
	}
	return a
}

func (s *auditServer) ListAuditEvents(ctx context.Context, req *pb.ListAuditEventsRequest) (*pb.ListAuditEventsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	p, err := s.svc.List(ctx, auditActor(ctx), req.GetCaseReference(), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &pb.ListAuditEventsResponse{
		Events: make([]*pb.AuditEvent, len(p.Events)), NextPageToken: p.NextPageToken, Total: int32(p.Total),
	}
	for i, r := range p.Events {
		out.Events[i] = auditEventToProto(r)
	}
	return out, nil
}

func (s *auditServer) VerifyAuditTrail(ctx context.Context, req *pb.VerifyAuditTrailRequest) (*pb.VerifyAuditTrailResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	v, err := s.svc.Verify(ctx, auditActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	return &pb.VerifyAuditTrailResponse{
		Intact:             v.Intact(),
		Events:             int32(v.Events),
		AlteredEventIds:    uuidStrings(v.Altered),
		BrokenLinkEventIds: uuidStrings(v.BrokenLinks),
		UnsealedEventIds:   uuidStrings(v.Unsealed),
		LatestMissing:      v.LatestMissing,
		HeadMissing:        v.HeadMissing,
		RestartedEventIds:  uuidStrings(v.Restarted),
		VerifiedAt:         timestamppb.New(v.VerifiedAt),
	}, nil
}

func (s *auditServer) GetAuditCheckpoint(ctx context.Context, _ *pb.GetAuditCheckpointRequest) (*pb.GetAuditCheckpointResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	note, cp, err := s.svc.LatestCheckpoint(ctx, auditActor(ctx))
	if err != nil {
		return nil, err
	}
	return &pb.GetAuditCheckpointResponse{
		Note: note, Size: cp.Size, RootHash: cp.Root, Time: timestamppb.New(cp.Time), PublicKey: s.svc.PublicKey(),
	}, nil
}

func auditEventToProto(r audit.Record) *pb.AuditEvent {
	return &pb.AuditEvent{
		Id:        r.ID.String(),
		At:        timestamppb.New(r.At),
		ActorKind: string(r.Actor.Kind),
		ActorId:   r.Actor.ID,
		Action:    r.Action,
		Fields:    r.Fields,
		RequestId: r.RequestID,
	}
}
