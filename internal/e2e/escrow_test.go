package e2e

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// escrowPeople imports a register with two people a reporter may name; their names and personnel
// numbers are canaries.
func (s *server) escrowPeople(t *testing.T, tag string) (xNumber, xName, yNumber, yName string) {
	t.Helper()
	xNumber, xName = "X"+tag, "Xandra Canary"+tag
	yNumber, yName = "Y"+tag, "Yvo Canary"+tag
	s.importOrgCSV(t, "unit_code;unit_name;parent_code;manager_number\nSO;Sociaal Domein;;1001\nBO;Bedrijfsvoering;;1003\n",
		"number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1003;Bert;;BO;mgr-bo\n"+
			xNumber+";"+xName+";;SO;\n"+yNumber+";"+yName+";;BO;\n")
	return
}

// escrowReporter files an anonymous report and opens a session on it.
func (s *server) escrowReporter(t *testing.T, what string) (ref, session string) {
	t.Helper()
	f := s.fileReport(t, anonymousReport("a report of "+what+", long enough"))
	return f.GetCaseReference(), s.openSession(t, f.GetReceiptCode())
}

// handleOf searches the register as the reporter and returns the handle of the one person found.
func (s *server) handleOf(t *testing.T, session, query string) string {
	t.Helper()
	res, err := s.reporter.SearchEscrowPeople(ctx(t, session), &pb.SearchEscrowPeopleRequest{Query: query})
	if err != nil {
		t.Fatalf("SearchEscrowPeople(%q): %v", query, err)
	}
	if len(res.GetPeople()) != 1 {
		t.Fatalf("SearchEscrowPeople(%q): %d people, want 1", query, len(res.GetPeople()))
	}
	return res.GetPeople()[0].GetHandle()
}

func (s *server) deposit(t *testing.T, session, handle, account, adviser string) *pb.DepositEscrowResponse {
	t.Helper()
	res, err := s.reporter.DepositEscrow(ctx(t, session), &pb.DepositEscrowRequest{PersonHandle: handle, Account: account, AdviserId: adviser})
	if err != nil {
		t.Fatalf("DepositEscrow: %v", err)
	}
	return res
}

func (s *server) myEscrow(t *testing.T, session string) map[string]*pb.MyEscrowEntry {
	t.Helper()
	res, err := s.reporter.ListMyEscrow(ctx(t, session), &pb.ListMyEscrowRequest{})
	if err != nil {
		t.Fatalf("ListMyEscrow: %v", err)
	}
	out := map[string]*pb.MyEscrowEntry{}
	for _, e := range res.GetEntries() {
		out[e.GetEntryId()] = e
	}
	return out
}

func wantState(t *testing.T, got map[string]*pb.MyEscrowEntry, id string, want pb.EscrowState) {
	t.Helper()
	if e := got[id]; e == nil || e.GetState() != want {
		t.Fatalf("entry %s: %v, want %v", id, e, want)
	}
}

// caseMessages are the bodies of a case's messages as a member of staff reads them.
func (s *server) caseMessages(t *testing.T, token, ref string) string {
	t.Helper()
	res, err := s.cases.ListCaseMessages(ctx(t, token), &pb.ListCaseMessagesRequest{CaseReference: ref})
	if err != nil {
		t.Fatalf("ListCaseMessages %s: %v", ref, err)
	}
	var b strings.Builder
	for _, m := range res.GetMessages() {
		b.WriteString(m.GetBody() + "\n")
	}
	return b.String()
}

// escrowRows are the raw bytes of every matching entry in the database.
func (s *server) escrowRows(t *testing.T) []byte {
	t.Helper()
	rows, err := s.rawDB(t).Query("SELECT id, person_hash, reporter_hash, sealed, created_on, state, case_sealed FROM escrow_entries")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b bytes.Buffer
	for rows.Next() {
		var id, created, state string
		var ph, rh, sealed, cs []byte
		if err := rows.Scan(&id, &ph, &rh, &sealed, &created, &state, &cs); err != nil {
			t.Fatal(err)
		}
		for _, x := range [][]byte{[]byte(id), ph, rh, sealed, []byte(created), []byte(state), cs} {
			b.Write(x)
			b.WriteByte(0)
		}
	}
	return b.Bytes()
}

// wantNoCanary fails when data holds any of the canaries, as text or as hex.
func wantNoCanary(t *testing.T, where string, data string, canaries ...string) {
	t.Helper()
	low := strings.ToLower(data)
	for _, c := range canaries {
		if strings.Contains(data, c) || strings.Contains(low, hex.EncodeToString([]byte(c))) || strings.Contains(low, strings.ToLower(c)) {
			t.Errorf("%s holds %q", where, c)
		}
	}
}

// TestEscrowMatching: two reporters naming the same person match; one reporter alone does not,
// nor one reporter twice; each is told through their own session and the advisers see the
// match only after consent, with the references of the others who went ahead; unmatched entries
// are in no staff read, no log and no raw dump; withdrawing and expiry destroy.
func TestEscrowMatching(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		tag := strings.ToUpper(randHex(6))
		xNumber, xName, yNumber, yName := s.escrowPeople(t, tag)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		basID := s.createAdviser(t, "bas", "Bas Jansen")
		anna, bas := s.tokenFor(t, "anna", "adviser"), s.tokenFor(t, "bas", "adviser")
		ivo := s.tokenFor(t, "ivo", "intake")
		accountA := "ACCOUNTA" + randHex(8) + " he kept touching my shoulder"
		accountA2 := "ACCOUNTA2" + randHex(8) + " and again at the party"
		accountB := "ACCOUNTB" + randHex(8) + " the same remarks to me"
		accountY := "ACCOUNTY" + randHex(8) + " shouting in meetings"

		refA, a := s.escrowReporter(t, "A")
		refB, b := s.escrowReporter(t, "B")

		// Searching: at least 3 letters, name and unit only, the field named.
		_, err := s.reporter.SearchEscrowPeople(ctx(t, a), &pb.SearchEscrowPeopleRequest{Query: "Xa"})
		if st := wantCode(t, err, codes.InvalidArgument); !strings.Contains(st.Message(), "query") {
			t.Errorf("a 2-letter search: %q does not name the field query", st.Message())
		}
		// Three letters with spaces around are still too few (the server's own check).
		_, err = s.reporter.SearchEscrowPeople(ctx(t, a), &pb.SearchEscrowPeopleRequest{Query: " Xa "})
		if f := badRequestFields(wantCode(t, err, codes.InvalidArgument)); len(f) != 1 || f[0] != "query" {
			t.Errorf("a padded 2-letter search: fields %v, want [query]", f)
		}
		res, err := s.reporter.SearchEscrowPeople(ctx(t, a), &pb.SearchEscrowPeopleRequest{Query: "xandra"})
		if err != nil || len(res.GetPeople()) != 1 || res.GetPeople()[0].GetName() != xName || res.GetPeople()[0].GetUnitName() != "Sociaal Domein" {
			t.Fatalf("search: %v %v", res, err)
		}
		if strings.Contains(res.GetPeople()[0].GetHandle(), xNumber) {
			t.Fatal("the handle shows the personnel number")
		}
		xA := s.handleOf(t, a, "xandra")

		// Bad input changes nothing.
		_, err = s.reporter.DepositEscrow(ctx(t, a), &pb.DepositEscrowRequest{PersonHandle: "forged", Account: accountA, AdviserId: annaID})
		if f := badRequestFields(wantCode(t, err, codes.InvalidArgument)); len(f) != 1 || f[0] != "person_handle" {
			t.Errorf("a forged handle: fields %v, want [person_handle]", f)
		}
		if n := len(s.myEscrow(t, a)); n != 0 {
			t.Fatalf("a refused deposit left %d entries", n)
		}

		// One reporter: waiting. The same reporter twice: still waiting.
		a1 := s.deposit(t, a, xA, accountA, annaID)
		wantState(t, s.myEscrow(t, a), a1.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)
		a2 := s.deposit(t, a, s.handleOf(t, a, "xandra"), accountA2, annaID)
		mine := s.myEscrow(t, a)
		wantState(t, mine, a1.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)
		wantState(t, mine, a2.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)

		// Another reporter naming someone else: no match.
		bY := s.deposit(t, b, s.handleOf(t, b, "yvo"), accountY, basID)
		wantState(t, s.myEscrow(t, b), bY.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)
		wantState(t, s.myEscrow(t, a), a1.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)

		// Unmatched entries are in no staff read and in no dump.
		for _, tok := range []string{anna, bas, ivo} {
			if n := len(s.listCases(t, tok)); tok != ivo && n != 0 {
				t.Errorf("an adviser sees %d cases before any consent", n)
			}
		}
		wantNoCanary(t, "A's case as intake reads it", s.caseMessages(t, ivo, refA), accountA, xName, xNumber)
		wantNoCanary(t, "the raw database", s.rawDump(t), accountA, accountA2, accountY)
		wantNoCanary(t, "the escrow table", string(s.escrowRows(t)), xNumber, xName, yNumber, yName, accountA, refA, refB)

		// The second reporter names the same person: both are matched, told in their sessions.
		bX := s.deposit(t, b, s.handleOf(t, b, "xandra"), accountB, basID)
		if !proto.Equal(&pb.DepositEscrowResponse{EntryId: bX.GetEntryId(), ExpiresAt: a1.GetExpiresAt()}, bX) {
			t.Errorf("the answer to a matching deposit differs in shape: %v vs %v", bX, a1)
		}
		mine = s.myEscrow(t, a)
		wantState(t, mine, a1.GetEntryId(), pb.EscrowState_ESCROW_STATE_MATCHED)
		wantState(t, mine, a2.GetEntryId(), pb.EscrowState_ESCROW_STATE_MATCHED)
		wantState(t, s.myEscrow(t, b), bX.GetEntryId(), pb.EscrowState_ESCROW_STATE_MATCHED)
		wantState(t, s.myEscrow(t, b), bY.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)
		// Still nothing for the advisers before consent.
		if n := len(s.listCases(t, anna)) + len(s.listCases(t, bas)); n != 0 {
			t.Fatalf("advisers see %d cases before consent", n)
		}
		wantNoCanary(t, "the raw database after the match", s.rawDump(t), accountA, accountB)

		// A goes ahead: Anna gets the account in A's case, the person linked; B's adviser nothing.
		ans, err := s.reporter.AnswerEscrowMatch(ctx(t, a), &pb.AnswerEscrowMatchRequest{EntryId: a1.GetEntryId(), GoAhead: true})
		if err != nil || ans.GetEntry().GetState() != pb.EscrowState_ESCROW_STATE_ACCEPTED || len(ans.GetEntry().GetOtherCaseReferences()) != 0 {
			t.Fatalf("A goes ahead: %v %v", ans, err)
		}
		cs := s.listCases(t, anna)
		if len(cs) != 1 || cs[0].GetCaseReference() != refA {
			t.Fatalf("Anna sees %v, want A's case %s", cs, refA)
		}
		if msgs := s.caseMessages(t, anna, refA); !strings.Contains(msgs, accountA) || strings.Contains(msgs, accountA2) || strings.Contains(msgs, refB) {
			t.Errorf("Anna reads %q: want A's first account only, no other reference yet", msgs)
		}
		if n := len(s.listCases(t, bas)); n != 0 {
			t.Fatalf("Bas sees %d cases before B consents", n)
		}
		// Anna's view of the match: A went ahead, nobody else yet; on her case page too.
		if m, err := s.cases.GetCaseMatch(ctx(t, anna), &pb.GetCaseMatchRequest{CaseReference: refA}); err != nil ||
			!m.GetWentAheadTogether() || len(m.GetOtherCaseReferences()) != 0 {
			t.Fatalf("Anna's GetCaseMatch on A's case: %v %v", m, err)
		}
		annaPage := newStaffBrowser(t, s)
		if res, _ := annaPage.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"anna"}, "name": {"Anna"}, "role": {"adviser"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("dev sign-in: %d", res.StatusCode)
		}
		if res, page := annaPage.do("GET", "/medewerkers/zaken/"+refA, nil); res.StatusCode != 200 || !strings.Contains(page, "Niet alleen") ||
			!strings.Contains(page, "de ander heeft nog niet geantwoord") || !strings.Contains(page, accountA) {
			t.Errorf("Anna's case page (HTTP %d) does not show the match and the account", res.StatusCode)
		}
		// B goes ahead: Bas gets B's account with A's reference; A now sees B's.
		ans, err = s.reporter.AnswerEscrowMatch(ctx(t, b), &pb.AnswerEscrowMatchRequest{EntryId: bX.GetEntryId(), GoAhead: true})
		if err != nil || len(ans.GetEntry().GetOtherCaseReferences()) != 1 || ans.GetEntry().GetOtherCaseReferences()[0] != refA {
			t.Fatalf("B goes ahead: %v %v, want A's reference %s", ans, err, refA)
		}
		if msgs := s.caseMessages(t, bas, refB); !strings.Contains(msgs, accountB) || !strings.Contains(msgs, refA) || strings.Contains(msgs, accountY) {
			t.Errorf("Bas reads %q: want B's account and A's reference", msgs)
		}
		if got := s.myEscrow(t, a)[a1.GetEntryId()].GetOtherCaseReferences(); len(got) != 1 || got[0] != refB {
			t.Errorf("A sees others %v, want [%s]", got, refB)
		}
		// Each adviser sees the other case's reference; neither sees the other's case.
		for _, x := range []struct{ tok, ref, other string }{{anna, refA, refB}, {bas, refB, refA}} {
			m, err := s.cases.GetCaseMatch(ctx(t, x.tok), &pb.GetCaseMatchRequest{CaseReference: x.ref})
			if err != nil || !m.GetWentAheadTogether() || len(m.GetOtherCaseReferences()) != 1 || m.GetOtherCaseReferences()[0] != x.other {
				t.Errorf("GetCaseMatch on %s: %v %v, want the other reference %s", x.ref, m, err, x.other)
			}
			_, err = s.cases.GetCaseMatch(ctx(t, x.tok), &pb.GetCaseMatchRequest{CaseReference: x.other})
			if c := status.Code(err); !denied(c) {
				t.Errorf("GetCaseMatch on the other adviser's case %s: %v, want refused", x.other, err)
			}
		}
		if res, page := annaPage.do("GET", "/medewerkers/zaken/"+refA, nil); res.StatusCode != 200 || !strings.Contains(page, refB) {
			t.Errorf("Anna's case page (HTTP %d) does not show B's reference", res.StatusCode)
		}

		// A declines the second entry: destroyed. Withdrawing B's waiting entry: destroyed.
		if _, err := s.reporter.AnswerEscrowMatch(ctx(t, a), &pb.AnswerEscrowMatchRequest{EntryId: a2.GetEntryId()}); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.myEscrow(t, a)[a2.GetEntryId()]; ok {
			t.Fatal("a declined entry is still there")
		}
		if _, err := s.reporter.WithdrawEscrow(ctx(t, b), &pb.WithdrawEscrowRequest{EntryId: bY.GetEntryId()}); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.myEscrow(t, b)[bY.GetEntryId()]; ok {
			t.Fatal("a withdrawn entry is still there")
		}
		// Another reporter's entry cannot be withdrawn.
		_, err = s.reporter.WithdrawEscrow(ctx(t, b), &pb.WithdrawEscrowRequest{EntryId: a1.GetEntryId()})
		wantCode(t, err, codes.NotFound)
		wantNoCanary(t, "the raw database after withdrawing", s.rawDump(t), accountA2, accountY)

		// Expiry destroys: a new entry, then the retention job with a TTL shorter than a day.
		refC, c := s.escrowReporter(t, "C")
		cY := s.deposit(t, c, s.handleOf(t, c, "yvo"), "ACCOUNTC entry that will expire", annaID)
		// No oracle for the case's adviser either: C's case, given to Anna by intake, answers as
		// a case without any entry (D's) while C's entry waits.
		refD, _ := s.escrowReporter(t, "D")
		for _, ref := range []string{refC, refD} {
			cur, err := s.cases.GetCase(ctx(t, ivo), &pb.GetCaseRequest{CaseReference: ref})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.cases.AssignAdviser(ctx(t, ivo), &pb.AssignAdviserRequest{CaseReference: ref, AdviserId: annaID, Version: cur.GetCase().GetVersion()}); err != nil {
				t.Fatal(err)
			}
		}
		mc, errC := s.cases.GetCaseMatch(ctx(t, anna), &pb.GetCaseMatchRequest{CaseReference: refC})
		md, errD := s.cases.GetCaseMatch(ctx(t, anna), &pb.GetCaseMatchRequest{CaseReference: refD})
		if errC != nil || errD != nil || !proto.Equal(mc, md) || mc.GetWentAheadTogether() {
			t.Errorf("GetCaseMatch with a waiting entry %v (%v), without %v (%v): want the same, nothing", mc, errC, md, errD)
		}
		args := []string{"retention", "run", "--data-dir", s.dataDir, "--escrow-ttl", "1ns"}
		if s.dbURL != "" {
			args = append(args, "--database-url", s.dbURL)
		}
		cmd := exec.Command(meldpuntBin, args...)
		cmd.Env = cleanEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("retention run: %v\n%s", err, out)
		}
		if _, ok := s.myEscrow(t, c)[cY.GetEntryId()]; ok {
			t.Fatal("an expired entry is still there")
		}
		if n := len(s.escrowRows(t)); n != 0 {
			t.Fatalf("%d bytes of entries left after expiry", n)
		}
		wantNoCanary(t, "the raw database after expiry", s.rawDump(t), "ACCOUNTC entry")

		// The annual report counts, under the disclosure control: five entries were made (a1, a2,
		// bY, bX, cY), three became matched (a1, a2, bX) and two went ahead (a1, bX) — too few
		// to publish. Expired and withdrawn entries still count as made.
		rep, err := s.reports.GetAnnualReport(ctx(t, s.tokenFor(t, "hanna", "hr")), &pb.GetAnnualReportRequest{Year: int32(time.Now().UTC().Year())})
		if err != nil {
			t.Fatal(err)
		}
		figs := map[string]*pb.ReportFigure{}
		for _, sec := range rep.GetReport().GetSections() {
			for _, f := range sec.GetFigures() {
				figs[f.GetId()] = f
			}
		}
		if f := figs["escrow.made"]; f == nil || f.N == nil || f.GetN() != 5 {
			t.Errorf("entries made: %v, want 5", f)
		}
		for _, id := range []string{"escrow.matched", "escrow.accepted"} {
			if f := figs[id]; f == nil || f.N != nil || !f.GetNSmall() {
				t.Errorf("%s: %v, want suppressed as small", id, f)
			}
		}
		wantNoCanary(t, "the annual report", rep.String(), xNumber, xName, accountA)

		// No log line names anyone or holds an account.
		wantNoCanary(t, "the server's logs", s.logs.String(), xNumber, xName, yNumber, yName, accountA, accountB, accountY)
	})
}

// TestEscrowNoOracleForStaff: no member of staff, of any role, learns anything about entries:
// every escrow call answers them the same, word for word, before and after a person is named
// by two reporters; and no staff read changes.
func TestEscrowNoOracleForStaff(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	tag := strings.ToUpper(randHex(6))
	s.escrowPeople(t, tag)
	annaID := s.createAdviser(t, "anna", "Anna de Vries")
	roles := map[string]string{"ivo": "intake", "anna": "adviser", "mgr-bo": "manager", "ita": "integrity_team",
		"hanna": "hr", "admin-1": "admin", "aud": "auditor"}
	calls := []struct {
		name string
		call func(tok string) error
	}{
		{"SearchEscrowPeople", func(tok string) error {
			_, err := s.reporter.SearchEscrowPeople(ctx(t, tok), &pb.SearchEscrowPeopleRequest{Query: "xandra"})
			return err
		}},
		{"DepositEscrow", func(tok string) error {
			_, err := s.reporter.DepositEscrow(ctx(t, tok), &pb.DepositEscrowRequest{PersonHandle: "h", Account: "an account, long enough", AdviserId: annaID})
			return err
		}},
		{"DepositEscrowWithoutReport", func(tok string) error {
			_, err := s.reporter.DepositEscrowWithoutReport(ctx(t, tok), &pb.DepositEscrowWithoutReportRequest{PersonHandle: "h", Account: "an account, long enough", AdviserId: annaID})
			return err
		}},
		{"ListMyEscrow", func(tok string) error {
			_, err := s.reporter.ListMyEscrow(ctx(t, tok), &pb.ListMyEscrowRequest{})
			return err
		}},
		{"WithdrawEscrow", func(tok string) error {
			_, err := s.reporter.WithdrawEscrow(ctx(t, tok), &pb.WithdrawEscrowRequest{EntryId: annaID})
			return err
		}},
		{"AnswerEscrowMatch", func(tok string) error {
			_, err := s.reporter.AnswerEscrowMatch(ctx(t, tok), &pb.AnswerEscrowMatchRequest{EntryId: annaID, GoAhead: true})
			return err
		}},
	}
	observe := func() map[string]string {
		out := map[string]string{}
		for user, role := range roles {
			tok := s.tokenFor(t, user, role)
			for _, c := range calls {
				st, _ := status.FromError(c.call(tok))
				out[user+" "+c.name] = st.Code().String() + ": " + st.Message()
			}
			res, err := s.cases.ListCases(ctx(t, tok), &pb.ListCasesRequest{PageSize: 200})
			out[user+" ListCases"] = status.Code(err).String() + ": " + res.String()
		}
		return out
	}
	before := observe()
	for k, v := range before {
		// Searching the register and depositing without a report are public: a staff token is
		// no key to them, and the answers are the same before and after (below).
		if strings.Contains(k, "Escrow") && !strings.Contains(k, "SearchEscrowPeople") && !strings.Contains(k, "WithoutReport") {
			if !strings.HasPrefix(v, "Unauthenticated") {
				t.Errorf("%s: %s, want Unauthenticated", k, v)
			}
		}
	}
	_, a := s.escrowReporter(t, "A")
	_, b := s.escrowReporter(t, "B")
	s.deposit(t, a, s.handleOf(t, a, "xandra"), "ACCOUNT of reporter A", annaID)
	s.deposit(t, b, s.handleOf(t, b, "xandra"), "ACCOUNT of reporter B", annaID)
	after := observe()
	for k, v := range before {
		if strings.Contains(k, "ListCases") {
			continue // the two reports themselves are new cases for intake
		}
		if after[k] != v {
			t.Errorf("%s answered %q before and %q after a match", k, v, after[k])
		}
	}
	// Two people without a report name the same person: not a trace anywhere, not even a case.
	for _, who := range []string{"C", "D"} {
		if _, err := s.reporter.DepositEscrowWithoutReport(ctx(t, ""), &pb.DepositEscrowWithoutReportRequest{
			PersonHandle: s.handleOf(t, "", "xandra"), Account: "ACCOUNT of " + who + ", no report", AdviserId: annaID}); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range observe() {
		if after[k] != v {
			t.Errorf("%s answered %q before and %q after a match of entries without reports", k, after[k], v)
		}
	}
}

// TestEscrowWithoutReport: someone who has not filed a report searches and deposits without a
// session and gets a receipt code of their own; that code opens a session on their entries only
// (no case, nobody told, nothing in a staff read or a raw dump); two entries made with it count
// once; going ahead after a match files the report then, under the same code, for the chosen
// adviser with the named person as its subject.
func TestEscrowWithoutReport(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		tag := strings.ToUpper(randHex(6))
		xNumber, xName, _, _ := s.escrowPeople(t, tag)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		anna, ivo := s.tokenFor(t, "anna", "adviser"), s.tokenFor(t, "ivo", "intake")
		accountC := "ACCOUNTC" + randHex(8) + " he said things about me"
		accountD := "ACCOUNTD" + randHex(8) + " the same happened to me"
		casesBefore := len(s.listCases(t, ivo))

		handle := s.handleOf(t, "", "xandra") // no session
		_, err := s.reporter.DepositEscrowWithoutReport(ctx(t, ""), &pb.DepositEscrowWithoutReportRequest{PersonHandle: "forged", Account: accountC, AdviserId: annaID})
		if f := badRequestFields(wantCode(t, err, codes.InvalidArgument)); len(f) != 1 || f[0] != "person_handle" {
			t.Errorf("a forged handle: fields %v, want [person_handle]", f)
		}
		c, err := s.reporter.DepositEscrowWithoutReport(ctx(t, ""), &pb.DepositEscrowWithoutReportRequest{PersonHandle: handle, Account: accountC, AdviserId: annaID})
		if err != nil {
			t.Fatalf("DepositEscrowWithoutReport: %v", err)
		}
		if len(strings.ReplaceAll(c.GetReceiptCode(), "-", "")) != 20 {
			t.Fatalf("receipt code %q: not a receipt code", c.GetReceiptCode())
		}
		hc := s.openSession(t, c.GetReceiptCode())
		wantState(t, s.myEscrow(t, hc), c.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)
		if _, err := s.reporter.GetMyCase(ctx(t, hc), &pb.GetMyCaseRequest{}); err == nil {
			t.Fatal("an entry-only session sees a case")
		}
		// The same holder twice: still waiting (counts once).
		c2 := s.deposit(t, hc, s.handleOf(t, hc, "xandra"), accountC+" again", annaID)
		wantState(t, s.myEscrow(t, hc), c2.GetEntryId(), pb.EscrowState_ESCROW_STATE_WAITING)

		// Another without a report names the same person: both matched, nobody told, no case.
		d, err := s.reporter.DepositEscrowWithoutReport(ctx(t, ""), &pb.DepositEscrowWithoutReportRequest{PersonHandle: s.handleOf(t, "", "xandra"), Account: accountD, AdviserId: annaID})
		if err != nil {
			t.Fatalf("DepositEscrowWithoutReport: %v", err)
		}
		hd := s.openSession(t, d.GetReceiptCode())
		wantState(t, s.myEscrow(t, hd), d.GetEntryId(), pb.EscrowState_ESCROW_STATE_MATCHED)
		wantState(t, s.myEscrow(t, hc), c.GetEntryId(), pb.EscrowState_ESCROW_STATE_MATCHED)
		if n := len(s.listCases(t, ivo)); n != casesBefore {
			t.Fatalf("intake sees %d cases after entries without reports, want %d", n, casesBefore)
		}
		if n := len(s.listCases(t, anna)); n != 0 {
			t.Fatalf("the adviser sees %d cases before consent", n)
		}
		wantNoCanary(t, "the raw database", s.rawDump(t), accountC, accountD, c.GetReceiptCode(), d.GetReceiptCode(),
			strings.ReplaceAll(c.GetReceiptCode(), "-", ""))
		wantNoCanary(t, "the escrow table", string(s.escrowRows(t)), xNumber, xName, accountC, accountD)

		// C goes ahead: the report is filed now, anonymous, under C's code, for anna.
		ans, err := s.reporter.AnswerEscrowMatch(ctx(t, hc), &pb.AnswerEscrowMatchRequest{EntryId: c.GetEntryId(), GoAhead: true})
		if err != nil || ans.GetEntry().GetState() != pb.EscrowState_ESCROW_STATE_ACCEPTED {
			t.Fatalf("go ahead: %v %v", ans, err)
		}
		mine, err := s.reporter.GetMyCase(ctx(t, hc), &pb.GetMyCaseRequest{})
		if err != nil {
			t.Fatalf("the same session after going ahead: %v", err)
		}
		ref := mine.GetCase().GetCaseReference()
		if !strings.Contains(mine.GetCase().GetDescription(), accountC) {
			t.Errorf("the report's text %q lacks the account", mine.GetCase().GetDescription())
		}
		again := s.openSession(t, c.GetReceiptCode())
		if m, err := s.reporter.GetMyCase(ctx(t, again), &pb.GetMyCaseRequest{}); err != nil || m.GetCase().GetCaseReference() != ref {
			t.Fatalf("the code after going ahead opens %v, %v; want case %s", m.GetCase().GetCaseReference(), err, ref)
		}
		mineE := s.myEscrow(t, again)
		wantState(t, mineE, c.GetEntryId(), pb.EscrowState_ESCROW_STATE_ACCEPTED)
		wantState(t, mineE, c2.GetEntryId(), pb.EscrowState_ESCROW_STATE_MATCHED) // with D's, moved along
		got, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
		if err != nil || got.GetCase().GetSummary().GetAdviserName() != "Anna de Vries" || got.GetCase().GetSummary().GetAnonymity() != pb.Anonymity_ANONYMITY_ANONYMOUS {
			t.Fatalf("the chosen adviser reads the case: %v %v", got, err)
		}
		if m, err := s.cases.GetCaseMatch(ctx(t, anna), &pb.GetCaseMatchRequest{CaseReference: ref}); err != nil || !m.GetWentAheadTogether() {
			t.Errorf("GetCaseMatch: %v %v", m, err)
		}
		// Reading the match is a read of the case: audited, with nothing of the entries.
		trail, err := pb.NewAuditServiceClient(s.conn).ListAuditEvents(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		read, linked := false, false
		for _, e := range trail.GetEvents() {
			if e.GetActorId() == "anna" && e.GetAction() == "case.read" && strings.Join(e.GetFields(), ",") == "match" {
				read = true
			}
			linked = linked || e.GetAction() == "case.subject.link"
		}
		if !linked {
			t.Errorf("the named person was not linked as the case's subject: %v", trail)
		}
		if !read {
			t.Errorf("GetCaseMatch left no audit event on the case: %v", trail)
		}
		wantNoCanary(t, "the audit trail", trail.String(), accountC, accountD, xName, xNumber, c.GetEntryId(), d.GetEntryId())
		if n := len(s.listCases(t, ivo)); n != casesBefore+1 {
			t.Errorf("intake sees %d cases after going ahead, want %d", n, casesBefore+1)
		}

		// D withdraws: the code no longer opens anything.
		if _, err := s.reporter.WithdrawEscrow(ctx(t, hd), &pb.WithdrawEscrowRequest{EntryId: d.GetEntryId()}); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		_, err = s.reporter.OpenSession(ctx(t, ""), &pb.OpenSessionRequest{ReceiptCode: d.GetReceiptCode()})
		wantCode(t, err, codes.Unauthenticated)
	})
}

// TestEscrowForReporterByAdviser: the case's adviser makes a matching entry for its reporter,
// only with the reporter's consent recorded on the case; the entry is the reporter's (they see
// it in their session, it matches another reporter's) and names the case's adviser; another
// adviser is refused.
func TestEscrowForReporterByAdviser(t *testing.T) {
	forEachDB(t, func(t *testing.T, s *server) {
		tag := strings.ToUpper(randHex(6))
		s.escrowPeople(t, tag)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		s.createAdviser(t, "bas", "Bas Jansen")
		anna, bas := s.tokenFor(t, "anna", "adviser"), s.tokenFor(t, "bas", "adviser")
		refA, a := s.escrowReporter(t, "A")
		if _, err := s.reporter.ChooseAdviser(ctx(t, a), &pb.ChooseAdviserRequest{AdviserId: annaID}); err != nil {
			t.Fatal(err)
		}
		req := &pb.DepositEscrowForReporterRequest{CaseReference: refA, PersonHandle: s.handleOf(t, "", "xandra"), Account: "ACCOUNT told to the adviser, long enough"}

		// Without the reporter's consent: refused, nothing stored.
		_, err := s.cases.DepositEscrowForReporter(ctx(t, anna), req)
		wantCode(t, err, codes.FailedPrecondition)
		if n := len(s.myEscrow(t, a)); n != 0 {
			t.Fatalf("a refused deposit left %d entries", n)
		}
		if _, err := s.cases.RecordConsent(ctx(t, anna), &pb.RecordConsentRequest{CaseReference: refA, Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_ESCROW}); err != nil {
			t.Fatalf("RecordConsent ESCROW: %v", err)
		}
		// Another adviser, consent or not: refused, as for a case they do not handle.
		_, err = s.cases.DepositEscrowForReporter(ctx(t, bas), req)
		wantCode(t, err, codes.NotFound)
		if _, err := s.cases.DepositEscrowForReporter(ctx(t, anna), req); err != nil {
			t.Fatalf("DepositEscrowForReporter with consent: %v", err)
		}
		mine := s.myEscrow(t, a)
		if len(mine) != 1 {
			t.Fatalf("the reporter sees %d entries, want the one the adviser made", len(mine))
		}
		var id string
		for k := range mine {
			id = k
		}
		wantState(t, mine, id, pb.EscrowState_ESCROW_STATE_WAITING)

		// Another reporter names the same person: matched, and the reporter goes ahead.
		_, b := s.escrowReporter(t, "B")
		s.deposit(t, b, s.handleOf(t, b, "xandra"), "ACCOUNT of reporter B, long enough", annaID)
		wantState(t, s.myEscrow(t, a), id, pb.EscrowState_ESCROW_STATE_MATCHED)
		if _, err := s.reporter.AnswerEscrowMatch(ctx(t, a), &pb.AnswerEscrowMatchRequest{EntryId: id, GoAhead: true}); err != nil {
			t.Fatal(err)
		}
		if m, err := s.cases.GetCaseMatch(ctx(t, anna), &pb.GetCaseMatchRequest{CaseReference: refA}); err != nil || !m.GetWentAheadTogether() {
			t.Errorf("GetCaseMatch: %v %v", m, err)
		}
	})
}
