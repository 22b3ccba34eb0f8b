package e2e

import (
	"crypto/rand"
	"net/http"
	"slices"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// randomCode returns a well-formed receipt code that belongs to no case (100 random bits).
func randomCode() string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	out := make([]byte, 0, 23)
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			out = append(out, '-')
		}
		out = append(out, alphabet[c&31])
	}
	return string(out)
}

// TestWrongReceiptCodes: a wrong code gets one answer whether it is malformed or merely unknown,
// so guessing learns nothing; after a few wrong codes from one source a wrong code is answered
// "too many" with the time to wait — over gRPC and REST — while the right code is still accepted
// and an open session keeps working. Rate limiting is per source address and every test request
// comes from 127.0.0.1, so this test has its own server per database and nothing else runs on it.
func TestWrongReceiptCodes(t *testing.T) {
	t.Parallel()
	forEachDB(t, func(t *testing.T, s *server) {
		filed := s.fileReport(t, anonymousReport("Overtime is recorded but never paid out. "+randHex(4)))

		login := func(code string) error {
			t.Helper()
			_, err := s.reporter.OpenSession(ctx(t, ""), &pb.OpenSessionRequest{ReceiptCode: code})
			return err
		}

		// 1: well-formed but unknown; 2: malformed. Same code, same message.
		unknown := wantCode(t, login(randomCode()), codes.Unauthenticated)
		malformed := wantCode(t, login("not a code!"), codes.Unauthenticated)
		if malformed.Message() != unknown.Message() {
			t.Errorf("malformed code answered %q, unknown code %q: the answers must be identical", malformed.Message(), unknown.Message())
		}
		if len(malformed.Details()) != 0 || len(unknown.Details()) != 0 {
			t.Errorf("wrong-code answers carry details: %v / %v", malformed.Details(), unknown.Details())
		}
		// 3: the same over REST.
		e := s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": randomCode()}).
			wantError(t, http.StatusUnauthorized)
		if e.Message != unknown.Message() {
			t.Errorf("REST wrong code answered %q, gRPC %q", e.Message, unknown.Message())
		}
		wrong := 3

		// A reporter who mistyped a few times still gets in with the right code.
		session := s.openSession(t, filed.GetReceiptCode())

		// Keep guessing until locked out.
		locked := false
		for ; wrong < 20; wrong++ {
			err := login(randomCode())
			if err == nil {
				t.Fatal("a random code opened a session")
			}
			st := wantCodeIn(t, err, codes.Unauthenticated, codes.ResourceExhausted)
			if st.Code() == codes.ResourceExhausted {
				locked = true
				break
			}
			if st.Message() != unknown.Message() {
				t.Errorf("wrong code %d answered %q, want %q", wrong+1, st.Message(), unknown.Message())
			}
		}
		if !locked {
			t.Fatalf("still not locked out after %d wrong codes", wrong)
		}
		if wrong < 5 || wrong > 10 {
			t.Errorf("locked out after %d wrong codes, want about 5", wrong)
		}
		t.Logf("locked out after %d wrong codes", wrong)

		// Past the budget: wrong codes, malformed or unknown, are answered "too many" alike,
		// with the time to wait; the right code is accepted all the same, over gRPC and REST.
		tooMany := wantCode(t, login(randomCode()), codes.ResourceExhausted)
		if st := wantCode(t, login("not a code!"), codes.ResourceExhausted); st.Message() != tooMany.Message() {
			t.Errorf("malformed code past the budget answered %q, unknown code %q", st.Message(), tooMany.Message())
		}
		if retryDelay(tooMany) <= 0 {
			t.Errorf("\"too many\" without a RetryInfo: %v", tooMany.Details())
		}
		s.openSession(t, filed.GetReceiptCode())
		res := s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": randomCode()})
		res.wantError(t, http.StatusTooManyRequests)
		if res.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		s.rest(t, http.MethodPost, "/v1/reporter/sessions", "", map[string]any{"receiptCode": filed.GetReceiptCode()}).
			want(t, http.StatusOK, nil)

		// The session opened before keeps working, and filing a new report is still possible.
		if _, err := s.reporter.GetMyCase(ctx(t, session), &pb.GetMyCaseRequest{}); err != nil {
			t.Errorf("an open session stopped working past the budget of wrong codes: %v", err)
		}
		s.fileReport(t, anonymousReport("A second report while the source is past its budget of wrong codes."))
	})
}

// retryDelay is the wait a status's RetryInfo asks for (0: none).
func retryDelay(st *status.Status) time.Duration {
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			return ri.GetRetryDelay().AsDuration()
		}
	}
	return 0
}

// wantCodeIn asserts that err is a gRPC status with one of cs.
func wantCodeIn(t *testing.T, err error, cs ...codes.Code) *status.Status {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || err == nil || !slices.Contains(cs, st.Code()) {
		t.Fatalf("got %v, want one of %v", err, cs)
	}
	return st
}
