package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// refusedEvents are the trail's refusals of actor (action case.access.refused).
func refusedEvents(evs []*pb.AuditEvent, actor string) []*pb.AuditEvent {
	var out []*pb.AuditEvent
	for _, e := range evs {
		if e.GetAction() == "case.access.refused" && e.GetActorId() == actor {
			out = append(out, e)
		}
	}
	return out
}

// wantRefusal asserts that the trail has exactly one refusal of actor, with these fields.
func wantRefusal(t *testing.T, evs []*pb.AuditEvent, actor string, fields ...string) {
	t.Helper()
	got := refusedEvents(evs, actor)
	if len(got) != 1 {
		t.Fatalf("%d refusals of %s in the trail, want 1: %v", len(got), actor, evs)
	}
	for _, f := range fields {
		if !slices.Contains(got[0].GetFields(), f) {
			t.Errorf("refusal of %s has fields %v, want %s among them", actor, got[0].GetFields(), f)
		}
	}
}

// TestRefusedReadsAreAudited: a staff member refused a case — a manager it was not escalated to,
// a conflicted colleague, a role that may not read messages, over gRPC, REST and the staff
// pages — gets the same answer as before (the same 404 as for a case that does not exist), and
// the auditor sees who tried in the case's trail, which stays intact; a reference no case has
// goes to the organisation's trail (MP-00000000); a flood of 1,000 probes by one person adds a
// bounded number of events.
func TestRefusedReadsAreAudited(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		s.importOrg(t)
		s.importOrgExtra(t)
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		req := anonymousReport("A case about Sam that others must not open. " + randHex(4))
		req.AdviserId = annaID
		ref := s.fileReport(t, req).GetCaseReference()
		anna := s.tokenFor(t, "anna", "adviser")
		if _, err := s.cases.LinkSubject(ctx(t, anna), &pb.LinkSubjectRequest{CaseReference: ref, EmployeeNumber: "2001"}); err != nil {
			t.Fatal(err)
		}
		const absent = "MP-ZZZZZZZZ"
		sameAsAbsent := func(who, msg, absentMsg string) {
			t.Helper()
			if strings.ReplaceAll(msg, ref, "REF") != strings.ReplaceAll(absentMsg, absent, "REF") {
				t.Errorf("%s: refused %q, absent %q: the answers differ", who, msg, absentMsg)
			}
		}

		// The manager of another unit: 404 over gRPC and REST, as for a case that does not exist.
		mgrX := s.tokenFor(t, "mgr-x", "manager")
		_, err := s.cases.GetCase(ctx(t, mgrX), &pb.GetCaseRequest{CaseReference: ref})
		st := wantCode(t, err, codes.NotFound)
		_, err = s.cases.GetCase(ctx(t, mgrX), &pb.GetCaseRequest{CaseReference: absent})
		sameAsAbsent("mgr-x over gRPC", st.Message(), wantCode(t, err, codes.NotFound).Message())
		e := s.rest(t, http.MethodGet, "/v1/cases/"+ref, mgrX, nil).wantError(t, http.StatusNotFound)
		ea := s.rest(t, http.MethodGet, "/v1/cases/"+absent, mgrX, nil).wantError(t, http.StatusNotFound)
		sameAsAbsent("mgr-x over REST", e.Message, ea.Message)

		// Sam, a subject of the case, with the intake role: the conflict of interest, over REST.
		sam := s.tokenFor(t, "sam", "intake")
		e = s.rest(t, http.MethodGet, "/v1/cases/"+ref, sam, nil).wantError(t, http.StatusNotFound)
		ea = s.rest(t, http.MethodGet, "/v1/cases/"+absent, sam, nil).wantError(t, http.StatusNotFound)
		sameAsAbsent("sam over REST", e.Message, ea.Message)

		// HR may not read messages at all: refused by the table, before any case is looked at.
		hanna := s.tokenFor(t, "hanna", "hr")
		_, err = s.cases.ListCaseMessages(ctx(t, hanna), &pb.ListCaseMessagesRequest{CaseReference: ref})
		wantCode(t, err, codes.PermissionDenied)

		// A manager through the staff pages: the same "no such page" for the case and for none.
		bas := newStaffBrowser(t, s)
		if res, _ := bas.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"bas"}, "name": {"Bas"}, "role": {"manager"}}); res.StatusCode != 303 {
			t.Fatalf("bas's sign-in: %d", res.StatusCode)
		}
		res, body := bas.do("GET", "/medewerkers/zaken/"+ref, nil)
		resA, bodyA := bas.do("GET", "/medewerkers/zaken/"+absent, nil)
		if res.StatusCode != http.StatusNotFound || resA.StatusCode != http.StatusNotFound ||
			strings.ReplaceAll(body, ref, "REF") != strings.ReplaceAll(bodyA, absent, "REF") {
			t.Errorf("pages: refused %d, absent %d; the pages differ: %v", res.StatusCode, resA.StatusCode,
				strings.ReplaceAll(body, ref, "REF") != strings.ReplaceAll(bodyA, absent, "REF"))
		}

		// The auditor sees who tried, over gRPC and REST, and the trail is intact.
		aud := s.tokenFor(t, "aud", "auditor")
		trails := pb.NewAuditServiceClient(s.conn)
		list, err := trails.ListAuditEvents(ctx(t, aud), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		evs := list.GetEvents()
		wantRefusal(t, evs, "mgr-x", "refused=CaseService/GetCase", "reason=not_assigned", "via=api")
		wantRefusal(t, evs, "sam", "refused=CaseService/GetCase", "reason=conflict_of_interest", "via=api")
		wantRefusal(t, evs, "hanna", "refused=CaseService/ListCaseMessages", "reason=role", "via=api")
		wantRefusal(t, evs, "bas", "refused=CaseService/GetCase", "reason=not_assigned", "via=pages")
		var restList struct {
			Events []struct {
				ActorID string   `json:"actorId"`
				Action  string   `json:"action"`
				Fields  []string `json:"fields"`
			} `json:"events"`
		}
		s.rest(t, http.MethodGet, "/v1/cases/"+ref+"/audit?pageSize=500", aud, nil).want(t, http.StatusOK, &restList)
		seen := 0
		for _, ev := range restList.Events {
			if ev.Action == "case.access.refused" && ev.ActorID == "sam" && slices.Contains(ev.Fields, "reason=conflict_of_interest") {
				seen++
			}
		}
		if seen != 1 {
			t.Errorf("REST: %d refusals of sam for conflict, want 1", seen)
		}
		for _, e := range evs {
			if e.GetAction() == "case.access.refused" && strings.Contains(strings.Join(e.GetFields(), ","), "ref=") {
				t.Errorf("a refusal on an existing case repeats the reference: %v", e.GetFields())
			}
		}
		v, err := trails.VerifyAuditTrail(ctx(t, aud), &pb.VerifyAuditTrailRequest{CaseReference: ref})
		if err != nil || !v.GetIntact() {
			t.Fatalf("verify the case's trail: %v %v", v, err)
		}
		var restV struct {
			Intact bool `json:"intact"`
		}
		s.rest(t, http.MethodPost, "/v1/cases/"+ref+"/audit:verify", aud, map[string]any{}).want(t, http.StatusOK, &restV)
		if !restV.Intact {
			t.Errorf("REST: the case's trail is not intact")
		}

		// The staff pages' audit page shows it too.
		auditor := newStaffBrowser(t, s)
		auditor.do("POST", "/medewerkers/inloggen/dev", url.Values{"subject": {"aud"}, "name": {"Aud"}, "role": {"auditor"}})
		if res, body := auditor.do("GET", "/medewerkers/audit?zaak="+ref, nil); res.StatusCode != 200 ||
			!strings.Contains(body, "case.access.refused") || !strings.Contains(body, "reason=conflict_of_interest") {
			t.Errorf("the auditor's page (%d) does not show the refusals", res.StatusCode)
		}

		// The reference no case has: in the organisation's trail, with the reference.
		org, err := trails.ListAuditEvents(ctx(t, aud), &pb.ListAuditEventsRequest{CaseReference: "MP-00000000", PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		wantRefusal(t, org.GetEvents(), "mgr-x", "refused=CaseService/GetCase", "reason=unknown_case", "ref="+absent)

		// A flood: 1,000 probes by one person, half on the case, half on references no case has.
		mallory := s.tokenFor(t, "mallory", "manager")
		c := ctx(t, mallory)
		var took [2]time.Duration // on the case, on none
		for i := range 1000 {
			probe := ref
			if i%2 == 1 {
				probe = fmt.Sprintf("MP-%08X", i) // hex digits are Crockford characters
			}
			start := time.Now()
			if _, err := s.cases.GetCase(c, &pb.GetCaseRequest{CaseReference: probe}); status.Code(err) != codes.NotFound {
				t.Fatalf("probe %d: %v", i, err)
			}
			took[i%2] += time.Since(start)
		}
		t.Logf("mean 404: %s for the case, %s for none", took[0]/500, took[1]/500)
		list, err = trails.ListAuditEvents(ctx(t, aud), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		org, err = trails.ListAuditEvents(ctx(t, aud), &pb.ListAuditEventsRequest{CaseReference: "MP-00000000", PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		// One each per minute: the probes take well under two minutes.
		onCase, onOrg := len(refusedEvents(list.GetEvents(), "mallory")), len(refusedEvents(org.GetEvents(), "mallory"))
		t.Logf("1,000 probes: %d events on the case's trail, %d on the organisation's", onCase, onOrg)
		if onCase < 1 || onCase > 2 || onOrg < 1 || onOrg > 2 {
			t.Errorf("1,000 probes made %d events on the case's trail and %d on the organisation's, want 1 or 2 each", onCase, onOrg)
		}
		for _, r := range []string{ref, "MP-00000000"} {
			if v, err := trails.VerifyAuditTrail(ctx(t, aud), &pb.VerifyAuditTrailRequest{CaseReference: r}); err != nil || !v.GetIntact() {
				t.Errorf("verify %s after the flood: %v %v", r, v, err)
			}
		}
	})
}
