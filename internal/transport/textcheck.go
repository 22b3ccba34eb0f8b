package transport

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// badText finds the first string in m (nested messages, repeated and map fields included; map
// keys too) that PostgreSQL cannot store or that is not text: one with a NUL byte or invalid
// UTF-8. It also finds an enum value that its enum does not define (a number sent as JSON or on
// the wire). It returns the field path in proto names (e.g. "identity.name", "subjects[2]") and
// why; "" when all is well. Bytes fields are exempt: evidence is binary.
func badText(m protoreflect.Message) (field, why string) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		field, why = badValue(string(fd.Name()), fd, v)
		return field == ""
	})
	return field, why
}

func badValue(path string, fd protoreflect.FieldDescriptor, v protoreflect.Value) (string, string) {
	switch {
	case fd.IsList():
		l := v.List()
		for i := range l.Len() {
			if f, w := badScalar(path+"["+strconv.Itoa(i)+"]", fd, l.Get(i)); f != "" {
				return f, w
			}
		}
	case fd.IsMap():
		var f, w string
		v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
			ks := k.String()
			p := path + "[" + strconv.Quote(ks) + "]"
			if fd.MapKey().Kind() == protoreflect.StringKind {
				if w = badString(ks); w != "" {
					f, w = path, "a key "+w
					return false
				}
			}
			f, w = badScalar(p, fd.MapValue(), mv)
			return f == ""
		})
		return f, w
	default:
		return badScalar(path, fd, v)
	}
	return "", ""
}

func badScalar(path string, fd protoreflect.FieldDescriptor, v protoreflect.Value) (string, string) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if w := badString(v.String()); w != "" {
			return path, w
		}
	case protoreflect.EnumKind:
		if fd.Enum().Values().ByNumber(v.Enum()) == nil {
			return path, fmt.Sprintf("%d is not a value of %s", v.Enum(), fd.Enum().Name())
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		if f, w := badText(v.Message()); f != "" {
			return path + "." + f, w
		}
	}
	return "", ""
}

func badString(s string) string {
	switch {
	case s == invalidUTF8:
		return "is not valid UTF-8"
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL character"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	return ""
}

// checkText refuses a request with a string badText finds: InvalidArgument naming the field,
// with a BadRequest field violation.
func checkText(req any) error {
	m, ok := req.(proto.Message)
	if !ok {
		return nil
	}
	field, why := badText(m.ProtoReflect())
	if field == "" {
		return nil
	}
	st := status.New(codes.InvalidArgument, fmt.Sprintf("invalid argument: %s %s", field, why))
	if d, err := st.WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: field + " " + why}},
	}); err == nil {
		st = d
	}
	return st.Err()
}

// textUnary checks every request before the handler (see badText).
func textUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	if err := checkText(req); err != nil {
		return nil, err
	}
	return h(ctx, req)
}

// textStream checks every message a client streams (see badText).
func textStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	return h(srv, &textCheckedStream{ServerStream: ss})
}

type textCheckedStream struct{ grpc.ServerStream }

func (s *textCheckedStream) RecvMsg(m any) error {
	if err := s.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return checkText(m)
}

// invalidUTF8 stands in for a string that is not valid UTF-8 on the wire (see textCodec); with
// its NUL characters it cannot be legitimate input, and badString names it for what it was.
const invalidUTF8 = "\x00invalid UTF-8\x00"

// textCodec is the standard proto codec, except for a request with a string that is not valid
// UTF-8: the standard codec refuses it before any interceptor runs, and gRPC answers Internal.
// textCodec decodes it with such strings replaced by invalidUTF8, so that the interceptors refuse
// it as InvalidArgument naming the field.
type textCodec struct{ encoding.CodecV2 }

func newTextCodec() textCodec { return textCodec{encoding.GetCodecV2(grpcproto.Name)} }

func (c textCodec) Unmarshal(data mem.BufferSlice, v any) error {
	err := c.CodecV2.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	m, ok := v.(proto.Message)
	if !ok {
		return err
	}
	fixed, changed := replaceInvalidUTF8(data.Materialize(), m.ProtoReflect().Descriptor(), 0)
	if !changed {
		return err
	}
	proto.Reset(m)
	if proto.Unmarshal(fixed, m) != nil {
		return err
	}
	return nil
}

// replaceInvalidUTF8 rewrites the encoded message b of type md with every string field that is
// not valid UTF-8 (in nested messages and map entries too) replaced by invalidUTF8.
func replaceInvalidUTF8(b []byte, md protoreflect.MessageDescriptor, depth int) ([]byte, bool) {
	if depth > 100 {
		return b, false
	}
	out := make([]byte, 0, len(b))
	changed := false
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, false
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil, false
		}
		field := b[:n+m]
		fd := md.Fields().ByNumber(num)
		if typ == protowire.BytesType && fd != nil {
			v, _ := protowire.ConsumeBytes(b[n:])
			switch fd.Kind() {
			case protoreflect.StringKind:
				if !utf8.Valid(v) {
					out = protowire.AppendTag(out, num, typ)
					out = protowire.AppendString(out, invalidUTF8)
					changed = true
					b = b[n+m:]
					continue
				}
			case protoreflect.MessageKind:
				if inner, ok := replaceInvalidUTF8(v, fd.Message(), depth+1); ok {
					out = protowire.AppendTag(out, num, typ)
					out = protowire.AppendBytes(out, inner)
					changed = true
					b = b[n+m:]
					continue
				}
			}
		}
		out = append(out, field...)
		b = b[n+m:]
	}
	return out, changed
}
