package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"io"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/report"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

const reportSvc = "/meldpunt.v1.ReportService/"

// reportRules: only HR produces the annual report (aggregates only).
var reportRules = map[string]rule{
	pb.ReportService_GetAnnualReport_FullMethodName:             {access: accessStaff, roles: []auth.Role{auth.RoleHR}},
	pb.ReportService_GetAnnualReportWithProgress_FullMethodName: {access: accessStaff, roles: []auth.Role{auth.RoleHR}},
	pb.ReportService_PublishAnnualReport_FullMethodName:         {access: accessStaff, roles: []auth.Role{auth.RoleHR}},
	pb.ReportService_ListAnnualReportEditions_FullMethodName:    {access: accessStaff, roles: []auth.Role{auth.RoleHR}},
	pb.ReportService_GetAnnualReportEdition_FullMethodName:      {access: accessStaff, roles: []auth.Role{auth.RoleHR}},
}

// reportServer implements pb.ReportServiceServer.
type reportServer struct {
	pb.UnimplementedReportServiceServer
	svc *report.Service
	// html renders the report as a document; nil: HTML is not offered on this server.
	html func(w io.Writer, r report.Report) error
}

func optInt(p *int) *int32 {
	if p == nil {
		return nil
	}
	v := int32(*p)
	return &v
}

func reportToProto(r report.Report) *pb.AnnualReport {
	out := &pb.AnnualReport{Year: int32(r.Year), Organisation: r.Organisation, GeneratedAt: timestamppb.New(r.GeneratedAt), Threshold: int32(r.Threshold)}
	for _, s := range r.Sections {
		ps := &pb.ReportSection{Id: s.ID, TitleNl: s.TitleNL, IntroNl: s.IntroNL}
		for _, t := range s.Tables {
			pt := &pb.ReportTable{Id: t.ID, TitleNl: t.TitleNL, UnitNl: t.UnitNL, Total: optInt(t.Total),
				TotalSmall: t.TotalSmall, ShareBandNl: t.ShareBandNL}
			for _, row := range t.Rows {
				pt.Rows = append(pt.Rows, &pb.ReportRow{Code: row.Code, LabelNl: row.LabelNL, Count: optInt(row.Count), Small: row.Small})
			}
			ps.Tables = append(ps.Tables, pt)
		}
		for _, f := range s.Figures {
			ps.Figures = append(ps.Figures, &pb.ReportFigure{Id: f.ID, LabelNl: f.LabelNL, N: optInt(f.N), Value: f.Value, UnitNl: f.UnitNL, P90: f.P90,
				NSmall: f.NSmall, HeldBackNl: f.HeldBackNL})
		}
		out.Sections = append(out.Sections, ps)
	}
	zt := r.ZeroTolerance
	out.ZeroTolerance = &pb.ReportZeroTolerance{
		ProvenDiscrimination: optInt(zt.ProvenDiscrimination), Sanctioned: optInt(zt.Sanctioned), NotSanctioned: optInt(zt.NotSanctioned),
		Flagged: zt.Flagged, LighterThanGuidance: optInt(zt.LighterThanGuidance), DecisionsTotal: optInt(zt.DecisionsTotal),
		HeavierThanGuidance: optInt(zt.HeavierThanGuidance), Small: zt.Small,
	}
	for _, y := range r.Years {
		out.Years = append(out.Years, &pb.ReportYearTotals{Year: int32(y.Year), Reports: optInt(y.Reports),
			Conversations: optInt(y.Conversations), Investigations: optInt(y.Investigations), Sanctions: optInt(y.Sanctions), Small: y.Small})
	}
	for _, rel := range r.Relations {
		out.Relations = append(out.Relations, &pb.ReportRelation{Kind: rel.Kind, Left: rel.Left, Right: rel.Right,
			Difference: rel.Difference, Why: rel.Why})
	}
	return out
}

func (s *reportServer) GetAnnualReport(ctx context.Context, req *pb.GetAnnualReportRequest) (*pb.GetAnnualReportResponse, error) {
	return s.annual(ctx, req, nil)
}

// reportSteps are the steps of making the report, as the service reports them.
const reportSteps = 3

// GetAnnualReportWithProgress sends a message as each step starts, then the report.
func (s *reportServer) GetAnnualReportWithProgress(req *pb.GetAnnualReportWithProgressRequest, stream pb.ReportService_GetAnnualReportWithProgressServer) error {
	step := 0
	var sendErr error
	res, err := s.annual(stream.Context(), req.GetReport(), func(string) {
		if step < reportSteps && sendErr == nil {
			step++
			sendErr = stream.Send(&pb.GetAnnualReportWithProgressResponse{Step: int32(step), Steps: reportSteps})
		}
	})
	if err != nil {
		return err
	}
	if sendErr != nil {
		return sendErr
	}
	return stream.Send(&pb.GetAnnualReportWithProgressResponse{Step: reportSteps, Steps: reportSteps, Result: res})
}

func (s *reportServer) annual(ctx context.Context, req *pb.GetAnnualReportRequest, progress func(string)) (*pb.GetAnnualReportResponse, error) {
	if s.svc == nil {
		return nil, status.Error(codes.Unavailable, "the annual report is not configured on this server")
	}
	a := staffActor(ctx)
	r, err := s.svc.Annual(ctx, report.Actor{Subject: a.Subject, HR: a.HR, RequestID: reqctx.RequestID(ctx)}, int(req.GetYear()), progress)
	if err != nil {
		return nil, err
	}
	out := &pb.GetAnnualReportResponse{Report: reportToProto(r)}
	var buf bytes.Buffer
	switch req.GetFormat() {
	case "csv":
		if err := report.WriteCSV(&buf, r); err != nil {
			return nil, err
		}
		out.ContentType, out.Content = reportFormats["csv"], buf.Bytes()
	case "html":
		if s.html == nil {
			return nil, status.Error(codes.Unimplemented, "HTML is not offered on this server")
		}
		if err := s.html(&buf, r); err != nil {
			return nil, err
		}
		out.ContentType, out.Content = reportFormats["html"], buf.Bytes()
	}
	return out, nil
}

func (s *reportServer) actor(ctx context.Context) report.Actor {
	a := staffActor(ctx)
	return report.Actor{Subject: a.Subject, HR: a.HR, RequestID: reqctx.RequestID(ctx)}
}

func editionToProto(e report.StoredEdition, r report.Report) *pb.AnnualReportEdition {
	return &pb.AnnualReportEdition{Year: int32(e.Year), Number: int32(e.Number), PublishTime: timestamppb.New(e.PublishedAt),
		PublishedBy: e.PublishedBy, Report: reportToProto(r)}
}

// PublishAnnualReport publishes the next edition of a year's report.
func (s *reportServer) PublishAnnualReport(ctx context.Context, req *pb.PublishAnnualReportRequest) (*pb.PublishAnnualReportResponse, error) {
	if s.svc == nil {
		return nil, status.Error(codes.Unavailable, "the annual report is not configured on this server")
	}
	e, r, err := s.svc.Publish(ctx, s.actor(ctx), int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	return &pb.PublishAnnualReportResponse{AnnualReportEdition: editionToProto(e, r)}, nil
}

// ListAnnualReportEditions lists a year's published editions.
func (s *reportServer) ListAnnualReportEditions(ctx context.Context, req *pb.ListAnnualReportEditionsRequest) (*pb.ListAnnualReportEditionsResponse, error) {
	if s.svc == nil {
		return nil, status.Error(codes.Unavailable, "the annual report is not configured on this server")
	}
	eds, err := s.svc.Editions(ctx, s.actor(ctx), int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	out := &pb.ListAnnualReportEditionsResponse{}
	for _, e := range eds {
		var r report.Report
		if err := json.Unmarshal(e.Report, &r); err != nil {
			return nil, err
		}
		out.AnnualReportEditions = append(out.AnnualReportEditions, editionToProto(e, r))
	}
	return out, nil
}

// GetAnnualReportEdition returns one published edition.
func (s *reportServer) GetAnnualReportEdition(ctx context.Context, req *pb.GetAnnualReportEditionRequest) (*pb.GetAnnualReportEditionResponse, error) {
	if s.svc == nil {
		return nil, status.Error(codes.Unavailable, "the annual report is not configured on this server")
	}
	eds, err := s.svc.Editions(ctx, s.actor(ctx), int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	for _, e := range eds {
		if e.Number == int(req.GetNumber()) {
			var r report.Report
			if err := json.Unmarshal(e.Report, &r); err != nil {
				return nil, err
			}
			return &pb.GetAnnualReportEditionResponse{AnnualReportEdition: editionToProto(e, r)}, nil
		}
	}
	return nil, status.Errorf(codes.NotFound, "edition %d of %d not found", req.GetNumber(), req.GetYear())
}
