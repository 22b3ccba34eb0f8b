package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// A conversation duration beyond int32 (4294967326 is 30 modulo 2^32) is refused by the staff
// form with 400 and the field named, and nothing is stored; 30 then logs a 30-minute talk.
func TestStaffFormNumberOutOfRange(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	admin, adviser := s.staffToken(t, "admin"), s.staffToken(t, "adviser")
	created, err := pb.NewAdviserServiceClient(s.conn).CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
		StaffSubject: "alice",
		Profile:      &pb.AdviserProfile{Name: "Alice de Vertrouwenspersoon", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL},
	})
	if err != nil {
		t.Fatalf("CreateAdviser: %v", err)
	}
	req := anonymousReport("Mijn leidinggevende schreeuwt tegen mij in het teamoverleg.")
	req.AdviserId = created.GetAdviser().GetAdviserId()
	ref := s.fileReport(t, req).GetCaseReference()

	b := newStaffBrowser(t, s)
	res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"alice"}, "name": {"Alice"}, "role": {"adviser"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dev sign-in: %d", res.StatusCode)
	}
	res, page := b.do("GET", "/medewerkers/zaken/"+ref, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("case page: %d", res.StatusCode)
	}
	form := url.Values{
		"csrf": {csrfOf(t, page)}, "held_on": {time.Now().Add(-48 * time.Hour).Format("2006-01-02")},
		"form": {"CONVERSATION_FORM_PHONE"}, "notes": {"Telefonisch gesprek over het schreeuwen."},
	}
	for _, d := range []string{"4294967326", "2147483648", "-30", "1e3", ""} {
		form.Set("duration", d)
		res, body := b.do("POST", "/medewerkers/zaken/"+ref+"/gesprek", form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Duur in minuten: vul een heel getal in van 1 tot en met 600.") {
			t.Errorf("duration %q: %d, want 400 naming the field\n%.2000s", d, res.StatusCode, body)
		}
	}
	list, err := s.cases.ListConversations(ctx(t, adviser), &pb.ListConversationsRequest{CaseReference: ref})
	if err != nil {
		t.Fatalf("ListConversations: %v", err)
	}
	if n := len(list.GetConversations()); n != 0 {
		t.Fatalf("refused forms stored %d conversations: %v", n, list.GetConversations())
	}

	form.Set("duration", " 30 ")
	if res, body := b.do("POST", "/medewerkers/zaken/"+ref+"/gesprek", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("duration 30: %d\n%.2000s", res.StatusCode, body)
	}
	list, err = s.cases.ListConversations(ctx(t, adviser), &pb.ListConversationsRequest{CaseReference: ref})
	if err != nil {
		t.Fatalf("ListConversations: %v", err)
	}
	if cs := list.GetConversations(); len(cs) != 1 || cs[0].GetDurationMinutes() != 30 {
		t.Fatalf("after a valid form: %v", cs)
	}
}

// A form's version (optimistic concurrency) that is not a whole number from 0 is refused with
// 400 naming the field, before any service is called; it used to be read as 0 and answered
// "changed meanwhile" (409). The right version then goes through.
func TestStaffFormVersionMustBeANumber(t *testing.T) {
	t.Parallel()
	s := startServer(t, "sqlite")
	admin, adviser := s.staffToken(t, "admin"), s.tokenFor(t, "alice", "adviser")
	created, err := pb.NewAdviserServiceClient(s.conn).CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
		StaffSubject: "alice",
		Profile:      &pb.AdviserProfile{Name: "Alice de Vertrouwenspersoon", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL},
	})
	if err != nil {
		t.Fatalf("CreateAdviser: %v", err)
	}
	req := anonymousReport("Mijn leidinggevende schreeuwt tegen mij in het teamoverleg.")
	req.AdviserId = created.GetAdviser().GetAdviserId()
	ref := s.fileReport(t, req).GetCaseReference()

	b := newStaffBrowser(t, s)
	if res, _ := b.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"alice"}, "name": {"Alice"}, "role": {"adviser"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("dev sign-in: %d", res.StatusCode)
	}
	_, page := b.do("GET", "/medewerkers/zaken/"+ref, nil)
	before, err := s.cases.GetCase(ctx(t, adviser), &pb.GetCaseRequest{CaseReference: ref})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}}
	for _, v := range []string{"abc", "1.5", "-1", "99999999999999999999", "", "0x1"} {
		form.Set("version", v)
		res, body := b.do("POST", "/medewerkers/zaken/"+ref+"/begeleiding-beeindigen", form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "geen geldige versie (veld version)") {
			t.Errorf("version %q: %d, want 400 naming the field\n%.1500s", v, res.StatusCode, body)
		}
	}
	after, err := s.cases.GetCase(ctx(t, adviser), &pb.GetCaseRequest{CaseReference: ref})
	if err != nil {
		t.Fatal(err)
	}
	if after.GetCase().GetVersion() != before.GetCase().GetVersion() || after.GetCase().GetSummary().GetAdviserId() == "" {
		t.Fatalf("a refused form changed the case: %v", after.GetCase())
	}
	form.Set("version", fmt.Sprint(before.GetCase().GetVersion()))
	if res, body := b.do("POST", "/medewerkers/zaken/"+ref+"/begeleiding-beeindigen", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the right version: %d\n%.1500s", res.StatusCode, body)
	}
}
