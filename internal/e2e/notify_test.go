package e2e

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/pgtest"
)

// importNotifyOrg imports an organisation in which every member of staff has an e-mail address
// (name@utrecht.example): Sam is in Wijkteams (Wim's unit, under Marieke's Sociaal Domein), Bob
// in Bedrijfsvoering (Bert's unit).
func (s *server) importNotifyOrg(t *testing.T) {
	t.Helper()
	s.importOrgCSV(t, "unit_code;unit_name;parent_code;manager_number\nSO;Sociaal Domein;;1001\nSO-WIJ;Wijkteams;SO;1002\nBO;Bedrijfsvoering;;1003\nINT;Integriteit;;1004\n",
		"number;name;email;unit_code;staff_subject\n"+
			"1001;Marieke;mgr-so@utrecht.example;SO;mgr-so\n1002;Wim;mgr-wij@utrecht.example;SO-WIJ;mgr-wij\n"+
			"1003;Bert;mgr-bo@utrecht.example;BO;mgr-bo\n1004;Ilse;mgr-int@utrecht.example;INT;mgr-int\n"+
			"2001;Sam;sam@utrecht.example;SO-WIJ;sam\n2002;Bob;bob@utrecht.example;BO;bob\n"+
			"3001;Anna;anna@utrecht.example;INT;anna\n3002;Ivo;ivo@utrecht.example;INT;ivo\n"+
			"3003;Ita;ita-1@utrecht.example;INT;ita-1\n3004;Ites;ita-2@utrecht.example;INT;ita-2\n")
}

// TestStaffNotificationsCarryNoContent runs a case from assignment to fact-finding with a
// canary in every content field, against a real SMTP server (mailpit, STARTTLS and AUTH), and
// reads every delivered message back: each event gives exactly one message to each person it
// concerns and to no one else — not to the manager who became conflicted, not to the actor —
// and no message (headers, text or HTML) holds the canary or the case reference.
func TestStaffNotificationsCarryNoContent(t *testing.T) {
	for _, db := range databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			mp := startMailpit(t)
			var dbURL string
			if db == "postgres" {
				dbURL = pgtest.NewDatabase(t, "empty", nil)
			}
			s := startServerWith(t, t.TempDir(), dbURL, mp.serverFlags("--dev")...)
			s.importNotifyOrg(t)
			annaID := s.createAdviser(t, "anna", "Anna de Vries")
			anna := s.tokenFor(t, "anna", "adviser")
			ivo := s.tokenFor(t, "ivo", "intake")
			bert := s.tokenFor(t, "mgr-bo", "manager")
			canary := "CANARY" + randHex(8)

			req := anonymousReport(canary + " description")
			req.OccurredWhen, req.OccurredWhere, req.DesiredOutcome = canary+" when", canary+" where", canary+" outcome"
			req.Subjects, req.Witnesses = []string{canary + " subject"}, []string{canary + " witness"}
			filed := s.fileReport(t, req)
			ref := filed.GetCaseReference()
			session := s.openSession(t, filed.GetReceiptCode())
			version := func(tok string) int64 {
				t.Helper()
				c, err := s.cases.GetCase(ctx(t, tok), &pb.GetCaseRequest{CaseReference: ref})
				if err != nil {
					t.Fatal(err)
				}
				return c.GetCase().GetVersion()
			}
			reporterWrites := func(n int) {
				t.Helper()
				if _, err := s.reporter.SendMyMessage(ctx(t, session), &pb.SendMyMessageRequest{Body: fmt.Sprintf("%s message %d", canary, n)}); err != nil {
					t.Fatalf("reporter's message: %v", err)
				}
			}
			want := map[string]int{}
			total := 0
			expect := func(what string, to ...string) {
				t.Helper()
				for _, r := range to {
					want[r+"@utrecht.example"]++
				}
				total += len(to)
				got := mp.await(t, total, what)
				counts := map[string]int{}
				for _, m := range got {
					if len(m.To) != 1 {
						t.Fatalf("%s: a message to %d addresses, want exactly one", what, len(m.To))
					}
					counts[m.To[0].Address]++
				}
				if !maps.Equal(counts, want) {
					t.Fatalf("%s: messages per address %v, want %v", what, counts, want)
				}
			}

			expect("filing (nobody is assigned yet)")
			chosen := anonymousReport(canary + " description")
			chosen.OccurredWhen, chosen.AdviserId = canary+" when", annaID
			s.fileReport(t, chosen)
			expect("a reporter files with Anna as their adviser", "anna")
			if _, err := s.cases.AssignAdviser(ctx(t, ivo), &pb.AssignAdviserRequest{CaseReference: ref, AdviserId: annaID, Version: version(ivo)}); err != nil {
				t.Fatal(err)
			}
			expect("intake assigns Anna", "anna")
			reporterWrites(1)
			expect("the reporter writes", "anna")
			if _, err := s.cases.SendCaseMessage(ctx(t, anna), &pb.SendCaseMessageRequest{CaseReference: ref, Body: canary + " reply"}); err != nil {
				t.Fatal(err)
			}
			expect("Anna answers (the reporter has no e-mail)")
			if _, err := s.reporter.GiveConsent(ctx(t, session), &pb.GiveConsentRequest{Purpose: pb.ConsentPurpose_CONSENT_PURPOSE_FORMAL_REPORT}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.cases.Escalate(ctx(t, anna), &pb.EscalateRequest{CaseReference: ref, UnitCode: "BO", Version: version(anna)}); err != nil {
				t.Fatal(err)
			}
			expect("Anna escalates to Bedrijfsvoering", "mgr-bo")
			reporterWrites(2)
			expect("the reporter writes again", "anna", "mgr-bo")
			if _, err := s.cases.Weigh(ctx(t, bert), &pb.WeighRequest{
				CaseReference: ref, Outcome: pb.WeighingOutcome_WEIGHING_OUTCOME_REASONABLE_SUSPICION,
				Rationale: canary + " rationale", Version: version(bert),
				Checklist: &pb.WeighingChecklist{ConcreteFacts: true, Severity: pb.Severity_SEVERITY_HIGH},
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.cases.StartInvestigation(ctx(t, bert), &pb.StartInvestigationRequest{
				CaseReference: ref, Plan: &pb.InvestigationPlan{Scope: canary + " scope"}, Team: []string{"ita-1", "ita-2"}, Version: version(bert),
			}); err != nil {
				t.Fatal(err)
			}
			expect("Bert starts fact-finding with Ita and Ites", "ita-1", "ita-2")
			// Bob, of Bert's unit, turns out to be a subject: Bert is conflicted from now on.
			if _, err := s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2002"}); err != nil {
				t.Fatalf("link subject: %v", err)
			}
			reporterWrites(3)
			expect("the reporter writes once more", "anna", "ita-1", "ita-2")

			for _, m := range mp.messages(t) {
				src := mp.source(t, m.ID)
				for _, secret := range []string{canary, ref, "Sam", "Bob", "Anna", "Bert"} {
					if strings.Contains(src, secret) {
						t.Errorf("the message to %s holds %q:\n%s", m.To[0].Address, secret, src)
					}
				}
				for _, must := range []string{"Er staat iets voor u klaar in Meldpunt", "https://meldpunt.utrecht.example/medewerkers/", "Something is waiting for you"} {
					if !strings.Contains(src, must) {
						t.Errorf("the message to %s lacks %q", m.To[0].Address, must)
					}
				}
			}
			ids := map[string]bool{}
			for _, m := range mp.messages(t) {
				ids[m.MessageID] = true
			}
			if len(ids) != total || slices.Contains(slices.Collect(maps.Keys(ids)), "") {
				t.Errorf("%d distinct Message-IDs for %d messages", len(ids), total)
			}
		})
	}
}
