package staffweb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/cases"
)

var refPattern = regexp.MustCompile(`^MP-[0-9A-HJKMNP-TV-Z]{8}$`)

func (s *Server) caseRoutes(mux *http.ServeMux) {
	p := Prefix + "/zaken"
	mux.HandleFunc("GET "+p, s.page("cases", s.caseList, caseRoles...))
	mux.HandleFunc("GET "+p+"/{ref}", s.page("case", s.casePage, caseRoles...))
	post := func(name string, act func(w http.ResponseWriter, r *http.Request, v *view) (string, error), roles ...auth.Role) {
		mux.HandleFunc("POST "+p+"/{ref}/"+name, s.action("case", s.casePage, act, roles...))
	}
	post("ontvangst", s.acknowledge, may(cases.ActionAcknowledge)...)
	post("bericht", s.sendMessage, may(cases.ActionSendMessage)...)
	post("vertrouwenspersoon", s.assignAdviser, may(cases.ActionAssignAdviser)...)
	post("betrokkene", s.linkSubject, may(cases.ActionLinkSubject)...)
	post("toestemming", s.recordConsent, may(cases.ActionRecordConsent)...)
	post("gesprek", s.logConversation, may(cases.ActionLogConversation)...)
	post("gesprek/{id}", s.updateConversation, may(cases.ActionLogConversation)...)
	post("verslag", s.recordOralReport, may(cases.ActionRecordOralReport)...)
	post("escaleren", s.escalate, may(cases.ActionEscalate, cases.ActionReroute)...)
	post("begeleiding-beeindigen", s.endSupport, may(cases.ActionEndSupport)...)
	post("afsluiten", s.closeCase, may(cases.ActionCloseCase)...)
	post("wegen", s.weigh, may(cases.ActionWeigh)...)
	post("onderzoek-starten", s.startInvestigation, may(cases.ActionStartInvestigation)...)
	s.investigationRoutes(mux)
}

// home is the overview: the deadlines (in the layout) and what the roles can do.
func (s *Server) home(_ http.ResponseWriter, _ *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_home")
	return struct{}{}, nil
}

type caseListData struct {
	Cases        []*pb.CaseSummary
	Status       string
	Next, First  string
	PageSize     int
	Intro        string
	FilterAction string
}

// caseList lists the cases the staff member may see (the service decides which), filterable by
// status, a page at a time.
func (s *Server) caseList(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_cases")
	q := r.URL.Query()
	d := caseListData{Status: q.Get("status"), PageSize: 25, FilterAction: Prefix + "/zaken"}
	req := &pb.ListCasesRequest{PageSize: int32(d.PageSize), PageToken: q.Get("pagina")}
	if st, ok := pb.CaseStatus_value[d.Status]; ok {
		req.Status = pb.CaseStatus(st)
	}
	res, err := s.cases.ListCases(s.ctx(r, v), req)
	if err != nil {
		return nil, err
	}
	d.Cases = res.GetCases()
	if t := res.GetNextPageToken(); t != "" {
		d.Next = Prefix + "/zaken?" + url.Values{"status": {d.Status}, "pagina": {t}}.Encode()
	}
	if req.PageToken != "" {
		d.First = Prefix + "/zaken?" + url.Values{"status": {d.Status}}.Encode()
	}
	switch {
	case v.Has("intake"):
		d.Intro = v.t("cases_intro_intake")
	case v.Has("adviser"):
		d.Intro = v.t("cases_intro_adviser")
	case v.Has("manager"):
		d.Intro = v.t("cases_intro_manager")
	case v.Has("integrity_team"):
		d.Intro = v.t("cases_intro_team")
	}
	return d, nil
}

// caseBase is what every page of one case shows: the case as its service returns it to this
// staff member (the read is audited there), the confirmation of what was just done, and today.
type caseBase struct {
	Ref    string
	Case   *pb.CaseDetail
	Notice string
	Today  string
}

// Can reports whether the case's service allows this staff member the action now ("CLOSE_CASE",
// a cases.Action): the pages show the forms of exactly the allowed actions, and keep no rules of
// their own about who may do what in which state.
func (d caseBase) Can(action string) bool {
	want, ok := pb.CaseAction_value["CASE_ACTION_"+action]
	if !ok {
		panic("staffweb: no case action " + action)
	}
	return slices.Contains(d.Case.GetAllowedActions(), pb.CaseAction(want))
}

// may are the roles the domain's capability table gives any of the actions: the routes of their
// forms let those through, and the service decides the rest (the relation, the state).
func may(actions ...cases.Action) []auth.Role {
	var out []auth.Role
	for _, r := range cases.RolesFor(actions...) {
		out = append(out, auth.Role(r))
	}
	return out
}

// Is reports the case's status ("RECEIVED", "CLOSED", ...).
func (d caseBase) Is(status string) bool {
	return d.Case.GetSummary().GetStatus().String() == "CASE_STATUS_"+status
}

// loadCase reads the case of the request's {ref} for a case page, and the context to read more.
func (s *Server) loadCase(r *http.Request, v *view) (caseBase, context.Context, error) {
	ref := r.PathValue("ref")
	if !refPattern.MatchString(ref) {
		return caseBase{}, nil, statusNotFound()
	}
	ctx := s.ctx(r, v)
	res, err := s.cases.GetCase(ctx, &pb.GetCaseRequest{CaseReference: ref})
	if err != nil {
		return caseBase{}, nil, err
	}
	return caseBase{Ref: ref, Case: res.GetCase(), Notice: notice(v.Lang, r.URL.Query().Get("gedaan")),
		Today: v.Now.In(amsterdam).Format("2006-01-02")}, ctx, nil
}

type caseData struct {
	caseBase
	Messages      []*pb.Message
	Advisers      []*pb.Adviser
	Conversations []*pb.Conversation
	// Match: the reporter went ahead together after a matching entry ("not alone"); for the
	// case's adviser only.
	Match      *pb.GetCaseMatchResponse
	OralReport *pb.OralReport
	Purposes   []pb.ConsentPurpose
	Forms      []pb.ConversationForm
	Outcomes   []pb.SupportOutcome
	Weighing   []pb.WeighingOutcome
	Severities []pb.Severity
}

// casePage is one case: what the staff member's role may see of it and do with it. Every read
// goes through the services, which check need to know and write the audit trail.
func (s *Server) casePage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	base, ctx, err := s.loadCase(r, v)
	if err != nil {
		return nil, err
	}
	ref := base.Ref
	d := caseData{
		caseBase:   base,
		Purposes:   []pb.ConsentPurpose{pb.ConsentPurpose_CONSENT_PURPOSE_PASS_ON, pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT, pb.ConsentPurpose_CONSENT_PURPOSE_DISCLOSE_IDENTITY, pb.ConsentPurpose_CONSENT_PURPOSE_ESCROW},
		Forms:      []pb.ConversationForm{pb.ConversationForm_CONVERSATION_FORM_IN_PERSON, pb.ConversationForm_CONVERSATION_FORM_PHONE, pb.ConversationForm_CONVERSATION_FORM_VIDEO},
		Outcomes:   []pb.SupportOutcome{pb.SupportOutcome_SUPPORT_OUTCOME_RESOLVED_INFORMALLY, pb.SupportOutcome_SUPPORT_OUTCOME_MEDIATED, pb.SupportOutcome_SUPPORT_OUTCOME_REFERRED, pb.SupportOutcome_SUPPORT_OUTCOME_WITHDRAWN},
		Weighing:   []pb.WeighingOutcome{pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION, pb.WeighingOutcome_WEIGHING_OUTCOME_NO_REASONABLE_SUSPICION, pb.WeighingOutcome_WEIGHING_OUTCOME_REFER_ELSEWHERE, pb.WeighingOutcome_WEIGHING_OUTCOME_RESOLVED_INFORMALLY},
		Severities: []pb.Severity{pb.Severity_SEVERITY_LOW, pb.Severity_SEVERITY_MEDIUM, pb.Severity_SEVERITY_HIGH},
	}
	v.Title = v.t("label_case") + " " + ref
	if v.Has("intake") || v.Has("adviser") {
		m, err := s.cases.ListCaseMessages(ctx, &pb.ListCaseMessagesRequest{CaseReference: ref})
		if err != nil {
			return nil, err
		}
		d.Messages = m.GetMessages()
	}
	// Only what the page shows is read: each read of content is audited as this person's.
	if d.Can("ASSIGN_ADVISER") {
		a, err := s.advisers.ListAdvisers(ctx, &pb.ListAdvisersRequest{})
		if err != nil {
			return nil, err
		}
		d.Advisers = a.GetAdvisers()
	}
	assigned := v.Has("adviser") && d.Case.GetSummary().GetAdviserId() != ""
	if assigned {
		c, err := s.cases.ListConversations(ctx, &pb.ListConversationsRequest{CaseReference: ref})
		if err := refusedIsEmpty(err); err != nil {
			return nil, err
		}
		d.Conversations = c.GetConversations()
		m, err := s.cases.GetCaseMatch(ctx, &pb.GetCaseMatchRequest{CaseReference: ref})
		if err := refusedIsEmpty(err); err != nil {
			return nil, err
		}
		d.Match = m
	}
	if d.Can("RECORD_ORAL_REPORT") {
		o, err := s.cases.GetCaseOralReport(ctx, &pb.GetCaseOralReportRequest{CaseReference: ref})
		if err := refusedIsEmpty(err); err != nil {
			return nil, err
		}
		if o.GetOralReport().GetLatest() != nil {
			d.OralReport = o.GetOralReport()
		}
	}
	return d, nil
}

// refusedIsEmpty lets a part of a page the service refuses this person (another adviser's
// notes, say) show as empty; any other failure fails the page, so that an outage never looks
// like "nothing there".
func refusedIsEmpty(err error) error {
	switch status.Code(err) {
	case codes.OK, codes.PermissionDenied, codes.NotFound, codes.FailedPrecondition:
		return nil
	}
	return err
}

// notice confirms a done action (the ?gedaan= of the redirect): the catalogue's notice_<done>.
func notice(lang, done string) string {
	return noticeText(lang, "notice_", done)
}

// noticeText is the catalogue's prefix+done text ("" for an unknown done); the hyphens of the
// address are underscores in the keys.
func noticeText(lang, prefix, done string) string {
	if done == "" || len(done) > 40 {
		return ""
	}
	return lookup(lang, prefix+strings.ReplaceAll(done, "-", "_"), "")
}

func caseURL(r *http.Request, done string) string {
	return Prefix + "/zaken/" + r.PathValue("ref") + "?gedaan=" + done
}

func (s *Server) acknowledge(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.AcknowledgeCase(s.ctx(r, v), &pb.AcknowledgeCaseRequest{CaseReference: r.PathValue("ref"), Message: strings.TrimSpace(r.PostFormValue("message"))})
	return caseURL(r, "ontvangst"), err
}

func (s *Server) sendMessage(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	body := strings.TrimSpace(r.PostFormValue("body"))
	if body == "" {
		return "", fieldErr("body", v.t("form_message"))
	}
	_, err := s.cases.SendCaseMessage(s.ctx(r, v), &pb.SendCaseMessageRequest{CaseReference: r.PathValue("ref"), Body: body})
	return caseURL(r, "bericht"), err
}

func (s *Server) assignAdviser(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	if r.PostFormValue("adviser_id") == "" {
		return "", fieldErr("adviser_id", v.t("form_adviser"))
	}
	_, err := s.cases.AssignAdviser(s.ctx(r, v), &pb.AssignAdviserRequest{CaseReference: r.PathValue("ref"), AdviserId: r.PostFormValue("adviser_id"), Version: version(r)})
	return caseURL(r, "vertrouwenspersoon"), err
}

func (s *Server) linkSubject(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	n := strings.TrimSpace(r.PostFormValue("employee_number"))
	if n == "" {
		return "", fieldErr("employee_number", v.t("form_employee_number"))
	}
	_, err := s.cases.LinkSubject(s.ctx(r, v), &pb.LinkSubjectRequest{CaseReference: r.PathValue("ref"), EmployeeNumber: n})
	return caseURL(r, "betrokkene"), err
}

func (s *Server) recordConsent(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	p, ok := pb.ConsentPurpose_value[r.PostFormValue("purpose")]
	if !ok || p == 0 {
		return "", formErr(v.t("form_consent_purpose"))
	}
	_, err := s.cases.RecordConsent(s.ctx(r, v), &pb.RecordConsentRequest{CaseReference: r.PathValue("ref"), Purpose: pb.ConsentPurpose(p)})
	return caseURL(r, "toestemming"), err
}

// dateField reads a yyyy-mm-dd date field as noon in Amsterdam (a date without a time); label
// is the catalogue's name of the field, id its control's id on the page (the error links to it).
func dateField(r *http.Request, v *view, name, id, label string) (*timestamppb.Timestamp, error) {
	raw := strings.TrimSpace(r.PostFormValue(name))
	d, err := time.ParseInLocation("2006-01-02", raw, amsterdam)
	if err != nil {
		return nil, fieldErr(id, fmt.Sprintf(v.t("form_date"), v.t(label)))
	}
	return timestamppb.New(d.Add(12 * time.Hour)), nil
}

// pastDateField is a date that lies in the past: today means "earlier today".
func pastDateField(r *http.Request, v *view, name, id, label string) (*timestamppb.Timestamp, error) {
	ts, err := dateField(r, v, name, id, label)
	if err != nil {
		return nil, err
	}
	// Compared as dates in Amsterdam: a later day is refused; today (noon may not have come
	// yet) is "a moment ago".
	day, today := ts.AsTime().In(amsterdam).Format("2006-01-02"), v.Now.In(amsterdam).Format("2006-01-02")
	switch {
	case day > today:
		return nil, fieldErr(id, fmt.Sprintf(v.t("form_date_future"), v.t(label)))
	case day == today && ts.AsTime().After(v.Now):
		ts = timestamppb.New(v.Now.Add(-time.Minute))
	}
	return ts, nil
}

func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func topics(s string) []string {
	var out []string
	for t := range strings.SplitSeq(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// maxConversationMinutes is the longest conversation the service accepts.
const maxConversationMinutes = 600

func (s *Server) logConversation(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	held, err := pastDateField(r, v, "held_on", "held_on", "date_conversation")
	if err != nil {
		return "", err
	}
	form := pb.ConversationForm(pb.ConversationForm_value[r.PostFormValue("form")])
	minutes, err := intField(r, v, "duration", "case_duration", 1, maxConversationMinutes)
	if err != nil {
		return "", err
	}
	_, err = s.cases.LogConversation(s.ctx(r, v), &pb.LogConversationRequest{
		CaseReference: r.PathValue("ref"), HeldOn: held, Form: form, DurationMinutes: minutes,
		Notes: strings.TrimSpace(r.PostFormValue("notes")), Topics: topics(r.PostFormValue("topics")),
		AdviceGiven: strings.TrimSpace(r.PostFormValue("advice")), NextStep: strings.TrimSpace(r.PostFormValue("next_step")),
	})
	return caseURL(r, "gesprek"), err
}

func (s *Server) updateConversation(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.UpdateConversation(s.ctx(r, v), &pb.UpdateConversationRequest{
		CaseReference: r.PathValue("ref"), ConversationId: r.PathValue("id"),
		Notes: strings.TrimSpace(r.PostFormValue("notes")), Topics: topics(r.PostFormValue("topics")),
		AdviceGiven: strings.TrimSpace(r.PostFormValue("advice")), NextStep: strings.TrimSpace(r.PostFormValue("next_step")),
	})
	return caseURL(r, "gesprek-bijgewerkt"), err
}

func (s *Server) recordOralReport(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.RecordOralReport(s.ctx(r, v), &pb.RecordOralReportRequest{
		CaseReference: r.PathValue("ref"), Text: strings.TrimSpace(r.PostFormValue("text")),
		ReporterConsented: r.PostFormValue("consented") == "ja",
	})
	return caseURL(r, "verslag"), err
}

func (s *Server) escalate(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	unit := strings.ToUpper(strings.TrimSpace(r.PostFormValue("unit_code")))
	if unit == "" {
		return "", fieldErr("unit_code", v.t("form_unit"))
	}
	_, err := s.cases.Escalate(s.ctx(r, v), &pb.EscalateRequest{CaseReference: r.PathValue("ref"), UnitCode: unit, Version: version(r)})
	return caseURL(r, "escaleren"), err
}

func (s *Server) endSupport(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.cases.EndSupport(s.ctx(r, v), &pb.EndSupportRequest{CaseReference: r.PathValue("ref"), Version: version(r)})
	return Prefix + "/zaken?gedaan=begeleiding-beeindigen", err
}

func (s *Server) closeCase(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	o, ok := pb.SupportOutcome_value[r.PostFormValue("outcome")]
	if !ok || o == 0 {
		return "", fieldErr("close-outcome", v.t("form_close_outcome"))
	}
	_, err := s.cases.CloseCase(s.ctx(r, v), &pb.CloseCaseRequest{CaseReference: r.PathValue("ref"), Outcome: pb.SupportOutcome(o), Version: version(r)})
	return caseURL(r, "afsluiten"), err
}

func (s *Server) weigh(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	o := pb.WeighingOutcome(pb.WeighingOutcome_value[r.PostFormValue("outcome")])
	sev := pb.Severity(pb.Severity_value[r.PostFormValue("severity")])
	var problems []problem
	if o == 0 {
		problems = append(problems, problem{Text: v.t("form_weigh_outcome")})
	}
	if sev == 0 {
		problems = append(problems, problem{"severity", v.t("form_weigh_severity")})
	}
	if len([]rune(strings.TrimSpace(r.PostFormValue("rationale")))) < 20 {
		problems = append(problems, problem{"rationale", v.t("form_weigh_rationale")})
	}
	if len(problems) > 0 {
		return "", fieldErrs(problems...)
	}
	_, err := s.cases.Weigh(s.ctx(r, v), &pb.WeighRequest{
		CaseReference: r.PathValue("ref"), Outcome: o, Rationale: strings.TrimSpace(r.PostFormValue("rationale")), Version: version(r),
		Checklist: &pb.WeighingChecklist{
			ConcreteFacts: r.PostFormValue("concrete_facts") == "ja", Norm: strings.TrimSpace(r.PostFormValue("norm")),
			Severity: sev, Repetition: r.PostFormValue("repetition") == "ja",
		},
	})
	return caseURL(r, "wegen"), err
}

func (s *Server) startInvestigation(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	team := lines(r.PostFormValue("team"))
	if strings.TrimSpace(r.PostFormValue("scope")) == "" || len(team) == 0 {
		return "", formErr(v.t("form_plan"))
	}
	_, err := s.cases.StartInvestigation(s.ctx(r, v), &pb.StartInvestigationRequest{
		CaseReference: r.PathValue("ref"), Version: version(r), Team: team,
		Plan: &pb.InvestigationPlan{Scope: strings.TrimSpace(r.PostFormValue("scope")), Questions: lines(r.PostFormValue("questions"))},
	})
	return Prefix + "/zaken/" + r.PathValue("ref") + "/onderzoek?gedaan=onderzoek-starten", err
}
