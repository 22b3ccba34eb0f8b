package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/reqctx"
)

func TestErrorsAreMappedOnce(t *testing.T) {
	ctx := reqctx.WithRequestID(context.Background(), "req-42")
	tests := []struct {
		err      error
		code     codes.Code
		internal bool
	}{
		{apperr.Invalid("description", "too short"), codes.InvalidArgument, false},
		{fmt.Errorf("wrapped: %w", apperr.NotFound("no case")), codes.NotFound, false},
		{apperr.Conflict("dup"), codes.AlreadyExists, false},
		{apperr.FailedPrecondition("closed"), codes.FailedPrecondition, false},
		{apperr.Aborted("retry"), codes.Aborted, false},
		{apperr.Unauthenticated("who"), codes.Unauthenticated, false},
		{apperr.Forbidden("no"), codes.PermissionDenied, false},
		{apperr.RateLimited("slow down"), codes.ResourceExhausted, false},
		{context.Canceled, codes.Canceled, false},
		{status.Error(codes.InvalidArgument, "validation error: description"), codes.InvalidArgument, false},
		{fmt.Errorf("store: %w", status.Error(codes.Internal, "pq: Key (name)=(Jan Jansen)")), codes.Internal, true},
		{errors.New(`pq: duplicate key value violates unique constraint "x" DETAIL: Key (name)=(Jan Jansen)`), codes.Internal, true},
	}
	for _, tt := range tests {
		st, internal := toStatus(ctx, tt.err)
		if st.Code() != tt.code || internal != tt.internal {
			t.Errorf("%v: got %v internal=%v, want %v internal=%v", tt.err, st.Code(), internal, tt.code, tt.internal)
		}
	}
}

func TestInternalErrorsTellTheClientNothingButTheRequestID(t *testing.T) {
	ctx := reqctx.WithRequestID(context.Background(), "req-42")
	for _, err := range []error{
		errors.New("DETAIL: Key (name)=(Jan Jansen) already exists"),
		fmt.Errorf("wrapped: %w", status.Error(codes.Internal, "Key (name)=(Jan Jansen)")),
		status.Error(codes.Unknown, "Jan Jansen"),
	} {
		st, _ := toStatus(ctx, err)
		if strings.Contains(st.Message(), "Jansen") || strings.Contains(st.Message(), "DETAIL") {
			t.Fatalf("internal details reach the client: %q", st.Message())
		}
		if !strings.Contains(st.Message(), "req-42") {
			t.Fatalf("the client cannot quote the request id: %q", st.Message())
		}
	}
}

func TestInvalidArgumentNamesTheField(t *testing.T) {
	st, _ := toStatus(context.Background(), apperr.Invalid("identity.name", "is required"))
	if !strings.Contains(st.Message(), "identity.name") {
		t.Errorf("message %q does not name the field", st.Message())
	}
	var found bool
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.FieldViolations) == 1 && br.FieldViolations[0].Field == "identity.name" {
			found = true
		}
	}
	if !found {
		t.Errorf("no BadRequest field violation for identity.name in %v", st.Details())
	}
}
