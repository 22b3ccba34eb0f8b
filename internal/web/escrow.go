package web

import (
	"net/http"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// "Not alone": the reporter's matching entries, on a page of their own, behind the follow-up
// session or without one: someone who has not reported searches and makes an entry, and is
// shown, once, the receipt code of that entry, with which they sign in on the follow-up page
// like a reporter (a session on their entries only). A search (GET, at least 3 letters) lists people from the register by name and unit;
// the reporter picks one, writes a short account and chooses an adviser. The page lists their
// entries: waiting (withdraw), matched (go ahead together, or not), accepted (with the
// references of the others who went ahead).

type escrowData struct {
	Entries  []*pb.MyEscrowEntry
	Query    string
	Searched bool
	People   []*pb.EscrowPerson
	Advisers []*pb.Adviser
	// What the reporter wrote, kept when the form is refused.
	Person, Account, AdviserID string
	Notice                     string // "saved", "withdrawn", "accepted", "declined"
	FieldErrors                map[string]string
	// Public: no session (no list of entries). Receipt: the code of the entry just made
	// without a session, shown this once.
	Public  bool
	Receipt string
}

const escrowPath = "/mijn-melding/niet-alleen"

func (s *Server) escrowPage(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	tok := s.session(r)
	d := &escrowData{Query: strings.TrimSpace(r.URL.Query().Get("zoek")), Notice: r.URL.Query().Get("klaar"), FieldErrors: map[string]string{}}
	if _, ok := r.URL.Query()["zoek"]; ok {
		d.Searched = true
		if len([]rune(d.Query)) < 3 {
			v.failAt("zoek", v.T["error_escrow_search"])
			d.FieldErrors["zoek"] = v.T["error_escrow_search"]
			d.Searched = false
		}
	}
	return s.escrowView(w, r, v, tok, d)
}

// escrowView fills the page: the entries, the search results, the advisers.
func (s *Server) escrowView(w http.ResponseWriter, r *http.Request, v *view, tok string, d *escrowData) (any, error) {
	ctx := s.cfg.Outgoing(r, tok)
	d.Public = tok == ""
	if !d.Public {
		mine, err := s.cfg.Reporter.ListMyEscrow(ctx, &pb.ListMyEscrowRequest{})
		if status.Code(err) == codes.Unauthenticated {
			s.clearSession(w)
			v.Title = v.T["login_title"]
			v.CSRF = s.csrf.token("login", "")
			return struct{ Expired bool }{true}, s.renderAs(w, "login", v, struct{ Expired bool }{true})
		}
		if err != nil {
			return nil, err
		}
		d.Entries = mine.GetEntries()
	}
	if d.Searched {
		res, err := s.cfg.Reporter.SearchEscrowPeople(ctx, &pb.SearchEscrowPeopleRequest{Query: d.Query})
		switch {
		case status.Code(err) == codes.ResourceExhausted:
			tooMany(v, err, "error_escrow_busy")
		case status.Code(err) == codes.InvalidArgument:
			v.failAt("zoek", v.T["error_escrow_search"])
			d.FieldErrors["zoek"] = v.T["error_escrow_search"]
		case err != nil:
			return nil, err
		default:
			d.People = res.GetPeople()
		}
	}
	if s.cfg.Advisers != nil && len(d.People) > 0 {
		res, err := s.cfg.Advisers.ListAdvisers(s.cfg.Outgoing(r, ""), &pb.ListAdvisersRequest{})
		if err != nil {
			return nil, err
		}
		d.Advisers = res.GetAdvisers()
	}
	v.Title = v.T["escrow_title"]
	v.CSRF = s.csrf.token("escrow", tok)
	return d, nil
}

// escrowPost makes, withdraws or answers an entry.
func (s *Server) escrowPost(w http.ResponseWriter, r *http.Request, v *view) (any, error) {
	tok := s.session(r)
	v.Path = escrowPath
	d := &escrowData{FieldErrors: map[string]string{}}
	if err := r.ParseForm(); err != nil || !s.csrf.valid(r.PostForm.Get("csrf"), "escrow", tok) {
		v.fail(v.T["error_form_expired"])
		return s.escrowView(w, r, v, tok, d)
	}
	ctx := s.cfg.Outgoing(r, tok)
	done := func(notice string) (any, error) {
		return nil, redirect(w, r, "/"+v.Lang+escrowPath+"?klaar="+notice+"#mijn-vermeldingen")
	}
	entry := r.PostForm.Get("entry")
	action := r.PostForm.Get("action")
	if tok == "" && action != "deposit" {
		return nil, redirect(w, r, "/"+v.Lang+"/opvolgen")
	}
	switch action {
	case "withdraw":
		if _, err := s.cfg.Reporter.WithdrawEscrow(ctx, &pb.WithdrawEscrowRequest{EntryId: entry}); err != nil && status.Code(err) != codes.NotFound {
			return nil, err
		}
		return done("withdrawn")
	case "yes", "no":
		yes := r.PostForm.Get("action") == "yes"
		_, err := s.cfg.Reporter.AnswerEscrowMatch(ctx, &pb.AnswerEscrowMatchRequest{EntryId: entry, GoAhead: yes})
		switch {
		case status.Code(err) == codes.FailedPrecondition || status.Code(err) == codes.NotFound:
			v.fail(v.T["error_escrow_answer"])
			return s.escrowView(w, r, v, tok, d)
		case err != nil:
			return nil, err
		case yes:
			return done("accepted")
		}
		return done("declined")
	}
	// A new entry: the person searched for, the account, the adviser.
	d.Query, d.Searched = strings.TrimSpace(r.PostForm.Get("zoek")), true
	d.Person, d.Account, d.AdviserID = r.PostForm.Get("person"), strings.TrimSpace(r.PostForm.Get("account")), r.PostForm.Get("adviser")
	if d.Person == "" {
		d.FieldErrors["person"] = v.T["error_escrow_person"]
	}
	if len([]rune(d.Account)) < 10 {
		d.FieldErrors["account"] = v.T["error_escrow_account"]
	}
	if d.AdviserID == "" {
		d.FieldErrors["adviser"] = v.T["error_escrow_adviser"]
	}
	if len(d.FieldErrors) == 0 {
		var err error
		if tok == "" {
			// Without a report: the entry's own receipt code, shown this once.
			var res *pb.DepositEscrowWithoutReportResponse
			res, err = s.cfg.Reporter.DepositEscrowWithoutReport(ctx, &pb.DepositEscrowWithoutReportRequest{PersonHandle: d.Person, Account: d.Account, AdviserId: d.AdviserID})
			if err == nil {
				w.Header().Set("Cache-Control", "no-store")
				v.Title = v.T["escrow_title"]
				return &escrowData{Public: true, Receipt: res.GetReceiptCode()}, nil
			}
		} else {
			_, err = s.cfg.Reporter.DepositEscrow(ctx, &pb.DepositEscrowRequest{PersonHandle: d.Person, Account: d.Account, AdviserId: d.AdviserID})
		}
		switch {
		case err == nil:
			return done("saved")
		case status.Code(err) == codes.ResourceExhausted:
			tooMany(v, err, "error_escrow_busy")
		case status.Code(err) == codes.FailedPrecondition:
			v.fail(v.T["error_escrow_too_many"])
		case status.Code(err) == codes.InvalidArgument:
			v.fail(v.T["error_escrow_refused"])
		default:
			return nil, err
		}
	}
	for _, f := range []string{"person", "account", "adviser"} {
		if msg, ok := d.FieldErrors[f]; ok {
			id := f
			if f == "person" {
				id = "person-0"
			}
			v.failAt(id, msg)
		}
	}
	if len([]rune(d.Query)) < 3 {
		d.Searched = false
	}
	return s.escrowView(w, r, v, tok, d)
}
