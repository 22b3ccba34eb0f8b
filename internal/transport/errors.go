package transport

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/reqctx"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/durationpb"
)

var kindCodes = map[apperr.Kind]codes.Code{
	apperr.KindInvalid:            codes.InvalidArgument,
	apperr.KindNotFound:           codes.NotFound,
	apperr.KindConflict:           codes.AlreadyExists,
	apperr.KindFailedPrecondition: codes.FailedPrecondition,
	apperr.KindAborted:            codes.Aborted,
	apperr.KindUnauthenticated:    codes.Unauthenticated,
	apperr.KindForbidden:          codes.PermissionDenied,
	apperr.KindRateLimited:        codes.ResourceExhausted,
	apperr.KindUnavailable:        codes.Unavailable,
}

// retryAfter is what an Unavailable answer tells the client to wait: the readiness check looks
// at the database every second, so a few seconds cover a restart of the database or a failover.
const retryAfter = 2 * time.Second

// toStatus maps an error to the gRPC status the client sees. This is the one place where domain
// errors become codes. Anything unknown is internal: the client gets a generic message with the
// request id, and the caller logs the details.
func toStatus(ctx context.Context, err error) (st *status.Status, internal bool) {
	if err == nil {
		return status.New(codes.OK, ""), false
	}
	if s, ok := status.FromError(err); ok {
		// Already a status (protovalidate, gRPC itself) — unless it is an internal one, whose
		// text may carry anything.
		if s.Code() != codes.Internal && s.Code() != codes.Unknown {
			return s, false
		}
	} else if errors.Is(err, context.Canceled) {
		return status.New(codes.Canceled, "the request was cancelled"), false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return status.New(codes.DeadlineExceeded, "the request took too long; try again"), false
	}
	var vs apperr.Violations
	if errors.As(err, &vs) {
		st := status.New(codes.InvalidArgument, vs.Error())
		br := &errdetails.BadRequest{}
		for i, v := range vs.Violations() {
			if i == apperr.MaxViolations {
				break
			}
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: v.Field, Description: v.Message})
		}
		if d, derr := st.WithDetails(br); derr == nil {
			st = d
		}
		return st, false
	}
	if e, ok := apperr.As(err); ok {
		st := status.New(kindCodes[e.Kind], e.Error())
		if e.Kind == apperr.KindInvalid && e.Field != "" {
			if d, derr := st.WithDetails(&errdetails.BadRequest{
				FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: e.Field, Description: e.Message}},
			}); derr == nil {
				st = d
			}
		}
		if e.Kind == apperr.KindRateLimited && e.RetryAfter > 0 {
			// Whole seconds, rounded up: what the gateway sends as Retry-After.
			wait := time.Duration(apperr.Seconds(e.RetryAfter)) * time.Second
			if d, derr := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); derr == nil {
				st = d
			}
		}
		if e.Kind == apperr.KindUnavailable {
			// The standard retry hint of Google's error model; the gateway turns it into
			// Retry-After.
			if d, derr := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(retryAfter)}); derr == nil {
				st = d
			}
		}
		return st, false
	}
	return status.New(codes.Internal, "internal error; quote request id "+reqctx.RequestID(ctx)+" when reporting it"), true
}
