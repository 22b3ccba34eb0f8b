package transport

import (
	"context"

	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/advisers"
	"github.com/utrecht/meldpunt/internal/apperr"
)

// adviserServer implements pb.AdviserServiceServer. It is registered even without a Service
// (Config.Advisers nil, as in some tests), so that the served methods always match the
// authorization table; the calls then answer Unavailable.
type adviserServer struct {
	pb.UnimplementedAdviserServiceServer
	svc *advisers.Service
}

var _ pb.AdviserServiceServer = (*adviserServer)(nil)

func (s *adviserServer) ready() error {
	if s.svc == nil {
		return status.Error(codes.Unavailable, "the adviser registry is not configured on this server")
	}
	return nil
}

// staffSubject is the subject of the authenticated staff member, or "".
func staffSubject(ctx context.Context) string {
	if st := staffFrom(ctx); st != nil {
		return st.Subject
	}
	return ""
}

func (s *adviserServer) ListAdvisers(ctx context.Context, _ *pb.ListAdvisersRequest) (*pb.ListAdvisersResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	as, err := s.svc.ListPublic(ctx)
	if err != nil {
		return nil, err
	}
	out := &pb.ListAdvisersResponse{Advisers: make([]*pb.Adviser, len(as))}
	for i, a := range as {
		out.Advisers[i] = adviserToProto(a)
	}
	return out, nil
}

func (s *adviserServer) ListAllAdvisers(ctx context.Context, _ *pb.ListAllAdvisersRequest) (*pb.ListAllAdvisersResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	as, err := s.svc.ListAll(ctx)
	if err != nil {
		return nil, err
	}
	out := &pb.ListAllAdvisersResponse{Advisers: make([]*pb.AdviserAccount, len(as))}
	for i, a := range as {
		out.Advisers[i] = &pb.AdviserAccount{Adviser: adviserToProto(a), StaffSubject: a.StaffSubject}
	}
	return out, nil
}

func (s *adviserServer) CreateAdviser(ctx context.Context, req *pb.CreateAdviserRequest) (*pb.CreateAdviserResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	a, err := s.svc.Create(ctx, staffSubject(ctx), profileToDomain(req.GetProfile()), req.GetStaffSubject())
	if err != nil {
		return nil, err
	}
	return &pb.CreateAdviserResponse{Adviser: adviserToProto(a)}, nil
}

func (s *adviserServer) UpdateAdviser(ctx context.Context, req *pb.UpdateAdviserRequest) (*pb.UpdateAdviserResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := uuid.Parse(req.GetAdviserId())
	if err != nil {
		return nil, apperr.Invalid("adviser_id", "is not an adviser id")
	}
	a, err := s.svc.Update(ctx, staffSubject(ctx), id, req.GetVersion(), profileToDomain(req.GetProfile()), req.Active)
	if err != nil {
		return nil, err
	}
	return &pb.UpdateAdviserResponse{Adviser: adviserToProto(a)}, nil
}

func adviserKindToDomain(k pb.AdviserKind) advisers.Kind {
	if k == pb.AdviserKind_ADVISER_KIND_UNSPECIFIED {
		return ""
	}
	return advisers.Kind(enumToDomain(k.String(), "ADVISER_KIND_"))
}

func adviserKindToProto(k advisers.Kind) pb.AdviserKind {
	return pb.AdviserKind(pb.AdviserKind_value["ADVISER_KIND_"+string(k)])
}

func profileToDomain(p *pb.AdviserProfile) advisers.Profile {
	return advisers.Profile{
		Name:      p.GetName(),
		Kind:      adviserKindToDomain(p.GetKind()),
		Intro:     p.GetIntro(),
		Languages: p.GetLanguages(),
		PhotoURL:  p.GetPhotoUrl(),
	}
}

// adviserToProto is the public profile: the staff subject stays inside.
func adviserToProto(a advisers.Adviser) *pb.Adviser {
	return &pb.Adviser{
		AdviserId: a.ID.String(),
		Name:      a.Name,
		Kind:      adviserKindToProto(a.Kind),
		Intro:     a.Intro,
		Languages: a.Languages,
		PhotoUrl:  a.PhotoURL,
		Active:    a.Active,
		Version:   a.Version,
	}
}
