package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestLogsKeepConfidences: after a whole conversation on a confidential report — over REST and
// gRPC, with some mistakes along the way — the server's logs hold nothing of what the reporter
// wrote, no receipt code, no token, no address or user agent of a reporter, and not even a line
// about a reporter's call.
func TestLogsKeepConfidences(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		canary := "Kanarie" + randHex(8)
		const spoofedIP = "203.0.113.77"
		s.headers = http.Header{
			"X-Forwarded-For": {spoofedIP},
			"Forwarded":       {"for=" + spoofedIP},
			"X-Real-Ip":       {spoofedIP},
		}

		// File a confidential report over REST.
		key := newKey()
		report := map[string]any{
			"idempotencyKey": key,
			"category":       "CATEGORY_CONFLICT_OF_INTEREST",
			"description":    "The tender went to a firm owned by " + canary + "-description.",
			"occurredWhen":   canary + "-when",
			"occurredWhere":  canary + "-where",
			"subjects":       []string{canary + "-subject"},
			"witnesses":      []string{canary + "-witness"},
			"desiredOutcome": canary + "-outcome",
			"anonymity":      "ANONYMITY_CONFIDENTIAL",
			"identity": map[string]any{
				"name":       canary + "-name",
				"contact":    canary + "@example.org",
				"department": canary + "-department",
			},
		}
		var filed restFiled
		s.rest(t, http.MethodPost, "/v1/reports", "", report).want(t, http.StatusOK, &filed)
		var replay restFiled
		s.rest(t, http.MethodPost, "/v1/reports", "", report).want(t, http.StatusOK, &replay)
		if !replay.Replayed {
			t.Error("the retry was not a replay")
		}

		// Two sessions: one over REST (code typed sloppily), one over gRPC.
		var restSess restSession
		s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": typedSloppily(filed.ReceiptCode)}).
			want(t, http.StatusOK, &restSess)
		grpcSess := s.openSession(t, filed.ReceiptCode)

		s.rest(t, http.MethodPost, "/v1/reporter/case/messages", restSess.SessionToken,
			map[string]any{"body": canary + "-reporter-rest"}).want(t, http.StatusOK, nil)
		if _, err := s.reporter.SendMyMessage(ctx(t, grpcSess), &pb.SendMyMessageRequest{Body: canary + "-reporter-grpc"}); err != nil {
			t.Fatalf("SendMyMessage: %v", err)
		}

		// Staff handle it.
		staff := s.staffToken(t, "intake")
		s.rest(t, http.MethodGet, "/v1/cases", staff, nil).want(t, http.StatusOK, nil)
		var got restCase
		s.rest(t, http.MethodGet, "/v1/cases/"+filed.CaseReference, staff, nil).want(t, http.StatusOK, &got)
		if got.Case.Identity == nil || got.Case.Identity.Name != canary+"-name" {
			t.Errorf("staff do not see the confidential identity: %+v", got.Case.Identity)
		}
		s.rest(t, http.MethodGet, "/v1/cases/"+filed.CaseReference+"/messages", staff, nil).want(t, http.StatusOK, nil)
		if _, err := s.cases.AcknowledgeCase(ctx(t, staff), &pb.AcknowledgeCaseRequest{
			CaseReference: filed.CaseReference, Message: canary + "-ack",
		}); err != nil {
			t.Fatalf("AcknowledgeCase: %v", err)
		}
		s.rest(t, http.MethodPost, "/v1/cases/"+filed.CaseReference+"/messages", staff,
			map[string]any{"body": canary + "-staff-rest"}).want(t, http.StatusOK, nil)

		// The reporter reads everything back.
		s.rest(t, http.MethodGet, "/v1/reporter/case", restSess.SessionToken, nil).want(t, http.StatusOK, nil)
		var mm restMessages
		s.rest(t, http.MethodGet, "/v1/reporter/case/messages", restSess.SessionToken, nil).want(t, http.StatusOK, &mm)
		if len(mm.Messages) != 4 {
			t.Errorf("reporter sees %d messages, want 4", len(mm.Messages))
		}
		if _, err := s.reporter.GetMyCase(ctx(t, grpcSess), &pb.GetMyCaseRequest{}); err != nil {
			t.Fatalf("GetMyCase: %v", err)
		}
		if _, err := s.reporter.ListMyMessages(ctx(t, grpcSess), &pb.ListMyMessagesRequest{}); err != nil {
			t.Fatalf("ListMyMessages: %v", err)
		}

		// Mistakes: a code with the canary in it, a too-long subject, a reused key with other
		// content, a staff member without the role, a logged-out session.
		wrongCode := canary + "-code"
		s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": wrongCode}).
			wantError(t, http.StatusUnauthorized)
		bad := anonymousReport("Subject too long: " + canary)
		bad.Subjects = []string{canary + strings.Repeat("x", 300)}
		_, err := s.reporter.FileReport(ctx(t, ""), bad)
		wantCode(t, err, codes.InvalidArgument)
		report["description"] = canary + " changed its mind."
		s.rest(t, http.MethodPost, "/v1/reports", "", report).wantError(t, http.StatusConflict)
		hr := s.staffToken(t, "hr")
		_, err = s.cases.GetCase(ctx(t, hr), &pb.GetCaseRequest{CaseReference: filed.CaseReference})
		wantCode(t, err, codes.PermissionDenied)
		s.rest(t, http.MethodPost, "/v1/reporter/sessions:close", restSess.SessionToken, nil).want(t, http.StatusOK, nil)
		s.rest(t, http.MethodGet, "/v1/reporter/case", restSess.SessionToken, nil).wantError(t, http.StatusUnauthorized)

		s.stop(t)
		logs := s.logs.String()

		secrets := map[string]string{
			"canary":                    canary,
			"canary (lower case)":       strings.ToLower(canary),
			"receipt code":              filed.ReceiptCode,
			"receipt code (no dashes)":  strings.ReplaceAll(filed.ReceiptCode, "-", ""),
			"receipt code (as typed)":   typedSloppily(filed.ReceiptCode),
			"REST session token":        restSess.SessionToken,
			"REST session token (body)": strings.TrimPrefix(restSess.SessionToken, "mps_"),
			"gRPC session token":        grpcSess,
			"staff token":               staff,
			"hr token":                  hr,
			"user agent":                userAgent,
			"forwarded address":         spoofedIP,
		}
		// The signed parts of the staff tokens: the header part is the same for every token.
		for _, tok := range []string{staff, hr} {
			if parts := strings.Split(tok, "."); len(parts) == 3 {
				secrets["staff token claims "+tok[len(tok)-6:]] = parts[1]
				secrets["staff token signature "+tok[len(tok)-6:]] = parts[2]
			}
		}
		for what, secret := range secrets {
			if strings.Contains(logs, secret) {
				t.Errorf("the server log contains the %s", what)
			}
		}

		var (
			sawServing, sawShutdown, sawStaffRPC bool
		)
		for i, line := range strings.Split(strings.TrimRight(logs, "\n"), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Errorf("log line %d is not JSON: %q", i+1, line)
				continue
			}
			msg, _ := rec["msg"].(string)
			method, _ := rec["method"].(string)
			_, hasTime := rec["time"]
			switch {
			case msg == "serving":
				sawServing = true
			case msg == "shutting down":
				sawShutdown = true
			case msg == "rpc" && method == "/meldpunt.v1.CaseService/ListCases" && rec["code"] == "OK":
				sawStaffRPC = true
			}
			if strings.Contains(line, "ReporterService") {
				t.Errorf("log line %d is about a reporter's call: %s", i+1, line)
			}
			if !hasTime && strings.Contains(line, "127.0.0.1") {
				t.Errorf("reporter-facing log line %d holds the reporter's address: %s", i+1, line)
			}
			if rec["level"] == "ERROR" {
				t.Errorf("log line %d is an error: %s", i+1, line)
			}
		}
		if !sawServing || !sawShutdown {
			t.Errorf("the log lacks the serving (%v) or shutting down (%v) line", sawServing, sawShutdown)
		}
		if !sawStaffRPC {
			t.Error("the log has no access-log line for the staff's ListCases: is the log captured at all?")
		}
	})
}
