package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

var (
	receiptCodeRE = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$`)
	caseRefRE     = regexp.MustCompile(`^MP-[0-9A-HJKMNP-TV-Z]{8}$`)
	requestIDRE   = regexp.MustCompile(`^[0-9a-f]{16}$`)
)

const ackWithin = 7 * 24 * time.Hour

// typedSloppily is how a reporter might type the code back from paper: lower case, spaces
// instead of dashes.
func typedSloppily(code string) string {
	return strings.ToLower(strings.ReplaceAll(code, "-", " "))
}

// TestFullFlowGRPC walks a report through its first steps over gRPC: an anonymous reporter files,
// logs in with the receipt code, sees the acknowledgement deadline and writes to staff; intake
// staff find, read and acknowledge the case; the reporter sees the acknowledgement, the feedback
// deadline and the staff's message.
func TestFullFlowGRPC(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		before := time.Now()
		description := "My team lead shouts at new colleagues during stand-ups. " + randHex(4)
		filed := s.fileReport(t, anonymousReport(description))
		if !receiptCodeRE.MatchString(filed.GetReceiptCode()) {
			t.Fatalf("receipt code %q is not XXXXX-XXXXX-XXXXX-XXXXX", filed.GetReceiptCode())
		}
		if !caseRefRE.MatchString(filed.GetCaseReference()) {
			t.Fatalf("case reference %q is not MP-XXXXXXXX", filed.GetCaseReference())
		}
		if filed.GetReplayed() {
			t.Error("a first submission says replayed=true")
		}
		// An anonymous report is timed to the hour only, so that the time cannot identify the reporter.
		received := filed.GetReceivedAt().AsTime()
		if !received.Equal(before.Truncate(time.Hour)) && !received.Equal(time.Now().Truncate(time.Hour)) {
			t.Errorf("received_at %s is not this hour, to the hour", received)
		}
		if d := deadline(t, filed.GetDeadlines(), "acknowledgement"); !d.GetDueAt().AsTime().Equal(received.Add(ackWithin)) {
			t.Errorf("FileReport: acknowledgement due %s, want 7 days after receipt %s", d.GetDueAt().AsTime(), received)
		}

		// The reporter logs in, typing the code in lower case with spaces.
		session := s.openSession(t, typedSloppily(filed.GetReceiptCode()))

		mine, err := s.reporter.GetMyCase(ctx(t, session), &pb.GetMyCaseRequest{})
		if err != nil {
			t.Fatalf("GetMyCase: %v", err)
		}
		c := mine.GetCase()
		if c.GetCaseReference() != filed.GetCaseReference() {
			t.Fatalf("GetMyCase shows %s, want %s", c.GetCaseReference(), filed.GetCaseReference())
		}
		if c.GetStatus() != pb.CaseStatus_CASE_STATUS_RECEIVED {
			t.Errorf("status %s, want RECEIVED", c.GetStatus())
		}
		if c.GetDescription() != description {
			t.Errorf("the reporter re-reads %q, want %q", c.GetDescription(), description)
		}
		if c.GetAcknowledgedAt() != nil {
			t.Errorf("acknowledged_at %s before any acknowledgement", c.GetAcknowledgedAt().AsTime())
		}
		receivedSeen := c.GetReceivedAt().AsTime()
		if !sameInstant(receivedSeen, received) {
			t.Errorf("GetMyCase received_at %s, FileReport said %s", receivedSeen, received)
		}
		ack := deadline(t, c.GetDeadlines(), "acknowledgement")
		if got := ack.GetDueAt().AsTime().Sub(receivedSeen); got != ackWithin {
			t.Errorf("acknowledgement due %s after receipt, want 7 days", got)
		}
		if ack.GetMetAt() != nil || ack.GetOverdue() {
			t.Errorf("fresh acknowledgement deadline met=%v overdue=%v", ack.GetMetAt(), ack.GetOverdue())
		}
		if fb := deadline(t, c.GetDeadlines(), "feedback"); fb.GetDueAt() != nil {
			t.Errorf("feedback deadline due %s before acknowledgement", fb.GetDueAt().AsTime())
		}

		reporterMsg := "Is there anything else you need from me? " + randHex(4)
		if _, err := s.reporter.SendMyMessage(ctx(t, session), &pb.SendMyMessageRequest{Body: reporterMsg}); err != nil {
			t.Fatalf("SendMyMessage: %v", err)
		}

		// Intake staff see the case, read it and its messages.
		staff := s.staffToken(t, "intake")
		list := s.listCases(t, staff)
		if len(list) != 1 || list[0].GetCaseReference() != filed.GetCaseReference() {
			t.Fatalf("staff list %v, want just %s", list, filed.GetCaseReference())
		}
		sum := list[0]
		if sum.GetStatus() != pb.CaseStatus_CASE_STATUS_RECEIVED || sum.GetCategory() != pb.Category_CATEGORY_BULLYING ||
			sum.GetAnonymity() != pb.Anonymity_ANONYMITY_ANONYMOUS || sum.GetChannel() != pb.Channel_CHANNEL_WEB_FORM {
			t.Errorf("staff list shows %v", sum)
		}

		got, err := s.cases.GetCase(ctx(t, staff), &pb.GetCaseRequest{CaseReference: filed.GetCaseReference()})
		if err != nil {
			t.Fatalf("GetCase: %v", err)
		}
		if got.GetCase().GetDescription() != description {
			t.Errorf("staff read %q, want %q", got.GetCase().GetDescription(), description)
		}
		if got.GetCase().GetIdentity() != nil {
			t.Errorf("an anonymous case shows an identity: %v", got.GetCase().GetIdentity())
		}

		msgs, err := s.cases.ListCaseMessages(ctx(t, staff), &pb.ListCaseMessagesRequest{CaseReference: filed.GetCaseReference()})
		if err != nil {
			t.Fatalf("ListCaseMessages: %v", err)
		}
		if len(msgs.GetMessages()) != 1 || msgs.GetMessages()[0].GetBody() != reporterMsg ||
			msgs.GetMessages()[0].GetAuthor() != pb.MessageAuthor_MESSAGE_AUTHOR_REPORTER {
			t.Fatalf("staff see messages %v, want the reporter's %q", msgs.GetMessages(), reporterMsg)
		}

		staffMsg := "Thank you, we received your report and will look into it. " + randHex(4)
		acked, err := s.cases.AcknowledgeCase(ctx(t, staff), &pb.AcknowledgeCaseRequest{
			CaseReference: filed.GetCaseReference(), Message: staffMsg,
		})
		if err != nil {
			t.Fatalf("AcknowledgeCase: %v", err)
		}
		if acked.GetCase().GetStatus() != pb.CaseStatus_CASE_STATUS_IN_SUPPORT {
			t.Errorf("after acknowledging, staff see status %s", acked.GetCase().GetStatus())
		}

		// The reporter sees the acknowledgement.
		mine, err = s.reporter.GetMyCase(ctx(t, session), &pb.GetMyCaseRequest{})
		if err != nil {
			t.Fatalf("GetMyCase after acknowledgement: %v", err)
		}
		c = mine.GetCase()
		if c.GetStatus() != pb.CaseStatus_CASE_STATUS_IN_SUPPORT {
			t.Errorf("reporter sees status %s, want IN_SUPPORT", c.GetStatus())
		}
		if c.GetAcknowledgedAt() == nil {
			t.Fatal("reporter sees no acknowledged_at")
		}
		ackAt := c.GetAcknowledgedAt().AsTime()
		ack = deadline(t, c.GetDeadlines(), "acknowledgement")
		if ack.GetMetAt() == nil || !ack.GetMetAt().AsTime().Equal(ackAt) || ack.GetOverdue() {
			t.Errorf("acknowledgement deadline: met %v overdue %v, want met at %s", ack.GetMetAt(), ack.GetOverdue(), ackAt)
		}
		fb := deadline(t, c.GetDeadlines(), "feedback")
		if fb.GetDueAt() == nil || !fb.GetDueAt().AsTime().Equal(threeMonthsAfter(ackAt)) {
			t.Errorf("feedback due %v, want 3 months after the acknowledgement %s", fb.GetDueAt(), ackAt)
		}
		if fb.GetOverdue() || fb.GetMetAt() != nil {
			t.Errorf("fresh feedback deadline: %v", fb)
		}

		mm, err := s.reporter.ListMyMessages(ctx(t, session), &pb.ListMyMessagesRequest{})
		if err != nil {
			t.Fatalf("ListMyMessages: %v", err)
		}
		if n := len(mm.GetMessages()); n != 2 {
			t.Fatalf("reporter sees %d messages, want 2: %v", n, mm.GetMessages())
		}
		if m := mm.GetMessages()[0]; m.GetBody() != reporterMsg || m.GetAuthor() != pb.MessageAuthor_MESSAGE_AUTHOR_REPORTER {
			t.Errorf("first message %v, want the reporter's", m)
		}
		if m := mm.GetMessages()[1]; m.GetBody() != staffMsg || m.GetAuthor() != pb.MessageAuthor_MESSAGE_AUTHOR_STAFF {
			t.Errorf("second message %v, want the staff's acknowledgement", m)
		}
	})
}

// REST shapes, as a web client written from the OpenAPI document sees them: lowerCamelCase
// names, enums by name, timestamps as RFC 3339 strings.
type restDeadline struct {
	Kind    string     `json:"kind"`
	DueAt   *time.Time `json:"dueAt"`
	MetAt   *time.Time `json:"metAt"`
	Overdue bool       `json:"overdue"`
}

type restFiled struct {
	CaseReference string         `json:"caseReference"`
	ReceiptCode   string         `json:"receiptCode"`
	ReceivedAt    time.Time      `json:"receivedAt"`
	Deadlines     []restDeadline `json:"deadlines"`
	Replayed      bool           `json:"replayed"`
}

type restSession struct {
	SessionToken string    `json:"sessionToken"`
	ExpiresAt    time.Time `json:"expiresAt"`
}

type restMyCase struct {
	Case struct {
		CaseReference  string         `json:"caseReference"`
		Status         string         `json:"status"`
		Category       string         `json:"category"`
		Anonymity      string         `json:"anonymity"`
		ReceivedAt     time.Time      `json:"receivedAt"`
		AcknowledgedAt *time.Time     `json:"acknowledgedAt"`
		Deadlines      []restDeadline `json:"deadlines"`
		Description    string         `json:"description"`
	} `json:"case"`
}

type restSummary struct {
	CaseReference  string         `json:"caseReference"`
	Status         string         `json:"status"`
	Category       string         `json:"category"`
	Anonymity      string         `json:"anonymity"`
	Channel        string         `json:"channel"`
	ReceivedAt     time.Time      `json:"receivedAt"`
	AcknowledgedAt *time.Time     `json:"acknowledgedAt"`
	Deadlines      []restDeadline `json:"deadlines"`
}

type restCases struct {
	Cases []restSummary `json:"cases"`
}

type restCase struct {
	Case struct {
		Summary     restSummary `json:"summary"`
		Description string      `json:"description"`
		Subjects    []string    `json:"subjects"`
		Identity    *struct {
			Name string `json:"name"`
		} `json:"identity"`
	} `json:"case"`
}

type restMessage struct {
	ID     string    `json:"id"`
	Author string    `json:"author"`
	Body   string    `json:"body"`
	SentAt time.Time `json:"sentAt"`
}

type restMessages struct {
	Messages []restMessage `json:"messages"`
}

func restDeadlineOf(t *testing.T, ds []restDeadline, kind string) restDeadline {
	t.Helper()
	for _, d := range ds {
		if d.Kind == kind {
			return d
		}
	}
	t.Fatalf("no %q deadline in %+v", kind, ds)
	return restDeadline{}
}

// TestFullFlowREST is TestFullFlowGRPC over HTTP/JSON through the gateway.
func TestFullFlowREST(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		// Every answer carries a request id and stays out of caches.
		call := func(method, path, token string, body any) restResp {
			t.Helper()
			r := s.rest(t, method, path, token, body)
			if id := r.Header.Get("X-Request-Id"); !requestIDRE.MatchString(id) {
				t.Errorf("%s %s: X-Request-Id %q, want 16 hex digits", method, path, id)
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s %s: Cache-Control %q, want no-store", method, path, cc)
			}
			return r
		}

		var cats struct {
			Categories []struct {
				Category string `json:"category"`
				LabelEn  string `json:"labelEn"`
			} `json:"categories"`
		}
		call(http.MethodGet, "/v1/categories", "", nil).want(t, http.StatusOK, &cats)
		found := false
		for _, c := range cats.Categories {
			found = found || (c.Category == "CATEGORY_BULLYING" && c.LabelEn != "")
		}
		if !found {
			t.Errorf("categories lack CATEGORY_BULLYING with a label: %+v", cats)
		}

		description := "Invoices are approved by the person who submits them. " + randHex(4)
		var filed restFiled
		call(http.MethodPost, "/v1/reports", "", map[string]any{
			"idempotencyKey": newKey(),
			"category":       "CATEGORY_BULLYING",
			"description":    description,
			"occurredWhen":   "since March",
			"anonymity":      "ANONYMITY_ANONYMOUS",
		}).want(t, http.StatusOK, &filed)
		if !receiptCodeRE.MatchString(filed.ReceiptCode) || !caseRefRE.MatchString(filed.CaseReference) {
			t.Fatalf("filed %+v: want a receipt code and a case reference", filed)
		}
		if filed.Replayed {
			t.Error("first submission: replayed=true")
		}
		if d := restDeadlineOf(t, filed.Deadlines, "acknowledgement"); d.DueAt == nil || !d.DueAt.Equal(filed.ReceivedAt.Add(ackWithin)) {
			t.Errorf("acknowledgement due %v, want 7 days after %s", d.DueAt, filed.ReceivedAt)
		}

		var sess restSession
		call(http.MethodPost, "/v1/reporter/sessions", "", map[string]any{
			"receiptCode": typedSloppily(filed.ReceiptCode),
		}).want(t, http.StatusOK, &sess)
		if !strings.HasPrefix(sess.SessionToken, "mps_") || !sess.ExpiresAt.After(time.Now()) {
			t.Fatalf("session %+v", sess)
		}

		var mine restMyCase
		call(http.MethodGet, "/v1/reporter/case", sess.SessionToken, nil).want(t, http.StatusOK, &mine)
		if mine.Case.CaseReference != filed.CaseReference || mine.Case.Status != "CASE_STATUS_RECEIVED" ||
			mine.Case.Category != "CATEGORY_BULLYING" || mine.Case.Anonymity != "ANONYMITY_ANONYMOUS" ||
			mine.Case.Description != description || mine.Case.AcknowledgedAt != nil {
			t.Errorf("reporter sees %+v", mine.Case)
		}
		if d := restDeadlineOf(t, mine.Case.Deadlines, "acknowledgement"); d.DueAt == nil || d.DueAt.Sub(mine.Case.ReceivedAt) != ackWithin {
			t.Errorf("acknowledgement due %v, want 7 days after %s", d.DueAt, mine.Case.ReceivedAt)
		}

		reporterMsg := "I can send copies of the invoices. " + randHex(4)
		var sent struct {
			Message restMessage `json:"message"`
		}
		call(http.MethodPost, "/v1/reporter/case/messages", sess.SessionToken, map[string]any{"body": reporterMsg}).
			want(t, http.StatusOK, &sent)
		if sent.Message.Body != reporterMsg || sent.Message.Author != "MESSAGE_AUTHOR_REPORTER" || sent.Message.ID == "" {
			t.Errorf("sent %+v", sent.Message)
		}

		staff := s.staffToken(t, "intake")
		var list restCases
		call(http.MethodGet, "/v1/cases", staff, nil).want(t, http.StatusOK, &list)
		if len(list.Cases) != 1 || list.Cases[0].CaseReference != filed.CaseReference ||
			list.Cases[0].Status != "CASE_STATUS_RECEIVED" || list.Cases[0].Channel != "CHANNEL_WEB_FORM" {
			t.Fatalf("staff list %+v, want just %s", list, filed.CaseReference)
		}
		var filtered restCases
		call(http.MethodGet, "/v1/cases?status=CASE_STATUS_IN_SUPPORT", staff, nil).want(t, http.StatusOK, &filtered)
		if len(filtered.Cases) != 0 {
			t.Errorf("filter IN_SUPPORT lists %+v before any acknowledgement", filtered.Cases)
		}

		var got restCase
		call(http.MethodGet, "/v1/cases/"+filed.CaseReference, staff, nil).want(t, http.StatusOK, &got)
		if got.Case.Description != description || got.Case.Summary.CaseReference != filed.CaseReference || got.Case.Identity != nil {
			t.Errorf("staff read %+v", got.Case)
		}

		var msgs restMessages
		call(http.MethodGet, "/v1/cases/"+filed.CaseReference+"/messages", staff, nil).want(t, http.StatusOK, &msgs)
		if len(msgs.Messages) != 1 || msgs.Messages[0].Body != reporterMsg || msgs.Messages[0].Author != "MESSAGE_AUTHOR_REPORTER" {
			t.Fatalf("staff see messages %+v", msgs)
		}

		staffMsg := "Received, thank you. We will come back to you. " + randHex(4)
		var acked struct {
			Case restSummary `json:"case"`
		}
		call(http.MethodPost, "/v1/cases/"+filed.CaseReference+":acknowledge", staff, map[string]any{"message": staffMsg}).
			want(t, http.StatusOK, &acked)
		if acked.Case.Status != "CASE_STATUS_IN_SUPPORT" {
			t.Errorf("acknowledged: %+v", acked.Case)
		}
		// A second acknowledgement is refused: the state does not allow it.
		call(http.MethodPost, "/v1/cases/"+filed.CaseReference+":acknowledge", staff, map[string]any{}).
			wantError(t, http.StatusBadRequest)

		call(http.MethodGet, "/v1/reporter/case", sess.SessionToken, nil).want(t, http.StatusOK, &mine)
		if mine.Case.Status != "CASE_STATUS_IN_SUPPORT" || mine.Case.AcknowledgedAt == nil {
			t.Fatalf("after acknowledgement the reporter sees %+v", mine.Case)
		}
		ackAt := *mine.Case.AcknowledgedAt
		if d := restDeadlineOf(t, mine.Case.Deadlines, "acknowledgement"); d.MetAt == nil || !d.MetAt.Equal(ackAt) || d.Overdue {
			t.Errorf("acknowledgement deadline %+v, want met at %s", d, ackAt)
		}
		if d := restDeadlineOf(t, mine.Case.Deadlines, "feedback"); d.DueAt == nil || !d.DueAt.Equal(threeMonthsAfter(ackAt)) {
			t.Errorf("feedback deadline %+v, want due 3 months after %s", d, ackAt)
		}

		var mm restMessages
		call(http.MethodGet, "/v1/reporter/case/messages", sess.SessionToken, nil).want(t, http.StatusOK, &mm)
		if len(mm.Messages) != 2 || mm.Messages[0].Body != reporterMsg || mm.Messages[1].Body != staffMsg ||
			mm.Messages[1].Author != "MESSAGE_AUTHOR_STAFF" {
			t.Errorf("reporter sees messages %+v", mm)
		}

		// Logging out ends the session.
		call(http.MethodPost, "/v1/reporter/sessions:close", sess.SessionToken, nil).want(t, http.StatusOK, nil)
		call(http.MethodGet, "/v1/reporter/case", sess.SessionToken, nil).wantError(t, http.StatusUnauthorized)
	})
}

// threeMonthsAfter is the same day three calendar months later, or the last day of that month
// when it is shorter (29 November → 28 February, not 1 March): the legal term is never overrun.
func threeMonthsAfter(t time.Time) time.Time {
	later := t.AddDate(0, 3, 0)
	for later.Month() != (t.Month()+3-1)%12+1 {
		later = later.AddDate(0, 0, -1)
	}
	return later
}
