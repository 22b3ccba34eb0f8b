package transport

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Entity tags over REST (AIP-154 style), beside the version fields that gRPC clients use.
//
// A resource with optimistic concurrency (a case, an adviser, a precedent draft) has an int64
// field "version". Over REST:
//
//   - an answer carrying such a resource (the response's own "version", or that of the one message
//     field of the response that has one) has the header ETag: "<version>" — a strong tag, because
//     If-Match compares tags strongly (RFC 9110 §13.1.1): a weak one could never match;
//   - a call whose request has a "version" field takes If-Match: "<version>" instead of (or beside)
//     the version in the body. The service checks it exactly as it checks the body's version, in
//     the same transaction; a stale one is answered 412 Precondition Failed, with a google.rpc.Status
//     body whose ErrorInfo reason is ETAG_MISMATCH, and nothing changes. If-Match and a different
//     version in the body: 400. If-Match: * asks for no particular version.
//
// gRPC clients are untouched: they send the version field and get Aborted for a stale one.

// etagReason is the ErrorInfo reason of a 412.
const etagReason = "ETAG_MISMATCH"

type ifMatchCtxKey struct{}

// withIfMatch passes a REST request's If-Match on to ifMatchInterceptor, through the context of
// the gateway's call.
func withIfMatch(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := r.Header.Values("If-Match"); len(v) > 0 {
			r = r.WithContext(context.WithValue(r.Context(), ifMatchCtxKey{}, strings.Join(v, ",")))
		}
		next.ServeHTTP(w, r)
	})
}

// versionField is msg's int64 field "version", if it has one.
func versionField(msg protoreflect.Message) protoreflect.FieldDescriptor {
	fd := msg.Descriptor().Fields().ByName("version")
	if fd == nil || fd.Kind() != protoreflect.Int64Kind || fd.Cardinality() == protoreflect.Repeated {
		return nil
	}
	return fd
}

// responseVersion is the version of the resource a response carries: its own version field, or
// that of its one singular message field that has one (GetCaseResponse.case, ...).
func responseVersion(m proto.Message) (int64, bool) {
	msg := m.ProtoReflect()
	if fd := versionField(msg); fd != nil {
		v := msg.Get(fd).Int()
		return v, v > 0
	}
	var found int64
	n := 0
	fields := msg.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if fd.Kind() != protoreflect.MessageKind || fd.Cardinality() == protoreflect.Repeated || !msg.Has(fd) {
			continue
		}
		inner := msg.Get(fd).Message()
		if vf := versionField(inner); vf != nil {
			found = inner.Get(vf).Int()
			n++
		}
	}
	return found, n == 1 && found > 0
}

// etagHeader is the gateway's forward-response option that sets ETag from the answer's version.
func etagHeader(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	if v, ok := responseVersion(m); ok {
		w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(v, 10)))
	}
	return nil
}

// errIfMatchSyntax is the answer to an If-Match that is not one entity tag or *.
var errIfMatchSyntax = ifMatchInvalid(`If-Match must be one entity tag as this API sends it in ETag (e.g. "7"), or *`)

func ifMatchInvalid(msg string) error {
	st := status.New(codes.InvalidArgument, msg)
	if d, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "If-Match", Description: msg}}}); err == nil {
		st = d
	}
	return st.Err()
}

// preconditionFailed is the 412 answer: the status (code Aborted, as gRPC clients get for a stale
// version) with the reason ETAG_MISMATCH.
func preconditionFailed(msg string) error {
	st := status.New(codes.Aborted, msg)
	if d, err := st.WithDetails(&errdetails.ErrorInfo{Reason: etagReason, Domain: "meldpunt",
		Metadata: map[string]string{"header": "If-Match"}}); err == nil {
		st = d
	}
	return &runtime.HTTPStatusError{HTTPStatus: http.StatusPreconditionFailed, Err: st.Err()}
}

// parseIfMatch reads an If-Match value: any (*), a version ("7"), or a tag that can never match
// (a weak tag, a tag this API never sends); anything else is a syntax error.
func parseIfMatch(v string) (version int64, any, never bool, err error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "*":
		return 0, true, false, nil
	case strings.Contains(v, ","):
		return 0, false, false, errIfMatchSyntax
	case strings.HasPrefix(v, `W/"`) && strings.HasSuffix(v, `"`) && len(v) >= 4:
		return 0, false, true, nil
	case len(v) >= 2 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`):
		inner := v[1 : len(v)-1]
		if strings.ContainsAny(inner, `"`) {
			return 0, false, false, errIfMatchSyntax
		}
		n, perr := strconv.ParseInt(inner, 10, 64)
		if perr != nil || n <= 0 || strconv.FormatInt(n, 10) != inner {
			return 0, false, true, nil
		}
		return n, false, false, nil
	}
	return 0, false, false, errIfMatchSyntax
}

// ifMatchInterceptor is on the gateway's own connection to the gRPC server: it puts a REST
// request's If-Match into the request's version field, so that the service checks it as it
// checks a version in the body, and turns the service's Aborted (the resource changed) into 412.
func ifMatchInterceptor(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	raw, ok := ctx.Value(ifMatchCtxKey{}).(string)
	if !ok {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	version, anyVersion, never, err := parseIfMatch(raw)
	if err != nil {
		return err
	}
	pm, ok := req.(proto.Message)
	var fd protoreflect.FieldDescriptor
	if ok {
		fd = versionField(pm.ProtoReflect())
	}
	if fd == nil {
		return ifMatchInvalid("If-Match: this call does not change a versioned resource; leave the header out")
	}
	if anyVersion {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	if never {
		return preconditionFailed(fmt.Sprintf("If-Match %s is not the current version", raw))
	}
	msg := pm.ProtoReflect()
	if body := msg.Get(fd).Int(); body != 0 && body != version {
		st := status.New(codes.InvalidArgument, "version in the body differs from If-Match; send one of them, or the same")
		if d, derr := st.WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "version", Description: "differs from If-Match"}}}); derr == nil {
			st = d
		}
		return st.Err()
	}
	msg.Set(fd, protoreflect.ValueOfInt64(version))
	err = invoker(ctx, method, req, reply, cc, opts...)
	if st, ok := status.FromError(err); ok && st.Code() == codes.Aborted {
		return preconditionFailed(fmt.Sprintf("If-Match %s is not the current version: %s", raw, st.Message()))
	}
	return err
}
