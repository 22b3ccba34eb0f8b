package transport

import (
	"context"

	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/admin"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

const adminSvc = "/meldpunt.v1.AdminService/"

// adminRules: staff accounts and the organisation are the administrator's, who sees no case.
var adminRules = map[string]rule{
	pb.AdminService_ListAccounts_FullMethodName:       {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
	pb.AdminService_SetAccountBlocked_FullMethodName:  {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
	pb.AdminService_ImportOrganisation_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleAdmin}},
}

// adminServer serves the administrator's AdminService. Without a Service (Config.Admin nil) its
// calls answer Unavailable.
type adminServer struct {
	pb.UnimplementedAdminServiceServer
	svc *admin.Service
}

var _ pb.AdminServiceServer = (*adminServer)(nil)

func newAdminServer(cfg Config) *adminServer { return &adminServer{svc: cfg.Admin} }

func (s *adminServer) ready() error {
	if s.svc == nil {
		return status.Error(codes.Unavailable, "administration is not served on this server")
	}
	return nil
}

func adminActor(ctx context.Context) admin.Actor {
	a := admin.Actor{RequestID: reqctx.RequestID(ctx)}
	if st := staffFrom(ctx); st != nil {
		a.Subject, a.Admin = st.Subject, st.Has(auth.RoleAdmin)
	}
	return a
}

func (s *adminServer) ListAccounts(ctx context.Context, req *pb.ListAccountsRequest) (*pb.ListAccountsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	p, err := s.svc.ListAccounts(ctx, adminActor(ctx), req.GetQuery(), req.GetRole(), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &pb.ListAccountsResponse{Accounts: make([]*pb.Account, len(p.Accounts)), NextPageToken: p.NextPageToken, Total: int32(p.Total)}
	for i, a := range p.Accounts {
		out.Accounts[i] = accountToProto(a)
	}
	return out, nil
}

func (s *adminServer) SetAccountBlocked(ctx context.Context, req *pb.SetAccountBlockedRequest) (*pb.SetAccountBlockedResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	a, err := s.svc.SetBlocked(ctx, adminActor(ctx), req.GetSubject(), req.GetBlocked())
	if err != nil {
		return nil, err
	}
	return &pb.SetAccountBlockedResponse{Account: accountToProto(a)}, nil
}

// maxImportViolations is how many problems an import refusal details (the message counts the
// rest).

func (s *adminServer) ImportOrganisation(ctx context.Context, req *pb.ImportOrganisationRequest) (*pb.ImportOrganisationResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	res, err := s.svc.ImportOrganisation(ctx, adminActor(ctx), req.GetUnitsCsv(), req.GetEmployeesCsv(), req.GetDryRun())
	if err != nil {
		return nil, err
	}
	u, e := res.Units, res.Employees
	return &pb.ImportOrganisationResponse{
		UnitsCreated: int32(u.Created), UnitsUpdated: int32(u.Updated), UnitsUnchanged: int32(u.Unchanged),
		EmployeesCreated: int32(e.Created), EmployeesUpdated: int32(e.Updated), EmployeesUnchanged: int32(e.Unchanged),
		UnitsNotInFile: int32(u.NotInFile), EmployeesNotInFile: int32(e.NotInFile), DryRun: res.DryRun,
	}, nil
}

func accountToProto(a admin.Account) *pb.Account {
	return &pb.Account{
		Subject: a.Subject, Name: a.Name, Roles: a.Roles,
		FirstSeen: timestamppb.New(a.FirstSeen), LastSignIn: ts(a.LastSignIn), Blocked: a.Blocked,
	}
}

func uuidStrings(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}
