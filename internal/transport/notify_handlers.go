package transport

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/notify"
)

const notifySvc = "/meldpunt.v1.NotificationService/"

// allStaff is every staff role: each person sets their own notifications.
var allStaff = []auth.Role{auth.RoleIntake, auth.RoleAdviser, auth.RoleManager, auth.RoleIntegrityTeam, auth.RoleHR, auth.RoleAdmin, auth.RoleAuditor}

// notifyRules: everyone their own settings; the administrator the status (no content).
var notifyRules = map[string]rule{
	pb.NotificationService_GetMyNotificationSettings_FullMethodName: {access: accessStaff, roles: allStaff},
	pb.NotificationService_SetMyNotificationSettings_FullMethodName: {access: accessStaff, roles: allStaff},
	pb.NotificationService_GetNotificationStatus_FullMethodName:     {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
}

// notifyServer serves NotificationService. Without a Service (Config.Notify nil) its calls
// answer Unavailable.
type notifyServer struct {
	pb.UnimplementedNotificationServiceServer
	svc *notify.Service
}

var _ pb.NotificationServiceServer = (*notifyServer)(nil)

func newNotifyServer(cfg Config) *notifyServer { return &notifyServer{svc: cfg.Notify} }

func (s *notifyServer) caller(ctx context.Context) (*auth.Staff, error) {
	if s.svc == nil {
		return nil, status.Error(codes.Unavailable, "notifications are not served on this server")
	}
	st := staffFrom(ctx)
	if st == nil {
		return nil, status.Error(codes.Unauthenticated, "sign in as staff")
	}
	return st, nil
}

var modeToProto = map[notify.Mode]pb.NotificationMode{
	notify.ModeImmediate: pb.NotificationMode_NOTIFICATION_MODE_IMMEDIATE,
	notify.ModeDigest:    pb.NotificationMode_NOTIFICATION_MODE_DIGEST,
	notify.ModeOff:       pb.NotificationMode_NOTIFICATION_MODE_OFF,
}

func roleNames(st *auth.Staff) []string {
	out := make([]string, len(st.Roles))
	for i, r := range st.Roles {
		out[i] = string(r)
	}
	return out
}

func (s *notifyServer) GetMyNotificationSettings(ctx context.Context, _ *pb.GetMyNotificationSettingsRequest) (*pb.GetMyNotificationSettingsResponse, error) {
	st, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	m, chosen, err := s.svc.Mine(ctx, st.Subject, roleNames(st))
	if err != nil {
		return nil, err
	}
	return &pb.GetMyNotificationSettingsResponse{Mode: modeToProto[m], Chosen: chosen, Configured: s.svc.Configured()}, nil
}

func (s *notifyServer) SetMyNotificationSettings(ctx context.Context, req *pb.SetMyNotificationSettingsRequest) (*pb.SetMyNotificationSettingsResponse, error) {
	st, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	var m notify.Mode
	for k, v := range modeToProto {
		if v == req.GetMode() {
			m = k
		}
	}
	if err := s.svc.SetMine(ctx, st.Subject, m); err != nil {
		return nil, err
	}
	return &pb.SetMyNotificationSettingsResponse{Mode: req.GetMode()}, nil
}

func (s *notifyServer) GetNotificationStatus(ctx context.Context, _ *pb.GetNotificationStatusRequest) (*pb.GetNotificationStatusResponse, error) {
	st, err := s.caller(ctx)
	if err != nil {
		return nil, err
	}
	ns, err := s.svc.Status(ctx, st.Has(auth.RoleAdmin))
	if err != nil {
		return nil, err
	}
	out := &pb.GetNotificationStatusResponse{Configured: ns.Configured, Pending: int32(ns.Pending), Failed: int32(ns.Failed), SentLastDay: int32(ns.Sent)}
	for _, f := range ns.LastErrors {
		out.Failures = append(out.Failures, &pb.NotificationFailure{
			StatusTime: timestamppb.New(f.At), Kind: string(f.Kind), Attempts: int32(f.Attempts), Error: f.Error, GaveUp: f.GaveUp,
		})
	}
	return out, nil
}
