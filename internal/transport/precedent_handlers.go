package transport

import (
	"bytes"
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/precedents"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

const precedentSvc = "/meldpunt.v1.PrecedentService/"

var (
	consulters = []auth.Role{auth.RoleIntegrityTeam, auth.RoleHR}
	hrOnly     = []auth.Role{auth.RoleHR}
	deciders   = []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}
	draftRoles = []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam, auth.RoleHR}
)

// precedentRules: the integrity team and HR consult the library; managers consult it from a
// case they weigh or decide; HR maintains it and reviews drafts; the case's handlers make drafts.
// Reporters, advisers, intake and administrators never reach it.
var precedentRules = map[string]rule{
	pb.PrecedentService_LookupPrecedents_FullMethodName:             {access: accessStaff, roles: consulters},
	pb.PrecedentService_LookupPrecedentsForCase_FullMethodName:      {access: accessStaff, roles: deciders},
	pb.PrecedentService_ListPrecedents_FullMethodName:               {access: accessStaff, roles: consulters},
	pb.PrecedentService_GetPrecedent_FullMethodName:                 {access: accessStaff, roles: consulters},
	pb.PrecedentService_ImportPrecedents_FullMethodName:             {access: accessStaff, roles: hrOnly},
	pb.PrecedentService_ImportPrecedentsWithProgress_FullMethodName: {access: accessStaff, roles: hrOnly},
	pb.PrecedentService_ExportPrecedents_FullMethodName:             {access: accessStaff, roles: hrOnly},
	pb.PrecedentService_WithdrawPrecedent_FullMethodName:            {access: accessStaff, roles: hrOnly},
	pb.PrecedentService_CreatePrecedentDraft_FullMethodName:         acts(cases.ActionDraftPrecedent),
	pb.PrecedentService_GetPrecedentDraft_FullMethodName:            {access: accessStaff, roles: draftRoles},
	pb.PrecedentService_ListPrecedentDrafts_FullMethodName:          {access: accessStaff, roles: hrOnly},
	pb.PrecedentService_UpdatePrecedentDraft_FullMethodName:         {access: accessStaff, roles: draftRoles},
	pb.PrecedentService_SubmitPrecedentDraft_FullMethodName:         {access: accessStaff, roles: deciders},
	pb.PrecedentService_ReturnPrecedentDraft_FullMethodName:         {access: accessStaff, roles: hrOnly},
	pb.PrecedentService_ApprovePrecedentDraft_FullMethodName:        {access: accessStaff, roles: hrOnly},
}

// precedentServer implements pb.PrecedentServiceServer.
type precedentServer struct {
	pb.UnimplementedPrecedentServiceServer
	svc          *precedents.Service
	cases        *cases.Service
	organisation string
}

var _ pb.PrecedentServiceServer = (*precedentServer)(nil)

func (s *precedentServer) ready() error {
	if s.svc == nil {
		return status.Error(codes.Unavailable, "the precedent library is not configured on this server")
	}
	return nil
}

func precedentActor(ctx context.Context) precedents.Actor {
	a := staffActor(ctx)
	return precedents.Actor{Subject: a.Subject, HR: a.HR, IntegrityTeam: a.IntegrityTeam, RequestID: reqctx.RequestID(ctx)}
}

func precedentToProto(st precedents.Stored) *pb.Precedent {
	p := recordToProto(st.Record)
	p.Id, p.Origin = st.ID.String(), st.Origin
	if !st.UpdatedAt.IsZero() {
		p.UpdatedAt = timestamppb.New(st.UpdatedAt)
	}
	return p
}

func recordToProto(r precedents.Record) *pb.Precedent {
	return &pb.Precedent{
		ExternalId: r.ExternalID, SourceOrganisation: r.SourceOrganisation, Year: int32(r.Year), Language: r.Language,
		Category: r.Category, DiscriminationGrounds: r.Grounds, Norms: r.Norms, Findings: r.Findings,
		Qualification: r.Qualification, Aggravating: r.Aggravating, Mitigating: r.Mitigating, Sanction: r.Sanction,
		Summary: r.Summary, Considerations: r.Considerations,
	}
}

func recordFromProto(p *pb.Precedent) precedents.Record {
	return precedents.Record{
		ExternalID: p.GetExternalId(), SourceOrganisation: p.GetSourceOrganisation(), Year: int(p.GetYear()),
		Language: p.GetLanguage(), Category: p.GetCategory(), Grounds: p.GetDiscriminationGrounds(), Norms: p.GetNorms(),
		Findings: p.GetFindings(), Qualification: p.GetQualification(), Aggravating: p.GetAggravating(),
		Mitigating: p.GetMitigating(), Sanction: p.GetSanction(), Summary: p.GetSummary(), Considerations: p.GetConsiderations(),
	}
}

type lookupOut struct {
	hits  []*pb.PrecedentHit
	dist  []*pb.SanctionCount
	comp  *pb.SanctionComparison
	cands int32
	sugg  []*pb.PrecedentSuggestion
}

func lookupToProto(r precedents.LookupResult) lookupOut {
	var out lookupOut
	for _, h := range r.Hits {
		ph := &pb.PrecedentHit{Precedent: precedentToProto(h.Stored), Score: h.Score, StructuralScore: h.Structural, TextScore: h.Textual}
		for _, rs := range h.Reasons {
			mr := &pb.MatchReason{Kind: rs.Kind, Codes: rs.Codes, Words: rs.Words, Text: rs.Text, Inferred: rs.Inferred}
			for _, m := range rs.Matches {
				mr.Matches = append(mr.Matches, &pb.WordMatch{Word: m.Word, Matched: m.Matched, Paraphrase: m.Paraphrase})
			}
			ph.Reasons = append(ph.Reasons, mr)
		}
		for _, d := range h.Differences {
			ph.Differences = append(ph.Differences, &pb.PrecedentDifference{Kind: d.Kind, Text: d.Text})
		}
		out.hits = append(out.hits, ph)
	}
	for _, sg := range r.Suggestions {
		out.sugg = append(out.sugg, &pb.PrecedentSuggestion{Kind: sg.Kind, Code: sg.Code, Key: sg.Key(), Words: sg.Words,
			Confidence: sg.Confidence, Source: sg.Source, Status: sg.Status})
	}
	for _, d := range r.Distribution {
		out.dist = append(out.dist, &pb.SanctionCount{Sanction: d.Sanction, Count: int32(d.Count)})
	}
	if c := r.Comparison; c != nil {
		out.comp = &pb.SanctionComparison{Verdict: c.Verdict, Basis: int32(c.Basis), Explanation: c.Explanation}
	}
	out.cands = int32(r.Candidates)
	return out
}

func (s *precedentServer) LookupPrecedents(ctx context.Context, req *pb.LookupPrecedentsRequest) (*pb.LookupPrecedentsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	q := req.GetQuery()
	res, err := s.svc.Lookup(ctx, precedentActor(ctx), precedents.Query{
		Text: q.GetText(), Language: q.GetLanguage(),
		Features: precedents.Features{
			Category: q.GetCategory(), Grounds: q.GetDiscriminationGrounds(), Norms: q.GetNorms(),
			Aggravating: q.GetAggravating(), Mitigating: q.GetMitigating(),
		},
		ProposedSanction: req.GetProposedSanction(), Limit: int(req.GetLimit()),
		Confirmed: q.GetConfirmedSuggestions(), Dropped: q.GetDroppedSuggestions(),
	})
	if err != nil {
		return nil, err
	}
	o := lookupToProto(res)
	return &pb.LookupPrecedentsResponse{Hits: o.hits, SanctionDistribution: o.dist, Comparison: o.comp, Candidates: o.cands, Suggestions: o.sugg}, nil
}

func (s *precedentServer) LookupPrecedentsForCase(ctx context.Context, req *pb.LookupPrecedentsForCaseRequest) (*pb.LookupPrecedentsForCaseResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	caseID, q, err := s.cases.PrecedentQuery(ctx, staffActor(ctx), req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	if req.GetProposedSanction() != "" {
		q.ProposedSanction = req.GetProposedSanction()
	}
	q.Limit = int(req.GetLimit())
	q.Confirmed, q.Dropped = req.GetConfirmedSuggestions(), req.GetDroppedSuggestions()
	res, err := s.svc.LookupForCase(ctx, precedentActor(ctx), caseID, q)
	if err != nil {
		return nil, err
	}
	o := lookupToProto(res)
	return &pb.LookupPrecedentsForCaseResponse{Hits: o.hits, SanctionDistribution: o.dist, Comparison: o.comp, Candidates: o.cands, Suggestions: o.sugg}, nil
}

func (s *precedentServer) ListPrecedents(ctx context.Context, req *pb.ListPrecedentsRequest) (*pb.ListPrecedentsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	list, next, err := s.svc.List(ctx, precedentActor(ctx), precedents.ListFilter{
		Category: req.GetCategory(), Year: int(req.GetYear()), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken(),
	})
	if err != nil {
		return nil, err
	}
	out := &pb.ListPrecedentsResponse{NextPageToken: next}
	for _, st := range list {
		out.Precedents = append(out.Precedents, precedentToProto(st))
	}
	return out, nil
}

func (s *precedentServer) GetPrecedent(ctx context.Context, req *pb.GetPrecedentRequest) (*pb.GetPrecedentResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	st, err := s.svc.Get(ctx, precedentActor(ctx), *id)
	if err != nil {
		return nil, err
	}
	return &pb.GetPrecedentResponse{Precedent: precedentToProto(*st)}, nil
}

func (s *precedentServer) ImportPrecedents(ctx context.Context, req *pb.ImportPrecedentsRequest) (*pb.ImportPrecedentsResponse, error) {
	return s.importPrecedents(ctx, req, nil)
}

// ImportPrecedentsWithProgress sends a message each time at least 2% more rows are written (and
// at the end), then the result.
func (s *precedentServer) ImportPrecedentsWithProgress(req *pb.ImportPrecedentsWithProgressRequest, stream pb.PrecedentService_ImportPrecedentsWithProgressServer) error {
	last := -1
	var sendErr error
	res, err := s.importPrecedents(stream.Context(), req.GetImport(), func(done, total int) {
		if sendErr != nil || total == 0 {
			return
		}
		if pct := done * 50 / total; pct > last || done == total {
			last = pct
			sendErr = stream.Send(&pb.ImportPrecedentsWithProgressResponse{Done: int32(done), Total: int32(total)})
		}
	})
	if err != nil {
		return err
	}
	if sendErr != nil {
		return sendErr
	}
	return stream.Send(&pb.ImportPrecedentsWithProgressResponse{Done: res.GetRows(), Total: res.GetRows(), Result: res})
}

func (s *precedentServer) importPrecedents(ctx context.Context, req *pb.ImportPrecedentsRequest, progress func(done, total int)) (*pb.ImportPrecedentsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	res, err := s.svc.Import(ctx, precedentActor(ctx), req.GetFormat(), bytes.NewReader(req.GetContent()), progress)
	if err != nil {
		return nil, err
	}
	return &pb.ImportPrecedentsResponse{Rows: int32(res.Rows), Created: int32(res.Created), Updated: int32(res.Updated), Unchanged: int32(res.Unchanged)}, nil
}

func (s *precedentServer) ExportPrecedents(ctx context.Context, req *pb.ExportPrecedentsRequest) (*pb.ExportPrecedentsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	n, err := s.svc.Export(ctx, precedentActor(ctx), req.GetFormat(), &limitedWriter{w: &buf, left: 7 << 20})
	if errors.Is(err, errExportTooLarge) {
		return nil, status.Error(codes.FailedPrecondition, "the library is too large to export through the API; use `meldpunt precedents export`")
	}
	if err != nil {
		return nil, err
	}
	return &pb.ExportPrecedentsResponse{Format: req.GetFormat(), Content: buf.Bytes(), Count: int32(n)}, nil
}

var errExportTooLarge = errors.New("export too large")

type limitedWriter struct {
	w    *bytes.Buffer
	left int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		return 0, errExportTooLarge
	}
	l.left -= len(p)
	return l.w.Write(p)
}

func (s *precedentServer) WithdrawPrecedent(ctx context.Context, req *pb.WithdrawPrecedentRequest) (*pb.WithdrawPrecedentResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	if err := s.svc.Withdraw(ctx, precedentActor(ctx), *id, req.GetReason()); err != nil {
		return nil, err
	}
	return &pb.WithdrawPrecedentResponse{}, nil
}

func draftToProto(d cases.PrecedentDraft) *pb.PrecedentDraft {
	out := &pb.PrecedentDraft{
		Id: d.ID.String(), Status: d.Status, Precedent: recordToProto(d.Record), ReturnRemark: d.ReturnRemark,
		Version: d.Version, UpdatedAt: timestamppb.New(d.UpdatedAt), CaseReference: d.CaseReference,
	}
	for _, r := range d.Removed {
		out.Removed = append(out.Removed, &pb.AnonymisationCount{Kind: r.Kind, Count: int32(r.Count)})
	}
	return out
}

func (s *precedentServer) CreatePrecedentDraft(ctx context.Context, req *pb.CreatePrecedentDraftRequest) (*pb.CreatePrecedentDraftResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	d, err := s.cases.CreatePrecedentDraft(ctx, staffActor(ctx), req.GetCaseReference(), s.organisation)
	if err != nil {
		return nil, err
	}
	return &pb.CreatePrecedentDraftResponse{Draft: draftToProto(d)}, nil
}

func (s *precedentServer) GetPrecedentDraft(ctx context.Context, req *pb.GetPrecedentDraftRequest) (*pb.GetPrecedentDraftResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	d, err := s.cases.GetPrecedentDraft(ctx, staffActor(ctx), *id)
	if err != nil {
		return nil, err
	}
	return &pb.GetPrecedentDraftResponse{Draft: draftToProto(d)}, nil
}

func (s *precedentServer) ListPrecedentDrafts(ctx context.Context, _ *pb.ListPrecedentDraftsRequest) (*pb.ListPrecedentDraftsResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	ds, err := s.cases.ListPrecedentDrafts(ctx, staffActor(ctx))
	if err != nil {
		return nil, err
	}
	out := &pb.ListPrecedentDraftsResponse{}
	for _, d := range ds {
		out.Drafts = append(out.Drafts, draftToProto(d))
	}
	return out, nil
}

func (s *precedentServer) UpdatePrecedentDraft(ctx context.Context, req *pb.UpdatePrecedentDraftRequest) (*pb.UpdatePrecedentDraftResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	d, err := s.cases.UpdatePrecedentDraft(ctx, staffActor(ctx), *id, req.GetVersion(), recordFromProto(req.GetPrecedent()))
	if err != nil {
		return nil, err
	}
	return &pb.UpdatePrecedentDraftResponse{Draft: draftToProto(d)}, nil
}

func (s *precedentServer) SubmitPrecedentDraft(ctx context.Context, req *pb.SubmitPrecedentDraftRequest) (*pb.SubmitPrecedentDraftResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	d, err := s.cases.SubmitPrecedentDraft(ctx, staffActor(ctx), *id, req.GetVersion())
	if err != nil {
		return nil, err
	}
	return &pb.SubmitPrecedentDraftResponse{Draft: draftToProto(d)}, nil
}

func (s *precedentServer) ReturnPrecedentDraft(ctx context.Context, req *pb.ReturnPrecedentDraftRequest) (*pb.ReturnPrecedentDraftResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	d, err := s.cases.ReturnPrecedentDraft(ctx, staffActor(ctx), *id, req.GetVersion(), req.GetRemark())
	if err != nil {
		return nil, err
	}
	return &pb.ReturnPrecedentDraftResponse{Draft: draftToProto(d)}, nil
}

func (s *precedentServer) ApprovePrecedentDraft(ctx context.Context, req *pb.ApprovePrecedentDraftRequest) (*pb.ApprovePrecedentDraftResponse, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	id, err := parseUUID("id", req.GetId())
	if err != nil {
		return nil, err
	}
	a := staffActor(ctx)
	st, err := s.cases.ApprovePrecedentDraft(ctx, a, *id, req.GetVersion(), func(r precedents.Record) (precedents.Prepared, error) {
		return s.svc.Publish(r, a.Subject)
	})
	if err != nil {
		return nil, err
	}
	return &pb.ApprovePrecedentDraftResponse{Precedent: precedentToProto(st)}, nil
}
