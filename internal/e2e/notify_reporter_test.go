package e2e

import (
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

// rawDump is everything someone with the database (and without the keys) could read: on SQLite
// the database file and its write-ahead log, on PostgreSQL a pg_dump.
func (s *server) rawDump(t *testing.T) string {
	t.Helper()
	if s.dbURL == "" {
		var b strings.Builder
		for _, suffix := range []string{"", "-wal"} {
			data, err := os.ReadFile(filepath.Join(s.dataDir, "meldpunt.db"+suffix))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			b.Write(data)
		}
		return b.String()
	}
	out, err := exec.Command(pgTool(t, "pg_dump"), "--dbname", s.dbURL, "--data-only").Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	return string(out)
}

// wantAbsent fails when the dump holds the address, as text or hex (a bytea column).
func wantAbsent(t *testing.T, dump, addr, when string) {
	t.Helper()
	if strings.Contains(dump, addr) || strings.Contains(strings.ToLower(dump), hex.EncodeToString([]byte(addr))) {
		t.Errorf("%s: the raw database holds the reporter's address in plain text", when)
	}
}

// TestReporterNotificationsCarryNoContent: a confidential reporter who leaves an address is told
// once per staff reply (and at the acknowledgement), by an e-mail that holds none of the case's
// content, neither its reference nor the receipt code, and links to the reporter pages; the
// address is sealed in the database, in no log, audit event or staff read; a malformed address is
// refused naming the field and changes nothing, over gRPC and REST; an anonymous reporter stores
// no address (and cannot); a removed address gets nothing; a changed one gets the next reply; and
// once the case is destroyed its address is gone from the database and the outbox.
func TestReporterNotificationsCarryNoContent(t *testing.T) {
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			mp := startMailpit(t)
			var dbURL string
			if db == "postgres" {
				dbURL = pgtest.NewDatabase(t, "empty", nil)
			}
			s := startServerWith(t, t.TempDir(), dbURL, mp.serverFlags("--dev", "--notify-reporter-url", "https://meldpunt.utrecht.example/")...)
			annaID := s.createAdviser(t, "anna", "Anna de Vries")
			anna := s.tokenFor(t, "anna", "adviser")
			ivo := s.tokenFor(t, "ivo", "intake")
			canary := "CANARY" + randHex(8)
			addr := "rep-" + randHex(6) + "@reporter.example"
			addr2 := "rep2-" + randHex(6) + "@reporter.example"

			// Bad input first: nothing is filed.
			bad := anonymousReport(canary + " description")
			bad.Anonymity, bad.Identity = pb.Anonymity_ANONYMITY_CONFIDENTIAL, &pb.ReporterIdentity{Name: canary + " name"}
			bad.NotifyEmail = "not an address"
			st := wantCode(t, func() error { _, err := s.reporter.FileReport(ctx(t, ""), bad); return err }(), codes.InvalidArgument)
			if f := badRequestFields(st); len(f) != 1 || f[0] != "notify_email" {
				t.Errorf("malformed address: fields %v, want [notify_email]", f)
			}
			anonWith := anonymousReport(canary + " description")
			anonWith.NotifyEmail = addr
			st = wantCode(t, func() error { _, err := s.reporter.FileReport(ctx(t, ""), anonWith); return err }(), codes.InvalidArgument)
			if f := badRequestFields(st); len(f) != 1 || f[0] != "notify_email" {
				t.Errorf("anonymous with an address: fields %v, want [notify_email]", f)
			}
			if n := len(s.listCases(t, ivo)); n != 0 {
				t.Fatalf("refused filings stored %d cases", n)
			}

			req := anonymousReport(canary + " description")
			req.OccurredWhen, req.OccurredWhere, req.DesiredOutcome = canary+" when", canary+" where", canary+" outcome"
			req.Subjects, req.Witnesses = []string{canary + " subject"}, []string{canary + " witness"}
			req.Anonymity = pb.Anonymity_ANONYMITY_CONFIDENTIAL
			req.Identity = &pb.ReporterIdentity{Name: canary + " name", Contact: canary + " contact", Department: canary + " dept"}
			req.AdviserId, req.NotifyEmail, req.NotifyLanguage = annaID, addr, "en"
			filed := s.fileReport(t, req)
			ref, code := filed.GetCaseReference(), filed.GetReceiptCode()
			session := s.openSession(t, code)

			// An anonymous reporter by default stores nothing, and cannot add an address later.
			anon := s.fileReport(t, anonymousReport(canary+" anonymous description"))
			anonSession := s.openSession(t, anon.GetReceiptCode())
			_, err := s.reporter.SetMyNotificationEmail(ctx(t, anonSession), &pb.SetMyNotificationEmailRequest{Email: addr2})
			if f := badRequestFields(wantCode(t, err, codes.InvalidArgument)); len(f) != 1 || f[0] != "notify_email" {
				t.Errorf("anonymous session: fields %v, want [notify_email]", f)
			}
			raw := s.rawDB(t)
			var stored int
			if err := raw.QueryRow(s.sqlQuery("SELECT count(*) FROM cases WHERE reporter_notify_sealed IS NOT NULL")).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if stored != 1 {
				t.Fatalf("%d cases hold an address, want 1 (the confidential one, not the anonymous)", stored)
			}
			var sealed []byte
			if err := raw.QueryRow(s.sqlQuery("SELECT reporter_notify_sealed FROM cases WHERE reference = ?"), ref).Scan(&sealed); err != nil {
				t.Fatal(err)
			}
			if len(sealed) == 0 || strings.Contains(string(sealed), addr) {
				t.Fatalf("the address is not sealed: %q", sealed)
			}
			wantAbsent(t, s.rawDump(t), addr, "after filing")

			// No member of staff has an address in the register: every delivered message is a
			// reporter's.
			toReporter := map[string]int{}
			expect := func(what string, to string) {
				t.Helper()
				if to != "" {
					toReporter[to]++
				}
				got := map[string]int{}
				for _, m := range mp.await(t, sum(toReporter), what) {
					if len(m.To) != 1 {
						t.Fatalf("%s: a message to %d addresses", what, len(m.To))
					}
					got[m.To[0].Address]++
				}
				if fmt.Sprint(got) != fmt.Sprint(toReporter) {
					t.Fatalf("%s: messages per address %v, want %v", what, got, toReporter)
				}
			}
			version := func() int64 {
				t.Helper()
				c, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
				if err != nil {
					t.Fatal(err)
				}
				return c.GetCase().GetVersion()
			}
			reply := func(n int) {
				t.Helper()
				if _, err := s.cases.SendCaseMessage(ctx(t, anna), &pb.SendCaseMessageRequest{CaseReference: ref, Body: fmt.Sprintf("%s reply %d", canary, n)}); err != nil {
					t.Fatal(err)
				}
			}

			if _, err := s.cases.AcknowledgeCase(ctx(t, ivo), &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: canary + " acknowledgement"}); err != nil {
				t.Fatal(err)
			}
			expect("the acknowledgement, with a message", addr)
			reply(1)
			expect("Anna's first reply", addr)
			reply(2)
			expect("Anna's second reply", addr)
			if _, err := s.reporter.SendMyMessage(ctx(t, session), &pb.SendMyMessageRequest{Body: canary + " from the reporter"}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.cases.AcknowledgeCase(ctx(t, ivo), &pb.AcknowledgeCaseRequest{CaseReference: anon.GetCaseReference()}); err != nil {
				t.Fatal(err)
			}
			expect("the reporter's own message, and the anonymous case's acknowledgement", "")

			// Malformed over gRPC and REST: refused, naming the field, and nothing changes.
			_, err = s.reporter.SetMyNotificationEmail(ctx(t, session), &pb.SetMyNotificationEmailRequest{Email: "two@a.example, three@b.example"})
			if f := badRequestFields(wantCode(t, err, codes.InvalidArgument)); len(f) != 1 || f[0] != "email" {
				t.Errorf("malformed address over gRPC: fields %v, want [email]", f)
			}
			if e := s.rest(t, "POST", "/v1/reporter/case:setNotificationEmail", session, map[string]string{"email": "Anna <x@y.example>"}).wantError(t, 400); !strings.Contains(e.Message, "email") {
				t.Errorf("malformed address over REST: %q does not name the field", e.Message)
			}
			reply(3)
			expect("a reply after refused changes: the address stands", addr)

			// Removed over REST: nothing more.
			var set struct {
				NotifyEmailSet bool `json:"notifyEmailSet"`
			}
			s.rest(t, "POST", "/v1/reporter/case:setNotificationEmail", session, map[string]string{"email": ""}).want(t, 200, &set)
			if set.NotifyEmailSet {
				t.Fatal("removing the address answers that one is set")
			}
			mine, err := s.reporter.GetMyCase(ctx(t, session), &pb.GetMyCaseRequest{})
			if err != nil || mine.GetCase().GetNotifyEmailSet() {
				t.Fatalf("after removing: set %v, %v", mine.GetCase().GetNotifyEmailSet(), err)
			}
			reply(4)
			expect("a reply after the address was removed", "")
			// Changed over gRPC: the next reply goes to the new address, in Dutch and English.
			if _, err := s.reporter.SetMyNotificationEmail(ctx(t, session), &pb.SetMyNotificationEmailRequest{Email: addr2, Language: "tr"}); err != nil {
				t.Fatal(err)
			}
			reply(5)
			expect("a reply after a new address was left", addr2)

			secrets := []string{canary, ref, code, strings.ReplaceAll(code, "-", ""), "Anna", "medewerkers"}
			for _, m := range mp.messages(t) {
				src := mp.source(t, m.ID)
				for _, secret := range secrets {
					if strings.Contains(src, secret) {
						t.Errorf("the message to the reporter holds %q:\n%s", secret, src)
					}
				}
				musts := []string{"https://meldpunt.utrecht.example/", "There is a reply to your report"}
				if m.To[0].Address == addr2 {
					musts = append(musts, "Er is een antwoord op uw melding")
				} else if strings.Contains(src, "Er is een antwoord op uw melding") {
					t.Errorf("the reporter chose English, the message is in Dutch too")
				}
				for _, must := range musts {
					if !strings.Contains(src, must) {
						t.Errorf("the message to the reporter lacks %q:\n%s", must, src)
					}
				}
			}

			// Staff reads, the audit trail and the logs never show the address.
			c, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
			if err != nil {
				t.Fatal(err)
			}
			audit, err := pb.NewAuditServiceClient(s.conn).ListAuditEvents(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 500})
			if err != nil {
				t.Fatal(err)
			}
			for what, m := range map[string]proto.Message{"the staff's case": c, "the audit trail": audit} {
				if b, _ := protojson.Marshal(m); strings.Contains(string(b), addr) || strings.Contains(string(b), addr2) {
					t.Errorf("%s shows the reporter's address", what)
				}
			}
			for _, a := range []string{addr, addr2} {
				if strings.Contains(s.logs.String(), a) {
					t.Errorf("the server's log holds the reporter's address")
				}
				wantAbsent(t, s.rawDump(t), a, "before destruction")
			}

			// Destroyed with the case: the sealed address and the outbox rows are gone.
			if _, err := s.cases.CloseCase(ctx(t, anna), &pb.CloseCaseRequest{CaseReference: ref,
				Outcome: pb.SupportOutcome_SUPPORT_OUTCOME_RESOLVED_INFORMALLY, Version: version()}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1100 * time.Millisecond)
			args := []string{"retention", "run", "--data-dir", s.dataDir, "--case-retention", "1s"}
			if s.dbURL != "" {
				args = append(args, "--database-url", s.dbURL)
			}
			cmd := exec.Command(meldpuntBin, args...)
			cmd.Env = cleanEnv()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("retention run: %v\n%s", err, out)
			}
			if err := raw.QueryRow(s.sqlQuery("SELECT count(*) FROM cases WHERE reporter_notify_sealed IS NOT NULL")).Scan(&stored); err != nil || stored != 0 {
				t.Fatalf("after destruction %d cases hold an address (%v)", stored, err)
			}
			var queued int
			if err := raw.QueryRow(s.sqlQuery("SELECT count(*) FROM notifications WHERE kind = 'REPORTER_REPLY'")).Scan(&queued); err != nil || queued != 0 {
				t.Fatalf("after destruction the outbox holds %d of the reporter's messages (%v)", queued, err)
			}
			for _, a := range []string{addr, addr2} {
				wantAbsent(t, s.rawDump(t), a, "after destruction")
			}
			expect("after destruction", "")
		})
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
