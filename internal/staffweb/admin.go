package staffweb

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/auth"
)

func (s *Server) adminRoutes(mux *http.ServeMux) {
	p := Prefix + "/beheer"
	admin := auth.RoleAdmin
	mux.HandleFunc("GET "+p+"/accounts", s.page("accounts", s.accountsPage, admin))
	mux.HandleFunc("POST "+p+"/accounts/blokkeren", s.action("accounts", s.accountsPage, s.blockAccount, admin))
	mux.HandleFunc("GET "+p+"/vertrouwenspersonen", s.page("advisers", s.advisersPage, admin))
	mux.HandleFunc("POST "+p+"/vertrouwenspersonen", s.action("advisers", s.advisersPage, s.createAdviser, admin))
	mux.HandleFunc("POST "+p+"/vertrouwenspersonen/{id}", s.action("advisers", s.advisersPage, s.updateAdviser, admin))
	mux.HandleFunc("GET "+p+"/organisatie", s.page("organisation", s.organisationPage, admin))
	mux.HandleFunc("POST "+p+"/organisatie", s.action("organisation", s.organisationPage, s.organisationImport, admin))
}

// adminNotice confirms a done action of these pages (the ?gedaan= of the redirect).
func adminNotice(lang, done string) string { return noticeText(lang, "adminnotice_", done) }

type accountsData struct {
	Accounts    []*pb.Account
	Total       int32
	Query, Role string
	Roles       []roleChoice
	Next, First string
	RolesClaim  string
	RoleMap     []roleMapping
	Notice      string
	Self        string
}

type roleMapping struct{ Value, Role string }

// accountsPage lists the staff who signed in, with the roles of their last sign-in, filterable
// and paged; the administrator blocks and unblocks. The roles themselves come from the identity
// provider: the page shows how its claim maps onto Meldpunt's roles.
func (s *Server) accountsPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("accounts_title")
	q := r.URL.Query()
	d := accountsData{Query: strings.TrimSpace(q.Get("q")), Role: q.Get("rol"), RolesClaim: s.cfg.RolesClaim,
		Notice: adminNotice(v.Lang, q.Get("gedaan")), Self: v.staff.Subject}
	for _, role := range auth.AllRoles() {
		d.Roles = append(d.Roles, roleChoice{string(role), roleLabel(v.Lang, string(role))})
	}
	for value, roles := range s.cfg.RoleMap {
		labels := make([]string, len(roles))
		for i, role := range roles {
			labels[i] = roleLabel(v.Lang, string(role))
		}
		d.RoleMap = append(d.RoleMap, roleMapping{value, strings.Join(labels, ", ")})
	}
	slices.SortFunc(d.RoleMap, func(a, b roleMapping) int { return strings.Compare(a.Value, b.Value) })
	res, err := s.admin.ListAccounts(s.ctx(r, v), &pb.ListAccountsRequest{Query: d.Query, Role: d.Role, PageSize: 25, PageToken: q.Get("pagina")})
	if err != nil {
		return nil, err
	}
	d.Accounts, d.Total = res.GetAccounts(), res.GetTotal()
	if t := res.GetNextPageToken(); t != "" {
		d.Next = Prefix + "/beheer/accounts?" + url.Values{"q": {d.Query}, "rol": {d.Role}, "pagina": {t}}.Encode()
	}
	if q.Get("pagina") != "" {
		d.First = Prefix + "/beheer/accounts?" + url.Values{"q": {d.Query}, "rol": {d.Role}}.Encode()
	}
	return d, nil
}

func (s *Server) blockAccount(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	subject := r.PostFormValue("subject")
	blocked := r.PostFormValue("blocked") == "ja"
	if blocked && subject == v.staff.Subject {
		return "", formErr(v.t("form_block_self"))
	}
	if _, err := s.admin.SetAccountBlocked(s.ctx(r, v), &pb.SetAccountBlockedRequest{Subject: subject, Blocked: blocked}); err != nil {
		return "", err
	}
	done := "vrijgegeven"
	if blocked {
		done = "geblokkeerd"
	}
	return Prefix + "/beheer/accounts?gedaan=" + done, nil
}

type advisersData struct {
	Advisers []*pb.AdviserAccount
	Notice   string
}

// advisersPage is the register of confidential advisers: add one for a staff sign-in, edit the
// profile reporters see, make inactive.
func (s *Server) advisersPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_advisers")
	res, err := s.advisers.ListAllAdvisers(s.ctx(r, v), &pb.ListAllAdvisersRequest{})
	if err != nil {
		return nil, err
	}
	return advisersData{Advisers: res.GetAdvisers(), Notice: adminNotice(v.Lang, r.URL.Query().Get("gedaan"))}, nil
}

func adviserProfile(r *http.Request) *pb.AdviserProfile {
	langs := strings.FieldsFunc(strings.ToLower(r.PostFormValue("languages")), func(c rune) bool { return c == ',' || c == ' ' })
	return &pb.AdviserProfile{
		Name: strings.TrimSpace(r.PostFormValue("name")), Kind: pb.AdviserKind(pb.AdviserKind_value[r.PostFormValue("kind")]),
		Intro: strings.TrimSpace(r.PostFormValue("intro")), Languages: langs, PhotoUrl: strings.TrimSpace(r.PostFormValue("photo_url")),
	}
}

func (s *Server) createAdviser(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	_, err := s.advisers.CreateAdviser(s.ctx(r, v), &pb.CreateAdviserRequest{StaffSubject: strings.TrimSpace(r.PostFormValue("subject")), Profile: adviserProfile(r)})
	return Prefix + "/beheer/vertrouwenspersonen?gedaan=vp-nieuw", err
}

func (s *Server) updateAdviser(_ http.ResponseWriter, r *http.Request, v *view) (string, error) {
	active := r.PostFormValue("active") == "ja"
	_, err := s.advisers.UpdateAdviser(s.ctx(r, v), &pb.UpdateAdviserRequest{
		AdviserId: r.PathValue("id"), Profile: adviserProfile(r), Active: &active, Version: version(r),
	})
	return Prefix + "/beheer/vertrouwenspersonen?gedaan=vp-bijgewerkt", err
}

type organisationData struct {
	Result *pb.ImportOrganisationResponse
}

func (s *Server) organisationPage(_ http.ResponseWriter, _ *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_organisation")
	return organisationData{}, nil
}

// organisationImport takes HR's two CSV files, checks every row and imports them (or only
// checks, with "proefdraaien"); the page shows what was created, updated and left alone, or
// every row that is wrong, and nothing is written then.
func (s *Server) organisationImport(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	read := func(field string) ([]byte, error) {
		f, _, err := r.FormFile(field)
		if errors.Is(err, http.ErrMissingFile) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, 4<<20+1))
	}
	units, err := read("units")
	if err != nil {
		return "", formErr(v.t("form_units_unreadable"))
	}
	emps, err := read("employees")
	if err != nil {
		return "", formErr(v.t("form_employees_unreadable"))
	}
	if len(units) == 0 && len(emps) == 0 {
		return "", formErr(v.t("form_org_no_file"))
	}
	if len(units) > 4<<20 || len(emps) > 4<<20 {
		return "", formErr(v.t("form_org_large"))
	}
	res, err := s.admin.ImportOrganisation(s.ctx(r, v), &pb.ImportOrganisationRequest{UnitsCsv: units, EmployeesCsv: emps, DryRun: r.PostFormValue("dry_run") == "ja"})
	if err != nil {
		return "", err
	}
	v.Data = organisationData{Result: res}
	v.Title = v.t("nav_organisation")
	s.render(w, r, v, "organisation")
	return "", errWritten
}
