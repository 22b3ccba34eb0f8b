package staffweb

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

func (s *Server) auditRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+Prefix+"/audit", s.page("audit", s.auditPage, auth.RoleAuditor))
	mux.HandleFunc("POST "+Prefix+"/audit/controle", s.action("audit", s.auditPage, s.verifyTrail, auth.RoleAuditor))
	mux.HandleFunc("GET "+Prefix+"/audit/checkpoint", s.downloadCheckpoint)
}

// downloadCheckpoint sends the latest signed checkpoint of every case's trail as a small text
// file for the auditor to keep elsewhere (auditor only; the download is audited by the service).
func (s *Server) downloadCheckpoint(w http.ResponseWriter, r *http.Request) {
	v, ok := s.begin(w, r)
	if !ok {
		return
	}
	if !v.staff.Has(auth.RoleAuditor) {
		s.renderError(w, r, v, http.StatusForbidden, v.t("error_role_page"))
		return
	}
	res, err := s.audit.GetAuditCheckpoint(s.ctx(r, v), &pb.GetAuditCheckpointRequest{})
	if err != nil {
		s.renderServiceError(w, r, v, err)
		return
	}
	name := "meldpunt-audit-checkpoint-" + res.GetTime().AsTime().UTC().Format("20060102T150405Z") + ".txt"
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(res.GetNote())))
	_, _ = w.Write([]byte(res.GetNote()))
}

type auditData struct {
	Ref         string
	Events      []*pb.AuditEvent
	Total       int32
	Next, First string
	Verified    *pb.VerifyAuditTrailResponse
}

// auditPage shows the audit trail of one case — who read or changed what when, the names of
// fields and never content — paged, with its verification.
func (s *Server) auditPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_audit")
	q := r.URL.Query()
	ref := strings.ToUpper(strings.TrimSpace(q.Get("zaak")))
	if ref == "" {
		ref = strings.ToUpper(strings.TrimSpace(v.Value("zaak")))
	}
	d := auditData{Ref: ref}
	if ref == "" {
		return d, nil
	}
	if !refPattern.MatchString(ref) {
		v.Errors = append(v.Errors, problem{Text: v.t("form_case_ref")})
		return d, nil
	}
	v.Title = v.t("nav_audit") + " " + ref
	res, err := s.audit.ListAuditEvents(s.ctx(r, v), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 100, PageToken: q.Get("pagina")})
	if err != nil {
		if status.Code(err) == codes.NotFound {
			v.Errors = append(v.Errors, problem{Text: fmt.Sprintf(v.t("audit_no_case"), ref)})
			v.Status = http.StatusNotFound
			return d, nil
		}
		return nil, err
	}
	d.Events, d.Total = res.GetEvents(), res.GetTotal()
	if t := res.GetNextPageToken(); t != "" {
		d.Next = Prefix + "/audit?" + url.Values{"zaak": {ref}, "pagina": {t}}.Encode()
	}
	if q.Get("pagina") != "" {
		d.First = Prefix + "/audit?" + url.Values{"zaak": {ref}}.Encode()
	}
	if vr, ok := v.Data.(*pb.VerifyAuditTrailResponse); ok {
		d.Verified = vr
	}
	return d, nil
}

// verifyTrail verifies the case's trail and shows the result on the trail's page.
func (s *Server) verifyTrail(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	ref := strings.ToUpper(strings.TrimSpace(r.PostFormValue("zaak")))
	if !refPattern.MatchString(ref) {
		return "", formErr(v.t("form_case_ref"))
	}
	res, err := s.audit.VerifyAuditTrail(s.ctx(r, v), &pb.VerifyAuditTrailRequest{CaseReference: ref})
	if err != nil {
		return "", err
	}
	r.URL.RawQuery = url.Values{"zaak": {ref}}.Encode()
	v.Data = res
	s.serve(w, r, v, "audit", s.auditPage)
	return "", errWritten
}
