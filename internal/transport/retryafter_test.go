package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// TestEvery429And503CarriesRetryAfter: whatever gRPC status becomes HTTP 429 or 503 at the
// gateway — with a retry hint from the service or without one (gRPC's own Unavailable while the
// server drains, a part that is not configured) — the answer says when to try again; other
// errors do not.
func TestEvery429And503CarriesRetryAfter(t *testing.T) {
	hinted := func(c codes.Code, d time.Duration) error {
		st, err := status.New(c, "wait").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(d)})
		if err != nil {
			t.Fatal(err)
		}
		return st.Err()
	}
	tests := []struct {
		name       string
		err        error
		httpStatus int
		retryAfter string
	}{
		{"too many wrong codes", hinted(codes.ResourceExhausted, 17*time.Second), 429, "17"},
		{"database briefly out", hinted(codes.Unavailable, 2*time.Second), 503, "2"},
		{"rate limited without a hint", status.Error(codes.ResourceExhausted, "slow down"), 429, "2"},
		{"transport closing", status.Error(codes.Unavailable, "transport is closing"), 503, "2"},
		{"not configured", status.Error(codes.Unavailable, "the adviser registry is not configured on this server"), 503, "2"},
		{"not found", status.Error(codes.NotFound, "no case"), 404, ""},
	}
	mux := runtime.NewServeMux(runtime.WithErrorHandler(retryAfterErrors))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/v1/x", nil)
			runtime.HTTPError(context.Background(), mux, &runtime.JSONPb{}, w, r, tc.err)
			if w.Code != tc.httpStatus {
				t.Fatalf("HTTP %d, want %d", w.Code, tc.httpStatus)
			}
			if got := w.Header().Get("Retry-After"); got != tc.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tc.retryAfter)
			}
		})
	}
}
