package transport

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/reqctx"

	"buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/protoadapt"
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
			return withValidationReason(s), false
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
		info := errorInfo(apperr.ReasonInvalidField, "")
		for i, v := range vs.Violations() {
			if i == apperr.MaxViolations {
				break
			}
			// Each violation's own reason; what its sentence names travels in the ErrorInfo's
			// metadata as value_<i>, i its place in the list (a field violation has no metadata).
			r := v.Reason
			if r == "" {
				r = apperr.ReasonInvalidField
			}
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{Field: v.Field, Description: v.Message, Reason: string(r)})
			if v.Value != "" {
				if info.Metadata == nil {
					info.Metadata = map[string]string{}
				}
				info.Metadata[apperr.ValueKey(i)] = v.Value
			}
		}
		if d, derr := st.WithDetails(info, br); derr == nil {
			st = d
		}
		return st, false
	}
	if e, ok := apperr.As(err); ok {
		st := status.New(kindCodes[e.Kind], e.Error())
		// A wrong code or token is answered alike whatever is wrong with it, without details,
		// so that guessing learns nothing.
		if e.Kind != apperr.KindUnauthenticated {
			if d, derr := st.WithDetails(errorInfo(e.ReasonOf(), e.Field)); derr == nil {
				st = d
			}
		}
		if e.Kind == apperr.KindInvalid && e.Field != "" {
			if d, derr := st.WithDetails(&errdetails.BadRequest{
				FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: e.Field, Description: e.Message, Reason: string(e.ReasonOf())}},
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

// StatusOf is the status a client gets for err: the one mapping, for a client's own tests of
// how it says a refusal.
func StatusOf(err error) *status.Status {
	st, _ := toStatus(context.Background(), err)
	return st
}

// errorInfo is the stable reason of a refusal (google.rpc.ErrorInfo), with the field it is about
// in the metadata ("field", the request field's proto name) when it is about one. Clients say
// the reason in their reader's language; the status message stays the English explanation.
func errorInfo(r apperr.Reason, field string) *errdetails.ErrorInfo {
	info := &errdetails.ErrorInfo{Reason: string(r), Domain: apperr.Domain}
	if field != "" {
		info.Metadata = map[string]string{"field": field}
	}
	return info
}

// withValidationReason gives a refusal of request validation (protovalidate: InvalidArgument
// with the violations) the reason INVALID_FIELD and, as every invalid request has, a BadRequest
// with the fields by their proto names. Other statuses are returned as they are.
func withValidationReason(st *status.Status) *status.Status {
	if st.Code() != codes.InvalidArgument {
		return st
	}
	var fields []*errdetails.BadRequest_FieldViolation
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			return st // it has its reason
		case *validate.Violations:
			for _, v := range d.GetViolations() {
				fields = append(fields, &errdetails.BadRequest_FieldViolation{Field: protovalidate.FieldPathString(v.GetField()), Description: v.GetMessage(),
					Reason: string(apperr.ReasonInvalidField)})
			}
		}
	}
	first := ""
	if len(fields) > 0 {
		first = fields[0].GetField()
	}
	details := []protoadapt.MessageV1{errorInfo(apperr.ReasonInvalidField, first)}
	if len(fields) > 0 {
		details = append(details, &errdetails.BadRequest{FieldViolations: fields})
	}
	if d, err := st.WithDetails(details...); err == nil {
		return d
	}
	return st
}
