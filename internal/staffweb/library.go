package staffweb

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/auth"
	codenames "github.com/utrecht/meldpunt/internal/catalogue"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// HR's pages of the rule set and the precedent library (moresprudentie): the rule set in force,
// its versions and the publication of a new one; the library, paged and searchable, with import,
// export and withdrawal; the review of the drafts that case handlers submit. The integrity team
// reads the library. Everything goes through RuleSetService and PrecedentService, which check the
// roles again and write the audit trail.

// libFuncs are the template functions of these pages in a language.
func libFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"libCategory": func(code string) string { return codeLabel(lang, codenames.Category, code) },
		"libGround":   func(code string) string { return codeLabel(lang, codenames.Ground, code) },
		"libRemoved":  func(kind string) string { return lookup(lang, "removed_"+kind, kind) },
		"libLanguage": func(l string) string { return lookup(lang, "language_"+l, l) },
		"libOrigin":   func(o string) string { return lookup(lang, "origin_"+o, o) },
		"libDiff":     func(kind string) string { return lookup(lang, "lib_diff_"+kind, kind) },
		"libDay":      libDay,
		"libShort": func(n int, s string) string {
			if utf8.RuneCountInString(s) <= n {
				return s
			}
			r := []rune(s)[:n]
			return strings.TrimRight(string(r), " ,.;:") + "…"
		},
		"libCodes": func(labels map[string]string, codes []string) []string {
			out := make([]string, 0, len(codes))
			for _, c := range codes {
				if l := labels[c]; l != "" {
					out = append(out, c+" — "+l)
				} else {
					out = append(out, c)
				}
			}
			return out
		},
	}
}

const (
	// libPageSize is the number of precedents per page of the library.
	libPageSize = 25
	// libLookupLimit is the number of best matches a free-text search shows (the service's maximum).
	libLookupLimit = 50
	// libImportMax is the largest file ImportPrecedents takes.
	libImportMax = 7 << 20
	// libDocumentMax is the largest rule set document PublishRuleSet takes.
	libDocumentMax = 1000000
)

func (s *Server) libraryRoutes(mux *http.ServeMux) {
	p := Prefix
	hr := auth.RoleHR
	consult := []auth.Role{auth.RoleHR, auth.RoleIntegrityTeam}
	mux.HandleFunc("GET "+p+"/regels", s.page("rules", s.rulesPage, hr))
	mux.HandleFunc("POST "+p+"/regels/publiceren", s.action("rules", s.rulesPage, s.publishRuleSet, hr))

	mux.HandleFunc("GET "+p+"/precedenten", s.page("precedents", s.precedentList, consult...))
	mux.HandleFunc("POST "+p+"/precedenten/importeren", s.action("precedents", s.precedentList, s.importPrecedents, hr))
	mux.HandleFunc("GET "+p+"/precedenten/export.jsonl", s.exportPrecedents("jsonl"))
	mux.HandleFunc("GET "+p+"/precedenten/export.csv", s.exportPrecedents("csv"))
	mux.HandleFunc("GET "+p+"/precedenten/{id}", s.page("precedent", s.precedentPage, consult...))
	mux.HandleFunc("POST "+p+"/precedenten/{id}/intrekken", s.action("precedent", s.precedentPage, s.withdrawPrecedent, hr))

	mux.HandleFunc("GET "+p+"/precedenten/concepten", s.page("drafts", s.draftList, hr))
	mux.HandleFunc("GET "+p+"/precedenten/concepten/{id}", s.page("draft", s.draftPage, hr))
	mux.HandleFunc("POST "+p+"/precedenten/concepten/{id}/bewerken", s.action("draft", s.draftPage, s.updateDraft, hr))
	mux.HandleFunc("POST "+p+"/precedenten/concepten/{id}/terugsturen", s.action("draft", s.draftPage, s.returnDraft, hr))
	mux.HandleFunc("POST "+p+"/precedenten/concepten/{id}/goedkeuren", s.action("draft", s.draftPage, s.approveDraft, hr))
}

// libNotice confirms a done action of these pages (the ?gedaan= of the redirect).
func libNotice(lang, done string) string { return noticeText(lang, "libnotice_", done) }

// ---- rule set ----

type ruleVersion struct {
	*pb.RuleSetVersionInfo
	Current, Shown, Future bool
}

type rulesData struct {
	Current  *pb.RuleSet // the version in force
	Shown    *pb.RuleSet // the version whose norms are shown: the current one unless ?versie= says otherwise
	Versions []ruleVersion
	// Document is the text of the publication form: the current document, or what was posted.
	Document string
	Notice   string
}

// rulesPage shows the rule set in force, its versions, and the form to publish a new version
// from the current document.
func (s *Server) rulesPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_rules")
	ctx := s.ctx(r, v)
	d := rulesData{}
	cur, err := s.rules.GetRuleSet(ctx, &pb.GetRuleSetRequest{})
	if err != nil && status.Code(err) != codes.NotFound {
		return nil, err
	}
	d.Current, d.Shown = cur.GetRuleSet(), cur.GetRuleSet()
	if want := r.URL.Query().Get("versie"); d.Current != nil && want != "" && want != d.Current.GetVersion() {
		if len(want) > 50 {
			return nil, statusNotFound()
		}
		other, err := s.rules.GetRuleSet(ctx, &pb.GetRuleSetRequest{Version: want})
		if err != nil {
			return nil, err
		}
		d.Shown = other.GetRuleSet()
	}
	list, err := s.rules.ListRuleSets(ctx, &pb.ListRuleSetsRequest{})
	if err != nil {
		return nil, err
	}
	today := v.Now.In(amsterdam).Format("2006-01-02")
	for _, x := range list.GetVersions() {
		d.Versions = append(d.Versions, ruleVersion{
			RuleSetVersionInfo: x, Current: x.GetVersion() == d.Current.GetVersion(),
			Shown: x.GetVersion() == d.Shown.GetVersion(), Future: x.GetEffectiveDate() > today,
		})
	}
	d.Document = d.Current.GetDocument()
	if v.Form != nil && v.Form.Has("document") {
		d.Document = v.Form.Get("document")
	}
	if r.URL.Query().Get("gedaan") == "gepubliceerd" {
		d.Notice = v.t("rules_published")
		for _, x := range d.Versions {
			if x.GetVersion() != r.URL.Query().Get("nieuw") {
				continue
			}
			d.Notice = fmt.Sprintf(v.t("rules_published_version"), x.GetVersion())
			switch {
			case x.Current:
				d.Notice += v.t("rules_now_current")
			case x.Future:
				d.Notice += fmt.Sprintf(v.t("rules_future"), libDay(x.GetEffectiveDate()), d.Current.GetVersion())
			default:
				d.Notice += fmt.Sprintf(v.t("rules_later"), d.Current.GetVersion())
			}
		}
	}
	return d, nil
}

// publishRuleSet publishes the document of the text area, or of the uploaded file if one was
// chosen. A refused document comes back in the text area with the problems above the form.
func (s *Server) publishRuleSet(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	doc := strings.ReplaceAll(r.PostFormValue("document"), "\r\n", "\n")
	if f, h, err := r.FormFile("file"); err == nil {
		defer f.Close()
		if h.Size > 0 {
			b, err := io.ReadAll(io.LimitReader(f, libDocumentMax+1))
			if err != nil {
				return "", err
			}
			switch {
			case len(b) > libDocumentMax:
				return "", formErr(v.t("form_doc_large"))
			case !utf8.Valid(b):
				return "", formErr(v.t("form_doc_not_text"))
			}
			doc = string(b)
		}
	}
	if r.PostForm != nil {
		r.PostForm.Set("document", doc) // an uploaded file comes back in the text area when refused
	}
	if strings.TrimSpace(doc) == "" {
		return "", formErr(v.t("form_doc_empty"))
	}
	res, err := s.rules.PublishRuleSet(s.ctx(r, v), &pb.PublishRuleSetRequest{Document: doc})
	if err != nil {
		return "", libRefuse(v, err)
	}
	return Prefix + "/regels?" + url.Values{"gedaan": {"gepubliceerd"}, "nieuw": {res.GetVersion().GetVersion()}}.Encode(), nil
}

// ---- the library ----

type precedentListData struct {
	Precedents []*pb.Precedent
	// Hits are the best matches of a free-text search (Searched).
	Hits       []*pb.PrecedentHit
	Searched   bool
	Candidates int32
	Query      string
	Category   string
	Year       string
	Categories []taxonomy.Item // named in the page's language with libCategory
	Next       string
	First      string
	PageSize   int
	Limit      int
	Notice     string
	// Imported says what the last import did (after the redirect).
	Imported *importCounts
	// Suggestions are the facts the lookup read from the text (or the user confirmed), each with
	// a link to confirm or drop it.
	Suggestions []suggestionView
	// Dropped are the suggestions the user dropped, each with a link to take it back.
	Dropped []suggestionView
}

// suggestionView is a suggestion of a free-text search as the page shows it.
type suggestionView struct {
	Label     string // "Discriminatiegrond: godsdienst"
	Words     string // the words behind it
	Percent   int    // confidence
	Source    string
	Confirmed bool
	// Confirm confirms it, Drop drops it, Undo takes back a confirmation or a drop.
	Confirm, Drop, Undo string
}

// suggestionKey is a suggestion key a page link may carry (KIND:CODE).
var suggestionKey = regexp.MustCompile(`^[A-Z_]{1,20}:[A-Za-z0-9][A-Za-z0-9._-]{0,49}$`)

// suggestionKeys are the valid keys of a repeated query parameter (at most 40).
func suggestionKeys(vals []string) []string {
	var out []string
	for _, v := range vals {
		if suggestionKey.MatchString(v) && !slices.Contains(out, v) && len(out) < 40 {
			out = append(out, v)
		}
	}
	return out
}

// suggestionLabel names a suggestion in the page's language: its kind and its code's label.
func suggestionLabel(lang, kind, code string) string {
	var l string
	switch kind {
	case "CATEGORY":
		l = codeLabel(lang, codenames.Category, code)
	case "GROUND":
		l = codeLabel(lang, codenames.Ground, code)
	case "AGGRAVATING", "MITIGATING":
		l = lookup(lang, "lib_circ_"+code, code)
	case "FINDINGS":
		l = lookup(lang, "lib_findings_"+code, code)
	default:
		l = code
	}
	if r, n := utf8.DecodeRuneInString(l); n > 0 && kind != "NORM" {
		l = string(unicode.ToLower(r)) + l[n:] // "Discriminatiegrond: godsdienst"
	}
	return lookup(lang, "lib_sugg_"+kind, kind) + ": " + l
}

type importCounts struct{ Rows, Created, Updated, Unchanged int }

// precedentList pages through the library, filtered by category and year; with a search text it
// shows the best matches (LookupPrecedents) instead, filtered the same way.
func (s *Server) precedentList(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("nav_library")
	q := r.URL.Query()
	d := precedentListData{
		Query: strings.TrimSpace(q.Get("q")), Categories: taxonomy.Categories(), PageSize: libPageSize, Limit: libLookupLimit,
		Notice: libNotice(v.Lang, q.Get("gedaan")),
	}
	if _, ok := taxonomy.Category(q.Get("categorie")); ok {
		d.Category = q.Get("categorie")
	}
	year, ok := parseInt32(q.Get("jaar"), 1990, 3000)
	if ok {
		d.Year = strconv.Itoa(int(year))
	}
	if q.Get("gedaan") == "geimporteerd" {
		n := func(k string) int { x, _ := strconv.Atoi(q.Get(k)); return x }
		d.Imported = &importCounts{Rows: n("rijen"), Created: n("nieuw"), Updated: n("bijgewerkt"), Unchanged: n("ongewijzigd")}
	}
	ctx := s.ctx(r, v)
	if d.Query != "" {
		if utf8.RuneCountInString(d.Query) > 2000 {
			v.Errors = append(v.Errors, problem{Text: v.t("form_query_long")})
			return d, nil
		}
		d.Searched = true
		confirmed, dropped := suggestionKeys(q["bevestigd"]), suggestionKeys(q["geschrapt"])
		res, err := s.precedents.LookupPrecedents(ctx, &pb.LookupPrecedentsRequest{
			Query: &pb.PrecedentQuery{Text: d.Query, Category: d.Category, ConfirmedSuggestions: confirmed, DroppedSuggestions: dropped},
			Limit: libLookupLimit,
		})
		if err != nil {
			return nil, err
		}
		d.Candidates = res.GetCandidates()
		link := func(conf, drop []string) string {
			u := url.Values{"q": {d.Query}}
			if d.Category != "" {
				u.Set("categorie", d.Category)
			}
			if d.Year != "" {
				u.Set("jaar", d.Year)
			}
			u["bevestigd"], u["geschrapt"] = conf, drop
			return Prefix + "/precedenten?" + u.Encode() + "#suggesties"
		}
		without := func(xs []string, x string) []string {
			return slices.DeleteFunc(slices.Clone(xs), func(y string) bool { return y == x })
		}
		for _, sg := range res.GetSuggestions() {
			k := sg.GetKey()
			sv := suggestionView{
				Label: suggestionLabel(v.Lang, sg.GetKind(), sg.GetCode()), Words: strings.Join(sg.GetWords(), ", "),
				Percent: int(sg.GetConfidence()*100 + 0.5), Source: lookup(v.Lang, "lib_source_"+sg.GetSource(), sg.GetSource()),
				Confirmed: sg.GetStatus() == "CONFIRMED",
			}
			if sv.Confirmed {
				sv.Undo = link(without(confirmed, k), dropped)
			} else {
				sv.Confirm = link(append(slices.Clone(confirmed), k), dropped)
				sv.Drop = link(confirmed, append(slices.Clone(dropped), k))
			}
			d.Suggestions = append(d.Suggestions, sv)
		}
		for _, k := range dropped {
			kind, code, _ := strings.Cut(k, ":")
			d.Dropped = append(d.Dropped, suggestionView{Label: suggestionLabel(v.Lang, kind, code), Undo: link(confirmed, without(dropped, k))})
		}
		for _, h := range res.GetHits() {
			p := h.GetPrecedent()
			if (d.Category == "" || p.GetCategory() == d.Category) && (year == 0 || p.GetYear() == year) {
				d.Hits = append(d.Hits, h)
			}
		}
		return d, nil
	}
	req := &pb.ListPrecedentsRequest{Category: d.Category, Year: year, PageSize: libPageSize, PageToken: q.Get("pagina")}
	if len(req.PageToken) > 100 {
		req.PageToken = ""
	}
	res, err := s.precedents.ListPrecedents(ctx, req)
	if err != nil {
		return nil, err
	}
	d.Precedents = res.GetPrecedents()
	filter := url.Values{}
	if d.Category != "" {
		filter.Set("categorie", d.Category)
	}
	if d.Year != "" {
		filter.Set("jaar", d.Year)
	}
	if t := res.GetNextPageToken(); t != "" {
		next := url.Values{"pagina": {t}}
		for k, x := range filter {
			next[k] = x
		}
		d.Next = Prefix + "/precedenten?" + next.Encode()
	}
	if req.PageToken != "" {
		d.First = Prefix + "/precedenten"
		if len(filter) > 0 {
			d.First += "?" + filter.Encode()
		}
	}
	return d, nil
}

// importPrecedents sends an uploaded JSON Lines or CSV file to ImportPrecedents: all or nothing.
// A refused file lists every bad row the service names.
func (s *Server) importPrecedents(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	f, h, err := r.FormFile("file")
	if err != nil {
		return "", formErr(v.t("form_import_file"))
	}
	defer f.Close()
	format := r.PostFormValue("format")
	if format != "jsonl" && format != "csv" {
		switch strings.ToLower(path.Ext(h.Filename)) {
		case ".jsonl", ".ndjson", ".json":
			format = "jsonl"
		case ".csv":
			format = "csv"
		default:
			return "", formErr(v.t("form_import_format"))
		}
	}
	content, err := io.ReadAll(io.LimitReader(f, libImportMax+1))
	if err != nil {
		return "", err
	}
	switch {
	case len(content) == 0:
		return "", formErr(v.t("form_import_empty"))
	case len(content) > libImportMax:
		return "", formErr(v.t("form_import_large"))
	}
	// The import runs to its end also when the page is closed halfway (it is one transaction:
	// all or nothing either way), so its context does not end with the request's.
	ctx, cancel := context.WithCancel(context.WithoutCancel(s.ctx(r, v)))
	stream, err := s.precedents.ImportPrecedentsWithProgress(ctx, &pb.ImportPrecedentsWithProgressRequest{Import: &pb.ImportPrecedentsRequest{Format: format, Content: content}})
	if err != nil {
		cancel()
		return "", libRefuse(v, err)
	}
	// A refused file is refused before the first message: the form comes back with its rows. An
	// import done in time goes straight to the result; a longer one shows how far it is.
	msgs := receive(r.Context(), stream.Recv, importDone, cancel)
	last, latest, slow, err := await(msgs, s.cfg.ProgressAfter, importDone)
	switch {
	case err != nil:
		return "", libRefuse(v, err)
	case slow:
		s.streamImport(w, r, v, latest, msgs)
		return "", errWritten
	}
	return importedURL(last.GetResult()), nil
}

func importDone(m *pb.ImportPrecedentsWithProgressResponse) bool { return m.GetResult() != nil }

func importedURL(res *pb.ImportPrecedentsResponse) string {
	return Prefix + "/precedenten?" + url.Values{
		"gedaan": {"geimporteerd"}, "rijen": {strconv.Itoa(int(res.GetRows()))}, "nieuw": {strconv.Itoa(int(res.GetCreated()))},
		"bijgewerkt": {strconv.Itoa(int(res.GetUpdated()))}, "ongewijzigd": {strconv.Itoa(int(res.GetUnchanged()))},
	}.Encode()
}

// importingData is the page that shows an import's progress while it runs: its template ranges
// over Progress, which the import fills as it writes, and the page goes out line by line (each
// line replaces the one before it on screen, and is announced politely), then the result.
type importingData struct {
	Progress <-chan *pb.ImportPrecedentsWithProgressResponse
	outcome  *importOutcome
}

type importOutcome struct {
	Result *pb.ImportPrecedentsResponse
	Failed string
	Done   string // the address of the library with the result
}

// Outcome is known once Progress is closed.
func (d importingData) Outcome() *importOutcome { return d.outcome }

func (s *Server) streamImport(w http.ResponseWriter, r *http.Request, v *view, latest *pb.ImportPrecedentsWithProgressResponse, msgs <-chan streamed[*pb.ImportPrecedentsWithProgressResponse]) {
	out := &importOutcome{}
	d := importingData{outcome: out}
	d.Progress = relay(r, latest, msgs, importDone,
		func(m *pb.ImportPrecedentsWithProgressResponse) {
			out.Result, out.Done = m.GetResult(), importedURL(m.GetResult())
		},
		func(err error) { out.Failed = strings.Join(libErrorLines(v.Lang, err), " ") })
	v.Title = v.t("lib_importing_title")
	v.Data = d
	s.render(streamPage(w), r, v, "importing")
}

// exportPrecedents sends the library as a file to save (HR).
func (s *Server) exportPrecedents(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.begin(w, r)
		if !ok {
			return
		}
		if !v.staff.Has(auth.RoleHR) {
			s.renderError(w, r, v, http.StatusForbidden, v.t("error_role_page"))
			return
		}
		res, err := s.precedents.ExportPrecedents(s.ctx(r, v), &pb.ExportPrecedentsRequest{Format: format})
		if err != nil {
			s.renderServiceError(w, r, v, err)
			return
		}
		ctype := "application/jsonl; charset=utf-8"
		if format == "csv" {
			ctype = "text/csv; charset=utf-8"
		}
		name := "moresprudentie-" + v.Now.In(amsterdam).Format("2006-01-02") + "." + format
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		w.Header().Set("Content-Length", strconv.Itoa(len(res.GetContent())))
		w.Header().Set("X-Meldpunt-Count", strconv.Itoa(int(res.GetCount())))
		_, _ = w.Write(res.GetContent())
	}
}

// ruleLabels are the texts of the current rule set's norms and circumstances, to name the codes
// of a precedent: in English the rule set's English summaries where it has them.
type ruleLabels struct {
	Norms         map[string]string
	Circumstances map[string]string
	List          []circumstance
}

func (s *Server) ruleLabels(r *http.Request, v *view) ruleLabels {
	out := ruleLabels{Norms: map[string]string{}, Circumstances: map[string]string{}}
	rs, err := s.rules.GetRuleSet(s.ctx(r, v), &pb.GetRuleSetRequest{})
	if err != nil {
		return out // the codes are shown without their texts
	}
	for _, n := range rs.GetRuleSet().GetNorms() {
		out.Norms[n.GetId()] = n.GetTextNl()
		if v.Lang == "en" && n.GetSummaryEn() != "" {
			out.Norms[n.GetId()] = n.GetSummaryEn()
		}
	}
	var doc struct {
		Circumstances []circumstance `json:"circumstances"`
	}
	if json.Unmarshal([]byte(rs.GetRuleSet().GetDocument()), &doc) == nil {
		out.List = doc.Circumstances
		for _, c := range doc.Circumstances {
			out.Circumstances[c.ID] = c.In(v.Lang)
		}
	}
	return out
}

type precedentData struct {
	P      *pb.Precedent
	Labels ruleLabels
	Notice string
}

// precedentPage is one precedent of the library; HR can withdraw it.
func (s *Server) precedentPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		return nil, statusNotFound()
	}
	res, err := s.precedents.GetPrecedent(s.ctx(r, v), &pb.GetPrecedentRequest{Id: id.String()})
	if err != nil {
		return nil, err
	}
	p := res.GetPrecedent()
	v.Title = v.t("precedent_title") + " " + p.GetExternalId()
	return precedentData{P: p, Labels: s.ruleLabels(r, v), Notice: libNotice(v.Lang, r.URL.Query().Get("gedaan"))}, nil
}

func (s *Server) withdrawPrecedent(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		return "", statusNotFound()
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	switch {
	case reason == "":
		return "", formErr(v.t("form_reason_empty"))
	case utf8.RuneCountInString(reason) > 2000:
		return "", formErr(v.t("form_reason_long"))
	}
	if _, err := s.precedents.WithdrawPrecedent(s.ctx(r, v), &pb.WithdrawPrecedentRequest{Id: id.String(), Reason: reason}); err != nil {
		return "", libRefuse(v, err)
	}
	return Prefix + "/precedenten?gedaan=ingetrokken", nil
}

// ---- drafts ----

type draftListData struct {
	Drafts []*pb.PrecedentDraft
	Notice string
}

// draftList is HR's review queue: the drafts submitted by case handlers (without their cases).
func (s *Server) draftList(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.t("drafts_title")
	res, err := s.precedents.ListPrecedentDrafts(s.ctx(r, v), &pb.ListPrecedentDraftsRequest{})
	if err != nil {
		return nil, err
	}
	return draftListData{Drafts: res.GetDrafts(), Notice: libNotice(v.Lang, r.URL.Query().Get("gedaan"))}, nil
}

// draftForm is the edit form of a draft: the draft as stored, or as posted after a refusal.
type draftForm struct {
	Year, Language, Category, Findings, Sanction string
	Norms                                        string // comma-separated codes
	Summary, Qualification, Considerations       string
	Grounds, Aggravating, Mitigating             []string
}

type choice struct {
	Code, Label string
	Checked     bool
}

type draftData struct {
	D                       *pb.PrecedentDraft
	Edit                    draftForm
	Labels                  ruleLabels
	Categories              []choice
	Grounds                 []choice
	Aggravating, Mitigating []choice
	Findings                []string
	Sanctions               []string
	Notice                  string
}

var (
	precedentFindings  = []string{"PROVEN", "PARTLY_PROVEN", "NOT_PROVEN"}
	precedentSanctions = []string{"NONE", "WRITTEN_WARNING", "FINAL_WARNING", "TRANSFER", "TERMINATION_BY_COURT", "SUMMARY_DISMISSAL"}
)

// draftPage shows a submitted draft for review: the text after anonymisation, what the
// anonymisation removed (counts, never values), an edit form, and return or approve.
func (s *Server) draftPage(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		return nil, statusNotFound()
	}
	res, err := s.precedents.GetPrecedentDraft(s.ctx(r, v), &pb.GetPrecedentDraftRequest{Id: id.String()})
	if err != nil {
		return nil, err
	}
	dr := res.GetDraft()
	dr.CaseReference = "" // HR does not learn the case (the service does not tell; never show it)
	p := dr.GetPrecedent()
	v.Title = v.t("draft_title") + " " + p.GetExternalId()
	d := draftData{D: dr, Labels: s.ruleLabels(r, v), Findings: precedentFindings, Sanctions: precedentSanctions, Notice: libNotice(v.Lang, r.URL.Query().Get("gedaan"))}
	d.Edit = draftForm{
		Year: strconv.Itoa(int(p.GetYear())), Language: p.GetLanguage(), Category: p.GetCategory(), Findings: p.GetFindings(),
		Sanction: p.GetSanction(), Norms: strings.Join(p.GetNorms(), ", "), Summary: p.GetSummary(),
		Qualification: p.GetQualification(), Considerations: p.GetConsiderations(),
		Grounds: p.GetDiscriminationGrounds(), Aggravating: p.GetAggravating(), Mitigating: p.GetMitigating(),
	}
	if f := v.Form; f != nil && f.Has("summary") {
		d.Edit = draftForm{
			Year: f.Get("year"), Language: f.Get("language"), Category: f.Get("category"), Findings: f.Get("findings"),
			Sanction: f.Get("sanction"), Norms: f.Get("norms"), Summary: f.Get("summary"),
			Qualification: f.Get("qualification"), Considerations: f.Get("considerations"),
			Grounds: f["ground"], Aggravating: f["aggravating"], Mitigating: f["mitigating"],
		}
	}
	for _, c := range taxonomy.Categories() {
		d.Categories = append(d.Categories, choice{Code: c.Code, Label: codeLabel(v.Lang, codenames.Category, c.Code), Checked: c.Code == d.Edit.Category})
	}
	for _, g := range taxonomy.Grounds() {
		d.Grounds = append(d.Grounds, choice{Code: g.Code, Label: codeLabel(v.Lang, codenames.Ground, g.Code), Checked: slices.Contains(d.Edit.Grounds, g.Code)})
	}
	d.Aggravating = circumstanceChoices(v.Lang, d.Labels.List, "AGGRAVATING", d.Edit.Aggravating)
	d.Mitigating = circumstanceChoices(v.Lang, d.Labels.List, "MITIGATING", d.Edit.Mitigating)
	return d, nil
}

// circumstanceChoices are the rule set's circumstances of a kind, then the codes of the draft
// that the rule set does not know (kept, so that an edit does not drop them).
func circumstanceChoices(lang string, list []circumstance, kind string, chosen []string) []choice {
	var out []choice
	known := map[string]bool{}
	for _, c := range list {
		if c.Kind != kind {
			continue
		}
		known[c.ID] = true
		out = append(out, choice{Code: c.ID, Label: c.In(lang), Checked: slices.Contains(chosen, c.ID)})
	}
	for _, c := range chosen {
		if !known[c] {
			known[c] = true
			out = append(out, choice{Code: c, Label: c, Checked: true})
		}
	}
	return out
}

func draftURL(r *http.Request, done string) string {
	return Prefix + "/precedenten/concepten/" + r.PathValue("id") + "?gedaan=" + done
}

func draftID(r *http.Request) (string, error) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		return "", statusNotFound()
	}
	return id.String(), nil
}

func codeList(s string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ' ' || r == '\r' || r == '\t' }) {
		out = append(out, strings.ToUpper(c))
	}
	return out
}

func (s *Server) updateDraft(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	id, err := draftID(r)
	if err != nil {
		return "", err
	}
	year, ok := parseInt32(r.PostFormValue("year"), 1990, 3000)
	if !ok {
		return "", formErr(v.t("form_year"))
	}
	p := &pb.Precedent{
		Year: year, Language: r.PostFormValue("language"), Category: r.PostFormValue("category"),
		DiscriminationGrounds: r.PostForm["ground"], Norms: codeList(r.PostFormValue("norms")),
		Findings: r.PostFormValue("findings"), Sanction: r.PostFormValue("sanction"),
		Aggravating: r.PostForm["aggravating"], Mitigating: r.PostForm["mitigating"],
		Summary: strings.TrimSpace(r.PostFormValue("summary")), Qualification: strings.TrimSpace(r.PostFormValue("qualification")),
		Considerations: strings.TrimSpace(r.PostFormValue("considerations")),
	}
	if p.Summary == "" {
		return "", formErr(v.t("form_summary"))
	}
	if _, err := s.precedents.UpdatePrecedentDraft(s.ctx(r, v), &pb.UpdatePrecedentDraftRequest{Id: id, Version: version(r), Precedent: p}); err != nil {
		return "", libRefuse(v, err)
	}
	return draftURL(r, "bijgewerkt"), nil
}

func (s *Server) returnDraft(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	id, err := draftID(r)
	if err != nil {
		return "", err
	}
	remark := strings.TrimSpace(r.PostFormValue("remark"))
	switch {
	case remark == "":
		return "", formErr(v.t("form_remark_empty"))
	case utf8.RuneCountInString(remark) > 2000:
		return "", formErr(v.t("form_remark_long"))
	}
	if _, err := s.precedents.ReturnPrecedentDraft(s.ctx(r, v), &pb.ReturnPrecedentDraftRequest{Id: id, Version: version(r), Remark: remark}); err != nil {
		return "", libRefuse(v, err)
	}
	return Prefix + "/precedenten/concepten?gedaan=teruggestuurd", nil
}

func (s *Server) approveDraft(w http.ResponseWriter, r *http.Request, v *view) (string, error) {
	id, err := draftID(r)
	if err != nil {
		return "", err
	}
	res, err := s.precedents.ApprovePrecedentDraft(s.ctx(r, v), &pb.ApprovePrecedentDraftRequest{Id: id, Version: version(r)})
	if err != nil {
		return "", libRefuse(v, err)
	}
	return Prefix + "/precedenten/" + url.PathEscape(res.GetPrecedent().GetId()) + "?gedaan=gepubliceerd", nil
}

// ---- refusals ----

// libRefuse shows a refusal the staff member can act on above the page's form, which keeps what
// was posted (with this page's wording rather than the case pages'); anything else goes to the
// refusal page as usual.
// libRefuse shows a refusal of these services that the staff member can act on above the form,
// in this library's words (every bad row of an import); anything else is the refusal page.
func libRefuse(v *view, err error) error {
	if !correctable(err) {
		return err
	}
	return refusal(err, unlinked(libErrorLines(v.Lang, err)))
}

var importLine = regexp.MustCompile(`^content\.line\[(\d+)\](?:\.(.+))?$`)

// libErrorLines turns a refusal of these services into lines: the bad rows of an import one per
// line with what is wrong in lang (the catalogue's sentence for the row's reason), a field of a
// draft or the rule set document by its name with the catalogue's sentence for its reason.
func libErrorLines(lang string, err error) []string {
	st, _ := status.FromError(err)
	var lines, rows []string
	var meta map[string]string
	for _, det := range st.Details() {
		if info, ok := det.(*errdetails.ErrorInfo); ok && info.GetDomain() == apperr.Domain {
			meta = info.GetMetadata()
		}
	}
	for _, det := range st.Details() {
		br, ok := det.(*errdetails.BadRequest)
		if !ok {
			continue
		}
		for i, fv := range br.GetFieldViolations() {
			if m := importLine.FindStringSubmatch(fv.GetField()); m != nil {
				line := fmt.Sprintf(tr(lang, "lib_line"), m[1])
				if m[2] != "" {
					line += " (" + m[2] + ")"
				}
				rows = append(rows, line+": "+violationSentence(lang, fv, meta[apperr.ValueKey(i)]))
				continue
			}
			// Never the service's English description: the catalogue's sentence for the
			// violation's reason (a rule set's problem, a draft's field), or the general one.
			line := libFieldLabel(lang, fv.GetField()) + ": " + violationSentence(lang, fv, meta[apperr.ValueKey(i)])
			if !slices.Contains(lines, line) {
				lines = append(lines, line)
			}
		}
	}
	if len(rows) > 0 {
		var total int
		if _, err := fmt.Sscanf(st.Message(), "%d bad row", &total); err != nil || total < len(rows) {
			total = len(rows)
		}
		head := fmt.Sprintf(tr(lang, "lib_rows_refused"), total)
		if total == 1 {
			head = tr(lang, "lib_row_refused")
		}
		lines = append(append(lines, head), rows...)
		if total > len(rows) {
			lines = append(lines, fmt.Sprintf(tr(lang, "lib_more_rows"), total-len(rows)))
		}
		return lines
	}
	switch status.Code(err) {
	case codes.Aborted:
		return []string{tr(lang, "lib_aborted")}
	case codes.AlreadyExists:
		return []string{tr(lang, "lib_version_exists")}
	}
	if len(lines) == 0 {
		lines = errorLines(lang, err)
	}
	return lines
}

// libFieldKeys name the fields of these services' requests.
var libFieldKeys = map[string]string{
	"document": "libfield_document", "content": "libfield_content", "format": "libfield_format", "remark": "libfield_remark",
	"reason": "libfield_reason", "year": "libfield_year", "language": "libfield_language", "category": "libfield_category",
	"discrimination_grounds": "libfield_discrimination_grounds", "norms": "libfield_norms", "findings": "libfield_findings",
	"sanction": "libfield_sanction", "summary": "libfield_summary", "qualification": "libfield_qualification",
	"considerations": "libfield_considerations", "aggravating": "libfield_aggravating", "mitigating": "libfield_mitigating",
	"external_id": "libfield_external_id", "source_organisation": "libfield_source_organisation", "version": "libfield_version",
}

// libFieldLabel names a field of these services' requests.
func libFieldLabel(lang, f string) string {
	f = strings.TrimPrefix(f, "precedent.")
	if key, ok := libFieldKeys[f]; ok {
		return tr(lang, key)
	}
	return fieldLabel(lang, f)
}

// libDay writes a date of the rule set (YYYY-MM-DD) as the workspace writes dates.
func libDay(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("02-01-2006")
}
