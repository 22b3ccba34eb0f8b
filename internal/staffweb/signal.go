package staffweb

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

func (s *Server) signalRoutes(mux *http.ServeMux) {
	roles := []auth.Role{auth.RoleManager, auth.RoleHR}
	mux.HandleFunc("GET "+Prefix+"/signaal", s.page("signal", s.signalPage, roles...))
	mux.HandleFunc("POST "+Prefix+"/signaal", s.action("signal", s.signalPage, s.recordSignal, roles...))
}

type signalData struct {
	Key        string
	Categories []taxonomy.Item
	Receipt    string
	Reference  string
}

// signalPage records a signal an employee brought to a manager or HR directly: it has reached the
// employer, so it goes to the accountable manager of the unit to be weighed. The employee's
// receipt code is shown once, to hand over.
func (s *Server) signalPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_signal")
	key := v.Value("key")
	if _, err := uuid.Parse(key); err != nil {
		key = uuid.NewString()
	}
	return signalData{Key: key, Categories: taxonomy.Categories()}, nil
}

func (s *Server) recordSignal(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	var problems []problem
	if r.PostFormValue("consented") != "ja" {
		problems = append(problems, problem{"consented", v.t("form_signal_consent")})
	}
	cat := pb.Category(pb.Category_value["CATEGORY_"+r.PostFormValue("category")])
	if cat == 0 {
		problems = append(problems, problem{"category", v.t("form_signal_category")})
	}
	if strings.TrimSpace(r.PostFormValue("description")) == "" {
		problems = append(problems, problem{"description", v.t("form_signal_description")})
	}
	if strings.TrimSpace(r.PostFormValue("unit_code")) == "" {
		problems = append(problems, problem{"unit_code", v.t("form_unit")})
	}
	if strings.TrimSpace(r.PostFormValue("name")) == "" {
		problems = append(problems, problem{"name", v.t("form_signal_name")})
	}
	if len(problems) > 0 {
		return "", fieldErrs(problems...)
	}
	anonymity := pb.Anonymity_ANONYMITY_CONFIDENTIAL
	if r.PostFormValue("anonymity") == "named" {
		anonymity = pb.Anonymity_ANONYMITY_NAMED
	}
	key := r.PostFormValue("key")
	if _, err := uuid.Parse(key); err != nil {
		key = uuid.NewString()
	}
	res, err := s.cases.RecordSignal(s.ctx(r, v), &pb.RecordSignalRequest{
		Report: &pb.FileReportRequest{
			IdempotencyKey: key, Category: cat, Description: strings.TrimSpace(r.PostFormValue("description")),
			OccurredWhen: strings.TrimSpace(r.PostFormValue("when")), OccurredWhere: strings.TrimSpace(r.PostFormValue("where")),
			Subjects: lines(r.PostFormValue("subjects")), Witnesses: lines(r.PostFormValue("witnesses")),
			DesiredOutcome: strings.TrimSpace(r.PostFormValue("outcome")), Anonymity: anonymity,
			Identity: &pb.ReporterIdentity{Name: strings.TrimSpace(r.PostFormValue("name")), Contact: strings.TrimSpace(r.PostFormValue("contact"))},
		},
		UnitCode:               strings.ToUpper(strings.TrimSpace(r.PostFormValue("unit_code"))),
		ReporterConsented:      true,
		SubjectEmployeeNumbers: lines(r.PostFormValue("subject_numbers")),
	})
	if err != nil {
		return "", err
	}
	// The receipt code is shown on this answer only: it is never stored and cannot be shown again.
	v.Title = v.t("signal_recorded")
	v.here = "" // no language switch: leaving the page would lose the code
	v.Data = signalData{Receipt: res.GetReceiptCode(), Reference: res.GetCase().GetCaseReference()}
	s.render(w, r, v, "signal")
	return "", errWritten
}
