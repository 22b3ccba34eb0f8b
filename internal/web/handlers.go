package web

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	codenames "github.com/utrecht/meldpunt/internal/catalogue"
)

var funcs = template.FuncMap{
	"date": func(t time.Time) string { return t.In(amsterdam).Format("02-01-2006") },
	"status": func(lang string, s pb.CaseStatus) string {
		return codenames.Name(codenames.ReporterStatus, strings.TrimPrefix(s.String(), "CASE_STATUS_"), lang)
	},
	"anonymity": func(lang, code string) string { return codenames.Name(codenames.ReporterAnonymity, code, lang) },
	"adviserKind": func(lang string, k pb.AdviserKind) string {
		return codenames.Name(codenames.AdviserKind, strings.TrimPrefix(k.String(), "ADVISER_KIND_"), lang)
	},
	"escrowState": func(s pb.EscrowState) string { return strings.TrimPrefix(s.String(), "ESCROW_STATE_") },
	"stylesheets": Stylesheets,
	"normTitle":   normTitle,
	"static":      StaticURL,
	"favicon":     FaviconURL,
	// logo is the URL of the organisation's logo in the page header, "" for none (New sets it
	// from Config.Logo).
	"logo": func() string { return "" },
}

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.UTC
}()

// view is what every page template gets.
type view struct {
	Lang, Dir string
	T         map[string]string
	Languages []langLink
	Path      string // the page's path without the language, for the language switch
	Title     string
	Data      any
	// Errors is the error summary at the top of the page (its title then starts with "Fout: ").
	Errors []problem
	CSRF   string
	// Unavailable: a service was briefly out; the page answers 503 with Retry-After.
	Unavailable bool
	// RetryAfter, in seconds: the visitor must wait this long (too many wrong codes or reports);
	// the page answers 429 with Retry-After.
	RetryAfter int
}

// problem is one line of a page's error summary: what is wrong and, when it is about one field,
// the id of that field's control, which the summary links to (the NL Design System's and
// GOV.UK's error summary).
type problem struct{ Field, Text string }

// fail adds a problem that is not about one field to the page's error summary.
func (v *view) fail(text string) { v.Errors = append(v.Errors, problem{Text: text}) }

// failAt adds a problem with the field whose control has the id field.
func (v *view) failAt(field, text string) {
	v.Errors = append(v.Errors, problem{Field: field, Text: text})
}

type langLink struct {
	Code, Name, Href string
	Current          bool
}

// handler is a page handler: it returns the data for its template, or answers itself (a
// redirect, another page) and returns errWritten.
type handler func(w http.ResponseWriter, r *http.Request, v *view) (any, error)

func (s *Server) page(lang, name string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, "/"+lang)
		v := &view{Lang: lang, Dir: direction(lang), T: catalogue[lang], Path: path}
		data, err := h(w, r, v)
		// The language switch leads to the page's own address (a handler of a POST names its
		// page's; "" leaves the switch out, as on the receipt, where leaving loses the code).
		for _, l := range languages {
			v.Languages = append(v.Languages, langLink{Code: l.Code, Name: l.Name, Href: "/" + l.Code + v.Path, Current: l.Code == lang})
		}
		if errors.Is(err, errWritten) {
			return
		}
		if err != nil {
			status := http.StatusInternalServerError
			if st, ok := statusOf(err); ok {
				status = st
			}
			switch status {
			case http.StatusServiceUnavailable:
				w.Header().Set("Retry-After", retryAfterSeconds)
			case http.StatusTooManyRequests:
				w.Header().Set("Retry-After", strconv.Itoa(apperr.Seconds(retryAfter(err))))
			}
			http.Error(w, v.T["error_service"], status)
			return
		}
		if data != nil {
			v.Data = data
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case v.RetryAfter > 0:
			// The page explains the wait and keeps what the visitor wrote; the status and
			// Retry-After say the same to the browser.
			w.Header().Set("Retry-After", strconv.Itoa(v.RetryAfter))
			w.WriteHeader(http.StatusTooManyRequests)
		case v.Unavailable:
			// The page keeps what the visitor wrote; the status says "try again" to
			// browsers, proxies and monitoring alike.
			w.Header().Set("Retry-After", retryAfterSeconds)
			w.WriteHeader(http.StatusServiceUnavailable)
		case len(v.Errors) > 0:
			w.WriteHeader(http.StatusBadRequest)
		}
		if err := s.pages[name].Execute(w, v); err != nil {
			return // the connection is gone, or a template bug that the tests catch
		}
	}
}

// normTitle names a norm of the rule set for readers: a rule of the code of conduct by its
// number, a category's norm by the category's name.
func normTitle(lang, id string) string {
	if code, ok := strings.CutPrefix(id, "CAT-"); ok {
		if label, ok := codenames.Lookup(codenames.Category, code, lang); ok {
			return label
		}
	}
	if n, ok := strings.CutPrefix(id, "GC-"); ok {
		return catalogue[lang]["rules_code_rule"] + " " + n
	}
	return id
}

func statusOf(err error) (int, bool) {
	st, ok := status.FromError(err)
	if !ok {
		return 0, false
	}
	switch st.Code() {
	case codes.InvalidArgument:
		return http.StatusBadRequest, true
	case codes.ResourceExhausted:
		return http.StatusTooManyRequests, true
	case codes.Unauthenticated:
		return http.StatusUnauthorized, true
	case codes.Unavailable:
		return http.StatusServiceUnavailable, true
	}
	return 0, false
}

// retryAfterSeconds is the Retry-After of a page answered while the service is briefly out.
const retryAfterSeconds = "2"

// retryAfter is the wait a refused call carries (its RetryInfo); a minute if it carries none.
func retryAfter(err error) time.Duration {
	if st, ok := status.FromError(err); ok {
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay().AsDuration() > 0 {
				return ri.GetRetryDelay().AsDuration()
			}
		}
	}
	return time.Minute
}

// tooMany tells the visitor to wait after err (ResourceExhausted): the page's message says for
// how many minutes, in msg (a text with one %s), and the answer is 429 with Retry-After.
func tooMany(v *view, err error, msg string) {
	wait := retryAfter(err)
	v.RetryAfter = apperr.Seconds(wait)
	n := int((wait + time.Minute - 1) / time.Minute)
	howLong := v.T["wait_one_minute"]
	if n > 1 {
		howLong = fmt.Sprintf(v.T["wait_minutes"], n)
	}
	v.fail(fmt.Sprintf(v.T[msg], howLong))
}

func (s *Server) start(_ http.ResponseWriter, _ *http.Request, v *view) (any, error) {
	v.Title = v.T["start_title"]
	return struct{}{}, nil
}

func (s *Server) advisers(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.T["advisers_title"]
	if s.cfg.Advisers == nil {
		return []*pb.Adviser{}, nil
	}
	res, err := s.cfg.Advisers.ListAdvisers(s.cfg.Outgoing(r, ""), &pb.ListAdvisersRequest{})
	if err != nil {
		return nil, err
	}
	return res.GetAdvisers(), nil
}

func (s *Server) rules(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.T["rules_title"]
	if s.cfg.Rules == nil {
		return (*pb.RuleSet)(nil), nil
	}
	res, err := s.cfg.Rules.GetRuleSet(s.cfg.Outgoing(r, ""), &pb.GetRuleSetRequest{})
	if err != nil {
		return nil, err
	}
	return res.GetRuleSet(), nil
}

// reportData is the report form's state, carried between the form and the review step in the
// page itself (hidden fields): nothing is kept on the server before it is filed.
type reportData struct {
	Categories  []category
	Advisers    []*pb.Adviser
	Category    string
	Description string
	When, Where string
	Subjects    string
	Witnesses   string
	Outcome     string
	Anonymity   string
	Name        string
	Contact     string
	NotifyEmail string // the address for "there is a reply" (not for anonymous reports)
	AdviserID   string
	Key         string // idempotency key, made once per report
	Step        int    // 1 what happened, 2 who/when/where, 3 how you report
	Review      bool
	FieldErrors map[string]string
	// Set once filed.
	Receipt     string
	Reference   string
	AlreadySent bool     // a repeat of a filed report: the code is not shown again
	NotAdded    []string // evidence files that could not be added (to add later)
}

// maxFilesAtFiling bounds the evidence files sent with a report (more can be added later).
const maxFilesAtFiling = 3

// attachEvidence adds the files chosen on the review step to the newly filed report, through a
// reporter session opened with its receipt code (as the reporter would) and closed again. It
// returns the names of the files that could not be added; the report itself is filed either way.
func (s *Server) attachEvidence(r *http.Request, code string) []string {
	if r.MultipartForm == nil || len(r.MultipartForm.File["files"]) == 0 {
		return nil
	}
	files := r.MultipartForm.File["files"]
	var failed []string
	names := func(from int) {
		for _, fh := range files[from:] {
			if fh.Filename != "" || fh.Size > 0 {
				failed = append(failed, fh.Filename)
			}
		}
	}
	sess, err := s.cfg.Reporter.OpenSession(s.cfg.Outgoing(r, ""), &pb.OpenSessionRequest{ReceiptCode: code})
	if err != nil {
		names(0)
		return failed
	}
	ctx := s.cfg.Outgoing(r, sess.GetSessionToken())
	defer func() { _, _ = s.cfg.Reporter.CloseSession(ctx, &pb.CloseSessionRequest{}) }()
	for i, fh := range files {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file field of a browser
		}
		if i >= maxFilesAtFiling {
			names(i)
			break
		}
		content, err := readUpload(fh.Open)
		if err == nil {
			_, err = s.cfg.Reporter.UploadMyEvidence(ctx, &pb.UploadMyEvidenceRequest{FileName: uploadName(fh.Filename), Content: content})
		}
		if err != nil {
			failed = append(failed, fh.Filename)
		}
	}
	return failed
}

// uploadName is the name an uploaded file is stored under: the browser's name, cut to at most
// 200 bytes without splitting a character, or "bestand". The service takes UTF-8 text only: bytes
// that are not (from a client that is not a browser) become U+FFFD.
func uploadName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	if len(name) > 200 {
		name = strings.ToValidUTF8(name[:200], "")
	}
	return cmp.Or(name, "bestand")
}

// readUpload reads an uploaded file of at most maxEvidence bytes.
func readUpload(open func() (multipart.File, error)) ([]byte, error) {
	f, err := open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxEvidence+1))
	if err != nil {
		return nil, err
	}
	if len(b) == 0 || len(b) > maxEvidence {
		return nil, errors.New("empty or too large")
	}
	return b, nil
}

type category struct{ Code, Label string }

func (s *Server) categories(r *http.Request, lang string) ([]category, error) {
	res, err := s.cfg.Reporter.ListCategories(s.cfg.Outgoing(r, ""), &pb.ListCategoriesRequest{})
	if err != nil {
		return nil, err
	}
	var out []category
	for _, c := range res.GetCategories() {
		code := strings.TrimPrefix(c.GetCategory().String(), "CATEGORY_")
		// The catalogue names the default categories in every language; a category an
		// administrator added later has its Dutch and English label only.
		label, ok := codenames.Lookup(codenames.Category, code, lang)
		if !ok {
			label = c.GetLabelEn()
			if lang == "nl" {
				label = c.GetLabelNl()
			}
		}
		out = append(out, category{Code: code, Label: label})
	}
	return out, nil
}

func (s *Server) formOptions(r *http.Request, v *view, d *reportData) error {
	var err error
	if d.Categories, err = s.categories(r, v.Lang); err != nil {
		return err
	}
	if s.cfg.Advisers != nil {
		res, err := s.cfg.Advisers.ListAdvisers(s.cfg.Outgoing(r, ""), &pb.ListAdvisersRequest{})
		if err != nil {
			return err
		}
		d.Advisers = res.GetAdvisers()
	}
	return nil
}

func (s *Server) reportForm(_ http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.T["report_title"]
	d := &reportData{Key: uuid.NewString(), Anonymity: "ANONYMOUS", Step: 1}
	v.CSRF = s.csrf.token("report", "")
	return d, s.formOptions(r, v, d)
}

func (s *Server) reportPost(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.T["report_title"]
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// The review step's form carries the optional evidence files; large ones go to disk.
		err = r.ParseMultipartForm(1 << 20)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, "form")
	}
	f := r.PostForm
	d := &reportData{
		Category: f.Get("category"), Description: f.Get("description"), When: f.Get("when"), Where: f.Get("where"),
		Subjects: f.Get("subjects"), Witnesses: f.Get("witnesses"), Outcome: f.Get("outcome"), Anonymity: f.Get("anonymity"),
		Name: f.Get("name"), Contact: f.Get("contact"), AdviserID: f.Get("adviser"), Key: f.Get("key"),
		NotifyEmail: strings.TrimSpace(f.Get("notify_email")),
	}
	if _, err := uuid.Parse(d.Key); err != nil {
		d.Key = uuid.NewString()
	}
	v.CSRF = s.csrf.token("report", "")
	optsErr := s.formOptions(r, v, d)
	if optsErr != nil && status.Code(optsErr) != codes.Unavailable {
		return nil, optsErr
	}
	at, _ := strconv.Atoi(f.Get("at"))
	d.Step = min(max(at, 1), 3)
	if optsErr != nil {
		// The service is briefly out: the reporter keeps what they wrote, on the step they
		// were on, and is told to send it again in a moment.
		v.Unavailable = true
		v.fail(v.T["error_service"])
		return d, nil
	}
	if !s.csrf.valid(f.Get("csrf"), "report", "") {
		v.fail(v.T["error_form_expired"])
		return d, nil
	}
	all := validate(d, v.T)
	switch f.Get("step") {
	case "back": // no checks on the way back
		d.Step = max(d.Step-1, 1)
		return d, nil
	case "edit":
		d.Step = 1
		return d, nil
	case "next": // the step's own fields must be right before the next
		d.FieldErrors = map[string]string{}
		for field, msg := range all {
			if fieldStep[field] == d.Step {
				d.FieldErrors[field] = msg
			}
		}
		if len(d.FieldErrors) == 0 {
			d.Step = min(d.Step+1, 3)
			return d, nil
		}
	default: // review or send: everything must be right; else the first step with a problem
		d.FieldErrors = all
		for step := 3; step >= 1; step-- {
			for field := range all {
				if fieldStep[field] == step {
					d.Step = step
				}
			}
		}
	}
	v.Errors = append(v.Errors, orderedErrors(d.FieldErrors)...)
	if len(v.Errors) > 0 {
		return d, nil
	}
	if f.Get("step") != "send" {
		d.Review = true
		v.Title = v.T["review_title"]
		return d, nil
	}
	req := &pb.FileReportRequest{
		IdempotencyKey: d.Key, Category: pb.Category(pb.Category_value["CATEGORY_"+d.Category]), Description: d.Description,
		OccurredWhen: d.When, OccurredWhere: d.Where, Subjects: lines(d.Subjects), Witnesses: lines(d.Witnesses),
		DesiredOutcome: d.Outcome, Anonymity: pb.Anonymity(pb.Anonymity_value["ANONYMITY_"+d.Anonymity]), AdviserId: d.AdviserID,
	}
	if d.Anonymity != "ANONYMOUS" {
		req.Identity = &pb.ReporterIdentity{Name: d.Name, Contact: d.Contact}
		req.NotifyEmail, req.NotifyLanguage = d.NotifyEmail, v.Lang
	}
	res, err := s.cfg.Reporter.FileReport(s.cfg.Outgoing(r, ""), req)
	if err != nil {
		// Whatever went wrong, the reporter keeps what they wrote: the review step again,
		// with the message, ready to send once more.
		if status.Code(err) == codes.ResourceExhausted {
			// Over the filing budget: nothing was stored; say how long to wait, and whom
			// to call instead.
			tooMany(v, err, "error_filing_limit")
		} else if text, ok := refusalText(v, err); ok && status.Code(err) != codes.Unavailable {
			v.fail(text)
		} else {
			v.fail(v.T["error_service"])
		}
		v.Unavailable = status.Code(err) == codes.Unavailable
		d.Review = true
		v.Title = v.T["review_title"]
		return d, nil
	}
	if res.GetReplayed() {
		// The same report sent again (Back and "resubmit" on a shared computer): the code was
		// shown once and is not shown again.
		v.Title = v.T["receipt_title"]
		v.Path = ""
		d.Reference = res.GetCaseReference()
		d.AlreadySent = true
		return d, nil
	}
	v.Title = v.T["receipt_title"]
	v.Path = "" // no language switch on the receipt: leaving would lose the code
	d.Receipt, d.Reference = res.GetReceiptCode(), res.GetCaseReference()
	d.NotAdded = s.attachEvidence(r, d.Receipt)
	v.CSRF = s.csrf.token("receipt", "")
	return d, nil
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// fieldStep is the step of the form each checked field is on.
var fieldStep = map[string]int{"category": 1, "description": 1, "anonymity": 3, "name": 3, "notify_email": 3}

func validate(d *reportData, t map[string]string) map[string]string {
	e := map[string]string{}
	if d.Category == "" || pb.Category_value["CATEGORY_"+d.Category] == 0 {
		e["category"] = t["error_category"]
	}
	if len([]rune(strings.TrimSpace(d.Description))) < 10 {
		e["description"] = t["error_description"]
	}
	switch d.Anonymity {
	case "ANONYMOUS":
	case "CONFIDENTIAL", "NAMED":
		if strings.TrimSpace(d.Name) == "" {
			e["name"] = t["error_name"]
		}
	default:
		e["anonymity"] = t["error_anonymity"]
	}
	// An address is never dropped in silence: an anonymous report with one is sent back.
	if d.NotifyEmail != "" {
		if d.Anonymity == "ANONYMOUS" {
			e["notify_email"] = t["error_notify_anonymous"]
		} else if _, err := cases.ParseNotifyAddress("notify_email", d.NotifyEmail, ""); err != nil {
			e["notify_email"] = t["error_notify_email"]
		}
	}
	return e
}

// reportFields are the report form's fields in the order of the form, each with the id of the
// control the error summary links to (a group of radio buttons: its first).
var reportFields = []struct{ name, id string }{
	{"category", "category"}, {"description", "description"}, {"anonymity", "anonymity-anonymous"},
	{"name", "name"}, {"notify_email", "notify_email"},
}

func orderedErrors(e map[string]string) []problem {
	var out []problem
	for _, f := range reportFields {
		if m, ok := e[f.name]; ok {
			out = append(out, problem{Field: f.id, Text: m})
		}
	}
	return out
}

// receiptDownload returns the receipt code as a text file, from the receipt page's form (the
// code travels in the POST body, never in a URL).
func (s *Server) receiptDownload(lang string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.download(w, r, lang) }
}

func (s *Server) download(w http.ResponseWriter, r *http.Request, lang string) {
	if r.ParseForm() != nil || !s.csrf.valid(r.PostForm.Get("csrf"), "receipt", "") {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	code, ref := r.PostForm.Get("code"), r.PostForm.Get("reference")
	if len(code) > 64 || len(ref) > 16 {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ontvangstcode.txt"`)
	fmt.Fprintf(w, "%s\r\n\r\n%s\r\n%s: %s\r\n", catalogue[lang]["receipt_file_text"], code, catalogue[lang]["receipt_reference"], ref)
}

func (s *Server) loginForm(_ http.ResponseWriter, _ *http.Request, v *view) (any, error) {
	v.Title = v.T["login_title"]
	v.CSRF = s.csrf.token("login", "")
	return struct{ Expired bool }{}, nil
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Title = v.T["login_title"]
	v.CSRF = s.csrf.token("login", "")
	if err := r.ParseForm(); err != nil || !s.csrf.valid(r.PostForm.Get("csrf"), "login", "") {
		v.fail(v.T["error_form_expired"])
		return struct{ Expired bool }{}, nil
	}
	res, err := s.cfg.Reporter.OpenSession(s.cfg.Outgoing(r, ""), &pb.OpenSessionRequest{ReceiptCode: r.PostForm.Get("code")})
	if err != nil {
		switch status.Code(err) {
		case codes.Unauthenticated, codes.InvalidArgument:
			v.failAt("code", v.T["error_code"])
			return struct{ Expired bool }{}, nil
		case codes.ResourceExhausted:
			tooMany(v, err, "error_locked")
			return struct{ Expired bool }{}, nil
		}
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookie(), Value: res.GetSessionToken(), Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteStrictMode, Expires: res.GetExpiresAt().AsTime(),
		MaxAge: int(time.Until(res.GetExpiresAt().AsTime()).Seconds()),
	})
	return nil, redirect(w, r, "/"+v.Lang+"/mijn-melding")
}

func (s *Server) session(r *http.Request) string {
	c, err := r.Cookie(s.sessionCookie())
	if err != nil {
		return ""
	}
	return c.Value
}

type myCaseData struct {
	Case     *pb.ReporterCaseView
	Messages []*pb.Message
	Added    bool   // a file was just added
	Draft    string // a message that could not be sent, to send again
	// The address for "there is a reply": Notice "saved" or "removed" after a change; Email and
	// EmailError when a typed address was refused (shown again to correct).
	Notice, Email, EmailError string
}

func (s *Server) myCase(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	tok := s.session(r)
	if tok == "" {
		return nil, redirect(w, r, "/"+v.Lang+"/opvolgen")
	}
	return s.caseView(w, r, v, tok)
}

func (s *Server) caseView(w http.ResponseWriter, r *http.Request, v *view, tok string) (any, error) {
	return s.caseViewWith(w, r, v, tok, "")
}

func (s *Server) caseViewWith(w http.ResponseWriter, r *http.Request, v *view, tok, draft string) (any, error) {
	ctx := s.cfg.Outgoing(r, tok)
	c, err := s.cfg.Reporter.GetMyCase(ctx, &pb.GetMyCaseRequest{})
	if status.Code(err) == codes.FailedPrecondition && r.Method == http.MethodGet {
		// Signed in with the code of matching entries made without a report: no case, the entries.
		return nil, redirect(w, r, "/"+v.Lang+escrowPath)
	}
	if status.Code(err) == codes.Unauthenticated {
		s.clearSession(w)
		v.Title = v.T["login_title"]
		v.CSRF = s.csrf.token("login", "")
		return struct{ Expired bool }{true}, s.renderAs(w, "login", v, struct{ Expired bool }{true})
	}
	if err != nil {
		return nil, err
	}
	msgs, err := s.cfg.Reporter.ListMyMessages(ctx, &pb.ListMyMessagesRequest{})
	if err != nil {
		return nil, err
	}
	v.Title = v.T["mycase_title"]
	v.CSRF = s.csrf.token("mycase", tok)
	return myCaseData{Case: c.GetCase(), Messages: msgs.GetMessages(), Added: r.URL.Query().Get("bestand") == "toegevoegd", Draft: draft,
		Notice: r.URL.Query().Get("seintje")}, nil
}

// setNotifyEmail stores, changes or removes the reporter's address for "there is a reply". A
// malformed address is refused (HTTP 400) and shown again, and nothing changes.
func (s *Server) setNotifyEmail(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	tok := s.session(r)
	if tok == "" {
		return nil, redirect(w, r, "/"+v.Lang+"/opvolgen")
	}
	v.Path = "/mijn-melding"
	// refused shows the page again with msg in the summary, linked to the field when field
	// is not "".
	refused := func(field, msg, email string) (any, error) {
		v.failAt(field, msg)
		d, err := s.caseViewWith(w, r, v, tok, "")
		if cd, ok := d.(myCaseData); ok {
			cd.Email, cd.EmailError = email, msg
			return cd, err
		}
		return d, err
	}
	if err := r.ParseForm(); err != nil || !s.csrf.valid(r.PostForm.Get("csrf"), "mycase", tok) {
		return refused("", v.T["error_form_expired"], "")
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	remove := r.PostForm.Get("action") == "remove"
	if remove {
		email = ""
	} else if _, err := cases.ParseNotifyAddress("email", email, ""); err != nil || email == "" {
		return refused("email", v.T["error_notify_email"], email)
	}
	_, err := s.cfg.Reporter.SetMyNotificationEmail(s.cfg.Outgoing(r, tok), &pb.SetMyNotificationEmailRequest{Email: email, Language: v.Lang})
	switch {
	case status.Code(err) == codes.InvalidArgument:
		return refused("", v.T["error_notify_anonymous"], "")
	case err != nil:
		return refused("", v.T["error_service"], email)
	}
	notice := "saved"
	if remove {
		notice = "removed"
	}
	return nil, redirect(w, r, "/"+v.Lang+"/mijn-melding?seintje="+notice+"#seintje")
}

// maxEvidence is the largest file a reporter can add (the service checks it too).
const maxEvidence = 5 << 20

// uploadEvidence adds a photo or PDF to the reporter's case. Its metadata is removed by the
// service before it is stored; the file name is sealed with the case.
func (s *Server) uploadEvidence(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	v.Path = "/mijn-melding"
	tok := s.session(r)
	if tok == "" {
		return nil, redirect(w, r, "/"+v.Lang+"/opvolgen")
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil || !s.csrf.valid(r.FormValue("csrf"), "mycase", tok) {
		if err == nil {
			v.fail(v.T["error_form_expired"])
		} else {
			v.failAt("file", v.T["error_evidence"])
		}
		return s.caseView(w, r, v, tok)
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		v.failAt("file", v.T["error_evidence_missing"])
		return s.caseView(w, r, v, tok)
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, maxEvidence+1))
	if err != nil || len(content) == 0 || len(content) > maxEvidence {
		v.failAt("file", v.T["error_evidence"])
		return s.caseView(w, r, v, tok)
	}
	_, err = s.cfg.Reporter.UploadMyEvidence(s.cfg.Outgoing(r, tok), &pb.UploadMyEvidenceRequest{FileName: uploadName(hdr.Filename), Content: content})
	if status.Code(err) == codes.InvalidArgument {
		v.failAt("file", v.T["error_evidence"])
		return s.caseView(w, r, v, tok)
	}
	if text, ok := refusalText(v, err); ok && status.Code(err) == codes.FailedPrecondition {
		v.failAt("file", text) // the case is closed
		return s.caseView(w, r, v, tok)
	}
	if err != nil {
		return nil, err
	}
	return nil, redirect(w, r, "/"+v.Lang+"/mijn-melding?bestand=toegevoegd")
}

// renderAs renders another page's template (the login page when a session expired) and marks
// the response as written.
func (s *Server) renderAs(w http.ResponseWriter, name string, v *view, data any) error {
	v.Data = data
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_ = s.pages[name].Execute(w, v)
	return errWritten
}

// errWritten tells page that the handler answered itself (a redirect, another page).
var errWritten = errors.New("response written")

// redirect answers with a See Other to path.
func redirect(w http.ResponseWriter, r *http.Request, path string) error {
	http.Redirect(w, r, path, http.StatusSeeOther)
	return errWritten
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	tok := s.session(r)
	if tok == "" {
		return nil, redirect(w, r, "/"+v.Lang+"/opvolgen")
	}
	v.Path = "/mijn-melding"
	if err := r.ParseForm(); err != nil || !s.csrf.valid(r.PostForm.Get("csrf"), "mycase", tok) {
		v.fail(v.T["error_form_expired"])
		return s.caseViewWith(w, r, v, tok, r.PostForm.Get("message"))
	}
	body := strings.TrimSpace(r.PostForm.Get("message"))
	if body != "" {
		if _, err := s.cfg.Reporter.SendMyMessage(s.cfg.Outgoing(r, tok), &pb.SendMyMessageRequest{Body: body}); err != nil {
			if text, ok := refusalText(v, err); ok && status.Code(err) != codes.Unavailable {
				v.fail(text)
			} else {
				v.fail(v.T["error_service"])
			}
			return s.caseViewWith(w, r, v, tok, body)
		}
	}
	return nil, redirect(w, r, "/"+v.Lang+"/mijn-melding")
}

func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
}

func (s *Server) logout(lang string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.signOut(w, r, lang) }
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, lang string) {
	// Always end the session: signing out is harmless to force (SameSite=Strict and the
	// cross-site check guard the form), and a form from before a restart must still sign out.
	if tok := s.session(r); tok != "" {
		_, _ = s.cfg.Reporter.CloseSession(s.cfg.Outgoing(r, tok), &pb.CloseSessionRequest{})
	}
	s.clearSession(w)
	http.Redirect(w, r, "/"+lang+"/", http.StatusSeeOther)
}
