package staffweb

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/evidence"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

func (s *Server) investigationRoutes(mux *http.ServeMux) {
	p := Prefix + "/zaken/{ref}"
	team := []auth.Role{auth.RoleManager, auth.RoleIntegrityTeam}
	mux.HandleFunc("GET "+p+"/onderzoek", s.page("investigation", s.investigationPage, team...))
	mux.HandleFunc("GET "+p+"/bewijs/{id}", s.downloadEvidence)
	post := func(name string, act func(w http.ResponseWriter, r *http.Request, v *view) (string, error), roles ...auth.Role) {
		mux.HandleFunc("POST "+p+"/onderzoek/"+name, s.action("investigation", s.investigationPage, act, roles...))
	}
	post("aantijging", s.addAllegation, may(cases.ActionAddAllegation)...)
	post("interview", s.recordInterview, may(cases.ActionRecordInterview)...)
	post("interview/{id}/goedgekeurd", s.approveInterview, may(cases.ActionApproveInterview)...)
	post("bewijs", s.uploadEvidence, may(cases.ActionUploadEvidence)...)
	post("gehoord", s.recordHearing, may(cases.ActionRecordHearing)...)
	post("bevindingen", s.setFindings, may(cases.ActionSetFindings)...)
	post("beoordeling", s.recordAssessment, may(cases.ActionRecordAssessment)...)
	post("schorsing", s.setSuspension, may(cases.ActionSetSuspension)...)
	mux.HandleFunc("GET "+p+"/sanctie", s.page("sanction", s.sanctionPage, team...))
	spost := func(name string, act func(w http.ResponseWriter, r *http.Request, v *view) (string, error), roles ...auth.Role) {
		mux.HandleFunc("POST "+p+"/sanctie/"+name, s.action("sanction", s.sanctionPage, act, roles...))
	}
	spost("besluit", s.decideSanction, may(cases.ActionDecideSanction)...)
	spost("afsluiten", s.closeAfterAssessment, may(cases.ActionCloseAfterAssessment)...)
	spost("concept", s.createPrecedentDraft, may(cases.ActionDraftPrecedent)...)
	mux.HandleFunc("GET "+p+"/concept/{id}", s.page("casedraft", s.caseDraftPage, team...))
	mux.HandleFunc("POST "+p+"/concept/{id}", s.action("casedraft", s.caseDraftPage, s.saveCaseDraft, team...))
}

type investigationData struct {
	caseBase
	Investigation *pb.Investigation
	Allegations   []*pb.Allegation
	Interviews    []*pb.Interview
	Evidence      []*pb.EvidenceInfo
	Norms         []*pb.NormInfo
	Severities    []pb.Severity
	Findings      []pb.Finding
	Roles         []pb.IntervieweeRole
	Grounds       []pb.DiscriminationGround
}

// investigationPage is the fact-finding: plan, team, allegations, interviews, evidence, hearing,
// findings and assessment.
func (s *Server) investigationPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	base, ctx, err := s.loadCase(r, v)
	if err != nil {
		return nil, err
	}
	ref := base.Ref
	d := investigationData{
		caseBase:   base,
		Severities: []pb.Severity{pb.Severity_SEVERITY_LOW, pb.Severity_SEVERITY_MEDIUM, pb.Severity_SEVERITY_HIGH},
		Findings:   []pb.Finding{pb.Finding_FINDING_PROVEN, pb.Finding_FINDING_PARTLY_PROVEN, pb.Finding_FINDING_NOT_PROVEN},
		Roles:      []pb.IntervieweeRole{pb.IntervieweeRole_INTERVIEWEE_ROLE_REPORTER, pb.IntervieweeRole_INTERVIEWEE_ROLE_WITNESS, pb.IntervieweeRole_INTERVIEWEE_ROLE_SUBJECT},
	}
	for _, g := range taxonomy.Grounds() {
		d.Grounds = append(d.Grounds, pb.DiscriminationGround(pb.DiscriminationGround_value["DISCRIMINATION_GROUND_"+g.Code]))
	}
	v.Title = v.t("tab_investigation") + " " + ref
	// Before the start the case page offers it; what the table allows before it (allegations,
	// evidence) is offered here all the same.
	if d.Case.GetInvestigationStarted() {
		inv, err := s.cases.GetInvestigation(ctx, &pb.GetInvestigationRequest{CaseReference: ref})
		if err != nil {
			return nil, err
		}
		d.Investigation = inv.GetInvestigation()
	}
	al, err := s.cases.ListAllegations(ctx, &pb.ListAllegationsRequest{CaseReference: ref})
	if err != nil {
		return nil, err
	}
	d.Allegations = al.GetAllegations()
	iv, err := s.cases.ListInterviews(ctx, &pb.ListInterviewsRequest{CaseReference: ref})
	if err != nil {
		return nil, err
	}
	d.Interviews = iv.GetInterviews()
	ev, err := s.cases.ListEvidence(ctx, &pb.ListEvidenceRequest{CaseReference: ref})
	if err != nil {
		return nil, err
	}
	d.Evidence = ev.GetEvidence()
	if rs, err := s.rules.GetRuleSet(ctx, &pb.GetRuleSetRequest{}); err == nil {
		d.Norms = rs.GetRuleSet().GetNorms()
	}
	return d, nil
}

func investigationURL(r *http.Request, done string) string {
	return Prefix + "/zaken/" + r.PathValue("ref") + "/onderzoek?gedaan=" + done
}

func (s *Server) addAllegation(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.AddAllegation(s.ctx(r, v), &pb.AddAllegationRequest{
		CaseReference: r.PathValue("ref"), NormId: r.PostFormValue("norm_id"),
		Severity:    pb.Severity(pb.Severity_value[r.PostFormValue("severity")]),
		Description: strings.TrimSpace(r.PostFormValue("description")),
	})
	return investigationURL(r, "aantijging"), err
}

func (s *Server) recordInterview(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	held, err := pastDateField(r, v, "held_on", "iv-held", "date_interview")
	if err != nil {
		return "", err
	}
	_, err = s.cases.RecordInterview(s.ctx(r, v), &pb.RecordInterviewRequest{
		CaseReference: r.PathValue("ref"), HeldOn: held,
		Role:        pb.IntervieweeRole(pb.IntervieweeRole_value[r.PostFormValue("role")]),
		Interviewee: strings.TrimSpace(r.PostFormValue("interviewee")), Minutes: strings.TrimSpace(r.PostFormValue("minutes")),
	})
	return investigationURL(r, "interview"), err
}

// approveInterview records that the interviewee approved the minutes.
func (s *Server) approveInterview(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.ApproveInterview(s.ctx(r, v), &pb.ApproveInterviewRequest{CaseReference: r.PathValue("ref"), InterviewId: r.PathValue("id")})
	return investigationURL(r, "interview-goedgekeurd"), err
}

func (s *Server) uploadEvidence(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	f, h, err := r.FormFile("file")
	if err != nil {
		return "", formErr(v.t("form_file_missing"))
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, 5<<20+1))
	if err != nil {
		return "", err
	}
	if len(content) > 5<<20 {
		return "", formErr(v.t("form_file_large"))
	}
	_, err = s.cases.UploadEvidence(s.ctx(r, v), &pb.UploadEvidenceRequest{CaseReference: r.PathValue("ref"), FileName: h.Filename, Content: content})
	return investigationURL(r, "bewijs"), err
}

// downloadEvidence sends a file as an attachment (never shown inline in the workspace).
func (s *Server) downloadEvidence(w http.ResponseWriter, r *http.Request) {
	v, ok := s.begin(w, r)
	if !ok {
		return
	}
	res, err := s.cases.DownloadEvidence(s.ctx(r, v), &pb.DownloadEvidenceRequest{CaseReference: r.PathValue("ref"), EvidenceId: r.PathValue("id")})
	if err != nil {
		s.renderServiceError(w, r, v, err)
		return
	}
	e := res.GetEvidence()
	evidence.SetDownloadHeaders(w.Header(), evidence.DownloadName(e.GetFileName(), e.GetMediaType(), e.GetEvidenceId()), e.GetMediaType())
	w.Header().Set("Content-Length", strconv.Itoa(len(res.GetContent())))
	_, _ = w.Write(res.GetContent())
}

func (s *Server) recordHearing(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	held, err := pastDateField(r, v, "held_on", "hearing-held", "date_hearing")
	if err != nil {
		return "", err
	}
	_, err = s.cases.RecordHearing(s.ctx(r, v), &pb.RecordHearingRequest{
		CaseReference: r.PathValue("ref"), HeldOn: held, Response: strings.TrimSpace(r.PostFormValue("response")),
		Declined: r.PostFormValue("declined") == "ja",
	})
	return investigationURL(r, "gehoord"), err
}

// setFindings takes one finding and reasoning per allegation (fields finding_<id>, reasoning_<id>).
func (s *Server) setFindings(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	req := &pb.SetFindingsRequest{CaseReference: r.PathValue("ref"), Version: version(r)}
	for _, id := range r.PostForm["allegation"] {
		req.Findings = append(req.Findings, &pb.FindingInput{
			AllegationId: id, Finding: pb.Finding(pb.Finding_value[r.PostFormValue("finding_"+id)]),
			Reasoning: strings.TrimSpace(r.PostFormValue("reasoning_" + id)),
		})
	}
	if len(req.Findings) == 0 {
		return "", formErr(v.t("form_no_allegations"))
	}
	_, err := s.cases.SetFindings(s.ctx(r, v), req)
	return investigationURL(r, "bevindingen"), err
}

func (s *Server) recordAssessment(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	req := &pb.RecordAssessmentRequest{CaseReference: r.PathValue("ref"), Qualification: strings.TrimSpace(r.PostFormValue("qualification"))}
	for _, g := range r.PostForm["ground"] {
		if n, ok := pb.DiscriminationGround_value[g]; ok && n != 0 {
			req.DiscriminationGrounds = append(req.DiscriminationGrounds, pb.DiscriminationGround(n))
		}
	}
	_, err := s.cases.RecordAssessment(s.ctx(r, v), req)
	return Prefix + "/zaken/" + r.PathValue("ref") + "/sanctie?gedaan=beoordeling", err
}

func (s *Server) setSuspension(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.SetSuspension(s.ctx(r, v), &pb.SetSuspensionRequest{
		CaseReference: r.PathValue("ref"), Suspended: r.PostFormValue("suspended") == "ja", Reason: strings.TrimSpace(r.PostFormValue("reason")),
	})
	return investigationURL(r, "schorsing"), err
}

type sanctionData struct {
	caseBase
	Evaluation    *pb.SanctionEvaluation
	Comparable    *pb.LookupPrecedentsForCaseResponse
	Proposed      string
	Allowed       map[string]bool
	Circumstances []circumstance
	MaxCount      int32
	// Unavailable says why there is no evaluation yet.
	Unavailable string
}

// sanctionPage puts the rule evaluation and the comparable precedents side by side: the allowed
// sanctions, the recommendation and the rules that fired; the best matching precedents, why
// they match, the sanctions they led to, and where a proposed sanction stands among them.
func (s *Server) sanctionPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	base, ctx, err := s.loadCase(r, v)
	if err != nil {
		return nil, err
	}
	ref := base.Ref
	d := sanctionData{caseBase: base, Allowed: map[string]bool{}}
	v.Title = v.t("title_sanction") + " " + ref
	if d.Is("CLOSED") {
		return d, nil
	}
	ev, err := s.cases.EvaluateSanction(ctx, &pb.EvaluateSanctionRequest{CaseReference: ref})
	if err != nil {
		if correctable(err) {
			d.Unavailable = fmt.Sprintf(v.t("sanc_unavailable"), errorLines(v.Lang, err)[0])
			return d, nil
		}
		return nil, err
	}
	d.Evaluation = ev.GetEvaluation()
	for _, a := range d.Evaluation.GetAllowed() {
		d.Allowed[a.String()] = true
	}
	d.Comparable = ev.GetComparablePrecedents()
	d.Proposed = r.URL.Query().Get("voorstel")
	if v.Value("sanction") != "" {
		d.Proposed = v.Value("sanction")
	}
	if d.Proposed != "" {
		if _, ok := pb.Sanction_value[d.Proposed]; ok {
			cmp, err := s.precedents.LookupPrecedentsForCase(ctx, &pb.LookupPrecedentsForCaseRequest{CaseReference: ref, ProposedSanction: strings.TrimPrefix(d.Proposed, "SANCTION_")})
			if err == nil {
				d.Comparable = cmp
			}
		}
	}
	if rs, err := s.rules.GetRuleSet(ctx, &pb.GetRuleSetRequest{Version: d.Evaluation.GetRuleSetVersion()}); err == nil {
		var doc struct {
			Circumstances []circumstance `json:"circumstances"`
		}
		if json.Unmarshal([]byte(rs.GetRuleSet().GetDocument()), &doc) == nil {
			d.Circumstances = doc.Circumstances
		}
	}
	for _, sc := range d.Comparable.GetSanctionDistribution() {
		d.MaxCount = max(d.MaxCount, sc.GetCount())
	}
	return d, nil
}

// circumstance is an aggravating or mitigating circumstance of the rule set.
type circumstance struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Text   string `json:"description_nl"`
	TextEN string `json:"description_en"`
}

// In is the circumstance's description in lang (Dutch when the rule set has no English one).
func (c circumstance) In(lang string) string {
	if lang == "en" && c.TextEN != "" {
		return c.TextEN
	}
	return c.Text
}

func (s *Server) decideSanction(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	known, err := pastDateField(r, v, "facts_known_at", "facts_known_at", "date_facts_known")
	if err != nil {
		return "", err
	}
	n, ok := pb.Sanction_value[r.PostFormValue("sanction")]
	if !ok || n == 0 {
		return "", fieldErr("sanction", v.t("form_sanction"))
	}
	prior, err := optionalIntField(r, v, "prior_violations", "sanc_prior", 0, 50)
	if err != nil {
		return "", err
	}
	_, err = s.cases.DecideSanction(s.ctx(r, v), &pb.DecideSanctionRequest{
		CaseReference: r.PathValue("ref"), Sanction: pb.Sanction(n), Motivation: strings.TrimSpace(r.PostFormValue("motivation")),
		FactsKnownAt: known, Version: version(r),
		Circumstances: &pb.Circumstances{Aggravating: r.PostForm["aggravating"], Mitigating: r.PostForm["mitigating"], PriorViolations: prior},
	})
	return Prefix + "/zaken/" + r.PathValue("ref") + "/sanctie?gedaan=sanctie", err
}

func (s *Server) closeAfterAssessment(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.CloseAfterAssessment(s.ctx(r, v), &pb.CloseAfterAssessmentRequest{
		CaseReference: r.PathValue("ref"), Feedback: strings.TrimSpace(r.PostFormValue("feedback")), Version: version(r),
	})
	return Prefix + "/zaken/" + r.PathValue("ref") + "?gedaan=afgesloten", err
}

func (s *Server) createPrecedentDraft(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	res, err := s.precedents.CreatePrecedentDraft(s.ctx(r, v), &pb.CreatePrecedentDraftRequest{CaseReference: r.PathValue("ref")})
	if err != nil {
		return "", err
	}
	return Prefix + "/zaken/" + r.PathValue("ref") + "/concept/" + res.GetDraft().GetId() + "?gedaan=concept", nil
}

type caseDraftData struct {
	Ref    string
	Draft  *pb.PrecedentDraft
	Notice string
}

// caseDraftPage is the precedent draft of a closed case for its handlers: the anonymised texts
// to check and correct, what was removed, and the submission to HR.
func (s *Server) caseDraftPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	res, err := s.precedents.GetPrecedentDraft(s.ctx(r, v), &pb.GetPrecedentDraftRequest{Id: r.PathValue("id")})
	if err != nil {
		return nil, err
	}
	if res.GetDraft().GetCaseReference() != r.PathValue("ref") {
		return nil, statusNotFound()
	}
	v.Title = v.t("casedraft_title")
	return caseDraftData{Ref: r.PathValue("ref"), Draft: res.GetDraft(), Notice: noticeText(v.Lang, "draftnotice_", r.URL.Query().Get("gedaan"))}, nil
}

// saveCaseDraft saves the edited texts, and submits the draft when asked.
func (s *Server) saveCaseDraft(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	ctx := s.ctx(r, v)
	res, err := s.precedents.GetPrecedentDraft(ctx, &pb.GetPrecedentDraftRequest{Id: r.PathValue("id")})
	if err != nil {
		return "", err
	}
	d := res.GetDraft()
	if d.GetCaseReference() != r.PathValue("ref") {
		return "", statusNotFound()
	}
	if d.GetVersion() != version(r) {
		return "", status.Error(codes.Aborted, "the draft changed since it was opened")
	}
	p := d.GetPrecedent()
	p.Summary = strings.TrimSpace(r.PostFormValue("summary"))
	p.Qualification = strings.TrimSpace(r.PostFormValue("qualification"))
	p.Considerations = strings.TrimSpace(r.PostFormValue("considerations"))
	up, err := s.precedents.UpdatePrecedentDraft(ctx, &pb.UpdatePrecedentDraftRequest{Id: d.GetId(), Version: d.GetVersion(), Precedent: p})
	if err != nil {
		return "", err
	}
	done := "opgeslagen"
	if r.PostFormValue("submit") == "ja" {
		if _, err := s.precedents.SubmitPrecedentDraft(ctx, &pb.SubmitPrecedentDraftRequest{Id: d.GetId(), Version: up.GetDraft().GetVersion()}); err != nil {
			return "", err
		}
		done = "ingediend"
	}
	return Prefix + "/zaken/" + r.PathValue("ref") + "/concept/" + d.GetId() + "?gedaan=" + done, nil
}
