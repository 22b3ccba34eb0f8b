package e2e

import (
	"bytes"
	"database/sql"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/store" // the database drivers, for tampering
)

// rawDB opens the server's database directly, as someone with access to it (and without the
// keys) would.
func (s *server) rawDB(t *testing.T) *sql.DB {
	t.Helper()
	driver, dsn := "postgres", s.dbURL
	if dsn == "" {
		driver, dsn = "sqlite", "file:"+filepath.Join(s.dataDir, "meldpunt.db")+"?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sqlQuery turns the ? of a query into $n for PostgreSQL.
func (s *server) sqlQuery(query string) string {
	if s.dbURL == "" || !store.IsPostgres(s.dbURL) {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// auditVerifyCLI runs `meldpunt audit verify --case ref` on the server's data and returns its
// output and whether it succeeded.
func (s *server) auditVerifyCLI(t *testing.T, ref string) (string, bool) {
	t.Helper()
	args := []string{"audit", "verify", "--case", ref, "--data-dir", s.dataDir, "--as", "e2e-auditor"}
	if s.dbURL != "" {
		args = append(args, "--database-url", s.dbURL)
	}
	cmd := exec.Command(meldpuntBin, args...)
	cmd.Env = cleanEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("audit verify: %v", err)
	}
	return out.String(), err == nil
}

// TestTheAuditorVerifiesTheTrail: every read and change of a case is in its trail, which only the
// auditor lists (a page at a time, over gRPC and REST) and verifies; the trail verifies intact,
// with the service and with `meldpunt audit verify`, until an event is removed from the
// database, which both then name.
func TestTheAuditorVerifiesTheTrail(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		auditor := s.tokenFor(t, "aud", "auditor")
		intake := s.tokenFor(t, "ivo", "intake")
		admin := s.tokenFor(t, "admin-1", "admin")
		trail := pb.NewAuditServiceClient(s.conn)

		filed := s.fileReport(t, anonymousReport("A case whose trail the auditor checks. "+randHex(4)))
		ref := filed.GetCaseReference()
		reporter := s.openSession(t, filed.GetReceiptCode())
		if _, err := s.reporter.GetMyCase(ctx(t, reporter), &pb.GetMyCaseRequest{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.AcknowledgeCase(ctx(t, intake), &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: "Thank you."}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := s.cases.GetCase(ctx(t, intake), &pb.GetCaseRequest{CaseReference: ref}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.cases.ListCaseMessages(ctx(t, intake), &pb.ListCaseMessagesRequest{CaseReference: ref}); err != nil {
			t.Fatal(err)
		}

		// Page through it over gRPC: the filing first, intake's reads by name, no content.
		var events []*pb.AuditEvent
		for token := ""; ; {
			res, err := trail.ListAuditEvents(ctx(t, auditor), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 3, PageToken: token})
			if err != nil {
				t.Fatalf("ListAuditEvents: %v", err)
			}
			if token == "" && res.GetTotal() < 7 {
				t.Errorf("total %d, want at least 7", res.GetTotal())
			}
			events = append(events, res.GetEvents()...)
			if token = res.GetNextPageToken(); token == "" {
				break
			}
		}
		// Oldest first; the reporter's events (filing, session, read) are timed to the hour only,
		// so they come first, in no particular order among themselves.
		if len(events) < 7 || !slices.ContainsFunc(events[:3], func(e *pb.AuditEvent) bool { return e.GetAction() == "case.file" }) {
			t.Fatalf("trail: %v", events)
		}
		reads := 0
		for _, e := range events {
			if e.GetAction() == "case.read" && e.GetActorKind() == "STAFF" && e.GetActorId() == "ivo" {
				reads++
			}
			if strings.Contains(e.String(), "checks") {
				t.Errorf("report text in the trail: %v", e)
			}
		}
		if reads != 3 {
			t.Errorf("%d reads by intake in the trail, want 3", reads)
		}
		// Over REST too.
		var page struct {
			Events []struct {
				Action    string `json:"action"`
				ActorKind string `json:"actorKind"`
			} `json:"events"`
			Total int `json:"total"`
		}
		s.rest(t, http.MethodGet, "/v1/cases/"+ref+"/audit?pageSize=2", auditor, nil).want(t, http.StatusOK, &page)
		if len(page.Events) != 2 || page.Events[0].ActorKind != "REPORTER" || page.Total < 8 {
			t.Errorf("REST page: %+v", page)
		}

		// Only the auditor.
		for _, tok := range []string{intake, admin, reporter, ""} {
			_, err := trail.VerifyAuditTrail(ctx(t, tok), &pb.VerifyAuditTrailRequest{CaseReference: ref})
			wantCodeIn(t, err, codes.PermissionDenied, codes.Unauthenticated)
		}
		s.rest(t, http.MethodPost, "/v1/cases/"+ref+"/audit:verify", intake, map[string]any{}).wantError(t, http.StatusForbidden)

		res, err := trail.VerifyAuditTrail(ctx(t, auditor), &pb.VerifyAuditTrailRequest{CaseReference: ref})
		if err != nil {
			t.Fatalf("VerifyAuditTrail: %v", err)
		}
		if !res.GetIntact() || res.GetEvents() < 9 || res.GetVerifiedAt() == nil {
			t.Fatalf("untouched trail: %v", res)
		}
		var restRes struct {
			Intact bool `json:"intact"`
			Events int  `json:"events"`
		}
		s.rest(t, http.MethodPost, "/v1/cases/"+ref+"/audit:verify", auditor, map[string]any{}).want(t, http.StatusOK, &restRes)
		if !restRes.Intact || restRes.Events != int(res.GetEvents())+1 {
			t.Errorf("REST verification: %+v, want intact with the gRPC verification's event added", restRes)
		}
		if out, ok := s.auditVerifyCLI(t, ref); !ok || !strings.Contains(out, "intact") {
			t.Fatalf("meldpunt audit verify on an intact trail failed:\n%s", out)
		}

		// Someone with database access removes the last case.read that has events after it (a
		// read in the middle of the trail).
		db := s.rawDB(t)
		var removed string
		for i, e := range events {
			if e.GetAction() == "case.read" && i+1 < len(events) {
				removed = e.GetId()
			}
		}
		if _, err := db.Exec(s.sqlQuery(`DELETE FROM audit_events WHERE id = ?`), removed); err != nil {
			t.Fatal(err)
		}
		res, err = trail.VerifyAuditTrail(ctx(t, auditor), &pb.VerifyAuditTrailRequest{CaseReference: ref})
		if err != nil {
			t.Fatal(err)
		}
		if res.GetIntact() || len(res.GetBrokenLinkEventIds()) == 0 || len(res.GetAlteredEventIds()) > 0 {
			t.Fatalf("after removing an event: %v", res)
		}
		out, ok := s.auditVerifyCLI(t, ref)
		if ok || !strings.Contains(out, "broken link") || !strings.Contains(out, res.GetBrokenLinkEventIds()[0]) {
			t.Fatalf("meldpunt audit verify after removing an event succeeded or does not name it:\n%s", out)
		}
	})
}

// TestTheAdviserCorrectsAConversation: the adviser who logged a conversation corrects the notes
// (REST PATCH and gRPC); when and how it took place stay; nobody else can, nothing after the case
// closed; the auditor sees the corrections in the trail.
func TestTheAdviserCorrectsAConversation(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		annaID := s.createAdviser(t, "anna", "Anna de Vries")
		s.createAdviser(t, "bas", "Bas Jansen")
		anna := s.tokenFor(t, "anna", "adviser")
		bas := s.tokenFor(t, "bas", "adviser")
		intake := s.tokenFor(t, "ivo", "intake")

		req := anonymousReport("Shouting in team meetings. " + randHex(4))
		req.AdviserId = annaID
		ref := s.fileReport(t, req).GetCaseReference()
		heldOn := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Second)
		logged, err := s.cases.LogConversation(ctx(t, anna), &pb.LogConversationRequest{
			CaseReference: ref, HeldOn: timestamppb.New(heldOn), Form: pb.ConversationForm_CONVERSATION_FORM_IN_PERSON,
			DurationMinutes: 40, Notes: "First meeting, typo: shuoting.", Topics: []string{"bullying"},
		})
		if err != nil {
			t.Fatal(err)
		}
		id := logged.GetConversation().GetId()
		if logged.GetConversation().GetUpdatedAt() != nil {
			t.Errorf("a new conversation has an update time: %v", logged.GetConversation())
		}

		var patched struct {
			Conversation struct {
				Notes     string    `json:"notes"`
				Topics    []string  `json:"topics"`
				HeldOn    time.Time `json:"heldOn"`
				UpdatedAt time.Time `json:"updatedAt"`
				Duration  int       `json:"durationMinutes"`
			} `json:"conversation"`
		}
		s.rest(t, http.MethodPatch, "/v1/cases/"+ref+"/conversations/"+id, anna, map[string]any{
			"notes": "First meeting: the shouting in team meetings.", "topics": []string{"bullying", "meetings"},
			"adviceGiven": "Keep a diary.", "nextStep": "Call next week.",
		}).want(t, http.StatusOK, &patched)
		c := patched.Conversation
		if c.Notes != "First meeting: the shouting in team meetings." || !slices.Equal(c.Topics, []string{"bullying", "meetings"}) ||
			!c.HeldOn.Equal(heldOn) || c.Duration != 40 || c.UpdatedAt.IsZero() {
			t.Errorf("corrected over REST: %+v", c)
		}
		list, err := s.cases.ListConversations(ctx(t, anna), &pb.ListConversationsRequest{CaseReference: ref})
		if err != nil || len(list.GetConversations()) != 1 || list.GetConversations()[0].GetAdviceGiven() != "Keep a diary." ||
			list.GetConversations()[0].GetUpdatedAt() == nil {
			t.Fatalf("read back: %v %v", list, err)
		}

		update := func(tok, id string) error {
			_, err := s.cases.UpdateConversation(ctx(t, tok), &pb.UpdateConversationRequest{CaseReference: ref, ConversationId: id, Notes: "changed"})
			return err
		}
		wantCode(t, update(bas, id), codes.NotFound)
		wantCode(t, update(intake, id), codes.PermissionDenied)
		wantCode(t, update(anna, "00000000-0000-4000-8000-000000000001"), codes.NotFound)
		wantCode(t, update(anna, "not-an-id"), codes.InvalidArgument)
		if err := update(anna, id); err != nil {
			t.Fatalf("second correction over gRPC: %v", err)
		}

		cur, err := s.cases.GetCase(ctx(t, anna), &pb.GetCaseRequest{CaseReference: ref})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.cases.CloseCase(ctx(t, anna), &pb.CloseCaseRequest{CaseReference: ref,
			Outcome: pb.SupportOutcome_SUPPORT_OUTCOME_RESOLVED_INFORMALLY, Version: cur.GetCase().GetVersion()}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, update(anna, id), codes.FailedPrecondition)

		res, err := pb.NewAuditServiceClient(s.conn).ListAuditEvents(ctx(t, s.tokenFor(t, "aud", "auditor")), &pb.ListAuditEventsRequest{CaseReference: ref, PageSize: 500})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range res.GetEvents() {
			if e.GetAction() == "case.conversation.update" {
				n++
				if e.GetActorId() != "anna" || !slices.Equal(e.GetFields(), []string{"conversation"}) {
					t.Errorf("correction event: %v", e)
				}
			}
		}
		if n != 2 {
			t.Errorf("%d correction events, want 2", n)
		}
	})
}
