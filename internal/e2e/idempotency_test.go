package e2e

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// TestRetrySafety: a reporter whose answer got lost and who sends the form again gets the same
// case and receipt code back, never a duplicate — also when the retries race each other. A key
// reused for a different report is refused.
func TestRetrySafety(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		staff := s.staffToken(t, "intake")

		// Sequential retry over gRPC.
		req := anonymousReport("The canteen supplier is the manager's brother-in-law. " + randHex(4))
		first := s.fileReport(t, req)
		again := s.fileReport(t, proto.Clone(req).(*pb.FileReportRequest))
		if first.GetReplayed() || !again.GetReplayed() {
			t.Errorf("replayed: first %v, retry %v; want false, true", first.GetReplayed(), again.GetReplayed())
		}
		if again.GetCaseReference() != first.GetCaseReference() || again.GetReceiptCode() != first.GetReceiptCode() {
			t.Errorf("retry answered %s/%s, first %s/%s", again.GetCaseReference(), again.GetReceiptCode(),
				first.GetCaseReference(), first.GetReceiptCode())
		}
		if a, f := again.GetReceivedAt().AsTime(), first.GetReceivedAt().AsTime(); !sameInstant(a, f) {
			t.Errorf("retry says received %s, first %s", a, f)
		}

		// The same retry over REST, with the same key and content, replays too.
		var viaREST restFiled
		s.rest(t, http.MethodPost, "/v1/reports", "", map[string]any{
			"idempotencyKey": req.GetIdempotencyKey(),
			"category":       "CATEGORY_BULLYING",
			"description":    req.GetDescription(),
			"occurredWhen":   req.GetOccurredWhen(),
			"occurredWhere":  req.GetOccurredWhere(),
			"anonymity":      "ANONYMITY_ANONYMOUS",
		}).want(t, http.StatusOK, &viaREST)
		if !viaREST.Replayed || viaREST.CaseReference != first.GetCaseReference() || viaREST.ReceiptCode != first.GetReceiptCode() {
			t.Errorf("REST retry answered %+v, want a replay of %s", viaREST, first.GetCaseReference())
		}

		// Ten racing submissions of one report make one case.
		race := anonymousReport("Expense claims for trips that never happened. " + randHex(4))
		const n = 10
		var (
			wg      sync.WaitGroup
			answers [n]*pb.FileReportResponse
			errs    [n]error
		)
		for i := range n {
			wg.Go(func() {
				answers[i], errs[i] = s.reporter.FileReport(ctx(t, ""), proto.Clone(race).(*pb.FileReportRequest))
			})
		}
		wg.Wait()
		fresh := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("concurrent submission %d failed: %v", i, errs[i])
			}
			if answers[i].GetCaseReference() != answers[0].GetCaseReference() || answers[i].GetReceiptCode() != answers[0].GetReceiptCode() {
				t.Errorf("concurrent submission %d answered %s/%s, submission 0 %s/%s", i,
					answers[i].GetCaseReference(), answers[i].GetReceiptCode(),
					answers[0].GetCaseReference(), answers[0].GetReceiptCode())
			}
			if !answers[i].GetReplayed() {
				fresh++
			}
		}
		if fresh != 1 {
			t.Errorf("%d of %d concurrent submissions say replayed=false, want exactly 1", fresh, n)
		}

		// Staff see exactly the two reports.
		refs := map[string]int{}
		for _, c := range s.listCases(t, staff) {
			refs[c.GetCaseReference()]++
		}
		if len(refs) != 2 || refs[first.GetCaseReference()] != 1 || refs[answers[0].GetCaseReference()] != 1 {
			t.Errorf("staff list %v, want %s and %s once each", refs, first.GetCaseReference(), answers[0].GetCaseReference())
		}

		// The receipt code of the raced report works.
		s.openSession(t, answers[0].GetReceiptCode())

		// Reusing a key for a different report is refused, over gRPC and REST.
		changed := proto.Clone(req).(*pb.FileReportRequest)
		changed.Description += " And something else."
		_, err := s.reporter.FileReport(ctx(t, ""), changed)
		st := wantCode(t, err, codes.AlreadyExists)
		if !strings.Contains(st.Message(), "idempotency_key") {
			t.Errorf("AlreadyExists message %q does not name idempotency_key", st.Message())
		}
		e := s.rest(t, http.MethodPost, "/v1/reports", "", map[string]any{
			"idempotencyKey": req.GetIdempotencyKey(),
			"category":       "CATEGORY_GIFTS",
			"description":    req.GetDescription(),
			"anonymity":      "ANONYMITY_ANONYMOUS",
		}).wantError(t, http.StatusConflict)
		if e.Message != st.Message() {
			t.Errorf("REST conflict %q, gRPC %q", e.Message, st.Message())
		}
		if got := len(s.listCases(t, staff)); got != 2 {
			t.Errorf("after the refused reuse staff see %d cases, want 2", got)
		}
	})
}
