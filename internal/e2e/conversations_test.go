package e2e

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestConversationsAndOralReport: the reporter chooses an adviser at filing; the adviser logs two
// conversations and reads them back (over gRPC and REST), which intake and managers cannot; an
// oral report is recorded only with the reporter's consent, and the reporter reads, corrects and
// approves the record in their session, every version kept.
func TestConversationsAndOralReport(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		// The dev tokens all sign in as alice; alice is also the adviser's staff sign-in.
		admin := s.staffToken(t, "admin")
		adviser := s.staffToken(t, "adviser")
		intake := s.staffToken(t, "intake")
		manager := s.staffToken(t, "manager")
		created, err := pb.NewAdviserServiceClient(s.conn).CreateAdviser(ctx(t, admin), &pb.CreateAdviserRequest{
			StaffSubject: "alice",
			Profile:      &pb.AdviserProfile{Name: "Alice de Vertrouwenspersoon", Kind: pb.AdviserKind_ADVISER_KIND_INTERNAL},
		})
		if err != nil {
			t.Fatalf("CreateAdviser: %v", err)
		}

		req := anonymousReport("My team lead shouts at me in front of the team, every week. " + randHex(4))
		req.AdviserId = created.GetAdviser().GetAdviserId()
		filed := s.fileReport(t, req)
		ref := filed.GetCaseReference()
		session := s.openSession(t, filed.GetReceiptCode())

		// Two conversations: one over gRPC, one over REST.
		now := time.Now().UTC().Truncate(time.Second)
		first, err := s.cases.LogConversation(ctx(t, adviser), &pb.LogConversationRequest{
			CaseReference: ref, HeldOn: timestamppb.New(now.Add(-26 * time.Hour)),
			Form: pb.ConversationForm_CONVERSATION_FORM_IN_PERSON, DurationMinutes: 50,
			Notes: "First meeting. She described the shouting in team meetings.", Topics: []string{"bullying", "options"},
			AdviceGiven: "Keep a diary of incidents.", NextStep: "Phone call next week.",
		})
		if err != nil {
			t.Fatalf("LogConversation: %v", err)
		}
		if first.GetConversation().GetId() == "" || first.GetConversation().GetLoggedBy() != "alice" {
			t.Errorf("logged: %v", first.GetConversation())
		}
		var second struct {
			Conversation struct {
				ID              string `json:"id"`
				Form            string `json:"form"`
				DurationMinutes int    `json:"durationMinutes"`
			} `json:"conversation"`
		}
		s.rest(t, http.MethodPost, "/v1/cases/"+ref+"/conversations", adviser, map[string]any{
			"heldOn": now.Add(-time.Hour).Format(time.RFC3339), "form": "CONVERSATION_FORM_PHONE", "durationMinutes": 20,
			"notes": "Phone call. The diary shows five incidents.", "nextStep": "Consider a formal report.",
		}).want(t, http.StatusOK, &second)
		if second.Conversation.Form != "CONVERSATION_FORM_PHONE" || second.Conversation.DurationMinutes != 20 {
			t.Errorf("logged over REST: %+v", second.Conversation)
		}

		list, err := s.cases.ListConversations(ctx(t, adviser), &pb.ListConversationsRequest{CaseReference: ref})
		if err != nil {
			t.Fatalf("ListConversations: %v", err)
		}
		cs := list.GetConversations()
		if len(cs) != 2 || cs[0].GetId() != first.GetConversation().GetId() || cs[1].GetId() != second.Conversation.ID {
			t.Fatalf("conversations: %v", cs)
		}
		if !slices.Equal(cs[0].GetTopics(), []string{"bullying", "options"}) || cs[0].GetAdviceGiven() != "Keep a diary of incidents." ||
			!cs[0].GetHeldOn().AsTime().Equal(now.Add(-26*time.Hour)) || cs[1].GetNextStep() != "Consider a formal report." {
			t.Errorf("read back: %v", cs)
		}
		var restList struct {
			Conversations []struct {
				Notes string `json:"notes"`
			} `json:"conversations"`
		}
		s.rest(t, http.MethodGet, "/v1/cases/"+ref+"/conversations", adviser, nil).want(t, http.StatusOK, &restList)
		if len(restList.Conversations) != 2 {
			t.Errorf("REST list: %+v", restList)
		}

		// The notes stay with the adviser.
		_, err = s.cases.ListConversations(ctx(t, intake), &pb.ListConversationsRequest{CaseReference: ref})
		wantCode(t, err, codes.PermissionDenied)
		_, err = s.cases.ListConversations(ctx(t, manager), &pb.ListConversationsRequest{CaseReference: ref})
		wantCode(t, err, codes.PermissionDenied)
		s.rest(t, http.MethodGet, "/v1/cases/"+ref+"/conversations", intake, nil).wantError(t, http.StatusForbidden)

		// Bad input names the field.
		st := wantCode(t, func() error {
			_, err := s.cases.LogConversation(ctx(t, adviser), &pb.LogConversationRequest{
				CaseReference: ref, HeldOn: timestamppb.New(now), Form: pb.ConversationForm_CONVERSATION_FORM_VIDEO,
				DurationMinutes: 0, Notes: "x",
			})
			return err
		}(), codes.InvalidArgument)
		if !strings.Contains(st.Message(), "duration_minutes") {
			t.Errorf("invalid duration: %q does not name duration_minutes", st.Message())
		}
		st = wantCode(t, func() error {
			_, err := s.cases.LogConversation(ctx(t, adviser), &pb.LogConversationRequest{
				CaseReference: ref, Form: pb.ConversationForm_CONVERSATION_FORM_VIDEO, DurationMinutes: 30, Notes: "x",
			})
			return err
		}(), codes.InvalidArgument)
		if !strings.Contains(st.Message(), "held_on") {
			t.Errorf("missing time: %q does not name held_on", st.Message())
		}

		_, err = s.cases.LogConversation(ctx(t, adviser), &pb.LogConversationRequest{
			CaseReference: ref, HeldOn: timestamppb.New(now.Add(2 * time.Hour)), Form: pb.ConversationForm_CONVERSATION_FORM_VIDEO,
			DurationMinutes: 30, Notes: "A conversation that has not taken place yet.",
		})
		if st := wantCode(t, err, codes.InvalidArgument); !slices.Contains(badRequestFields(st), "held_on") {
			t.Errorf("a conversation in the future: %q, field violations %v; want held_on", st.Message(), badRequestFields(st))
		}

		// An oral report: only with consent. Intake (handling the web-form case) records it.
		const v1Text = "By phone the reporter said her team lead shouts at her every week."
		_, err = s.cases.RecordOralReport(ctx(t, intake), &pb.RecordOralReportRequest{CaseReference: ref, Text: v1Text})
		if st := wantCode(t, err, codes.FailedPrecondition); st.Message() != "an oral report is recorded only with the reporter's consent" {
			t.Errorf("refusal without consent: %q", st.Message())
		}
		if empty, err := s.reporter.GetOralReport(ctx(t, session), &pb.GetOralReportRequest{}); err != nil ||
			empty.GetOralReport().GetLatest() != nil || len(empty.GetOralReport().GetVersions()) != 0 {
			t.Fatalf("before anything is recorded: %v %v, want an empty record", empty, err)
		}
		rec, err := s.cases.RecordOralReport(ctx(t, intake), &pb.RecordOralReportRequest{CaseReference: ref, Text: v1Text, ReporterConsented: true})
		if err != nil {
			t.Fatalf("RecordOralReport: %v", err)
		}
		if v := rec.GetVersion(); v.GetVersion() != 1 || v.GetAuthor() != pb.OralReportAuthor_ORAL_REPORT_AUTHOR_STAFF || v.GetApproved() {
			t.Fatalf("recorded: %v", v)
		}

		// The reporter reads it (gRPC and REST), corrects it, and approves the correction.
		got, err := s.reporter.GetOralReport(ctx(t, session), &pb.GetOralReportRequest{})
		if err != nil {
			t.Fatalf("GetOralReport: %v", err)
		}
		if got.GetOralReport().GetLatest().GetText() != v1Text || len(got.GetOralReport().GetVersions()) != 1 {
			t.Fatalf("the reporter reads %v", got.GetOralReport())
		}
		var restReport struct {
			OralReport struct {
				Latest struct {
					Version int    `json:"version"`
					Author  string `json:"author"`
				} `json:"latest"`
			} `json:"oralReport"`
		}
		s.rest(t, http.MethodGet, "/v1/reporter/case/oralReport", session, nil).want(t, http.StatusOK, &restReport)
		if restReport.OralReport.Latest.Version != 1 || restReport.OralReport.Latest.Author != "ORAL_REPORT_AUTHOR_STAFF" {
			t.Errorf("REST oral report: %+v", restReport)
		}
		const v2Text = v1Text + " Correction: also in the canteen, and a colleague saw it."
		corr, err := s.reporter.CorrectOralReport(ctx(t, session), &pb.CorrectOralReportRequest{Text: v2Text, BasedOnVersion: 1})
		if err != nil {
			t.Fatalf("CorrectOralReport: %v", err)
		}
		v2 := corr.GetVersion()
		if v2.GetVersion() != 2 || v2.GetAuthor() != pb.OralReportAuthor_ORAL_REPORT_AUTHOR_REPORTER {
			t.Fatalf("correction: %v", v2)
		}
		if at := v2.GetCreatedAt().AsTime(); !at.Equal(at.Truncate(time.Hour)) {
			t.Errorf("the anonymous reporter's version is timed %s, not to the hour", at)
		}
		_, err = s.reporter.ApproveOralReport(ctx(t, session), &pb.ApproveOralReportRequest{Version: 1})
		wantCode(t, err, codes.Aborted)
		s.rest(t, http.MethodPost, "/v1/reporter/case/oralReport:approve", session, map[string]any{"version": 1}).wantError(t, http.StatusConflict)
		s.rest(t, http.MethodPost, "/v1/reporter/case/oralReport:approve", session, map[string]any{"version": 2}).want(t, http.StatusOK, nil)
		again, err := s.reporter.ApproveOralReport(ctx(t, session), &pb.ApproveOralReportRequest{Version: 2})
		if err != nil || !again.GetVersion().GetApproved() {
			t.Fatalf("approving twice: %v %v", again, err)
		}

		// Both versions are kept; only the second is approved.
		got, err = s.reporter.GetOralReport(ctx(t, session), &pb.GetOralReportRequest{})
		if err != nil {
			t.Fatal(err)
		}
		vs := got.GetOralReport().GetVersions()
		if len(vs) != 2 || vs[0].GetText() != v1Text || vs[0].GetApproved() || vs[1].GetText() != v2Text || !vs[1].GetApproved() ||
			got.GetOralReport().GetLatest().GetVersion() != 2 {
			t.Fatalf("versions: %v", vs)
		}

		// Staff cannot use the reporter's calls, nor the reporter the staff's.
		_, err = s.reporter.GetOralReport(ctx(t, adviser), &pb.GetOralReportRequest{})
		wantCode(t, err, codes.Unauthenticated)
		_, err = s.cases.ListConversations(ctx(t, session), &pb.ListConversationsRequest{CaseReference: ref})
		wantCode(t, err, codes.Unauthenticated)
	})
}
