package e2e

import (
	"context"
	"net/http"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// staffCalls calls every CaseService RPC once with token on case ref.
func staffCalls(s *server, ref string) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"ListCases": func(c context.Context) error {
			_, err := s.cases.ListCases(c, &pb.ListCasesRequest{})
			return err
		},
		"GetCase": func(c context.Context) error {
			_, err := s.cases.GetCase(c, &pb.GetCaseRequest{CaseReference: ref})
			return err
		},
		"AcknowledgeCase": func(c context.Context) error {
			_, err := s.cases.AcknowledgeCase(c, &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: "hello"})
			return err
		},
		"ListCaseMessages": func(c context.Context) error {
			_, err := s.cases.ListCaseMessages(c, &pb.ListCaseMessagesRequest{CaseReference: ref})
			return err
		},
		"SendCaseMessage": func(c context.Context) error {
			_, err := s.cases.SendCaseMessage(c, &pb.SendCaseMessageRequest{CaseReference: ref, Body: "hello"})
			return err
		},
	}
}

// reporterCalls calls every ReporterService RPC that needs a session.
func reporterCalls(s *server) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"GetMyCase": func(c context.Context) error {
			_, err := s.reporter.GetMyCase(c, &pb.GetMyCaseRequest{})
			return err
		},
		"ListMyMessages": func(c context.Context) error {
			_, err := s.reporter.ListMyMessages(c, &pb.ListMyMessagesRequest{})
			return err
		},
		"SendMyMessage": func(c context.Context) error {
			_, err := s.reporter.SendMyMessage(c, &pb.SendMyMessageRequest{Body: "hello"})
			return err
		},
		"CloseSession": func(c context.Context) error {
			_, err := s.reporter.CloseSession(c, &pb.CloseSessionRequest{})
			return err
		},
	}
}

// TestAuthorizationFailsClosed: every staff and reporter call refuses a caller without the right
// credentials, over gRPC and REST, and a reporter only ever sees their own case.
func TestAuthorizationFailsClosed(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		descA := "Report A: the project budget is spent on a private trip. " + randHex(4)
		descB := "Report B: a colleague is excluded from meetings on purpose. " + randHex(4)
		a := s.fileReport(t, anonymousReport(descA))
		b := s.fileReport(t, anonymousReport(descB))
		sessionA := s.openSession(t, a.GetReceiptCode())
		intake := s.staffToken(t, "intake")
		hr := s.staffToken(t, "hr")

		for name, call := range staffCalls(s, a.GetCaseReference()) {
			wantCode(t, call(ctx(t, "")), codes.Unauthenticated)
			wantCode(t, call(ctx(t, sessionA)), codes.Unauthenticated)
			wantCode(t, call(ctx(t, "not-a-jwt")), codes.Unauthenticated)
			wantCode(t, call(ctx(t, intake+"x")), codes.Unauthenticated)
			if st := wantCode(t, call(ctx(t, hr)), codes.PermissionDenied); st.Message() == "" {
				t.Errorf("%s as hr: empty message", name)
			}
		}
		for _, call := range reporterCalls(s) {
			wantCode(t, call(ctx(t, "")), codes.Unauthenticated)
			wantCode(t, call(ctx(t, intake)), codes.Unauthenticated)
			wantCode(t, call(ctx(t, "mps_"+randHex(32))), codes.Unauthenticated)
		}

		// The same over REST.
		for _, tc := range []struct {
			method, path, token string
			status              int
		}{
			{http.MethodGet, "/v1/cases", "", http.StatusUnauthorized},
			{http.MethodGet, "/v1/cases", sessionA, http.StatusUnauthorized},
			{http.MethodGet, "/v1/cases", hr, http.StatusForbidden},
			{http.MethodGet, "/v1/cases/" + a.GetCaseReference(), hr, http.StatusForbidden},
			{http.MethodGet, "/v1/reporter/case", "", http.StatusUnauthorized},
			{http.MethodGet, "/v1/reporter/case", intake, http.StatusUnauthorized},
			{http.MethodGet, "/v1/reporter/case/messages", "", http.StatusUnauthorized},
		} {
			r := s.rest(t, tc.method, tc.path, tc.token, nil)
			if r.Status != tc.status {
				t.Errorf("%s %s: HTTP %d, want %d; %s", tc.method, tc.path, r.Status, tc.status, r.Body)
			}
		}

		// Staff write to case B; reporter A must not see it.
		secretB := "Message for reporter B only. " + randHex(4)
		if _, err := s.cases.SendCaseMessage(ctx(t, intake), &pb.SendCaseMessageRequest{
			CaseReference: b.GetCaseReference(), Body: secretB,
		}); err != nil {
			t.Fatalf("SendCaseMessage on B: %v", err)
		}
		mine, err := s.reporter.GetMyCase(ctx(t, sessionA), &pb.GetMyCaseRequest{})
		if err != nil {
			t.Fatalf("GetMyCase A: %v", err)
		}
		if mine.GetCase().GetCaseReference() != a.GetCaseReference() || mine.GetCase().GetDescription() != descA {
			t.Errorf("reporter A sees %s %q, want their own case %s", mine.GetCase().GetCaseReference(),
				mine.GetCase().GetDescription(), a.GetCaseReference())
		}
		msgs, err := s.reporter.ListMyMessages(ctx(t, sessionA), &pb.ListMyMessagesRequest{})
		if err != nil {
			t.Fatalf("ListMyMessages A: %v", err)
		}
		if len(msgs.GetMessages()) != 0 {
			t.Errorf("reporter A sees messages of another case: %v", msgs.GetMessages())
		}
		// A's message lands on A, not on B.
		if _, err := s.reporter.SendMyMessage(ctx(t, sessionA), &pb.SendMyMessageRequest{Body: "From A."}); err != nil {
			t.Fatalf("SendMyMessage A: %v", err)
		}
		onB, err := s.cases.ListCaseMessages(ctx(t, intake), &pb.ListCaseMessagesRequest{CaseReference: b.GetCaseReference()})
		if err != nil {
			t.Fatalf("ListCaseMessages B: %v", err)
		}
		if len(onB.GetMessages()) != 1 || onB.GetMessages()[0].GetBody() != secretB {
			t.Errorf("case B holds %v, want only the staff message", onB.GetMessages())
		}

		// Reporter B, logged in, sees B and the staff message.
		sessionB := s.openSession(t, b.GetReceiptCode())
		mineB, err := s.reporter.GetMyCase(ctx(t, sessionB), &pb.GetMyCaseRequest{})
		if err != nil || mineB.GetCase().GetCaseReference() != b.GetCaseReference() {
			t.Fatalf("reporter B sees %v, %v", mineB.GetCase().GetCaseReference(), err)
		}

		// After logging out, the session token is worthless.
		if _, err := s.reporter.CloseSession(ctx(t, sessionA), &pb.CloseSessionRequest{}); err != nil {
			t.Fatalf("CloseSession: %v", err)
		}
		for _, call := range reporterCalls(s) {
			wantCode(t, call(ctx(t, sessionA)), codes.Unauthenticated)
		}
		// Reporter B is not affected.
		if _, err := s.reporter.GetMyCase(ctx(t, sessionB), &pb.GetMyCaseRequest{}); err != nil {
			t.Errorf("reporter B lost the session when A logged out: %v", err)
		}
	})
}
