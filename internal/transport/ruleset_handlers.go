package transport

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/rules"
)

const ruleSetSvc = "/meldpunt.v1.RuleSetService/"

// ruleSetRules: the rules are public — made known to every employee — and HR publishes them.
var ruleSetRules = map[string]rule{
	pb.RuleSetService_GetRuleSet_FullMethodName:     {access: accessPublic, reporterFacing: true},
	pb.RuleSetService_ListRuleSets_FullMethodName:   {access: accessPublic, reporterFacing: true},
	pb.RuleSetService_PublishRuleSet_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleHR}},
}

// ruleSetServer implements pb.RuleSetServiceServer.
type ruleSetServer struct {
	pb.UnimplementedRuleSetServiceServer
	svc *rules.Service
}

var _ pb.RuleSetServiceServer = (*ruleSetServer)(nil)

func (s *ruleSetServer) ready() error {
	if s.svc == nil {
		return status.Error(codes.Unavailable, "the rule sets are not configured on this server")
	}
	return nil
}

func versionInfo(d rules.Doc) *pb.RuleSetVersionInfo {
	return &pb.RuleSetVersionInfo{
		Version: d.Version, EffectiveDate: d.EffectiveDate.Format("2006-01-02"), PublishedAt: timestamppb.New(d.PublishedAt),
	}
}

func (s *ruleSetServer) GetRuleSet(ctx context.Context, req *pb.GetRuleSetRequest) (*pb.GetRuleSetResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	d, rs, err := s.svc.Get(ctx, req.GetVersion())
	if err != nil {
		return nil, err
	}
	preamble, _ := rs.Preamble()
	out := &pb.RuleSet{
		Version: d.Version, EffectiveDate: d.EffectiveDate.Format("2006-01-02"), PublishedAt: timestamppb.New(d.PublishedAt),
		PreambleNl: preamble, Document: string(d.Document),
	}
	for _, n := range rs.Norms() {
		out.Norms = append(out.Norms, &pb.NormInfo{
			Id: n.ID, TextNl: n.TextNL, SummaryEn: n.SummaryEN, Categories: n.Categories,
			ZeroTolerance: n.ZeroTolerance, Source: n.Source.Kind,
		})
	}
	return &pb.GetRuleSetResponse{RuleSet: out}, nil
}

func (s *ruleSetServer) ListRuleSets(ctx context.Context, _ *pb.ListRuleSetsRequest) (*pb.ListRuleSetsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	ds, err := s.svc.List(ctx)
	if err != nil {
		return nil, err
	}
	out := &pb.ListRuleSetsResponse{}
	for _, d := range ds {
		out.Versions = append(out.Versions, versionInfo(d))
	}
	return out, nil
}

func (s *ruleSetServer) PublishRuleSet(ctx context.Context, req *pb.PublishRuleSetRequest) (*pb.PublishRuleSetResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	d, err := s.svc.Publish(ctx, staffSubject(ctx), []byte(req.GetDocument()))
	if err != nil {
		return nil, err
	}
	return &pb.PublishRuleSetResponse{Version: versionInfo(d)}, nil
}
