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
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/precedents"
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

// TestAnImportsBadRowsAreEachAFieldViolation: the organisation and precedent imports' errors go
// through the one mapping — every bad row a field violation, at most apperr.MaxViolations, also
// when wrapped.
func TestAnImportsBadRowsAreEachAFieldViolation(t *testing.T) {
	var problems []org.Problem
	for i := range 150 {
		problems = append(problems, org.Problem{File: "employees_csv", Line: i + 2, Column: "unit_code", Message: "unknown unit"})
	}
	orgErr := org.NewValidationError(problems)
	precErr := &precedents.ImportErrors{Rows: []precedents.RowError{{Line: 3, Field: "year", ExternalID: "P-7", Message: "out of range"}}}
	for _, tc := range []struct {
		err   error
		n     int
		first string
	}{
		{orgErr, apperr.MaxViolations, "employees_csv.line[2].unit_code"},
		{fmt.Errorf("import: %w", orgErr), apperr.MaxViolations, "employees_csv.line[2].unit_code"},
		{precErr, 1, "content.line[3].year"},
	} {
		st, internal := toStatus(context.Background(), tc.err)
		if st.Code() != codes.InvalidArgument || internal {
			t.Fatalf("%v: code %v internal %v", tc.err, st.Code(), internal)
		}
		var fields []string
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok {
				for _, v := range br.FieldViolations {
					fields = append(fields, v.Field)
				}
			}
		}
		if len(fields) != tc.n || fields[0] != tc.first {
			t.Errorf("%d violations starting %v, want %d starting %s", len(fields), fields[:min(1, len(fields))], tc.n, tc.first)
		}
	}
}

// TestAnImportsBadRowsTellTheirReasonAndValue: each field violation of an import carries its
// row's stable reason, and the value its sentence names travels in the ErrorInfo's metadata
// under the violation's place.
func TestAnImportsBadRowsTellTheirReasonAndValue(t *testing.T) {
	err := org.NewValidationError([]org.Problem{
		{File: "employees_csv", Line: 2, Column: "email", Message: "not an email address", Reason: apperr.ReasonNotAnEmail},
		{File: "employees_csv", Line: 37, Column: "unit_code", Message: `no unit with code "UX9"`, Reason: apperr.ReasonUnknownUnit, Value: "UX9"},
		{File: "employees_csv", Line: 40, Message: "odd"},
	})
	st := StatusOf(err)
	var reasons []string
	var meta map[string]string
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				reasons = append(reasons, v.GetReason())
			}
		case *errdetails.ErrorInfo:
			meta = d.GetMetadata()
		}
	}
	if want := []string{"NOT_AN_EMAIL", "UNKNOWN_UNIT", "INVALID_FIELD"}; fmt.Sprint(reasons) != fmt.Sprint(want) {
		t.Errorf("reasons %v, want %v", reasons, want)
	}
	if meta[apperr.ValueKey(1)] != "UX9" || len(meta) != 1 {
		t.Errorf("metadata %v, want only %s=UX9", meta, apperr.ValueKey(1))
	}
}
